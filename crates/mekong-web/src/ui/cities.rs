//! The member cities: the list and one page per city.

use crate::WebError;
use crate::context::{PageCtx, Tr};
use crate::page::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use mekong_app::policy;
use mekong_core::directory::City;
use mekong_i18n::{Arg, Lang};

/// A city as the pages show it, every figure already in the reader's language.
pub struct CityView {
    pub code: String,
    pub href: String,
    /// The name in the reader's language (local script for Khmer, Lao and Vietnamese readers
    /// of their own country's cities).
    pub name: String,
    pub name_fr: String,
    pub name_en: String,
    pub local_name: String,
    pub local_lang: &'static str,
    pub country: String,
    pub admin_region: String,
    pub population: Option<String>,
    pub population_year: Option<String>,
    pub latitude: String,
    pub longitude: String,
    pub verified: bool,
    pub source: Vec<SourcePart>,
}

/// A piece of a source note: plain text, or a web address made into a link.
pub enum SourcePart {
    Text(String),
    Link(String),
}

impl CityView {
    pub fn new(city: &City, tr: &Tr) -> CityView {
        let local_lang = city.country.local_language();
        let local_name = city.local_name().unwrap_or_default().to_owned();
        let name = if tr.lang == local_lang && !local_name.is_empty() {
            local_name.clone()
        } else {
            city.romanised_name(tr.lang).to_owned()
        };
        CityView {
            code: city.code.to_string(),
            href: format!("/cities/{}", city.code),
            name,
            name_fr: city.name.get(Lang::Fr).to_owned(),
            name_en: city.name.get(Lang::En).to_owned(),
            local_name,
            local_lang: local_lang.code(),
            country: tr.t(&format!("country-{}", city.country.iso2())),
            admin_region: city.admin_region.clone(),
            population: city.population.as_ref().map(|p| tr.number(i64::try_from(p.count).unwrap_or(i64::MAX))),
            population_year: city
                .population
                .as_ref()
                .map(|p| tr.t_with("city-population-year", &[("year", Arg::Str(p.year.to_string()))])),
            latitude: tr.decimal(city.latitude, 4),
            longitude: tr.decimal(city.longitude, 4),
            verified: city.verified,
            source: split_source(&city.source),
        }
    }
}

/// Splits a source note so that its web addresses become links (and nothing else is markup).
fn split_source(source: &str) -> Vec<SourcePart> {
    let mut parts: Vec<SourcePart> = Vec::new();
    for word in source.split_inclusive(char::is_whitespace) {
        let trimmed = word.trim_end();
        if trimmed.starts_with("https://") || trimmed.starts_with("http://") {
            parts.push(SourcePart::Link(trimmed.to_owned()));
            parts.push(SourcePart::Text(word[trimmed.len()..].to_owned()));
        } else if let Some(SourcePart::Text(text)) = parts.last_mut() {
            text.push_str(word);
        } else {
            parts.push(SourcePart::Text(word.to_owned()));
        }
    }
    parts
}

#[derive(Template)]
#[template(path = "cities/list.html")]
struct CityListPage {
    ctx: PageCtx,
    cities: Vec<CityView>,
}

#[derive(Template)]
#[template(path = "cities/show.html")]
struct CityPage {
    ctx: PageCtx,
    city: CityView,
    /// Whether the reader may open the city's History tab.
    sees_history: bool,
    /// The city's record in the directory, and its people the reader may see.
    organisation_href: Option<String>,
    people: Vec<crate::ui::organisations::PersonLine>,
    /// The missions to the city the reader may see.
    missions: Vec<crate::ui::missions::MissionRow>,
    /// The city's projects the reader may see, and how many in all.
    projects: Vec<crate::ui::projects::ProjectRow>,
    projects_total: u64,
}

pub async fn list(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let cities = state.app.list_cities(&ctx.actor).await?;
    let cities = cities.iter().map(|c| CityView::new(c, &ctx.tr)).collect();
    Ok(render(&CityListPage { ctx, cities }))
}

pub async fn show(State(state): State<AppState>, ctx: PageCtx, Path(code): Path<String>) -> Result<Response, WebError> {
    let city = state.app.city(&ctx.actor, &code).await?;
    let target = policy::Target::City(city.code.clone());
    let sees_history = policy::authorise(&ctx.actor, policy::Permission::ViewCityHistory, &target).is_ok();
    let directory = state.app.city_directory(&ctx.actor, &city.code).await?;
    let organisation_href = directory.as_ref().map(|d| format!("/organisations/{}", d.organisation.id));
    let people = directory
        .map(|d| {
            d.people
                .iter()
                .map(|p| crate::ui::organisations::PersonLine {
                    href: format!("/people/{}", p.id),
                    name: p.display_name().to_owned(),
                    function: p.function.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    // Missions to the city, for those who may see them (nothing for everyone else).
    let missions = state.app.missions_to_city(&ctx.actor, &city.code).await?;
    let programmes = if missions.is_empty() { Vec::new() } else { state.app.programmes(&ctx.actor).await? };
    let missions = missions.iter().map(|m| crate::ui::missions::mission_row(&ctx, m, &programmes)).collect();
    let projects = state.app.projects_of_city(&ctx.actor, &city.code).await?;
    let projects_total = projects.total;
    let projects = projects.items.iter().map(|p| crate::ui::projects::project_row(&ctx, p, &[])).collect();
    let city = CityView::new(&city, &ctx.tr);
    Ok(render(&CityPage { ctx, city, sees_history, organisation_href, people, missions, projects, projects_total }))
}

#[derive(Template)]
#[template(path = "cities/history.html")]
struct CityHistoryPage {
    ctx: PageCtx,
    city: CityView,
    history: Vec<crate::ui::audit::AuditRow>,
}

pub async fn history(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let (city, entries) = state.app.city_history(&ctx.actor, &code).await?;
    let city = CityView::new(&city, &ctx.tr);
    let history = entries.iter().map(|e| crate::ui::audit::AuditRow::new(e, &ctx)).collect();
    Ok(render(&CityHistoryPage { ctx, city, history }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_addresses_become_links() {
        let parts = split_source("Member since 1990: https://a.example/x ; see http://b.example");
        let links: Vec<_> = parts
            .iter()
            .filter_map(|p| match p {
                SourcePart::Link(l) => Some(l.as_str()),
                SourcePart::Text(_) => None,
            })
            .collect();
        assert_eq!(links, ["https://a.example/x", "http://b.example"]);
        let text: String = parts
            .iter()
            .map(|p| match p {
                SourcePart::Link(l) | SourcePart::Text(l) => l.as_str(),
            })
            .collect();
        assert_eq!(text, "Member since 1990: https://a.example/x ; see http://b.example");
    }
}
