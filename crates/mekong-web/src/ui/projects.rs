//! The project pipeline's pages: the portfolio (by stage, city, theme and funder, with counts
//! per stage and totals per currency, paged), the project form, and a project's page with its
//! checklist, the stage moves and the secretariat's approval its reader may make, its
//! documents, monitoring visits, the results programme it owns, and its history.

use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render, render_with_status};
use crate::state::AppState;
use crate::ui::conflict::{ConflictView, Refusal, form_status, refusal};
use crate::ui::events::parse_uuid;
use crate::ui::finance::Pick;
use crate::ui::matching::{self, Reasons, reasons};
use crate::ui::organisations::download;
use crate::ui::posted::{Fields, read_multipart};
use crate::ui::vocabulary;
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::projects::{PortfolioFilter, ProjectDraft, ProjectView};
use mekong_core::Lang;
use mekong_core::directory::CityCode;
use mekong_core::ids::{OrganisationId, ProjectId};
use mekong_core::people::Organisation;
use mekong_core::projects::{ApprovalStatus, DocumentKind, Project, Stage};
use mekong_core::validation::FieldErrors;
use mekong_core::vocabulary::Theme;
use serde::Deserialize;

pub(crate) fn project_id(raw: &str) -> Result<ProjectId, WebError> {
    parse_uuid(raw).map(ProjectId)
}

pub fn stage_label(ctx: &PageCtx, stage: Stage) -> String {
    vocabulary::label(ctx, "project-stage", stage.code())
}

/// One project in a list (the portfolio, a city's page).
pub struct ProjectRow {
    pub href: String,
    pub number: String,
    pub title: String,
    pub cities: String,
    pub themes: String,
    pub funder: String,
    pub budget: String,
    pub stage: String,
    pub stage_code: &'static str,
    pub awaits_approval: bool,
}

pub fn project_row(ctx: &PageCtx, project: &Project, funders: &[Organisation]) -> ProjectRow {
    let lang = ctx.tr.lang;
    ProjectRow {
        href: format!("/projects/{}", project.id),
        number: project.number.clone(),
        title: project.title.get(lang).to_owned(),
        cities: project.cities.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
        themes: project.themes.iter().map(|t| vocabulary::label(ctx, "theme", t.code())).collect::<Vec<_>>().join(", "),
        funder: project
            .funder
            .and_then(|id| funders.iter().find(|f| f.id == id))
            .map(|f| f.names.for_reader(lang).to_owned())
            .unwrap_or_default(),
        budget: project.budget.map(|b| ctx.tr.money(b)).unwrap_or_default(),
        stage: stage_label(ctx, project.stage),
        stage_code: project.stage.code(),
        awaits_approval: project.awaits_approval(),
    }
}

async fn city_picks(state: &AppState, ctx: &PageCtx, current: &[String]) -> Result<Vec<Pick>, WebError> {
    let cities = state.app.list_cities(&ctx.actor).await?;
    Ok(cities
        .iter()
        .map(|c| {
            let name = crate::ui::cities::CityView::new(c, &ctx.tr).name;
            let mut pick = Pick::new(c.code.to_string(), format!("{name} ({})", c.code), "");
            pick.selected = current.iter().any(|v| v == c.code.as_str());
            pick
        })
        .collect())
}

fn organisation_picks(ctx: &PageCtx, organisations: &[Organisation], current: &[String]) -> Vec<Pick> {
    organisations
        .iter()
        .map(|o| {
            let mut pick = Pick::new(o.id.to_string(), o.names.for_reader(ctx.tr.lang), "");
            pick.selected = current.iter().any(|v| *v == o.id.to_string());
            pick
        })
        .collect()
}

fn theme_picks(ctx: &PageCtx, current: &[String]) -> Vec<Pick> {
    Theme::ALL
        .iter()
        .map(|t| {
            let mut pick = Pick::new(t.code(), vocabulary::label(ctx, "theme", t.code()), "");
            pick.selected = current.iter().any(|v| v == t.code());
            pick
        })
        .collect()
}

/// A stage of the portfolio's summary: its count, and the link that filters by it.
pub struct StageCount {
    pub label: String,
    pub code: &'static str,
    pub count: String,
    pub href: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "projects/list.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<ProjectRow>,
    stages: Vec<StageCount>,
    totals: Vec<String>,
    stage_picks: Vec<Pick>,
    cities: Vec<Pick>,
    themes: Vec<Pick>,
    funders: Vec<Pick>,
    total: String,
    page: u64,
    pages: u64,
    pager_base: String,
    can_propose: bool,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    stage: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    theme: String,
    #[serde(default)]
    funder: String,
    page: Option<u64>,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    let filter = PortfolioFilter {
        stage: Stage::parse(&query.stage),
        city: CityCode::parse(&query.city).ok(),
        theme: Theme::parse(&query.theme),
        funder: uuid::Uuid::parse_str(query.funder.trim()).ok().map(OrganisationId),
    };
    let portfolio = state.app.portfolio(&ctx.actor, &filter, query.page.unwrap_or(1)).await?;
    let stage = filter.stage.map(Stage::code).unwrap_or_default();
    let city = filter.city.as_ref().map(ToString::to_string).unwrap_or_default();
    let theme = filter.theme.map(Theme::code).unwrap_or_default();
    let funder = filter.funder.map(|f| f.to_string()).unwrap_or_default();
    let others = format!("city={city}&theme={theme}&funder={funder}");
    let all_funders = state.app.project_funders().await?;
    Ok(render(&ListPage {
        rows: portfolio.projects.items.iter().map(|p| project_row(&ctx, p, &portfolio.funders)).collect(),
        stages: portfolio
            .stages
            .iter()
            .map(|(s, n)| StageCount {
                label: stage_label(&ctx, *s),
                code: s.code(),
                count: ctx.tr.number(*n),
                href: format!("/projects?stage={}&{others}", s.code()),
                current: Some(*s) == filter.stage,
            })
            .collect(),
        totals: portfolio.totals.iter().map(|m| ctx.tr.money(*m)).collect(),
        stage_picks: Stage::ALL.iter().map(|s| Pick::new(s.code(), stage_label(&ctx, *s), stage)).collect(),
        cities: city_picks(&state, &ctx, std::slice::from_ref(&city)).await?,
        themes: theme_picks(&ctx, &[theme.to_owned()]),
        funders: organisation_picks(&ctx, &all_funders, std::slice::from_ref(&funder)),
        total: ctx.tr.number(i64::try_from(portfolio.projects.total).unwrap_or(i64::MAX)),
        page: portfolio.projects.page,
        pages: portfolio.projects.pages(),
        pager_base: format!("/projects?stage={stage}&{others}&"),
        can_propose: state.app.may_propose_project(&ctx.actor),
        ctx,
    }))
}

#[derive(Template)]
#[template(path = "projects/form.html")]
struct FormPage {
    ctx: PageCtx,
    action: String,
    editing: bool,
    version: i32,
    titles: Vec<(&'static str, &'static str, String)>,
    draft: ProjectDraft,
    cities: Vec<Pick>,
    partners: Vec<Pick>,
    funders: Vec<Pick>,
    /// The open opportunities (title, funder, deadline) and the one it answers already.
    opportunities: Vec<Pick>,
    themes: Vec<Pick>,
    owners: Vec<Pick>,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
}

async fn form_page(
    state: &AppState,
    ctx: PageCtx,
    (id, version): (Option<ProjectId>, i32),
    draft: ProjectDraft,
    (errors, conflict): (FieldErrors, Option<ConflictView>),
) -> Result<Response, WebError> {
    let (funders, partners) = (state.app.project_funders().await?, state.app.project_partner_choices().await?);
    let owners = state.app.project_owners(&ctx.actor).await?;
    let opportunities = state.app.project_opportunity_choices(&ctx.actor, &draft.opportunity).await?;
    let funder_names = matching::FunderNames::of_funders(funders.clone());
    let page = FormPage {
        action: id.map_or_else(|| "/projects".to_owned(), |id| format!("/projects/{id}")),
        editing: id.is_some(),
        version,
        titles: Lang::ALL
            .iter()
            .map(|l| {
                let value = draft.titles.iter().find(|(lang, _)| lang == l).map(|(_, v)| v.clone()).unwrap_or_default();
                (l.code(), l.endonym(), value)
            })
            .collect(),
        cities: city_picks(state, &ctx, &draft.cities).await?,
        partners: organisation_picks(&ctx, &partners, &draft.partners),
        funders: organisation_picks(&ctx, &funders, std::slice::from_ref(&draft.funder)),
        opportunities: opportunities
            .iter()
            .map(|o| Pick::new(o.id.to_string(), matching::one_line(&ctx, &funder_names, o), draft.opportunity.trim()))
            .collect(),
        themes: theme_picks(&ctx, &draft.themes),
        owners: owners.iter().map(|o| Pick::new(o.id.to_string(), o.name.clone(), &draft.owner)).collect(),
        draft,
        errors,
        conflict,
        ctx,
    };
    Ok(render_with_status(form_status(&page.errors, page.conflict.as_ref()), &page))
}

fn draft_of(fields: &Fields, lang: Lang) -> ProjectDraft {
    ProjectDraft {
        titles: Lang::ALL.iter().map(|l| (*l, fields.get(&format!("title_{}", l.code())))).collect(),
        summary: fields.get("summary"),
        cities: fields.all("cities"),
        partners: fields.all("partners"),
        funder: fields.get("funder"),
        opportunity: fields.get("opportunity"),
        starts_on: fields.get("starts_on"),
        ends_on: fields.get("ends_on"),
        budget: fields.get("budget"),
        currency: fields.get("currency"),
        themes: fields.all("themes"),
        owner: fields.get("owner"),
        typed_in: lang,
    }
}

pub async fn new_form(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let draft = ProjectDraft {
        cities: ctx.actor.focal_cities().iter().map(ToString::to_string).collect(),
        currency: "EUR".into(),
        owner: ctx.actor.user_id().map(|u| u.to_string()).unwrap_or_default(),
        typed_in: ctx.tr.lang,
        ..ProjectDraft::default()
    };
    form_page(&state, ctx, (None, 0), draft, (FieldErrors::default(), None)).await
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let draft = draft_of(&Fields(pairs), ctx.tr.lang);
    match state.app.create_project(&ctx.actor, &draft).await {
        Ok(project) => Ok(redirect_with_flash(
            &format!("/projects/{}", project.id),
            "flash-project-created",
            jar,
            state.config.tls,
        )),
        Err(AppError::Validation(errors)) => form_page(&state, ctx, (None, 0), draft, (errors, None)).await,
        Err(error) => Err(error.into()),
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = project_id(&id)?;
    let view = state.app.project(&ctx.actor, id).await?;
    if !state.app.project_rights(&ctx.actor, &view.project).0 {
        return Err(AppError::Forbidden.into());
    }
    let draft = ProjectDraft::of(&view.project, ctx.tr.lang);
    form_page(&state, ctx, (Some(id), view.project.version), draft, (FieldErrors::default(), None)).await
}

pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = project_id(&id)?;
    let fields = Fields(pairs);
    let version = fields.version();
    let draft = draft_of(&fields, ctx.tr.lang);
    match state.app.update_project(&ctx.actor, id, version, &draft).await {
        Ok(_) => Ok(redirect_with_flash(&format!("/projects/{id}"), "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => form_page(&state, ctx, (Some(id), version), draft, (errors, None)).await,
        Err(AppError::Conflict) => {
            let current = state.app.project(&ctx.actor, id).await?.project.version;
            let conflict = Some(ConflictView { rows: Vec::new() });
            form_page(&state, ctx, (Some(id), current), draft, (FieldErrors::default(), conflict)).await
        }
        Err(error) => Err(error.into()),
    }
}

/// The forms of a project's page as typed, with their errors, when a step did not go through.
#[derive(Default)]
struct ShowForms {
    errors: FieldErrors,
    conflict: Option<ConflictView>,
    comment: String,
}

/// A document to download.
pub struct DocumentLink {
    pub href: String,
    pub name: String,
    pub kind: String,
    pub added: String,
}

/// One item of a checklist.
pub struct ChecklistItem {
    pub label: String,
    pub done: bool,
}

/// A stage the project may move to, with its checklist.
pub struct NextStage {
    pub code: &'static str,
    pub label: String,
    pub checklist: Vec<ChecklistItem>,
}

/// A monitoring visit as shown.
pub struct VisitView {
    pub href: String,
    pub number: String,
    pub purpose: String,
    pub dates: String,
    pub status: String,
    pub report: String,
    pub follow_ups: String,
}

/// An open opportunity the project matches, with the reasons.
pub struct OpportunityMatchLine {
    pub href: String,
    pub title: String,
    pub funder: String,
    pub deadline: String,
    pub reasons: Reasons,
}

/// One step of the project's history.
pub struct HistoryLine {
    pub at: String,
    pub who: String,
    pub what: String,
}

#[derive(Template)]
#[template(path = "projects/show.html")]
struct ShowPage {
    ctx: PageCtx,
    id: String,
    version: i32,
    row: ProjectRow,
    summary: String,
    cities: Vec<(String, String)>,
    partners: String,
    /// The opportunity it answers: its title, and its page for those who see funding.
    opportunity: Option<(String, Option<String>)>,
    matches: Vec<OpportunityMatchLine>,
    dates: String,
    owner: String,
    programme: String,
    documents: Vec<DocumentLink>,
    next: Vec<NextStage>,
    /// The missing items a refused move named, in the reader's language.
    missing: Vec<String>,
    approval: String,
    approval_comment: String,
    approval_by: String,
    visits: Vec<VisitView>,
    mission_choices: Vec<Pick>,
    kinds: Vec<Pick>,
    history: Vec<HistoryLine>,
    may_propose: bool,
    may_manage: bool,
    may_request_approval: bool,
    may_decide: bool,
    forms: ShowForms,
}

async fn show_page(state: &AppState, ctx: PageCtx, view: ProjectView, forms: ShowForms) -> Result<Response, WebError> {
    let project = &view.project;
    let lang = ctx.tr.lang;
    let (may_propose, may_manage, may_approve) = state.app.project_rights(&ctx.actor, project);
    let late_stage =
        matches!(project.stage, Stage::Submitted | Stage::Approved | Stage::Rejected | Stage::Implementation);
    let may_move = if late_stage { may_manage } else { may_propose };
    let next = if may_move {
        project
            .stage
            .next()
            .iter()
            .map(|s| {
                let checklist: Vec<ChecklistItem> = project
                    .checklist(*s)
                    .into_iter()
                    .map(|(r, done)| ChecklistItem { label: ctx.t(&r.message_key()), done })
                    .collect();
                NextStage { code: s.code(), label: stage_label(&ctx, *s), checklist }
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut cities = Vec::new();
    for code in &project.cities {
        let name = match state.app.city(&ctx.actor, code.as_str()).await {
            Ok(city) => crate::ui::cities::CityView::new(&city, &ctx.tr).name,
            Err(_) => code.to_string(),
        };
        cities.push((code.to_string(), name));
    }
    let approval = project.approval.as_ref();
    let mission_choices = state
        .app
        .project_mission_choices(&ctx.actor, project)
        .await?
        .iter()
        .map(|m| Pick::new(m.id.to_string(), format!("{} · {}", m.number, m.purpose), ""))
        .collect();
    let history = view
        .history
        .iter()
        .map(|entry| {
            let what = ctx
                .t(&format!("project-action-{}", entry.change.action.trim_start_matches("project.").replace('_', "-")));
            let stage = |value: &Option<serde_json::Value>| {
                value
                    .as_ref()
                    .and_then(|v| v["stage"].as_str())
                    .and_then(Stage::parse)
                    .map(|s| stage_label(&ctx, s))
                    .unwrap_or_default()
            };
            let what = if entry.change.action == "project.stage_moved" {
                format!("{what} ({} → {})", stage(&entry.change.before), stage(&entry.change.after))
            } else {
                what
            };
            HistoryLine { at: ctx.tr.instant(entry.at), who: entry.change.actor.label(), what }
        })
        .collect();
    // The funders are read only to name the calls the project matches.
    let funder_names = if view.matches.is_empty() {
        matching::FunderNames::of_funders(Vec::new())
    } else {
        matching::FunderNames::load(state, &ctx).await?
    };
    let page = ShowPage {
        id: project.id.to_string(),
        version: project.version,
        row: project_row(&ctx, project, view.funder.as_slice()),
        summary: project.summary.clone(),
        cities,
        partners: view.partners.iter().map(|p| p.names.for_reader(lang).to_owned()).collect::<Vec<_>>().join(", "),
        opportunity: view.opportunity.as_ref().map(|o| {
            let href = state.app.sees_funding(&ctx.actor).then(|| format!("/funding/{}", o.id));
            (o.title.get(lang).to_owned(), href)
        }),
        matches: view
            .matches
            .iter()
            .map(|(o, found)| OpportunityMatchLine {
                href: format!("/funding/{}", o.id),
                title: o.title.get(lang).to_owned(),
                funder: funder_names.of(&ctx, o),
                deadline: matching::deadline(o),
                reasons: reasons(&ctx, found),
            })
            .collect(),
        dates: match (project.starts_on, project.ends_on) {
            (Some(s), Some(e)) => {
                format!("{} – {}", mekong_i18n::format_date(lang, s), mekong_i18n::format_date(lang, e))
            }
            (Some(s), None) => mekong_i18n::format_date(lang, s),
            _ => String::new(),
        },
        owner: project.owner_name.clone(),
        programme: project.number.clone(),
        documents: project
            .documents
            .iter()
            .map(|d| DocumentLink {
                href: format!("/projects/{}/documents/{}", project.id, d.document.sha256),
                name: d.document.name.clone(),
                kind: vocabulary::label(&ctx, "project-document", d.kind.code()),
                added: format!("{} · {}", d.added_by, ctx.tr.instant(d.added_at)),
            })
            .collect(),
        next,
        missing: forms.errors.0.iter().filter(|e| e.field == "checklist").map(|e| ctx.t(&e.message)).collect(),
        approval: approval.map(|a| vocabulary::label(&ctx, "project-approval", a.status.code())).unwrap_or_default(),
        approval_comment: approval.map(|a| a.comment.clone()).unwrap_or_default(),
        approval_by: approval
            .map(|a| match a.decided_at {
                Some(at) => format!("{} · {}", a.decided_by, ctx.tr.instant(at)),
                None => format!("{} · {}", a.requested_by, ctx.tr.instant(a.requested_at)),
            })
            .unwrap_or_default(),
        visits: view
            .missions
            .iter()
            .map(|m| VisitView {
                href: format!("/missions/{}", m.id),
                number: m.number.clone(),
                purpose: m.purpose.clone(),
                dates: format!(
                    "{} – {}",
                    mekong_i18n::format_date(lang, m.departs),
                    mekong_i18n::format_date(lang, m.returns)
                ),
                status: ctx.t(&format!("mission-status-{}", m.status.code())),
                report: m.report.as_ref().map(|r| r.done.clone()).unwrap_or_default(),
                follow_ups: m.report.as_ref().map(|r| r.follow_ups.clone()).unwrap_or_default(),
            })
            .collect(),
        mission_choices,
        kinds: DocumentKind::ALL
            .iter()
            .map(|k| Pick::new(k.code(), vocabulary::label(&ctx, "project-document", k.code()), ""))
            .collect(),
        history,
        may_propose,
        may_manage,
        may_request_approval: may_propose
            && project.stage == Stage::FullProposal
            && approval.is_none_or(|a| a.status == ApprovalStatus::SentBack),
        may_decide: may_approve && project.awaits_approval(),
        forms,
        ctx,
    };
    Ok(render_with_status(form_status(&page.forms.errors, page.forms.conflict.as_ref()), &page))
}

pub async fn show(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> Result<Response, WebError> {
    let view = state.app.project(&ctx.actor, project_id(&id)?).await?;
    show_page(&state, ctx, view, ShowForms::default()).await
}

/// After a step: back to the project with a message, or its page again with what went wrong.
async fn after_step(
    state: &AppState,
    (ctx, jar): (PageCtx, CookieJar),
    id: ProjectId,
    result: Result<Project, AppError>,
    forms: ShowForms,
    flash: &'static str,
) -> Result<Response, WebError> {
    let forms = match refusal(result)? {
        Ok(_) => return Ok(redirect_with_flash(&format!("/projects/{id}"), flash, jar, state.config.tls)),
        Err(Refusal { errors, conflict }) => ShowForms { errors, conflict, ..forms },
    };
    let view = state.app.project(&ctx.actor, id).await?;
    show_page(state, ctx, view, forms).await
}

pub async fn move_stage(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = project_id(&id)?;
    let fields = Fields(pairs);
    let result = state.app.move_project(&ctx.actor, id, fields.version(), &fields.get("stage")).await;
    after_step(&state, (ctx, jar), id, result, ShowForms::default(), "flash-project-moved").await
}

pub async fn request_approval(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = project_id(&id)?;
    let result = state.app.request_project_approval(&ctx.actor, id, Fields(pairs).version()).await;
    after_step(&state, (ctx, jar), id, result, ShowForms::default(), "flash-project-approval-requested").await
}

pub async fn decide_approval(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = project_id(&id)?;
    let fields = Fields(pairs);
    let comment = fields.get("comment");
    let approve = fields.get("decision") == "approve";
    let result = state.app.decide_project_approval(&ctx.actor, id, fields.version(), approve, &comment).await;
    after_step(&state, (ctx, jar), id, result, ShowForms { comment, ..ShowForms::default() }, "flash-saved").await
}

pub async fn add_documents(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let id = project_id(&id)?;
    let posted = read_multipart(multipart, "documents").await;
    let result = if posted.unreadable {
        // Rights before input: a stranger's broken upload is refused, not explained.
        let view = state.app.project(&ctx.actor, id).await?;
        if !state.app.project_rights(&ctx.actor, &view.project).0 {
            return Err(AppError::Forbidden.into());
        }
        Err(AppError::field("documents", "error-file-unreadable"))
    } else {
        let kind = posted.fields.get("kind");
        state.app.add_project_documents(&ctx.actor, id, posted.fields.version(), &kind, &posted.uploads).await
    };
    after_step(&state, (ctx, jar), id, result, ShowForms::default(), "flash-saved").await
}

pub async fn link_mission(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = project_id(&id)?;
    let fields = Fields(pairs);
    let result = state.app.link_project_mission(&ctx.actor, id, fields.version(), &fields.get("mission")).await;
    after_step(&state, (ctx, jar), id, result, ShowForms::default(), "flash-saved").await
}

pub async fn document(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, sha256)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (name, content_type, bytes) = state.app.open_project_document(&ctx.actor, project_id(&id)?, &sha256).await?;
    Ok(download(bytes, mekong_app::files::served_content_type(&content_type), &name))
}
