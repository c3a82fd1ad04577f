//! The JSON API under `/api/v1/`, described by an OpenAPI 3 document generated from the code.

pub mod advocacy;
pub mod assistance;
pub mod body;
pub mod cities;
pub mod directory;
pub mod directory_writes;
pub mod documents;
pub mod event_writes;
pub mod events;
pub mod finance;
pub mod funding;
pub mod me;
pub mod missions;
pub mod news;
pub mod people_writes;
pub mod plan_writes;
pub mod practices;
pub mod projects;
pub mod query;
pub mod recruitment;
pub mod reporting;
pub mod results;
pub mod search;
pub mod values;

use axum::http::header;
use axum::response::IntoResponse;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Mekong API", description = "The network's data: member cities, and more as areas land."),
    paths(cities::list, cities::show, me::show, directory::organisations, directory::organisation, directory_writes::create_organisation, directory_writes::update_organisation, directory::people, directory::cities_geojson, events::list, events::show, events::participation, results::dashboard, finance::budget, finance::expenses, finance::variance, missions::list, missions::show, people_writes::person, people_writes::create_person, people_writes::update_person, event_writes::create_event, event_writes::update_event, event_writes::register, event_writes::record_answer, values::values, values::save_values, values::submit_values, values::review_values, reporting::periods, reporting::figure, plan_writes::create_plan_activity, plan_writes::update_plan_activity, recruitment::list, recruitment::show, recruitment::applications, recruitment::application, recruitment::scores, assistance::list, assistance::show, search::search, funding::list, funding::show, funding::create, funding::update, funding::applications, funding::application, projects::list, projects::show, projects::create, projects::update, projects::move_stage, practices::list, practices::show, practices::create, practices::update, news::list, news::show, documents::list, documents::show, advocacy::list, advocacy::show),
    components(schemas(cities::CityDto, cities::NamesDto, cities::PopulationDto, me::MeDto, directory::OrganisationDto, directory_writes::OrganisationInput, directory::PersonDto, events::EventDto, events::EventDetailDto, events::ParticipantDto, events::AgendaItemDto, events::ParticipationDto, events::EventCostsDto, events::BudgetLineCostDto, events::MoneyDto, results::DashboardDto, results::IndicatorStandingDto, finance::BudgetDto, finance::BudgetLineDto, finance::LineYearDto, finance::HeadingDto, finance::CapDto, finance::ExpenseDto, finance::ExpensePageDto, finance::VarianceDto, finance::VarianceLineDto, missions::MissionDto, missions::MissionDetailDto, missions::MissionReportDto, missions::PerDiemDto, missions::MissionCostDto, ApiErrorDto, people_writes::PersonInput, event_writes::EventInput, event_writes::RegistrationInput, event_writes::AnswerInput, values::GridDto, values::GridRowDto, values::CellDto, values::ValueInput, values::CellInput, values::ValuesInput, values::ChangedDto, values::Decision, values::ReviewInput, reporting::ReportPeriodDto, reporting::SnapshotDto, reporting::FigureDto, reporting::FigureRecordDto, plan_writes::PlanActivityInput, plan_writes::PlanActivityDto, recruitment::CallDto, recruitment::RequiredDocumentDto, recruitment::AwardCriterionDto, recruitment::CallDetailDto, recruitment::ApplicationDto, recruitment::DocumentDto, recruitment::ApplicationDetailDto, recruitment::EvaluationDto, recruitment::ScoresDto, assistance::AssistanceDto, assistance::AssignmentDto, assistance::AssistanceNoteDto, assistance::AssistancePageDto, search::SearchResultsDto, search::SearchItemDto, search::SnippetPartDto, search::FacetDto, search::FacetValueDto, funding::AmountDto, funding::FundingDeadlineDto, funding::OpportunityDto, funding::OpportunityPageDto, funding::OpportunityInput, funding::FundingApplicationDto, projects::ProjectDto, projects::ProjectPageDto, projects::StageCountDto, projects::ProjectDocumentDto, projects::ApprovalDto, projects::ProjectInput, projects::StageInput, practices::PracticeDto, practices::PracticeTextDto, practices::LinkDto, practices::PhotoDto, practices::PracticePageDto, practices::PracticeInput, news::NewsDto, news::NewsPageDto, documents::LibraryDocumentDto, documents::DocumentVersionDto, documents::LibraryPageDto, advocacy::PositionDto)),
    modifiers(&BearerAuth, &ErrorResponses)
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

/// Lists, on every operation, the failures any route may answer, each with the error document:
/// 401 (a credential is needed, or the one sent is not valid), 403, 500; 422 where there are
/// query parameters; 404 where the path names a record. A client generated from the document
/// then meets no status it was not told of.
struct ErrorResponses;

impl utoipa::Modify for ErrorResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::ParameterIn;
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let error = |description: &str| {
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    ContentBuilder::new().schema(Some(Ref::from_schema_name("ApiErrorDto"))).build(),
                )
                .build()
        };
        for item in openapi.paths.paths.values_mut() {
            for operation in
                [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete].into_iter().flatten()
            {
                let parameters: Vec<&utoipa::openapi::path::Parameter> = operation
                    .parameters
                    .iter()
                    .flatten()
                    .filter_map(|p| match p {
                        utoipa::openapi::RefOr::T(parameter) => Some(parameter),
                        utoipa::openapi::RefOr::Ref(_) => None,
                    })
                    .collect();
                let has_query = parameters.iter().any(|p| p.parameter_in == ParameterIn::Query);
                let has_path = parameters.iter().any(|p| p.parameter_in == ParameterIn::Path);
                let mut add = |status: &str, description: &str| {
                    operation.responses.responses.entry(status.to_owned()).or_insert_with(|| error(description).into());
                };
                add("401", "Signing in or an API token is needed, or the token sent is not valid");
                add("403", "The caller's roles do not allow this");
                add("500", "The server failed; the error names the request id in the logs");
                if has_query {
                    add("422", "A query parameter does not read (the error names it in `fields`)");
                }
                if has_path {
                    add("404", "No such record, or a page past the last one");
                } else if has_query && parameters.iter().any(|p| p.name == "page") {
                    add("404", "A page past the last one");
                }
            }
        }
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
