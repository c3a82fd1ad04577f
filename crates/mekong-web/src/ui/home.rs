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
    /// What the network published lately: practices and news.
    latest: Vec<LatestItem>,
}

/// How many published items the home page shows.
const LATEST_ITEMS: usize = 5;

pub struct LatestItem {
    pub title: String,
    pub href: String,
    pub lang: &'static str,
    pub kind: String,
    pub at: String,
}

fn latest_item(ctx: &PageCtx, item: &mekong_app::news::Published) -> LatestItem {
    let at = mekong_i18n::format_date(ctx.tr.lang, jiff::tz::TimeZone::UTC.to_datetime(item.at()).date());
    match item {
        mekong_app::news::Published::Practice(practice) => {
            let row = crate::ui::practices::row(ctx, practice);
            LatestItem { title: row.title, href: row.href, lang: row.lang, kind: ctx.t("home-latest-practice"), at }
        }
        mekong_app::news::Published::News(post) => {
            let view = crate::ui::news::post_view(ctx, post, ctx.tr.lang);
            LatestItem { title: view.title, href: view.href, lang: view.lang, kind: ctx.t("home-latest-news"), at }
        }
    }
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
    let latest = state.app.latest_published(LATEST_ITEMS).await?.iter().map(|item| latest_item(&ctx, item)).collect();
    Ok(render(&HomePage {
        latest,
        action_items,
        overdue_assistance,
        member_count: ctx.tr.number(i64::try_from(cities.len()).unwrap_or_default()),
        countries: ctx.tr.number(i64::try_from(countries.len()).unwrap_or_default()),
        ctx,
    }))
}
