//! The network's voice: the positions by theme (published ones to all, drafts to staff), a
//! position's page in the reader's language (the fallback shown as such) with its key messages,
//! sources and two-page brief, and the coordinator's form with every text per language.

use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render, render_with_status};
use crate::state::AppState;
use crate::ui::conflict::{ConflictView, form_status};
use crate::ui::finance::Pick;
use crate::ui::organisations::download;
use crate::ui::posted::Fields;
use crate::ui::vocabulary;
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::advocacy::PositionDraft;
use mekong_core::Lang;
use mekong_core::advocacy::{Position, PositionStatus};
use mekong_core::documents::LibraryDocument;
use mekong_core::text::Text;
use mekong_core::validation::FieldErrors;
use mekong_core::vocabulary::Theme;

fn theme_of(raw: &str) -> Result<Theme, WebError> {
    Theme::parse(raw).ok_or(WebError(AppError::NotFound))
}

/// The endonym of the language a text is read in when it is not the reader's, else empty.
fn fallback(ctx: &PageCtx, text: &Text) -> String {
    let lang = ctx.tr.lang;
    if text.exact(lang).is_some() || text.is_empty() {
        return String::new();
    }
    Lang::ALL
        .into_iter()
        .find(|l| text.exact(*l) == Some(text.get(lang)))
        .map(|l| l.endonym().to_owned())
        .unwrap_or_default()
}

/// A theme in the list, with its position when there is one the reader may read.
pub struct ThemeRow {
    pub code: &'static str,
    pub theme: String,
    pub title: String,
    pub status: String,
    pub status_code: &'static str,
    pub has_position: bool,
}

#[derive(Template)]
#[template(path = "advocacy/list.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<ThemeRow>,
    may_edit: bool,
}

pub async fn list(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let positions = state.app.positions(&ctx.actor).await?;
    let may_edit = state.app.manages_advocacy(&ctx.actor);
    let rows = Theme::ALL
        .iter()
        .filter_map(|theme| {
            let position = positions.iter().find(|p| p.theme == *theme);
            (position.is_some() || may_edit).then(|| ThemeRow {
                code: theme.code(),
                theme: vocabulary::label(&ctx, "theme", theme.code()),
                title: position.map(|p| p.title.get(ctx.tr.lang).to_owned()).unwrap_or_default(),
                status: position.map(|p| ctx.t(&format!("advocacy-status-{}", p.status.code()))).unwrap_or_default(),
                status_code: position.map_or("none", |p| p.status.code()),
                has_position: position.is_some(),
            })
        })
        .collect();
    Ok(render(&ListPage { rows, may_edit, ctx }))
}

/// A linked record.
pub struct SourceLink {
    pub href: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "advocacy/show.html")]
struct ShowPage {
    ctx: PageCtx,
    code: &'static str,
    theme: String,
    title: String,
    title_fallback: String,
    statement: Vec<String>,
    statement_fallback: String,
    messages: Vec<String>,
    status: String,
    status_code: &'static str,
    sources: Vec<SourceLink>,
    updated: String,
    may_edit: bool,
}

fn document_link(ctx: &PageCtx, document: &LibraryDocument) -> SourceLink {
    SourceLink { href: format!("/documents/{}", document.id), label: document.title.get(ctx.tr.lang).to_owned() }
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(theme): Path<String>,
) -> Result<Response, WebError> {
    let theme = theme_of(&theme)?;
    let view = state.app.position(&ctx.actor, theme).await?;
    let position = &view.position;
    let lang = ctx.tr.lang;
    let mut sources: Vec<SourceLink> = view
        .events
        .iter()
        .map(|e| SourceLink { href: format!("/events/{}", e.id), label: e.title.get(lang).to_owned() })
        .collect();
    sources.extend(view.documents.iter().map(|d| document_link(&ctx, d)));
    Ok(render(&ShowPage {
        code: theme.code(),
        theme: vocabulary::label(&ctx, "theme", theme.code()),
        title: position.title.get(lang).to_owned(),
        title_fallback: fallback(&ctx, &position.title),
        statement: position
            .statement
            .get(lang)
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect(),
        statement_fallback: fallback(&ctx, &position.statement),
        messages: position.messages_in(lang).into_iter().map(str::to_owned).collect(),
        status: ctx.t(&format!("advocacy-status-{}", position.status.code())),
        status_code: position.status.code(),
        sources,
        updated: format!("{} · {}", position.updated_by, ctx.tr.instant(position.updated_at)),
        may_edit: state.app.manages_advocacy(&ctx.actor),
        ctx,
    }))
}

/// One text of the form in one language.
pub struct LangField {
    pub name: String,
    pub label: String,
    pub lang: &'static str,
    pub value: String,
}

fn lang_fields(field: &str, typed: &[(Lang, String)]) -> Vec<LangField> {
    Lang::ALL
        .iter()
        .map(|lang| LangField {
            name: format!("{field}_{}", lang.code()),
            label: lang.endonym().to_owned(),
            lang: lang.code(),
            value: typed.iter().find(|(l, _)| l == lang).map(|(_, v)| v.clone()).unwrap_or_default(),
        })
        .collect()
}

fn typed(text: &Text) -> Vec<(Lang, String)> {
    Lang::ALL.iter().filter_map(|l| text.exact(*l).map(|t| (*l, t.to_owned()))).collect()
}

fn draft_of(position: &Position) -> PositionDraft {
    PositionDraft {
        titles: typed(&position.title),
        statements: typed(&position.statement),
        messages: typed(&position.messages),
        status: position.status.code().to_owned(),
        events: position.events.iter().map(ToString::to_string).collect(),
        documents: position.documents.iter().map(ToString::to_string).collect(),
        practices: position.practices.iter().map(ToString::to_string).collect(),
    }
}

#[derive(Template)]
#[template(path = "advocacy/form.html")]
struct FormPage {
    ctx: PageCtx,
    code: &'static str,
    theme: String,
    version: i32,
    titles: Vec<LangField>,
    statements: Vec<LangField>,
    messages: Vec<LangField>,
    statuses: Vec<Pick>,
    events: Vec<Pick>,
    documents: Vec<Pick>,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
}

async fn form_page(
    state: &AppState,
    ctx: PageCtx,
    (theme, version): (Theme, i32),
    draft: PositionDraft,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
) -> Result<Response, WebError> {
    let lang = ctx.tr.lang;
    let events = state.app.linkable_events(&ctx.actor).await?;
    let filter = mekong_app::documents::LibraryListFilter { theme: Some(theme), ..Default::default() };
    let documents = state.app.library(&ctx.actor, &filter, 1).await?;
    let multi = |value: String, label: String, chosen: &[String]| {
        let mut pick = Pick::new(value, label, "");
        pick.selected = chosen.contains(&pick.value);
        pick
    };
    let page = FormPage {
        code: theme.code(),
        theme: vocabulary::label(&ctx, "theme", theme.code()),
        version,
        titles: lang_fields("title", &draft.titles),
        statements: lang_fields("statement", &draft.statements),
        messages: lang_fields("messages", &draft.messages),
        statuses: PositionStatus::ALL
            .iter()
            .map(|s| Pick::new(s.code(), ctx.t(&format!("advocacy-status-{}", s.code())), &draft.status))
            .collect(),
        events: events.iter().map(|e| multi(e.id.to_string(), e.title.get(lang).to_owned(), &draft.events)).collect(),
        documents: documents
            .items
            .iter()
            .map(|d| multi(d.id.to_string(), d.title.get(lang).to_owned(), &draft.documents))
            .collect(),
        errors,
        conflict,
        ctx,
    };
    Ok(render_with_status(form_status(&page.errors, page.conflict.as_ref()), &page))
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(theme): Path<String>,
) -> Result<Response, WebError> {
    let theme = theme_of(&theme)?;
    let (draft, version) = match state.app.position(&ctx.actor, theme).await {
        Ok(view) => (draft_of(&view.position), view.position.version),
        Err(AppError::NotFound) => {
            (PositionDraft { status: PositionStatus::Draft.code().to_owned(), ..PositionDraft::default() }, 0)
        }
        Err(error) => return Err(error.into()),
    };
    form_page(&state, ctx, (theme, version), draft, FieldErrors::default(), None).await
}

pub async fn save(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(theme): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let theme = theme_of(&theme)?;
    let fields = Fields(pairs);
    let per_lang = |field: &str| -> Vec<(Lang, String)> {
        Lang::ALL.iter().map(|l| (*l, fields.get(&format!("{field}_{}", l.code())))).collect()
    };
    let draft = PositionDraft {
        titles: per_lang("title"),
        statements: per_lang("statement"),
        messages: per_lang("messages"),
        status: fields.get("status"),
        events: fields.all("events"),
        documents: fields.all("documents"),
        practices: fields.all("practices"),
    };
    let version = fields.version();
    match state.app.save_position(&ctx.actor, theme, version, &draft).await {
        Ok(_) => Ok(redirect_with_flash(&format!("/advocacy/{}", theme.code()), "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => form_page(&state, ctx, (theme, version), draft, errors, None).await,
        Err(AppError::Conflict) => {
            let saved = match state.app.position(&ctx.actor, theme).await {
                Ok(view) => view.position.version,
                Err(_) => 0,
            };
            let conflict = Some(ConflictView { rows: Vec::new() });
            form_page(&state, ctx, (theme, saved), draft, FieldErrors::default(), conflict).await
        }
        Err(error) => Err(error.into()),
    }
}

pub async fn brief(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(theme): Path<String>,
) -> Result<Response, WebError> {
    let theme = theme_of(&theme)?;
    let pdf = state.app.position_brief(&ctx.actor, theme, ctx.tr.lang).await?;
    Ok(download(pdf, "application/pdf", &format!("advocacy-{}-{}.pdf", theme.code(), ctx.tr.lang.code())))
}
