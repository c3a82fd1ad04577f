//! The authorisation matrix: every route of the router's own table, walked by every role (and
//! the public, and an API token), with own and someone else's scope, against the expectations
//! written here. A route added without an expectation fails this test.

use mekong_core::identity::Role;
use mekong_testkit::{HttpSession, TestApp, TestBackend};
use std::collections::HashMap;

/// Who may reach a route, as the product's rules say (written independently of the policy code).
#[derive(Debug, Clone, Copy)]
enum Expect {
    Anyone,
    /// Any signed-in user, by session or API token.
    SignedIn,
    /// Signed in with a browser session (not an API token).
    Session,
    Roles(&'static [Role]),
    /// Network staff, or the focal point of the city in the path.
    CityStaffOrItsFocalPoint,
    /// The owner of the token in the path (an admin may revoke any).
    TokenOwnerOrAdmin,
    /// Network staff, or any city focal point (for their own city's records).
    Editors,
}

fn expectations() -> HashMap<(&'static str, &'static str), Expect> {
    use Expect::*;
    const ADMIN: &[Role] = &[Role::Admin];
    const AUDITORS: &[Role] = &[Role::Admin, Role::Secretariat];
    const STAFF: &[Role] = &[Role::Admin, Role::Secretariat, Role::Coordinator];
    const PEOPLE_VIEWERS: &[Role] =
        &[Role::Admin, Role::Secretariat, Role::Coordinator, Role::CityFocalPoint, Role::Partner];
    HashMap::from([
        (("GET", "/healthz"), Anyone),
        (("GET", "/readyz"), Anyone),
        (("GET", "/static/style.css"), Anyone),
        (("POST", "/language"), Anyone),
        (("GET", "/"), Anyone),
        (("GET", "/cities"), Anyone),
        (("GET", "/cities/{code}"), Anyone),
        (("GET", "/cities/{code}/history"), CityStaffOrItsFocalPoint),
        (("GET", "/map"), Anyone),
        (("GET", "/organisations"), Anyone),
        (("GET", "/organisations.csv"), Anyone),
        (("GET", "/organisations.xlsx"), Anyone),
        (("GET", "/organisations/new"), Editors),
        (("POST", "/organisations"), Editors),
        (("GET", "/organisations/{id}"), Anyone),
        // `{id}` is Phnom Penh's organisation: its focal point may edit it, Huế's may not.
        (("GET", "/organisations/{id}/edit"), CityStaffOrItsFocalPoint),
        (("POST", "/organisations/{id}"), CityStaffOrItsFocalPoint),
        (("POST", "/organisations/{id}/membership"), Roles(STAFF)),
        (("GET", "/people"), Roles(PEOPLE_VIEWERS)),
        (("GET", "/people.csv"), Roles(STAFF)),
        (("GET", "/people.xlsx"), Roles(STAFF)),
        (("GET", "/people.vcf"), Roles(STAFF)),
        (("GET", "/people/new"), Editors),
        (("POST", "/people"), Editors),
        // `{id}` is Phnom Penh's focal point person.
        (("GET", "/people/{id}"), Roles(PEOPLE_VIEWERS)),
        (("GET", "/people/{id}/edit"), CityStaffOrItsFocalPoint),
        (("POST", "/people/{id}"), CityStaffOrItsFocalPoint),
        (("POST", "/people/{id}/consent/withdraw"), CityStaffOrItsFocalPoint),
        (("POST", "/people/{id}/merge"), CityStaffOrItsFocalPoint),
        (("GET", "/prospects"), Roles(STAFF)),
        (("POST", "/prospects"), Roles(STAFF)),
        (("POST", "/prospects/{id}"), Roles(STAFF)),
        (("GET", "/mailing-lists"), Roles(STAFF)),
        (("POST", "/mailing-lists"), Roles(STAFF)),
        (("GET", "/mailing-lists/{id}"), Roles(STAFF)),
        (("GET", "/directory/import"), Roles(STAFF)),
        (("POST", "/directory/import"), Roles(STAFF)),
        (("POST", "/directory/import/preview"), Roles(STAFF)),
        (("POST", "/directory/import/commit"), Roles(STAFF)),
        (("GET", "/api/v1/organisations"), Anyone),
        (("GET", "/api/v1/organisations/{id}"), Anyone),
        (("GET", "/api/v1/people"), Roles(PEOPLE_VIEWERS)),
        (("GET", "/api/v1/cities.geojson"), Anyone),
        (("GET", "/events"), Anyone),
        (("GET", "/events/new"), Editors),
        (("POST", "/events"), Editors),
        (("GET", "/events/statistics"), Anyone),
        // `{id}` is the demo's upcoming workshop, hosted by Phnom Penh.
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
        (("POST", "/events/{id}/agenda"), CityStaffOrItsFocalPoint),
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
        (("POST", "/results/{programme}/periods"), Roles(STAFF)),
        (("POST", "/results/{programme}/periods/{period}/lock"), Roles(STAFF)),
        // `{scope}` is Phnom Penh: its focal point enters its values, Huế's may not.
        (("GET", "/results/{programme}/periods/{period}/{scope}"), CityStaffOrItsFocalPoint),
        (("POST", "/results/{programme}/periods/{period}/{scope}"), CityStaffOrItsFocalPoint),
        (("GET", "/results/{programme}/periods/{period}/{scope}/grid.xlsx"), CityStaffOrItsFocalPoint),
        (("GET", "/results/{programme}/periods/{period}/{scope}/history"), CityStaffOrItsFocalPoint),
        (("POST", "/results/{programme}/periods/{period}/{scope}/upload"), CityStaffOrItsFocalPoint),
        (("POST", "/results/{programme}/periods/{period}/{scope}/review"), Roles(STAFF)),
        (("POST", "/results/{programme}/periods/{period}/{scope}/evidence"), CityStaffOrItsFocalPoint),
        // `{sha256}` is evidence attached to a Phnom Penh value.
        (("GET", "/results/{programme}/periods/{period}/{scope}/evidence/{sha256}"), CityStaffOrItsFocalPoint),
        (("GET", "/results/{programme}/plan"), SignedIn),
        (("POST", "/results/{programme}/plan"), Roles(STAFF)),
        (("POST", "/results/{programme}/plan/{activity}"), Roles(STAFF)),
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
    ])
}

/// One kind of visitor in the walk.
#[derive(Debug, Clone)]
struct Visitor {
    label: &'static str,
    /// Demo account to sign in with; none for the public and the token.
    email: Option<&'static str>,
    roles: Vec<Role>,
    /// Signed in through an API token carrying the admin role.
    token: bool,
    /// The city this visitor is focal point of.
    city: Option<&'static str>,
}

fn visitors() -> Vec<Visitor> {
    let account =
        |label, email, role, city| Visitor { label, email: Some(email), roles: vec![role], token: false, city };
    vec![
        Visitor { label: "public", email: None, roles: vec![], token: false, city: None },
        account("admin", "admin@mekong.example", Role::Admin, None),
        account("secretariat", "secretariat@mekong.example", Role::Secretariat, None),
        account("coordinator", "coordinator@mekong.example", Role::Coordinator, None),
        account(
            "focal point of Phnom Penh (own city)",
            "focal.phnompenh@mekong.example",
            Role::CityFocalPoint,
            Some("KH-PNH"),
        ),
        account("focal point of Huế (another city)", "focal.hue@mekong.example", Role::CityFocalPoint, Some("VN-HUI")),
        account("evaluator", "evaluator@mekong.example", Role::Evaluator, None),
        account("partner", "partner@mekong.example", Role::Partner, None),
        account("applicant", "applicant@mekong.example", Role::Applicant, None),
        Visitor { label: "admin's API token", email: None, roles: vec![Role::Admin], token: true, city: None },
    ]
}

/// The city in every `{code}` path: Phnom Penh, own city of one focal point, another's of the other.
const CITY: &str = "KH-PNH";

fn allowed(expect: Expect, visitor: &Visitor, token_owner: &str) -> bool {
    let signed_in = visitor.email.is_some() || visitor.token;
    let has = |roles: &[Role]| visitor.roles.iter().any(|r| roles.contains(r));
    match expect {
        Expect::Anyone => true,
        Expect::SignedIn => signed_in,
        Expect::Session => visitor.email.is_some(),
        Expect::Roles(roles) => has(roles),
        Expect::CityStaffOrItsFocalPoint => {
            has(&[Role::Admin, Role::Secretariat, Role::Coordinator]) || visitor.city == Some(CITY)
        }
        Expect::TokenOwnerOrAdmin => {
            visitor.email.is_some() && (has(&[Role::Admin]) || visitor.email == Some(token_owner))
        }
        Expect::Editors => has(&[Role::Admin, Role::Secretariat, Role::Coordinator, Role::CityFocalPoint]),
    }
}

/// A denial as each kind of route answers it: 403, 401 (API), a redirect to sign in and come
/// back, or a 404 that does not reveal someone else's record.
fn denied(status: u16, location: Option<&str>) -> bool {
    status == 401
        || status == 403
        || status == 404
        || (status == 303 && location.is_some_and(|l| l.starts_with("/login?next=")))
}

/// Routes that end the visitor's sessions go last, so they do not sign the visitor out of
/// the rest of the walk.
fn ends_sessions(path: &str) -> bool {
    path == "/logout" || path == "/account/sign-out-everywhere"
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_allows_exactly_whom_it_should() -> anyhow::Result<()> {
    let app = TestApp::start(TestBackend::Sqlite).await?;
    let expectations = expectations();
    let mut routes = mekong_web::routes::table();
    routes.sort_by_key(|r| ends_sessions(r.path));
    let missing: Vec<String> = routes
        .iter()
        .filter(|r| !expectations.contains_key(&(r.method.as_str(), r.path)))
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(missing.is_empty(), "routes without an expectation in the matrix: {missing:?}");

    // The records the paths name: a user to administer, an email, and a token of the
    // coordinator's (someone else's for everyone but the coordinator and the admin).
    let admin = app.signed_in("admin@mekong.example").await?;
    admin
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
    app.run_jobs().await?;
    let (_, users) = admin.get_text("/admin/users").await?;
    let user = users
        .split("href=\"/admin/users/")
        .find(|s| s.contains("\">Matrix target"))
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_owned();
    let (_, outbox) = admin.get_text("/admin/outbox").await?;
    let email = between(&outbox, "href=\"/admin/outbox/", "\"").unwrap_or_default();
    let token_owner = "coordinator@mekong.example";
    // Signs in anew each time: the coordinator's own walk ends by signing out everywhere.
    let coordinator_token = || async {
        let coordinator = app.signed_in(token_owner).await?;
        coordinator.post_form("/account/tokens", &[("name", "matrix"), ("grant", "0")]).await?;
        let (_, listing) = coordinator.get_text("/account/tokens").await?;
        anyhow::Ok(first_token_id(&listing))
    };
    let coordinator_feed = || async {
        let coordinator = app.signed_in(token_owner).await?;
        let account = coordinator.post_form("/account/calendar-feed", &[]).await?.text().await?;
        anyhow::Ok(between(&account, "/calendar/", "/events.ics").unwrap_or_default())
    };
    let admin_page = admin.post_form("/account/tokens", &[("name", "matrix"), ("grant", "0")]).await?.text().await?;
    // The directory records `{id}` names, per kind of path.
    let orgs: serde_json::Value =
        admin.get("/api/v1/organisations?q=phnom%20penh&kind=local_authority").await?.json().await?;
    let organisation = orgs["items"][0]["id"].as_str().unwrap_or_default().to_owned();
    let people: serde_json::Value = admin.get("/api/v1/people?q=sokha").await?.json().await?;
    let person = people["items"][0]["id"].as_str().unwrap_or_default().to_owned();
    let (_, prospects) = admin.get_text("/prospects").await?;
    let prospect = between(&prospects, "action=\"/prospects/", "\"").unwrap_or_default();
    let saved = admin.post_form("/mailing-lists", &[("name", "Matrix list"), ("focal_points", "yes")]).await?;
    let list = saved
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .trim_start_matches("/mailing-lists/")
        .to_owned();
    anyhow::ensure!(
        !organisation.is_empty() && !person.is_empty() && !prospect.is_empty() && !list.is_empty(),
        "records for the paths"
    );
    let events = EventRecords::set_up(&app, &admin).await?;
    let (_, dashboard) = admin.get_text("/results/SGA4").await?;
    let indicator = between(&dashboard, "href=\"/results/SGA4/indicators/", "\"").unwrap_or_default();
    let (_, periods) = admin.get_text("/results/SGA4/periods").await?;
    // The open period of the demo's current year.
    let period = periods
        .split("id=\"period-")
        .find(|s| s.contains("\">2026 "))
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_owned();
    anyhow::ensure!(!indicator.is_empty() && !period.is_empty(), "results records for the paths");
    // Evidence on a Phnom Penh value of that period: the same bytes as the agenda document, so
    // that one `{sha256}` names a file on both kinds of path.
    let imp = dashboard
        .split("<tr>")
        .find(|row| row.contains("<td>IMP.1</td>"))
        .and_then(|row| between(row, "/results/SGA4/indicators/", "\""))
        .unwrap_or_default();
    let grid = format!("/results/SGA4/periods/{period}/{CITY}");
    admin.post_form(&grid, &[(&format!("v.{imp}."), "1"), ("intent", "save")]).await?;
    let evidence = admin
        .post_multipart(&format!("{grid}/evidence"), |form| {
            form.text("indicator", imp.clone())
                .part("file", reqwest::multipart::Part::bytes(b"%PDF-1.4\n%%EOF\n".to_vec()).file_name("proof.pdf"))
        })
        .await?;
    anyhow::ensure!(evidence.status() == 303, "evidence attached: {}", evidence.status());
    let id_for = |path: &str| match path.split('/').nth(1) {
        Some("organisations") | Some("api") if path.contains("organisations") => organisation.clone(),
        Some("events") | Some("api") if path.contains("events") => events.event.clone(),
        Some("admin") if path.contains("per-diem-rates") => events.rate.clone(),
        Some("people") => person.clone(),
        Some("prospects") => prospect.clone(),
        Some("mailing-lists") => list.clone(),
        _ => String::new(),
    };
    let admin_secret = between(&admin_page, "id=\"new-token\">", "<").unwrap_or_default();

    let mut failures = Vec::new();
    for visitor in visitors() {
        let mut session: Option<HttpSession> = None;
        for route in &routes {
            let Some(expect) = expectations.get(&(route.method.as_str(), route.path)).copied() else { continue };
            // Each visitor revokes a fresh token of the coordinator's.
            let token = if route.path.contains("{token}") { coordinator_token().await? } else { String::new() };
            // Each visitor reads a fresh feed of the coordinator's (walking the renewal route
            // retires one's own).
            let feed = if route.path.contains("{feed}") { coordinator_feed().await? } else { String::new() };
            let path = route
                .path
                .replace("{code}", CITY)
                .replace("{user}", &user)
                .replace("{email}", &email)
                .replace("{token}", &token)
                .replace("{id}", &id_for(route.path))
                .replace("{participant}", &events.participant)
                .replace("{item}", &uuid_text())
                .replace("{sha256}", &events.document)
                .replace("{secret}", &events.secret)
                .replace("{feed}", &feed)
                .replace("{programme}", "SGA4")
                .replace("{indicator}", &indicator)
                .replace("{version}", "1")
                .replace("{period}", &period)
                .replace("{scope}", CITY)
                .replace("{activity}", &uuid_text())
                .replace("{entry}", &uuid_text());
            if session.is_none() {
                session = Some(match visitor.email {
                    Some(email) => app.signed_in(email).await?,
                    None => app.visitor().await?,
                });
            }
            let Some(current) = session.as_ref() else { continue };
            let mut request = match route.method.as_str() {
                "GET" => current.client.get(current.url(&path)),
                _ => {
                    let csrf = current.cookie("mekong_csrf").unwrap_or_default();
                    current.client.post(current.url(&path)).form(&[("csrf_token", csrf)])
                }
            };
            if visitor.token {
                request = request.bearer_auth(&admin_secret);
            }
            let response = request.send().await?;
            let status = response.status().as_u16();
            let location = response.headers().get("location").and_then(|l| l.to_str().ok()).map(str::to_owned);
            let expected = allowed(expect, &visitor, token_owner);
            if expected == denied(status, location.as_deref()) {
                failures.push(format!(
                    "{} {} ({path}) as {}: got {status} {location:?}, expected {}",
                    route.method,
                    route.path,
                    visitor.label,
                    if expected { "allowed" } else { "denied" }
                ));
            }
            // Signing out ends the session: the next route starts a new one.
            if ends_sessions(route.path) {
                session = None;
            }
        }
    }
    assert!(failures.is_empty(), "authorisation matrix:\n{}", failures.join("\n"));
    Ok(())
}

/// The events area's records the paths name: the demo workshop (hosted by Phnom Penh), one of
/// its participants, a document of its agenda, an invitee's answer link, and a per diem rate.
struct EventRecords {
    event: String,
    participant: String,
    document: String,
    secret: String,
    rate: String,
}

impl EventRecords {
    async fn set_up(app: &TestApp, admin: &HttpSession) -> anyhow::Result<EventRecords> {
        let events: serde_json::Value = admin.get("/api/v1/events").await?.json().await?;
        let event = events
            .as_array()
            .into_iter()
            .flatten()
            .find(|e| e["status"] == "announced")
            .and_then(|e| e["id"].as_str())
            .unwrap_or_default()
            .to_owned();
        let pdf = b"%PDF-1.4\n%%EOF\n".to_vec();
        admin
            .post_multipart(&format!("/events/{event}/agenda"), |form| {
                form.text("starts", "2026-12-21T09:00")
                    .text("ends", "2026-12-21T10:00")
                    .text("title", "Matrix session")
                    .part("documents", reqwest::multipart::Part::bytes(pdf).file_name("matrix.pdf"))
            })
            .await?;
        let (_, page) = admin.get_text(&format!("/events/{event}")).await?;
        let participant = between(&page, &format!("/events/{event}/participants/"), "\"").unwrap_or_default();
        let document = between(&page, &format!("/events/{event}/documents/"), "\"").unwrap_or_default();
        let jonas: serde_json::Value = admin.get("/api/v1/people?q=jonas").await?.json().await?;
        let claire: serde_json::Value = admin.get("/api/v1/people?q=claire").await?.json().await?;
        for person in [&jonas, &claire] {
            let id = person["items"][0]["id"].as_str().unwrap_or_default();
            admin.post_form(&format!("/events/{event}/invitations"), &[("person", id)]).await?;
        }
        app.run_jobs().await?;
        let secret = app
            .outbox()?
            .iter()
            .find_map(|m| m.link("/rsvp/"))
            .and_then(|link| link.rsplit('/').next().map(str::to_owned))
            .unwrap_or_default();
        let (_, rates) = admin.get_text("/admin/per-diem-rates").await?;
        let rate = between(&rates, "action=\"/admin/per-diem-rates/", "\"").unwrap_or_default();
        let records = EventRecords { event, participant, document, secret, rate };
        anyhow::ensure!(
            [&records.event, &records.participant, &records.document, &records.secret, &records.rate]
                .iter()
                .all(|v| !v.is_empty()),
            "event records for the paths"
        );
        Ok(records)
    }
}

/// A record id nobody has (for paths whose record need not exist to be authorised).
fn uuid_text() -> String {
    "0195d8a0-0000-7000-8000-00000000abcd".to_owned()
}

fn between(text: &str, start: &str, end: &str) -> Option<String> {
    text.split(start).nth(1).and_then(|rest| rest.split(end).next()).map(str::to_owned)
}

/// The id of the newest live token on a tokens page.
fn first_token_id(page: &str) -> String {
    between(page, "action=\"/account/tokens/", "/revoke").unwrap_or_default()
}
