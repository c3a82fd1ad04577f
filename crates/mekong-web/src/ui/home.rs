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
    /// The reader's open follow-ups from meetings' minutes.
    action_items: Vec<FollowUp>,
    /// Technical assistance past its due date, for those who run it.
    overdue_assistance: Vec<FollowUp>,
}

pub struct FollowUp {
    pub title: String,
    pub event_title: String,
    pub event_href: String,
    pub due: String,
    pub overdue: bool,
}

pub async fn show(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let cities = state.app.list_cities(&ctx.actor).await?;
    let countries: std::collections::BTreeSet<_> = cities.iter().map(|c| c.country.iso2()).collect();
    let today = state.app.today();
    let action_items = if ctx.signed_in() {
        state
            .app
            .my_action_items(&ctx.actor)
            .await?
            .into_iter()
            .map(|(item, event)| FollowUp {
                due: item.due_on.map(|d| mekong_i18n::format_date(ctx.tr.lang, d)).unwrap_or_default(),
                overdue: item.overdue(today),
                title: item.title,
                event_title: event.title.get(ctx.tr.lang).to_owned(),
                event_href: format!("/events/{}#actions-heading", event.id),
            })
            .collect()
    } else {
        Vec::new()
    };
    let overdue_assistance = state
        .app
        .overdue_assistance(&ctx.actor)
        .await?
        .into_iter()
        .map(|request| FollowUp {
            due: request.due_on().map(|d| mekong_i18n::format_date(ctx.tr.lang, d)).unwrap_or_default(),
            overdue: true,
            event_title: format!("{} · {}", request.number, request.city),
            event_href: format!("/assistance/{}", request.id),
            title: request.title,
        })
        .collect();
    Ok(render(&HomePage {
        action_items,
        overdue_assistance,
        member_count: ctx.tr.number(i64::try_from(cities.len()).unwrap_or_default()),
        countries: ctx.tr.number(i64::try_from(countries.len()).unwrap_or_default()),
        ctx,
    }))
}
