//! The technical assistance pages: the requests the reader may see (paged, by status and
//! city), the request form with its documents, and a request's page with each step's form as
//! the reader's rights and the request's status allow, its follow-up notes and its history.

use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render, render_with_status};
use crate::state::AppState;
use crate::ui::conflict::{ConflictView, Refusal, form_status, refusal};
use crate::ui::events::parse_uuid;
use crate::ui::finance::Pick;
use crate::ui::organisations::download;
use crate::ui::posted::{Fields, read_multipart};
use crate::ui::vocabulary;
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::assistance::{AssignmentDraft, AssistanceDraft, AssistanceListFilter, AssistanceView, TriageDraft};
use mekong_app::policy::{self, Permission, Target};
use mekong_core::assistance::{AssistanceRequest, AssistanceStatus, Urgency};
use mekong_core::directory::CityCode;
use mekong_core::ids::AssistanceId;
use mekong_core::people::PeopleFilter;
use mekong_core::validation::FieldErrors;
use mekong_core::vocabulary::Theme;
use serde::Deserialize;

fn request_id(raw: &str) -> Result<AssistanceId, WebError> {
    parse_uuid(raw).map(AssistanceId)
}

fn status_label(ctx: &PageCtx, status: AssistanceStatus) -> String {
    ctx.t(&format!("assistance-status-{}", status.code()))
}

/// One request in a list.
pub struct RequestRow {
    pub href: String,
    pub number: String,
    pub title: String,
    pub city: String,
    pub theme: String,
    pub urgency: String,
    pub urgency_code: &'static str,
    pub status: String,
    pub status_code: &'static str,
    pub due: String,
    pub overdue: bool,
}

fn row(ctx: &PageCtx, request: &AssistanceRequest, today: jiff::civil::Date) -> RequestRow {
    RequestRow {
        href: format!("/assistance/{}", request.id),
        number: request.number.clone(),
        title: request.title.clone(),
        city: request.city.to_string(),
        theme: vocabulary::label(ctx, "theme", request.theme.code()),
        urgency: ctx.t(&format!("assistance-urgency-{}", request.urgency.code())),
        urgency_code: request.urgency.code(),
        status: status_label(ctx, request.status),
        status_code: request.status.code(),
        due: request.due_on().map(|d| mekong_i18n::format_date(ctx.tr.lang, d)).unwrap_or_default(),
        overdue: request.overdue(today),
    }
}

/// The member cities as choices, by code: those the reader may ask help for, or all.
async fn city_picks(state: &AppState, ctx: &PageCtx, current: &str, only_allowed: bool) -> Result<Vec<Pick>, WebError> {
    let cities = state.app.list_cities(&ctx.actor).await?;
    Ok(cities
        .iter()
        .filter(|c| {
            !only_allowed
                || policy::authorise(&ctx.actor, Permission::RequestAssistance, &Target::City(c.code.clone())).is_ok()
        })
        .map(|c| {
            let name = crate::ui::cities::CityView::new(c, &ctx.tr).name;
            Pick::new(c.code.to_string(), format!("{name} ({})", c.code), current)
        })
        .collect())
}

#[derive(Template)]
#[template(path = "assistance/list.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<RequestRow>,
    statuses: Vec<Pick>,
    cities: Vec<Pick>,
    total: String,
    page: u64,
    pages: u64,
    pager_base: String,
    can_request: bool,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    city: String,
    page: Option<u64>,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    let filter = AssistanceListFilter {
        status: AssistanceStatus::parse(&query.status),
        city: CityCode::parse(&query.city).ok(),
    };
    let found = state.app.assistance_requests(&ctx.actor, &filter, query.page.unwrap_or(1)).await?;
    let today = state.app.today();
    let status = filter.status.map(AssistanceStatus::code).unwrap_or_default();
    let city = filter.city.as_ref().map(ToString::to_string).unwrap_or_default();
    Ok(render(&ListPage {
        rows: found.items.iter().map(|r| row(&ctx, r, today)).collect(),
        statuses: AssistanceStatus::ALL.iter().map(|s| Pick::new(s.code(), status_label(&ctx, *s), status)).collect(),
        cities: city_picks(&state, &ctx, &city, false).await?,
        total: ctx.tr.number(i64::try_from(found.total).unwrap_or(i64::MAX)),
        page: found.page,
        pages: found.pages(),
        pager_base: format!("/assistance?status={status}&city={city}&"),
        can_request: state.app.may_request_assistance(&ctx.actor),
        ctx,
    }))
}

#[derive(Template)]
#[template(path = "assistance/form.html")]
struct FormPage {
    ctx: PageCtx,
    draft: AssistanceDraft,
    cities: Vec<Pick>,
    themes: Vec<Pick>,
    urgencies: Vec<Pick>,
    errors: FieldErrors,
}

async fn form_page(
    state: &AppState,
    ctx: PageCtx,
    draft: AssistanceDraft,
    errors: FieldErrors,
) -> Result<Response, WebError> {
    let page = FormPage {
        cities: city_picks(state, &ctx, &draft.city, true).await?,
        themes: Theme::ALL
            .iter()
            .map(|t| Pick::new(t.code(), vocabulary::label(&ctx, "theme", t.code()), &draft.theme))
            .collect(),
        urgencies: Urgency::ALL
            .iter()
            .map(|u| Pick::new(u.code(), ctx.t(&format!("assistance-urgency-{}", u.code())), &draft.urgency))
            .collect(),
        draft,
        errors,
        ctx,
    };
    Ok(render_with_status(form_status(&page.errors, None), &page))
}

pub async fn new_form(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let draft = AssistanceDraft {
        city: ctx.actor.focal_cities().first().map(ToString::to_string).unwrap_or_default(),
        urgency: Urgency::Normal.code().to_owned(),
        ..AssistanceDraft::default()
    };
    form_page(&state, ctx, draft, FieldErrors::default()).await
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let posted = read_multipart(multipart, "documents").await;
    let f = &posted.fields;
    let draft = AssistanceDraft {
        city: f.get("city"),
        title: f.get("title"),
        need: f.get("need"),
        theme: f.get("theme"),
        urgency: f.get("urgency"),
    };
    if posted.unreadable {
        let mut errors = FieldErrors::default();
        errors.add("documents", "error-file-unreadable");
        return form_page(&state, ctx, draft, errors).await;
    }
    match state.app.request_assistance(&ctx.actor, &draft, &posted.uploads).await {
        Ok(request) => Ok(redirect_with_flash(
            &format!("/assistance/{}", request.id),
            "flash-assistance-requested",
            jar,
            state.config.tls,
        )),
        Err(AppError::Validation(errors)) => form_page(&state, ctx, draft, errors).await,
        Err(error) => Err(error.into()),
    }
}

/// The forms of a request's page as typed, with their errors, when a step did not go through.
#[derive(Default)]
struct ShowForms {
    errors: FieldErrors,
    conflict: Option<ConflictView>,
    triage: TriageDraft,
    assignment: Option<AssignmentDraft>,
    note: String,
    delivered_on: String,
    score: String,
    comment: String,
}

/// A document to download.
pub struct DocumentLink {
    pub href: String,
    pub name: String,
}

/// A follow-up note as shown.
pub struct NoteView {
    pub at: String,
    pub by: String,
    pub note: String,
    pub documents: Vec<DocumentLink>,
}

/// One step of the request's history.
pub struct HistoryLine {
    pub at: String,
    pub who: String,
    pub what: String,
}

#[derive(Template)]
#[template(path = "assistance/show.html")]
struct ShowPage {
    ctx: PageCtx,
    id: String,
    version: i32,
    row: RequestRow,
    city_name: String,
    need: String,
    requested: String,
    documents: Vec<DocumentLink>,
    triage_reason: String,
    referred_to: String,
    triaged_by: String,
    expert: String,
    deliverables: String,
    dates: String,
    delivered_on: String,
    rating: String,
    rating_comment: String,
    notes: Vec<NoteView>,
    history: Vec<HistoryLine>,
    may_triage: bool,
    may_assign: bool,
    may_note: bool,
    may_deliver: bool,
    may_rate: bool,
    forms: ShowForms,
    assignment: AssignmentDraft,
    people: Vec<Pick>,
    scores: Vec<Pick>,
    decisions: Vec<Pick>,
}

fn documents(id: AssistanceId, documents: &[mekong_core::events::Document]) -> Vec<DocumentLink> {
    documents
        .iter()
        .map(|d| DocumentLink { href: format!("/assistance/{id}/documents/{}", d.sha256), name: d.name.clone() })
        .collect()
}

async fn show_page(
    state: &AppState,
    ctx: PageCtx,
    view: AssistanceView,
    forms: ShowForms,
) -> Result<Response, WebError> {
    let request = &view.request;
    let lang = ctx.tr.lang;
    let today = state.app.today();
    let on = |target: Permission| {
        let target_of = Target::Assistance {
            city: request.city.clone(),
            expert: request.assignment.as_ref().and_then(|a| a.expert_user),
        };
        policy::authorise(&ctx.actor, target, &target_of).is_ok()
    };
    let manages = on(Permission::ManageAssistance);
    let accepted = request.status == AssistanceStatus::Accepted;
    let may_assign = manages && accepted;
    let assignment = forms.assignment.clone().unwrap_or_else(|| match &request.assignment {
        Some(a) => AssignmentDraft {
            expert: a.expert.to_string(),
            deliverables: a.deliverables.clone(),
            starts_on: a.starts_on.to_string(),
            due_on: a.due_on.to_string(),
        },
        None => AssignmentDraft { starts_on: today.to_string(), ..AssignmentDraft::default() },
    });
    let people = if may_assign {
        let found = state.app.people(&ctx.actor, &PeopleFilter::default(), 1).await?;
        let mut picks: Vec<Pick> =
            found.items.iter().map(|p| Pick::new(p.id.to_string(), p.display_name(), &assignment.expert)).collect();
        // The expert already assigned stays a choice even beyond the first page of people, so
        // that saving the dates again keeps them.
        if let Some(current) =
            request.assignment.as_ref().filter(|a| !picks.iter().any(|p| p.value == a.expert.to_string()))
        {
            picks.push(Pick::new(current.expert.to_string(), current.expert_name.clone(), &assignment.expert));
        }
        picks
    } else {
        Vec::new()
    };
    let city_name = match state.app.city(&ctx.actor, request.city.as_str()).await {
        Ok(city) => crate::ui::cities::CityView::new(&city, &ctx.tr).name,
        Err(_) => request.city.to_string(),
    };
    let history = view
        .history
        .iter()
        .map(|entry| HistoryLine {
            at: ctx.tr.instant(entry.at),
            who: entry.change.actor.label(),
            what: ctx.t(&format!(
                "assistance-action-{}",
                entry.change.action.trim_start_matches("assistance.").replace('_', "-")
            )),
        })
        .collect();
    let page = ShowPage {
        id: request.id.to_string(),
        version: request.version,
        row: row(&ctx, request, today),
        city_name,
        need: request.need.clone(),
        requested: format!("{} · {}", request.requested_by, ctx.tr.instant(request.requested_at)),
        documents: documents(request.id, &request.documents),
        triage_reason: request.triage_reason.clone(),
        referred_to: request.referred_to.clone(),
        triaged_by: request.triaged_by.clone(),
        expert: request.assignment.as_ref().map(|a| a.expert_name.clone()).unwrap_or_default(),
        deliverables: request.assignment.as_ref().map(|a| a.deliverables.clone()).unwrap_or_default(),
        dates: request
            .assignment
            .as_ref()
            .map(|a| {
                format!(
                    "{} – {}",
                    mekong_i18n::format_date(lang, a.starts_on),
                    mekong_i18n::format_date(lang, a.due_on)
                )
            })
            .unwrap_or_default(),
        delivered_on: request.delivered_on.map(|d| mekong_i18n::format_date(lang, d)).unwrap_or_default(),
        rating: request.rating.as_ref().map(|r| format!("{} / 5", r.score.value())).unwrap_or_default(),
        rating_comment: request.rating.as_ref().map(|r| r.comment.clone()).unwrap_or_default(),
        notes: request
            .notes
            .iter()
            .map(|n| NoteView {
                at: ctx.tr.instant(n.at),
                by: n.by.clone(),
                note: n.note.clone(),
                documents: documents(request.id, &n.documents),
            })
            .collect(),
        history,
        may_triage: manages && request.status == AssistanceStatus::Requested,
        may_assign,
        may_note: accepted && on(Permission::FollowAssistance),
        may_deliver: manages && accepted && request.assignment.is_some(),
        may_rate: request.status == AssistanceStatus::Delivered
            && request.rating.is_none()
            && on(Permission::RateAssistance),
        scores: (1..=5u8)
            .rev()
            .map(|s| Pick::new(s.to_string(), ctx.t(&format!("assistance-score-{s}")), &forms.score))
            .collect(),
        decisions: ["accept", "refer", "decline"]
            .iter()
            .map(|d| Pick::new(*d, ctx.t(&format!("assistance-decision-{d}")), &forms.triage.decision))
            .collect(),
        assignment,
        people,
        forms,
        ctx,
    };
    Ok(render_with_status(form_status(&page.forms.errors, page.forms.conflict.as_ref()), &page))
}

pub async fn show(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> Result<Response, WebError> {
    let view = state.app.assistance_request(&ctx.actor, request_id(&id)?).await?;
    show_page(&state, ctx, view, ShowForms::default()).await
}

/// After a step: back to the request with a message, or its page again with what went wrong.
async fn after_step(
    state: &AppState,
    (ctx, jar): (PageCtx, CookieJar),
    id: AssistanceId,
    result: Result<AssistanceRequest, AppError>,
    forms: ShowForms,
    flash: &'static str,
) -> Result<Response, WebError> {
    let forms = match refusal(result)? {
        Ok(_) => return Ok(redirect_with_flash(&format!("/assistance/{id}"), flash, jar, state.config.tls)),
        Err(Refusal { errors, conflict }) => ShowForms { errors, conflict, ..forms },
    };
    let view = state.app.assistance_request(&ctx.actor, id).await?;
    show_page(state, ctx, view, forms).await
}

pub async fn triage(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = request_id(&id)?;
    let fields = Fields(pairs);
    let draft = TriageDraft {
        decision: fields.get("decision"),
        referred_to: fields.get("referred_to"),
        reason: fields.get("reason"),
    };
    let result = state.app.triage_assistance(&ctx.actor, id, fields.version(), &draft).await;
    after_step(&state, (ctx, jar), id, result, ShowForms { triage: draft, ..ShowForms::default() }, "flash-saved").await
}

pub async fn assign(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = request_id(&id)?;
    let fields = Fields(pairs);
    let draft = AssignmentDraft {
        expert: fields.get("expert"),
        deliverables: fields.get("deliverables"),
        starts_on: fields.get("starts_on"),
        due_on: fields.get("due_on"),
    };
    let result = state.app.assign_assistance(&ctx.actor, id, fields.version(), &draft).await;
    let forms = ShowForms { assignment: Some(draft), ..ShowForms::default() };
    after_step(&state, (ctx, jar), id, result, forms, "flash-saved").await
}

pub async fn add_note(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let id = request_id(&id)?;
    let posted = read_multipart(multipart, "documents").await;
    let note = posted.fields.get("note");
    let result = if posted.unreadable {
        Err(AppError::field("documents", "error-file-unreadable"))
    } else {
        state.app.add_assistance_note(&ctx.actor, id, posted.fields.version(), &note, &posted.uploads).await
    };
    after_step(&state, (ctx, jar), id, result, ShowForms { note, ..ShowForms::default() }, "flash-saved").await
}

pub async fn deliver(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = request_id(&id)?;
    let fields = Fields(pairs);
    let delivered_on = fields.get("delivered_on");
    let result = state.app.deliver_assistance(&ctx.actor, id, fields.version(), &delivered_on).await;
    let forms = ShowForms { delivered_on, ..ShowForms::default() };
    after_step(&state, (ctx, jar), id, result, forms, "flash-saved").await
}

pub async fn rate(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = request_id(&id)?;
    let fields = Fields(pairs);
    let (score, comment) = (fields.get("score"), fields.get("comment"));
    let result = state.app.rate_assistance(&ctx.actor, id, fields.version(), &score, &comment).await;
    let forms = ShowForms { score, comment, ..ShowForms::default() };
    after_step(&state, (ctx, jar), id, result, forms, "flash-assistance-rated").await
}

pub async fn document(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, sha256)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (name, content_type, bytes) = state.app.open_assistance_document(&ctx.actor, request_id(&id)?, &sha256).await?;
    Ok(download(bytes, mekong_app::files::served_content_type(&content_type), &name))
}
