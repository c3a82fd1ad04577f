//! The authorisation matrix: every route of the router's own table, walked by every role, the
//! public and two API tokens (one holding only part of its owner's roles), against the
//! expectations written here. Routes that name a city's records are walked with real records of
//! Phnom Penh and of Huế, so that a focal point is seen allowed on their own city's and refused
//! on the other's: a 404 from a made-up id would prove nothing. A denial must be the exact
//! answer for the visitor (403, 401, or the sign-in redirect), an allowed request may be
//! refused only for its (empty) input, and a 5xx anywhere fails. A route added without an
//! expectation fails too. Then a focal point tries to create records for another city in every
//! area, and nothing is created.

use mekong_core::identity::Role;
use mekong_testkit::page::{between, location};
use mekong_testkit::{HttpSession, TestApp, backend_tests};
use std::collections::HashMap;

backend_tests!(
    every_route_allows_exactly_whom_it_should_on_each_citys_records,
    a_focal_point_cannot_create_records_for_another_city_in_any_area,
);

/// Who may reach a route, as the product's rules say (written independently of the policy code).
#[derive(Debug, Clone, Copy)]
enum Expect {
    Anyone,
    /// Any signed-in user, by session or API token.
    SignedIn,
    /// Signed in with a browser session (not an API token).
    Session,
    Roles(&'static [Role]),
    /// Network staff, or the focal point of the city the path's record belongs to.
    CityStaffOrItsFocalPoint,
    /// As `CityStaffOrItsFocalPoint`, and the auditors of the record's programme (SGA4).
    CityStaffItsFocalPointOrAuditor,
    /// The owner of the token in the path (an admin may revoke any).
    TokenOwnerOrAdmin,
    /// Network staff, or any city focal point (for their own city's records).
    Editors,
    /// Exactly these visitors, by label (a call's committee is named per call, not by role).
    Visitors(&'static [&'static str]),
    /// Only the focal point of the city the path's record belongs to (the city rates its help).
    ItsFocalPoint,
    /// These roles, or the focal point of the city the path's record belongs to.
    RolesOrItsFocalPoint(&'static [Role]),
}

fn expectations() -> HashMap<(&'static str, &'static str), Expect> {
    use Expect::*;
    const ADMIN: &[Role] = &[Role::Admin];
    const AUDITORS: &[Role] = &[Role::Admin, Role::Secretariat];
    const STAFF: &[Role] = &[Role::Admin, Role::Secretariat, Role::Coordinator];
    // The demo auditor is scoped to SGA4, the programme the paths name.
    const FINANCE_VIEWERS: &[Role] = &[Role::Admin, Role::Secretariat, Role::Coordinator, Role::Auditor];
    const FINANCE_MANAGERS: &[Role] = &[Role::Admin, Role::Coordinator];
    const FINANCE_APPROVERS: &[Role] = &[Role::Admin, Role::Secretariat];
    const PEOPLE_VIEWERS: &[Role] =
        &[Role::Admin, Role::Secretariat, Role::Coordinator, Role::CityFocalPoint, Role::Partner];
    const REPORT_READERS: &[Role] =
        &[Role::Admin, Role::Secretariat, Role::Coordinator, Role::CityFocalPoint, Role::Auditor];
    const MISSION_VIEWERS: &[Role] =
        &[Role::Admin, Role::Secretariat, Role::Coordinator, Role::CityFocalPoint, Role::Auditor];
    const ASSISTANCE_REQUESTERS: &[Role] = &[Role::Admin, Role::Coordinator, Role::CityFocalPoint];
    const ASSISTANCE_MANAGERS: &[Role] = &[Role::Admin, Role::Coordinator];
    const FUNDING_VIEWERS: &[Role] = &[Role::Admin, Role::Secretariat, Role::Coordinator, Role::CityFocalPoint];
    const FUNDING_MANAGERS: &[Role] = &[Role::Admin, Role::Coordinator];
    const FUNDING_RECORDERS: &[Role] = &[Role::Admin, Role::Coordinator, Role::CityFocalPoint];
    const PROJECT_PROPOSERS: &[Role] = &[Role::Admin, Role::Coordinator, Role::CityFocalPoint];
    const PROJECT_MANAGERS: &[Role] = &[Role::Admin, Role::Coordinator];
    const PROJECT_APPROVERS: &[Role] = &[Role::Admin, Role::Secretariat];
    const PUBLISHERS: &[Role] = &[Role::Admin, Role::Coordinator];
    const ADVOCACY_MANAGERS: &[Role] = &[Role::Admin, Role::Coordinator];
    HashMap::from([
        // Funding: `{id}` is the demo's closed AFD call, `{funder}` the AFD, and
        // `{funding_application}` Phnom Penh's application to it (won: the walk's empty step is
        // refused for its version, after the rights).
        (("GET", "/funding"), Roles(FUNDING_VIEWERS)),
        (("POST", "/funding"), Roles(FUNDING_MANAGERS)),
        (("GET", "/funding/new"), Roles(FUNDING_MANAGERS)),
        (("GET", "/funding/matches"), Roles(FUNDING_VIEWERS)),
        (("GET", "/funding/import"), Roles(FUNDING_MANAGERS)),
        (("POST", "/funding/import"), Roles(FUNDING_MANAGERS)),
        (("GET", "/funding/funders/{funder}"), Roles(FUNDING_VIEWERS)),
        (("POST", "/funding/applications/{funding_application}"), Visitors(PHNOM_PENH_FUNDING_RECORDERS)),
        (("GET", "/funding/{id}"), Roles(FUNDING_VIEWERS)),
        (("GET", "/funding/{id}/edit"), Roles(FUNDING_MANAGERS)),
        (("POST", "/funding/{id}"), Roles(FUNDING_MANAGERS)),
        (("POST", "/funding/{id}/applications"), Roles(FUNDING_RECORDERS)),
        (("GET", "/funding/{id}/documents/{sha256}"), Roles(FUNDING_VIEWERS)),
        (("GET", "/api/v1/funding/opportunities"), Roles(FUNDING_VIEWERS)),
        (("POST", "/api/v1/funding/opportunities"), Roles(FUNDING_MANAGERS)),
        (("GET", "/api/v1/funding/opportunities/{id}"), Roles(FUNDING_VIEWERS)),
        (("PUT", "/api/v1/funding/opportunities/{id}"), Roles(FUNDING_MANAGERS)),
        (("GET", "/api/v1/funding/opportunities/{id}/applications"), Roles(FUNDING_VIEWERS)),
        (("GET", "/api/v1/funding/applications/{funding_application}"), CityStaffOrItsFocalPoint),
        // `{id}` is a public library document naming no city: anyone reads it, only staff add
        // its versions (a focal point adds versions of their own cities' documents only).
        (("GET", "/documents"), Anyone),
        (("GET", "/documents/new"), Editors),
        (("POST", "/documents"), Editors),
        (("GET", "/documents/{id}"), Anyone),
        (("POST", "/documents/{id}/versions"), Roles(STAFF)),
        (("GET", "/documents/{id}/versions/{version}"), Anyone),
        (("GET", "/api/v1/documents"), Anyone),
        (("GET", "/api/v1/documents/{id}"), Anyone),
        // `{theme}` is the demo's published position on climate change.
        (("GET", "/advocacy"), Anyone),
        (("GET", "/advocacy/{theme}"), Anyone),
        (("GET", "/advocacy/{theme}/edit"), Roles(ADVOCACY_MANAGERS)),
        (("POST", "/advocacy/{theme}"), Roles(ADVOCACY_MANAGERS)),
        (("GET", "/advocacy/{theme}/brief.pdf"), Anyone),
        (("GET", "/api/v1/advocacy"), Anyone),
        (("GET", "/api/v1/advocacy/{theme}"), Anyone),
        (("GET", "/assistance"), SignedIn),
        (("GET", "/assistance/new"), Roles(ASSISTANCE_REQUESTERS)),
        (("POST", "/assistance"), Roles(ASSISTANCE_REQUESTERS)),
        // `{id}` is a request of the city (walked with Phnom Penh's and with Huế's), unassigned.
        (("GET", "/assistance/{id}"), CityStaffOrItsFocalPoint),
        (("POST", "/assistance/{id}/triage"), Roles(ASSISTANCE_MANAGERS)),
        (("POST", "/assistance/{id}/assignment"), Roles(ASSISTANCE_MANAGERS)),
        (("POST", "/assistance/{id}/notes"), CityStaffOrItsFocalPoint),
        (("POST", "/assistance/{id}/delivery"), Roles(ASSISTANCE_MANAGERS)),
        (("POST", "/assistance/{id}/rating"), ItsFocalPoint),
        (("GET", "/assistance/{id}/documents/{sha256}"), CityStaffOrItsFocalPoint),
        (("GET", "/api/v1/assistance"), SignedIn),
        (("GET", "/api/v1/assistance/{id}"), CityStaffOrItsFocalPoint),
        // `{id}` is a project of the city (walked with Phnom Penh's and with Huế's), partner-less.
        (("GET", "/projects"), SignedIn),
        (("GET", "/projects/new"), Roles(PROJECT_PROPOSERS)),
        (("POST", "/projects"), Roles(PROJECT_PROPOSERS)),
        (("GET", "/projects/{id}"), CityStaffOrItsFocalPoint),
        (("GET", "/projects/{id}/edit"), RolesOrItsFocalPoint(PROJECT_MANAGERS)),
        (("POST", "/projects/{id}"), RolesOrItsFocalPoint(PROJECT_MANAGERS)),
        (("POST", "/projects/{id}/stage"), RolesOrItsFocalPoint(PROJECT_MANAGERS)),
        (("POST", "/projects/{id}/approval"), RolesOrItsFocalPoint(PROJECT_MANAGERS)),
        (("POST", "/projects/{id}/approval/decision"), Roles(PROJECT_APPROVERS)),
        (("POST", "/projects/{id}/documents"), RolesOrItsFocalPoint(PROJECT_MANAGERS)),
        (("GET", "/projects/{id}/documents/{sha256}"), CityStaffOrItsFocalPoint),
        (("POST", "/projects/{id}/missions"), Roles(PROJECT_MANAGERS)),
        (("GET", "/api/v1/projects"), SignedIn),
        (("POST", "/api/v1/projects"), Roles(PROJECT_PROPOSERS)),
        (("GET", "/api/v1/projects/{id}"), CityStaffOrItsFocalPoint),
        (("PUT", "/api/v1/projects/{id}"), RolesOrItsFocalPoint(PROJECT_MANAGERS)),
        (("POST", "/api/v1/projects/{id}/stage"), RolesOrItsFocalPoint(PROJECT_MANAGERS)),
        // Good practices: `{id}` is a draft of the city (published ones are open to all); news:
        // `{id}` is a published demo post.
        (("GET", "/practices"), Anyone),
        (("GET", "/practices/new"), Editors),
        (("POST", "/practices"), Editors),
        (("GET", "/practices/{id}"), CityStaffOrItsFocalPoint),
        (("GET", "/practices/{id}/edit"), CityStaffOrItsFocalPoint),
        (("POST", "/practices/{id}"), CityStaffOrItsFocalPoint),
        (("POST", "/practices/{id}/photos"), CityStaffOrItsFocalPoint),
        (("POST", "/practices/{id}/review"), Roles(PUBLISHERS)),
        (("GET", "/practices/{id}/files/{sha256}"), CityStaffOrItsFocalPoint),
        (("GET", "/news"), Anyone),
        (("GET", "/news/new"), Roles(PUBLISHERS)),
        (("POST", "/news"), Roles(PUBLISHERS)),
        (("GET", "/news/{id}"), Anyone),
        (("GET", "/news/{id}/edit"), Roles(PUBLISHERS)),
        (("POST", "/news/{id}"), Roles(PUBLISHERS)),
        (("GET", "/feed.atom"), Anyone),
        (("GET", "/api/v1/practices"), Anyone),
        (("POST", "/api/v1/practices"), Editors),
        (("GET", "/api/v1/practices/{id}"), CityStaffOrItsFocalPoint),
        (("PUT", "/api/v1/practices/{id}"), CityStaffOrItsFocalPoint),
        (("GET", "/api/v1/news"), Anyone),
        (("GET", "/api/v1/news/{id}"), Anyone),
        (("GET", "/healthz"), Anyone),
        (("GET", "/readyz"), Anyone),
        (("GET", "/static/style.css"), Anyone),
        (("POST", "/language"), Anyone),
        (("GET", "/"), Anyone),
        (("GET", "/cities"), Anyone),
        (("GET", "/cities/{code}"), Anyone),
        (("GET", "/cities/{code}/history"), CityStaffOrItsFocalPoint),
        (("GET", "/map"), Anyone),
        (("GET", "/search"), Anyone),
        (("GET", "/organisations"), Anyone),
        (("GET", "/organisations.csv"), Anyone),
        (("GET", "/organisations.xlsx"), Anyone),
        (("GET", "/organisations/new"), Editors),
        (("POST", "/organisations"), Editors),
        (("GET", "/organisations/{id}"), Anyone),
        // `{id}` is a city's organisation (walked with Phnom Penh's and with Huế's).
        (("GET", "/organisations/{id}/edit"), CityStaffOrItsFocalPoint),
        (("POST", "/organisations/{id}"), CityStaffOrItsFocalPoint),
        (("POST", "/organisations/{id}/membership"), Roles(STAFF)),
        (("GET", "/people"), Roles(PEOPLE_VIEWERS)),
        (("GET", "/people.csv"), Roles(STAFF)),
        (("GET", "/people.xlsx"), Roles(STAFF)),
        (("GET", "/people.vcf"), Roles(STAFF)),
        (("GET", "/people/new"), Editors),
        (("POST", "/people"), Editors),
        // `{id}` is a city's focal point person.
        (("GET", "/people/{id}"), Roles(PEOPLE_VIEWERS)),
        (("GET", "/people/{id}/edit"), CityStaffOrItsFocalPoint),
        (("POST", "/people/{id}"), CityStaffOrItsFocalPoint),
        (("POST", "/people/{id}/consent/withdraw"), CityStaffOrItsFocalPoint),
        (("POST", "/people/{id}/merge"), CityStaffOrItsFocalPoint),
        (("GET", "/people/{id}/erase"), Roles(STAFF)),
        (("POST", "/people/{id}/erase"), Roles(STAFF)),
        (("GET", "/prospects"), Roles(STAFF)),
        (("POST", "/prospects"), Roles(STAFF)),
        (("POST", "/prospects/{id}"), Roles(STAFF)),
        (("GET", "/mailing-lists"), Roles(STAFF)),
        (("POST", "/mailing-lists"), Roles(STAFF)),
        (("GET", "/mailing-lists/{id}"), Roles(STAFF)),
        (("POST", "/mailing-lists/{id}"), Roles(STAFF)),
        (("GET", "/directory/import"), Roles(STAFF)),
        (("POST", "/directory/import"), Roles(STAFF)),
        (("POST", "/directory/import/preview"), Roles(STAFF)),
        (("POST", "/directory/import/commit"), Roles(STAFF)),
        (("GET", "/api/v1/organisations"), Anyone),
        (("GET", "/api/v1/organisations/{id}"), Anyone),
        (("POST", "/api/v1/organisations"), Editors),
        // `{id}` is a city's organisation.
        (("PUT", "/api/v1/organisations/{id}"), CityStaffOrItsFocalPoint),
        (("GET", "/api/v1/people"), Roles(PEOPLE_VIEWERS)),
        (("GET", "/api/v1/cities.geojson"), Anyone),
        (("GET", "/api/v1/search"), Anyone),
        (("GET", "/events"), Anyone),
        (("GET", "/events/new"), Editors),
        (("POST", "/events"), Editors),
        (("GET", "/events/statistics"), Anyone),
        // `{id}` is an event hosted by the city (the demo's workshop in Phnom Penh, one in Huế).
        (("GET", "/events/{id}"), Anyone),
        (("GET", "/events/{id}/edit"), CityStaffOrItsFocalPoint),
        (("POST", "/events/{id}"), CityStaffOrItsFocalPoint),
        (("GET", "/events/{id}/calendar.ics"), Anyone),
        (("POST", "/events/{id}/invitations"), CityStaffOrItsFocalPoint),
        (("GET", "/events/{id}/register"), Anyone),
        (("POST", "/events/{id}/register"), Anyone),
        // Every focal point sees their own city's participants of any event.
        (("GET", "/events/{id}/participants.csv"), Editors),
        (("GET", "/events/{id}/participants.xlsx"), Editors),
        (("GET", "/events/{id}/participants/{participant}"), CityStaffOrItsFocalPoint),
        (("POST", "/events/{id}/participants/{participant}"), CityStaffOrItsFocalPoint),
        (("POST", "/events/{id}/participants/{participant}/answer"), CityStaffOrItsFocalPoint),
        (("GET", "/events/{id}/check-in"), CityStaffOrItsFocalPoint),
        (("POST", "/events/{id}/check-in"), CityStaffOrItsFocalPoint),
        (("GET", "/events/{id}/attendance.pdf"), CityStaffOrItsFocalPoint),
        (("GET", "/events/{id}/costs"), CityStaffOrItsFocalPoint),
        (("POST", "/events/{id}/agenda"), CityStaffOrItsFocalPoint),
        (("GET", "/events/{id}/agenda/{item}/edit"), CityStaffOrItsFocalPoint),
        (("POST", "/events/{id}/agenda/{item}"), CityStaffOrItsFocalPoint),
        (("POST", "/events/{id}/agenda/{item}/remove"), CityStaffOrItsFocalPoint),
        (("GET", "/events/{id}/documents/{sha256}"), Anyone),
        (("POST", "/events/{id}/minutes"), CityStaffOrItsFocalPoint),
        (("POST", "/events/{id}/action-items"), CityStaffOrItsFocalPoint),
        (("POST", "/events/{id}/action-items/{item}"), CityStaffOrItsFocalPoint),
        // The secret in the link is the credential.
        (("GET", "/rsvp/{secret}"), Anyone),
        (("POST", "/rsvp/{secret}"), Anyone),
        (("GET", "/calendar/{feed}/events.ics"), Anyone),
        (("GET", "/admin/per-diem-rates"), Roles(ADMIN)),
        (("POST", "/admin/per-diem-rates"), Roles(ADMIN)),
        (("POST", "/admin/per-diem-rates/{id}"), Roles(ADMIN)),
        (("POST", "/account/calendar-feed"), Session),
        (("GET", "/results"), SignedIn),
        (("POST", "/results"), Roles(STAFF)),
        (("GET", "/results/{programme}"), SignedIn),
        (("GET", "/results/{programme}/iati"), Roles(FINANCE_VIEWERS)),
        (("POST", "/results/{programme}/iati"), Roles(FINANCE_MANAGERS)),
        (("GET", "/results/{programme}/iati.xml"), Roles(FINANCE_VIEWERS)),
        (("GET", "/results/{programme}/logframe"), SignedIn),
        (("GET", "/results/{programme}/logframe.xlsx"), SignedIn),
        (("POST", "/results/{programme}/logframe/entries"), Roles(STAFF)),
        (("POST", "/results/{programme}/logframe/entries/{entry}"), Roles(STAFF)),
        (("POST", "/results/{programme}/logframe/status"), Roles(STAFF)),
        (("POST", "/results/{programme}/logframe/import"), Roles(STAFF)),
        (("GET", "/results/{programme}/versions/{version}"), SignedIn),
        (("GET", "/results/{programme}/indicators/new"), Roles(STAFF)),
        (("POST", "/results/{programme}/indicators"), Roles(STAFF)),
        (("GET", "/results/{programme}/indicators/{indicator}"), SignedIn),
        (("GET", "/results/{programme}/indicators/{indicator}/edit"), Roles(STAFF)),
        (("POST", "/results/{programme}/indicators/{indicator}"), Roles(STAFF)),
        (("GET", "/results/{programme}/periods"), SignedIn),
        (("GET", "/results/{programme}/entry"), SignedIn),
        (("POST", "/results/{programme}/periods"), Roles(STAFF)),
        (("POST", "/results/{programme}/periods/{period}/lock"), Roles(STAFF)),
        // `{scope}` is the city: its focal point enters its values, another city's may not.
        (("GET", "/results/{programme}/periods/{period}/{scope}"), CityStaffOrItsFocalPoint),
        (("POST", "/results/{programme}/periods/{period}/{scope}"), CityStaffOrItsFocalPoint),
        (("GET", "/results/{programme}/periods/{period}/{scope}/grid.xlsx"), CityStaffOrItsFocalPoint),
        (("GET", "/results/{programme}/periods/{period}/{scope}/history"), CityStaffOrItsFocalPoint),
        (("POST", "/results/{programme}/periods/{period}/{scope}/upload"), CityStaffOrItsFocalPoint),
        (("POST", "/results/{programme}/periods/{period}/{scope}/review"), Roles(STAFF)),
        (("POST", "/results/{programme}/periods/{period}/{scope}/evidence"), CityStaffOrItsFocalPoint),
        // `{sha256}` is evidence attached to a value of the city.
        (("GET", "/results/{programme}/periods/{period}/{scope}/evidence/{sha256}"), CityStaffOrItsFocalPoint),
        // `{value}` is the city's value that evidence is attached to: its grid is the city's.
        (("GET", "/results/values/{value}"), CityStaffOrItsFocalPoint),
        (("GET", "/results/{programme}/plan"), SignedIn),
        (("POST", "/results/{programme}/plan"), Roles(STAFF)),
        (("POST", "/results/{programme}/plan/{activity}"), Roles(STAFF)),
        (("POST", "/api/v1/programmes/{programme}/plan"), Roles(STAFF)),
        (("PUT", "/api/v1/programmes/{programme}/plan/{activity}"), Roles(STAFF)),
        (("GET", "/api/v1/programmes/{programme}/dashboard"), SignedIn),
        (("GET", "/api/v1/events"), Anyone),
        (("GET", "/api/v1/events/{id}"), Anyone),
        (("GET", "/api/v1/participation"), Anyone),
        (("GET", "/login"), Anyone),
        (("POST", "/login"), Anyone),
        (("POST", "/logout"), Session),
        (("GET", "/password/forgot"), Anyone),
        (("POST", "/password/forgot"), Anyone),
        (("GET", "/account/accept"), Anyone),
        (("POST", "/account/accept"), Anyone),
        (("GET", "/account/reset"), Anyone),
        (("POST", "/account/reset"), Anyone),
        (("GET", "/account"), Session),
        (("POST", "/account/settings"), Session),
        (("POST", "/account/password"), Session),
        (("POST", "/account/sign-out-everywhere"), Session),
        (("GET", "/account/data"), Session),
        (("GET", "/account/tokens"), Session),
        (("POST", "/account/tokens"), Session),
        (("POST", "/account/tokens/{token}/revoke"), TokenOwnerOrAdmin),
        (("GET", "/admin/users"), Roles(ADMIN)),
        (("GET", "/admin/users/invite"), Roles(ADMIN)),
        (("POST", "/admin/users/invite"), Roles(ADMIN)),
        (("GET", "/admin/users/{user}"), Roles(ADMIN)),
        (("POST", "/admin/users/{user}/roles"), Roles(ADMIN)),
        (("POST", "/admin/users/{user}/roles/withdraw"), Roles(ADMIN)),
        (("POST", "/admin/users/{user}/active"), Roles(ADMIN)),
        (("GET", "/admin/outbox"), Roles(ADMIN)),
        (("GET", "/admin/outbox/{email}"), Roles(ADMIN)),
        (("GET", "/admin/audit"), Roles(AUDITORS)),
        (("GET", "/api/v1/openapi.json"), Anyone),
        (("GET", "/api/v1/cities"), Anyone),
        (("GET", "/api/v1/cities/{code}"), Anyone),
        (("GET", "/api/v1/me"), SignedIn),
        (("GET", "/finance"), Roles(FINANCE_VIEWERS)),
        (("GET", "/finance/rates"), Roles(FINANCE_VIEWERS)),
        (("POST", "/finance/rates"), Roles(FINANCE_MANAGERS)),
        (("GET", "/finance/{programme}"), Roles(FINANCE_VIEWERS)),
        (("POST", "/finance/{programme}/lines"), Roles(FINANCE_MANAGERS)),
        (("GET", "/finance/{programme}/lines/{id}"), Roles(FINANCE_MANAGERS)),
        (("POST", "/finance/{programme}/lines/{id}"), Roles(FINANCE_MANAGERS)),
        (("POST", "/finance/{programme}/transfers"), Roles(FINANCE_MANAGERS)),
        (("POST", "/finance/{programme}/settings"), Roles(FINANCE_MANAGERS)),
        (("POST", "/finance/{programme}/receipts"), Roles(FINANCE_MANAGERS)),
        (("POST", "/finance/{programme}/thresholds"), Roles(FINANCE_MANAGERS)),
        (("GET", "/finance/{programme}/budget.xlsx"), Roles(FINANCE_VIEWERS)),
        (("POST", "/finance/{programme}/budget/import"), Roles(FINANCE_MANAGERS)),
        (("GET", "/finance/{programme}/variance"), Roles(FINANCE_VIEWERS)),
        (("GET", "/finance/{programme}/expenses"), Roles(FINANCE_VIEWERS)),
        (("GET", "/finance/{programme}/expenses/new"), Roles(FINANCE_MANAGERS)),
        (("POST", "/finance/{programme}/expenses"), Roles(FINANCE_MANAGERS)),
        (("GET", "/expenses/{id}"), Roles(FINANCE_VIEWERS)),
        (("GET", "/expenses/{id}/edit"), Roles(FINANCE_MANAGERS)),
        (("POST", "/expenses/{id}"), Roles(FINANCE_MANAGERS)),
        (("POST", "/expenses/{id}/approve"), Roles(FINANCE_APPROVERS)),
        (("POST", "/expenses/{id}/return"), Roles(FINANCE_APPROVERS)),
        (("POST", "/expenses/{id}/correct"), Roles(FINANCE_MANAGERS)),
        (("POST", "/expenses/{id}/flags/{kind}"), Roles(FINANCE_MANAGERS)),
        (("POST", "/expenses/{id}/documents"), Roles(FINANCE_MANAGERS)),
        // Opening a supporting document is recorded in the trail (see finance.rs).
        (("GET", "/expenses/{id}/documents/{sha256}"), Roles(FINANCE_VIEWERS)),
        (("GET", "/missions"), Roles(MISSION_VIEWERS)),
        (("GET", "/missions/new"), Roles(FINANCE_MANAGERS)),
        (("POST", "/missions"), Roles(FINANCE_MANAGERS)),
        // `{id}` is a mission to the city (one to Phnom Penh, one to Huế).
        (("GET", "/missions/{id}"), CityStaffItsFocalPointOrAuditor),
        (("GET", "/missions/{id}/edit"), Roles(FINANCE_MANAGERS)),
        (("POST", "/missions/{id}"), Roles(FINANCE_MANAGERS)),
        (("POST", "/missions/{id}/submit"), Roles(FINANCE_MANAGERS)),
        (("POST", "/missions/{id}/approve"), Roles(FINANCE_APPROVERS)),
        (("POST", "/missions/{id}/return"), Roles(FINANCE_APPROVERS)),
        (("POST", "/missions/{id}/report"), Roles(FINANCE_MANAGERS)),
        (("POST", "/missions/{id}/costs"), Roles(FINANCE_MANAGERS)),
        (("POST", "/events/{id}/expenses"), Roles(FINANCE_MANAGERS)),
        (("GET", "/reports"), Roles(REPORT_READERS)),
        (("GET", "/reports/{programme}"), Roles(REPORT_READERS)),
        (("POST", "/reports/{programme}/settings"), Roles(FINANCE_MANAGERS)),
        (("GET", "/reports/{programme}/{period_code}"), Roles(REPORT_READERS)),
        (("POST", "/reports/{programme}/{period_code}"), Roles(FINANCE_MANAGERS)),
        (("POST", "/reports/{programme}/{period_code}/sign-off"), Roles(FINANCE_APPROVERS)),
        (("POST", "/reports/{programme}/{period_code}/snapshots"), Roles(FINANCE_MANAGERS)),
        (("GET", "/reports/snapshots/{id}"), Roles(REPORT_READERS)),
        (("GET", "/reports/snapshots/{id}/figures/{figure}"), Roles(REPORT_READERS)),
        (("GET", "/reports/snapshots/{id}/{report}"), Roles(REPORT_READERS)),
        (("GET", "/api/v1/reports/{programme}"), Roles(REPORT_READERS)),
        (("GET", "/api/v1/reports/snapshots/{id}/figures/{figure}"), Roles(REPORT_READERS)),
        (("GET", "/api/v1/finance/{programme}/budget"), Roles(FINANCE_VIEWERS)),
        (("GET", "/api/v1/finance/{programme}/expenses"), Roles(FINANCE_VIEWERS)),
        (("GET", "/api/v1/finance/{programme}/variance"), Roles(FINANCE_VIEWERS)),
        (("GET", "/api/v1/missions"), Roles(MISSION_VIEWERS)),
        (("GET", "/api/v1/missions/{id}"), CityStaffItsFocalPointOrAuditor),
        // Writes through the API, as the pages allow them: `{id}` is the city's person or event,
        // `{scope}` the city whose values are entered.
        (("GET", "/api/v1/people/{id}"), Roles(PEOPLE_VIEWERS)),
        (("POST", "/api/v1/people"), Editors),
        (("PUT", "/api/v1/people/{id}"), CityStaffOrItsFocalPoint),
        (("POST", "/api/v1/events"), Editors),
        (("PUT", "/api/v1/events/{id}"), CityStaffOrItsFocalPoint),
        (("POST", "/api/v1/events/{id}/registrations"), Anyone),
        (("POST", "/api/v1/events/{id}/participants/{participant}/answer"), CityStaffOrItsFocalPoint),
        (("GET", "/api/v1/programmes/{programme}/periods/{period}/values/{scope}"), CityStaffOrItsFocalPoint),
        (("PUT", "/api/v1/programmes/{programme}/periods/{period}/values/{scope}"), CityStaffOrItsFocalPoint),
        (
            ("POST", "/api/v1/programmes/{programme}/periods/{period}/values/{scope}/submission"),
            CityStaffOrItsFocalPoint,
        ),
        (("POST", "/api/v1/programmes/{programme}/periods/{period}/values/{scope}/review"), Roles(STAFF)),
        // Recruitment: the demo call's managers are the secretariat and the Phnom Penh focal
        // point (City Hall), its evaluator the demo evaluator; the coordinator is not on it.
        (("GET", "/calls"), Anyone),
        (("GET", "/calls/new"), Roles(STAFF)),
        (("POST", "/calls"), Roles(STAFF)),
        (("GET", "/calls/{call}"), Anyone),
        (("GET", "/calls/{call}/edit"), Visitors(CALL_MANAGERS)),
        (("POST", "/calls/{call}"), Visitors(CALL_MANAGERS)),
        (("GET", "/calls/{call}/committee"), Visitors(CALL_MANAGERS)),
        (("POST", "/calls/{call}/committee"), Visitors(CALL_MANAGERS)),
        (("POST", "/calls/{call}/committee/remove"), Visitors(CALL_MANAGERS)),
        (("GET", "/calls/{call}/apply"), Anyone),
        // The demo call is closed: the walk's empty application is refused for its input.
        (("POST", "/calls/{call}/apply"), Anyone),
        (("GET", "/calls/{call}/applications"), Visitors(CALL_COMMITTEE)),
        (("GET", "/calls/{call}/applications/{application}"), Visitors(CALL_COMMITTEE)),
        // `{document}` is the demo applicant's CV (not sensitive: evaluators open it).
        (("GET", "/calls/{call}/documents/{document}"), Visitors(CALL_COMMITTEE)),
        (("POST", "/calls/{call}/applications/{application}/declaration"), Visitors(CALL_COMMITTEE)),
        (("POST", "/calls/{call}/applications/{application}/evaluation"), Visitors(CALL_COMMITTEE)),
        (("GET", "/calls/{call}/ranking"), Visitors(CALL_MANAGERS)),
        (("GET", "/calls/{call}/shortlist"), Visitors(CALL_MANAGERS)),
        (("POST", "/calls/{call}/shortlist"), Visitors(CALL_MANAGERS)),
        (("POST", "/calls/{call}/stage-two"), Visitors(CALL_MANAGERS)),
        (("POST", "/calls/{call}/applications/{application}/check"), Visitors(CALL_MANAGERS)),
        (("GET", "/calls/{call}/interviews"), Visitors(CALL_COMMITTEE)),
        (("POST", "/calls/{call}/interviews"), Visitors(CALL_MANAGERS)),
        // `{application}` is the demo's shortlisted candidate, whose interview is booked.
        (("GET", "/calls/{call}/interviews/{application}"), Visitors(CALL_COMMITTEE)),
        (("POST", "/calls/{call}/interviews/{application}"), Visitors(CALL_COMMITTEE)),
        (("GET", "/calls/{call}/decision"), Visitors(CALL_MANAGERS)),
        (("POST", "/calls/{call}/decision"), Visitors(CALL_MANAGERS)),
        (("GET", "/calls/{call}/report.pdf"), Visitors(CALL_MANAGERS)),
        (("GET", "/applications/{link}"), Anyone),
        (("POST", "/applications/{link}/documents"), Anyone),
        (("POST", "/applications/{link}/interview"), Anyone),
        (("GET", "/applications/{link}/documents/{document}"), Anyone),
        (("GET", "/calls/{call}/applications/import"), Visitors(CALL_MANAGERS)),
        // The walk's empty upload is refused for its input (no file), after the policy.
        (("POST", "/calls/{call}/applications/import"), Visitors(CALL_MANAGERS)),
        (("GET", "/calls/{call}/applications/new"), Visitors(CALL_MANAGERS)),
        (("POST", "/calls/{call}/applications/new"), Visitors(CALL_MANAGERS)),
        (("GET", "/calls/{call}/applications/{application}/documents"), Visitors(CALL_MANAGERS)),
        // The walk names no kind: refused for its input, the CV's kind unchanged.
        (("POST", "/calls/{call}/documents/{document}/kind"), Visitors(CALL_MANAGERS)),
        (("GET", "/applications/{link}/data"), Anyone),
        // The demo applicant's request is recorded (and seen on the requests page).
        (("POST", "/applications/{link}/erasure"), Anyone),
        (("GET", "/calls/{call}/erasure-requests"), Visitors(CALL_MANAGERS)),
        // The walk does not type the receipt number: refused for its input, nothing erased.
        (("POST", "/calls/{call}/applications/{application}/erasure"), Visitors(CALL_MANAGERS)),
        (("GET", "/calls/{call}/applications.csv"), Visitors(CALL_MANAGERS)),
        (("GET", "/calls/{call}/applications.xlsx"), Visitors(CALL_MANAGERS)),
        (("GET", "/api/v1/calls"), Anyone),
        (("GET", "/api/v1/calls/{call}"), Anyone),
        (("GET", "/api/v1/calls/{call}/applications"), Visitors(CALL_MANAGERS)),
        // No demo account applied with the demo applicant's address: the committee only.
        (("GET", "/api/v1/calls/{call}/applications/{application}"), Visitors(CALL_COMMITTEE)),
        (("GET", "/api/v1/calls/{call}/applications/{application}/scores"), Visitors(CALL_COMMITTEE)),
    ])
}

/// How the visitor proves who they are.
#[derive(Debug, Clone)]
enum Credential {
    Public,
    /// A browser session of this demo account.
    Session(&'static str),
    /// An API token (`Authorization: Bearer`), by its key in the walk's tokens.
    Token(&'static str),
}

/// One kind of visitor in the walk.
#[derive(Debug, Clone)]
struct Visitor {
    label: &'static str,
    credential: Credential,
    roles: Vec<Role>,
    /// The city this visitor is focal point of.
    city: Option<&'static str>,
}

impl Visitor {
    fn signed_in(&self) -> bool {
        !matches!(self.credential, Credential::Public)
    }

    fn email(&self) -> Option<&'static str> {
        match self.credential {
            Credential::Session(email) => Some(email),
            _ => None,
        }
    }
}

const ADMIN_TOKEN: &str = "admin";
/// The token of a Phnom Penh focal point who is also coordinator, made with the focal point
/// role only: it must not carry the coordinator's rights.
const PART_TOKEN: &str = "focal point part";
const TWO_HATS: &str = "two.hats@mekong.example";

fn visitors() -> Vec<Visitor> {
    let account =
        |label, email, role, city| Visitor { label, credential: Credential::Session(email), roles: vec![role], city };
    vec![
        Visitor { label: "public", credential: Credential::Public, roles: vec![], city: None },
        account("admin", "admin@mekong.example", Role::Admin, None),
        account("secretariat", "secretariat@mekong.example", Role::Secretariat, None),
        account("coordinator", "coordinator@mekong.example", Role::Coordinator, None),
        account("focal point of Phnom Penh", "focal.phnompenh@mekong.example", Role::CityFocalPoint, Some(PHNOM_PENH)),
        account("focal point of Huế", "focal.hue@mekong.example", Role::CityFocalPoint, Some(HUE)),
        account("evaluator", "evaluator@mekong.example", Role::Evaluator, None),
        account("partner", "partner@mekong.example", Role::Partner, None),
        account("applicant", "applicant@mekong.example", Role::Applicant, None),
        account("auditor of SGA4", "auditor@mekong.example", Role::Auditor, None),
        Visitor {
            label: "admin's API token",
            credential: Credential::Token(ADMIN_TOKEN),
            roles: vec![Role::Admin],
            city: None,
        },
        Visitor {
            label: "API token with only the focal point role of a focal point and coordinator",
            credential: Credential::Token(PART_TOKEN),
            roles: vec![Role::CityFocalPoint],
            city: Some(PHNOM_PENH),
        },
    ]
}

/// Who may move Phnom Penh's application to a funder on: those who run funding and the city's
/// focal points (the secretariat sees it but does not record it).
const PHNOM_PENH_FUNDING_RECORDERS: &[&str] = &[
    "admin",
    "admin's API token",
    "coordinator",
    "focal point of Phnom Penh",
    "API token with only the focal point role of a focal point and coordinator",
];

/// The demo call's managers, and its whole committee (the administrator's rights reach every call).
const CALL_MANAGERS: &[&str] = &["admin", "admin's API token", "secretariat", "focal point of Phnom Penh"];
const CALL_COMMITTEE: &[&str] =
    &["admin", "admin's API token", "secretariat", "focal point of Phnom Penh", "evaluator"];

const PHNOM_PENH: &str = "KH-PNH";
const HUE: &str = "VN-HUI";
const TOKEN_OWNER: &str = "coordinator@mekong.example";

fn allowed(expect: Expect, visitor: &Visitor, city: &str) -> bool {
    let has = |roles: &[Role]| visitor.roles.iter().any(|r| roles.contains(r));
    let staff = has(&[Role::Admin, Role::Secretariat, Role::Coordinator]);
    match expect {
        Expect::Anyone => true,
        Expect::SignedIn => visitor.signed_in(),
        Expect::Session => visitor.email().is_some(),
        Expect::Roles(roles) => has(roles),
        Expect::CityStaffOrItsFocalPoint => staff || visitor.city == Some(city),
        Expect::CityStaffItsFocalPointOrAuditor => staff || visitor.city == Some(city) || has(&[Role::Auditor]),
        Expect::TokenOwnerOrAdmin => {
            visitor.email().is_some() && (has(&[Role::Admin]) || visitor.email() == Some(TOKEN_OWNER))
        }
        Expect::Editors => staff || has(&[Role::CityFocalPoint]),
        Expect::Visitors(labels) => labels.contains(&visitor.label),
        Expect::ItsFocalPoint => visitor.city == Some(city),
        Expect::RolesOrItsFocalPoint(roles) => has(roles) || visitor.city == Some(city),
    }
}

/// What the visitor must get when refused: the public is sent to sign in (401 from the API),
/// a signed-in visitor gets 403, and someone else's token is not even said to exist.
fn denial(expect: Expect, visitor: &Visitor, path: &str) -> (u16, bool) {
    match expect {
        _ if !visitor.signed_in() && path.starts_with("/api/") => (401, false),
        _ if !visitor.signed_in() => (303, true),
        Expect::TokenOwnerOrAdmin if visitor.email().is_some() => (404, false),
        _ => (403, false),
    }
}

fn to_sign_in(location: Option<&str>) -> bool {
    location.is_some_and(|l| l.starts_with("/login?next="))
}

/// What the request got, checked against the expectation; a failure's description otherwise.
fn judge(
    expected: bool,
    expect: Expect,
    visitor: &Visitor,
    posted: bool,
    path: &str,
    status: u16,
    location: Option<&str>,
) -> Option<String> {
    if status >= 500 {
        return Some(format!("server error {status}"));
    }
    if expected {
        // Reached; a form, posted empty by the walk, may then be refused for its input (422) or
        // its missing version (409), never a page read.
        let reached = (200..300).contains(&status)
            || ((300..400).contains(&status) && !to_sign_in(location))
            || (posted && (status == 409 || status == 422));
        return (!reached).then(|| format!("expected allowed, got {status} {location:?}"));
    }
    let (want, sign_in) = denial(expect, visitor, path);
    let refused = status == want && (!sign_in || to_sign_in(location));
    (!refused)
        .then(|| format!("expected {want}{}, got {status} {location:?}", if sign_in { " to sign in" } else { "" }))
}

/// Routes that end the visitor's sessions go last, so they do not sign the visitor out of
/// the rest of the walk.
fn ends_sessions(path: &str) -> bool {
    path == "/logout" || path == "/account/sign-out-everywhere"
}

/// Routes whose form carries files: walked with an (empty) multipart body, so that the request
/// reaches the rights check of the use case instead of failing on its content type.
const MULTIPART: [&str; 20] = [
    "/funding",
    "/funding/{id}",
    "/funding/import",
    "/practices",
    "/practices/{id}",
    "/practices/{id}/photos",
    "/documents",
    "/documents/{id}/versions",
    "/assistance",
    "/projects/{id}/documents",
    "/assistance/{id}/notes",
    "/directory/import",
    "/finance/rates",
    "/finance/{programme}/budget/import",
    "/expenses/{id}/documents",
    "/events/{id}/agenda",
    "/events/{id}/agenda/{item}",
    "/results/{programme}/logframe/import",
    "/results/{programme}/periods/{period}/{scope}/upload",
    "/results/{programme}/periods/{period}/{scope}/evidence",
];

/// Whether the path names a record that belongs to a city (walked once per city).
fn names_a_citys_record(path: &str) -> bool {
    ["{code}", "{scope}", "{participant}", "{value}"].iter().any(|p| path.contains(p))
        || [
            "/organisations/{id}",
            "/people/{id}",
            "/events/{id}",
            "/missions/{id}",
            "/api/v1/organisations/{id}",
            "/api/v1/events/{id}",
            "/api/v1/missions/{id}",
            "/api/v1/people/{id}",
            "/assistance/{id}",
            "/api/v1/assistance/{id}",
            "/projects/{id}",
            "/api/v1/projects/{id}",
            "/practices/{id}",
            "/api/v1/practices/{id}",
        ]
        .iter()
        .any(|p| path.starts_with(p))
}

async fn every_route_allows_exactly_whom_it_should_on_each_citys_records(app: TestApp) -> anyhow::Result<()> {
    let expectations = expectations();
    let mut routes = mekong_web::routes::table();
    routes.sort_by_key(|r| ends_sessions(r.path));
    let missing: Vec<String> = routes
        .iter()
        .filter(|r| !expectations.contains_key(&(r.method.as_str(), r.path)))
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(missing.is_empty(), "routes without an expectation in the matrix: {missing:?}");

    let admin = app.signed_in("admin@mekong.example").await?;
    let shared = SharedRecords::set_up(&app, &admin).await?;
    let cities = [CityRecords::set_up(&app, &admin, PHNOM_PENH).await?, CityRecords::set_up(&app, &admin, HUE).await?];
    let mut tokens = HashMap::new();
    tokens.insert(ADMIN_TOKEN, admin.api_token("matrix", "").await?);
    let two_hats =
        app.invited_user(TWO_HATS, "Two hats", &[("city_focal_point", PHNOM_PENH), ("coordinator", "")]).await?;
    tokens.insert(PART_TOKEN, two_hats.api_token("focal point only", PHNOM_PENH).await?);

    let mut failures = Vec::new();
    let mut requests = 0;
    for visitor in visitors() {
        // Each visitor's walk fails to sign in once (an empty form): a quarter of an hour apart,
        // the walks stay under the per-address throttle, which counts over fifteen minutes.
        app.clock.advance(jiff::SignedDuration::from_mins(16));
        let mut session: Option<HttpSession> = None;
        for route in &routes {
            let Some(expect) = expectations.get(&(route.method.as_str(), route.path)).copied() else {
                anyhow::bail!("no expectation for {} {}", route.method, route.path);
            };
            let walked: &[CityRecords] = if names_a_citys_record(route.path) { &cities } else { &cities[..1] };
            for records in walked {
                let path = shared.path(&app, route.path, records).await?;
                let current = match session.take() {
                    Some(current) => current,
                    None => match visitor.credential {
                        Credential::Session(email) => app.signed_in(email).await?,
                        _ => app.visitor().await?,
                    },
                };
                let mut request = match route.method.as_str() {
                    "GET" => current.client.get(current.url(&path)),
                    method => {
                        let csrf = current.cookie("mekong_csrf").unwrap_or_default();
                        let method = reqwest::Method::from_bytes(method.as_bytes())?;
                        let post = current.client.request(method, current.url(&path));
                        if MULTIPART.contains(&route.path) {
                            post.multipart(reqwest::multipart::Form::new().text("csrf_token", csrf))
                        } else {
                            post.form(&[("csrf_token", csrf)])
                        }
                    }
                };
                if let Credential::Token(key) = visitor.credential {
                    request = request.bearer_auth(tokens.get(key).map(String::as_str).unwrap_or_default());
                }
                let response = request.send().await?;
                requests += 1;
                let status = response.status().as_u16();
                let location = response.headers().get("location").and_then(|l| l.to_str().ok()).map(str::to_owned);
                let expected = allowed(expect, &visitor, records.city);
                let posted = route.method != "GET";
                if let Some(problem) = judge(expected, expect, &visitor, posted, &path, status, location.as_deref()) {
                    failures.push(format!("{} {} ({path}) as {}: {problem}", route.method, route.path, visitor.label));
                }
                // Signing out ends the session: the next route starts a new one.
                if !ends_sessions(route.path) {
                    session = Some(current);
                }
            }
        }
    }
    assert!(failures.is_empty(), "authorisation matrix ({} failures):\n{}", failures.len(), failures.join("\n"));
    // Every route, by eleven visitors, once or once per city.
    assert!(requests > visitors().len() * routes.len(), "{requests} requests");
    Ok(())
}

/// The records paths name that belong to no city: a user to administer, an email, a prospect,
/// a mailing list, a per diem rate, an answer link, invitation and reset links, and the
/// results' programme, indicator, period, logframe entry and plan activity.
struct SharedRecords {
    user: String,
    email: String,
    invitation: String,
    reset: String,
    prospect: String,
    list: String,
    rate: String,
    secret: String,
    indicator: String,
    period: String,
    entry: String,
    activity: String,
    budget_line: String,
    expense: String,
    receipt: String,
    snapshot: String,
    /// A public library document naming no city.
    document: String,
}

impl SharedRecords {
    async fn set_up(app: &TestApp, admin: &HttpSession) -> anyhow::Result<SharedRecords> {
        let invited = admin
            .post_form(
                "/admin/users/invite",
                &[
                    ("email", "target@mekong.example"),
                    ("display_name", "Matrix target"),
                    ("role", "applicant"),
                    ("language", "en"),
                ],
            )
            .await?;
        anyhow::ensure!(invited.status() == 303, "user invited: {}", invited.status());
        app.run_jobs().await?;
        let (_, users) = admin.get_text("/admin/users").await?;
        let user = users
            .split("href=\"/admin/users/")
            .find(|s| s.contains("\">Matrix target"))
            .and_then(|s| s.split('"').next())
            .unwrap_or_default()
            .to_owned();
        let (_, outbox) = admin.get_text("/admin/outbox").await?;
        let email = between(&outbox, "href=\"/admin/outbox/", "\"");
        app.app.request_password_reset("partner@mekong.example").await?;
        app.run_jobs().await?;
        let link = |path: &str| {
            app.outbox().map(|mail| {
                mail.iter().find_map(|m| m.link(path)).map(|l| between(&l, "token=", " ")).unwrap_or_default()
            })
        };
        let invitation = link("/account/accept?token=")?;
        let reset = link("/account/reset?token=")?;
        let (_, prospects) = admin.get_text("/prospects").await?;
        let prospect = between(&prospects, "action=\"/prospects/", "\"");
        let saved = admin.post_form("/mailing-lists", &[("name", "Matrix list"), ("focal_points", "yes")]).await?;
        let list = location(&saved).trim_start_matches("/mailing-lists/").to_owned();
        let (_, rates) = admin.get_text("/admin/per-diem-rates").await?;
        let rate = between(&rates, "action=\"/admin/per-diem-rates/", "\"");
        // An invitation to the demo workshop: its answer link.
        let event = demo_workshop(admin).await?;
        let claire = person_id(admin, "claire").await?;
        let invited = admin.post_form(&format!("/events/{event}/invitations"), &[("person", &claire)]).await?;
        anyhow::ensure!(invited.status() == 200, "Claire invited: {}", invited.status());
        app.run_jobs().await?;
        let secret = app
            .outbox()?
            .iter()
            .find_map(|m| m.link("/rsvp/"))
            .and_then(|link| link.rsplit('/').next().map(str::to_owned))
            .unwrap_or_default();
        let (_, dashboard) = admin.get_text("/results/SGA4").await?;
        let indicator = between(&dashboard, "href=\"/results/SGA4/indicators/", "\"");
        // The open period of the demo's current year.
        let period = mekong_testkit::page::period_id(admin, "SGA4", "2026").await?;
        // A changed target sends the approved logframe back to draft, where its entries are edited.
        let form = crate::results::Oc21Form::read(admin).await?;
        let reopened = form.post(admin, crate::results::OC21_NAME, &form.targets.replace("=20", "=25")).await?;
        anyhow::ensure!(reopened.status() == 303, "logframe reopened: {}", reopened.status());
        let (_, logframe) = admin.get_text("/results/SGA4/logframe").await?;
        let entry = between(&logframe, "action=\"/results/SGA4/logframe/entries/", "\"");
        let (_, plan) = admin.get_text("/results/SGA4/plan").await?;
        let activity = between(&plan, "action=\"/results/SGA4/plan/", "\"");
        let (_, budget) = admin.get_text("/finance/SGA4").await?;
        let budget_line = between(&budget, "href=\"/finance/SGA4/lines/", "\"");
        let (_, expenses) = admin.get_text("/finance/SGA4/expenses?status=approved").await?;
        let expense = between(&expenses, "href=\"/expenses/", "\"");
        let (_, shown) = admin.get_text(&format!("/expenses/{expense}")).await?;
        let receipt = between(&shown, &format!("href=\"/expenses/{expense}/documents/"), "\"");
        let (_, reports) = admin.get_text("/reports/SGA4").await?;
        let snapshot = between(&reports, "href=\"/reports/snapshots/", "\"");
        let document = library_document(admin).await?;
        let records = SharedRecords {
            user,
            email,
            invitation,
            reset,
            prospect,
            list,
            rate,
            secret,
            indicator,
            period,
            entry,
            activity,
            budget_line,
            expense,
            receipt,
            snapshot,
            document,
        };
        let all = [
            &records.user,
            &records.email,
            &records.invitation,
            &records.reset,
            &records.prospect,
            &records.list,
            &records.rate,
            &records.secret,
            &records.indicator,
            &records.period,
            &records.entry,
            &records.activity,
            &records.budget_line,
            &records.expense,
            &records.receipt,
            &records.snapshot,
            &records.document,
        ];
        anyhow::ensure!(all.iter().all(|v| !v.is_empty()), "shared records for the paths: {all:?}");
        Ok(records)
    }

    /// The route's path with real records: the city's where the path names a city's record.
    /// Routes that use their record up (revoking a token, renewing a feed, removing or editing
    /// an agenda item) get a fresh one each time.
    async fn path(&self, app: &TestApp, route: &str, city: &CityRecords) -> anyhow::Result<String> {
        let section = route.split('/').nth(1).unwrap_or_default();
        let id = match section {
            "organisations" => city.organisation.clone(),
            // Erasing uses the person up: each visit erases one of their own.
            "people" if route.ends_with("/erase") => city.fresh_person(app).await?,
            "people" => city.person.clone(),
            "events" => city.event.clone(),
            "api" if route.contains("organisations") => city.organisation.clone(),
            "api" if route.contains("events") => city.event.clone(),
            "missions" => city.mission.clone(),
            "api" if route.contains("missions") => city.mission.clone(),
            "funding" => mekong_app::demo::DEMO_OPPORTUNITY.to_owned(),
            "api" if route.contains("funding") => mekong_app::demo::DEMO_OPPORTUNITY.to_owned(),
            "assistance" => city.assistance.clone(),
            "api" if route.contains("assistance") => city.assistance.clone(),
            "projects" => city.project.clone(),
            "api" if route.contains("projects") => city.project.clone(),
            "practices" => city.practice.clone(),
            "api" if route.contains("practices") => city.practice.clone(),
            "news" => mekong_app::demo::DEMO_NEWS.to_owned(),
            "api" if route.contains("news") => mekong_app::demo::DEMO_NEWS.to_owned(),
            "api" if route.contains("people") => city.person.clone(),
            "prospects" => self.prospect.clone(),
            "mailing-lists" => self.list.clone(),
            "admin" => self.rate.clone(),
            "finance" => self.budget_line.clone(),
            "expenses" => self.expense.clone(),
            "reports" => self.snapshot.clone(),
            "api" if route.contains("reports") => self.snapshot.clone(),
            "documents" => self.document.clone(),
            "api" if route.contains("documents") => self.document.clone(),
            _ => String::new(),
        };
        let item = if route.contains("/agenda/{item}") {
            city.fresh_agenda_item(app).await?
        } else {
            city.action_item.clone()
        };
        let funding_document = if section == "funding" && route.contains("{sha256}") {
            demo_funding_document(app).await?
        } else {
            String::new()
        };
        let sha256 = match section {
            "results" => &city.evidence,
            "funding" => &funding_document,
            "assistance" => &city.assistance_document,
            "projects" => &city.project_document,
            "practices" => &city.practice_document,
            "expenses" => &self.receipt,
            _ => &city.document,
        };
        let token = if route.contains("{token}") { coordinator_token(app).await? } else { String::new() };
        let feed = if route.contains("{feed}") { coordinator_feed(app).await? } else { String::new() };
        // Links from emails carry their token: without it the page says the link is gone (410).
        let query = match route {
            "/account/accept" => format!("?token={}", self.invitation),
            "/account/reset" => format!("?token={}", self.reset),
            _ => String::new(),
        };
        Ok(route
            .replace("{code}", city.city)
            .replace("{scope}", city.city)
            .replace("{id}", &id)
            .replace("{participant}", &city.participant)
            .replace("{value}", &city.value)
            .replace("{item}", &item)
            .replace("{sha256}", sha256)
            .replace("{user}", &self.user)
            .replace("{email}", &self.email)
            .replace("{token}", &token)
            .replace("{secret}", &self.secret)
            .replace("{feed}", &feed)
            .replace("{programme}", "SGA4")
            .replace("{theme}", "climate_change")
            .replace("{indicator}", &self.indicator)
            .replace("{version}", "1")
            .replace("{period}", &self.period)
            .replace("{activity}", &self.activity)
            .replace("{entry}", &self.entry)
            .replace("{kind}", "missing_document")
            .replace("{period_code}", "2025")
            .replace("{figure}", "participants")
            .replace("{report}", "eu-financial.xlsx")
            .replace("{funder}", mekong_app::demo::DEMO_FUNDER)
            .replace("{funding_application}", mekong_app::demo::DEMO_FUNDING_APPLICATION)
            .replace("{call}", mekong_app::demo::DEMO_CALL)
            .replace("{application}", mekong_app::demo::DEMO_APPLICATION)
            .replace("{document}", mekong_app::demo::DEMO_DOCUMENT)
            .replace("{link}", mekong_app::demo::DEMO_APPLICATION_LINK)
            + &query)
    }
}

/// The SHA-256 of the demo funding call's document, as its API shows it.
async fn demo_funding_document(app: &TestApp) -> anyhow::Result<String> {
    let admin = app.signed_in("admin@mekong.example").await?;
    let path = format!("/api/v1/funding/opportunities/{}", mekong_app::demo::DEMO_OPPORTUNITY);
    let opportunity: serde_json::Value = admin.get(&path).await?.json().await?;
    Ok(opportunity["documents"][0].as_str().unwrap_or_default().to_owned())
}

/// A fresh API token of the coordinator's (someone else's for everyone but the coordinator and
/// the admin). Signs in anew each time: the coordinator's own walk ends by signing out everywhere.
async fn coordinator_token(app: &TestApp) -> anyhow::Result<String> {
    let coordinator = app.signed_in(TOKEN_OWNER).await?;
    coordinator.post_form("/account/tokens", &[("name", "matrix"), ("grant", "0")]).await?;
    let (_, listing) = coordinator.get_text("/account/tokens").await?;
    Ok(between(&listing, "action=\"/account/tokens/", "/revoke"))
}

/// A fresh calendar feed of the coordinator's (walking the renewal route retires one's own).
async fn coordinator_feed(app: &TestApp) -> anyhow::Result<String> {
    let coordinator = app.signed_in(TOKEN_OWNER).await?;
    let account = coordinator.post_form("/account/calendar-feed", &[]).await?.text().await?;
    Ok(between(&account, "/calendar/", "/events.ics"))
}

/// The records of one city: its organisation, its focal point person, an event it hosts with
/// that person as participant, an agenda item with a document and a follow-up of the event,
/// and evidence attached to one of its values.
struct CityRecords {
    city: &'static str,
    organisation: String,
    person: String,
    event: String,
    participant: String,
    action_item: String,
    document: String,
    evidence: String,
    /// The value the evidence is attached to.
    value: String,
    /// A mission order (a draft) to the city.
    mission: String,
    /// A technical assistance request of the city (not triaged: the walk's empty forms move it
    /// nowhere), and the SHA-256 of its document.
    assistance: String,
    assistance_document: String,
    /// A project of the city at the idea stage with a document (the walk's empty forms move
    /// it nowhere), and the SHA-256 of its document.
    project: String,
    project_document: String,
    /// A draft good practice of the city, and the SHA-256 of its document.
    practice: String,
    practice_document: String,
}

/// The same bytes as agenda document and as evidence: a PDF by its content.
const PDF: &[u8] = b"%PDF-1.4\n%%EOF\n";

impl CityRecords {
    async fn set_up(app: &TestApp, admin: &HttpSession, city: &'static str) -> anyhow::Result<CityRecords> {
        let organisations: serde_json::Value =
            admin.get("/api/v1/organisations?kind=local_authority").await?.json().await?;
        let organisation = organisations["items"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|o| o["city"] == city)
            .and_then(|o| o["id"].as_str())
            .unwrap_or_default()
            .to_owned();
        let person = person_id(admin, if city == PHNOM_PENH { "sokha" } else { "nguyen%20van%20an" }).await?;
        let event = if city == PHNOM_PENH { demo_workshop(admin).await? } else { hosted_event(admin, city).await? };
        if city != PHNOM_PENH {
            let invited = admin.post_form(&format!("/events/{event}/invitations"), &[("person", &person)]).await?;
            anyhow::ensure!(invited.status() == 200, "{person} invited to {event}: {}", invited.status());
            app.run_jobs().await?;
        }
        let added = admin
            .post_multipart(&format!("/events/{event}/agenda"), |form| {
                form.text("starts", "2026-12-21T09:00")
                    .text("ends", "2026-12-21T10:00")
                    .text("title", "Matrix session")
                    .part("documents", reqwest::multipart::Part::bytes(PDF.to_vec()).file_name("matrix.pdf"))
            })
            .await?;
        anyhow::ensure!(added.status() == 303, "agenda item added to {event}: {}", added.status());
        let followed = admin
            .post_form(
                &format!("/events/{event}/action-items"),
                &[("title", "Matrix follow-up"), ("owner", TOKEN_OWNER), ("due_on", "2027-01-31")],
            )
            .await?;
        anyhow::ensure!(followed.status() == 303, "follow-up added to {event}: {}", followed.status());
        let (_, page) = admin.get_text(&format!("/events/{event}")).await?;
        // The participant who is this city's person: the row naming them.
        let name = if city == PHNOM_PENH { "Chan Sokha" } else { "Nguyen Van An" };
        let participant = page
            .split("<tr")
            .find(|row| row.contains(name) && row.contains(&format!("/events/{event}/participants/")))
            .map(|row| between(row, &format!("/events/{event}/participants/"), "\""))
            .unwrap_or_default();
        let document = between(&page, &format!("/events/{event}/documents/"), "\"");
        let action_item = between(&page, &format!("/events/{event}/action-items/"), "\"");
        let (evidence, value) = attach_evidence(admin, city).await?;
        let mission = mission_to(app, city).await?;
        let (assistance, assistance_document) = assistance_for(app, city).await?;
        let (project, project_document) = project_of(app, city).await?;
        let (practice, practice_document) = practice_for(app, city).await?;
        let records = CityRecords {
            city,
            organisation,
            person,
            event,
            participant,
            action_item,
            document,
            evidence,
            value,
            mission,
            assistance,
            assistance_document,
            project,
            project_document,
            practice,
            practice_document,
        };
        let all = [
            &records.organisation,
            &records.person,
            &records.event,
            &records.participant,
            &records.action_item,
            &records.document,
            &records.evidence,
            &records.value,
            &records.mission,
            &records.assistance,
            &records.assistance_document,
            &records.project,
            &records.project_document,
            &records.practice,
            &records.practice_document,
        ];
        anyhow::ensure!(all.iter().all(|v| !v.is_empty()), "{city}'s records for the paths: {all:?}");
        Ok(records)
    }

    /// A new person of the city's organisation, for a walk that erases them.
    async fn fresh_person(&self, app: &TestApp) -> anyhow::Result<String> {
        let admin = app.signed_in("admin@mekong.example").await?;
        let name = format!("Matrix Person {}", uuid::Uuid::now_v7().simple());
        let created = admin
            .post_form(
                "/people",
                &[
                    ("name_romanised", name.as_str()),
                    ("organisation", self.organisation.as_str()),
                    ("keep_both", "yes"),
                ],
            )
            .await?;
        anyhow::ensure!(created.status() == 303, "person created: {}", created.status());
        Ok(location(&created).trim_start_matches("/people/").to_owned())
    }

    /// A new agenda item of the city's event, for a walk that removes it. Signs in anew: the
    /// admin's own walk ends by signing out everywhere.
    async fn fresh_agenda_item(&self, app: &TestApp) -> anyhow::Result<String> {
        let admin = app.signed_in("admin@mekong.example").await?;
        let title = format!("Matrix item {}", uuid::Uuid::now_v7().simple());
        let added = admin
            .post_multipart(&format!("/events/{}/agenda", self.event), |form| {
                form.text("starts", "2026-12-21T11:00").text("ends", "2026-12-21T12:00").text("title", title.clone())
            })
            .await?;
        anyhow::ensure!(added.status() == 303, "agenda item added: {}", added.status());
        let (_, page) = admin.get_text(&format!("/events/{}", self.event)).await?;
        let row = page.split("<tr").find(|row| row.contains(&title)).unwrap_or_default();
        let item = between(row, &format!("/events/{}/agenda/", self.event), "/edit");
        anyhow::ensure!(!item.is_empty(), "the new agenda item on the event's page");
        Ok(item)
    }
}

/// A draft mission order to the city, saved by the command line (it stays a draft: the walk's
/// empty forms move it nowhere).
async fn mission_to(app: &TestApp, city: &str) -> anyhow::Result<String> {
    let draft = mekong_app::finance::MissionDraft {
        traveller: "Matrix traveller".into(),
        purpose: format!("Matrix mission to {city}"),
        cities: vec![city.to_owned()],
        departs: "2027-02-01".into(),
        returns: "2027-02-03".into(),
        transport_currency: "EUR".into(),
        typed_in: mekong_core::Lang::En,
        ..mekong_app::finance::MissionDraft::default()
    };
    Ok(app.app.save_mission(&mekong_app::policy::Actor::command_line(), "SGA4", None, &draft).await?.id.to_string())
}

/// A public library document naming no city, uploaded by the admin.
async fn library_document(admin: &HttpSession) -> anyhow::Result<String> {
    let pdf = mekong_docs::plain_pdf("Matrix document", &["A public document of the network."]);
    let added = admin
        .post_multipart("/documents", |form| {
            form.text("title_en", "Matrix document")
                .text("kind", "report")
                .text("language", "en")
                .text("year", "2026")
                .text("audience", "public")
                .part("file", reqwest::multipart::Part::bytes(pdf).file_name("matrix.pdf"))
        })
        .await?;
    anyhow::ensure!(added.status() == 303, "library document added: {}", added.status());
    Ok(location(&added).trim_start_matches("/documents/").to_owned())
}

/// A request for technical assistance of the city with a document, sent by the command line.
async fn assistance_for(app: &TestApp, city: &str) -> anyhow::Result<(String, String)> {
    let draft = mekong_app::assistance::AssistanceDraft {
        city: city.to_owned(),
        title: format!("Matrix request of {city}"),
        need: "Advice".into(),
        theme: "urban_planning".into(),
        urgency: "normal".into(),
    };
    let upload = mekong_app::events::Upload { name: "need.pdf".into(), bytes: PDF.to_vec() };
    let actor = mekong_app::policy::Actor::command_line();
    let request = app.app.request_assistance(&actor, &draft, &[upload]).await?;
    let document = request.documents.first().map(|d| d.sha256.clone()).unwrap_or_default();
    Ok((request.id.to_string(), document))
}

/// A project of the city with a document, proposed by the command line.
async fn project_of(app: &TestApp, city: &str) -> anyhow::Result<(String, String)> {
    let draft = mekong_app::projects::ProjectDraft {
        titles: vec![(mekong_core::Lang::En, format!("Matrix project of {city}"))],
        cities: vec![city.to_owned()],
        ..mekong_app::projects::ProjectDraft::default()
    };
    let actor = mekong_app::policy::Actor::command_line();
    let project = app.app.create_project(&actor, &draft).await?;
    let upload = mekong_app::events::Upload { name: "note.pdf".into(), bytes: PDF.to_vec() };
    let project = app.app.add_project_documents(&actor, project.id, project.version, "concept_note", &[upload]).await?;
    let document = project.documents.first().map(|d| d.document.sha256.clone()).unwrap_or_default();
    Ok((project.id.to_string(), document))
}

/// A draft good practice of the city with a document, written by the command line.
async fn practice_for(app: &TestApp, city: &str) -> anyhow::Result<(String, String)> {
    let draft = mekong_app::practices::PracticeDraft {
        city: city.to_owned(),
        lang: "fr".into(),
        title: format!("Matrix practice of {city}"),
        status: "draft".into(),
        ..mekong_app::practices::PracticeDraft::default()
    };
    let upload = mekong_app::events::Upload { name: "practice.pdf".into(), bytes: PDF.to_vec() };
    let actor = mekong_app::policy::Actor::command_line();
    let practice = app.app.create_practice(&actor, &draft, &[upload]).await?;
    let document = practice.documents.first().map(|d| d.sha256.clone()).unwrap_or_default();
    Ok((practice.id.to_string(), document))
}

/// Evidence attached to a value of the city in the open period: its SHA-256, and the value's id
/// as the search links it.
async fn attach_evidence(admin: &HttpSession, city: &str) -> anyhow::Result<(String, String)> {
    let (_, dashboard) = admin.get_text("/results/SGA4").await?;
    let indicator = dashboard
        .split("<tr>")
        .find(|row| row.contains("<td>IMP.1</td>"))
        .map(|row| between(row, "/results/SGA4/indicators/", "\""))
        .unwrap_or_default();
    let (_, periods) = admin.get_text("/results/SGA4/periods").await?;
    let period = periods
        .split("id=\"period-")
        .find(|s| s.contains("\">2026 "))
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_owned();
    let grid = format!("/results/SGA4/periods/{period}/{city}");
    let (_, page) = admin.get_text(&grid).await?;
    let version = between(&page, &format!("name=\"n.{indicator}.\" value=\""), "\"");
    let mut fields = vec![(format!("v.{indicator}."), "1".to_owned()), ("intent".to_owned(), "save".to_owned())];
    if !version.is_empty() {
        fields.push((format!("n.{indicator}."), version));
    }
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let saved = admin.post_form(&grid, &fields).await?;
    anyhow::ensure!(saved.status() == 303, "a value of {city} saved: {}", saved.status());
    let attached = admin
        .post_multipart(&format!("{grid}/evidence"), |form| {
            form.text("indicator", indicator.clone())
                .part("file", reqwest::multipart::Part::bytes(PDF.to_vec()).file_name("proof.pdf"))
        })
        .await?;
    anyhow::ensure!(attached.status() == 303, "evidence attached for {city}: {}", attached.status());
    let (_, page) = admin.get_text(&grid).await?;
    let (_, found) = admin.get_text(&format!("/search?q=proof&kind=evidence&city={city}")).await?;
    Ok((between(&page, &format!("{grid}/evidence/"), "\""), between(&found, "/results/values/", "\"")))
}

/// The demo's upcoming workshop, hosted by Phnom Penh.
async fn demo_workshop(session: &HttpSession) -> anyhow::Result<String> {
    let events: serde_json::Value = session.get("/api/v1/events").await?.json().await?;
    events
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["status"] == "announced" && e["host_city"] == PHNOM_PENH)
        .and_then(|e| e["id"].as_str())
        .map(str::to_owned)
        .ok_or_else(|| anyhow::anyhow!("no announced event hosted by Phnom Penh"))
}

/// An announced event hosted by `city`, created by staff through the form.
async fn hosted_event(session: &HttpSession, city: &str) -> anyhow::Result<String> {
    let title = format!("Matrix meeting in {city}");
    let created = session
        .post_form(
            "/events",
            &[
                ("kind", "workshop"),
                ("status", "announced"),
                ("title_en", &title),
                ("host_city", city),
                ("venue", "City hall"),
                ("starts", "2027-03-01T09:00"),
                ("ends", "2027-03-01T17:00"),
                ("time_zone", "Asia/Ho_Chi_Minh"),
                ("open_registration", "yes"),
                ("version", "0"),
            ],
        )
        .await?;
    anyhow::ensure!(created.status() == 303, "event in {city} created: {}", created.status());
    Ok(location(&created).trim_start_matches("/events/").to_owned())
}

async fn person_id(session: &HttpSession, query: &str) -> anyhow::Result<String> {
    let people: serde_json::Value = session.get(&format!("/api/v1/people?q={query}")).await?.json().await?;
    people["items"][0]["id"].as_str().map(str::to_owned).ok_or_else(|| anyhow::anyhow!("no person {query}"))
}

/// The rows of a table, read from the database itself.
async fn rows(app: &TestApp, table: &str) -> anyhow::Result<i64> {
    app.database.count(&format!("SELECT COUNT(*) AS n FROM {table}")).await
}

/// The request was refused for the city, by the policy (403) or as a field error naming
/// `field`, and `table` holds no new row.
async fn refused_without_a_trace(
    app: &TestApp,
    what: &str,
    response: reqwest::Response,
    field: &str,
    table: &str,
    before: i64,
) -> anyhow::Result<()> {
    let status = response.status().as_u16();
    let page = response.text().await?;
    let refused = status == 403 || (status == 422 && page.contains(&format!("id=\"{field}-error\"")));
    anyhow::ensure!(refused, "{what}: expected 403 or a field error on {field}, got {status}");
    anyhow::ensure!(rows(app, table).await? == before, "{what}: a row was written to {table}");
    Ok(())
}

async fn a_focal_point_cannot_create_records_for_another_city_in_any_area(app: TestApp) -> anyhow::Result<()> {
    let admin = app.signed_in("admin@mekong.example").await?;
    let hue = CityRecords::set_up(&app, &admin, HUE).await?;
    let focal = app.signed_in("focal.phnompenh@mekong.example").await?;

    // Organisations: Huế's refused; the same form for Phnom Penh goes through.
    let organisation = |city: &'static str| {
        [
            ("kind", "ngo"),
            ("name_fr", "Association des quartiers"),
            ("country", &city[..2]),
            ("city", city),
            ("version", "0"),
        ]
    };
    let before = rows(&app, "organisations").await?;
    let response = focal.post_form("/organisations", &organisation(HUE)).await?;
    refused_without_a_trace(&app, "organisation of Huế", response, "city", "organisations", before).await?;
    assert_eq!(focal.post_form("/organisations", &organisation(PHNOM_PENH)).await?.status(), 303);
    assert_eq!(rows(&app, "organisations").await?, before + 1);

    // People: someone of Huế's organisation refused; of Phnom Penh's, created.
    let phnom_penh = CityRecords::set_up(&app, &admin, PHNOM_PENH).await?;
    let person = |organisation| {
        [("name_romanised", "Tran Van Binh"), ("organisation", organisation), ("emails", "binh@city.example")]
    };
    let before = rows(&app, "people").await?;
    let response = focal.post_form("/people", &person(hue.organisation.as_str())).await?;
    refused_without_a_trace(&app, "person of Huế", response, "organisation", "people", before).await?;
    assert_eq!(focal.post_form("/people", &person(phnom_penh.organisation.as_str())).await?.status(), 303);
    assert_eq!(rows(&app, "people").await?, before + 1);

    // Events: hosted by Huë refused; by Phnom Penh, created.
    let event = |city: &'static str| {
        [
            ("kind", "workshop"),
            ("status", "draft"),
            ("title_en", "Neighbourhood workshop"),
            ("host_city", city),
            ("venue", "City hall"),
            ("starts", "2027-02-01T09:00"),
            ("ends", "2027-02-01T12:00"),
            ("time_zone", "Asia/Phnom_Penh"),
            ("version", "0"),
        ]
    };
    let before = rows(&app, "events").await?;
    let response = focal.post_form("/events", &event(HUE)).await?;
    refused_without_a_trace(&app, "event hosted by Huế", response, "host_city", "events", before).await?;
    assert_eq!(focal.post_form("/events", &event(PHNOM_PENH)).await?.status(), 303);
    assert_eq!(rows(&app, "events").await?, before + 1);

    // Projects: one of Huế's refused; of Phnom Penh's, proposed.
    let project = |city: &'static str| [("title_en", "Neighbourhood market"), ("cities", city)];
    let before = rows(&app, "projects").await?;
    let response = focal.post_form("/projects", &project(HUE)).await?;
    refused_without_a_trace(&app, "project of Huế", response, "cities", "projects", before).await?;
    assert_eq!(focal.post_form("/projects", &project(PHNOM_PENH)).await?.status(), 303);
    assert_eq!(rows(&app, "projects").await?, before + 1);

    // Huế's event: no participant, agenda item or follow-up added by Phnom Penh's focal point.
    let before = rows(&app, "event_participants").await?;
    let jonas = person_id(&admin, "jonas").await?;
    let response = focal.post_form(&format!("/events/{}/invitations", hue.event), &[("person", &jonas)]).await?;
    refused_without_a_trace(&app, "participant of Huế's event", response, "person", "event_participants", before)
        .await?;
    let before = rows(&app, "agenda_items").await?;
    let response = focal
        .post_multipart(&format!("/events/{}/agenda", hue.event), |form| {
            form.text("starts", "2027-03-01T09:00").text("ends", "2027-03-01T10:00").text("title", "Intrusion")
        })
        .await?;
    refused_without_a_trace(&app, "agenda item of Huế's event", response, "title", "agenda_items", before).await?;
    let before = rows(&app, "action_items").await?;
    let response = focal
        .post_form(
            &format!("/events/{}/action-items", hue.event),
            &[("title", "Intrusion"), ("owner", "focal.phnompenh@mekong.example"), ("due_on", "2027-01-31")],
        )
        .await?;
    refused_without_a_trace(&app, "follow-up of Huế's event", response, "title", "action_items", before).await?;

    // Results: no value, upload or evidence for Huế's grid.
    let (_, periods) = admin.get_text("/results/SGA4/periods").await?;
    let period = periods
        .split("id=\"period-")
        .find(|s| s.contains("\">2026 "))
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_owned();
    let (_, dashboard) = admin.get_text("/results/SGA4").await?;
    let indicator = dashboard
        .split("<tr>")
        .find(|row| row.contains("<td>OP3.1.1</td>"))
        .map(|row| between(row, "/results/SGA4/indicators/", "\""))
        .unwrap_or_default();
    let grid = format!("/results/SGA4/periods/{period}/{HUE}");
    let before = rows(&app, "indicator_values").await?;
    let cell = format!("v.{indicator}.");
    let response = focal.post_form(&grid, &[(cell.as_str(), "7"), ("intent", "save")]).await?;
    refused_without_a_trace(&app, "value of Huế", response, &cell, "indicator_values", before).await?;
    let sheet = admin.get(&format!("{grid}/grid.xlsx")).await?.bytes().await?.to_vec();
    let response = focal
        .post_multipart(&format!("{grid}/upload"), |form| {
            form.part("file", reqwest::multipart::Part::bytes(sheet).file_name("grid.xlsx"))
        })
        .await?;
    refused_without_a_trace(&app, "grid upload of Huế", response, "file", "indicator_values", before).await?;
    let before = rows(&app, "files").await?;
    let response = focal
        .post_multipart(&format!("{grid}/evidence"), |form| {
            form.text("indicator", indicator.clone()).part(
                "file",
                reqwest::multipart::Part::bytes(b"%PDF-1.4\n% other\n%%EOF\n".to_vec()).file_name("proof.pdf"),
            )
        })
        .await?;
    refused_without_a_trace(&app, "evidence of Huế", response, "file", "files", before).await?;
    Ok(())
}
