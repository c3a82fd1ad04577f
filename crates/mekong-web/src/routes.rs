//! The route table: every route with its method, path and permission. The router is built from
//! it, and the authorisation matrix test reads the same table, so no route escapes either.

use crate::state::AppState;
use crate::{api, ui};
use axum::Router;
use axum::extract::{DefaultBodyLimit, RawPathParams, Request};
use axum::http::Method;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use mekong_app::policy::{self, Actor, Permission};

/// One route: what it answers, and what the actor needs to reach it.
pub struct RouteSpec {
    pub method: Method,
    pub path: &'static str,
    pub permission: Permission,
    handler: MethodRouter<AppState>,
}

fn route(method: Method, path: &'static str, permission: Permission, handler: MethodRouter<AppState>) -> RouteSpec {
    RouteSpec { method, path, permission, handler }
}

/// Every route of the application.
pub fn table() -> Vec<RouteSpec> {
    use Permission::*;
    vec![
        route(Method::GET, "/healthz", Infrastructure, get(ui::ops::healthz)),
        route(Method::GET, "/readyz", Infrastructure, get(ui::ops::readyz)),
        route(Method::GET, "/static/style.css", Infrastructure, get(ui::assets::stylesheet)),
        route(Method::POST, "/language", Infrastructure, post(ui::language::switch)),
        route(Method::GET, "/", ViewDirectory, get(ui::home::show)),
        route(Method::GET, "/cities", ViewDirectory, get(ui::cities::list)),
        route(Method::GET, "/cities/{code}", ViewDirectory, get(ui::cities::show)),
        route(Method::GET, "/cities/{code}/history", ViewCityHistory, get(ui::cities::history)),
        route(Method::GET, "/map", ViewDirectory, get(ui::map::show)),
        route(Method::GET, "/organisations", ViewDirectory, get(ui::organisations::list)),
        route(Method::GET, "/organisations.csv", ViewDirectory, get(ui::organisations::export_csv)),
        route(Method::GET, "/organisations.xlsx", ViewDirectory, get(ui::organisations::export_xlsx)),
        route(Method::GET, "/organisations/new", EditDirectory, get(ui::organisations::new_form)),
        route(Method::POST, "/organisations", EditDirectory, post(ui::organisations::create)),
        route(Method::GET, "/organisations/{id}", ViewDirectory, get(ui::organisations::show)),
        route(Method::GET, "/organisations/{id}/edit", EditDirectory, get(ui::organisations::edit_form)),
        route(Method::POST, "/organisations/{id}", EditDirectory, post(ui::organisations::update)),
        route(
            Method::POST,
            "/organisations/{id}/membership",
            ManagePartnerships,
            post(ui::organisations::record_membership),
        ),
        route(Method::GET, "/people", ViewPeople, get(ui::people::list)),
        route(Method::GET, "/people.csv", ManagePartnerships, get(ui::people::export_csv)),
        route(Method::GET, "/people.xlsx", ManagePartnerships, get(ui::people::export_xlsx)),
        route(Method::GET, "/people.vcf", ManagePartnerships, get(ui::people::export_vcard)),
        route(Method::GET, "/people/new", EditDirectory, get(ui::people::new_form)),
        route(Method::POST, "/people", EditDirectory, post(ui::people::create)),
        route(Method::GET, "/people/{id}", ViewPeople, get(ui::people::show)),
        route(Method::GET, "/people/{id}/edit", EditDirectory, get(ui::people::edit_form)),
        route(Method::POST, "/people/{id}", EditDirectory, post(ui::people::update)),
        route(Method::POST, "/people/{id}/consent/withdraw", EditDirectory, post(ui::people::withdraw_consent)),
        route(Method::POST, "/people/{id}/merge", EditDirectory, post(ui::people::merge)),
        route(Method::GET, "/people/{id}/erase", ErasePerson, get(ui::erasure::confirm)),
        route(Method::POST, "/people/{id}/erase", ErasePerson, post(ui::erasure::erase)),
        route(Method::GET, "/prospects", ManagePartnerships, get(ui::partnerships::prospects)),
        route(Method::POST, "/prospects", ManagePartnerships, post(ui::partnerships::create_prospect)),
        route(Method::POST, "/prospects/{id}", ManagePartnerships, post(ui::partnerships::update_prospect)),
        route(Method::GET, "/mailing-lists", ManagePartnerships, get(ui::partnerships::mailing_lists)),
        route(Method::POST, "/mailing-lists", ManagePartnerships, post(ui::people::save_as_list)),
        route(Method::GET, "/mailing-lists/{id}", ManagePartnerships, get(ui::partnerships::mailing_list)),
        route(Method::POST, "/mailing-lists/{id}", ManagePartnerships, post(ui::partnerships::rename_mailing_list)),
        route(Method::GET, "/directory/import", ManagePartnerships, get(ui::imports::form)),
        route(
            Method::POST,
            "/directory/import",
            ManagePartnerships,
            post(ui::imports::upload).layer(DefaultBodyLimit::max(crate::layers::UPLOAD_LIMIT)),
        ),
        route(Method::POST, "/directory/import/preview", ManagePartnerships, post(ui::imports::remap)),
        route(Method::POST, "/directory/import/commit", ManagePartnerships, post(ui::imports::commit)),
        route(Method::GET, "/events", ViewEvents, get(ui::events::list)),
        route(Method::GET, "/events/new", ManageEvents, get(ui::events::new_form)),
        route(Method::POST, "/events", ManageEvents, post(ui::events::create)),
        route(Method::GET, "/events/statistics", ViewEvents, get(ui::events::attendance::statistics)),
        route(Method::GET, "/events/{id}", ViewEvents, get(ui::events::show)),
        route(Method::GET, "/events/{id}/edit", ManageEvents, get(ui::events::edit_form)),
        route(Method::POST, "/events/{id}", ManageEvents, post(ui::events::update)),
        route(Method::GET, "/events/{id}/calendar.ics", ViewEvents, get(ui::events::attendance::calendar)),
        route(Method::POST, "/events/{id}/invitations", ManageEvents, post(ui::events::invitations::invite)),
        route(Method::GET, "/events/{id}/register", ViewEvents, get(ui::events::invitations::register_form)),
        route(Method::POST, "/events/{id}/register", ViewEvents, post(ui::events::invitations::register)),
        route(Method::GET, "/events/{id}/participants.csv", ViewEvents, get(ui::events::attendance::participants_csv)),
        route(
            Method::GET,
            "/events/{id}/participants.xlsx",
            ViewEvents,
            get(ui::events::attendance::participants_xlsx),
        ),
        route(
            Method::GET,
            "/events/{id}/participants/{participant}",
            ManageEvents,
            get(ui::events::travel::show_participant),
        ),
        route(
            Method::POST,
            "/events/{id}/participants/{participant}",
            ManageEvents,
            post(ui::events::travel::save_travel),
        ),
        route(
            Method::POST,
            "/events/{id}/participants/{participant}/answer",
            ManageEvents,
            post(ui::events::travel::record_answer),
        ),
        route(Method::GET, "/events/{id}/check-in", ManageEvents, get(ui::events::attendance::check_in_page)),
        route(Method::POST, "/events/{id}/check-in", ManageEvents, post(ui::events::attendance::check_in)),
        route(Method::GET, "/events/{id}/attendance.pdf", ManageEvents, get(ui::events::attendance::attendance_pdf)),
        route(
            Method::POST,
            "/events/{id}/agenda",
            ManageEvents,
            post(ui::events::minutes::add_agenda_item).layer(DefaultBodyLimit::max(crate::layers::UPLOAD_LIMIT)),
        ),
        route(Method::GET, "/events/{id}/agenda/{item}/edit", ManageEvents, get(ui::events::minutes::edit_agenda_item)),
        route(
            Method::POST,
            "/events/{id}/agenda/{item}",
            ManageEvents,
            post(ui::events::minutes::update_agenda_item).layer(DefaultBodyLimit::max(crate::layers::UPLOAD_LIMIT)),
        ),
        route(
            Method::POST,
            "/events/{id}/agenda/{item}/remove",
            ManageEvents,
            post(ui::events::minutes::remove_agenda_item),
        ),
        route(Method::GET, "/events/{id}/documents/{sha256}", ViewEvents, get(ui::events::minutes::document)),
        route(Method::POST, "/events/{id}/minutes", ManageEvents, post(ui::events::minutes::save_minutes)),
        route(Method::POST, "/events/{id}/action-items", ManageEvents, post(ui::events::minutes::add_action_item)),
        route(
            Method::POST,
            "/events/{id}/action-items/{item}",
            ManageEvents,
            post(ui::events::minutes::update_action_item),
        ),
        route(Method::GET, "/rsvp/{secret}", PersonalLink, get(ui::events::invitations::answer_form)),
        route(Method::POST, "/rsvp/{secret}", PersonalLink, post(ui::events::invitations::answer)),
        route(Method::GET, "/calendar/{feed}/events.ics", PersonalLink, get(ui::events::attendance::feed)),
        route(Method::GET, "/admin/per-diem-rates", ManagePerDiemRates, get(ui::events::travel::rates)),
        route(Method::POST, "/admin/per-diem-rates", ManagePerDiemRates, post(ui::events::travel::create_rate)),
        route(Method::POST, "/admin/per-diem-rates/{id}", ManagePerDiemRates, post(ui::events::travel::update_rate)),
        route(Method::GET, "/results", ViewResults, get(ui::results::list)),
        route(Method::POST, "/results", ManageResults, post(ui::results::create_programme)),
        route(Method::GET, "/results/{programme}", ViewResults, get(ui::results::dashboard)),
        route(Method::GET, "/results/{programme}/logframe", ViewResults, get(ui::results::logframe::show)),
        route(Method::GET, "/results/{programme}/logframe.xlsx", ViewResults, get(ui::results::logframe::export)),
        route(
            Method::POST,
            "/results/{programme}/logframe/entries",
            ManageResults,
            post(ui::results::logframe::add_entry),
        ),
        route(
            Method::POST,
            "/results/{programme}/logframe/entries/{entry}",
            ManageResults,
            post(ui::results::logframe::update_entry),
        ),
        route(
            Method::POST,
            "/results/{programme}/logframe/status",
            ManageResults,
            post(ui::results::logframe::set_status),
        ),
        route(
            Method::POST,
            "/results/{programme}/logframe/import",
            ManageResults,
            post(ui::results::logframe::import).layer(DefaultBodyLimit::max(crate::layers::UPLOAD_LIMIT)),
        ),
        route(Method::GET, "/results/{programme}/versions/{version}", ViewResults, get(ui::results::logframe::version)),
        route(Method::GET, "/results/{programme}/indicators/new", ManageResults, get(ui::results::new_indicator)),
        route(Method::POST, "/results/{programme}/indicators", ManageResults, post(ui::results::create_indicator)),
        route(Method::GET, "/results/{programme}/indicators/{indicator}", ViewResults, get(ui::results::indicator)),
        route(
            Method::GET,
            "/results/{programme}/indicators/{indicator}/edit",
            ManageResults,
            get(ui::results::edit_indicator),
        ),
        route(
            Method::POST,
            "/results/{programme}/indicators/{indicator}",
            ManageResults,
            post(ui::results::update_indicator),
        ),
        route(Method::GET, "/results/{programme}/periods", ViewResults, get(ui::results::values::periods)),
        route(Method::GET, "/results/{programme}/entry", ViewResults, get(ui::results::values::entry)),
        route(Method::POST, "/results/{programme}/periods", ManageResults, post(ui::results::values::add_period)),
        route(
            Method::POST,
            "/results/{programme}/periods/{period}/lock",
            ManageResults,
            post(ui::results::values::lock_period),
        ),
        route(
            Method::GET,
            "/results/{programme}/periods/{period}/{scope}",
            EnterValues,
            get(ui::results::values::grid),
        ),
        route(
            Method::POST,
            "/results/{programme}/periods/{period}/{scope}",
            EnterValues,
            post(ui::results::values::save),
        ),
        route(
            Method::GET,
            "/results/{programme}/periods/{period}/{scope}/grid.xlsx",
            EnterValues,
            get(ui::results::values::sheet),
        ),
        route(
            Method::GET,
            "/results/{programme}/periods/{period}/{scope}/history",
            EnterValues,
            get(ui::results::values::history),
        ),
        route(
            Method::POST,
            "/results/{programme}/periods/{period}/{scope}/upload",
            EnterValues,
            post(ui::results::values::upload).layer(DefaultBodyLimit::max(crate::layers::UPLOAD_LIMIT)),
        ),
        route(
            Method::POST,
            "/results/{programme}/periods/{period}/{scope}/review",
            ManageResults,
            post(ui::results::values::review),
        ),
        route(
            Method::POST,
            "/results/{programme}/periods/{period}/{scope}/evidence",
            EnterValues,
            post(ui::results::values::attach_evidence).layer(DefaultBodyLimit::max(crate::layers::UPLOAD_LIMIT)),
        ),
        route(
            Method::GET,
            "/results/{programme}/periods/{period}/{scope}/evidence/{sha256}",
            EnterValues,
            get(ui::results::values::evidence),
        ),
        route(Method::GET, "/results/{programme}/plan", ViewResults, get(ui::results::plan::show)),
        route(Method::POST, "/results/{programme}/plan", ManageResults, post(ui::results::plan::create)),
        route(Method::POST, "/results/{programme}/plan/{activity}", ManageResults, post(ui::results::plan::update)),
        route(Method::GET, "/login", SignIn, get(ui::sign_in::form)),
        route(Method::POST, "/login", SignIn, post(ui::sign_in::submit)),
        route(Method::POST, "/logout", OwnAccount, post(ui::sign_in::sign_out)),
        route(Method::GET, "/password/forgot", SignIn, get(ui::passwords::forgot_form)),
        route(Method::POST, "/password/forgot", SignIn, post(ui::passwords::forgot_submit)),
        route(Method::GET, "/account/accept", SignIn, get(ui::passwords::accept_form)),
        route(Method::POST, "/account/accept", SignIn, post(ui::passwords::accept_submit)),
        route(Method::GET, "/account/reset", SignIn, get(ui::passwords::reset_form)),
        route(Method::POST, "/account/reset", SignIn, post(ui::passwords::reset_submit)),
        route(Method::GET, "/account", OwnAccount, get(ui::account::show)),
        route(Method::POST, "/account/settings", OwnAccount, post(ui::account::save_settings)),
        route(Method::POST, "/account/password", OwnAccount, post(ui::account::change_password)),
        route(Method::POST, "/account/sign-out-everywhere", OwnAccount, post(ui::account::sign_out_everywhere)),
        route(Method::GET, "/account/data", OwnAccount, get(ui::account::download_data)),
        route(Method::POST, "/account/calendar-feed", OwnAccount, post(ui::account::renew_calendar_feed)),
        route(Method::GET, "/account/tokens", OwnAccount, get(ui::tokens::list)),
        route(Method::POST, "/account/tokens", OwnAccount, post(ui::tokens::create)),
        route(Method::POST, "/account/tokens/{token}/revoke", OwnAccount, post(ui::tokens::revoke)),
        route(Method::GET, "/admin/users", ManageUsers, get(ui::users::list)),
        route(Method::GET, "/admin/users/invite", ManageUsers, get(ui::users::invite_form)),
        route(Method::POST, "/admin/users/invite", ManageUsers, post(ui::users::invite_submit)),
        route(Method::GET, "/admin/users/{user}", ManageUsers, get(ui::users::show)),
        route(Method::POST, "/admin/users/{user}/roles", ManageUsers, post(ui::users::grant)),
        route(Method::POST, "/admin/users/{user}/roles/withdraw", ManageUsers, post(ui::users::withdraw)),
        route(Method::POST, "/admin/users/{user}/active", ManageUsers, post(ui::users::set_active)),
        route(Method::GET, "/admin/outbox", ViewOutbox, get(ui::outbox::list)),
        route(Method::GET, "/admin/outbox/{email}", ViewOutbox, get(ui::outbox::show)),
        route(Method::GET, "/admin/audit", ViewAudit, get(ui::audit::trail)),
        route(Method::GET, "/api/v1/openapi.json", Infrastructure, get(api::openapi)),
        route(Method::GET, "/api/v1/cities", ViewDirectory, get(api::cities::list)),
        route(Method::GET, "/api/v1/cities/{code}", ViewDirectory, get(api::cities::show)),
        route(Method::GET, "/api/v1/me", Authenticated, get(api::me::show)),
        route(Method::GET, "/api/v1/organisations", ViewDirectory, get(api::directory::organisations)),
        route(Method::GET, "/api/v1/organisations/{id}", ViewDirectory, get(api::directory::organisation)),
        route(Method::GET, "/api/v1/people", ViewPeople, get(api::directory::people)),
        route(Method::GET, "/api/v1/cities.geojson", ViewDirectory, get(api::directory::cities_geojson)),
        route(Method::GET, "/api/v1/events", ViewEvents, get(api::events::list)),
        route(Method::GET, "/api/v1/events/{id}", ViewEvents, get(api::events::show)),
        route(Method::GET, "/api/v1/participation", ViewEvents, get(api::events::participation)),
        route(Method::GET, "/api/v1/programmes/{programme}/dashboard", ViewResults, get(api::results::dashboard)),
    ]
}

/// Builds the router from the table, each route behind its permission check.
pub(crate) fn build(state: AppState) -> Router {
    let router = table().into_iter().fold(Router::new(), |router, spec| {
        let permission = spec.permission;
        let guarded = spec.handler.route_layer(middleware::from_fn(
            move |params: RawPathParams, request: Request, next: Next| {
                authorise_route(permission, params, request, next)
            },
        ));
        router.route(spec.path, guarded)
    });
    router.fallback(ui::errors::not_found).with_state(state)
}

async fn authorise_route(permission: Permission, params: RawPathParams, request: Request, next: Next) -> Response {
    let actor = request.extensions().get::<Actor>().cloned().unwrap_or_else(Actor::public);
    let params: Vec<(String, String)> = params.iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
    match policy::authorise(&actor, permission, &policy::route_target(&params)) {
        Ok(()) => next.run(request).await,
        Err(error) => crate::WebError::from(error).into_response(),
    }
}
