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
    let (get_, post_) = (Method::GET, Method::POST);
    vec![
        route(get_.clone(), "/healthz", Infrastructure, get(ui::ops::healthz)),
        route(get_.clone(), "/readyz", Infrastructure, get(ui::ops::readyz)),
        route(get_.clone(), "/static/style.css", Infrastructure, get(ui::assets::stylesheet)),
        route(post_.clone(), "/language", Infrastructure, post(ui::language::switch)),
        route(get_.clone(), "/", ViewDirectory, get(ui::home::show)),
        route(get_.clone(), "/cities", ViewDirectory, get(ui::cities::list)),
        route(get_.clone(), "/cities/{code}", ViewDirectory, get(ui::cities::show)),
        route(get_.clone(), "/cities/{code}/history", ViewCityHistory, get(ui::cities::history)),
        route(get_.clone(), "/map", ViewDirectory, get(ui::map::show)),
        route(get_.clone(), "/organisations", ViewDirectory, get(ui::organisations::list)),
        route(get_.clone(), "/organisations.csv", ViewDirectory, get(ui::organisations::export_csv)),
        route(get_.clone(), "/organisations.xlsx", ViewDirectory, get(ui::organisations::export_xlsx)),
        route(get_.clone(), "/organisations/new", EditDirectory, get(ui::organisations::new_form)),
        route(post_.clone(), "/organisations", EditDirectory, post(ui::organisations::create)),
        route(get_.clone(), "/organisations/{id}", ViewDirectory, get(ui::organisations::show)),
        route(get_.clone(), "/organisations/{id}/edit", EditDirectory, get(ui::organisations::edit_form)),
        route(post_.clone(), "/organisations/{id}", EditDirectory, post(ui::organisations::update)),
        route(
            post_.clone(),
            "/organisations/{id}/membership",
            ManagePartnerships,
            post(ui::organisations::record_membership),
        ),
        route(get_.clone(), "/people", ViewPeople, get(ui::people::list)),
        route(get_.clone(), "/people.csv", ManagePartnerships, get(ui::people::export_csv)),
        route(get_.clone(), "/people.xlsx", ManagePartnerships, get(ui::people::export_xlsx)),
        route(get_.clone(), "/people.vcf", ManagePartnerships, get(ui::people::export_vcard)),
        route(get_.clone(), "/people/new", EditDirectory, get(ui::people::new_form)),
        route(post_.clone(), "/people", EditDirectory, post(ui::people::create)),
        route(get_.clone(), "/people/{id}", ViewPeople, get(ui::people::show)),
        route(get_.clone(), "/people/{id}/edit", EditDirectory, get(ui::people::edit_form)),
        route(post_.clone(), "/people/{id}", EditDirectory, post(ui::people::update)),
        route(post_.clone(), "/people/{id}/consent/withdraw", EditDirectory, post(ui::people::withdraw_consent)),
        route(post_.clone(), "/people/{id}/merge", EditDirectory, post(ui::people::merge)),
        route(get_.clone(), "/prospects", ManagePartnerships, get(ui::partnerships::prospects)),
        route(post_.clone(), "/prospects", ManagePartnerships, post(ui::partnerships::create_prospect)),
        route(post_.clone(), "/prospects/{id}", ManagePartnerships, post(ui::partnerships::update_prospect)),
        route(get_.clone(), "/mailing-lists", ManagePartnerships, get(ui::partnerships::mailing_lists)),
        route(post_.clone(), "/mailing-lists", ManagePartnerships, post(ui::people::save_as_list)),
        route(get_.clone(), "/mailing-lists/{id}", ManagePartnerships, get(ui::partnerships::mailing_list)),
        route(get_.clone(), "/directory/import", ManagePartnerships, get(ui::imports::form)),
        route(
            post_.clone(),
            "/directory/import",
            ManagePartnerships,
            post(ui::imports::upload).layer(DefaultBodyLimit::max(crate::layers::UPLOAD_LIMIT)),
        ),
        route(post_.clone(), "/directory/import/preview", ManagePartnerships, post(ui::imports::remap)),
        route(post_.clone(), "/directory/import/commit", ManagePartnerships, post(ui::imports::commit)),
        route(get_.clone(), "/login", SignIn, get(ui::sign_in::form)),
        route(post_.clone(), "/login", SignIn, post(ui::sign_in::submit)),
        route(post_.clone(), "/logout", OwnAccount, post(ui::sign_in::sign_out)),
        route(get_.clone(), "/password/forgot", SignIn, get(ui::passwords::forgot_form)),
        route(post_.clone(), "/password/forgot", SignIn, post(ui::passwords::forgot_submit)),
        route(get_.clone(), "/account/accept", SignIn, get(ui::passwords::accept_form)),
        route(post_.clone(), "/account/accept", SignIn, post(ui::passwords::accept_submit)),
        route(get_.clone(), "/account/reset", SignIn, get(ui::passwords::reset_form)),
        route(post_.clone(), "/account/reset", SignIn, post(ui::passwords::reset_submit)),
        route(get_.clone(), "/account", OwnAccount, get(ui::account::show)),
        route(post_.clone(), "/account/settings", OwnAccount, post(ui::account::save_settings)),
        route(post_.clone(), "/account/password", OwnAccount, post(ui::account::change_password)),
        route(post_.clone(), "/account/sign-out-everywhere", OwnAccount, post(ui::account::sign_out_everywhere)),
        route(get_.clone(), "/account/data", OwnAccount, get(ui::account::download_data)),
        route(get_.clone(), "/account/tokens", OwnAccount, get(ui::tokens::list)),
        route(post_.clone(), "/account/tokens", OwnAccount, post(ui::tokens::create)),
        route(post_.clone(), "/account/tokens/{token}/revoke", OwnAccount, post(ui::tokens::revoke)),
        route(get_.clone(), "/admin/users", ManageUsers, get(ui::users::list)),
        route(get_.clone(), "/admin/users/invite", ManageUsers, get(ui::users::invite_form)),
        route(post_.clone(), "/admin/users/invite", ManageUsers, post(ui::users::invite_submit)),
        route(get_.clone(), "/admin/users/{user}", ManageUsers, get(ui::users::show)),
        route(post_.clone(), "/admin/users/{user}/roles", ManageUsers, post(ui::users::grant)),
        route(post_.clone(), "/admin/users/{user}/roles/withdraw", ManageUsers, post(ui::users::withdraw)),
        route(post_.clone(), "/admin/users/{user}/active", ManageUsers, post(ui::users::set_active)),
        route(get_.clone(), "/admin/outbox", ViewOutbox, get(ui::outbox::list)),
        route(get_.clone(), "/admin/outbox/{email}", ViewOutbox, get(ui::outbox::show)),
        route(get_.clone(), "/admin/audit", ViewAudit, get(ui::audit::trail)),
        route(get_.clone(), "/api/v1/openapi.json", Infrastructure, get(api::openapi)),
        route(get_.clone(), "/api/v1/cities", ViewDirectory, get(api::cities::list)),
        route(get_.clone(), "/api/v1/cities/{code}", ViewDirectory, get(api::cities::show)),
        route(get_.clone(), "/api/v1/me", Authenticated, get(api::me::show)),
        route(get_.clone(), "/api/v1/organisations", ViewDirectory, get(api::directory::organisations)),
        route(get_.clone(), "/api/v1/organisations/{id}", ViewDirectory, get(api::directory::organisation)),
        route(get_.clone(), "/api/v1/people", ViewPeople, get(api::directory::people)),
        route(get_, "/api/v1/cities.geojson", ViewDirectory, get(api::directory::cities_geojson)),
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
