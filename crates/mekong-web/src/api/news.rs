//! News posts as JSON: the published ones (and drafts for the coordinator), one post with its
//! title and text per language.

use super::query::ApiQuery;
use crate::WebError;
use crate::context::PageCtx;
use crate::state::AppState;
use crate::ui::news::news_id;
use axum::Json;
use axum::extract::{Path, State};
use mekong_core::Lang;
use mekong_core::news::NewsPost;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

/// A news post.
#[derive(Serialize, ToSchema)]
pub struct NewsDto {
    id: String,
    /// Title per language code.
    title: BTreeMap<String, String>,
    /// Text per language code.
    body: BTreeMap<String, String>,
    /// RFC 3339; none while a draft.
    published_at: Option<String>,
    version: i32,
}

fn per_language(text: &mekong_core::Text) -> BTreeMap<String, String> {
    Lang::ALL.iter().filter_map(|l| text.exact(*l).map(|t| (l.code().to_owned(), t.to_owned()))).collect()
}

fn dto(post: &NewsPost) -> NewsDto {
    NewsDto {
        id: post.id.to_string(),
        title: per_language(&post.title),
        body: per_language(&post.body),
        published_at: post.published_at.map(|at| at.to_string()),
        version: post.version,
    }
}

/// A page of posts.
#[derive(Serialize, ToSchema)]
pub struct NewsPageDto {
    items: Vec<NewsDto>,
    total: u64,
    /// From 1.
    page: u64,
    per_page: u64,
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct NewsQuery {
    /// From 1.
    page: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/news", tag = "knowledge", operation_id = "list_news",
    params(NewsQuery),
    responses((status = 200, description = "A page of the posts, newest first: published ones, and drafts for the coordinator", body = NewsPageDto)))]
pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    ApiQuery(query): ApiQuery<NewsQuery>,
) -> Result<Json<NewsPageDto>, WebError> {
    let found = state.app.news_posts(&ctx.actor, query.page.unwrap_or(1)).await?;
    Ok(Json(NewsPageDto {
        items: found.items.iter().map(dto).collect(),
        total: found.total,
        page: found.page,
        per_page: found.per_page,
    }))
}

#[utoipa::path(get, path = "/api/v1/news/{id}", tag = "knowledge", operation_id = "show_news",
    params(("id" = String, Path, description = "The post's id")),
    responses((status = 200, description = "The post", body = NewsDto),
        (status = 401, body = super::ApiErrorDto), (status = 403, body = super::ApiErrorDto),
        (status = 404, body = super::ApiErrorDto)))]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Json<NewsDto>, WebError> {
    let post = state.app.news_post(&ctx.actor, news_id(&id)?).await?;
    Ok(Json(dto(&post)))
}
