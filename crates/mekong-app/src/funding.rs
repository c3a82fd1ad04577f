//! Funding sources: funders (organisations of the directory of kind funder), their opportunities
//! written by the coordinator or imported from a sheet (all or nothing), the member cities and the
//! pipeline's projects each one matches and why, the applications sent to funders with their
//! outcome, and a funder's success rate. The reminders before a deadline are in `reminders`.

mod reminders;

pub(crate) use reminders::FundingReminder;

use crate::audit::{Change, audit_actor};
use crate::events::Upload;
use crate::finance::actor_name;
use crate::organisations::{MAX_PAGE, PER_PAGE, Page};
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use jiff::Timestamp;
use jiff::civil::{Date, Time};
use mekong_core::Lang;
use mekong_core::Text;
use mekong_core::deadline::Deadline;
use mekong_core::directory::CityCode;
use mekong_core::funding::{
    ApplicationStatus, ApplicationStep, Candidate, CoFinancingRate, FundingApplication, Match, Opportunity, check_link,
    match_opportunity, success_rate,
};
use mekong_core::ids::{FundingApplicationId, OpportunityId, OrganisationId};
use mekong_core::input::{self, TextKind};
use mekong_core::money::{parse_currency_field, parse_money_field};
use mekong_core::people::{CountryCode, Organisation, OrganisationFilter, parse_date};
use mekong_core::projects::{Project, Stage};
use mekong_core::validation::FieldErrors;
use mekong_core::vocabulary::{OrganisationKind, Theme, parse_codes};
use mekong_docs::Table;
use mekong_store::funding::{ApplicationFilter, OpportunityFilter};
use mekong_store::projects::ProjectFilter;
use mekong_store::{StoreError, WriteTxn};
use serde::Serialize;

/// The most funders or member cities read at once (a network has a few hundred).
const MAX_ORGANISATIONS: u64 = 2_000;
/// The most open opportunities a city's matches are worked out against.
const MAX_OPEN_OPPORTUNITIES: u64 = 1_000;
/// The most projects an opportunity is held against (a portfolio has a few thousand at most).
const MAX_CANDIDATE_PROJECTS: u64 = 5_000;
/// The most matching opportunities a project's page lists, best first.
const MAX_LISTED_OPPORTUNITIES: usize = 10;
/// The most rows one import takes.
pub const MAX_IMPORT_ROWS: usize = 1_000;

/// An opportunity as typed (form, API or a sheet's row), every field as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpportunityDraft {
    /// The funder's id, or (in a sheet) its name.
    pub funder: String,
    pub titles: Vec<(Lang, String)>,
    pub deadline_date: String,
    pub deadline_time: String,
    pub time_zone: String,
    pub currency: String,
    pub minimum: String,
    pub maximum: String,
    pub co_financing: String,
    /// Codes separated by commas or semicolons.
    pub applicant_kinds: String,
    pub countries: String,
    pub themes: String,
    pub link: String,
}

/// The columns of an opportunities sheet, in the draft's order.
pub const IMPORT_COLUMNS: [&str; 17] = [
    "funder",
    "title_fr",
    "title_en",
    "title_km",
    "title_lo",
    "title_vi",
    "deadline_date",
    "deadline_time",
    "time_zone",
    "currency",
    "minimum",
    "maximum",
    "co_financing",
    "applicant_kinds",
    "countries",
    "themes",
    "link",
];

impl OpportunityDraft {
    /// The draft of a saved opportunity, for its edit form.
    pub fn of(opportunity: &Opportunity) -> OpportunityDraft {
        let codes = |codes: Vec<&str>| codes.join(", ");
        let currency = opportunity.minimum.or(opportunity.maximum).map(|m| m.currency().code()).unwrap_or("EUR");
        OpportunityDraft {
            funder: opportunity.funder.to_string(),
            titles: Lang::ALL
                .iter()
                .map(|l| (*l, opportunity.title.exact(*l).unwrap_or_default().to_owned()))
                .collect(),
            deadline_date: opportunity.deadline.local.date().to_string(),
            deadline_time: opportunity.deadline.local.time().strftime("%H:%M:%S").to_string(),
            time_zone: opportunity.deadline.time_zone.clone(),
            currency: currency.to_owned(),
            minimum: opportunity.minimum.map(|m| m.plain()).unwrap_or_default(),
            maximum: opportunity.maximum.map(|m| m.plain()).unwrap_or_default(),
            co_financing: opportunity.co_financing.map(CoFinancingRate::percent).unwrap_or_default(),
            applicant_kinds: codes(opportunity.applicant_kinds.iter().map(|k| k.code()).collect()),
            countries: codes(opportunity.countries.iter().map(CountryCode::as_str).collect()),
            themes: codes(opportunity.themes.iter().map(|t| t.code()).collect()),
            link: opportunity.link.clone(),
        }
    }

    pub fn title(&self, lang: Lang) -> &str {
        self.titles.iter().find(|(l, _)| *l == lang).map_or("", |(_, t)| t.as_str())
    }
}

/// An application to a funder as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplicationDraft {
    pub city: String,
    /// The project's id, when the application funds one.
    pub project: String,
    pub currency: String,
    pub requested: String,
}

/// A step of an application as typed: `submit`, `won` or `lost`, with the outcome.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepDraft {
    pub step: String,
    pub outcome_on: String,
    pub granted: String,
    pub comment: String,
}

/// A member city a funding opportunity was held against.
#[derive(Debug, Clone)]
pub struct CityMatch {
    pub city: CityCode,
    pub organisation: Organisation,
    pub found: Match,
}

/// A project of the pipeline a funding opportunity was held against.
#[derive(Debug, Clone)]
pub struct ProjectMatch {
    pub project: Project,
    pub found: Match,
}

/// An opportunity with what its page shows.
#[derive(Debug, Clone)]
pub struct OpportunityView {
    pub opportunity: Opportunity,
    /// A page of the applications the reader may see: all for staff, their cities' for a focal
    /// point.
    pub applications: Page<FundingApplication>,
    /// The member cities it matches, with the reasons.
    pub matches: Vec<CityMatch>,
    /// A page of the projects still seeking funding it matches that the reader may see, best
    /// first.
    pub projects: Page<ProjectMatch>,
    /// The projects an application to it may fund: those the reader may see that answer it,
    /// then those it matches.
    pub project_choices: Vec<Project>,
}

/// A funder with its opportunities, the applications sent to it and its success rate.
#[derive(Debug, Clone)]
pub struct FunderView {
    pub funder: Organisation,
    pub opportunities: Page<Opportunity>,
    pub applications: Page<FundingApplication>,
    pub won: u64,
    pub decided: u64,
    /// Won over decided, in whole percent; none decided yet: unknown.
    pub success_rate: Option<u64>,
}

/// Which opportunities a list shows.
#[derive(Debug, Clone, Default)]
pub struct OpportunityListFilter {
    pub theme: Option<Theme>,
    pub country: Option<CountryCode>,
    pub funder: Option<OrganisationId>,
    pub open: Option<bool>,
}

/// How a member city stands as a candidate: a local authority of its country, with the themes
/// its organisation in the directory works on, its budget unknown.
fn city_candidate(organisation: &Organisation) -> Candidate {
    Candidate {
        themes: organisation.themes.clone(),
        country: Some(organisation.country.clone()),
        applicant_kind: OrganisationKind::LocalAuthority,
        budget: None,
    }
}

impl App {
    /// Whether `actor` runs funding (opportunities, imports, every city's applications).
    pub fn manages_funding(&self, actor: &Actor) -> bool {
        policy::authorise(actor, Permission::ManageFunding, &Target::Nothing).is_ok()
    }

    /// The cities whose applications `actor` sees: `None` for all.
    fn funding_cities(&self, actor: &Actor) -> Option<Vec<CityCode>> {
        if actor.is_staff() { None } else { Some(actor.focal_cities()) }
    }

    /// The directory's funders, by name.
    pub async fn funders(&self, actor: &Actor) -> Result<Vec<Organisation>, AppError> {
        policy::authorise(actor, Permission::ViewFunding, &Target::Nothing)?;
        let filter = OrganisationFilter { kind: Some(OrganisationKind::Funder), ..OrganisationFilter::default() };
        Ok(self.store.organisations(&filter, MAX_ORGANISATIONS, 0).await?.0)
    }

    /// One page (from 1) of opportunities, the nearest deadline first.
    pub async fn opportunities(
        &self,
        actor: &Actor,
        filter: &OpportunityListFilter,
        page: u64,
    ) -> Result<Page<Opportunity>, AppError> {
        policy::authorise(actor, Permission::ViewFunding, &Target::Nothing)?;
        let page = page.clamp(1, MAX_PAGE);
        let query = OpportunityFilter {
            theme: filter.theme,
            country: filter.country.clone(),
            funder: filter.funder,
            open: filter.open,
            now: Some(self.clock.now()),
        };
        let (items, total) = self.store.opportunity_page(&query, page - 1, PER_PAGE).await?;
        Ok(Page { items, total, page, per_page: PER_PAGE })
    }

    /// An opportunity's record alone, for its form and the API: without the matching and the
    /// applications its page works out.
    pub async fn opportunity_record(&self, actor: &Actor, id: OpportunityId) -> Result<Opportunity, AppError> {
        policy::authorise(actor, Permission::ViewFunding, &Target::Nothing)?;
        Ok(self.store.opportunity(id).await?)
    }

    /// An opportunity with the member cities it matches and page `page` (from 1) of both the
    /// applications `actor` may see and the projects it matches, as the funder's page pages its
    /// two lists.
    pub async fn opportunity(&self, actor: &Actor, id: OpportunityId, page: u64) -> Result<OpportunityView, AppError> {
        let opportunity = self.opportunity_record(actor, id).await?;
        let page = page.clamp(1, MAX_PAGE);
        let applications = self.opportunity_applications(actor, id, page).await?;
        let now = self.clock.now();
        let matches = self
            .member_organisations()
            .await?
            .into_iter()
            .filter_map(|(city, organisation)| {
                let found = match_opportunity(&opportunity, &city_candidate(&organisation), now);
                found.matches().then_some(CityMatch { city, organisation, found })
            })
            .collect();
        let mut projects = self.matching_projects(actor, &opportunity, now).await?;
        let total = projects.len() as u64;
        let skipped = usize::try_from((page - 1).saturating_mul(PER_PAGE)).unwrap_or(usize::MAX);
        projects.drain(..skipped.min(projects.len()));
        projects.truncate(usize::try_from(PER_PAGE).unwrap_or(usize::MAX));
        let projects = Page { items: projects, total, page, per_page: PER_PAGE };
        let mut project_choices = Vec::new();
        if policy::authorise(actor, Permission::ViewProjects, &Target::Nothing).is_ok() {
            let answering = ProjectFilter {
                reader: Self::project_reader(actor),
                opportunity: Some(id),
                ..ProjectFilter::default()
            };
            project_choices = self.store.projects_page(&answering, 0, MAX_CANDIDATE_PROJECTS).await?.0;
        }
        for matched in &projects.items {
            if !project_choices.iter().any(|p| p.id == matched.project.id) {
                project_choices.push(matched.project.clone());
            }
        }
        Ok(OpportunityView { opportunity, applications, matches, projects, project_choices })
    }

    /// Page `page` (from 1) of the applications to an opportunity that `actor` may see.
    pub async fn opportunity_applications(
        &self,
        actor: &Actor,
        id: OpportunityId,
        page: u64,
    ) -> Result<Page<FundingApplication>, AppError> {
        policy::authorise(actor, Permission::ViewFunding, &Target::Nothing)?;
        let page = page.clamp(1, MAX_PAGE);
        let filter = ApplicationFilter {
            opportunity: Some(id),
            cities: self.funding_cities(actor),
            ..ApplicationFilter::default()
        };
        let (items, total) = self.store.funding_application_page(&filter, page - 1, PER_PAGE).await?;
        Ok(Page { items, total, page, per_page: PER_PAGE })
    }

    /// The projects `actor` may see (as in the portfolio) that still seek funding and match
    /// `opportunity`, best first; none for a reader who does not see projects.
    async fn matching_projects(
        &self,
        actor: &Actor,
        opportunity: &Opportunity,
        now: Timestamp,
    ) -> Result<Vec<ProjectMatch>, AppError> {
        if policy::authorise(actor, Permission::ViewProjects, &Target::Nothing).is_err() {
            return Ok(Vec::new());
        }
        let filter = ProjectFilter {
            reader: Self::project_reader(actor),
            stages: Stage::ALL.iter().copied().filter(|s| s.seeks_funding()).collect(),
            ..ProjectFilter::default()
        };
        let (projects, _) = self.store.projects_page(&filter, 0, MAX_CANDIDATE_PROJECTS).await?;
        let mut found: Vec<ProjectMatch> = projects
            .into_iter()
            .filter_map(|project| {
                let found = match_opportunity(opportunity, &Candidate::of_project(&project), now);
                found.matches().then_some(ProjectMatch { project, found })
            })
            .collect();
        found.sort_by_key(|m| std::cmp::Reverse(m.found.score()));
        Ok(found)
    }

    /// Every project still seeking funding that answers `opportunity`, whoever may see them
    /// (their reminders follow its deadline).
    pub(crate) async fn projects_answering(&self, opportunity: OpportunityId) -> Result<Vec<Project>, AppError> {
        let filter = ProjectFilter {
            opportunity: Some(opportunity),
            stages: Stage::ALL.iter().copied().filter(|s| s.seeks_funding()).collect(),
            ..ProjectFilter::default()
        };
        Ok(self.store.projects_page(&filter, 0, MAX_CANDIDATE_PROJECTS).await?.0)
    }

    /// The open opportunities `candidate` matches, with the reasons, the nearest deadline first.
    async fn open_matches(&self, candidate: &Candidate) -> Result<Vec<(Opportunity, Match)>, AppError> {
        let now = self.clock.now();
        let query = OpportunityFilter { open: Some(true), now: Some(now), ..OpportunityFilter::default() };
        let (open, _) = self.store.opportunity_page(&query, 0, MAX_OPEN_OPPORTUNITIES).await?;
        Ok(open
            .into_iter()
            .map(|o| {
                let found = match_opportunity(&o, candidate, now);
                (o, found)
            })
            .filter(|(_, found)| found.matches())
            .collect())
    }

    /// The open opportunities a project still seeking funding matches, best first (the nearest
    /// deadline first among equals), at most ten; none for a reader who does not see funding.
    pub(crate) async fn project_opportunities(
        &self,
        actor: &Actor,
        project: &Project,
    ) -> Result<Vec<(Opportunity, Match)>, AppError> {
        if !project.stage.seeks_funding() || !self.sees_funding(actor) {
            return Ok(Vec::new());
        }
        let mut found = self.open_matches(&Candidate::of_project(project)).await?;
        // A stable sort: the nearest deadline stays first among equal scores.
        found.sort_by_key(|(_, m)| std::cmp::Reverse(m.score()));
        found.truncate(MAX_LISTED_OPPORTUNITIES);
        Ok(found)
    }

    /// Whether `actor` sees the funding pages (opportunities, funders).
    pub fn sees_funding(&self, actor: &Actor) -> bool {
        policy::authorise(actor, Permission::ViewFunding, &Target::Nothing).is_ok()
    }

    /// The local authorities of the directory with their city, by name.
    async fn member_organisations(&self) -> Result<Vec<(CityCode, Organisation)>, AppError> {
        let filter =
            OrganisationFilter { kind: Some(OrganisationKind::LocalAuthority), ..OrganisationFilter::default() };
        let (organisations, _) = self.store.organisations(&filter, MAX_ORGANISATIONS, 0).await?;
        Ok(organisations.into_iter().filter_map(|o| o.city.clone().map(|c| (c, o))).collect())
    }

    /// The open opportunities a member city matches, with the reasons, the nearest deadline first.
    pub async fn city_matches(&self, actor: &Actor, city: &CityCode) -> Result<Vec<(Opportunity, Match)>, AppError> {
        policy::authorise(actor, Permission::ViewFunding, &Target::Nothing)?;
        let organisation = self.store.organisation_of_city(city).await?.ok_or(AppError::NotFound)?;
        self.open_matches(&city_candidate(&organisation)).await
    }

    /// A funder's page: its opportunities, the applications sent to it that `actor` may see, and
    /// its success rate over every decided application (a count, not a record).
    pub async fn funder(&self, actor: &Actor, id: OrganisationId, page: u64) -> Result<FunderView, AppError> {
        policy::authorise(actor, Permission::ViewFunding, &Target::Nothing)?;
        let funder = self.store.organisation(id).await?;
        if funder.kind != OrganisationKind::Funder {
            return Err(AppError::NotFound);
        }
        let page = page.clamp(1, MAX_PAGE);
        let query = OpportunityFilter { funder: Some(id), ..OpportunityFilter::default() };
        let (items, total) = self.store.opportunity_page(&query, page - 1, PER_PAGE).await?;
        let opportunities = Page { items, total, page, per_page: PER_PAGE };
        let filter =
            ApplicationFilter { funder: Some(id), cities: self.funding_cities(actor), ..ApplicationFilter::default() };
        let (items, total) = self.store.funding_application_page(&filter, page - 1, PER_PAGE).await?;
        let applications = Page { items, total, page, per_page: PER_PAGE };
        let (won, decided) = self.store.funder_outcomes(id).await?;
        Ok(FunderView { funder, opportunities, applications, won, decided, success_rate: success_rate(won, decided) })
    }

    /// Reads a draft into an opportunity (a new one, or `existing` changed), each problem noted
    /// against its field; `funders` are those a sheet's funder column may name.
    fn parse_opportunity(
        &self,
        draft: &OpportunityDraft,
        existing: Option<&Opportunity>,
        funders: &[Organisation],
        lang: Lang,
        errors: &mut FieldErrors,
    ) -> Option<Opportunity> {
        let wanted = draft.funder.trim();
        let funder = funders.iter().find(|f| {
            f.id.to_string() == wanted
                || [&f.names.fr, &f.names.en, &f.names.local]
                    .iter()
                    .any(|n| !n.is_empty() && n.eq_ignore_ascii_case(wanted))
        });
        if funder.is_none() {
            errors.add("funder", "error-funding-funder");
        }
        let mut title = Text::new();
        for (lang, typed) in &draft.titles {
            let checked = input::check(typed, TextKind::Title, &format!("title_{}", lang.code()), errors);
            if !checked.is_empty() {
                title = title.with(*lang, checked);
            }
        }
        let deadline = self.parse_deadline(draft, errors);
        let currency = parse_currency_field(&draft.currency, "currency", errors);
        let amount = |raw: &str, field: &str, errors: &mut FieldErrors| match (raw.trim(), currency) {
            ("", _) | (_, None) => None,
            (raw, Some(currency)) => parse_money_field(raw, currency, lang, field, errors),
        };
        let minimum = amount(&draft.minimum, "minimum", errors);
        let maximum = amount(&draft.maximum, "maximum", errors);
        let co_financing = match draft.co_financing.trim() {
            "" => None,
            raw => {
                let rate = CoFinancingRate::parse(raw);
                if rate.is_none() {
                    errors.add("co_financing", "error-funding-rate");
                }
                rate
            }
        };
        let applicant_kinds = parse_codes(&draft.applicant_kinds, OrganisationKind::parse).unwrap_or_else(|_| {
            errors.add("applicant_kinds", "error-funding-applicant-kind");
            Vec::new()
        });
        let countries = parse_codes(&draft.countries, CountryCode::parse).unwrap_or_else(|_| {
            errors.add("countries", "error-country-code");
            Vec::new()
        });
        let themes = parse_codes(&draft.themes, Theme::parse).unwrap_or_else(|_| {
            errors.add("themes", "error-theme");
            Vec::new()
        });
        let link = match draft.link.trim() {
            "" => String::new(),
            raw => check_link(raw).unwrap_or_else(|message| {
                errors.add("link", message);
                String::new()
            }),
        };
        let (Some(funder), Some(deadline)) = (funder, deadline) else { return None };
        let opportunity = Opportunity {
            id: existing.map_or_else(OpportunityId::new, |o| o.id),
            funder: funder.id,
            funder_name: funder.names.for_reader(Lang::En).to_owned(),
            title,
            deadline,
            minimum,
            maximum,
            co_financing,
            applicant_kinds,
            countries,
            themes,
            link,
            documents: existing.map(|o| o.documents.clone()).unwrap_or_default(),
            version: existing.map_or(1, |o| o.version + 1),
        };
        if let Err(more) = opportunity.check() {
            for problem in more.0 {
                if errors.for_field(&problem.field).is_none() {
                    errors.add(&problem.field, &problem.message);
                }
            }
        }
        Some(opportunity)
    }

    /// The deadline typed as a date, a time to the second and the funder's time zone.
    fn parse_deadline(&self, draft: &OpportunityDraft, errors: &mut FieldErrors) -> Option<Deadline> {
        let date = match draft.deadline_date.trim() {
            "" => {
                errors.add("deadline_date", "error-required");
                None
            }
            raw => parse_date(raw, "deadline_date", errors),
        };
        let time = match draft.deadline_time.trim() {
            "" => Some(Time::constant(23, 59, 59, 0)),
            raw => raw.parse::<Time>().map_err(|_| errors.add("deadline_time", "error-call-time")).ok(),
        };
        let zone = match draft.time_zone.trim() {
            "" => mekong_core::NETWORK_TIME_ZONE,
            zone => zone,
        };
        let (date, time): (Date, Time) = (date?, time?);
        Deadline::new(date.to_datetime(time), zone)
            .map_err(|message| {
                errors.add(if message == "error-time-zone" { "time_zone" } else { "deadline_time" }, message);
            })
            .ok()
    }

    async fn record_funding<T: Serialize>(
        &self,
        txn: &WriteTxn,
        actor: &Actor,
        (action, entity_type, entity_id): (&str, &str, String),
        before: Option<&T>,
        after: &T,
    ) -> Result<(), AppError> {
        let change = Change {
            action,
            entity_type,
            entity_id,
            before: before.and_then(|b| serde_json::to_value(b).ok()),
            after: serde_json::to_value(after).ok(),
        };
        self.record(txn, audit_actor(actor), change).await.map(|_| ())
    }

    /// Writes a new opportunity (`existing` None) or changes one read at `version`, with the
    /// documents uploaded; a moved deadline moves the reminders of applications in preparation.
    pub async fn save_opportunity(
        &self,
        actor: &Actor,
        existing: Option<(OpportunityId, i32)>,
        draft: &OpportunityDraft,
        lang: Lang,
        uploads: &[Upload],
    ) -> Result<Opportunity, AppError> {
        policy::authorise(actor, Permission::ManageFunding, &Target::Nothing)?;
        let before = match existing {
            Some((id, version)) => {
                let before = self.store.opportunity(id).await?;
                if before.version != version {
                    return Err(AppError::Conflict);
                }
                Some(before)
            }
            None => None,
        };
        let funders = self.funders(actor).await?;
        let mut errors = FieldErrors::default();
        let opportunity = self.parse_opportunity(draft, before.as_ref(), &funders, lang, &mut errors);
        let (Some(mut opportunity), true) = (opportunity, errors.is_empty()) else {
            return Err(AppError::Validation(errors));
        };
        let txn = self.store.begin_write().await?;
        opportunity.documents.extend(self.store_uploads(&txn, uploads).await?);
        txn.save_opportunity(&opportunity).await?;
        let action = if before.is_some() { "funding.opportunity_updated" } else { "funding.opportunity_created" };
        let what = (action, "funding_opportunity", opportunity.id.to_string());
        self.record_funding(&txn, actor, what, before.as_ref(), &opportunity).await?;
        if before.as_ref().is_some_and(|b| b.deadline.instant != opportunity.deadline.instant) {
            for application in txn.preparing_applications(opportunity.id).await? {
                self.schedule_application_reminders(&txn, &application, opportunity.deadline.instant).await?;
            }
            for project in self.projects_answering(opportunity.id).await? {
                self.schedule_answering_project_reminders(&txn, &project, opportunity.deadline.instant).await?;
            }
        }
        txn.commit().await?;
        Ok(opportunity)
    }

    /// Imports opportunities from a CSV or XLSX sheet in the `IMPORT_COLUMNS` layout: every row
    /// is checked first, problems named `row:column`; nothing is saved unless all rows are right.
    pub async fn import_opportunities(&self, actor: &Actor, bytes: &[u8]) -> Result<Vec<Opportunity>, AppError> {
        policy::authorise(actor, Permission::ManageFunding, &Target::Nothing)?;
        let table = crate::spreadsheets::read_upload(bytes)?;
        let drafts = opportunity_drafts(&table)?;
        let funders = self.funders(actor).await?;
        let mut errors = FieldErrors::default();
        let mut opportunities = Vec::new();
        for (line, draft) in drafts {
            let mut row = FieldErrors::default();
            // Sheets are written in the machine form (`125000.50`) whatever the reader's language.
            let parsed = self.parse_opportunity(&draft, None, &funders, Lang::En, &mut row);
            for problem in row.0 {
                errors.add(&format!("{line}:{}", problem.field), &problem.message);
            }
            opportunities.extend(parsed);
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let txn = self.store.begin_write().await?;
        for opportunity in &opportunities {
            txn.save_opportunity(opportunity).await?;
            let what = ("funding.opportunity_imported", "funding_opportunity", opportunity.id.to_string());
            self.record_funding(&txn, actor, what, None, opportunity).await?;
        }
        txn.commit().await?;
        Ok(opportunities)
    }

    /// Records an application to the opportunity's funder, in preparation, owned by `actor`.
    pub async fn record_funding_application(
        &self,
        actor: &Actor,
        opportunity: OpportunityId,
        draft: &ApplicationDraft,
        lang: Lang,
    ) -> Result<FundingApplication, AppError> {
        policy::authorise(actor, Permission::RecordFundingApplication, &Target::Nothing)?;
        let opportunity = self.store.opportunity(opportunity).await?;
        let owner = actor.user_id().ok_or(AppError::Forbidden)?;
        let mut errors = FieldErrors::default();
        let city = match CityCode::parse(&draft.city) {
            Ok(city) => {
                policy::authorise(actor, Permission::RecordFundingApplication, &Target::City(city.clone()))?;
                match self.store.find_city(&city).await {
                    Ok(_) => Some(city),
                    Err(StoreError::NotFound) => {
                        errors.add("city", "error-city");
                        None
                    }
                    Err(other) => return Err(other.into()),
                }
            }
            Err(_) => {
                errors.add("city", "error-city");
                None
            }
        };
        let project = match draft.project.trim() {
            "" => None,
            raw => {
                let found = match uuid::Uuid::parse_str(raw) {
                    Ok(id) => match self.store.project(mekong_core::ids::ProjectId(id)).await {
                        Ok(_) => Some(id),
                        Err(mekong_store::StoreError::NotFound) => None,
                        Err(other) => return Err(other.into()),
                    },
                    Err(_) => None,
                };
                if found.is_none() {
                    errors.add("project", "error-funding-project");
                }
                found
            }
        };
        let currency = parse_currency_field(&draft.currency, "currency", &mut errors);
        let requested = currency.and_then(|c| parse_money_field(&draft.requested, c, lang, "requested", &mut errors));
        if requested.is_some_and(|r| r.amount_minor() <= 0) {
            errors.add("requested", "error-funding-range");
        }
        let (Some(city), Some(requested), true) = (city, requested, errors.is_empty()) else {
            return Err(AppError::Validation(errors));
        };
        let application = FundingApplication {
            id: FundingApplicationId::new(),
            opportunity: opportunity.id,
            funder: opportunity.funder,
            city,
            project,
            owner,
            owner_name: actor_name(actor),
            requested,
            status: ApplicationStatus::Preparing,
            outcome: None,
            reminded: Vec::new(),
            recorded_at: self.clock.now(),
            version: 1,
        };
        let txn = self.store.begin_write().await?;
        txn.save_funding_application(&application).await?;
        let what = ("funding.application_recorded", "funding_application", application.id.to_string());
        self.record_funding(&txn, actor, what, None, &application).await?;
        self.schedule_application_reminders(&txn, &application, opportunity.deadline.instant).await?;
        txn.commit().await?;
        Ok(application)
    }

    /// An application, when `actor` may see it (staff, or its city's focal points).
    pub async fn funding_application(
        &self,
        actor: &Actor,
        id: FundingApplicationId,
    ) -> Result<FundingApplication, AppError> {
        policy::authorise(actor, Permission::ViewFunding, &Target::Nothing)?;
        let application = self.store.funding_application(id).await?;
        if self.funding_cities(actor).is_some_and(|cities| !cities.contains(&application.city)) {
            return Err(AppError::Forbidden);
        }
        Ok(application)
    }

    /// Moves an application read at `version` on: submitted, then won (with the amount granted)
    /// or lost, with the outcome's date and a comment.
    pub async fn step_funding_application(
        &self,
        actor: &Actor,
        id: FundingApplicationId,
        version: i32,
        draft: &StepDraft,
        lang: Lang,
    ) -> Result<FundingApplication, AppError> {
        let before = self.store.funding_application(id).await?;
        policy::authorise(actor, Permission::RecordFundingApplication, &Target::City(before.city.clone()))?;
        if before.version != version {
            return Err(AppError::Conflict);
        }
        let mut errors = FieldErrors::default();
        let comment = input::check(&draft.comment, TextKind::Comment, "comment", &mut errors);
        let today = self.today();
        let on = match draft.outcome_on.trim() {
            "" => Some(today),
            raw => parse_date(raw, "outcome_on", &mut errors),
        };
        let step = match (draft.step.trim(), on) {
            ("submit", _) => Some(ApplicationStep::Submit),
            ("won", Some(on)) => {
                let granted =
                    parse_money_field(&draft.granted, before.requested.currency(), lang, "granted", &mut errors);
                granted.map(|granted| ApplicationStep::Won { on, granted, comment: comment.clone() })
            }
            ("lost", Some(on)) => Some(ApplicationStep::Lost { on, comment: comment.clone() }),
            ("won" | "lost", None) => None,
            _ => {
                errors.add("step", "error-required");
                None
            }
        };
        let (Some(step), true) = (step, errors.is_empty()) else { return Err(AppError::Validation(errors)) };
        let mut after = before.clone();
        after.step(step, today).map_err(AppError::Validation)?;
        after.version += 1;
        let txn = self.store.begin_write().await?;
        txn.save_funding_application(&after).await?;
        let action = format!("funding.application_{}", after.status.code());
        let what = (action.as_str(), "funding_application", after.id.to_string());
        self.record_funding(&txn, actor, what, Some(&before), &after).await?;
        txn.commit().await?;
        Ok(after)
    }

    /// A document of an opportunity, for those who see opportunities.
    pub async fn open_opportunity_document(
        &self,
        actor: &Actor,
        id: OpportunityId,
        sha256: &str,
    ) -> Result<(String, String, Vec<u8>), AppError> {
        policy::authorise(actor, Permission::ViewFunding, &Target::Nothing)?;
        let opportunity = self.store.opportunity(id).await?;
        let document = opportunity.documents.iter().find(|d| d.sha256 == sha256).ok_or(AppError::NotFound)?;
        let (file, bytes) = self.read_file(&document.sha256).await?;
        Ok((document.name.clone(), file.content_type, bytes))
    }
}

/// The drafts of a sheet's rows with their line numbers (the header is line 1); a sheet without
/// the funder and deadline columns, or over the row limit, is refused whole.
fn opportunity_drafts(table: &Table) -> Result<Vec<(usize, OpportunityDraft)>, AppError> {
    let at = |name: &str| table.headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    if at("funder").is_none() || at("deadline_date").is_none() {
        return Err(AppError::field("file", "error-funding-columns"));
    }
    if table.rows.len() > MAX_IMPORT_ROWS {
        return Err(AppError::field("file", "error-funding-too-many-rows"));
    }
    let mut drafts = Vec::new();
    for (index, row) in table.rows.iter().enumerate() {
        if row.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let get = |name: &str| at(name).and_then(|i| row.get(i)).map(|s| s.trim().to_owned()).unwrap_or_default();
        drafts.push((
            index + 2,
            OpportunityDraft {
                funder: get("funder"),
                titles: Lang::ALL.iter().map(|l| (*l, get(&format!("title_{}", l.code())))).collect(),
                deadline_date: get("deadline_date"),
                deadline_time: get("deadline_time"),
                time_zone: get("time_zone"),
                currency: get("currency"),
                minimum: get("minimum"),
                maximum: get("maximum"),
                co_financing: get("co_financing"),
                applicant_kinds: get("applicant_kinds"),
                countries: get("countries"),
                themes: get("themes"),
                link: get("link"),
            },
        ));
    }
    Ok(drafts)
}
