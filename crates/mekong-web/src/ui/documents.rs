//! The documents library's pages: the documents the reader may read (paged, by kind, theme,
//! language and year) and the documents attached to agenda sessions and indicator values (read
//! where they are), the upload form, and a document's page with its versions, its events and
//! the form for a new version.

use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render, render_with_status};
use crate::state::AppState;
use crate::ui::conflict::{ConflictView, form_status};
use crate::ui::events::parse_uuid;
use crate::ui::finance::Pick;
use crate::ui::organisations::download;
use crate::ui::posted::read_multipart;
use crate::ui::vocabulary;
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::documents::{AttachedSource, DocumentDraft, DocumentView, LibraryListFilter};
use mekong_core::Lang;
use mekong_core::documents::{Audience, DocumentKind, LibraryDocument};
use mekong_core::ids::LibraryDocumentId;
use mekong_core::validation::FieldErrors;
use mekong_core::vocabulary::Theme;
use serde::Deserialize;

fn document_id(raw: &str) -> Result<LibraryDocumentId, WebError> {
    parse_uuid(raw).map(LibraryDocumentId)
}

/// A document in the list.
pub struct DocumentRow {
    pub href: String,
    pub title: String,
    /// Set when the title is not in the reader's language (the fallback is shown as such).
    pub title_lang: String,
    pub kind: String,
    pub themes: String,
    pub language: String,
    pub year: i32,
    pub audience: String,
    pub audience_code: &'static str,
    pub organisation: String,
}

fn row(ctx: &PageCtx, document: &LibraryDocument) -> DocumentRow {
    let lang = ctx.tr.lang;
    DocumentRow {
        href: format!("/documents/{}", document.id),
        title: document.title.get(lang).to_owned(),
        title_lang: if document.title.exact(lang).is_some() {
            String::new()
        } else {
            Lang::ALL
                .into_iter()
                .find(|l| document.title.exact(*l) == Some(document.title.get(lang)))
                .map(|l| l.endonym().to_owned())
                .unwrap_or_default()
        },
        kind: ctx.t(&format!("documents-kind-{}", document.kind.code())),
        themes: document
            .themes
            .iter()
            .map(|t| vocabulary::label(ctx, "theme", t.code()))
            .collect::<Vec<_>>()
            .join(", "),
        language: document.language.endonym().to_owned(),
        year: document.year,
        audience: ctx.t(&format!("documents-audience-{}", document.audience.code())),
        audience_code: document.audience.code(),
        organisation: document.organisation.clone(),
    }
}

/// A document attached elsewhere, as listed.
pub struct AttachedRow {
    pub href: String,
    pub name: String,
    pub source: String,
    pub context: String,
    pub context_href: String,
    pub city: String,
}

fn kind_picks(ctx: &PageCtx, current: &str) -> Vec<Pick> {
    DocumentKind::ALL
        .iter()
        .map(|k| Pick::new(k.code(), ctx.t(&format!("documents-kind-{}", k.code())), current))
        .collect()
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
#[template(path = "documents/list.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<DocumentRow>,
    kinds: Vec<Pick>,
    themes: Vec<Pick>,
    languages: Vec<Pick>,
    year: String,
    total: String,
    page: u64,
    pages: u64,
    pager_base: String,
    attached: Vec<AttachedRow>,
    attached_total: String,
    attached_page: u64,
    attached_pages: u64,
    can_add: bool,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    theme: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    year: String,
    page: Option<u64>,
    attached: Option<u64>,
}

impl ListQuery {
    fn filter(&self) -> LibraryListFilter {
        LibraryListFilter {
            kind: DocumentKind::parse(&self.kind),
            theme: Theme::parse(&self.theme),
            language: Lang::from_tag(&self.language).filter(|_| !self.language.trim().is_empty()),
            year: self.year.trim().parse().ok(),
            event: None,
        }
    }
}

pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    let filter = query.filter();
    let found = state.app.library(&ctx.actor, &filter, query.page.unwrap_or(1)).await?;
    let attached = state.app.attached_documents(&ctx.actor, ctx.tr.lang, query.attached.unwrap_or(1)).await?;
    let kind = filter.kind.map(DocumentKind::code).unwrap_or_default();
    let theme = filter.theme.map(Theme::code).unwrap_or_default();
    let language = filter.language.map(Lang::code).unwrap_or_default();
    let year = filter.year.map(|y| y.to_string()).unwrap_or_default();
    let number = |n: u64| ctx.tr.number(i64::try_from(n).unwrap_or(i64::MAX));
    Ok(render(&ListPage {
        rows: found.items.iter().map(|d| row(&ctx, d)).collect(),
        kinds: kind_picks(&ctx, kind),
        themes: Theme::ALL
            .iter()
            .map(|t| Pick::new(t.code(), vocabulary::label(&ctx, "theme", t.code()), theme))
            .collect(),
        languages: language_picks(language),
        total: number(found.total),
        page: found.page,
        pages: found.pages(),
        pager_base: format!("/documents?kind={kind}&theme={theme}&language={language}&year={year}&"),
        year,
        attached: attached
            .items
            .iter()
            .map(|a| AttachedRow {
                href: a.href.clone(),
                name: a.name.clone(),
                source: ctx.t(match a.source {
                    AttachedSource::Agenda => "documents-source-agenda",
                    AttachedSource::Evidence => "documents-source-evidence",
                }),
                context: a.context.clone(),
                context_href: a.context_href.clone(),
                city: a.city.as_ref().map(ToString::to_string).unwrap_or_default(),
            })
            .collect(),
        attached_total: number(attached.total),
        attached_page: attached.page,
        attached_pages: attached.pages(),
        can_add: state.app.may_add_documents(&ctx.actor),
        ctx,
    }))
}

/// A title field per language, as typed.
pub struct TitleField {
    pub name: String,
    pub label: String,
    pub lang: &'static str,
    pub value: String,
}

fn title_fields(draft: &DocumentDraft) -> Vec<TitleField> {
    Lang::ALL
        .iter()
        .map(|lang| TitleField {
            name: format!("title_{}", lang.code()),
            label: lang.endonym().to_owned(),
            lang: lang.code(),
            value: draft.titles.iter().find(|(l, _)| l == lang).map(|(_, v)| v.clone()).unwrap_or_default(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "documents/form.html")]
struct FormPage {
    ctx: PageCtx,
    draft: DocumentDraft,
    titles: Vec<TitleField>,
    kinds: Vec<Pick>,
    themes: Vec<Pick>,
    cities: Vec<Pick>,
    languages: Vec<Pick>,
    audiences: Vec<Pick>,
    events: Vec<Pick>,
    practices: Vec<Pick>,
    max_megabytes: usize,
    errors: FieldErrors,
}

async fn form_page(
    state: &AppState,
    ctx: PageCtx,
    draft: DocumentDraft,
    errors: FieldErrors,
) -> Result<Response, WebError> {
    let cities = state.app.list_cities(&ctx.actor).await?;
    let events = state.app.linkable_events(&ctx.actor).await?;
    let practices = state.app.linkable_practices(&ctx.actor).await?;
    let page = FormPage {
        titles: title_fields(&draft),
        kinds: kind_picks(&ctx, &draft.kind),
        themes: theme_picks(&ctx, &draft.themes),
        cities: cities
            .iter()
            .map(|c| {
                let name = crate::ui::cities::CityView::new(c, &ctx.tr).name;
                let mut pick = Pick::new(c.code.to_string(), format!("{name} ({})", c.code), "");
                pick.selected = draft.cities.iter().any(|d| *d == c.code.to_string());
                pick
            })
            .collect(),
        languages: language_picks(&draft.language),
        audiences: Audience::ALL
            .iter()
            .map(|a| Pick::new(a.code(), ctx.t(&format!("documents-audience-{}", a.code())), &draft.audience))
            .collect(),
        events: events
            .iter()
            .map(|e| {
                let mut pick = Pick::new(e.id.to_string(), e.title.get(ctx.tr.lang), "");
                pick.selected = draft.events.iter().any(|d| *d == e.id.to_string());
                pick
            })
            .collect(),
        practices: practices
            .iter()
            .map(|p| {
                let mut pick = Pick::new(p.id.to_string(), p.title(ctx.tr.lang, !p.is_published()), "");
                pick.selected = draft.practices.iter().any(|d| *d == p.id.to_string());
                pick
            })
            .collect(),
        max_megabytes: mekong_app::files::MAX_FILE_BYTES / (1024 * 1024),
        draft,
        errors,
        ctx,
    };
    Ok(render_with_status(form_status(&page.errors, None), &page))
}

pub async fn new_form(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let draft = DocumentDraft {
        language: ctx.tr.lang.code().to_owned(),
        year: state.app.today().year().to_string(),
        audience: Audience::Network.code().to_owned(),
        cities: ctx.actor.focal_cities().iter().map(ToString::to_string).collect(),
        ..DocumentDraft::default()
    };
    form_page(&state, ctx, draft, FieldErrors::default()).await
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let posted = read_multipart(multipart, "file").await;
    let f = &posted.fields;
    let draft = DocumentDraft {
        titles: Lang::ALL.iter().map(|l| (*l, f.get(&format!("title_{}", l.code())))).collect(),
        kind: f.get("kind"),
        themes: f.all("themes"),
        cities: f.all("cities"),
        language: f.get("language"),
        year: f.get("year"),
        organisation: f.get("organisation"),
        audience: f.get("audience"),
        events: f.all("events"),
        practices: f.all("practices"),
        note: f.get("note"),
    };
    if posted.unreadable {
        let mut errors = FieldErrors::default();
        errors.add("file", "error-file-unreadable");
        return form_page(&state, ctx, draft, errors).await;
    }
    match state.app.add_library_document(&ctx.actor, &draft, posted.uploads.first()).await {
        Ok(document) => Ok(redirect_with_flash(
            &format!("/documents/{}", document.id),
            "flash-documents-added",
            jar,
            state.config.tls,
        )),
        Err(AppError::Validation(errors)) => form_page(&state, ctx, draft, errors).await,
        Err(error) => Err(error.into()),
    }
}

/// A version as listed on the document's page.
pub struct VersionRow {
    pub number: u32,
    pub href: String,
    pub name: String,
    pub size: String,
    pub note: String,
    pub uploaded: String,
}

/// A linked record.
pub struct LinkRow {
    pub href: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "documents/show.html")]
struct ShowPage {
    ctx: PageCtx,
    id: String,
    version: i32,
    row: DocumentRow,
    titles: Vec<(String, String)>,
    cities: String,
    versions: Vec<VersionRow>,
    events: Vec<LinkRow>,
    practices: Vec<LinkRow>,
    may_add_version: bool,
    note: String,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
}

fn show_page(
    ctx: PageCtx,
    view: DocumentView,
    note: String,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
) -> Response {
    let document = &view.document;
    let id = document.id;
    let page = ShowPage {
        id: id.to_string(),
        version: document.version,
        row: row(&ctx, document),
        titles: Lang::ALL
            .iter()
            .filter_map(|l| document.title.exact(*l).map(|t| (l.endonym().to_owned(), t.to_owned())))
            .collect(),
        cities: document.cities.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
        versions: document
            .versions
            .iter()
            .rev()
            .map(|v| VersionRow {
                number: v.number,
                href: format!("/documents/{id}/versions/{}", v.number),
                name: v.file.name.clone(),
                size: format!("{} KB", ctx.tr.number((v.file.size + 1023) / 1024)),
                note: v.note.clone(),
                uploaded: format!("{} · {}", v.uploaded_by, ctx.tr.instant(v.uploaded_at)),
            })
            .collect(),
        events: view
            .events
            .iter()
            .map(|e| LinkRow { href: format!("/events/{}", e.id), label: e.title.get(ctx.tr.lang).to_owned() })
            .collect(),
        practices: view
            .practices
            .iter()
            .map(|p| LinkRow {
                href: format!("/practices/{}", p.id),
                label: p.title(ctx.tr.lang, !p.is_published()).to_owned(),
            })
            .collect(),
        may_add_version: view.may_add_version,
        note,
        errors,
        conflict,
        ctx,
    };
    render_with_status(form_status(&page.errors, page.conflict.as_ref()), &page)
}

pub async fn show(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> Result<Response, WebError> {
    let view = state.app.library_document(&ctx.actor, document_id(&id)?).await?;
    Ok(show_page(ctx, view, String::new(), FieldErrors::default(), None))
}

pub async fn add_version(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let id = document_id(&id)?;
    let posted = read_multipart(multipart, "file").await;
    let note = posted.fields.get("note");
    let result = if posted.unreadable {
        Err(AppError::field("file", "error-file-unreadable"))
    } else {
        state.app.add_library_version(&ctx.actor, id, posted.fields.version(), &note, posted.uploads.first()).await
    };
    let (errors, conflict) = match result {
        Ok(_) => {
            return Ok(redirect_with_flash(
                &format!("/documents/{id}"),
                "flash-documents-version",
                jar,
                state.config.tls,
            ));
        }
        Err(AppError::Validation(errors)) => (errors, None),
        Err(AppError::Conflict) => (FieldErrors::default(), Some(ConflictView { rows: Vec::new() })),
        Err(error) => return Err(error.into()),
    };
    let view = state.app.library_document(&ctx.actor, id).await?;
    Ok(show_page(ctx, view, note, errors, conflict))
}

pub async fn download_version(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, number)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let number = number.parse::<u32>().map_err(|_| WebError::from(AppError::NotFound))?;
    let (name, content_type, bytes) = state.app.open_library_version(&ctx.actor, document_id(&id)?, number).await?;
    Ok(download(bytes, mekong_app::files::served_content_type(&content_type), &name))
}
