//! `/search`: one box across the indexed areas, results the reader may see with their facets and
//! highlighted passages.

use crate::WebError;
use crate::context::{PageCtx, encode_query_value};
use crate::page::render;
use crate::state::AppState;
use crate::ui::vocabulary;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use mekong_app::search::{SearchRequest, SearchResults, SnippetPart};
use serde::Deserialize;

/// The query string of the page and of the API.
#[derive(Deserialize, Default, Clone)]
pub struct SearchQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub theme: String,
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub page: Option<usize>,
}

fn chosen(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

impl SearchQuery {
    /// The request of a reader of `lang`.
    pub fn request(&self, lang: mekong_core::Lang) -> SearchRequest {
        SearchRequest {
            text: self.q.clone(),
            lang,
            kind: chosen(&self.kind),
            city: chosen(&self.city),
            country: chosen(&self.country),
            theme: chosen(&self.theme),
            year: self.year.trim().parse().ok(),
            page: self.page.unwrap_or(1),
        }
    }

    fn value(&self, facet: &str) -> &str {
        match facet {
            "kind" => &self.kind,
            "city" => &self.city,
            "country" => &self.country,
            "theme" => &self.theme,
            "year" => &self.year,
            _ => "",
        }
    }

    /// The query string with `facet` set to `value` (or cleared), from the first page.
    fn with(&self, facet: &str, value: &str) -> String {
        ["q", "kind", "city", "country", "theme", "year"]
            .iter()
            .map(|name| {
                let current = match *name {
                    "q" => self.q.as_str(),
                    other if other == facet => value,
                    other => self.value(other),
                };
                (name, current)
            })
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}&", encode_query_value(v)))
            .collect()
    }
}

pub struct FacetView {
    pub label: String,
    /// Link clearing this facet, when one of its values is chosen.
    pub clear_href: Option<String>,
    pub values: Vec<FacetValueView>,
}

pub struct FacetValueView {
    pub label: String,
    pub count: String,
    pub href: String,
    pub selected: bool,
}

pub struct ResultView {
    pub kind: String,
    pub title: String,
    /// The title's language (code, name) when it is not the reader's.
    pub title_language: Option<(&'static str, &'static str)>,
    pub href: String,
    pub snippet: Vec<SnippetPart>,
    pub city: String,
}

/// A facet value's label in the reader's language.
fn facet_label(ctx: &PageCtx, facet: &str, value: &str) -> String {
    match facet {
        "kind" => ctx.t(&format!("site-search-kind-{value}")),
        "theme" => vocabulary::label(ctx, "theme", value),
        "country" => crate::ui::organisations::country_name(ctx, value),
        _ => value.to_owned(),
    }
}

fn facets(ctx: &PageCtx, query: &SearchQuery, results: &SearchResults) -> Vec<FacetView> {
    results
        .facets
        .iter()
        .map(|(facet, values)| {
            let current = query.value(facet);
            FacetView {
                label: ctx.t(&format!("site-search-facet-{facet}")),
                clear_href: (!current.is_empty()).then(|| format!("/search?{}", query.with(facet, ""))),
                values: values
                    .iter()
                    .map(|(value, count)| FacetValueView {
                        label: facet_label(ctx, facet, value),
                        count: ctx.tr.number(i64::try_from(*count).unwrap_or(i64::MAX)),
                        href: format!("/search?{}", query.with(facet, value)),
                        selected: current == value,
                    })
                    .collect(),
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "search/results.html")]
struct ResultsPage {
    ctx: PageCtx,
    query: SearchQuery,
    searched: bool,
    total: String,
    facets: Vec<FacetView>,
    results: Vec<ResultView>,
    page: u64,
    pages: u64,
    pager_base: String,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<SearchQuery>,
) -> Result<Response, WebError> {
    let results = state.app.search(&ctx.actor, &query.request(ctx.tr.lang)).await?;
    Ok(render(&ResultsPage {
        searched: !query.q.trim().is_empty(),
        total: ctx.tr.number(i64::try_from(results.total).unwrap_or(i64::MAX)),
        facets: facets(&ctx, &query, &results),
        results: results
            .items
            .iter()
            .map(|item| ResultView {
                kind: ctx.t(&format!("site-search-kind-{}", item.kind)),
                title: item.title.clone(),
                title_language: item.title_language.map(|lang| (lang.code(), lang.endonym())),
                href: item.path.clone(),
                snippet: item.snippet.parts.clone(),
                city: item.city.clone().unwrap_or_default(),
            })
            .collect(),
        page: u64::try_from(results.page).unwrap_or(1),
        pages: u64::try_from(results.pages).unwrap_or(1),
        pager_base: format!("/search?{}", query.with("page", "")),
        query,
        ctx,
    }))
}
