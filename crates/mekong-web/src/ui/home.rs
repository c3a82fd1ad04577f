//! The home page: what the network is, and where to go.

use crate::WebError;
use crate::context::PageCtx;
use crate::page::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: PageCtx,
    member_count: String,
    countries: String,
}

pub async fn show(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let cities = state.app.list_cities(&ctx.actor).await?;
    let countries: std::collections::BTreeSet<_> = cities.iter().map(|c| c.country.iso2()).collect();
    Ok(render(&HomePage {
        member_count: ctx.tr.number(i64::try_from(cities.len()).unwrap_or_default()),
        countries: ctx.tr.number(i64::try_from(countries.len()).unwrap_or_default()),
        ctx,
    }))
}
