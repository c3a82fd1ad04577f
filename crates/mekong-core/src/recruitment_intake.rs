//! Applications that do not come through the web form: received by email (each attachment's
//! kind guessed from its name, for the manager to correct) or recorded by hand from a file
//! handed in, with the instant it was received. Pure: the call's deadline says whether it is late.

use crate::Lang;
use crate::identity::Email;
use crate::input::{self, TextKind};
use crate::recruitment::{Call, DocumentKind};
use crate::validation::FieldErrors;
use jiff::Timestamp;
use jiff::civil::{Date, Time};
use jiff::tz::{Disambiguation, TimeZone};

/// Words of file names, in the languages files arrive in, that say what a document is.
const KIND_WORDS: [(DocumentKind, &[&str]); 5] = [
    (DocumentKind::IdentityDocument, &["passport", "passeport", "identit", "cni", "id_card", "id-card", "id card"]),
    (DocumentKind::MedicalCertificate, &["medical", "médical", "medic", "sante", "santé", "health"]),
    (DocumentKind::CertifiedDiplomas, &["diplom", "degree", "master", "certif"]),
    (DocumentKind::Cv, &["cv", "curriculum", "resume", "résumé"]),
    (DocumentKind::CoverLetter, &["letter", "lettre", "motivation", "cover", "candidature"]),
];

/// A first guess at an attachment's kind from its name, for the manager to check: sensitive
/// kinds are tried first, so an identity document is never taken for an ordinary one and shown
/// to evaluators by a wrong guess.
pub fn guess_kind(name: &str) -> DocumentKind {
    let lower = name.to_lowercase();
    KIND_WORDS
        .iter()
        .find(|(_, words)| words.iter().any(|w| lower.contains(w)))
        .map_or(DocumentKind::Other, |(kind, _)| *kind)
}

/// Whether something received at `received_at` came after the call's deadline instant.
pub fn late(call: &Call, received_at: Timestamp) -> bool {
    !call.deadline.accepts(received_at)
}

/// An application recorded by hand, as typed: the applicant and when the file was received,
/// as a date and a time in the call's zone.
#[derive(Debug, Clone, Default)]
pub struct HandDraft {
    pub name: String,
    pub email: String,
    pub language: String,
    pub received_date: String,
    pub received_time: String,
}

/// An application recorded by hand, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandApplication {
    pub name: String,
    pub email: Email,
    pub language: Lang,
    pub received_at: Timestamp,
}

impl HandDraft {
    /// The application, with its receipt instant read in `time_zone`, or every problem; a time
    /// no later than `now` (a file cannot be received in the future).
    pub fn read(&self, time_zone: &str, now: Timestamp) -> Result<HandApplication, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = input::check(&self.name, TextKind::Name, "name", &mut errors);
        if name.is_empty() && errors.for_field("name").is_none() {
            errors.add("name", "error-required");
        }
        let email = Email::parse(&self.email).map_err(|_| errors.add("email", "error-email")).ok();
        let language = Lang::from_tag(&self.language).unwrap_or(Lang::Fr);
        let date = match self.received_date.trim().parse::<Date>() {
            Ok(date) => Some(date),
            Err(_) => {
                errors.add("received_date", "error-date");
                None
            }
        };
        let time = match self.received_time.trim() {
            "" => Some(Time::midnight()),
            raw => raw.parse::<Time>().map_err(|_| errors.add("received_time", "error-call-time")).ok(),
        };
        let received_at = match (date, time) {
            (Some(date), Some(time)) => {
                let zone = TimeZone::get(time_zone).unwrap_or(TimeZone::UTC);
                match zone.to_ambiguous_zoned_datetime(date.to_datetime(time)).disambiguate(Disambiguation::Reject) {
                    Ok(zoned) if zoned.timestamp() <= now => Some(zoned.timestamp()),
                    Ok(_) => {
                        errors.add("received_date", "intake-error-future");
                        None
                    }
                    Err(_) => {
                        errors.add("received_time", "error-deadline-ambiguous");
                        None
                    }
                }
            }
            _ => None,
        };
        match (email, received_at) {
            (Some(email), Some(received_at)) if errors.is_empty() => {
                Ok(HandApplication { name, email, language, received_at })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensitive_kinds_are_guessed_first() {
        assert_eq!(guess_kind("Passeport_Nguyen.pdf"), DocumentKind::IdentityDocument);
        assert_eq!(guess_kind("certificat-medical.pdf"), DocumentKind::MedicalCertificate);
        assert_eq!(guess_kind("CV scan passport.pdf"), DocumentKind::IdentityDocument);
        assert_eq!(guess_kind("Diplome_master.pdf"), DocumentKind::CertifiedDiplomas);
        assert_eq!(guess_kind("CV_Lan.docx"), DocumentKind::Cv);
        assert_eq!(guess_kind("Lettre de motivation.pdf"), DocumentKind::CoverLetter);
        assert_eq!(guess_kind("scan0001.jpg"), DocumentKind::Other);
    }

    #[test]
    fn a_file_handed_in_is_dated_in_the_calls_zone_and_never_in_the_future() -> Result<(), FieldErrors> {
        let now: Timestamp = "2025-12-02T10:00:00Z".parse().map_err(|_| FieldErrors::default())?;
        let draft = HandDraft {
            name: "Sokha Chan".into(),
            email: "sokha@example.org".into(),
            language: "km".into(),
            received_date: "2025-11-30".into(),
            received_time: "17:30".into(),
        };
        let read = draft.read("Asia/Phnom_Penh", now)?;
        assert_eq!(read.received_at.to_string(), "2025-11-30T10:30:00Z");
        assert_eq!(read.language, Lang::Km);
        let tomorrow = HandDraft { received_date: "2025-12-03".into(), ..draft };
        let errors = tomorrow.read("Asia/Phnom_Penh", now).err().unwrap_or_default();
        assert_eq!(errors.for_field("received_date"), Some("intake-error-future"));
        Ok(())
    }
}
