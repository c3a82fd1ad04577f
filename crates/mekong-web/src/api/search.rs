//! `/api/v1/search`: the search page's results as JSON.

use super::query::ApiQuery;
use crate::WebError;
use crate::context::PageCtx;
use crate::state::AppState;
use crate::ui::search::SearchQuery;
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

/// A page of results the caller may see, with the facets of all of them.
#[derive(Serialize, ToSchema)]
pub struct SearchResultsDto {
    items: Vec<SearchItemDto>,
    /// Results the caller may see, across pages.
    total: usize,
    page: usize,
    pages: usize,
    facets: Vec<FacetDto>,
}

/// One found record.
#[derive(Serialize, ToSchema)]
pub struct SearchItemDto {
    /// `organisation`, `person` or `event`.
    #[schema(example = "organisation")]
    kind: String,
    id: String,
    /// In the caller's language (`Accept-Language`) when the record is written in it.
    title: String,
    /// The language `title` is in, when it is not the caller's.
    #[schema(example = "fr")]
    title_language: Option<String>,
    /// The record's page on the site.
    #[schema(example = "/organisations/0193a3b4-0000-7000-8000-000000000000")]
    path: String,
    city: Option<String>,
    year: Option<u16>,
    /// The passage where the query matched, in pieces; `highlighted` marks the matched words.
    snippet: Vec<SnippetPartDto>,
}

#[derive(Serialize, ToSchema)]
pub struct SnippetPartDto {
    text: String,
    highlighted: bool,
}

/// A facet (`kind`, `city`, `country`, `theme`, `year`) and how many results carry each value.
#[derive(Serialize, ToSchema)]
pub struct FacetDto {
    name: String,
    values: Vec<FacetValueDto>,
}

#[derive(Serialize, ToSchema)]
pub struct FacetValueDto {
    value: String,
    count: usize,
}

/// Full-text search across organisations, people and events, within the caller's rights.
#[utoipa::path(get, path = "/api/v1/search", tag = "search", operation_id = "search",
    params(
        ("q" = String, Query, description = "Words in any of the network's languages; accents and case ignored"),
        ("kind" = Option<String>, Query), ("city" = Option<String>, Query), ("country" = Option<String>, Query),
        ("theme" = Option<String>, Query), ("year" = Option<u16>, Query),
        ("page" = Option<usize>, Query, minimum = 1, description = "From 1")
    ),
    responses((status = 200, description = "A page of results", body = SearchResultsDto),
        (status = 422, description = "A parameter that cannot be read", body = super::ApiErrorDto)))]
pub async fn search(
    State(state): State<AppState>,
    ctx: PageCtx,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> Result<Json<SearchResultsDto>, WebError> {
    let results = state.app.search(&ctx.actor, &query.request(ctx.tr.lang)).await?;
    Ok(Json(SearchResultsDto {
        total: results.total,
        page: results.page,
        pages: results.pages,
        facets: results
            .facets
            .into_iter()
            .map(|(name, values)| FacetDto {
                name: name.to_owned(),
                values: values.into_iter().map(|(value, count)| FacetValueDto { value, count }).collect(),
            })
            .collect(),
        items: results
            .items
            .into_iter()
            .map(|item| SearchItemDto {
                kind: item.kind,
                id: item.id,
                title: item.title,
                title_language: item.title_language.map(|lang| lang.code().to_owned()),
                path: item.path,
                city: item.city,
                year: item.year,
                snippet: item
                    .snippet
                    .parts
                    .into_iter()
                    .map(|part| SnippetPartDto { text: part.text, highlighted: part.highlighted })
                    .collect(),
            })
            .collect(),
    }))
}
