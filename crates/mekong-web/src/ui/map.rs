//! The map of the member cities, drawn by the server: it works without JavaScript or a tile
//! server, on a slow connection, and each city links to its page.

use crate::WebError;
use crate::context::PageCtx;
use crate::page::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;

#[derive(Template)]
#[template(path = "map.html")]
struct MapPage {
    ctx: PageCtx,
    svg: String,
    cities: Vec<(String, String)>,
}

pub async fn show(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let points = state.app.city_map_points(&ctx.actor, ctx.tr.lang).await?;
    let countries: Vec<(&str, String)> =
        ["KH", "LA", "VN"].iter().map(|c| (*c, ctx.t(&format!("country-{c}")))).collect();
    let svg = mekong_docs::render_map(&ctx.t("map-title"), &ctx.t("map-description"), &points, &countries);
    let cities = points.into_iter().map(|p| (p.href, p.label)).collect();
    Ok(render(&MapPage { ctx, svg, cities }))
}
