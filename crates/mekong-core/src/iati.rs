//! A programme's IATI settings: who publishes it (the reporting organisation's IATI identifier
//! and type) and the sectors it works in with their shares. AIMF's identifier is not known for
//! SGA4 (eu-grant-rules §5), so until the coordinator enters it the export uses a placeholder
//! marked as such.

use crate::finance::Share;
use crate::ids::ProgrammeId;
use crate::validation::FieldErrors;
use serde::{Deserialize, Serialize};

/// The identifier used until the real one is entered: a placeholder, shown as such.
pub const PLACEHOLDER_ORGANISATION: &str = "XX-AIMF-PLACEHOLDER";

/// The IATI OrganisationType codes (codelist 2.03) an organisation may be given.
pub const ORGANISATION_TYPES: [&str; 16] =
    ["10", "11", "15", "21", "22", "23", "24", "30", "40", "60", "70", "71", "72", "73", "80", "90"];

/// A sector (DAC 5-digit, vocabulary 1) and its share of the programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectorShare {
    pub code: String,
    pub share: Share,
}

/// What a programme's IATI file says about its publisher and sectors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IatiSettings {
    pub programme: ProgrammeId,
    /// The reporting organisation's IATI identifier (`FR-RCS-…`, `XI-IATI-…`).
    pub organisation_ref: String,
    /// Its OrganisationType code: 21 International NGO by default.
    pub organisation_type: String,
    /// Whether the identifier is the placeholder, not yet confirmed.
    pub placeholder: bool,
    pub sectors: Vec<SectorShare>,
    pub version: i32,
}

impl IatiSettings {
    /// The settings until the coordinator enters them (version 0: not saved): the placeholder
    /// identifier, and urban development and decentralisation as sectors.
    pub fn defaults(programme: ProgrammeId) -> IatiSettings {
        IatiSettings {
            programme,
            organisation_ref: PLACEHOLDER_ORGANISATION.to_owned(),
            organisation_type: "21".to_owned(),
            placeholder: true,
            sectors: vec![
                SectorShare { code: "43030".into(), share: Share::percent(60) },
                SectorShare { code: "15112".into(), share: Share::percent(40) },
            ],
            version: 0,
        }
    }

    /// The sectors as typed in the form: one `43030=60` a line.
    pub fn sector_lines(&self) -> String {
        self.sectors.iter().map(|s| format!("{}={}", s.code, s.share)).collect::<Vec<_>>().join("\n")
    }
}

/// The settings as typed into their form.
#[derive(Debug, Clone, Default)]
pub struct IatiSettingsDraft {
    pub organisation_ref: String,
    pub organisation_type: String,
    /// One `code=percent` a line.
    pub sectors: String,
}

/// Whether `reference` can be an organisation identifier: a registration agency's prefix
/// (`FR-RCS`, `XI-IATI`), a dash, then the number, without spaces nor `/ & | ?`.
pub fn valid_organisation_ref(reference: &str) -> bool {
    let mut parts = reference.splitn(3, '-');
    let (Some(country), Some(agency), Some(number)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    reference.len() <= 100
        && country.len() == 2
        && country.bytes().all(|b| b.is_ascii_uppercase())
        && !agency.is_empty()
        && agency.bytes().all(|b| b.is_ascii_alphanumeric())
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

impl IatiSettingsDraft {
    pub fn of(settings: &IatiSettings) -> IatiSettingsDraft {
        IatiSettingsDraft {
            organisation_ref: settings.organisation_ref.clone(),
            organisation_type: settings.organisation_type.clone(),
            sectors: settings.sector_lines(),
        }
    }

    /// The settings this draft describes, or every problem by field.
    pub fn parse(&self, programme: ProgrammeId, version: i32) -> Result<IatiSettings, FieldErrors> {
        let mut errors = FieldErrors::default();
        let organisation_ref = self.organisation_ref.trim();
        if organisation_ref.is_empty() {
            errors.add("organisation_ref", "error-required");
        } else if !valid_organisation_ref(organisation_ref) {
            errors.add("organisation_ref", "error-iati-organisation-ref");
        }
        let organisation_type = self.organisation_type.trim();
        if !ORGANISATION_TYPES.contains(&organisation_type) {
            errors.add("organisation_type", "error-iati-organisation-type");
        }
        let mut sectors: Vec<SectorShare> = Vec::new();
        for line in self.sectors.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let parsed = line.split_once('=').and_then(|(code, share)| {
                let code = code.trim();
                (code.len() == 5 && code.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| Some(SectorShare { code: code.to_owned(), share: Share::parse_percent(share)? }))
                    .flatten()
            });
            match parsed {
                Some(sector) if !sectors.iter().any(|s| s.code == sector.code) => sectors.push(sector),
                _ => {
                    errors.add("sectors", "error-iati-sectors");
                    break;
                }
            }
        }
        if errors.0.iter().all(|e| e.field != "sectors")
            && (sectors.is_empty() || sectors.iter().map(|s| s.share.0).sum::<u32>() != 10_000)
        {
            errors.add("sectors", "error-iati-sector-total");
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(IatiSettings {
            programme,
            organisation_ref: organisation_ref.to_owned(),
            organisation_type: organisation_type.to_owned(),
            placeholder: organisation_ref == PLACEHOLDER_ORGANISATION,
            sectors,
            version,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(reference: &str, kind: &str, sectors: &str) -> IatiSettingsDraft {
        IatiSettingsDraft {
            organisation_ref: reference.into(),
            organisation_type: kind.into(),
            sectors: sectors.into(),
        }
    }

    fn fields(draft: &IatiSettingsDraft) -> Vec<(String, String)> {
        match draft.parse(ProgrammeId::new(), 1) {
            Ok(_) => vec![],
            Err(errors) => errors.0.into_iter().map(|e| (e.field, e.message)).collect(),
        }
    }

    #[test]
    fn the_defaults_read_back_and_are_marked_as_placeholder() {
        let defaults = IatiSettings::defaults(ProgrammeId::new());
        let parsed = IatiSettingsDraft::of(&defaults).parse(defaults.programme, 0);
        assert_eq!(parsed, Ok(defaults.clone()));
        assert!(defaults.placeholder);
        assert!(valid_organisation_ref(PLACEHOLDER_ORGANISATION));
    }

    #[test]
    fn each_field_is_checked() {
        assert_eq!(fields(&draft("FR-RCS-775665920", "21", "43030=60\n15112=40")), vec![]);
        assert_eq!(fields(&draft("FR-RCS-77/5", "21", "43030=100"))[0].1, "error-iati-organisation-ref");
        assert_eq!(fields(&draft("", "21", "43030=100"))[0].1, "error-required");
        assert_eq!(fields(&draft("XI-IATI-AIMF", "99", "43030=100"))[0].1, "error-iati-organisation-type");
        assert_eq!(fields(&draft("XI-IATI-AIMF", "21", "4303=100"))[0].1, "error-iati-sectors");
        assert_eq!(fields(&draft("XI-IATI-AIMF", "21", "43030=60\n43030=40"))[0].1, "error-iati-sectors");
        assert_eq!(fields(&draft("XI-IATI-AIMF", "21", "43030=60\n15112=30"))[0].1, "error-iati-sector-total");
        assert_eq!(fields(&draft("XI-IATI-AIMF", "21", ""))[0].1, "error-iati-sector-total");
    }
}
