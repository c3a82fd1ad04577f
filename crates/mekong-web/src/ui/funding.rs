//! The funding pages: opportunities (paged, by theme, country and whether open), an
//! opportunity's page with the member cities it matches and why and the applications to it, its
//! form, a funder's page with its success rate, a city's matching opportunities, and the import
//! of opportunities from a sheet.

use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render, render_with_status};
use crate::state::AppState;
use crate::ui::conflict::{ConflictView, Refusal, form_status, refusal};
use crate::ui::deadlines::DeadlineLines;
use crate::ui::events::parse_uuid;
use crate::ui::finance::Pick;
use crate::ui::matching::{self, FunderNames, Reasons, reasons};
use crate::ui::organisations::download;
use crate::ui::posted::{Fields, read_multipart};
use crate::ui::vocabulary;
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::funding::{ApplicationDraft, OpportunityDraft, OpportunityListFilter, OpportunityView, StepDraft};
use mekong_app::policy::{self, Permission, Target};
use mekong_core::Lang;
use mekong_core::directory::CityCode;
use mekong_core::funding::{ApplicationStatus, FundingApplication, Opportunity};
use mekong_core::ids::{FundingApplicationId, OpportunityId, OrganisationId};
use mekong_core::people::CountryCode;
use mekong_core::validation::FieldErrors;
use mekong_core::vocabulary::{OrganisationKind, Theme};
use mekong_i18n::Arg;
use serde::Deserialize;

fn opportunity_id(raw: &str) -> Result<OpportunityId, WebError> {
    parse_uuid(raw).map(OpportunityId)
}

/// One opportunity in a list.
pub struct OpportunityRow {
    pub href: String,
    pub title: String,
    pub funder: String,
    pub funder_href: String,
    pub deadline: String,
    pub open: bool,
    pub amounts: String,
    pub themes: String,
}

fn amounts(ctx: &PageCtx, opportunity: &Opportunity) -> String {
    match (opportunity.minimum, opportunity.maximum) {
        (Some(min), Some(max)) => format!("{} – {}", ctx.tr.money(min), ctx.tr.money(max)),
        (Some(min), None) => format!("≥ {}", ctx.tr.money(min)),
        (None, Some(max)) => format!("≤ {}", ctx.tr.money(max)),
        (None, None) => String::new(),
    }
}

fn row(ctx: &PageCtx, names: &FunderNames, opportunity: &Opportunity, now: jiff::Timestamp) -> OpportunityRow {
    OpportunityRow {
        href: format!("/funding/{}", opportunity.id),
        title: opportunity.title.get(ctx.tr.lang).to_owned(),
        funder: names.of(ctx, opportunity),
        funder_href: format!("/funding/funders/{}", opportunity.funder),
        deadline: matching::deadline(opportunity),
        open: opportunity.open(now),
        amounts: amounts(ctx, opportunity),
        themes: vocabulary::theme_labels(ctx, &opportunity.themes),
    }
}

#[derive(Template)]
#[template(path = "funding/list.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<OpportunityRow>,
    themes: Vec<Pick>,
    countries: Vec<Pick>,
    statuses: Vec<Pick>,
    total: String,
    page: u64,
    pages: u64,
    pager_base: String,
    manages: bool,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    theme: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    status: String,
    page: Option<u64>,
}

/// The countries of the member cities, offered as filters and eligibility choices.
const MEMBER_COUNTRIES: [&str; 3] = ["KH", "LA", "VN"];

pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    let filter = OpportunityListFilter {
        theme: Theme::parse(&query.theme),
        country: CountryCode::parse(&query.country),
        funder: None,
        open: match query.status.as_str() {
            "open" => Some(true),
            "closed" => Some(false),
            _ => None,
        },
    };
    let found = state.app.opportunities(&ctx.actor, &filter, query.page.unwrap_or(1)).await?;
    let names = FunderNames::load(&state, &ctx).await?;
    let now = state.app.now();
    let theme = filter.theme.map(Theme::code).unwrap_or_default();
    let country = filter.country.as_ref().map(CountryCode::as_str).unwrap_or_default().to_owned();
    let status = match filter.open {
        Some(true) => "open",
        Some(false) => "closed",
        None => "",
    };
    Ok(render(&ListPage {
        rows: found.items.iter().map(|o| row(&ctx, &names, o, now)).collect(),
        themes: Theme::ALL
            .iter()
            .map(|t| Pick::new(t.code(), vocabulary::label(&ctx, "theme", t.code()), theme))
            .collect(),
        countries: MEMBER_COUNTRIES.iter().map(|c| Pick::new(*c, ctx.t(&format!("country-{c}")), &country)).collect(),
        statuses: ["open", "closed"]
            .iter()
            .map(|s| Pick::new(*s, ctx.t(&format!("funding-status-{s}")), status))
            .collect(),
        total: ctx.tr.number(i64::try_from(found.total).unwrap_or(i64::MAX)),
        page: found.page,
        pages: found.pages(),
        pager_base: format!("/funding?theme={theme}&country={country}&status={status}&"),
        manages: state.app.manages_funding(&ctx.actor),
        ctx,
    }))
}

/// A checkbox of a list of codes.
pub struct Check {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

fn checks(codes: &[&str], label: impl Fn(&str) -> String, chosen: &str) -> Vec<Check> {
    let chosen: Vec<String> = chosen.split([',', ';']).map(|c| c.trim().to_ascii_lowercase()).collect();
    codes
        .iter()
        .map(|code| Check {
            value: (*code).to_owned(),
            label: label(code),
            checked: chosen.contains(&code.to_ascii_lowercase()),
        })
        .collect()
}

/// A title field of the form, one per language.
pub struct TitleField {
    pub name: String,
    pub label: String,
    pub value: String,
}

#[derive(Template)]
#[template(path = "funding/form.html")]
struct FormPage {
    ctx: PageCtx,
    action: String,
    version: i32,
    heading: String,
    draft: OpportunityDraft,
    titles: Vec<TitleField>,
    funders: Vec<Pick>,
    kinds: Vec<Check>,
    countries: Vec<Check>,
    themes: Vec<Check>,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
}

async fn form_page(
    state: &AppState,
    ctx: PageCtx,
    existing: Option<&Opportunity>,
    draft: OpportunityDraft,
    (errors, conflict): (FieldErrors, Option<ConflictView>),
) -> Result<Response, WebError> {
    let funders = state.app.funders(&ctx.actor).await?;
    let lang = ctx.tr.lang;
    let page = FormPage {
        action: existing.map_or_else(|| "/funding".to_owned(), |o| format!("/funding/{}", o.id)),
        version: existing.map_or(0, |o| o.version),
        heading: ctx.t(if existing.is_some() { "funding-edit" } else { "funding-new" }),
        titles: Lang::ALL
            .iter()
            .map(|l| TitleField {
                name: format!("title_{}", l.code()),
                label: format!("{} ({})", ctx.t("funding-field-title"), l.endonym()),
                value: draft.title(*l).to_owned(),
            })
            .collect(),
        funders: funders.iter().map(|f| Pick::new(f.id.to_string(), f.names.for_reader(lang), &draft.funder)).collect(),
        kinds: checks(
            &OrganisationKind::ALL.iter().map(|k| k.code()).collect::<Vec<_>>(),
            |c| vocabulary::label(&ctx, "kind", c),
            &draft.applicant_kinds,
        ),
        countries: checks(&MEMBER_COUNTRIES, |c| ctx.t(&format!("country-{c}")), &draft.countries),
        themes: checks(
            &Theme::ALL.iter().map(|t| t.code()).collect::<Vec<_>>(),
            |c| vocabulary::label(&ctx, "theme", c),
            &draft.themes,
        ),
        draft,
        errors,
        conflict,
        ctx,
    };
    Ok(render_with_status(form_status(&page.errors, page.conflict.as_ref()), &page))
}

pub async fn new_form(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let draft = OpportunityDraft {
        deadline_time: "23:59:59".into(),
        time_zone: "Europe/Paris".into(),
        currency: "EUR".into(),
        applicant_kinds: OrganisationKind::LocalAuthority.code().into(),
        ..OpportunityDraft::default()
    };
    form_page(&state, ctx, None, draft, (FieldErrors::default(), None)).await
}

fn posted_draft(f: &Fields) -> OpportunityDraft {
    OpportunityDraft {
        funder: f.get("funder"),
        titles: Lang::ALL.iter().map(|l| (*l, f.get(&format!("title_{}", l.code())))).collect(),
        deadline_date: f.get("deadline_date"),
        deadline_time: f.get("deadline_time"),
        time_zone: f.get("time_zone"),
        currency: f.get("currency"),
        minimum: f.get("minimum"),
        maximum: f.get("maximum"),
        co_financing: f.get("co_financing"),
        applicant_kinds: f.all("applicant_kinds").join(","),
        countries: f.all("countries").join(","),
        themes: f.all("themes").join(","),
        link: f.get("link"),
    }
}

/// The fields a conflict compares, as typed and as saved.
fn compared(draft: &OpportunityDraft) -> Vec<(&'static str, String)> {
    vec![
        (
            "funding-field-title",
            draft.titles.iter().map(|(_, t)| t.as_str()).filter(|t| !t.is_empty()).collect::<Vec<_>>().join(" / "),
        ),
        ("funding-field-deadline", format!("{} {} {}", draft.deadline_date, draft.deadline_time, draft.time_zone)),
        ("funding-field-minimum", format!("{} {}", draft.minimum, draft.currency)),
        ("funding-field-maximum", format!("{} {}", draft.maximum, draft.currency)),
        ("funding-field-co-financing", draft.co_financing.clone()),
        ("funding-field-themes", draft.themes.clone()),
        ("funding-field-link", draft.link.clone()),
    ]
}

async fn save(
    state: AppState,
    (ctx, jar): (PageCtx, CookieJar),
    existing: Option<OpportunityId>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let before = match existing {
        Some(id) => Some(state.app.opportunity_record(&ctx.actor, id).await?),
        None => None,
    };
    let posted = read_multipart(multipart, "documents").await;
    let draft = posted_draft(&posted.fields);
    let version = posted.fields.version();
    if posted.unreadable {
        let mut errors = FieldErrors::default();
        errors.add("documents", "error-file-unreadable");
        return form_page(&state, ctx, before.as_ref(), draft, (errors, None)).await;
    }
    let lang = ctx.tr.lang;
    let saving = existing.map(|id| (id, version));
    match state.app.save_opportunity(&ctx.actor, saving, &draft, lang, &posted.uploads).await {
        Ok(saved) => Ok(redirect_with_flash(&format!("/funding/{}", saved.id), "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => form_page(&state, ctx, before.as_ref(), draft, (errors, None)).await,
        Err(AppError::Conflict) => {
            let current = match existing {
                Some(id) => Some(state.app.opportunity_record(&ctx.actor, id).await?),
                None => None,
            };
            let saved = current.as_ref().map(OpportunityDraft::of).unwrap_or_default();
            let conflict = ConflictView::between(&ctx, compared(&draft), compared(&saved));
            form_page(&state, ctx, current.as_ref(), draft, (FieldErrors::default(), Some(conflict))).await
        }
        Err(error) => Err(error.into()),
    }
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    save(state, (ctx, jar), None, multipart).await
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    if !state.app.manages_funding(&ctx.actor) {
        return Err(AppError::Forbidden.into());
    }
    let opportunity = state.app.opportunity_record(&ctx.actor, opportunity_id(&id)?).await?;
    let draft = OpportunityDraft::of(&opportunity);
    form_page(&state, ctx, Some(&opportunity), draft, (FieldErrors::default(), None)).await
}

pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let id = opportunity_id(&id)?;
    save(state, (ctx, jar), Some(id), multipart).await
}

/// An application as listed, with its step form when the reader may move it on.
pub struct ApplicationRow {
    pub id: String,
    pub version: i32,
    pub city: String,
    pub owner: String,
    pub requested: String,
    pub status: String,
    pub status_code: &'static str,
    pub outcome: String,
    pub steps: Vec<Pick>,
    pub opportunity_href: String,
}

fn application_row(ctx: &PageCtx, application: &FundingApplication) -> ApplicationRow {
    let may_step =
        policy::authorise(&ctx.actor, Permission::RecordFundingApplication, &Target::City(application.city.clone()))
            .is_ok();
    let steps: &[&str] = match application.status {
        ApplicationStatus::Preparing => &["submit"],
        ApplicationStatus::Submitted => &["won", "lost"],
        ApplicationStatus::Won | ApplicationStatus::Lost => &[],
    };
    let outcome = application.outcome.as_ref().map(|o| {
        let granted = o.granted.map(|g| format!(" · {}", ctx.tr.money(g))).unwrap_or_default();
        let comment = if o.comment.is_empty() { String::new() } else { format!(" · {}", o.comment) };
        format!("{}{granted}{comment}", mekong_i18n::format_date(ctx.tr.lang, o.on))
    });
    ApplicationRow {
        id: application.id.to_string(),
        version: application.version,
        city: application.city.to_string(),
        owner: application.owner_name.clone(),
        requested: ctx.tr.money(application.requested),
        status: ctx.t(&format!("funding-application-{}", application.status.code())),
        status_code: application.status.code(),
        outcome: outcome.unwrap_or_default(),
        steps: if may_step {
            steps.iter().map(|s| Pick::new(*s, ctx.t(&format!("funding-step-{s}")), "")).collect()
        } else {
            Vec::new()
        },
        opportunity_href: format!("/funding/{}", application.opportunity),
    }
}

/// A member city the opportunity matches, with the reasons.
pub struct CityMatchRow {
    pub name: String,
    pub href: String,
    pub reasons: Reasons,
}

/// A project the opportunity matches, with the reasons.
pub struct ProjectMatchRow {
    pub href: String,
    pub number: String,
    pub title: String,
    pub cities: String,
    pub reasons: Reasons,
}

/// A document to download.
pub struct DocumentLink {
    pub href: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "funding/show.html")]
struct ShowPage {
    ctx: PageCtx,
    id: String,
    row: OpportunityRow,
    deadline: DeadlineLines,
    co_financing: String,
    applicant_kinds: String,
    countries: String,
    link: String,
    documents: Vec<DocumentLink>,
    matches: Vec<CityMatchRow>,
    projects: Vec<ProjectMatchRow>,
    applications: Vec<ApplicationRow>,
    /// The one pager of the matching projects and the applications, as on a funder's page.
    page: u64,
    pages: u64,
    pager_base: String,
    projects_total: u64,
    manages: bool,
    may_record: bool,
    cities: Vec<Pick>,
    project_choices: Vec<Pick>,
    draft: ApplicationDraft,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
}

/// What the forms of an opportunity's page carry back when a step did not go through.
#[derive(Default)]
struct ShowForms {
    draft: Option<ApplicationDraft>,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
}

async fn show_page(
    state: &AppState,
    ctx: PageCtx,
    view: OpportunityView,
    forms: ShowForms,
) -> Result<Response, WebError> {
    let opportunity = &view.opportunity;
    let lang = ctx.tr.lang;
    let cities = state.app.list_cities(&ctx.actor).await?;
    let may_record = policy::authorise(&ctx.actor, Permission::RecordFundingApplication, &Target::Nothing).is_ok()
        && ctx.signed_in();
    let draft = forms.draft.unwrap_or_else(|| ApplicationDraft {
        city: ctx.actor.focal_cities().first().map(ToString::to_string).unwrap_or_default(),
        currency: opportunity.minimum.or(opportunity.maximum).map_or("EUR", |m| m.currency().code()).to_owned(),
        ..ApplicationDraft::default()
    });
    let page = ShowPage {
        id: opportunity.id.to_string(),
        row: row(&ctx, &FunderNames::load(state, &ctx).await?, opportunity, state.app.now()),
        deadline: DeadlineLines::of(&ctx, &opportunity.deadline),
        co_financing: opportunity.co_financing.map(|r| format!("{} %", r.percent())).unwrap_or_default(),
        applicant_kinds: if opportunity.applicant_kinds.is_empty() {
            ctx.t("funding-anyone")
        } else {
            opportunity
                .applicant_kinds
                .iter()
                .map(|k| vocabulary::label(&ctx, "kind", k.code()))
                .collect::<Vec<_>>()
                .join(", ")
        },
        countries: if opportunity.countries.is_empty() {
            ctx.t("funding-anywhere")
        } else {
            opportunity.countries.iter().map(CountryCode::as_str).collect::<Vec<_>>().join(", ")
        },
        link: opportunity.link.clone(),
        documents: opportunity
            .documents
            .iter()
            .map(|d| DocumentLink {
                href: format!("/funding/{}/documents/{}", opportunity.id, d.sha256),
                name: d.name.clone(),
            })
            .collect(),
        matches: view
            .matches
            .iter()
            .map(|m| CityMatchRow {
                name: m.organisation.names.for_reader(lang).to_owned(),
                href: format!("/funding/matches?city={}", m.city),
                reasons: reasons(&ctx, &m.found),
            })
            .collect(),
        projects: view
            .projects
            .items
            .iter()
            .map(|m| ProjectMatchRow {
                href: format!("/projects/{}", m.project.id),
                number: m.project.number.clone(),
                title: m.project.title.get(lang).to_owned(),
                cities: m.project.cities.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
                reasons: reasons(&ctx, &m.found),
            })
            .collect(),
        applications: view.applications.items.iter().map(|a| application_row(&ctx, a)).collect(),
        page: view.projects.page,
        pages: view.projects.pages().max(view.applications.pages()),
        pager_base: format!("/funding/{}?", opportunity.id),
        projects_total: view.projects.total,
        manages: state.app.manages_funding(&ctx.actor),
        may_record,
        cities: cities
            .iter()
            .filter(|c| {
                policy::authorise(&ctx.actor, Permission::RecordFundingApplication, &Target::City(c.code.clone()))
                    .is_ok()
            })
            .map(|c| Pick::new(c.code.to_string(), crate::ui::cities::CityView::new(c, &ctx.tr).name, &draft.city))
            .collect(),
        project_choices: view
            .project_choices
            .iter()
            .map(|p| Pick::new(p.id.to_string(), format!("{} · {}", p.number, p.title.get(lang)), &draft.project))
            .collect(),
        draft,
        errors: forms.errors,
        conflict: forms.conflict,
        ctx,
    };
    Ok(render_with_status(form_status(&page.errors, page.conflict.as_ref()), &page))
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Response, WebError> {
    let view = state.app.opportunity(&ctx.actor, opportunity_id(&id)?, query.page.unwrap_or(1)).await?;
    show_page(&state, ctx, view, ShowForms::default()).await
}

pub async fn record_application(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = opportunity_id(&id)?;
    let f = Fields(pairs);
    let draft = ApplicationDraft {
        city: f.get("city"),
        project: f.get("project"),
        currency: f.get("currency"),
        requested: f.get("requested"),
    };
    match state.app.record_funding_application(&ctx.actor, id, &draft, ctx.tr.lang).await {
        Ok(_) => Ok(redirect_with_flash(&format!("/funding/{id}"), "flash-funding-recorded", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => {
            let view = state.app.opportunity(&ctx.actor, id, 1).await?;
            show_page(&state, ctx, view, ShowForms { draft: Some(draft), errors, ..ShowForms::default() }).await
        }
        Err(error) => Err(error.into()),
    }
}

pub async fn step_application(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(application): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = parse_uuid(&application).map(FundingApplicationId)?;
    let f = Fields(pairs);
    let step = StepDraft {
        step: f.get("step"),
        outcome_on: f.get("outcome_on"),
        granted: f.get("granted"),
        comment: f.get("comment"),
    };
    let result = state.app.step_funding_application(&ctx.actor, id, f.version(), &step, ctx.tr.lang).await;
    let forms = match refusal(result)? {
        Ok(saved) => {
            let to = format!("/funding/{}", saved.opportunity);
            return Ok(redirect_with_flash(&to, "flash-saved", jar, state.config.tls));
        }
        Err(Refusal { errors, conflict }) => ShowForms { errors, conflict, ..ShowForms::default() },
    };
    let application = state.app.funding_application(&ctx.actor, id).await?;
    let view = state.app.opportunity(&ctx.actor, application.opportunity, 1).await?;
    show_page(&state, ctx, view, forms).await
}

pub async fn document(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, sha256)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (name, content_type, bytes) =
        state.app.open_opportunity_document(&ctx.actor, opportunity_id(&id)?, &sha256).await?;
    Ok(download(bytes, mekong_app::files::served_content_type(&content_type), &name))
}

#[derive(Template)]
#[template(path = "funding/funder.html")]
struct FunderPage {
    ctx: PageCtx,
    name: String,
    organisation_href: String,
    website: String,
    rate: String,
    opportunities: Vec<OpportunityRow>,
    applications: Vec<ApplicationRow>,
    page: u64,
    pages: u64,
    pager_base: String,
    /// The applications' table is shared with the opportunity's page, which shows step errors.
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    page: Option<u64>,
}

pub async fn funder(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(funder): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Response, WebError> {
    let id = parse_uuid(&funder).map(OrganisationId)?;
    let view = state.app.funder(&ctx.actor, id, query.page.unwrap_or(1)).await?;
    let now = state.app.now();
    let rate = match view.success_rate {
        Some(rate) => ctx.tr.t_with(
            "funding-success-rate",
            &[
                ("won", Arg::Num(view.won as f64)),
                ("decided", Arg::Num(view.decided as f64)),
                ("rate", Arg::Num(rate as f64)),
            ],
        ),
        None => ctx.t("funding-success-rate-none"),
    };
    Ok(render(&FunderPage {
        name: view.funder.names.for_reader(ctx.tr.lang).to_owned(),
        organisation_href: format!("/organisations/{}", view.funder.id),
        website: view.funder.website.clone(),
        rate,
        opportunities: view
            .opportunities
            .items
            .iter()
            .map(|o| row(&ctx, &FunderNames::of_funders(vec![view.funder.clone()]), o, now))
            .collect(),
        applications: view.applications.items.iter().map(|a| application_row(&ctx, a)).collect(),
        page: view.opportunities.page,
        pages: view.opportunities.pages().max(view.applications.pages()),
        pager_base: format!("/funding/funders/{id}?"),
        errors: FieldErrors::default(),
        ctx,
    }))
}

/// An opportunity a city matches, with the reasons.
pub struct OpportunityMatchRow {
    pub row: OpportunityRow,
    pub reasons: Reasons,
}

#[derive(Template)]
#[template(path = "funding/matches.html")]
struct MatchesPage {
    ctx: PageCtx,
    cities: Vec<Pick>,
    city_name: String,
    rows: Vec<OpportunityMatchRow>,
}

#[derive(Deserialize, Default)]
pub struct MatchesQuery {
    #[serde(default)]
    city: String,
}

pub async fn matches(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<MatchesQuery>,
) -> Result<Response, WebError> {
    let chosen = match query.city.trim() {
        "" => ctx.actor.focal_cities().first().map(ToString::to_string).unwrap_or_default(),
        city => city.to_owned(),
    };
    let cities = state.app.list_cities(&ctx.actor).await?;
    let city = CityCode::parse(&chosen).ok();
    let found = match &city {
        Some(city) => state.app.city_matches(&ctx.actor, city).await?,
        None => {
            // The page is the funding area's: its rights are asked even before a city is chosen.
            state.app.opportunities(&ctx.actor, &OpportunityListFilter::default(), 1).await?;
            Vec::new()
        }
    };
    let now = state.app.now();
    let names = FunderNames::load(&state, &ctx).await?;
    let city_name = cities
        .iter()
        .find(|c| Some(&c.code) == city.as_ref())
        .map(|c| crate::ui::cities::CityView::new(c, &ctx.tr).name)
        .unwrap_or_default();
    Ok(render(&MatchesPage {
        cities: cities
            .iter()
            .map(|c| Pick::new(c.code.to_string(), crate::ui::cities::CityView::new(c, &ctx.tr).name, &chosen))
            .collect(),
        city_name,
        rows: found
            .iter()
            .map(|(o, m)| OpportunityMatchRow { row: row(&ctx, &names, o, now), reasons: reasons(&ctx, m) })
            .collect(),
        ctx,
    }))
}

#[derive(Template)]
#[template(path = "funding/import.html")]
struct ImportPage {
    ctx: PageCtx,
    columns: String,
    problems: Vec<String>,
    errors: FieldErrors,
}

fn import_page(ctx: PageCtx, errors: FieldErrors) -> Response {
    // Problems of rows are named `row:column`; a problem of the whole file stays by its field.
    let problems = errors
        .0
        .iter()
        .filter_map(|e| {
            let (line, column) = e.field.split_once(':')?;
            Some(ctx.tr.t_with(
                "funding-import-problem",
                &[
                    ("row", Arg::from(line)),
                    ("column", Arg::from(column)),
                    ("message", Arg::from(ctx.t(&e.message).as_str())),
                ],
            ))
        })
        .collect();
    let page = ImportPage { columns: mekong_app::funding::IMPORT_COLUMNS.join(", "), problems, errors, ctx };
    render_with_status(form_status(&page.errors, None), &page)
}

pub async fn import_form(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    if !state.app.manages_funding(&ctx.actor) {
        return Err(AppError::Forbidden.into());
    }
    Ok(import_page(ctx, FieldErrors::default()))
}

pub async fn import(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    if !state.app.manages_funding(&ctx.actor) {
        return Err(AppError::Forbidden.into());
    }
    let posted = read_multipart(multipart, "file").await;
    let bytes = posted.uploads.first().map(|u| u.bytes.clone()).unwrap_or_default();
    if posted.unreadable {
        return Ok(import_page(ctx, field_error("file", "error-file-unreadable")));
    }
    match state.app.import_opportunities(&ctx.actor, &bytes).await {
        Ok(_) => Ok(redirect_with_flash("/funding", "flash-funding-imported", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => Ok(import_page(ctx, errors)),
        Err(error) => Err(error.into()),
    }
}

fn field_error(field: &str, message: &str) -> FieldErrors {
    let mut errors = FieldErrors::default();
    errors.add(field, message);
    errors
}
