//! Funding sources: a funder's opportunities (deadline, amounts, co-financing rate, who and where
//! may apply, themes), the rules that match them to a candidate (a city now, a project later) and
//! say why, and the applications sent to funders with their outcome.

use crate::deadline::Deadline;
use crate::directory::CityCode;
use crate::events::Document;
use crate::ids::{FundingApplicationId, OpportunityId, OrganisationId, UserId};
use crate::money::Money;
use crate::people::CountryCode;
use crate::projects::Project;
use crate::text::Text;
use crate::validation::FieldErrors;
use crate::vocabulary::{OrganisationKind, Theme, coded_enum};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The longest link kept: the length browsers and spreadsheets handle everywhere.
const MAX_LINK_CHARS: usize = 2_000;

/// A co-financing rate in basis points (8 000 is 80 %): exact, never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CoFinancingRate(u16);

impl CoFinancingRate {
    /// Reads a percentage typed with at most two decimals (`80`, `80.5`, `62,25`, `75 %`).
    pub fn parse(raw: &str) -> Option<CoFinancingRate> {
        let text = raw.trim().trim_end_matches('%').trim().replace(',', ".");
        let (units, decimals) = match text.split_once('.') {
            Some((units, decimals)) => (units, Some(decimals)),
            None => (text.as_str(), None),
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let decimals_fit = decimals.is_none_or(|d| digits(d) && d.len() <= 2);
        if !digits(units) || !decimals_fit || units.len() > 3 {
            return None;
        }
        let units: u16 = units.parse().ok()?;
        let hundredths: u16 = format!("{:0<2}", decimals.unwrap_or_default()).parse().ok()?;
        let points = units.checked_mul(100)?.checked_add(hundredths)?;
        (points <= 10_000).then_some(CoFinancingRate(points))
    }

    pub fn basis_points(self) -> u16 {
        self.0
    }

    /// The percentage as typed back in forms and shown: `80`, `80.5`, `62.25`.
    pub fn percent(self) -> String {
        let (units, hundredths) = (self.0 / 100, self.0 % 100);
        match hundredths {
            0 => units.to_string(),
            h if h % 10 == 0 => format!("{units}.{}", h / 10),
            h => format!("{units}.{h:02}"),
        }
    }
}

/// Checks a web link: `http(s)://` and a host, no spaces, not overlong; the message key if not.
pub fn check_link(raw: &str) -> Result<String, &'static str> {
    let link = raw.trim();
    let rest = link.strip_prefix("https://").or_else(|| link.strip_prefix("http://")).ok_or("error-url")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_name = host.rsplit_once('@').map_or(host, |(_, h)| h).split(':').next().unwrap_or_default();
    let sane_host = host_name.contains('.')
        && host_name.split('.').all(|part| {
            !part.is_empty() && part.chars().all(|c| c.is_alphanumeric() || c == '-') && !part.starts_with('-')
        });
    if !sane_host || link.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("error-url");
    }
    if link.chars().count() > MAX_LINK_CHARS {
        return Err("error-funding-link-too-long");
    }
    Ok(link.to_owned())
}

/// A funder's call for proposals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opportunity {
    pub id: OpportunityId,
    /// An organisation of the directory, of kind funder.
    pub funder: OrganisationId,
    pub funder_name: String,
    pub title: Text,
    pub deadline: Deadline,
    pub minimum: Option<Money>,
    pub maximum: Option<Money>,
    /// The share of the costs the funder pays, when it says.
    pub co_financing: Option<CoFinancingRate>,
    /// Who may apply; none listed: anyone.
    pub applicant_kinds: Vec<OrganisationKind>,
    /// Where applicants may be; none listed: anywhere.
    pub countries: Vec<CountryCode>,
    pub themes: Vec<Theme>,
    pub link: String,
    pub documents: Vec<Document>,
    pub version: i32,
}

impl Opportunity {
    /// Checks what a form or a sheet gave beyond each field's own parsing.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if self.title.is_empty() {
            errors.add("title_fr", "error-required");
        }
        if let (Some(minimum), Some(maximum)) = (self.minimum, self.maximum) {
            if minimum.currency() != maximum.currency() {
                errors.add("maximum", "error-funding-currencies");
            } else if maximum.amount_minor() < minimum.amount_minor() {
                errors.add("maximum", "error-funding-range");
            }
        }
        for amount in [self.minimum, self.maximum].into_iter().flatten() {
            if amount.amount_minor() < 0 {
                errors.add("minimum", "error-funding-range");
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    /// Whether applications are still received at `now` (up to and including the instant).
    pub fn open(&self, now: Timestamp) -> bool {
        self.deadline.accepts(now)
    }
}

/// Whoever may answer an opportunity: a member city, or a project of the pipeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub themes: Vec<Theme>,
    pub country: Option<CountryCode>,
    pub applicant_kind: OrganisationKind,
    /// What the candidate means to ask for, when known.
    pub budget: Option<Money>,
}

impl Candidate {
    /// A project as a candidate: a local authority (its cities apply) of the country of its
    /// first city, with its themes and its budget.
    pub fn of_project(project: &Project) -> Candidate {
        Candidate {
            themes: project.themes.clone(),
            country: project.cities.first().and_then(|c| c.country()).and_then(|c| CountryCode::parse(c.iso2())),
            applicant_kind: OrganisationKind::LocalAuthority,
            budget: project.budget,
        }
    }
}

/// One reason of a match, for or against, or neutral when it cannot be judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The themes both share.
    ThemesShared(Vec<Theme>),
    NoThemeShared,
    /// The opportunity names no theme.
    AnyTheme,
    CountryEligible,
    CountryNotEligible,
    CountryUnknown,
    /// The opportunity names no country.
    AnyCountry,
    ApplicantEligible,
    ApplicantNotEligible,
    /// The opportunity names no kind of applicant.
    AnyApplicant,
    DeadlineOpen,
    DeadlineClosed,
    BudgetInRange,
    BudgetBelowMinimum,
    BudgetAboveMaximum,
    /// The candidate's budget is not known: not judged.
    BudgetUnknown,
    /// The budget is in another currency than the amounts: not judged without a conversion.
    BudgetOtherCurrency,
}

impl Reason {
    /// Whether this reason lets the match stand (neutral reasons do).
    pub fn fits(&self) -> bool {
        !matches!(
            self,
            Reason::NoThemeShared
                | Reason::CountryNotEligible
                | Reason::CountryUnknown
                | Reason::ApplicantNotEligible
                | Reason::DeadlineClosed
                | Reason::BudgetBelowMinimum
                | Reason::BudgetAboveMaximum
        )
    }

    /// The reason's message id (`funding-reason-…`).
    pub fn key(&self) -> &'static str {
        match self {
            Reason::ThemesShared(_) => "funding-reason-themes-shared",
            Reason::NoThemeShared => "funding-reason-no-theme-shared",
            Reason::AnyTheme => "funding-reason-any-theme",
            Reason::CountryEligible => "funding-reason-country-eligible",
            Reason::CountryNotEligible => "funding-reason-country-not-eligible",
            Reason::CountryUnknown => "funding-reason-country-unknown",
            Reason::AnyCountry => "funding-reason-any-country",
            Reason::ApplicantEligible => "funding-reason-applicant-eligible",
            Reason::ApplicantNotEligible => "funding-reason-applicant-not-eligible",
            Reason::AnyApplicant => "funding-reason-any-applicant",
            Reason::DeadlineOpen => "funding-reason-deadline-open",
            Reason::DeadlineClosed => "funding-reason-deadline-closed",
            Reason::BudgetInRange => "funding-reason-budget-in-range",
            Reason::BudgetBelowMinimum => "funding-reason-budget-below-minimum",
            Reason::BudgetAboveMaximum => "funding-reason-budget-above-maximum",
            Reason::BudgetUnknown => "funding-reason-budget-unknown",
            Reason::BudgetOtherCurrency => "funding-reason-budget-other-currency",
        }
    }
}

/// An opportunity held against a candidate: every reason, in the order people check them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub reasons: Vec<Reason>,
}

impl Match {
    /// Whether the candidate may answer the opportunity: no reason stands against it.
    pub fn matches(&self) -> bool {
        self.reasons.iter().all(Reason::fits)
    }

    /// How closely it fits, to list the best first: one point per shared theme and per rule
    /// met by name (country, kind of applicant, budget); an opportunity open to anyone on a
    /// rule earns nothing for it, being no sign that the candidate was meant.
    pub fn score(&self) -> usize {
        self.reasons
            .iter()
            .map(|reason| match reason {
                Reason::ThemesShared(themes) => themes.len(),
                Reason::CountryEligible | Reason::ApplicantEligible | Reason::BudgetInRange => 1,
                _ => 0,
            })
            .sum()
    }
}

/// Matches `opportunity` against `candidate` at `now`, with the reasons.
pub fn match_opportunity(opportunity: &Opportunity, candidate: &Candidate, now: Timestamp) -> Match {
    let themes = if opportunity.themes.is_empty() {
        Reason::AnyTheme
    } else {
        let shared: Vec<Theme> = opportunity.themes.iter().filter(|t| candidate.themes.contains(t)).copied().collect();
        if shared.is_empty() { Reason::NoThemeShared } else { Reason::ThemesShared(shared) }
    };
    let country = match &candidate.country {
        _ if opportunity.countries.is_empty() => Reason::AnyCountry,
        None => Reason::CountryUnknown,
        Some(country) if opportunity.countries.contains(country) => Reason::CountryEligible,
        Some(_) => Reason::CountryNotEligible,
    };
    let applicant = if opportunity.applicant_kinds.is_empty() {
        Reason::AnyApplicant
    } else if opportunity.applicant_kinds.contains(&candidate.applicant_kind) {
        Reason::ApplicantEligible
    } else {
        Reason::ApplicantNotEligible
    };
    let deadline = if opportunity.open(now) { Reason::DeadlineOpen } else { Reason::DeadlineClosed };
    let mut reasons = vec![themes, country, applicant, deadline];
    if opportunity.minimum.is_some() || opportunity.maximum.is_some() {
        reasons.push(budget_reason(candidate.budget, opportunity.minimum, opportunity.maximum));
    }
    Match { reasons }
}

fn budget_reason(budget: Option<Money>, minimum: Option<Money>, maximum: Option<Money>) -> Reason {
    let Some(budget) = budget else { return Reason::BudgetUnknown };
    if [minimum, maximum].into_iter().flatten().any(|m| m.currency() != budget.currency()) {
        return Reason::BudgetOtherCurrency;
    }
    match (minimum, maximum) {
        (Some(minimum), _) if budget.amount_minor() < minimum.amount_minor() => Reason::BudgetBelowMinimum,
        (_, Some(maximum)) if budget.amount_minor() > maximum.amount_minor() => Reason::BudgetAboveMaximum,
        _ => Reason::BudgetInRange,
    }
}

coded_enum!(
    /// Where an application to a funder stands.
    ApplicationStatus {
        /// Being written: its owner is reminded before the deadline.
        Preparing = "preparing",
        Submitted = "submitted",
        Won = "won",
        Lost = "lost",
    }
);

/// How days before a deadline the owner of an application in preparation is reminded.
pub const REMINDER_DAYS: [i64; 2] = [30, 7];

/// The funder's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub on: Date,
    /// What the funder granted, when won.
    pub granted: Option<Money>,
    pub comment: String,
}

/// A step of an application's life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplicationStep {
    Submit,
    Won { on: Date, granted: Money, comment: String },
    Lost { on: Date, comment: String },
}

/// An application to a funder, for one of its opportunities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundingApplication {
    pub id: FundingApplicationId,
    pub opportunity: OpportunityId,
    pub funder: OrganisationId,
    /// The applicant city.
    pub city: CityCode,
    /// The project of the pipeline it funds, when there is one (no link is enforced: projects
    /// live in their own area).
    pub project: Option<uuid::Uuid>,
    /// The account that prepares it, reminded before the deadline.
    pub owner: UserId,
    pub owner_name: String,
    pub requested: Money,
    pub status: ApplicationStatus,
    pub outcome: Option<Outcome>,
    /// The reminders already sent, by days before the deadline (each is sent once).
    pub reminded: Vec<i64>,
    pub recorded_at: Timestamp,
    pub version: i32,
}

fn refused(field: &str, message: &str) -> FieldErrors {
    let mut errors = FieldErrors::default();
    errors.add(field, message);
    errors
}

impl FundingApplication {
    /// Moves the application on: preparing → submitted → won | lost, the outcome dated by
    /// `today` at the latest, a grant in the currency requested.
    pub fn step(&mut self, step: ApplicationStep, today: Date) -> Result<(), FieldErrors> {
        match step {
            ApplicationStep::Submit if self.status == ApplicationStatus::Preparing => {
                self.status = ApplicationStatus::Submitted;
                Ok(())
            }
            ApplicationStep::Won { on, granted, comment } if self.status == ApplicationStatus::Submitted => {
                if on > today {
                    return Err(refused("outcome_on", "error-funding-future"));
                }
                if granted.currency() != self.requested.currency() || granted.amount_minor() <= 0 {
                    return Err(refused("granted", "error-funding-granted"));
                }
                self.status = ApplicationStatus::Won;
                self.outcome = Some(Outcome { on, granted: Some(granted), comment });
                Ok(())
            }
            ApplicationStep::Lost { on, comment } if self.status == ApplicationStatus::Submitted => {
                if on > today {
                    return Err(refused("outcome_on", "error-funding-future"));
                }
                self.status = ApplicationStatus::Lost;
                self.outcome = Some(Outcome { on, granted: None, comment });
                Ok(())
            }
            _ => Err(refused("status", "error-funding-status")),
        }
    }

    /// Whether the reminder `days_before` the deadline at `deadline` is still to be sent at
    /// `now`: only while in preparation, once, and never after the deadline.
    pub fn reminder_due(&self, days_before: i64, deadline: Timestamp, now: Timestamp) -> bool {
        self.status == ApplicationStatus::Preparing && !self.reminded.contains(&days_before) && now <= deadline
    }
}

/// The share of decided applications that were won, in whole percent; none decided: unknown.
pub fn success_rate(won: u64, decided: u64) -> Option<u64> {
    (decided > 0).then(|| (won.saturating_mul(100) + decided / 2) / decided)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;
    use jiff::civil::date;

    fn eur(units: i64) -> Money {
        Money::new(units * 100, Currency::EUR)
    }

    fn country(code: &str) -> Option<CountryCode> {
        CountryCode::parse(code)
    }

    fn opportunity() -> Result<Opportunity, &'static str> {
        Ok(Opportunity {
            id: OpportunityId::new(),
            funder: OrganisationId::new(),
            funder_name: "AFD".into(),
            title: Text::new().with(crate::Lang::En, "Resilient cities"),
            deadline: Deadline::new(date(2027, 3, 31).at(23, 59, 59, 0), "Europe/Paris")?,
            minimum: Some(eur(50_000)),
            maximum: Some(eur(500_000)),
            co_financing: CoFinancingRate::parse("80"),
            applicant_kinds: vec![OrganisationKind::LocalAuthority],
            countries: [country("KH"), country("LA")].into_iter().flatten().collect(),
            themes: vec![Theme::UrbanResilience, Theme::ClimateChange],
            link: "https://www.afd.fr/".into(),
            documents: Vec::new(),
            version: 1,
        })
    }

    fn city(themes: Vec<Theme>, code: &str) -> Candidate {
        Candidate { themes, country: country(code), applicant_kind: OrganisationKind::LocalAuthority, budget: None }
    }

    fn before_deadline() -> Result<Timestamp, jiff::Error> {
        "2027-03-31T21:59:59Z".parse()
    }

    #[test]
    fn a_match_says_why_for_each_rule() -> Result<(), Box<dyn std::error::Error>> {
        let opportunity = opportunity()?;
        let now = before_deadline()?;
        let vientiane =
            match_opportunity(&opportunity, &city(vec![Theme::UrbanResilience, Theme::Heritage], "LA"), now);
        assert_eq!(
            vientiane.reasons,
            vec![
                Reason::ThemesShared(vec![Theme::UrbanResilience]),
                Reason::CountryEligible,
                Reason::ApplicantEligible,
                Reason::DeadlineOpen,
                Reason::BudgetUnknown,
            ]
        );
        assert!(vientiane.matches());
        let hue = match_opportunity(&opportunity, &city(vec![Theme::UrbanResilience], "VN"), now);
        assert!(hue.reasons.contains(&Reason::CountryNotEligible) && !hue.matches());
        let heritage_only = match_opportunity(&opportunity, &city(vec![Theme::Heritage], "KH"), now);
        assert!(heritage_only.reasons.contains(&Reason::NoThemeShared) && !heritage_only.matches());
        let university =
            Candidate { applicant_kind: OrganisationKind::University, ..city(vec![Theme::ClimateChange], "KH") };
        assert!(!match_opportunity(&opportunity, &university, now).matches());
        // Paris is UTC+2 from the end of March: 23:59:59 there is 21:59:59 UTC.
        let late = now.checked_add(jiff::SignedDuration::from_secs(1))?;
        let closed = match_opportunity(&opportunity, &city(vec![Theme::ClimateChange], "KH"), late);
        assert!(closed.reasons.contains(&Reason::DeadlineClosed) && !closed.matches());
        Ok(())
    }

    #[test]
    fn the_budget_is_held_against_the_range_in_its_own_currency() -> Result<(), Box<dyn std::error::Error>> {
        let opportunity = opportunity()?;
        let now = before_deadline()?;
        let with_budget = |budget| Candidate { budget: Some(budget), ..city(vec![Theme::ClimateChange], "KH") };
        let reason = |budget| match_opportunity(&opportunity, &with_budget(budget), now).reasons.pop();
        assert_eq!(reason(eur(50_000)), Some(Reason::BudgetInRange), "the minimum is in range");
        assert_eq!(reason(eur(500_000)), Some(Reason::BudgetInRange), "the maximum is in range");
        assert_eq!(reason(eur(49_999)), Some(Reason::BudgetBelowMinimum));
        assert_eq!(reason(eur(500_001)), Some(Reason::BudgetAboveMaximum));
        assert_eq!(reason(Money::new(1_000_000_000, Currency::VND)), Some(Reason::BudgetOtherCurrency));
        assert!(match_opportunity(&opportunity, &with_budget(Money::new(10, Currency::USD)), now).matches());
        assert!(!match_opportunity(&opportunity, &with_budget(eur(1)), now).matches());
        let open = Opportunity {
            themes: Vec::new(),
            countries: Vec::new(),
            applicant_kinds: Vec::new(),
            minimum: None,
            maximum: None,
            ..opportunity
        };
        let anyone = match_opportunity(&open, &city(Vec::new(), "FR"), now);
        assert_eq!(
            anyone.reasons,
            vec![Reason::AnyTheme, Reason::AnyCountry, Reason::AnyApplicant, Reason::DeadlineOpen]
        );
        Ok(())
    }

    #[test]
    fn a_rate_is_exact_basis_points() {
        assert_eq!(CoFinancingRate::parse("80").map(CoFinancingRate::basis_points), Some(8_000));
        assert_eq!(CoFinancingRate::parse(" 62,25 % ").map(CoFinancingRate::basis_points), Some(6_225));
        assert_eq!(CoFinancingRate::parse("80.5").map(CoFinancingRate::percent).as_deref(), Some("80.5"));
        assert_eq!(CoFinancingRate::parse("100").map(CoFinancingRate::basis_points), Some(10_000));
        for raw in ["", "100.01", "-5", "eighty", "80.125", "1e2", "80."] {
            assert!(CoFinancingRate::parse(raw).is_none(), "{raw}");
        }
    }

    #[test]
    fn a_link_is_a_web_address() {
        assert_eq!(check_link(" https://www.afd.fr/fr/appels ").as_deref(), Ok("https://www.afd.fr/fr/appels"));
        for raw in ["www.afd.fr", "javascript:alert(1)", "https://", "https://afd", "https://a fd.fr", "ftp://x.org"] {
            assert!(check_link(raw).is_err(), "{raw}");
        }
    }

    #[test]
    fn an_application_moves_forward_only_and_is_reminded_while_in_preparation() -> Result<(), Box<dyn std::error::Error>>
    {
        let mut application = FundingApplication {
            id: FundingApplicationId::new(),
            opportunity: OpportunityId::new(),
            funder: OrganisationId::new(),
            city: CityCode::parse("LA-VTE")?,
            project: None,
            owner: UserId::new(),
            owner_name: "Focal point".into(),
            requested: eur(100_000),
            status: ApplicationStatus::Preparing,
            outcome: None,
            reminded: Vec::new(),
            recorded_at: Timestamp::UNIX_EPOCH,
            version: 1,
        };
        let deadline = before_deadline()?;
        let today = date(2027, 5, 1);
        assert!(application.reminder_due(30, deadline, Timestamp::UNIX_EPOCH));
        application.reminded.push(30);
        assert!(!application.reminder_due(30, deadline, Timestamp::UNIX_EPOCH), "once");
        assert!(!application.reminder_due(7, deadline, deadline.checked_add(jiff::SignedDuration::from_secs(1))?));
        let lost = ApplicationStep::Lost { on: today, comment: String::new() };
        assert!(application.step(lost.clone(), today).is_err(), "not before submission");
        application.step(ApplicationStep::Submit, today).map_err(|e| format!("{e:?}"))?;
        assert!(!application.reminder_due(7, deadline, Timestamp::UNIX_EPOCH), "submitted: no reminder");
        let in_dong = ApplicationStep::Won { on: today, granted: Money::new(5, Currency::VND), comment: String::new() };
        assert_eq!(
            application.step(in_dong, today).err().and_then(|e| e.0.first().map(|e| e.field.clone())).as_deref(),
            Some("granted")
        );
        let tomorrow = ApplicationStep::Won { on: date(2027, 5, 2), granted: eur(80_000), comment: String::new() };
        assert!(application.step(tomorrow, today).is_err(), "no outcome in the future");
        application
            .step(ApplicationStep::Won { on: today, granted: eur(80_000), comment: "Granted".into() }, today)
            .map_err(|e| format!("{e:?}"))?;
        assert_eq!(application.status, ApplicationStatus::Won);
        assert!(application.step(lost, today).is_err(), "decided once");
        Ok(())
    }

    #[test]
    fn the_success_rate_is_won_over_decided() {
        assert_eq!(success_rate(1, 2), Some(50));
        assert_eq!(success_rate(2, 3), Some(67));
        assert_eq!(success_rate(0, 0), None);
    }

    #[test]
    fn a_project_stands_as_its_first_city_s_local_authority_with_its_budget() -> Result<(), Box<dyn std::error::Error>>
    {
        let project = crate::projects::Project {
            themes: vec![Theme::UrbanResilience, Theme::ClimateChange],
            budget: Some(eur(120_000)),
            ..crate::projects::tests::project()?
        };
        let candidate = Candidate::of_project(&project);
        assert_eq!(candidate.country, country("LA"), "Vientiane is in Laos");
        assert_eq!(candidate.applicant_kind, OrganisationKind::LocalAuthority);
        let found = match_opportunity(&opportunity()?, &candidate, before_deadline()?);
        assert!(found.matches() && found.reasons.contains(&Reason::BudgetInRange), "{found:?}");
        // Two shared themes, the country, the kind and the budget named by the call.
        assert_eq!(found.score(), 5);
        let open_to_all = Opportunity { countries: Vec::new(), themes: Vec::new(), ..opportunity()? };
        assert_eq!(match_opportunity(&open_to_all, &candidate, before_deadline()?).score(), 2, "ranked below");
        Ok(())
    }
}
