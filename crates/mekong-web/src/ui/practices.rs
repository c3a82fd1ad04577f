//! The good practices pages: the list (published ones for everyone, drafts for their writers;
//! by theme, city, country and language), a practice in the reader's language with the
//! fallback version said so, its form (the shared facts and one language version), its photos
//! and the coordinator's review of each language version.

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
use mekong_app::practices::{
    PhotoDraft, PracticeChoices, PracticeDraft, PracticeListFilter, PracticeView, ReviewDraft,
};
use mekong_core::Lang;
use mekong_core::directory::CityCode;
use mekong_core::ids::PracticeId;
use mekong_core::money::Currency;
use mekong_core::practices::{Practice, TranslationStatus};
use mekong_core::validation::FieldErrors;
use mekong_core::vocabulary::Theme;
use mekong_i18n::Arg;
use serde::Deserialize;

pub(crate) fn practice_id(raw: &str) -> Result<PracticeId, WebError> {
    parse_uuid(raw).map(PracticeId)
}

fn status_label(ctx: &PageCtx, status: TranslationStatus) -> String {
    ctx.t(&format!("practice-status-{}", status.code().replace('_', "-")))
}

/// One practice in a list.
pub struct PracticeRow {
    pub href: String,
    pub title: String,
    /// The language of the title shown, for its `lang` attribute.
    pub lang: &'static str,
    pub summary: String,
    pub city: String,
    pub themes: String,
    /// Each version with its status, for its writers; the published languages for others.
    pub versions: Vec<VersionTag>,
}

pub struct VersionTag {
    pub lang: &'static str,
    pub label: String,
    pub status: &'static str,
}

fn versions(ctx: &PageCtx, practice: &Practice, writer: bool) -> Vec<VersionTag> {
    practice
        .texts
        .iter()
        .filter(|(_, t)| writer || t.status == TranslationStatus::Published)
        .map(|(lang, t)| VersionTag {
            lang: lang.code(),
            label: if writer {
                format!("{} · {}", lang.endonym(), status_label(ctx, t.status))
            } else {
                lang.endonym().to_owned()
            },
            status: t.status.code(),
        })
        .collect()
}

fn writes(ctx: &PageCtx, practice: &Practice) -> bool {
    mekong_app::policy::authorise(
        &ctx.actor,
        mekong_app::policy::Permission::WritePractices,
        &mekong_app::policy::Target::City(practice.city.clone()),
    )
    .is_ok()
}

pub(crate) fn row(ctx: &PageCtx, practice: &Practice) -> PracticeRow {
    let writer = writes(ctx, practice);
    let shown = practice.shown(ctx.tr.lang, writer);
    PracticeRow {
        href: format!("/practices/{}", practice.id),
        title: shown.map(|s| s.text.title.clone()).unwrap_or_default(),
        lang: shown.map_or(ctx.lang(), |s| s.lang.code()),
        summary: shown.map(|s| s.text.summary.clone()).unwrap_or_default(),
        city: practice.city.to_string(),
        themes: practice
            .themes
            .iter()
            .map(|t| vocabulary::label(ctx, "theme", t.code()))
            .collect::<Vec<_>>()
            .join(", "),
        versions: versions(ctx, practice, writer),
    }
}

/// The member cities as choices, by code: those the reader may write for, or all.
async fn city_picks(
    state: &AppState,
    ctx: &PageCtx,
    current: &str,
    only_writable: bool,
) -> Result<Vec<Pick>, WebError> {
    let cities = state.app.list_cities(&ctx.actor).await?;
    Ok(cities
        .iter()
        .filter(|c| {
            !only_writable
                || mekong_app::policy::authorise(
                    &ctx.actor,
                    mekong_app::policy::Permission::WritePractices,
                    &mekong_app::policy::Target::City(c.code.clone()),
                )
                .is_ok()
        })
        .map(|c| {
            let name = crate::ui::cities::CityView::new(c, &ctx.tr).name;
            Pick::new(c.code.to_string(), format!("{name} ({})", c.code), current)
        })
        .collect())
}

fn theme_picks(ctx: &PageCtx, current: &[String]) -> Vec<Pick> {
    Theme::ALL
        .iter()
        .map(|t| {
            let mut pick = Pick::new(t.code(), vocabulary::label(ctx, "theme", t.code()), "");
            pick.selected = current.iter().any(|c| c == t.code());
            pick
        })
        .collect()
}

fn language_picks(current: &str) -> Vec<Pick> {
    Lang::ALL.iter().map(|l| Pick::new(l.code(), l.endonym(), current)).collect()
}

#[derive(Template)]
#[template(path = "practices/list.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<PracticeRow>,
    themes: Vec<Pick>,
    cities: Vec<Pick>,
    countries: Vec<Pick>,
    languages: Vec<Pick>,
    total: String,
    page: u64,
    pages: u64,
    pager_base: String,
    may_write: bool,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    theme: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    language: String,
    page: Option<u64>,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    let country = query.country.trim().to_ascii_uppercase();
    let filter = PracticeListFilter {
        theme: Theme::parse(&query.theme),
        city: CityCode::parse(&query.city).ok(),
        country: (country.len() == 2).then(|| country.clone()),
        language: Lang::from_tag(query.language.trim()),
    };
    let found = state.app.practices(&ctx.actor, &filter, query.page.unwrap_or(1)).await?;
    let theme = filter.theme.map(Theme::code).unwrap_or_default();
    let city = filter.city.as_ref().map(ToString::to_string).unwrap_or_default();
    let language = filter.language.map(Lang::code).unwrap_or_default();
    let cities = state.app.list_cities(&ctx.actor).await?;
    let mut country_codes: Vec<&'static str> = cities.iter().map(|c| c.country.iso2()).collect();
    country_codes.sort_unstable();
    country_codes.dedup();
    // Cities by name, as the reader's language writes them.
    let names: std::collections::BTreeMap<String, String> =
        cities.iter().map(|c| (c.code.to_string(), crate::ui::cities::CityView::new(c, &ctx.tr).name)).collect();
    let rows = found
        .items
        .iter()
        .map(|p| {
            let mut row = row(&ctx, p);
            if let Some(name) = names.get(&row.city) {
                row.city.clone_from(name);
            }
            row
        })
        .collect();
    Ok(render(&ListPage {
        rows,
        themes: Theme::ALL
            .iter()
            .map(|t| Pick::new(t.code(), vocabulary::label(&ctx, "theme", t.code()), theme))
            .collect(),
        cities: city_picks(&state, &ctx, &city, false).await?,
        countries: country_codes
            .iter()
            .map(|c| Pick::new(*c, vocabulary::label(&ctx, "country", c), &country))
            .collect(),
        languages: language_picks(language),
        total: ctx.tr.number(i64::try_from(found.total).unwrap_or(i64::MAX)),
        page: found.page,
        pages: found.pages(),
        pager_base: format!("/practices?theme={theme}&city={city}&country={country}&language={language}&"),
        may_write: state.app.may_write_practices(&ctx.actor),
        ctx,
    }))
}

/// The form's choices: what a practice may link to, each marked when chosen.
struct FormChoices {
    organisations: Vec<Pick>,
    people: Vec<Pick>,
    indicators: Vec<Pick>,
}

fn multi(values: impl IntoIterator<Item = (String, String)>, chosen: &[String]) -> Vec<Pick> {
    values
        .into_iter()
        .map(|(value, label)| {
            let selected = chosen.contains(&value);
            Pick { value, label, selected }
        })
        .collect()
}

fn form_choices(choices: &PracticeChoices, draft: &PracticeDraft) -> FormChoices {
    FormChoices {
        organisations: multi(choices.organisations.iter().map(|o| (o.id.to_string(), o.name.clone())), &draft.partners),
        people: choices.people.iter().map(|p| Pick::new(p.id.to_string(), p.name.clone(), &draft.contact)).collect(),
        indicators: multi(choices.indicators.iter().map(|i| (i.id.to_string(), i.label.clone())), &draft.indicators),
    }
}

#[derive(Template)]
#[template(path = "practices/form.html")]
struct FormPage {
    ctx: PageCtx,
    /// Empty for a new practice.
    id: String,
    version: i32,
    title_of_page: String,
    draft: PracticeDraft,
    cities: Vec<Pick>,
    languages: Vec<Pick>,
    statuses: Vec<Pick>,
    themes: Vec<Pick>,
    currencies: Vec<Pick>,
    choices: FormChoices,
    review_comment: String,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
}

/// The form of a practice as typed (`practice` none for a new one).
async fn form_page(
    state: &AppState,
    ctx: PageCtx,
    practice: Option<&Practice>,
    draft: PracticeDraft,
    (errors, conflict): (FieldErrors, Option<ConflictView>),
) -> Result<Response, WebError> {
    let choices = state.app.practice_choices(&ctx.actor).await?;
    let reviewer = state.app.may_review_practices(&ctx.actor);
    let statuses = TranslationStatus::ALL
        .iter()
        .filter(|s| reviewer || **s != TranslationStatus::Published)
        .map(|s| Pick::new(s.code(), status_label(&ctx, *s), &draft.status))
        .collect();
    let lang = Lang::from_tag(&draft.lang);
    let review_comment =
        practice.zip(lang).and_then(|(p, l)| p.texts.get(&l)).map(|t| t.review_comment.clone()).unwrap_or_default();
    let title_of_page = match practice {
        Some(p) => format!("{} · {}", ctx.t("practice-edit"), p.title(ctx.tr.lang, true)),
        None => ctx.t("practice-new"),
    };
    let page = FormPage {
        id: practice.map(|p| p.id.to_string()).unwrap_or_default(),
        version: practice.map_or(0, |p| p.version),
        title_of_page,
        cities: city_picks(state, &ctx, &draft.city, true).await?,
        languages: language_picks(&draft.lang),
        statuses,
        themes: theme_picks(&ctx, &draft.themes),
        currencies: Currency::all().iter().map(|c| Pick::new(c.code(), c.code(), &draft.currency)).collect(),
        choices: form_choices(&choices, &draft),
        review_comment,
        draft,
        errors,
        conflict,
        ctx,
    };
    Ok(render_with_status(form_status(&page.errors, page.conflict.as_ref()), &page))
}

/// The practice's facts and its version in `lang` as the form shows them.
fn draft_of(practice: &Practice, lang: Lang) -> PracticeDraft {
    let text = practice.texts.get(&lang);
    let field = |f: fn(&mekong_core::practices::PracticeText) -> &String| text.map(f).cloned().unwrap_or_default();
    PracticeDraft {
        city: practice.city.to_string(),
        themes: practice.themes.iter().map(|t| t.code().to_owned()).collect(),
        starts_on: practice.starts_on.map(|d| d.to_string()).unwrap_or_default(),
        ends_on: practice.ends_on.map(|d| d.to_string()).unwrap_or_default(),
        cost: practice.cost.map(|c| c.plain()).unwrap_or_default(),
        currency: practice.cost.map_or("EUR", |c| c.currency().code()).to_owned(),
        typed_in: lang,
        partners: practice.partners.iter().map(|p| p.id.to_string()).collect(),
        contact: practice.contact.as_ref().map(|c| c.id.to_string()).unwrap_or_default(),
        indicators: practice.indicators.iter().map(|i| i.id.to_string()).collect(),
        lang: lang.code().to_owned(),
        title: field(|t| &t.title),
        summary: field(|t| &t.summary),
        problem: field(|t| &t.problem),
        actions: field(|t| &t.actions),
        results: field(|t| &t.results),
        status: text.map_or(TranslationStatus::Draft, |t| t.status).code().to_owned(),
    }
}

fn draft_from(fields: &Fields, typed_in: Lang) -> PracticeDraft {
    PracticeDraft {
        city: fields.get("city"),
        themes: fields.all("themes"),
        starts_on: fields.get("starts_on"),
        ends_on: fields.get("ends_on"),
        cost: fields.get("cost"),
        currency: fields.get("currency"),
        typed_in,
        partners: fields.all("partners"),
        contact: fields.get("contact"),
        indicators: fields.all("indicators"),
        lang: fields.get("lang"),
        title: fields.get("title"),
        summary: fields.get("summary"),
        problem: fields.get("problem"),
        actions: fields.get("actions"),
        results: fields.get("results"),
        status: fields.get("status"),
    }
}

pub async fn new_form(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let draft = PracticeDraft {
        city: ctx.actor.focal_cities().first().map(ToString::to_string).unwrap_or_default(),
        lang: ctx.lang().to_owned(),
        currency: "EUR".into(),
        status: TranslationStatus::Draft.code().into(),
        ..PracticeDraft::default()
    };
    form_page(&state, ctx, None, draft, (FieldErrors::default(), None)).await
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let posted = read_multipart(multipart, "documents").await;
    let draft = draft_from(&posted.fields, ctx.tr.lang);
    let result = if posted.unreadable {
        Err(AppError::field("documents", "error-file-unreadable"))
    } else {
        state.app.create_practice(&ctx.actor, &draft, &posted.uploads).await
    };
    match result {
        Ok(practice) => Ok(redirect_with_flash(
            &format!("/practices/{}", practice.id),
            "flash-practice-saved",
            jar,
            state.config.tls,
        )),
        Err(AppError::Validation(errors)) => form_page(&state, ctx, None, draft, (errors, None)).await,
        Err(error) => Err(error.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct LangQuery {
    #[serde(default)]
    lang: String,
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Query(query): Query<LangQuery>,
) -> Result<Response, WebError> {
    let view = state.app.practice(&ctx.actor, practice_id(&id)?).await?;
    if !view.may_write {
        return Err(AppError::Forbidden.into());
    }
    let lang = Lang::from_tag(query.lang.trim()).unwrap_or(ctx.tr.lang);
    let draft = draft_of(&view.practice, lang);
    form_page(&state, ctx, Some(&view.practice), draft, (FieldErrors::default(), None)).await
}

pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let id = practice_id(&id)?;
    let posted = read_multipart(multipart, "documents").await;
    let draft = draft_from(&posted.fields, ctx.tr.lang);
    let result = if posted.unreadable {
        Err(AppError::field("documents", "error-file-unreadable"))
    } else {
        state.app.update_practice(&ctx.actor, id, posted.fields.version(), &draft, &posted.uploads).await
    };
    let problems = match result {
        Ok(practice) => {
            return Ok(redirect_with_flash(
                &format!("/practices/{}", practice.id),
                "flash-practice-saved",
                jar,
                state.config.tls,
            ));
        }
        Err(AppError::Validation(errors)) => (errors, None),
        Err(AppError::Conflict) => {
            let saved = state.app.practice(&ctx.actor, id).await?.practice;
            let lang = Lang::from_tag(&draft.lang).unwrap_or(ctx.tr.lang);
            let current = draft_of(&saved, lang);
            let conflict = ConflictView::compare(
                &ctx,
                [
                    ("practice-field-title", draft.title.clone(), current.title),
                    ("practice-field-summary", draft.summary.clone(), current.summary),
                    ("practice-field-problem", draft.problem.clone(), current.problem),
                    ("practice-field-actions", draft.actions.clone(), current.actions),
                    ("practice-field-results", draft.results.clone(), current.results),
                    ("practice-field-cost", draft.cost.clone(), current.cost),
                ],
            );
            let page = form_page(&state, ctx, Some(&saved), draft, (FieldErrors::default(), Some(conflict)));
            return page.await;
        }
        Err(error) => return Err(error.into()),
    };
    let saved = state.app.practice(&ctx.actor, id).await?.practice;
    form_page(&state, ctx, Some(&saved), draft, problems).await
}

/// A photo as shown.
pub struct PhotoView {
    pub src: String,
    pub caption: String,
    pub credit: String,
    pub consent: bool,
}

pub struct DocumentLink {
    pub href: String,
    pub name: String,
}

pub struct HistoryLine {
    pub at: String,
    pub who: String,
    pub what: String,
}

/// What went wrong with one of the show page's forms.
#[derive(Default)]
struct ShowForms {
    errors: FieldErrors,
    conflict: Option<ConflictView>,
    photo: PhotoDraft,
    review: ReviewDraft,
}

#[derive(Template)]
#[template(path = "practices/show.html")]
struct ShowPage {
    ctx: PageCtx,
    id: String,
    version: i32,
    title: String,
    /// The language of the version shown.
    lang: &'static str,
    /// Said when the version shown is not in the language asked for.
    fallback_notice: String,
    summary: String,
    problem: String,
    actions: String,
    results: String,
    review_comment: String,
    city: String,
    city_name: String,
    themes: String,
    period: String,
    cost: String,
    partners: Vec<String>,
    contact: String,
    indicators: Vec<String>,
    versions: Vec<VersionTag>,
    photos: Vec<PhotoView>,
    documents: Vec<DocumentLink>,
    may_write: bool,
    /// The practice has a version in the reader's language (else they are offered to write one).
    has_own_version: bool,
    may_review: bool,
    /// Versions the coordinator may publish or send back.
    reviewable: Vec<Pick>,
    decisions: Vec<Pick>,
    history: Vec<HistoryLine>,
    forms: ShowForms,
}

async fn show_page(
    state: &AppState,
    ctx: PageCtx,
    view: PracticeView,
    asked: Lang,
    forms: ShowForms,
) -> Result<Response, WebError> {
    let practice = &view.practice;
    let Some(shown) = practice.shown(asked, view.may_write) else {
        return Err(AppError::NotFound.into());
    };
    let text = shown.text;
    let fallback_notice = if shown.fallback {
        ctx.tr.t_with(
            "practice-fallback-notice",
            &[("asked", Arg::Str(asked.endonym().to_owned())), ("shown", Arg::Str(shown.lang.endonym().to_owned()))],
        )
    } else {
        String::new()
    };
    let lang = ctx.tr.lang;
    let city_name = match state.app.city(&ctx.actor, practice.city.as_str()).await {
        Ok(city) => crate::ui::cities::CityView::new(&city, &ctx.tr).name,
        Err(_) => practice.city.to_string(),
    };
    let period = match (practice.starts_on, practice.ends_on) {
        (Some(s), Some(e)) => format!("{} – {}", mekong_i18n::format_date(lang, s), mekong_i18n::format_date(lang, e)),
        (Some(s), None) => format!("{} –", mekong_i18n::format_date(lang, s)),
        (None, Some(e)) => format!("– {}", mekong_i18n::format_date(lang, e)),
        (None, None) => String::new(),
    };
    let id = practice.id;
    let photos = practice
        .photos
        .iter()
        .filter(|p| view.may_write || p.consent)
        .map(|p| PhotoView {
            src: format!("/practices/{id}/files/{}", p.file.sha256),
            caption: p.caption.clone(),
            credit: p.credit.clone(),
            consent: p.consent,
        })
        .collect();
    let history = view
        .history
        .iter()
        .map(|entry| HistoryLine {
            at: ctx.tr.instant(entry.at),
            who: entry.change.actor.label(),
            what: ctx.t(&format!(
                "practice-action-{}",
                entry.change.action.trim_start_matches("practice.").replace('_', "-")
            )),
        })
        .collect();
    let reviewable = practice
        .texts
        .iter()
        .filter(|(_, t)| t.status != TranslationStatus::Published)
        .map(|(l, t)| {
            Pick::new(l.code(), format!("{} · {}", l.endonym(), status_label(&ctx, t.status)), &forms.review.lang)
        })
        .collect();
    let page = ShowPage {
        id: id.to_string(),
        version: practice.version,
        title: text.title.clone(),
        lang: shown.lang.code(),
        fallback_notice,
        summary: text.summary.clone(),
        problem: text.problem.clone(),
        actions: text.actions.clone(),
        results: text.results.clone(),
        review_comment: if view.may_write { text.review_comment.clone() } else { String::new() },
        city: practice.city.to_string(),
        city_name,
        themes: practice
            .themes
            .iter()
            .map(|t| vocabulary::label(&ctx, "theme", t.code()))
            .collect::<Vec<_>>()
            .join(", "),
        period,
        cost: practice.cost.map(|c| ctx.tr.money(c)).unwrap_or_default(),
        partners: practice.partners.iter().map(|p| p.name.clone()).collect(),
        contact: practice.contact.as_ref().map(|c| c.name.clone()).unwrap_or_default(),
        indicators: practice.indicators.iter().map(|i| i.label.clone()).collect(),
        versions: versions(&ctx, practice, view.may_write),
        photos,
        documents: practice
            .documents
            .iter()
            .map(|d| DocumentLink { href: format!("/practices/{id}/files/{}", d.sha256), name: d.name.clone() })
            .collect(),
        may_write: view.may_write,
        has_own_version: practice.texts.contains_key(&lang),
        may_review: view.may_review,
        reviewable,
        decisions: ["publish", "send_back"]
            .iter()
            .map(|d| {
                Pick::new(*d, ctx.t(&format!("practice-decision-{}", d.replace('_', "-"))), &forms.review.decision)
            })
            .collect(),
        history,
        forms,
        ctx,
    };
    Ok(render_with_status(form_status(&page.forms.errors, page.forms.conflict.as_ref()), &page))
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Query(query): Query<LangQuery>,
) -> Result<Response, WebError> {
    let view = state.app.practice(&ctx.actor, practice_id(&id)?).await?;
    let asked = Lang::from_tag(query.lang.trim()).unwrap_or(ctx.tr.lang);
    show_page(&state, ctx, view, asked, ShowForms::default()).await
}

/// After a step of the show page: back to the practice, or the page again with what went wrong.
async fn after_step(
    state: &AppState,
    (ctx, jar): (PageCtx, CookieJar),
    id: PracticeId,
    result: Result<Practice, AppError>,
    forms: ShowForms,
) -> Result<Response, WebError> {
    let forms = match refusal(result)? {
        Ok(_) => return Ok(redirect_with_flash(&format!("/practices/{id}"), "flash-saved", jar, state.config.tls)),
        Err(Refusal { errors, conflict }) => ShowForms { errors, conflict, ..forms },
    };
    let view = state.app.practice(&ctx.actor, id).await?;
    let lang = ctx.tr.lang;
    show_page(state, ctx, view, lang, forms).await
}

pub async fn add_photo(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let id = practice_id(&id)?;
    let posted = read_multipart(multipart, "photo").await;
    let draft = PhotoDraft {
        caption: posted.fields.get("caption"),
        credit: posted.fields.get("credit"),
        consent: posted.fields.checked("consent"),
    };
    let result = if posted.unreadable {
        Err(AppError::field("photo", "error-file-unreadable"))
    } else {
        state.app.add_practice_photo(&ctx.actor, id, posted.fields.version(), &draft, posted.uploads.first()).await
    };
    after_step(&state, (ctx, jar), id, result, ShowForms { photo: draft, ..ShowForms::default() }).await
}

pub async fn review(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = practice_id(&id)?;
    let fields = Fields(pairs);
    let draft =
        ReviewDraft { lang: fields.get("lang"), decision: fields.get("decision"), comment: fields.get("comment") };
    let result = state.app.review_practice(&ctx.actor, id, fields.version(), &draft).await;
    after_step(&state, (ctx, jar), id, result, ShowForms { review: draft, ..ShowForms::default() }).await
}

pub async fn file(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, sha256)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (name, content_type, bytes) = state.app.open_practice_file(&ctx.actor, practice_id(&id)?, &sha256).await?;
    Ok(download(bytes, mekong_app::files::served_content_type(&content_type), &name))
}
