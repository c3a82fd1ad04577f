//! Closed lists the directory and the events use: each value has a stable code (stored, exported, used in
//! message ids) and is parsed back from it.

/// Declares an enum whose variants have stable string codes.
macro_rules! coded_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $code:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name { $($(#[$vdoc])* #[serde(rename = $code)] $variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),* }
            }

            pub fn parse(code: &str) -> Option<$name> {
                let code = code.trim();
                $name::ALL.iter().copied().find(|v| v.code().eq_ignore_ascii_case(code))
            }
        }
    };
}

pub(crate) use coded_enum;

coded_enum!(
    /// What an organisation is.
    OrganisationKind {
        LocalAuthority = "local_authority",
        AssociationOfLocalAuthorities = "association",
        NationalGovernment = "national_government",
        University = "university",
        Ngo = "ngo",
        InternationalOrganisation = "international",
        Funder = "funder",
        Company = "company",
        Media = "media",
    }
);

coded_enum!(
    /// The network's priority themes.
    Theme {
        UrbanResilience = "urban_resilience",
        DigitalTransition = "digital_transition",
        DataStandardisation = "data_standardisation",
        ClimateChange = "climate_change",
        Heritage = "heritage",
        UrbanPlanning = "urban_planning",
        ResponsibleTourism = "responsible_tourism",
        UrbanGovernance = "urban_governance",
    }
);

coded_enum!(
    /// A local authority's place in the network.
    MembershipStatus {
        Member = "member",
        Observer = "observer",
        Former = "former",
        Prospective = "prospective",
    }
);

coded_enum!(
    /// Where a partnership prospect stands.
    ProspectStage {
        Identified = "identified",
        Contacted = "contacted",
        InDiscussion = "in_discussion",
        AgreementSigned = "agreement_signed",
        Declined = "declined",
    }
);

coded_enum!(
    /// The lawful basis for holding someone's contact details.
    ConsentBasis {
        Consent = "consent",
        LegitimateInterest = "legitimate_interest",
        Contract = "contract",
        PublicTask = "public_task",
    }
);

coded_enum!(
    /// Recorded for the participation figures the funder asks for, by sex.
    Sex {
        Female = "female",
        Male = "male",
        Other = "other",
        Unknown = "unknown",
    }
);

coded_enum!(
    /// What kind of meeting an event is.
    EventKind {
        Conference = "conference",
        Workshop = "workshop",
        StudyVisit = "study_visit",
        SteeringCommittee = "steering_committee",
        Webinar = "webinar",
        BilateralMeeting = "bilateral_meeting",
    }
);

coded_enum!(
    /// Where an event stands: a draft is seen by its organisers only.
    EventStatus {
        Draft = "draft",
        Announced = "announced",
        Held = "held",
        Cancelled = "cancelled",
    }
);

coded_enum!(
    /// Where an invitee or registrant stands.
    ParticipantStatus {
        /// Invited, no answer yet.
        Invited = "invited",
        Accepted = "accepted",
        /// Answered "maybe".
        Tentative = "tentative",
        Declined = "declined",
        /// Registered while the event was full: promoted in order when a place frees up.
        Waiting = "waiting",
    }
);

coded_enum!(
    /// Who pays a participant's travel and per diems.
    PaidBy {
        /// The programme's budget: counted in the event's cost.
        Programme = "programme",
        Host = "host",
        OwnInstitution = "own_institution",
        Other = "other",
    }
);

coded_enum!(
    /// Progress of a follow-up from a meeting's minutes.
    ActionStatus {
        Open = "open",
        InProgress = "in_progress",
        Done = "done",
    }
);

/// Reads a list of codes written with commas or semicolons (`heritage; urban_planning`).
pub fn parse_codes<T>(text: &str, parse: impl Fn(&str) -> Option<T>) -> Result<Vec<T>, String> {
    text.split([',', ';', '|'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|code| parse(code).ok_or_else(|| code.to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for kind in OrganisationKind::ALL {
            assert_eq!(OrganisationKind::parse(kind.code()), Some(*kind));
        }
        assert_eq!(Theme::parse(" Heritage "), Some(Theme::Heritage));
        assert_eq!(
            parse_codes("heritage; urban_planning", Theme::parse),
            Ok(vec![Theme::Heritage, Theme::UrbanPlanning])
        );
        assert_eq!(parse_codes("heritage, nonsense", Theme::parse), Err("nonsense".to_owned()));
    }
}
