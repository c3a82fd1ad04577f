//! The JSON API under `/api/v1/`, described by an OpenAPI 3 document generated from the code.

pub mod cities;
pub mod directory;
pub mod events;
pub mod finance;
pub mod me;
pub mod missions;
pub mod results;

use axum::http::header;
use axum::response::IntoResponse;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Mekong API", description = "The network's data: member cities, and more as areas land."),
    paths(cities::list, cities::show, me::show, directory::organisations, directory::organisation, directory::people, directory::cities_geojson, events::list, events::show, events::participation, results::dashboard, finance::budget, finance::expenses, finance::variance, missions::list, missions::show),
    components(schemas(cities::CityDto, cities::NamesDto, cities::PopulationDto, me::MeDto, directory::OrganisationDto, directory::PersonDto, events::EventDto, events::EventDetailDto, events::ParticipantDto, events::AgendaItemDto, events::ParticipationDto, events::EventCostsDto, events::BudgetLineCostDto, events::MoneyDto, results::DashboardDto, results::IndicatorStandingDto, finance::BudgetDto, finance::BudgetLineDto, finance::LineYearDto, finance::HeadingDto, finance::CapDto, finance::ExpenseDto, finance::ExpensePageDto, finance::VarianceDto, finance::VarianceLineDto, missions::MissionDto, missions::MissionDetailDto, missions::MissionReportDto, missions::PerDiemDto, missions::MissionCostDto, ApiErrorDto)),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

/// Declares the bearer scheme API tokens use (`Authorization: Bearer mk_...`).
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The error document every API route answers with on failure.
#[derive(utoipa::ToSchema, serde::Serialize)]
pub struct ApiErrorDto {
    /// Stable code, such as `MK-404`.
    code: String,
    /// Explanation in the reader's language.
    message: String,
    /// Problems with particular input fields.
    fields: Vec<serde_json::Value>,
}

pub fn openapi_document() -> String {
    ApiDoc::openapi().to_pretty_json().unwrap_or_default()
}

pub async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], openapi_document())
}
