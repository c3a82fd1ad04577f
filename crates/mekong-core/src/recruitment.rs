//! Recruitment: a call for applications (its bilingual terms, the documents each stage asks for,
//! the deadline as an exact instant in the call's time zone, the evaluation grid), the
//! applications it receives, and the rules of applying and scoring. Pure: the clock is a parameter.

use crate::Lang;
use crate::Text;
/// Deadlines are shared with funding: kept in their own module, named here as before.
pub use crate::deadline::{Deadline, unambiguous};
use crate::identity::Email;
use crate::ids::{ApplicationDocumentId, ApplicationId, CallId, OrganisationId};
use crate::input::{self, TextKind};
use crate::people::parse_date;
use crate::validation::FieldErrors;
use jiff::Timestamp;
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

/// The documents a call may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    CoverLetter,
    Cv,
    /// A valid passport or identity card: sensitive.
    IdentityDocument,
    /// Certified copies of diplomas and qualifications.
    CertifiedDiplomas,
    /// A medical certificate of fitness: sensitive.
    MedicalCertificate,
    /// Anything else the applicant adds.
    Other,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 6] = [
        DocumentKind::CoverLetter,
        DocumentKind::Cv,
        DocumentKind::IdentityDocument,
        DocumentKind::CertifiedDiplomas,
        DocumentKind::MedicalCertificate,
        DocumentKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::CoverLetter => "cover_letter",
            DocumentKind::Cv => "cv",
            DocumentKind::IdentityDocument => "identity_document",
            DocumentKind::CertifiedDiplomas => "certified_diplomas",
            DocumentKind::MedicalCertificate => "medical_certificate",
            DocumentKind::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    /// Identity documents and medical certificates: evaluators never see them, and only the
    /// call's managers open them, each opening recorded.
    pub fn sensitive(self) -> bool {
        matches!(self, DocumentKind::IdentityDocument | DocumentKind::MedicalCertificate)
    }
}

/// When a document is asked for: with the application, or from the shortlisted before the
/// interview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Application,
    BeforeInterview,
}

impl Stage {
    pub fn code(self) -> &'static str {
        match self {
            Stage::Application => "application",
            Stage::BeforeInterview => "before_interview",
        }
    }

    pub fn parse(code: &str) -> Option<Stage> {
        [Stage::Application, Stage::BeforeInterview].into_iter().find(|s| s.code() == code.trim())
    }
}

/// A document the call requires, and at which stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequiredDocument {
    pub kind: DocumentKind,
    pub stage: Stage,
}

/// A pass/fail condition checked before any scoring (a degree, years of experience, civil rights).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EligibilityCriterion {
    pub label: String,
}

/// A criterion scored by each evaluator, weighing `weight` in the mean.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwardCriterion {
    pub label: String,
    pub weight: u32,
}

/// The highest score of one award criterion.
pub const MAX_SCORE: u32 = 10;

/// How files are received.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receiving {
    /// The public form on Mekong.
    pub web_form: bool,
    /// Addresses that receive files by email (placeholders in the demo).
    pub email_addresses: Vec<Email>,
}

/// A call for applications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Call {
    pub id: CallId,
    /// The prefix of its receipt numbers (`RVASE`).
    pub code: String,
    /// The recruiting organisation of the directory (Phnom Penh City Hall).
    pub organisation: Option<OrganisationId>,
    pub title: Text,
    /// The terms of reference.
    pub terms: Text,
    pub place: String,
    pub contract: String,
    pub duration_months: Option<u32>,
    pub renewable: bool,
    pub documents: Vec<RequiredDocument>,
    /// The language files must be written in.
    pub file_language: Lang,
    pub receiving: Receiving,
    pub opens: Date,
    pub deadline: Deadline,
    pub interviews_from: Option<Date>,
    pub interviews_to: Option<Date>,
    /// The desired start of the contract.
    pub starts: Option<Date>,
    pub eligibility: Vec<EligibilityCriterion>,
    pub award: Vec<AwardCriterion>,
    /// Shown to the public (a draft is seen by its committee only).
    pub published: bool,
    #[serde(default = "crate::first_version")]
    pub version: i32,
}

/// Where a published call is at a given instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallPhase {
    Draft,
    NotYetOpen,
    Open,
    Closed,
}

impl CallPhase {
    pub fn code(self) -> &'static str {
        match self {
            CallPhase::Draft => "draft",
            CallPhase::NotYetOpen => "not_yet_open",
            CallPhase::Open => "open",
            CallPhase::Closed => "closed",
        }
    }
}

impl Call {
    /// The call's phase at `now`: it opens at the start of its opening day in its own zone.
    pub fn phase(&self, now: Timestamp) -> CallPhase {
        if !self.published {
            return CallPhase::Draft;
        }
        let zone = TimeZone::get(&self.deadline.time_zone).unwrap_or(TimeZone::UTC);
        let opened = zone.to_datetime(now).date() >= self.opens;
        match (opened, self.deadline.accepts(now)) {
            (false, _) => CallPhase::NotYetOpen,
            (true, true) => CallPhase::Open,
            (true, false) => CallPhase::Closed,
        }
    }

    pub fn required_at(&self, stage: Stage) -> Vec<DocumentKind> {
        self.documents.iter().filter(|d| d.stage == stage).map(|d| d.kind).collect()
    }

    /// A receipt number: the call's code, the deadline's year and a sequence (`RVASE-2025-0042`).
    pub fn receipt_number(&self, sequence: u64) -> String {
        format!("{}-{}-{sequence:04}", self.code, self.deadline.local.year())
    }

    /// The prefix every receipt number of this call starts with.
    pub fn receipt_prefix(&self) -> String {
        format!("{}-{}-", self.code, self.deadline.local.year())
    }
}

/// A call as typed in its form.
#[derive(Debug, Clone, Default)]
pub struct CallDraft {
    pub code: String,
    pub organisation: String,
    pub title_fr: String,
    pub title_en: String,
    pub terms_fr: String,
    pub terms_en: String,
    pub place: String,
    pub contract: String,
    pub duration_months: String,
    pub renewable: bool,
    /// `(kind code, stage code or empty)` for each kind.
    pub documents: Vec<(String, String)>,
    pub file_language: String,
    pub web_form: bool,
    /// One address per line.
    pub email_addresses: String,
    pub opens: String,
    pub deadline_date: String,
    pub deadline_time: String,
    pub time_zone: String,
    pub interviews_from: String,
    pub interviews_to: String,
    pub starts: String,
    /// One criterion per line.
    pub eligibility: String,
    /// `weight | label`, one per line.
    pub award: String,
    pub published: bool,
}

impl CallDraft {
    pub fn of(call: &Call) -> CallDraft {
        let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
        CallDraft {
            code: call.code.clone(),
            organisation: call.organisation.map(|o| o.to_string()).unwrap_or_default(),
            title_fr: call.title.exact(Lang::Fr).unwrap_or_default().to_owned(),
            title_en: call.title.exact(Lang::En).unwrap_or_default().to_owned(),
            terms_fr: call.terms.exact(Lang::Fr).unwrap_or_default().to_owned(),
            terms_en: call.terms.exact(Lang::En).unwrap_or_default().to_owned(),
            place: call.place.clone(),
            contract: call.contract.clone(),
            duration_months: call.duration_months.map(|m| m.to_string()).unwrap_or_default(),
            renewable: call.renewable,
            documents: call.documents.iter().map(|d| (d.kind.code().to_owned(), d.stage.code().to_owned())).collect(),
            file_language: call.file_language.code().to_owned(),
            web_form: call.receiving.web_form,
            email_addresses: call.receiving.email_addresses.iter().map(Email::to_string).collect::<Vec<_>>().join("\n"),
            opens: call.opens.to_string(),
            deadline_date: call.deadline.local.date().to_string(),
            deadline_time: call.deadline.local.time().strftime("%H:%M:%S").to_string(),
            time_zone: call.deadline.time_zone.clone(),
            interviews_from: date(call.interviews_from),
            interviews_to: date(call.interviews_to),
            starts: date(call.starts),
            eligibility: call.eligibility.iter().map(|c| c.label.clone()).collect::<Vec<_>>().join("\n"),
            award: call.award.iter().map(|c| format!("{} | {}", c.weight, c.label)).collect::<Vec<_>>().join("\n"),
            published: call.published,
        }
    }

    /// The stage chosen for `kind`, as its code (empty: not required).
    pub fn stage_of(&self, kind: DocumentKind) -> &str {
        self.documents.iter().find(|(k, _)| k == kind.code()).map_or("", |(_, s)| s.as_str())
    }

    /// The call this draft describes (keeping `id` and `version`), or every problem by field.
    pub fn read(&self, id: CallId, version: i32) -> Result<Call, FieldErrors> {
        let mut errors = FieldErrors::default();
        let code = self.code.trim().to_uppercase();
        if code.is_empty() {
            errors.add("code", "error-required");
        } else if code.len() > 12 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            errors.add("code", "error-call-code");
        }
        let organisation = match self.organisation.trim() {
            "" => None,
            raw => match uuid::Uuid::parse_str(raw) {
                Ok(id) => Some(OrganisationId(id)),
                Err(_) => {
                    errors.add("organisation", "error-required");
                    None
                }
            },
        };
        let title_fr = input::check(&self.title_fr, TextKind::Title, "title_fr", &mut errors);
        let title_en = input::check(&self.title_en, TextKind::Title, "title_en", &mut errors);
        if title_fr.is_empty() && title_en.is_empty() {
            errors.add("title_fr", "error-required");
        }
        let terms_fr = input::check(&self.terms_fr, TextKind::Body, "terms_fr", &mut errors);
        let terms_en = input::check(&self.terms_en, TextKind::Body, "terms_en", &mut errors);
        let place = input::check(&self.place, TextKind::Title, "place", &mut errors);
        let contract = input::check(&self.contract, TextKind::Title, "contract", &mut errors);
        let duration_months = match self.duration_months.trim() {
            "" => None,
            raw => match raw.parse::<u32>() {
                Ok(months) if (1..=120).contains(&months) => Some(months),
                _ => {
                    errors.add("duration_months", "error-call-duration");
                    None
                }
            },
        };
        let mut documents = Vec::new();
        for kind in DocumentKind::ALL {
            if let Some(stage) = Stage::parse(self.stage_of(kind)) {
                documents.push(RequiredDocument { kind, stage });
            }
        }
        let file_language = Lang::from_tag(&self.file_language).unwrap_or(Lang::Fr);
        let mut email_addresses = Vec::new();
        for line in self.email_addresses.split(['\n', ',', ';']).map(str::trim).filter(|l| !l.is_empty()) {
            match Email::parse(line) {
                Ok(email) if !email_addresses.contains(&email) => email_addresses.push(email),
                Ok(_) => {}
                Err(_) => errors.add("email_addresses", "error-email"),
            }
        }
        if !self.web_form && email_addresses.is_empty() {
            errors.add("web_form", "error-call-receiving");
        }
        let opens = required_date(&self.opens, "opens", &mut errors);
        let deadline_date = required_date(&self.deadline_date, "deadline_date", &mut errors);
        let deadline_time = match self.deadline_time.trim() {
            "" => {
                errors.add("deadline_time", "error-required");
                None
            }
            raw => match raw.parse::<Time>() {
                Ok(time) => Some(time),
                Err(_) => {
                    errors.add("deadline_time", "error-call-time");
                    None
                }
            },
        };
        let time_zone = self.time_zone.trim();
        let deadline = match (deadline_date, deadline_time) {
            (Some(date), Some(time)) => match Deadline::new(date.to_datetime(time), time_zone) {
                Ok(deadline) => Some(deadline),
                Err(message) => {
                    errors.add(if message == "error-time-zone" { "time_zone" } else { "deadline_time" }, message);
                    None
                }
            },
            _ => None,
        };
        if let (Some(opens), Some(deadline)) = (opens, &deadline)
            && opens > deadline.local.date()
        {
            errors.add("opens", "error-call-opens-after-deadline");
        }
        let interviews_from = parse_date(&self.interviews_from, "interviews_from", &mut errors);
        let interviews_to = parse_date(&self.interviews_to, "interviews_to", &mut errors);
        if let (Some(from), Some(to)) = (interviews_from, interviews_to)
            && from > to
        {
            errors.add("interviews_to", "error-ends-before-start");
        }
        let starts = parse_date(&self.starts, "starts", &mut errors);
        let mut eligibility = Vec::new();
        for line in self.eligibility.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let label = input::check(line, TextKind::Title, "eligibility", &mut errors);
            eligibility.push(EligibilityCriterion { label });
        }
        let award = parse_award(&self.award, &mut errors);
        if award.is_empty() && errors.for_field("award").is_none() {
            errors.add("award", "error-call-award");
        }
        match (errors.is_empty(), opens, deadline) {
            (true, Some(opens), Some(deadline)) => Ok(Call {
                id,
                code,
                organisation,
                title: Text::new().with(Lang::Fr, title_fr).with(Lang::En, title_en),
                terms: Text::new().with(Lang::Fr, terms_fr).with(Lang::En, terms_en),
                place,
                contract,
                duration_months,
                renewable: self.renewable,
                documents,
                file_language,
                receiving: Receiving { web_form: self.web_form, email_addresses },
                opens,
                deadline,
                interviews_from,
                interviews_to,
                starts,
                eligibility,
                award,
                published: self.published,
                version,
            }),
            _ => Err(errors),
        }
    }
}

fn required_date(raw: &str, field: &str, errors: &mut FieldErrors) -> Option<Date> {
    let date = parse_date(raw, field, errors);
    if date.is_none() && errors.for_field(field).is_none() {
        errors.add(field, "error-required");
    }
    date
}

/// Award criteria typed as `weight | label`, one per line.
fn parse_award(raw: &str, errors: &mut FieldErrors) -> Vec<AwardCriterion> {
    let mut award = Vec::new();
    for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let parsed = line.split_once('|').and_then(|(weight, label)| {
            let weight = weight.trim().parse::<u32>().ok().filter(|w| (1..=100).contains(w))?;
            Some((weight, label.trim()))
        });
        match parsed {
            Some((weight, label)) if !label.is_empty() => {
                let label = input::check(label, TextKind::Title, "award", errors);
                award.push(AwardCriterion { label, weight });
            }
            _ => errors.add("award", "error-call-award-line"),
        }
    }
    award
}

/// How an application reached the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    WebForm,
    Email,
    ByHand,
}

/// Where an application is in the procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    Received,
    Shortlisted,
    NotShortlisted,
    Selected,
    Reserve,
    NotSelected,
    Withdrawn,
}

impl ApplicationStatus {
    pub const ALL: [ApplicationStatus; 7] = [
        ApplicationStatus::Received,
        ApplicationStatus::Shortlisted,
        ApplicationStatus::NotShortlisted,
        ApplicationStatus::Selected,
        ApplicationStatus::Reserve,
        ApplicationStatus::NotSelected,
        ApplicationStatus::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ApplicationStatus::Received => "received",
            ApplicationStatus::Shortlisted => "shortlisted",
            ApplicationStatus::NotShortlisted => "not_shortlisted",
            ApplicationStatus::Selected => "selected",
            ApplicationStatus::Reserve => "reserve",
            ApplicationStatus::NotSelected => "not_selected",
            ApplicationStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(code: &str) -> Option<ApplicationStatus> {
        ApplicationStatus::ALL.into_iter().find(|s| s.code() == code.trim())
    }
}

/// One application to a call. Personal data (name, email) is erased after the retention time;
/// the record of the decision stays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    pub id: ApplicationId,
    pub call: CallId,
    pub receipt: String,
    pub name: String,
    pub email: Email,
    /// The language letters to the applicant are written in.
    pub language: Lang,
    pub channel: Channel,
    pub received_at: Timestamp,
    /// Received after the deadline (by email or by hand): kept, and flagged.
    pub late: bool,
    pub status: ApplicationStatus,
    /// The applicant agreed to the processing of their data for this recruitment.
    pub consent: bool,
    #[serde(default = "crate::first_version")]
    pub version: i32,
}

/// A document of an application, stored encrypted; its bytes are in the sensitive file store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationDocument {
    pub id: ApplicationDocumentId,
    pub application: ApplicationId,
    pub kind: DocumentKind,
    pub name: String,
    pub content_type: String,
    pub size: i64,
    /// Which key encrypted it (a digest of the key, never the key).
    pub key_id: String,
    pub uploaded_at: Timestamp,
}

/// An application as typed on the public form.
#[derive(Debug, Clone, Default)]
pub struct ApplicationDraft {
    pub name: String,
    pub email: String,
    pub language: String,
    pub consent: bool,
}

/// The applicant's identity read from the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applicant {
    pub name: String,
    pub email: Email,
    pub language: Lang,
}

impl ApplicationDraft {
    pub fn read(&self) -> Result<Applicant, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = input::check(&self.name, TextKind::Name, "name", &mut errors);
        if name.is_empty() && errors.for_field("name").is_none() {
            errors.add("name", "error-required");
        }
        let email = Email::parse(&self.email).map_err(|_| errors.add("email", "error-email")).ok();
        if !self.consent {
            errors.add("consent", "error-application-consent");
        }
        let language = Lang::from_tag(&self.language).unwrap_or(Lang::Fr);
        match email {
            Some(email) if errors.is_empty() => Ok(Applicant { name, email, language }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> CallDraft {
        CallDraft {
            code: "rvase".into(),
            title_fr: "Chargé/e d'animation du réseau".into(),
            place: "Mairie de Phnom Penh".into(),
            documents: vec![
                ("cv".into(), "application".into()),
                ("medical_certificate".into(), "before_interview".into()),
            ],
            file_language: "fr".into(),
            web_form: false,
            email_addresses: "calls@aimf.example\nrh@phnompenh.example".into(),
            opens: "2025-11-01".into(),
            deadline_date: "2025-11-30".into(),
            deadline_time: "23:59:59".into(),
            time_zone: "Asia/Phnom_Penh".into(),
            eligibility: "Master's degree\n5 years".into(),
            award: "30 | Urban development in South-East Asia\n10 | EU procedures".into(),
            published: true,
            ..CallDraft::default()
        }
    }

    #[test]
    fn midnight_in_phnom_penh_is_an_exact_instant() -> Result<(), FieldErrors> {
        let call = draft().read(CallId::new(), 1)?;
        assert_eq!(call.code, "RVASE");
        assert_eq!(call.deadline.instant.to_string(), "2025-11-30T16:59:59Z");
        assert_eq!(
            unambiguous(&call.deadline.in_zone("Asia/Phnom_Penh")),
            "2025-11-30 23:59:59 Asia/Phnom_Penh (UTC+07:00)"
        );
        assert_eq!(unambiguous(&call.deadline.in_zone("Europe/Paris")), "2025-11-30 17:59:59 Europe/Paris (UTC+01:00)");
        assert_eq!(call.receipt_number(42), "RVASE-2025-0042");
        assert_eq!(call.required_at(Stage::BeforeInterview), vec![DocumentKind::MedicalCertificate]);
        Ok(())
    }

    #[test]
    fn the_deadline_accepts_up_to_its_second_and_not_after() -> Result<(), FieldErrors> {
        let call = draft().read(CallId::new(), 1)?;
        let instant = call.deadline.instant;
        let second = jiff::SignedDuration::from_secs(1);
        assert_eq!(call.phase(instant - second), CallPhase::Open);
        assert_eq!(call.phase(instant), CallPhase::Open);
        assert_eq!(call.phase(instant + second), CallPhase::Closed);
        let before_opening: Timestamp = "2025-10-31T16:59:59Z".parse().map_err(|_| FieldErrors::default())?;
        assert_eq!(call.phase(before_opening), CallPhase::NotYetOpen);
        Ok(())
    }

    #[test]
    fn a_time_the_clock_change_skips_is_refused() {
        let mut typed = draft();
        typed.time_zone = "Europe/Paris".into();
        typed.deadline_date = "2026-03-29".into();
        typed.deadline_time = "02:30:00".into();
        typed.opens = "2026-03-01".into();
        let errors = typed.read(CallId::new(), 1).err().unwrap_or_default();
        assert_eq!(errors.for_field("deadline_time"), Some("error-deadline-ambiguous"));
    }

    #[test]
    fn the_grid_and_the_receiving_are_checked() {
        let mut typed = draft();
        typed.award = "heavy | EU procedures".into();
        typed.email_addresses = String::new();
        typed.time_zone = "Mars/Olympus".into();
        let errors = typed.read(CallId::new(), 1).err().unwrap_or_default();
        assert_eq!(errors.for_field("award"), Some("error-call-award-line"));
        assert_eq!(errors.for_field("web_form"), Some("error-call-receiving"));
        assert_eq!(errors.for_field("time_zone"), Some("error-time-zone"));
    }

    #[test]
    fn a_call_round_trips_through_its_form() -> Result<(), FieldErrors> {
        let call = draft().read(CallId::new(), 3)?;
        assert_eq!(CallDraft::of(&call).read(call.id, 3)?, call);
        Ok(())
    }

    #[test]
    fn identity_and_medical_documents_are_sensitive() {
        let sensitive: Vec<_> = DocumentKind::ALL.into_iter().filter(|k| k.sensitive()).collect();
        assert_eq!(sensitive, vec![DocumentKind::IdentityDocument, DocumentKind::MedicalCertificate]);
    }
}

/// What an evaluator declares about an application before seeing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Declaration {
    NoConflict,
    /// A conflict of interest: the evaluator is excluded from this application.
    Conflict,
}

impl Declaration {
    pub fn parse(code: &str) -> Option<Declaration> {
        match code.trim() {
            "no_conflict" => Some(Declaration::NoConflict),
            "conflict" => Some(Declaration::Conflict),
            _ => None,
        }
    }
}

/// One evaluator's assessment of one application: the declaration first, then eligibility
/// (pass/fail per criterion) and a score with a comment per award criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    pub id: crate::ids::EvaluationId,
    pub call: CallId,
    pub application: ApplicationId,
    pub evaluator: crate::ids::UserId,
    pub declaration: Declaration,
    pub declared_at: Timestamp,
    pub eligibility: Vec<bool>,
    pub scores: Vec<u32>,
    pub comments: Vec<String>,
    pub submitted_at: Option<Timestamp>,
    #[serde(default = "crate::first_version")]
    pub version: i32,
}

impl Evaluation {
    /// Whether the evaluator found every eligibility criterion met.
    pub fn eligible(&self) -> bool {
        self.eligibility.iter().all(|met| *met)
    }
}

/// The weighted score out of `MAX_SCORE`, in hundredths (7.35 is 735); none without weights or
/// with a score missing.
pub fn weighted_score(scores: &[u32], award: &[AwardCriterion]) -> Option<u64> {
    let weights: u64 = award.iter().map(|c| u64::from(c.weight)).sum();
    if weights == 0 || scores.len() != award.len() {
        return None;
    }
    let total: u64 = scores.iter().zip(award).map(|(s, c)| u64::from(*s) * u64::from(c.weight) * 100).sum();
    Some((total + weights / 2) / weights)
}

/// Two evaluators further apart than this (in hundredths of a point) are flagged.
pub const DISAGREEMENT: u64 = 300;

/// An application's place in the committee's ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub application: ApplicationId,
    /// The mean weighted score of the submitted evaluations, in hundredths.
    pub mean: Option<u64>,
    pub submitted: usize,
    /// Found eligible by every evaluator who submitted.
    pub eligible: bool,
    /// The evaluators' weighted scores differ by more than `DISAGREEMENT`.
    pub disagreement: bool,
}

/// The ranking: eligible applications by mean weighted score, best first; then the others.
pub fn ranking(applications: &[ApplicationId], evaluations: &[Evaluation], award: &[AwardCriterion]) -> Vec<Standing> {
    let mut standings: Vec<Standing> = applications
        .iter()
        .map(|id| {
            let submitted: Vec<&Evaluation> = evaluations
                .iter()
                .filter(|e| {
                    e.application == *id && e.submitted_at.is_some() && e.declaration == Declaration::NoConflict
                })
                .collect();
            let scores: Vec<u64> = submitted.iter().filter_map(|e| weighted_score(&e.scores, award)).collect();
            let count = u64::try_from(scores.len()).unwrap_or(u64::MAX);
            let mean = (count > 0).then(|| (scores.iter().sum::<u64>() + count / 2) / count);
            let spread = scores.iter().max().zip(scores.iter().min()).map_or(0, |(max, min)| max - min);
            Standing {
                application: *id,
                mean,
                submitted: submitted.len(),
                eligible: !submitted.is_empty() && submitted.iter().all(|e| e.eligible()),
                disagreement: spread > DISAGREEMENT,
            }
        })
        .collect();
    standings.sort_by(|a, b| b.eligible.cmp(&a.eligible).then_with(|| b.mean.cmp(&a.mean)));
    standings
}

/// A scoring as read: the eligibility answers, the scores and the comments, by position.
pub type Scoring = (Vec<bool>, Vec<u32>, Vec<String>);

/// Scores as typed: one eligibility answer, score and comment per criterion, by position.
#[derive(Debug, Clone, Default)]
pub struct ScoreDraft {
    pub eligibility: Vec<String>,
    pub scores: Vec<String>,
    pub comments: Vec<String>,
}

impl ScoreDraft {
    /// The eligibility answers, scores and comments for `call`'s grid, or every problem.
    pub fn read(&self, call: &Call) -> Result<Scoring, FieldErrors> {
        let mut errors = FieldErrors::default();
        let eligibility: Vec<bool> = (0..call.eligibility.len())
            .map(|i| match self.eligibility.get(i).map(|s| s.trim()) {
                Some("yes") => true,
                Some("no") => false,
                _ => {
                    errors.add(&format!("eligible_{i}"), "error-required");
                    false
                }
            })
            .collect();
        let (scores, comments) =
            crate::recruitment_procedure::read_scores(&self.scores, &self.comments, &call.award, &mut errors);
        if errors.is_empty() { Ok((eligibility, scores, comments)) } else { Err(errors) }
    }
}

#[cfg(test)]
mod scoring_tests {
    use super::*;

    fn criteria() -> Vec<AwardCriterion> {
        vec![AwardCriterion { label: "a".into(), weight: 60 }, AwardCriterion { label: "b".into(), weight: 40 }]
    }

    fn evaluation(application: ApplicationId, scores: Vec<u32>, eligible: bool) -> Evaluation {
        Evaluation {
            id: crate::ids::EvaluationId::new(),
            call: CallId::new(),
            application,
            evaluator: crate::ids::UserId::new(),
            declaration: Declaration::NoConflict,
            declared_at: Timestamp::UNIX_EPOCH,
            eligibility: vec![eligible],
            scores,
            comments: vec![String::new(), String::new()],
            submitted_at: Some(Timestamp::UNIX_EPOCH),
            version: 2,
        }
    }

    #[test]
    fn the_weighted_score_is_in_hundredths_of_a_point() {
        assert_eq!(weighted_score(&[10, 5], &criteria()), Some(800));
        assert_eq!(weighted_score(&[7, 8], &criteria()), Some(740));
        assert_eq!(weighted_score(&[7], &criteria()), None);
    }

    #[test]
    fn the_ranking_puts_eligible_files_first_by_mean_and_flags_disagreement() {
        let (a, b, c) = (ApplicationId::new(), ApplicationId::new(), ApplicationId::new());
        let evaluations = vec![
            evaluation(a, vec![6, 6], true),
            evaluation(a, vec![7, 7], true),
            evaluation(b, vec![10, 10], true),
            evaluation(b, vec![2, 2], true),
            evaluation(c, vec![10, 10], false),
        ];
        let standings = ranking(&[a, b, c], &evaluations, &criteria());
        let order: Vec<ApplicationId> = standings.iter().map(|s| s.application).collect();
        assert_eq!(order, vec![a, b, c]);
        assert_eq!(standings[0].mean, Some(650));
        assert!(!standings[0].disagreement && standings[1].disagreement);
        assert!(!standings[2].eligible, "ineligible files come last whatever their score");
    }
}
