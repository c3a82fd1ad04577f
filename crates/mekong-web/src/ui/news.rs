//! The news pages: the posts (published ones, drafts for the coordinator), a post in the
//! reader's language with the fallback said so, and the coordinator's form with a title and a
//! text per language.

use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render, render_with_status};
use crate::state::AppState;
use crate::ui::conflict::{ConflictRow, ConflictView, form_status};
use crate::ui::events::parse_uuid;
use crate::ui::posted::Fields;
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::news::NewsDraft;
use mekong_core::Lang;
use mekong_core::ids::NewsId;
use mekong_core::news::NewsPost;
use mekong_core::validation::FieldErrors;
use mekong_i18n::Arg;
use serde::Deserialize;

pub(crate) fn news_id(raw: &str) -> Result<NewsId, WebError> {
    parse_uuid(raw).map(NewsId)
}

/// A post as a list or its page shows it.
pub struct PostView {
    pub href: String,
    pub title: String,
    pub body: String,
    pub lang: &'static str,
    pub published: String,
    pub draft: bool,
    /// Said when the post is read in another language than the reader's.
    pub fallback_notice: String,
}

pub(crate) fn post_view(ctx: &PageCtx, post: &NewsPost, asked: Lang) -> PostView {
    let shown = post.shown_lang(asked);
    PostView {
        href: format!("/news/{}", post.id),
        title: post.title.get(shown).to_owned(),
        body: post.body.get(shown).to_owned(),
        lang: shown.code(),
        published: post.published_at.map(|at| ctx.tr.instant(at)).unwrap_or_default(),
        draft: post.published_at.is_none(),
        fallback_notice: if shown == asked {
            String::new()
        } else {
            ctx.tr.t_with(
                "news-fallback-notice",
                &[("asked", Arg::Str(asked.endonym().to_owned())), ("shown", Arg::Str(shown.endonym().to_owned()))],
            )
        },
    }
}

#[derive(Template)]
#[template(path = "news/list.html")]
struct ListPage {
    ctx: PageCtx,
    posts: Vec<PostView>,
    total: String,
    page: u64,
    pages: u64,
    may_write: bool,
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    page: Option<u64>,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<PageQuery>,
) -> Result<Response, WebError> {
    let found = state.app.news_posts(&ctx.actor, query.page.unwrap_or(1)).await?;
    Ok(render(&ListPage {
        posts: found.items.iter().map(|p| post_view(&ctx, p, ctx.tr.lang)).collect(),
        total: ctx.tr.number(i64::try_from(found.total).unwrap_or(i64::MAX)),
        page: found.page,
        pages: found.pages(),
        may_write: state.app.may_manage_news(&ctx.actor),
        ctx,
    }))
}

#[derive(Template)]
#[template(path = "news/show.html")]
struct ShowPage {
    ctx: PageCtx,
    id: String,
    post: PostView,
    may_write: bool,
}

pub async fn show(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> Result<Response, WebError> {
    let post = state.app.news_post(&ctx.actor, news_id(&id)?).await?;
    Ok(render(&ShowPage {
        id: post.id.to_string(),
        post: post_view(&ctx, &post, ctx.tr.lang),
        may_write: state.app.may_manage_news(&ctx.actor),
        ctx,
    }))
}

/// One language's fields of the form.
pub struct LanguageFields {
    pub code: &'static str,
    pub name: &'static str,
    pub title: String,
    pub body: String,
}

#[derive(Template)]
#[template(path = "news/form.html")]
struct FormPage {
    ctx: PageCtx,
    id: String,
    version: i32,
    languages: Vec<LanguageFields>,
    published: bool,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
}

fn form_page(
    ctx: PageCtx,
    existing: Option<&NewsPost>,
    draft: &NewsDraft,
    (errors, conflict): (FieldErrors, Option<ConflictView>),
) -> Response {
    let page = FormPage {
        id: existing.map(|p| p.id.to_string()).unwrap_or_default(),
        version: existing.map_or(0, |p| p.version),
        languages: Lang::ALL
            .iter()
            .map(|l| LanguageFields {
                code: l.code(),
                name: l.endonym(),
                title: draft.titles.get(l).cloned().unwrap_or_default(),
                body: draft.bodies.get(l).cloned().unwrap_or_default(),
            })
            .collect(),
        published: draft.published,
        errors,
        conflict,
        ctx,
    };
    render_with_status(form_status(&page.errors, page.conflict.as_ref()), &page)
}

fn draft_of(post: &NewsPost) -> NewsDraft {
    NewsDraft {
        titles: Lang::ALL.iter().filter_map(|l| post.title.exact(*l).map(|t| (*l, t.to_owned()))).collect(),
        bodies: Lang::ALL.iter().filter_map(|l| post.body.exact(*l).map(|t| (*l, t.to_owned()))).collect(),
        published: post.published_at.is_some(),
    }
}

fn draft_from(fields: &Fields) -> NewsDraft {
    NewsDraft {
        titles: Lang::ALL.iter().map(|l| (*l, fields.get(&format!("title_{}", l.code())))).collect(),
        bodies: Lang::ALL.iter().map(|l| (*l, fields.get(&format!("body_{}", l.code())))).collect(),
        published: fields.checked("published"),
    }
}

pub async fn new_form(ctx: PageCtx) -> Result<Response, WebError> {
    Ok(form_page(ctx, None, &NewsDraft::default(), (FieldErrors::default(), None)))
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let post = state.app.news_post(&ctx.actor, news_id(&id)?).await?;
    Ok(form_page(ctx, Some(&post), &draft_of(&post), (FieldErrors::default(), None)))
}

async fn save(
    state: &AppState,
    (ctx, jar): (PageCtx, CookieJar),
    id: Option<NewsId>,
    pairs: Vec<(String, String)>,
) -> Result<Response, WebError> {
    let fields = Fields(pairs);
    let draft = draft_from(&fields);
    let result = state.app.save_news(&ctx.actor, id.map(|id| (id, fields.version())), &draft).await;
    let existing = match id {
        Some(id) => Some(state.app.news_post(&ctx.actor, id).await?),
        None => None,
    };
    match result {
        Ok(post) => Ok(redirect_with_flash(&format!("/news/{}", post.id), "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => Ok(form_page(ctx, existing.as_ref(), &draft, (errors, None))),
        Err(AppError::Conflict) => {
            let saved = existing.as_ref().map(draft_of).unwrap_or_default();
            let mut rows = Vec::new();
            for lang in Lang::ALL {
                let typed = |m: &std::collections::BTreeMap<Lang, String>| m.get(&lang).cloned().unwrap_or_default();
                for (key, yours, theirs) in [
                    ("news-field-title", typed(&draft.titles), typed(&saved.titles)),
                    ("news-field-body", typed(&draft.bodies), typed(&saved.bodies)),
                ] {
                    if yours.trim() != theirs.trim() {
                        let label = format!("{} ({})", ctx.t(key), lang.endonym());
                        rows.push(ConflictRow { label, yours, saved: theirs });
                    }
                }
            }
            let conflict = ConflictView { rows };
            Ok(form_page(ctx, existing.as_ref(), &draft, (FieldErrors::default(), Some(conflict))))
        }
        Err(error) => Err(error.into()),
    }
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    save(&state, (ctx, jar), None, pairs).await
}

pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = news_id(&id)?;
    save(&state, (ctx, jar), Some(id), pairs).await
}

/// The Atom feed of what the network published, in the reader's language.
pub async fn feed(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let xml = state.app.atom_feed(ctx.tr.lang, &ctx.t("feed-title")).await?;
    Ok(([(axum::http::header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], xml).into_response())
}
