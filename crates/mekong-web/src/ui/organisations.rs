//! The directory's organisations: search and filter, export, one organisation's page, and the
//! forms to add and edit them.

use crate::WebError;
use crate::context::{PageCtx, encode_query_value};
use crate::page::{redirect_with_flash, render, render_with_status};
use crate::state::AppState;
use crate::ui::choices::{self, Ticks};
use crate::ui::conflict::ConflictView;
use crate::ui::vocabulary::{self, Choice};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::organisations::{Created, OrganisationDetail};
use mekong_core::drafts::OrganisationDraft;
use mekong_core::ids::OrganisationId;
use mekong_core::people::{CountryCode, Organisation, OrganisationFilter, parse_language};
use mekong_core::validation::FieldErrors;
use mekong_core::vocabulary::{OrganisationKind, Theme};
use serde::Deserialize;

/// The list's filters as the query string carries them.
#[derive(Deserialize, Default, Clone)]
pub struct FilterQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub theme: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub page: Option<u64>,
}

impl FilterQuery {
    pub fn filter(&self) -> OrganisationFilter {
        OrganisationFilter {
            text: self.q.clone(),
            kind: OrganisationKind::parse(&self.kind),
            country: CountryCode::parse(&self.country),
            theme: Theme::parse(&self.theme),
            language: parse_language(&self.language),
        }
    }

    /// The filters as a query string, for the pager and the export links.
    pub fn query_string(&self) -> String {
        [
            ("q", &self.q),
            ("kind", &self.kind),
            ("country", &self.country),
            ("theme", &self.theme),
            ("language", &self.language),
        ]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}&", encode_query_value(v)))
        .collect()
    }
}

pub struct OrganisationRow {
    pub href: String,
    pub name: String,
    pub local_name: String,
    pub local_lang: &'static str,
    pub kind: String,
    pub country: String,
    pub themes: String,
}

fn row(ctx: &PageCtx, org: &Organisation) -> OrganisationRow {
    OrganisationRow {
        href: format!("/organisations/{}", org.id),
        name: org.names.for_reader(ctx.tr.lang).to_owned(),
        local_name: org.names.local.clone(),
        local_lang: vocabulary::script_lang(Some(org.country.as_str())),
        kind: vocabulary::label(ctx, "kind", org.kind.code()),
        country: country_name(ctx, org.country.as_str()),
        themes: vocabulary::theme_labels(ctx, &org.themes),
    }
}

/// A country's name when the interface knows it, else its code.
pub fn country_name(ctx: &PageCtx, code: &str) -> String {
    let id = format!("country-{code}");
    if ctx.tr.has_message(&id) { ctx.t(&id) } else { code.to_owned() }
}

#[derive(Template)]
#[template(path = "organisations/list.html")]
struct ListPage {
    ctx: PageCtx,
    query: FilterQuery,
    kinds: Vec<Choice>,
    themes: Vec<Choice>,
    countries: Vec<Choice>,
    languages: Vec<Choice>,
    rows: Vec<OrganisationRow>,
    total: String,
    page: u64,
    pages: u64,
    query_string: String,
    pager_base: String,
    can_add: bool,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<FilterQuery>,
) -> Result<Response, WebError> {
    let page = state.app.organisations(&ctx.actor, &query.filter(), query.page.unwrap_or(1)).await?;
    let can_add = mekong_app::policy::authorise(
        &ctx.actor,
        mekong_app::policy::Permission::EditDirectory,
        &mekong_app::policy::Target::Nothing,
    )
    .is_ok();
    Ok(render(&ListPage {
        kinds: vocabulary::kinds(&ctx, &query.kind),
        themes: vocabulary::themes(&ctx, &query.theme),
        countries: choices::country_filter(&ctx, &query.country),
        languages: choices::language_filter(&query.language),
        rows: page.items.iter().map(|o| row(&ctx, o)).collect(),
        total: ctx.tr.number(i64::try_from(page.total).unwrap_or(i64::MAX)),
        page: page.page,
        pages: page.pages(),
        query_string: query.query_string(),
        pager_base: format!("/organisations?{}", query.query_string()),
        can_add,
        query,
        ctx,
    }))
}

/// `/organisations.csv` and `/organisations.xlsx`: the filtered list.
pub async fn export_csv(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<FilterQuery>,
) -> Result<Response, WebError> {
    let table = state.app.organisations_table(&ctx.actor, &query.filter()).await?;
    let bytes = mekong_docs::write_csv(&table).map_err(|e| WebError(AppError::Internal(e.to_string())))?;
    Ok(download(bytes, "text/csv; charset=utf-8", "organisations.csv"))
}

pub async fn export_xlsx(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<FilterQuery>,
) -> Result<Response, WebError> {
    let table = state.app.organisations_table(&ctx.actor, &query.filter()).await?;
    let bytes =
        mekong_docs::write_xlsx(&table, "Organisations").map_err(|e| WebError(AppError::Internal(e.to_string())))?;
    Ok(download(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "organisations.xlsx"))
}

/// A file to save, not to show.
pub fn download(bytes: impl Into<axum::body::Body>, content_type: &'static str, filename: &str) -> Response {
    // An ASCII name for old clients, and the real one (Khmer, Lao, Vietnamese) by RFC 6266.
    let ascii: String =
        filename.chars().map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' { c } else { '_' }).collect();
    let encoded: String = filename
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }
        })
        .collect();
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    ([(header::CONTENT_TYPE, content_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)], bytes.into())
        .into_response()
}

pub struct PersonLine {
    pub href: String,
    pub name: String,
    pub function: String,
}

pub struct MembershipLine {
    pub status: String,
    pub since: String,
    pub note: String,
    pub recorded: String,
}

#[derive(Template)]
#[template(path = "organisations/show.html")]
struct ShowPage {
    ctx: PageCtx,
    id: String,
    name: String,
    local_lang: &'static str,
    org: Organisation,
    kind: String,
    country: String,
    themes: String,
    roles: Vec<String>,
    city_href: Option<String>,
    /// A funder's page in the funding area, for readers who see funding.
    funder_href: Option<String>,
    memberships: Vec<MembershipLine>,
    people: Vec<PersonLine>,
    editable: bool,
    manages: bool,
    statuses: Vec<Choice>,
    errors: FieldErrors,
    /// The membership form as submitted, when it is shown again with its errors.
    membership: MembershipInput,
    history: Vec<crate::ui::audit::AuditRow>,
}

fn organisation_id(raw: &str) -> Result<OrganisationId, WebError> {
    uuid::Uuid::parse_str(raw).map(OrganisationId).map_err(|_| WebError(AppError::NotFound))
}

fn show_page(ctx: PageCtx, detail: OrganisationDetail, errors: FieldErrors, membership: MembershipInput) -> ShowPage {
    let org = detail.organisation;
    let sees_funding = mekong_app::policy::authorise(
        &ctx.actor,
        mekong_app::policy::Permission::ViewFunding,
        &mekong_app::policy::Target::Nothing,
    )
    .is_ok();
    let manages = mekong_app::policy::authorise(
        &ctx.actor,
        mekong_app::policy::Permission::ManagePartnerships,
        &mekong_app::policy::Target::Nothing,
    )
    .is_ok();
    ShowPage {
        id: org.id.to_string(),
        name: org.names.for_reader(ctx.tr.lang).to_owned(),
        local_lang: vocabulary::script_lang(Some(org.country.as_str())),
        kind: vocabulary::label(&ctx, "kind", org.kind.code()),
        country: country_name(&ctx, org.country.as_str()),
        themes: vocabulary::theme_labels(&ctx, &org.themes),
        roles: org.network_roles.iter().map(|r| vocabulary::label(&ctx, "network-role", r.code())).collect(),
        city_href: detail.city.map(|c| format!("/cities/{}", c.code)),
        funder_href: (org.kind == OrganisationKind::Funder && sees_funding)
            .then(|| format!("/funding/funders/{}", org.id)),
        memberships: detail
            .memberships
            .iter()
            .map(|(m, at)| MembershipLine {
                status: vocabulary::label(&ctx, "membership", m.status.code()),
                since: m.since.map(|d| mekong_i18n::format_date(ctx.tr.lang, d)).unwrap_or_default(),
                note: m.note.clone(),
                recorded: ctx.tr.instant(*at),
            })
            .collect(),
        people: detail
            .people
            .iter()
            .map(|p| PersonLine {
                href: format!("/people/{}", p.id),
                name: p.display_name().to_owned(),
                function: p
                    .affiliations
                    .iter()
                    .find(|a| a.organisation == org.id)
                    .map(|a| a.function.clone())
                    .unwrap_or_default(),
            })
            .collect(),
        editable: detail.editable,
        history: detail.history.iter().map(|e| crate::ui::audit::AuditRow::new(e, &ctx)).collect(),
        statuses: vocabulary::memberships(&ctx, &membership.status),
        manages,
        errors,
        membership,
        org,
        ctx,
    }
}

pub async fn show(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> Result<Response, WebError> {
    let detail = state.app.organisation(&ctx.actor, organisation_id(&id)?).await?;
    Ok(render(&show_page(ctx, detail, FieldErrors::default(), MembershipInput::default())))
}

#[derive(Deserialize, Default)]
pub struct MembershipInput {
    #[serde(default)]
    status: String,
    #[serde(default)]
    since: String,
    #[serde(default)]
    note: String,
}

pub async fn record_membership(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(input): Form<MembershipInput>,
) -> Result<Response, WebError> {
    let id = organisation_id(&id)?;
    match state.app.record_membership(&ctx.actor, id, &input.status, &input.since, &input.note).await {
        Ok(()) => Ok(redirect_with_flash(&format!("/organisations/{id}"), "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => {
            let detail = state.app.organisation(&ctx.actor, id).await?;
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &show_page(ctx, detail, errors, input)))
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "organisations/form.html")]
struct FormPage {
    ctx: PageCtx,
    action: String,
    draft: OrganisationDraft,
    version: i32,
    kinds: Vec<Choice>,
    /// What the form offers instead of codes (the countries come from the context).
    ticks: Ticks,
    cities: Vec<(String, String, bool)>,
    errors: FieldErrors,
    duplicates: Vec<OrganisationRow>,
    conflict: Option<ConflictView>,
}

/// The network's countries as the forms offer them (code, name in the reader's language).
pub fn country_choices(ctx: &PageCtx) -> Vec<(String, String)> {
    ["KH", "LA", "VN", "TH", "FR"].iter().map(|c| ((*c).to_owned(), country_name(ctx, c))).collect()
}

async fn form_page(
    state: &AppState,
    ctx: PageCtx,
    action: String,
    draft: OrganisationDraft,
    version: i32,
    errors: FieldErrors,
) -> Result<FormPage, WebError> {
    Ok(FormPage {
        kinds: vocabulary::kinds(&ctx, &draft.kind),
        ticks: choices::ticks(&ctx, &draft.languages, &draft.themes),
        cities: choices::member_cities(state, &ctx, &draft.city).await?,
        action,
        draft,
        version,
        errors,
        duplicates: Vec::new(),
        conflict: None,
        ctx,
    })
}

pub async fn new_form(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let draft = OrganisationDraft { kind: "university".into(), ..OrganisationDraft::default() };
    Ok(render(&form_page(&state, ctx, "/organisations".into(), draft, 0, FieldErrors::default()).await?))
}

/// The organisation form's fields, and the "keep both" confirmation after look-alikes.
#[derive(Default)]
pub struct OrganisationInput {
    draft: OrganisationDraft,
    version: i32,
    keep_both: String,
}

impl OrganisationInput {
    /// The form's fields, with the ticked languages and themes joined as the API sends them.
    fn from_pairs(pairs: Vec<(String, String)>) -> OrganisationInput {
        let mut input = OrganisationInput::default();
        for (name, value) in choices::joined_lists(pairs) {
            match name.as_str() {
                "version" => input.version = value.trim().parse().unwrap_or_default(),
                "keep_both" => input.keep_both = value,
                "city" => input.draft.city = value,
                "network_roles" => input.draft.network_roles = value,
                field => input.draft.set(field, value),
            }
        }
        input
    }
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let input = OrganisationInput::from_pairs(pairs);
    match state.app.create_organisation(&ctx.actor, &input.draft, input.keep_both == "yes").await {
        Ok(Created::Done(org)) => {
            Ok(redirect_with_flash(&format!("/organisations/{}", org.id), "flash-saved", jar, state.config.tls))
        }
        Ok(Created::PossibleDuplicates(similar)) => {
            let mut page =
                form_page(&state, ctx, "/organisations".into(), input.draft, 0, FieldErrors::default()).await?;
            page.duplicates = similar.iter().map(|o| row(&page.ctx, o)).collect();
            Ok(render_with_status(StatusCode::CONFLICT, &page))
        }
        Err(AppError::Validation(errors)) => Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &form_page(&state, ctx, "/organisations".into(), input.draft, 0, errors).await?,
        )),
        Err(other) => Err(other.into()),
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let detail = state.app.organisation(&ctx.actor, organisation_id(&id)?).await?;
    if !detail.editable {
        return Err(WebError(AppError::Forbidden));
    }
    let org = detail.organisation;
    let action = format!("/organisations/{}", org.id);
    Ok(render(&form_page(&state, ctx, action, OrganisationDraft::of(&org), org.version, FieldErrors::default()).await?))
}

pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let input = OrganisationInput::from_pairs(pairs);
    let id = organisation_id(&id)?;
    let action = format!("/organisations/{id}");
    match state.app.update_organisation(&ctx.actor, id, input.version, &input.draft).await {
        Ok(_) => Ok(redirect_with_flash(&action, "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &form_page(&state, ctx, action, input.draft, input.version, errors).await?,
        )),
        Err(AppError::Conflict) => {
            // Keep what the reader typed, beside the saved version.
            let current = state.app.organisation_record(&ctx.actor, id).await?;
            let saved = OrganisationDraft::of(&current);
            let conflict = ConflictView::of_fields(&ctx, &OrganisationDraft::FIELDS, &input.draft, &saved, |d, f| {
                d.clone().field_mut(f).cloned().unwrap_or_default()
            });
            let mut page = form_page(&state, ctx, action, input.draft, current.version, FieldErrors::default()).await?;
            page.conflict = Some(conflict);
            Ok(render_with_status(StatusCode::CONFLICT, &page))
        }
        Err(other) => Err(other.into()),
    }
}
