//! Accounts: signing in and out, throttling, CSRF, invitations and resets by email, settings
//! with conflict detection, API tokens, personal data, deactivation.

use mekong_app::demo::DEMO_PASSWORD;
use mekong_testkit::{TestApp, backend_tests};
use std::time::Instant;

const ADMIN: &str = "admin@mekong.example";
const FOCAL_PNH: &str = "focal.phnompenh@mekong.example";

backend_tests!(
    signing_in_opens_a_session_and_signing_out_ends_it,
    sessions_end_after_eight_idle_hours,
    unknown_email_and_wrong_password_get_the_same_answer,
    throttling_stops_guessing_per_account_and_per_address,
    forms_without_the_csrf_token_are_refused,
    an_invitation_link_works_once_then_the_user_signs_in,
    invitation_links_expire_after_a_day,
    password_reset_does_not_reveal_accounts_and_ends_sessions,
    a_stale_settings_form_is_a_conflict_not_an_overwrite,
    api_tokens_carry_a_subset_of_rights_and_can_be_revoked,
    personal_data_download_and_sign_out_everywhere,
    deactivated_users_cannot_sign_in,
);

async fn signing_in_opens_a_session_and_signing_out_ends_it(app: TestApp) -> anyhow::Result<()> {
    let session = app.signed_in(FOCAL_PNH).await?;
    let cookie = session.cookie("mekong_session").unwrap_or_default();
    assert!(cookie.len() > 30, "a random session secret");
    let (status, html) = session.get_text("/account").await?;
    assert_eq!(status, 200);
    assert!(html.contains("<html lang=\"km\">"), "the user's own language wins");
    assert!(html.contains("focal.phnompenh@mekong.example"));
    assert!(!html.contains("href=\"/admin/users\""), "no admin menu for a focal point");

    let response = session.post_form("/logout", &[]).await?;
    assert_eq!(response.status(), 303);
    let after = session.get("/account").await?;
    assert_eq!(after.status(), 303, "signed out: sent to sign in");
    assert!(after.headers()["location"].to_str()?.starts_with("/login?next=/account"));
    Ok(())
}

async fn sessions_end_after_eight_idle_hours(app: TestApp) -> anyhow::Result<()> {
    let session = app.signed_in(FOCAL_PNH).await?;
    app.clock.advance(jiff::SignedDuration::from_hours(7));
    assert_eq!(session.get("/account").await?.status(), 200, "still active after 7 hours");
    app.clock.advance(jiff::SignedDuration::from_hours(7));
    assert_eq!(session.get("/account").await?.status(), 200, "each request extends the idle limit");
    app.clock.advance(jiff::SignedDuration::from_mins(8 * 60 + 1));
    assert_eq!(session.get("/account").await?.status(), 303, "ended after 8 idle hours");
    Ok(())
}

async fn unknown_email_and_wrong_password_get_the_same_answer(app: TestApp) -> anyhow::Result<()> {
    let visitor = app.visitor().await?;
    let started = Instant::now();
    let wrong = visitor.post_form("/login", &[("email", ADMIN), ("password", "not the password at all")]).await?;
    let wrong_time = started.elapsed();
    let (wrong_status, wrong_body) = (wrong.status(), wrong.text().await?);
    let started = Instant::now();
    let unknown =
        visitor.post_form("/login", &[("email", "nobody@mekong.example"), ("password", "whatever it is")]).await?;
    let unknown_time = started.elapsed();
    let (unknown_status, unknown_body) = (unknown.status(), unknown.text().await?);
    assert_eq!(wrong_status, unknown_status);
    assert_eq!(wrong_status, 422);
    let message =
        |body: &str| body.split("role=\"alert\"").nth(1).map(|s| s.split("</p>").next().unwrap_or("").to_owned());
    assert_eq!(message(&wrong_body), message(&unknown_body));
    // Both verify a password hash: an unknown account is not answered faster.
    assert!(unknown_time * 4 > wrong_time, "unknown {unknown_time:?} vs wrong {wrong_time:?}");
    assert!(wrong_body.contains("value=\"admin@mekong.example\""), "the email is kept in the form");
    Ok(())
}

async fn throttling_stops_guessing_per_account_and_per_address(app: TestApp) -> anyhow::Result<()> {
    let visitor = app.visitor().await?;
    for _ in 0..5 {
        let response = visitor.post_form("/login", &[("email", FOCAL_PNH), ("password", "guess guess guess")]).await?;
        assert_eq!(response.status(), 422);
    }
    let right = visitor.post_form("/login", &[("email", FOCAL_PNH), ("password", DEMO_PASSWORD)]).await?;
    assert_eq!(right.status(), 429, "locked even with the right password");
    let unknown = visitor.post_form("/login", &[("email", "ghost@mekong.example"), ("password", "x")]).await?;
    assert_eq!(unknown.status(), 422, "other accounts are not locked yet");
    app.clock.advance(jiff::SignedDuration::from_mins(16));
    let later = visitor.post_form("/login", &[("email", FOCAL_PNH), ("password", DEMO_PASSWORD)]).await?;
    assert_eq!(later.status(), 303, "the lock lifts after fifteen minutes");

    for n in 0..20 {
        let email = format!("spray{n}@mekong.example");
        visitor.post_form("/login", &[("email", email.as_str()), ("password", "x")]).await?;
    }
    let sprayed = visitor.post_form("/login", &[("email", ADMIN), ("password", DEMO_PASSWORD)]).await?;
    assert_eq!(sprayed.status(), 429, "one address guessing many accounts is stopped");
    Ok(())
}

async fn forms_without_the_csrf_token_are_refused(app: TestApp) -> anyhow::Result<()> {
    let session = app.signed_in(ADMIN).await?;
    let forged = session
        .post_form_without_csrf(
            "/admin/users/invite",
            &[("email", "x@mekong.example"), ("display_name", "X"), ("role", "admin")],
        )
        .await?;
    assert_eq!(forged.status(), 403);
    let wrong = session.client.post(session.url("/logout")).form(&[("csrf_token", "not-the-token")]).send().await?;
    assert_eq!(wrong.status(), 403);
    assert_eq!(session.get("/account").await?.status(), 200, "still signed in");
    Ok(())
}

/// The admin invites someone through the page; the email's link is returned.
async fn invite(app: &TestApp, email: &str, role: &str, scope: &str, language: &str) -> anyhow::Result<String> {
    let admin = app.signed_in(ADMIN).await?;
    let response = admin
        .post_form(
            "/admin/users/invite",
            &[
                ("email", email),
                ("display_name", "Sophea Chan"),
                ("language", language),
                ("role", role),
                ("scope", scope),
            ],
        )
        .await?;
    assert_eq!(response.status(), 303, "{}", response.text().await?);
    app.run_jobs().await?;
    let emails = app.outbox()?;
    let message = emails.iter().rev().find(|m| m.to == email).ok_or_else(|| anyhow::anyhow!("no email to {email}"))?;
    message.link("/account/accept?token=").ok_or_else(|| anyhow::anyhow!("no link in {}", message.text))
}

async fn an_invitation_link_works_once_then_the_user_signs_in(app: TestApp) -> anyhow::Result<()> {
    let link = invite(&app, "sophea@mekong.example", "city_focal_point", "KH-REP", "km").await?;
    let emails = app.outbox()?;
    let message = emails.iter().find(|m| m.to == "sophea@mekong.example").ok_or_else(|| anyhow::anyhow!("email"))?;
    let i18n = mekong_i18n::I18n::load();
    assert_eq!(message.subject, i18n.message(mekong_i18n::Lang::Km, "email-invitation-subject"), "in Khmer");
    assert!(message.html.contains(&link), "HTML part has the link too");

    let path = link.trim_start_matches(&app.url(""));
    let visitor = app.visitor().await?;
    let (status, form) = visitor.get_text(path).await?;
    assert_eq!(status, 200);
    let token = path.split("token=").nth(1).unwrap_or_default();
    assert!(form.contains(token));
    let weak = visitor
        .post_form("/account/accept", &[("token", token), ("password", "password1234"), ("confirm", "password1234")])
        .await?;
    assert_eq!(weak.status(), 422, "weak password refused, link not used up");
    let strong = "Tonle Sap rises every monsoon";
    let accepted =
        visitor.post_form("/account/accept", &[("token", token), ("password", strong), ("confirm", strong)]).await?;
    assert_eq!(accepted.status(), 303);
    let again =
        visitor.post_form("/account/accept", &[("token", token), ("password", strong), ("confirm", strong)]).await?;
    assert_eq!(again.status(), 422, "single use");
    assert_eq!(visitor.get(path).await?.status(), 410);

    let signed_in = visitor.post_form("/login", &[("email", "sophea@mekong.example"), ("password", strong)]).await?;
    assert_eq!(signed_in.status(), 303);
    let me: serde_json::Value = visitor.get("/api/v1/me").await?.json().await?;
    assert_eq!(me["roles"], serde_json::json!(["city_focal_point:KH-REP"]));
    Ok(())
}

async fn invitation_links_expire_after_a_day(app: TestApp) -> anyhow::Result<()> {
    let link = invite(&app, "late@mekong.example", "applicant", "", "en").await?;
    app.clock.advance(jiff::SignedDuration::from_hours(25));
    let path = link.trim_start_matches(&app.url(""));
    let visitor = app.visitor().await?;
    let (status, page) = visitor.get_text(path).await?;
    assert_eq!(status, 410);
    let i18n = mekong_i18n::I18n::load();
    assert!(page.contains(&i18n.message(mekong_i18n::Lang::Fr, "error-link-expired")));
    let token = path.split("token=").nth(1).unwrap_or_default();
    let strong = "Tonle Sap rises every monsoon";
    let refused =
        visitor.post_form("/account/accept", &[("token", token), ("password", strong), ("confirm", strong)]).await?;
    assert_eq!(refused.status(), 422);
    Ok(())
}

async fn password_reset_does_not_reveal_accounts_and_ends_sessions(app: TestApp) -> anyhow::Result<()> {
    let old_session = app.signed_in(FOCAL_PNH).await?;
    let visitor = app.visitor().await?;
    let known = visitor.post_form("/password/forgot", &[("email", FOCAL_PNH)]).await?.text().await?;
    let unknown = visitor.post_form("/password/forgot", &[("email", "nobody@mekong.example")]).await?.text().await?;
    let strip = |s: &str| s.replace(&visitor.cookie("mekong_csrf").unwrap_or_default(), "");
    assert_eq!(strip(&known), strip(&unknown), "the same page either way");
    app.run_jobs().await?;
    let emails = app.outbox()?;
    assert_eq!(emails.iter().filter(|m| m.to == "nobody@mekong.example").count(), 0);
    let reset = emails.iter().find(|m| m.to == FOCAL_PNH).and_then(|m| m.link("/account/reset?token="));
    let reset = reset.ok_or_else(|| anyhow::anyhow!("reset link"))?;
    let token = reset.split("token=").nth(1).unwrap_or_default();
    let new = "Angkor at dawn is quiet";
    let done = visitor.post_form("/account/reset", &[("token", token), ("password", new), ("confirm", new)]).await?;
    assert_eq!(done.status(), 303);
    assert_eq!(old_session.get("/account").await?.status(), 303, "sessions ended by the reset");
    let signed_in = visitor.post_form("/login", &[("email", FOCAL_PNH), ("password", new)]).await?;
    assert_eq!(signed_in.status(), 303);
    Ok(())
}

async fn a_stale_settings_form_is_a_conflict_not_an_overwrite(app: TestApp) -> anyhow::Result<()> {
    let laptop = app.signed_in(FOCAL_PNH).await?;
    let phone = app.signed_in(FOCAL_PNH).await?;
    let version = |html: &str| {
        html.split("name=\"version\" value=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or("0").to_owned()
    };
    let (_, page) = laptop.get_text("/account").await?;
    let seen = version(&page);
    let first = laptop
        .post_form(
            "/account/settings",
            &[
                ("version", &seen),
                ("display_name", "Dara (laptop)"),
                ("language", "en"),
                ("time_zone", "Asia/Phnom_Penh"),
            ],
        )
        .await?;
    assert_eq!(first.status(), 303);
    let stale = phone
        .post_form(
            "/account/settings",
            &[("version", &seen), ("display_name", "Dara (phone)"), ("language", "fr"), ("time_zone", "Europe/Paris")],
        )
        .await?;
    assert_eq!(stale.status(), 409);
    let page = stale.text().await?;
    assert!(page.contains("Dara (phone)") && page.contains("Dara (laptop)"), "both versions shown");
    let user = app.app.own_user(&actor_of(&app, FOCAL_PNH).await?).await?;
    assert_eq!(user.display_name, "Dara (laptop)", "nothing overwritten");

    let invalid = laptop
        .post_form(
            "/account/settings",
            &[("version", &version(&page)), ("display_name", ""), ("language", "xx"), ("time_zone", "Mars/Olympus")],
        )
        .await?;
    assert_eq!(invalid.status(), 422);
    let page = invalid.text().await?;
    assert!(
        page.contains("Unknown time zone") && page.contains("Give a name"),
        "errors next to fields, in English now"
    );
    Ok(())
}

/// The actor a demo user becomes, for calling the app directly.
async fn actor_of(app: &TestApp, email: &str) -> anyhow::Result<mekong_app::policy::Actor> {
    let session = app.signed_in(email).await?;
    let secret = session.cookie("mekong_session").unwrap_or_default();
    Ok(app.app.session_actor(&secret).await?)
}

async fn api_tokens_carry_a_subset_of_rights_and_can_be_revoked(app: TestApp) -> anyhow::Result<()> {
    let admin = app.signed_in(ADMIN).await?;
    let (_, page) = admin.get_text("/account/tokens").await?;
    assert!(page.contains("name=\"grant\" value=\"0\""));
    let created = admin
        .post_form("/account/tokens", &[("name", "reporting script"), ("grant", "0"), ("valid_days", "30")])
        .await?;
    assert_eq!(created.status(), 200);
    let page = created.text().await?;
    let secret = page
        .split("id=\"new-token\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .ok_or_else(|| anyhow::anyhow!("secret shown"))?
        .to_owned();
    assert!(secret.starts_with("mk_"));
    let (_, listing) = admin.get_text("/account/tokens").await?;
    assert!(!listing.contains(&secret), "shown once only");

    let api = reqwest::Client::new();
    let me: serde_json::Value = api.get(app.url("/api/v1/me")).bearer_auth(&secret).send().await?.json().await?;
    assert_eq!(me["credential"], "token");
    assert_eq!(me["roles"], serde_json::json!(["admin"]));
    let account = api.get(app.url("/account/tokens")).bearer_auth(&secret).send().await?;
    assert_eq!(account.status(), 403, "a token cannot manage tokens");
    let (_, listing) = admin.get_text("/account/tokens").await?;
    let row = listing.split("reporting script").nth(1).and_then(|r| r.split("</tr>").next()).unwrap_or_default();
    assert!(!row.is_empty() && !row.contains(">never</td>"), "last use shown: {row}");

    let focal = app.signed_in(FOCAL_PNH).await?;
    let escalation = focal.post_form("/account/tokens", &[("name", "sneaky"), ("grant", "5")]).await?;
    assert_eq!(escalation.status(), 422, "only one's own roles");

    let id = listing.split("/account/tokens/").nth(1).and_then(|s| s.split('/').next()).unwrap_or_default().to_owned();
    let not_theirs = focal.post_form(&format!("/account/tokens/{id}/revoke"), &[]).await?;
    assert_eq!(not_theirs.status(), 404);
    let revoked = admin.post_form(&format!("/account/tokens/{id}/revoke"), &[]).await?;
    assert_eq!(revoked.status(), 303);
    let after = api.get(app.url("/api/v1/me")).bearer_auth(&secret).send().await?;
    assert_eq!(after.status(), 401);
    Ok(())
}

async fn personal_data_download_and_sign_out_everywhere(app: TestApp) -> anyhow::Result<()> {
    let first = app.signed_in(FOCAL_PNH).await?;
    let second = app.signed_in(FOCAL_PNH).await?;
    let response = first.get("/account/data").await?;
    assert!(response.headers()["content-disposition"].to_str()?.contains("attachment"));
    let data: serde_json::Value = response.json().await?;
    assert_eq!(data["account"]["email"], FOCAL_PNH);
    // The demo's Phnom Penh focal point also manages the demo call for City Hall.
    let roles = data["roles"].as_array().cloned().unwrap_or_default();
    assert!(roles.iter().any(|r| r["role"] == "city_focal_point"), "{roles:?}");
    assert_eq!(data["sessions"].as_array().map(Vec::len), Some(2));
    assert!(data["actions"].as_array().is_some_and(|a| a.iter().any(|e| e["change"]["action"] == "user.signed_in")));
    assert!(!data.to_string().contains("argon2"), "no password hash");

    assert_eq!(first.post_form("/account/sign-out-everywhere", &[]).await?.status(), 303);
    assert_eq!(second.get("/account").await?.status(), 303, "the other device is signed out too");
    Ok(())
}

async fn deactivated_users_cannot_sign_in(app: TestApp) -> anyhow::Result<()> {
    let focal = app.signed_in(FOCAL_PNH).await?;
    let admin = app.signed_in(ADMIN).await?;
    let (_, users) = admin.get_text("/admin/users").await?;
    let id = users
        .split("href=\"/admin/users/")
        .filter_map(|s| s.split('"').next())
        .find(|id| users.contains(&format!("{id}\">Focal point Phnom Penh")))
        .unwrap_or_default()
        .to_owned();
    let response = admin.post_form(&format!("/admin/users/{id}/active"), &[("active", "false")]).await?;
    assert_eq!(response.status(), 303);
    assert_eq!(focal.get("/account").await?.status(), 303, "their session ended");
    let visitor = app.visitor().await?;
    let refused = visitor.post_form("/login", &[("email", FOCAL_PNH), ("password", DEMO_PASSWORD)]).await?;
    assert_eq!(refused.status(), 422);
    let own = admin.get_text("/admin/users").await?.1;
    let admin_id = own
        .split("href=\"/admin/users/")
        .filter_map(|s| s.split('"').next())
        .find(|id| own.contains(&format!("{id}\">Demo Admin")))
        .unwrap_or_default()
        .to_owned();
    let myself = admin.post_form(&format!("/admin/users/{admin_id}/active"), &[("active", "false")]).await?;
    assert_eq!(myself.status(), 422, "an admin cannot lock themselves out");
    Ok(())
}
