//! The project pipeline's use cases: proposing a project (which creates the results programme
//! it owns, in the same transaction), editing it, its documents, moving it along the stages
//! its checklists allow, the secretariat's approval of a submission, monitoring missions, and
//! the portfolio (a page of projects with counts per stage and totals per currency), and the
//! funding opportunity a project answers (one of its funder's, its owner reminded of the
//! deadline). Every change is written to the audit trail, which the project's page shows as its
//! history.

use crate::audit::{AuditFilter, Change, audit_actor};
use crate::events::Upload;
use crate::finance::actor_name;
use crate::organisations::{MAX_PAGE, PER_PAGE, Page};
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::audit::AuditEntry;
use mekong_core::directory::CityCode;
use mekong_core::finance::missions::Mission;
use mekong_core::funding::{Match, Opportunity};
use mekong_core::identity::Role;
use mekong_core::ids::{MissionId, OpportunityId, OrganisationId, ProgrammeId, ProjectId, UserId};
use mekong_core::input::{self, TextKind};
use mekong_core::money::{Money, parse_currency_field, parse_money_field};
use mekong_core::people::{Organisation, OrganisationFilter, parse_date};
use mekong_core::projects::{DocumentKind, Project, ProjectDocument, Stage};
use mekong_core::results::{LogframeStatus, Programme};
use mekong_core::validation::FieldErrors;
use mekong_core::vocabulary::{OrganisationKind, Theme};
use mekong_core::{Lang, Text};
use mekong_store::funding::OpportunityFilter;
use mekong_store::projects::{ProjectFilter, ProjectReader};
use mekong_store::{StoreError, WriteTxn};

/// The most open opportunities a project's form offers (a network follows a few dozen calls).
const MAX_OPPORTUNITY_CHOICES: u64 = 500;

/// A project as typed into its form (or sent to the API).
#[derive(Debug, Clone, Default)]
pub struct ProjectDraft {
    pub titles: Vec<(Lang, String)>,
    pub summary: String,
    pub cities: Vec<String>,
    pub partners: Vec<String>,
    /// An organisation of kind funder, by id; empty for none yet.
    pub funder: String,
    /// A funding opportunity's id; empty for none.
    pub opportunity: String,
    pub starts_on: String,
    pub ends_on: String,
    /// The amount, read by `typed_in`'s number rules; empty for none yet.
    pub budget: String,
    pub currency: String,
    pub themes: Vec<String>,
    /// The account that carries the project, by id; empty: the author.
    pub owner: String,
    pub typed_in: Lang,
}

impl ProjectDraft {
    /// The form of a saved project.
    pub fn of(project: &Project, lang: Lang) -> ProjectDraft {
        ProjectDraft {
            titles: Lang::ALL.iter().map(|l| (*l, project.title.exact(*l).unwrap_or_default().to_owned())).collect(),
            summary: project.summary.clone(),
            cities: project.cities.iter().map(ToString::to_string).collect(),
            partners: project.partners.iter().map(ToString::to_string).collect(),
            funder: project.funder.map(|f| f.to_string()).unwrap_or_default(),
            opportunity: project.opportunity.map(|o| o.to_string()).unwrap_or_default(),
            starts_on: project.starts_on.map(|d| d.to_string()).unwrap_or_default(),
            ends_on: project.ends_on.map(|d| d.to_string()).unwrap_or_default(),
            budget: project.budget.map(Money::plain).unwrap_or_default(),
            currency: project.budget.map(|b| b.currency().code().to_owned()).unwrap_or_default(),
            themes: project.themes.iter().map(|t| t.code().to_owned()).collect(),
            owner: project.owner.map(|o| o.to_string()).unwrap_or_default(),
            typed_in: lang,
        }
    }
}

/// Which projects the portfolio shows, besides what the reader may see.
#[derive(Debug, Clone, Default)]
pub struct PortfolioFilter {
    pub stage: Option<Stage>,
    pub city: Option<CityCode>,
    pub theme: Option<Theme>,
    pub funder: Option<OrganisationId>,
}

/// The portfolio: a page of projects, how many at each stage and the budgets per currency.
#[derive(Debug, Clone)]
pub struct Portfolio {
    pub projects: Page<Project>,
    /// Every stage, with how many projects (with the other filters) stand there.
    pub stages: Vec<(Stage, i64)>,
    /// One total per currency, summed by the database.
    pub totals: Vec<Money>,
    /// The funders named by the page's projects.
    pub funders: Vec<Organisation>,
}

/// A project with what its page shows beside it.
#[derive(Debug, Clone)]
pub struct ProjectView {
    pub project: Project,
    pub history: Vec<AuditEntry>,
    pub funder: Option<Organisation>,
    pub partners: Vec<Organisation>,
    /// Its monitoring visits the reader may see, with their reports.
    pub missions: Vec<Mission>,
    /// The funding opportunity it answers.
    pub opportunity: Option<Opportunity>,
    /// The open opportunities it matches while it seeks funding, best first (for readers who
    /// see funding).
    pub matches: Vec<(Opportunity, Match)>,
}

/// A person who may carry a project: the coordinator or a city's focal point.
#[derive(Debug, Clone)]
pub struct OwnerChoice {
    pub id: UserId,
    pub name: String,
}

fn target(project: &Project) -> Target {
    Target::Project {
        cities: project.cities.clone(),
        partners: project.partners.iter().map(|p| p.0).collect(),
        owner: project.owner,
    }
}

fn uuid_field(raw: &str) -> Option<Option<uuid::Uuid>> {
    match raw.trim() {
        "" => Some(None),
        raw => uuid::Uuid::parse_str(raw).ok().map(Some),
    }
}

/// The fields of a project once read from its draft.
struct Parsed {
    title: Text,
    summary: String,
    cities: Vec<CityCode>,
    partners: Vec<OrganisationId>,
    funder: Option<OrganisationId>,
    opportunity: Option<OpportunityId>,
    starts_on: Option<jiff::civil::Date>,
    ends_on: Option<jiff::civil::Date>,
    budget: Option<Money>,
    themes: Vec<Theme>,
    owner: Option<(UserId, String)>,
}

impl App {
    /// The reader's view of the projects: `None` for network staff (all of them).
    pub(crate) fn project_reader(actor: &Actor) -> Option<ProjectReader> {
        (!actor.is_staff()).then(|| ProjectReader {
            cities: actor.focal_cities(),
            organisations: actor.partner_organisations().into_iter().map(OrganisationId).collect(),
            owner: actor.user_id(),
        })
    }

    /// The portfolio: one page (from 1) of the projects `actor` may see with the filters, the
    /// count at each stage and the budget totals per currency.
    pub async fn portfolio(&self, actor: &Actor, filter: &PortfolioFilter, page: u64) -> Result<Portfolio, AppError> {
        policy::authorise(actor, Permission::ViewProjects, &Target::Nothing)?;
        let page = page.clamp(1, MAX_PAGE);
        let query = ProjectFilter {
            reader: Self::project_reader(actor),
            stage: filter.stage,
            city: filter.city.clone(),
            theme: filter.theme,
            funder: filter.funder,
            ..ProjectFilter::default()
        };
        let (items, total) = self.store.projects_page(&query, page - 1, PER_PAGE).await?;
        let counted = self.store.project_stage_counts(&query).await?;
        let stages = Stage::ALL
            .iter()
            .map(|s| (*s, counted.iter().find(|(code, _)| code == s.code()).map_or(0, |(_, n)| *n)))
            .collect();
        let mut totals = Vec::new();
        for (currency, minor) in self.store.project_budget_totals(&query).await? {
            let currency = mekong_core::money::Currency::parse(&currency)
                .map_err(|_| AppError::Internal(format!("project budget currency {currency}")))?;
            totals.push(Money::new(minor, currency));
        }
        let mut funders: Vec<Organisation> = Vec::new();
        for id in items.iter().filter_map(|p| p.funder) {
            if !funders.iter().any(|f| f.id == id) {
                funders.push(self.store.organisation(id).await?);
            }
        }
        Ok(Portfolio { projects: Page { items, total, page, per_page: PER_PAGE }, stages, totals, funders })
    }

    /// A city's projects the reader may see (the first page), for the city's page; none for
    /// the public.
    pub async fn projects_of_city(&self, actor: &Actor, city: &CityCode) -> Result<Page<Project>, AppError> {
        if actor.user.is_none() {
            return Ok(Page { items: Vec::new(), total: 0, page: 1, per_page: PER_PAGE });
        }
        let filter = PortfolioFilter { city: Some(city.clone()), ..PortfolioFilter::default() };
        Ok(self.portfolio(actor, &filter, 1).await?.projects)
    }

    /// A project with its history, funder, partners and visible monitoring missions.
    pub async fn project(&self, actor: &Actor, id: ProjectId) -> Result<ProjectView, AppError> {
        let project = self.store.project(id).await?;
        policy::authorise(actor, Permission::ViewProjects, &target(&project))?;
        let filter = AuditFilter {
            entity_type: Some("project".into()),
            entity_id: Some(id.to_string()),
            limit: 200,
            ..AuditFilter::default()
        };
        let history = self.store.audit_entries(&filter).await?;
        let funder = match project.funder {
            Some(id) => Some(self.store.organisation(id).await?),
            None => None,
        };
        let mut partners = Vec::new();
        for id in &project.partners {
            partners.push(self.store.organisation(*id).await?);
        }
        let mut missions = Vec::new();
        for id in &project.missions {
            match self.mission(actor, *id).await {
                Ok(view) => missions.push(view.mission),
                Err(AppError::Forbidden | AppError::Unauthenticated) => {}
                Err(other) => return Err(other),
            }
        }
        let opportunity = match project.opportunity {
            Some(id) => Some(self.store.opportunity(id).await?),
            None => None,
        };
        let matches = self.project_opportunities(actor, &project).await?;
        Ok(ProjectView { project, history, funder, partners, missions, opportunity, matches })
    }

    /// Whether `actor` may propose a project (the new project link).
    pub fn may_propose_project(&self, actor: &Actor) -> bool {
        policy::authorise(actor, Permission::ProposeProjects, &Target::Nothing).is_ok()
    }

    /// The accounts that may carry a project: the coordinators and the cities' focal points.
    pub async fn project_owners(&self, actor: &Actor) -> Result<Vec<OwnerChoice>, AppError> {
        policy::authorise(actor, Permission::ProposeProjects, &Target::Nothing)?;
        let grants = self.store.all_grants().await?;
        let users = self.store.list_users().await?;
        Ok(users
            .into_iter()
            .filter(|u| u.active)
            .filter(|u| {
                grants.iter().any(|(id, g)| *id == u.id && matches!(g.role, Role::Coordinator | Role::CityFocalPoint))
            })
            .map(|u| OwnerChoice { id: u.id, name: u.display_name })
            .collect())
    }

    /// The directory's funders (organisations of kind funder), for the form and the portfolio's
    /// filter.
    pub async fn project_funders(&self) -> Result<Vec<Organisation>, AppError> {
        let funders = OrganisationFilter { kind: Some(OrganisationKind::Funder), ..OrganisationFilter::default() };
        Ok(self.store.organisations(&funders, 500, 0).await?.0)
    }

    /// The opportunities a project may answer, for its form: the open ones, the nearest deadline
    /// first, and `current` (the one it answers already, which stays chosen once closed).
    pub async fn project_opportunity_choices(
        &self,
        actor: &Actor,
        current: &str,
    ) -> Result<Vec<Opportunity>, AppError> {
        policy::authorise(actor, Permission::ProposeProjects, &Target::Nothing)?;
        let now = self.clock.now();
        let open = OpportunityFilter { open: Some(true), now: Some(now), ..OpportunityFilter::default() };
        let (mut choices, _) = self.store.opportunity_page(&open, 0, MAX_OPPORTUNITY_CHOICES).await?;
        if let Some(Some(id)) = uuid_field(current).map(|id| id.map(OpportunityId))
            && !choices.iter().any(|o| o.id == id)
        {
            match self.store.opportunity(id).await {
                Ok(chosen) => choices.insert(0, chosen),
                Err(StoreError::NotFound) => {}
                Err(other) => return Err(other.into()),
            }
        }
        Ok(choices)
    }

    /// The organisations that may be a project's partners (all but the member cities' own).
    pub async fn project_partner_choices(&self) -> Result<Vec<Organisation>, AppError> {
        let (all, _) = self.store.organisations(&OrganisationFilter::default(), 1000, 0).await?;
        Ok(all.into_iter().filter(|o| o.kind != OrganisationKind::LocalAuthority).collect())
    }

    async fn parse_project(&self, actor: &Actor, draft: &ProjectDraft) -> Result<Parsed, AppError> {
        let mut errors = FieldErrors::default();
        let title = draft.titles.iter().fold(Text::new(), |text, (lang, value)| {
            text.with(*lang, input::check(value, TextKind::Title, &format!("title_{}", lang.code()), &mut errors))
        });
        let summary = input::check(&draft.summary, TextKind::Body, "summary", &mut errors);
        let mut cities = Vec::new();
        for raw in draft.cities.iter().filter(|c| !c.trim().is_empty()) {
            match CityCode::parse(raw) {
                Ok(city) => match self.store.find_city(&city).await {
                    Ok(_) if !cities.contains(&city) => cities.push(city),
                    Ok(_) => {}
                    Err(StoreError::NotFound) => errors.add("cities", "error-city"),
                    Err(other) => return Err(other.into()),
                },
                Err(_) => errors.add("cities", "error-city"),
            }
        }
        let organisation = |raw: &str, field: &'static str, errors: &mut FieldErrors| match uuid_field(raw) {
            Some(id) => id.map(OrganisationId),
            None => {
                errors.add(field, "error-organisation");
                None
            }
        };
        let mut partners = Vec::new();
        for raw in &draft.partners {
            if let Some(id) = organisation(raw, "partners", &mut errors) {
                match self.store.organisation(id).await {
                    Ok(_) if !partners.contains(&id) => partners.push(id),
                    Ok(_) => {}
                    Err(StoreError::NotFound) => errors.add("partners", "error-organisation"),
                    Err(other) => return Err(other.into()),
                }
            }
        }
        let funder = organisation(&draft.funder, "funder", &mut errors);
        if let Some(id) = funder {
            match self.store.organisation(id).await {
                Ok(org) if org.kind == OrganisationKind::Funder => {}
                Ok(_) | Err(StoreError::NotFound) => errors.add("funder", "error-project-funder"),
                Err(other) => return Err(other.into()),
            }
        }
        let opportunity = match uuid_field(&draft.opportunity) {
            Some(None) => None,
            Some(Some(id)) => match self.store.opportunity(OpportunityId(id)).await {
                // The call of another funder than the project's cannot be the one it answers.
                Ok(found) if funder.is_some_and(|f| f != found.funder) => {
                    errors.add("opportunity", "error-project-opportunity-funder");
                    None
                }
                Ok(found) => Some(found.id),
                Err(StoreError::NotFound) => {
                    errors.add("opportunity", "error-project-opportunity");
                    None
                }
                Err(other) => return Err(other.into()),
            },
            None => {
                errors.add("opportunity", "error-project-opportunity");
                None
            }
        };
        let starts_on = parse_date(&draft.starts_on, "starts_on", &mut errors);
        let ends_on = parse_date(&draft.ends_on, "ends_on", &mut errors);
        let budget = match (draft.budget.trim(), draft.currency.trim()) {
            ("", _) => None,
            (raw, currency) => parse_currency_field(currency, "currency", &mut errors)
                .and_then(|c| parse_money_field(raw, c, draft.typed_in, "budget", &mut errors)),
        };
        let mut themes = Vec::new();
        for raw in draft.themes.iter().filter(|t| !t.trim().is_empty()) {
            match Theme::parse(raw) {
                Some(theme) if !themes.contains(&theme) => themes.push(theme),
                Some(_) => {}
                None => errors.add("themes", "error-theme"),
            }
        }
        let owner = match uuid_field(&draft.owner) {
            Some(None) => actor.user.as_ref().map(|u| (u.id, u.display_name.clone())),
            Some(Some(id)) => {
                let owners = self.project_owners(actor).await?;
                let found = owners.into_iter().find(|o| o.id.0 == id).map(|o| (o.id, o.name));
                if found.is_none() {
                    errors.add("owner", "error-project-owner");
                }
                found
            }
            None => {
                errors.add("owner", "error-project-owner");
                None
            }
        };
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        Ok(Parsed { title, summary, cities, partners, funder, opportunity, starts_on, ends_on, budget, themes, owner })
    }

    async fn record_project(
        &self,
        txn: &WriteTxn,
        actor: &Actor,
        action: &str,
        before: Option<&Project>,
        after: &Project,
    ) -> Result<(), AppError> {
        let change = Change {
            action,
            entity_type: "project",
            entity_id: after.id.to_string(),
            before: before.and_then(|b| serde_json::to_value(b).ok()),
            after: serde_json::to_value(after).ok(),
        };
        self.record(txn, audit_actor(actor), change).await.map(|_| ())
    }

    /// Proposes a project at the idea stage, with the results programme it owns (an empty
    /// draft logframe, coded with the project's number), in one transaction.
    pub async fn create_project(&self, actor: &Actor, draft: &ProjectDraft) -> Result<Project, AppError> {
        let cities: Vec<CityCode> = draft.cities.iter().filter_map(|c| CityCode::parse(c).ok()).collect();
        let asked = if cities.is_empty() {
            Target::Nothing
        } else {
            Target::Project { cities: cities.clone(), partners: Vec::new(), owner: None }
        };
        policy::authorise(actor, Permission::ProposeProjects, &asked)?;
        let parsed = self.parse_project(actor, draft).await?;
        let now = self.clock.now();
        let today = self.today();
        let programme_id = ProgrammeId::new();
        let mut project = Project {
            id: ProjectId::new(),
            number: String::new(),
            title: parsed.title,
            summary: parsed.summary,
            cities: parsed.cities,
            partners: parsed.partners,
            funder: parsed.funder,
            opportunity: parsed.opportunity,
            starts_on: parsed.starts_on,
            ends_on: parsed.ends_on,
            budget: parsed.budget,
            themes: parsed.themes,
            owner: parsed.owner.as_ref().map(|o| o.0),
            owner_name: parsed.owner.map(|o| o.1).unwrap_or_default(),
            programme: programme_id,
            stage: Stage::Idea,
            documents: Vec::new(),
            missions: Vec::new(),
            approval: None,
            reminded: Vec::new(),
            created_at: now,
            version: 1,
        };
        project.check().map_err(AppError::Validation)?;
        // A focal point proposes for their own city (a peer city may join it).
        policy::authorise(actor, Permission::ProposeProjects, &target(&project))?;
        let txn = self.store.begin_write().await?;
        let prefix = format!("PRJ-{:04}", today.year());
        project.number = format!("{prefix}-{:03}", txn.project_numbers_taken(&prefix).await? + 1);
        let funder_name = match project.funder {
            Some(id) => self.store.organisation(id).await?.names.for_reader(Lang::En).to_owned(),
            None => String::new(),
        };
        let starts = project.starts_on.unwrap_or(today);
        let programme = Programme {
            id: programme_id,
            code: project.number.clone(),
            title: project.title.clone(),
            starts,
            ends: project.ends_on.unwrap_or_else(|| starts.saturating_add(jiff::Span::new().years(3))),
            funder: funder_name,
            currency: match project.budget {
                Some(budget) => budget.currency(),
                None => {
                    mekong_core::money::Currency::parse("EUR").map_err(|_| AppError::Internal("the euro".into()))?
                }
            },
            contract_reference: String::new(),
            status: LogframeStatus::Draft,
            approved_version: 0,
            version: 1,
        };
        txn.save_programme(&programme).await?;
        let change = Change {
            action: "programme.created",
            entity_type: "programme",
            entity_id: programme.code.clone(),
            before: None,
            after: serde_json::to_value(&programme).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.save_project(&project).await?;
        self.record_project(&txn, actor, "project.created", None, &project).await?;
        self.schedule_project_reminders(&txn, None, &project).await?;
        txn.commit().await?;
        Ok(project)
    }

    /// Reads the project at `version` once `actor` may see it and take `permission` on it
    /// (refused before the form is read: a stranger learns nothing from validation).
    async fn may_change_project(
        &self,
        actor: &Actor,
        id: ProjectId,
        permission: Permission,
    ) -> Result<Project, AppError> {
        let project = self.store.project(id).await?;
        policy::authorise(actor, Permission::ViewProjects, &target(&project))?;
        policy::authorise(actor, permission, &target(&project))?;
        Ok(project)
    }

    /// Applies one change to the project read at `version` and records it.
    async fn change_project(
        &self,
        actor: &Actor,
        (before, version): (Project, i32),
        action: &str,
        uploads: &[Upload],
        step: impl FnOnce(&mut Project, Vec<mekong_core::events::Document>) -> Result<(), FieldErrors>,
    ) -> Result<Project, AppError> {
        if before.version != version {
            return Err(AppError::Conflict);
        }
        let txn = self.store.begin_write().await?;
        let documents = self.store_uploads(&txn, uploads).await?;
        let mut after = before.clone();
        step(&mut after, documents).map_err(AppError::Validation)?;
        after.version += 1;
        // Another opportunity has its own deadline: its reminders start again.
        if after.opportunity != before.opportunity {
            after.reminded.clear();
        }
        txn.save_project(&after).await?;
        self.record_project(&txn, actor, action, Some(&before), &after).await?;
        self.schedule_project_reminders(&txn, Some(&before), &after).await?;
        txn.commit().await?;
        Ok(after)
    }

    /// Saves the project's fields as typed.
    pub async fn update_project(
        &self,
        actor: &Actor,
        id: ProjectId,
        version: i32,
        draft: &ProjectDraft,
    ) -> Result<Project, AppError> {
        let before = self.may_change_project(actor, id, Permission::ProposeProjects).await?;
        // No owner named keeps the one the project has (the author is the default only at creation).
        let keeps_owner = draft.owner.trim().is_empty();
        let parsed = self.parse_project(actor, draft).await?;
        // A focal point does not hand their project over to other cities only (no city at all
        // is the form's error, said next to the field).
        if !parsed.cities.is_empty() {
            let cities = parsed.cities.clone();
            policy::authorise(
                actor,
                Permission::ProposeProjects,
                &Target::Project { cities, partners: Vec::new(), owner: None },
            )?;
        }
        self.change_project(actor, (before, version), "project.updated", &[], |p, _| {
            p.title = parsed.title;
            p.summary = parsed.summary;
            p.cities = parsed.cities;
            p.partners = parsed.partners;
            p.funder = parsed.funder;
            p.opportunity = parsed.opportunity;
            p.starts_on = parsed.starts_on;
            p.ends_on = parsed.ends_on;
            p.budget = parsed.budget;
            p.themes = parsed.themes;
            if let (Some((owner, name)), false) = (parsed.owner, keeps_owner) {
                p.owner = Some(owner);
                p.owner_name = name;
            }
            p.check()
        })
        .await
    }

    /// Adds documents of a kind (a concept note, the funder's decision...).
    pub async fn add_project_documents(
        &self,
        actor: &Actor,
        id: ProjectId,
        version: i32,
        kind: &str,
        uploads: &[Upload],
    ) -> Result<Project, AppError> {
        let before = self.may_change_project(actor, id, Permission::ProposeProjects).await?;
        let mut errors = FieldErrors::default();
        let kind = DocumentKind::parse(kind);
        if kind.is_none() {
            errors.add("kind", "error-required");
        }
        if uploads.iter().all(|u| u.bytes.is_empty()) {
            errors.add("documents", "error-required");
        }
        let (Some(kind), true) = (kind, errors.is_empty()) else {
            return Err(AppError::Validation(errors));
        };
        let (by, at) = (actor_name(actor), self.clock.now());
        self.change_project(actor, (before, version), "project.document_added", uploads, |p, documents| {
            p.documents.extend(documents.into_iter().map(|document| ProjectDocument {
                kind,
                document,
                added_by: by.clone(),
                added_at: at,
            }));
            Ok(())
        })
        .await
    }

    /// Moves the project to the stage `to`, when its checklist is complete. Up to the
    /// submission, those who propose it move it; past it, those who run the pipeline.
    pub async fn move_project(
        &self,
        actor: &Actor,
        id: ProjectId,
        version: i32,
        to: &str,
    ) -> Result<Project, AppError> {
        let before = self.may_change_project(actor, id, Permission::ProposeProjects).await?;
        let Some(to) = Stage::parse(to) else {
            let mut errors = FieldErrors::default();
            errors.add("stage", "error-project-stage");
            return Err(AppError::Validation(errors));
        };
        if matches!(
            before.stage,
            Stage::Submitted | Stage::Approved | Stage::Rejected | Stage::Implementation | Stage::Closed
        ) {
            policy::authorise(actor, Permission::ManageProjects, &target(&before))?;
        }
        self.change_project(actor, (before, version), "project.stage_moved", &[], |p, _| p.move_to(to)).await
    }

    /// Asks the secretariat to approve the project's submission.
    pub async fn request_project_approval(
        &self,
        actor: &Actor,
        id: ProjectId,
        version: i32,
    ) -> Result<Project, AppError> {
        let before = self.may_change_project(actor, id, Permission::ProposeProjects).await?;
        let (by, at) = (actor_name(actor), self.clock.now());
        self.change_project(actor, (before, version), "project.approval_requested", &[], |p, _| {
            p.request_approval(&by, at)
        })
        .await
    }

    /// The secretariat approves the submission, or sends it back with a comment.
    pub async fn decide_project_approval(
        &self,
        actor: &Actor,
        id: ProjectId,
        version: i32,
        approve: bool,
        comment: &str,
    ) -> Result<Project, AppError> {
        let before = self.may_change_project(actor, id, Permission::ApproveProjects).await?;
        let mut errors = FieldErrors::default();
        let comment = input::check(comment, TextKind::Comment, "comment", &mut errors);
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let (by, at) = (actor_name(actor), self.clock.now());
        let action = if approve { "project.approved" } else { "project.sent_back" };
        self.change_project(actor, (before, version), action, &[], |p, _| p.decide_approval(approve, &comment, &by, at))
            .await
    }

    /// Links a mission order of the missions area as a monitoring visit of the project.
    pub async fn link_project_mission(
        &self,
        actor: &Actor,
        id: ProjectId,
        version: i32,
        mission: &str,
    ) -> Result<Project, AppError> {
        let before = self.may_change_project(actor, id, Permission::ManageProjects).await?;
        let mission = match uuid::Uuid::parse_str(mission.trim()).map(MissionId) {
            Ok(mission) => match self.store.mission(mission).await {
                Ok(found) => Some(found.id),
                Err(StoreError::NotFound) => None,
                Err(other) => return Err(other.into()),
            },
            Err(_) => None,
        };
        let Some(mission) = mission.filter(|m| !before.missions.contains(m)) else {
            let mut errors = FieldErrors::default();
            errors.add("mission", "error-project-mission");
            return Err(AppError::Validation(errors));
        };
        self.change_project(actor, (before, version), "project.mission_linked", &[], |p, _| {
            p.missions.push(mission);
            Ok(())
        })
        .await
    }

    /// The missions to the project's cities, offered as monitoring visits to link.
    pub async fn project_mission_choices(&self, actor: &Actor, project: &Project) -> Result<Vec<Mission>, AppError> {
        if policy::authorise(actor, Permission::ManageProjects, &target(project)).is_err() {
            return Ok(Vec::new());
        }
        let mut found: Vec<Mission> = Vec::new();
        for city in &project.cities {
            for mission in self.store.missions_to_city(city).await? {
                if !project.missions.contains(&mission.id) && !found.iter().any(|m| m.id == mission.id) {
                    found.push(mission);
                }
            }
        }
        Ok(found)
    }

    /// A document of the project, for those who may see it.
    pub async fn open_project_document(
        &self,
        actor: &Actor,
        id: ProjectId,
        sha256: &str,
    ) -> Result<(String, String, Vec<u8>), AppError> {
        let project = self.store.project(id).await?;
        policy::authorise(actor, Permission::ViewProjects, &target(&project))?;
        let document =
            project.documents.iter().map(|d| &d.document).find(|d| d.sha256 == sha256).ok_or(AppError::NotFound)?;
        let (file, bytes) = self.read_file(&document.sha256).await?;
        Ok((document.name.clone(), file.content_type, bytes))
    }

    /// What `actor` may do on `project`: propose (edit, documents, early moves), manage the
    /// pipeline, approve the submission.
    pub fn project_rights(&self, actor: &Actor, project: &Project) -> (bool, bool, bool) {
        let on = |permission| policy::authorise(actor, permission, &target(project)).is_ok();
        (on(Permission::ProposeProjects), on(Permission::ManageProjects), on(Permission::ApproveProjects))
    }
}
