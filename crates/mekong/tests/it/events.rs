//! Meetings end to end: creating an event, invitations by email with iCalendar parsed back by an
//! independent parser, answers through personal links, the waiting list, updates and
//! cancellations, reminders, check-in, the attendance sheet PDF read back with poppler,
//! exports, per diems, minutes and follow-ups, rights, and the participation figures.

use mekong_core::Clock;
use mekong_core::money::{Currency, Money};
use mekong_testkit::{HttpSession, ParsedEmail, TestApp, backend_tests, skip_or_fail};

backend_tests!(
    invitations_carry_a_calendar_request_and_answers_come_back_through_personal_links,
    moving_an_event_updates_those_coming_and_cancelling_removes_it_from_calendars,
    a_full_event_keeps_a_waiting_list_that_moves_up_in_order,
    reminders_go_out_a_week_and_a_day_before_except_to_those_who_declined,
    check_in_feeds_the_participation_figures_by_sex_country_and_city,
    the_attendance_sheet_renders_khmer_and_lao_names_with_embedded_fonts,
    participants_export_and_the_event_calendar_read_back,
    per_diems_follow_the_rate_table_and_costs_add_up_per_budget_line,
    agenda_documents_are_checked_by_content_and_served_to_readers,
    minutes_and_follow_ups_reach_the_owners_home_page,
    focal_points_run_their_own_citys_events_and_see_their_own_participants,
    a_stale_edit_of_an_event_is_a_conflict,
    a_personal_calendar_feed_lists_the_events_one_takes_part_in,
    two_registrations_for_the_last_place_do_not_both_get_it,
    one_address_cannot_fill_an_open_event,
    a_fare_in_dong_has_no_decimals_and_reads_back_as_typed,
    fares_and_rates_recorded_without_a_currency_are_migrated,
    the_organisers_list_pages_fifty_participants_with_search_and_status,
);

/// The id of the event whose English title contains `title`, from the API.
pub(crate) async fn event_id(session: &HttpSession, title: &str) -> anyhow::Result<String> {
    let events: serde_json::Value = session.get("/api/v1/events").await?.json().await?;
    let found = events
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| {
            e["title"]["en"].as_str().is_some_and(|t| t.contains(title))
                || e["title"]["fr"].as_str().is_some_and(|t| t.contains(title))
        })
        .and_then(|e| e["id"].as_str())
        .map(str::to_owned);
    found.ok_or_else(|| anyhow::anyhow!("no event titled {title}"))
}

/// Creates an announced event hosted by Phnom Penh, through the form, and returns its id. (The
/// demo coordinator reads French: the pages' messages below are French.)
pub(crate) async fn create_event(
    session: &HttpSession,
    title: &str,
    capacity: &str,
    open: bool,
) -> anyhow::Result<String> {
    let mut fields = vec![
        ("kind", "workshop"),
        ("status", "announced"),
        ("title_en", title),
        ("title_km", "សិក្ខាសាលា"),
        ("host_city", "KH-PNH"),
        ("venue", "Phnom Penh City Hall"),
        ("starts", "2027-01-20T09:00"),
        ("ends", "2027-01-21T17:00"),
        ("time_zone", "Asia/Phnom_Penh"),
        ("languages", "km"),
        ("languages", "lo"),
        ("languages", "fr"),
        ("capacity", capacity),
        ("themes", "heritage"),
        ("version", "0"),
    ];
    if open {
        fields.push(("open_registration", "yes"));
    }
    let response = session.post_form("/events", &fields).await?;
    anyhow::ensure!(response.status() == 303, "event created: {}", response.status());
    event_id(session, title).await
}

async fn person_id(session: &HttpSession, query: &str) -> anyhow::Result<String> {
    let people: serde_json::Value = session.get(&format!("/api/v1/people?q={query}")).await?.json().await?;
    people["items"][0]["id"].as_str().map(str::to_owned).ok_or_else(|| anyhow::anyhow!("no person {query}"))
}

/// A component's properties, name and value.
type Properties = Vec<(String, String)>;

/// Parses an iCalendar text with the `ical` crate (independent of the writer) and returns the
/// calendar's properties and each event's properties as name → value.
pub(crate) fn parse_calendar(text: &str) -> anyhow::Result<(Properties, Vec<Properties>)> {
    let mut reader = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let calendar = reader.next().ok_or_else(|| anyhow::anyhow!("no calendar"))??;
    let props = |p: &[ical::property::Property]| {
        p.iter().map(|p| (p.name.clone(), p.value.clone().unwrap_or_default())).collect::<Vec<_>>()
    };
    Ok((props(&calendar.properties), calendar.events.iter().map(|e| props(&e.properties)).collect()))
}

pub(crate) fn prop<'a>(props: &'a [(String, String)], name: &str) -> Option<&'a str> {
    props.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

fn calendar_of(email: &ParsedEmail) -> anyhow::Result<&(String, String, String)> {
    email
        .attachments
        .iter()
        .find(|(_, t, _)| t.starts_with("text/calendar"))
        .ok_or_else(|| anyhow::anyhow!("no calendar attached to {}", email.subject))
}

/// The emails sent to `address` since `since` messages were in the outbox.
fn mail_to(app: &TestApp, since: usize, address: &str) -> anyhow::Result<Vec<ParsedEmail>> {
    Ok(app.outbox()?.into_iter().skip(since).filter(|m| m.to == address).collect())
}

async fn invitations_carry_a_calendar_request_and_answers_come_back_through_personal_links(
    app: TestApp,
) -> anyhow::Result<()> {
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let id = create_event(&coordinator, "Heritage workshop", "30", false).await?;
    let sokha = person_id(&coordinator, "sokha").await?;
    let somphone = person_id(&coordinator, "somphone").await?;
    let before = app.outbox()?.len();
    let page = coordinator
        .post_form(
            &format!("/events/{id}/invitations"),
            &[("person", &sokha), ("person", &somphone), ("person", &sokha)],
        )
        .await?
        .text()
        .await?;
    assert!(page.contains("2 invitées"), "outcome shown: {page}");
    app.run_jobs().await?;
    let to_sokha = mail_to(&app, before, "sokha.demo@mekong.example")?;
    assert_eq!(to_sokha.len(), 1, "one invitation each");
    let invitation = &to_sokha[0];
    assert!(invitation.subject.contains("Heritage workshop") || invitation.subject.contains("សិក្ខាសាលា"));
    assert!(invitation.text.contains("Asia/Phnom_Penh"));
    let (_, content_type, ics) = calendar_of(invitation)?;
    assert!(content_type.contains("method=REQUEST"), "{content_type}");
    let (calendar, events) = parse_calendar(ics)?;
    assert_eq!(prop(&calendar, "METHOD"), Some("REQUEST"));
    assert_eq!(events.len(), 1);
    assert_eq!(prop(&events[0], "UID"), Some(format!("{id}@mekong").as_str()));
    assert_eq!(prop(&events[0], "SEQUENCE"), Some("0"));
    assert_eq!(prop(&events[0], "DTSTART"), Some("20270120T020000Z"), "09:00 in Phnom Penh is 02:00 UTC");
    assert!(prop(&events[0], "ATTENDEE").is_some_and(|a| a.contains("sokha.demo@mekong.example")));
    // The personal link needs no account.
    let link = invitation.link("/rsvp/").ok_or_else(|| anyhow::anyhow!("no answer link"))?;
    let path = link.trim_start_matches(&app.url(""));
    let guest = app.visitor().await?;
    let (status, form) = guest.get_text(path).await?;
    assert_eq!(status, 200);
    assert!(form.contains("Heritage workshop") || form.contains("សិក្ខាសាលា"));
    let answered = guest
        .post_form(
            path,
            &[
                ("answer", "yes"),
                ("dietary", "vegetarian"),
                ("interpretation", "km"),
                ("travel", "visa letter"),
                ("version", "1"),
            ],
        )
        .await?;
    assert_eq!(answered.status(), 303);
    let (_, after) = guest.get_text(path).await?;
    assert!(after.contains("vegetarian"));
    // A stale form (an answer from another tab) is a conflict, not an overwrite.
    let stale = guest.post_form(path, &[("answer", "no"), ("version", "1")]).await?;
    assert_eq!(stale.status(), 409);
    let bad = guest.post_form(path, &[("answer", "perhaps"), ("version", "2")]).await?;
    assert_eq!(bad.status(), 422);
    // An unknown link reveals nothing.
    assert_eq!(guest.get("/rsvp/ev_not-a-real-secret").await?.status(), 404);
    // The organisers see the answer and needs.
    let (_, event_page) = coordinator.get_text(&format!("/events/{id}")).await?;
    assert!(event_page.contains("vegetarian") && event_page.contains("visa letter"));
    Ok(())
}

async fn moving_an_event_updates_those_coming_and_cancelling_removes_it_from_calendars(
    app: TestApp,
) -> anyhow::Result<()> {
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let id = create_event(&coordinator, "Resilience seminar", "", false).await?;
    let (sokha, an) = (person_id(&coordinator, "sokha").await?, person_id(&coordinator, "nguyen").await?);
    coordinator.post_form(&format!("/events/{id}/invitations"), &[("person", &sokha), ("person", &an)]).await?;
    app.run_jobs().await?;
    // Sokha accepts, An declines.
    for (address, answer) in [("sokha.demo@mekong.example", "yes"), ("an.demo@mekong.example", "no")] {
        let link = mail_to(&app, 0, address)?.last().and_then(|m| m.link("/rsvp/")).unwrap_or_default();
        let guest = app.visitor().await?;
        guest.get(link.trim_start_matches(&app.url(""))).await?;
        guest.post_form(link.trim_start_matches(&app.url("")), &[("answer", answer), ("version", "1")]).await?;
    }
    let before = app.outbox()?.len();
    let edit = |starts: &'static str, status: &'static str, version: &'static str| {
        vec![
            ("kind", "workshop"),
            ("status", status),
            ("title_en", "Resilience seminar"),
            ("host_city", "KH-PNH"),
            ("venue", "Phnom Penh City Hall"),
            ("starts", starts),
            ("ends", "2027-01-21T17:00"),
            ("time_zone", "Asia/Phnom_Penh"),
            ("version", version),
        ]
    };
    let moved = coordinator.post_form(&format!("/events/{id}"), &edit("2027-01-20T14:00", "announced", "1")).await?;
    assert_eq!(moved.status(), 303);
    app.run_jobs().await?;
    let updates = app.outbox()?.into_iter().skip(before).collect::<Vec<_>>();
    assert_eq!(
        updates.iter().map(|m| m.to.as_str()).collect::<Vec<_>>(),
        ["sokha.demo@mekong.example"],
        "only those coming"
    );
    let (calendar, events) = parse_calendar(&calendar_of(&updates[0])?.2)?;
    assert_eq!(prop(&calendar, "METHOD"), Some("REQUEST"));
    assert_eq!(prop(&events[0], "SEQUENCE"), Some("1"), "raised on change");
    assert_eq!(prop(&events[0], "UID"), Some(format!("{id}@mekong").as_str()), "same entry");
    assert_eq!(prop(&events[0], "DTSTART"), Some("20270120T070000Z"));
    let before = app.outbox()?.len();
    coordinator.post_form(&format!("/events/{id}"), &edit("2027-01-20T14:00", "cancelled", "2")).await?;
    app.run_jobs().await?;
    let cancellations = app.outbox()?.into_iter().skip(before).collect::<Vec<_>>();
    assert_eq!(cancellations.len(), 1, "not to An, who declined");
    let (calendar, events) = parse_calendar(&calendar_of(&cancellations[0])?.2)?;
    assert_eq!(prop(&calendar, "METHOD"), Some("CANCEL"));
    assert_eq!(prop(&events[0], "STATUS"), Some("CANCELLED"));
    assert_eq!(prop(&events[0], "UID"), Some(format!("{id}@mekong").as_str()));
    Ok(())
}

async fn register(app: &TestApp, id: &str, name: &str, email: &str) -> anyhow::Result<(HttpSession, String)> {
    let guest = app.visitor().await?;
    guest.get(&format!("/events/{id}/register")).await?;
    let response = guest
        .post_form(
            &format!("/events/{id}/register"),
            &[("name", name), ("email", email), ("country", "KH"), ("sex", "female"), ("language", "en")],
        )
        .await?;
    anyhow::ensure!(response.status() == 303, "registered {name}: {}", response.status());
    // The personal link comes by email, never in the answer to the form.
    let location = response.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_owned();
    anyhow::ensure!(location == format!("/events/{id}"), "back to the event, not to the link: {location}");
    app.run_jobs().await?;
    let link = mail_to(app, 0, email)?.last().and_then(|m| m.link("/rsvp/")).unwrap_or_default();
    Ok((guest, link.trim_start_matches(&app.url("")).to_owned()))
}

async fn a_full_event_keeps_a_waiting_list_that_moves_up_in_order(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let id = create_event(&coordinator, "Small study visit", "2", true).await?;
    let mut links = Vec::new();
    for (i, name) in ["Ada", "Bao", "Chenda", "Dara"].iter().enumerate() {
        links.push(register(&app, &id, name, &format!("guest{i}@example.org")).await?);
    }
    let status = |page: &str| {
        page.split("id=\"rsvp-status\">").nth(1).and_then(|s| s.split('<').next()).unwrap_or_default().to_owned()
    };
    let mut states = Vec::new();
    for (guest, link) in &links {
        states.push(status(&guest.get_text(link).await?.1));
    }
    assert_eq!(states, ["Vient", "Vient", "Sur liste d’attente", "Sur liste d’attente"]);
    assert!(links[3].0.get_text(&links[3].1).await?.1.contains("rang sur la liste d’attente : 2"));
    // The same address cannot register twice.
    let twice = app.visitor().await?;
    twice.get(&format!("/events/{id}/register")).await?;
    let again =
        twice.post_form(&format!("/events/{id}/register"), &[("name", "Ada"), ("email", "GUEST0@example.org")]).await?;
    assert_eq!(again.status(), 422);
    assert!(again.text().await?.contains("déjà inscrite"));
    app.run_jobs().await?;
    let before = app.outbox()?.len();
    // Bao gives up the place: Chenda, first in line, gets it and is told.
    let (bao, bao_link) = &links[1];
    bao.post_form(bao_link, &[("answer", "no"), ("version", "1")]).await?;
    assert_eq!(status(&links[2].0.get_text(&links[2].1).await?.1), "Vient");
    assert_eq!(status(&links[3].0.get_text(&links[3].1).await?.1), "Sur liste d’attente");
    app.run_jobs().await?;
    let told = mail_to(&app, before, "guest2@example.org")?;
    assert_eq!(told.len(), 1);
    assert!(told[0].subject.contains("A place for you"));
    assert!(calendar_of(&told[0]).is_ok());
    // Ada tells the organisers by phone that she cannot come: they record it, and Dara, last
    // in line, gets the place.
    let (_, page) = coordinator.get_text(&format!("/events/{id}")).await?;
    let row = page.split("<tr>").find(|r| r.contains(">Ada<")).unwrap_or_default();
    let ada = format!("/events/{id}/participants/{}", between_quotes(row, &format!("/events/{id}/participants/")));
    let (_, form) = coordinator.get_text(&ada).await?;
    let version = between_quotes(&form, "name=\"version\" value=\"");
    let recorded = coordinator.post_form(&format!("{ada}/answer"), &[("answer", "no"), ("version", &version)]).await?;
    assert_eq!(recorded.status(), 303);
    assert_eq!(status(&links[3].0.get_text(&links[3].1).await?.1), "Vient");
    assert_eq!(status(&links[0].0.get_text(&links[0].1).await?.1), "Ne vient pas");
    // Registration is closed to events that are not open.
    let closed = create_event(&coordinator, "Closed meeting", "", false).await?;
    assert_eq!(app.visitor().await?.get(&format!("/events/{closed}/register")).await?.status(), 404);
    Ok(())
}

async fn reminders_go_out_a_week_and_a_day_before_except_to_those_who_declined(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let id = create_event(&coordinator, "Reminder test", "", true).await?;
    let (ada, ada_link) = register(&app, &id, "Ada", "ada@example.org").await?;
    let (bao, bao_link) = register(&app, &id, "Bao", "bao@example.org").await?;
    bao.post_form(&bao_link, &[("answer", "no"), ("version", "1")]).await?;
    let _ = (ada, ada_link);
    app.run_jobs().await?;
    let reminders = |app: &TestApp| -> anyhow::Result<Vec<ParsedEmail>> {
        Ok(app
            .outbox()?
            .into_iter()
            .filter(|m| m.to.ends_with("@example.org") && m.subject.starts_with("Reminder"))
            .collect())
    };
    assert!(reminders(&app)?.is_empty());
    // The event starts 2027-01-20 09:00 in Phnom Penh; the test clock is at 2026-11-30.
    let start: jiff::Timestamp = "2027-01-20T02:00:00Z".parse()?;
    let now = app.clock.now();
    app.clock.advance(
        now.duration_until(start) - jiff::SignedDuration::from_hours(24 * 7) + jiff::SignedDuration::from_mins(1),
    );
    app.run_jobs().await?;
    let week = reminders(&app)?;
    assert_eq!(week.iter().map(|m| m.to.as_str()).collect::<Vec<_>>(), ["ada@example.org"]);
    assert!(week[0].text.contains("in one week"));
    app.clock.advance(jiff::SignedDuration::from_hours(24 * 6));
    app.run_jobs().await?;
    let all = reminders(&app)?;
    assert_eq!(all.len(), 2);
    assert!(all[1].text.contains("tomorrow"));
    Ok(())
}

async fn check_in_feeds_the_participation_figures_by_sex_country_and_city(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    // The demo's past meetings: three focal points at each of the 2019, 2022 and 2024 meetings.
    let figures: serde_json::Value =
        coordinator.get("/api/v1/participation?from=2019-01-01&until=2024-12-31").await?.json().await?;
    assert_eq!(figures["events"], 3);
    assert_eq!(figures["participants"], 9);
    assert_eq!(figures["women"], 6);
    assert_eq!(figures["by_city"]["LA-LPQ"], 3);
    assert_eq!(figures["by_country"]["VN"], 3);
    assert_eq!(figures["by_organisation_kind"]["local_authority"], 9);
    // The app-level function the results area reads gives the same figures.
    let period =
        mekong_app::events::StatsPeriod { from: jiff::civil::date(2019, 1, 1), until: jiff::civil::date(2024, 12, 31) };
    let stats = app.app.participation_stats(&mekong_app::policy::Actor::public(), period).await?;
    assert_eq!((stats.participants, stats.women()), (9, 6));
    // At the upcoming workshop, check-in decides who took part.
    let id = event_id(&coordinator, "urban data standards").await?;
    let (status, desk) = coordinator.get_text(&format!("/events/{id}/check-in")).await?;
    assert_eq!(status, 200);
    let participant = desk
        .split("name=\"participant\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_owned();
    let day =
        desk.split("name=\"day\" value=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or_default().to_owned();
    let checked = coordinator
        .post_form(
            &format!("/events/{id}/check-in"),
            &[("participant", &participant), ("day", &day), ("present", "yes")],
        )
        .await?;
    assert_eq!(checked.status(), 303);
    let (_, desk) = coordinator.get_text(&format!("/events/{id}/check-in?day={day}")).await?;
    assert!(desk.contains("<strong>1</strong> / 2"), "one of two expected is here");
    let detail: serde_json::Value = coordinator.get(&format!("/api/v1/events/{id}")).await?.json().await?;
    assert_eq!(detail["participation"]["participants"], 1);
    // A reader who sees no participant gets the same figures, from only those who took part;
    // at a held meeting without check-ins, from those who had accepted.
    let partner = app.signed_in("partner@mekong.example").await?;
    let read: serde_json::Value = partner.get(&format!("/api/v1/events/{id}")).await?.json().await?;
    assert_eq!(read["participation"], detail["participation"]);
    let vientiane = event_id(&coordinator, "Vientiane (September 2024)").await?;
    let held: serde_json::Value = partner.get(&format!("/api/v1/events/{vientiane}")).await?.json().await?;
    assert_eq!(
        (held["participation"]["participants"].as_u64(), held["participation"]["women"].as_u64()),
        (Some(3), Some(2))
    );
    // A day outside the event is refused.
    let outside = coordinator
        .post_form(
            &format!("/events/{id}/check-in"),
            &[("participant", &participant), ("day", "2020-01-01"), ("present", "yes")],
        )
        .await?;
    assert_eq!(outside.status(), 422);
    let (_, page) = coordinator.get_text("/events/statistics?from=2019-01-01&until=2024-12-31").await?;
    assert!(page.contains("9 participants, dont 6 femmes, à 3 événements"), "{page}");
    Ok(())
}

async fn the_attendance_sheet_renders_khmer_and_lao_names_with_embedded_fonts(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let id = create_event(&coordinator, "Attendance sheet test", "", true).await?;
    for (name, local, email) in [
        ("Sok Chanthy", "សុខ ចាន់ធី", "chanthy@example.org"),
        ("Souksavanh Phommachanh", "ສຸກສະຫວັນ ພົມມະຈັນ", "souk@example.org"),
        ("Nguyễn Thị Hương", "", "huong@example.org"),
    ] {
        let guest = app.visitor().await?;
        guest.get(&format!("/events/{id}/register")).await?;
        guest
            .post_form(&format!("/events/{id}/register"), &[("name", name), ("local_name", local), ("email", email)])
            .await?;
    }
    let response = coordinator.get(&format!("/events/{id}/attendance.pdf")).await?;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("application/pdf"));
    let pdf = response.bytes().await?;
    assert!(pdf.starts_with(b"%PDF"));
    let tools = ["pdftotext", "pdffonts"].iter().all(|t| std::process::Command::new(t).arg("-v").output().is_ok());
    if !tools {
        return skip_or_fail("poppler-utils (pdftotext, pdffonts)");
    }
    let file = tempfile::Builder::new().suffix(".pdf").tempfile()?;
    std::fs::write(file.path(), &pdf)?;
    let text = String::from_utf8(std::process::Command::new("pdftotext").arg(file.path()).arg("-").output()?.stdout)?;
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in ["សុខ ចាន់ធី", "ສຸກສະຫວັນ ພົມມະຈັນ", "Nguyễn Thị Hương", "Feuille de présence", "Signature"]
    {
        assert!(flat.contains(expected), "{expected} in the sheet's text:\n{flat}");
    }
    // The Khmer title wraps inside the header: pdftotext puts a space at the break.
    assert!(flat.replace(' ', "").contains("សិក្ខាសាលា"), "the title in the event's first language");
    let fonts = String::from_utf8(std::process::Command::new("pdffonts").arg(file.path()).output()?.stdout)?;
    assert!(fonts.contains("NotoSansKhmer") && fonts.contains("NotoSansLao"), "{fonts}");
    for line in fonts.lines().skip(2).filter(|l| !l.trim().is_empty()) {
        let columns: Vec<&str> = line.split_whitespace().collect();
        let embedded = columns.iter().rev().nth(4).copied();
        assert_eq!(embedded, Some("yes"), "every font embedded: {line}");
    }
    // Two days, two sheets.
    let pages = String::from_utf8(std::process::Command::new("pdfinfo").arg(file.path()).output()?.stdout)?;
    assert!(pages.lines().any(|l| l.starts_with("Pages:") && l.trim_end().ends_with('2')), "{pages}");
    Ok(())
}

async fn participants_export_and_the_event_calendar_read_back(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let id = event_id(&coordinator, "urban data standards").await?;
    let csv = coordinator.get(&format!("/events/{id}/participants.csv")).await?.bytes().await?;
    let table = mekong_docs::read_table(&csv)?;
    assert!(table.headers.iter().any(|h| h == "per_diem"));
    assert_eq!(table.rows.len(), 3);
    let names: Vec<&str> = table.rows.iter().filter_map(|r| r.first().map(String::as_str)).collect();
    assert!(names.contains(&"Somphone Keo (demo)"));
    let xlsx = coordinator.get(&format!("/events/{id}/participants.xlsx")).await?.bytes().await?;
    let sheet = mekong_docs::read_table(&xlsx)?;
    assert_eq!(sheet.rows.len(), 3);
    assert!(sheet.rows.iter().any(|r| r.get(1).is_some_and(|local| local.contains("ສົມພອນ"))), "Lao round trip");
    // The public may download the event's calendar, with its agenda.
    let ics = app.visitor().await?.get(&format!("/events/{id}/calendar.ics")).await?.text().await?;
    let (_, entries) = parse_calendar(&ics)?;
    assert_eq!(entries.len(), 4, "the event and its three sessions");
    assert!(entries.iter().any(|e| prop(e, "SUMMARY") == Some("Opening and introductions")));
    // The public does not see participants: it is asked to sign in.
    let public = app.visitor().await?.get(&format!("/events/{id}/participants.csv")).await?;
    assert_eq!(public.status(), 303);
    assert!(public.headers()["location"].to_str()?.starts_with("/login?next="));
    Ok(())
}

async fn per_diems_follow_the_rate_table_and_costs_add_up_per_budget_line(app: TestApp) -> anyhow::Result<()> {
    let admin = app.signed_in("admin@mekong.example").await?;
    let (_, rates) = admin.get_text("/admin/per-diem-rates").await?;
    assert!(rates.contains("Example rate"), "demo rates are labelled as examples");
    let bad = admin
        .post_form(
            "/admin/per-diem-rates",
            &[("country", "Cambodia"), ("daily", "abc"), ("currency", "EUR"), ("valid_from", "")],
        )
        .await?;
    assert_eq!(bad.status(), 422);
    let page = bad.text().await?;
    assert!(
        page.contains("two-letter ISO code") && page.contains("Write an amount such as 125.50."),
        "errors next to the fields"
    );
    let added = admin
        .post_form(
            "/admin/per-diem-rates",
            &[("country", "KH"), ("daily", "120.50"), ("currency", "EUR"), ("valid_from", "2026-12-01")],
        )
        .await?;
    assert_eq!(added.status(), 303);
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    assert_eq!(coordinator.get("/admin/per-diem-rates").await?.status(), 403, "an admin maintains the table");
    let id = event_id(&coordinator, "urban data standards").await?;
    // The demo's two travelling focal points: 3 nights each at the new (non-example) rate; the
    // one from Huế bought the ticket in dong, which has a line of its own.
    let costs = event_costs(&app, &id).await?;
    let lines: Vec<_> = costs
        .lines
        .iter()
        .map(|l| (l.budget_line.as_str(), l.currency.code(), l.participants, l.per_diems, l.fares))
        .collect();
    assert_eq!(
        lines,
        [("2.1", "EUR", 2, eur(2 * 3 * 12_050), eur(18_000)), ("2.1", "VND", 1, vnd(0), vnd(4_500_000)),]
    );
    assert_eq!(costs.totals, [eur(2 * 3 * 12_050 + 18_000), vnd(4_500_000)]);
    let (_, page) = coordinator.get_text(&format!("/events/{id}/costs")).await?;
    assert!(page.contains("2.1 International travel"), "the line's code and name from the budget");
    assert!(page.contains("4\u{202f}500\u{202f}000\u{a0}VND"), "amounts in the reader's (French) way");
    assert!(!page.contains(" + "), "euros and dong are not added together");
    // Travel edited on the participant's page.
    // Somphone, from Luang Prabang, travels at the programme's cost.
    let (path, version) = participant_form(&coordinator, &id, "Somphone Keo").await?;
    let wrong = coordinator
        .post_form(
            &path,
            &[
                ("from", "Hue"),
                ("arrival", "2026-12-22"),
                ("departure", "2026-12-20"),
                ("paid_by", "programme"),
                ("fare", "x"),
                ("currency", "EUR"),
                ("version", &version),
            ],
        )
        .await?;
    assert_eq!(wrong.status(), 422);
    let text = wrong.text().await?;
    assert!(text.contains("Le départ ne peut pas précéder l’arrivée") && text.contains("montant comme"));
    let saved = coordinator
        .post_form(
            &path,
            &[
                ("from", "Hue"),
                ("arrival", "2026-12-20"),
                ("departure", "2026-12-24"),
                ("paid_by", "programme"),
                ("budget_line", "2.2"),
                ("fare", "250"),
                ("currency", "EUR"),
                ("version", &version),
            ],
        )
        .await?;
    assert_eq!(saved.status(), 303);
    let (_, form) = coordinator.get_text(&path).await?;
    assert!(form.contains("4 nuits"), "{form}");
    let costs = event_costs(&app, &id).await?;
    let budget_lines: std::collections::BTreeSet<&str> = costs.lines.iter().map(|l| l.budget_line.as_str()).collect();
    assert_eq!(budget_lines.len(), 2, "two budget lines now");
    Ok(())
}

fn eur(minor: i64) -> Money {
    Money::new(minor, Currency::EUR)
}

fn vnd(dong: i64) -> Money {
    Money::new(dong, Currency::VND)
}

/// The event's costs as the application computes them for its organisers.
async fn event_costs(app: &TestApp, id: &str) -> anyhow::Result<mekong_core::events::EventCosts> {
    let view = app
        .app
        .event_costs(&mekong_app::policy::Actor::command_line(), mekong_core::ids::EventId(uuid_of(id)?))
        .await?;
    Ok(view.costs?)
}

/// The path of a participant's page, found on the event's page by name, and the version its
/// travel form carries.
async fn participant_form(session: &HttpSession, id: &str, name: &str) -> anyhow::Result<(String, String)> {
    let (_, page) = session.get_text(&format!("/events/{id}")).await?;
    let row = page.split("<tr>").find(|row| row.contains(name)).unwrap_or_default();
    let participant = row
        .split(&format!("/events/{id}/participants/"))
        .nth(1)
        .and_then(|s| s.split('"').next())
        .ok_or_else(|| anyhow::anyhow!("no participant {name}"))?;
    let path = format!("/events/{id}/participants/{participant}");
    let (_, form) = session.get_text(&path).await?;
    let version = form_value(&form, "version");
    Ok((path, version))
}

/// The value of the form input named `name`.
fn form_value(form: &str, name: &str) -> String {
    [format!("name=\"{name}\" type=\"text\" value=\""), format!("name=\"{name}\" value=\"")]
        .iter()
        .find_map(|input| form.split(input.as_str()).nth(1))
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_owned()
}

/// Saves Somphone's journey with `fare` in `currency`, typed by the session's reader.
async fn save_travel(
    session: &HttpSession,
    path: &str,
    fare: &str,
    currency: &str,
    version: &str,
) -> anyhow::Result<reqwest::Response> {
    let fields = [
        ("from", "LA-LPQ"),
        ("arrival", "2026-12-21"),
        ("departure", "2026-12-24"),
        ("paid_by", "programme"),
        ("budget_line", "2.1"),
        ("fare", fare),
        ("currency", currency),
        ("version", version),
    ];
    session.post_form(path, &fields).await
}

/// The message shown next to the field `name`.
fn field_error(page: &str, name: &str) -> String {
    page.split(&format!("id=\"{name}-error\">")).nth(1).and_then(|s| s.split('<').next()).unwrap_or_default().to_owned()
}

async fn a_fare_in_dong_has_no_decimals_and_reads_back_as_typed(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let id = event_id(&coordinator, "urban data standards").await?;
    let (path, version) = participant_form(&coordinator, &id, "Somphone Keo").await?;
    // The dong has no decimals: the error is next to the fare, in the reader's language
    // (French), and what was typed is kept.
    let refused = save_travel(&coordinator, &path, "12,5", "VND", &version).await?;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await?;
    assert!(field_error(&page, "fare").contains("n’a pas de décimales"), "{page}");
    assert_eq!(form_value(&page, "fare"), "12,5");
    assert!(page.contains("<option value=\"VND\" selected>"), "the chosen currency is kept");
    // A lone dot before three digits could be a thousands separator or decimals to a French reader.
    let ambiguous = save_travel(&coordinator, &path, "1.250", "VND", &version).await?.text().await?;
    assert!(field_error(&ambiguous, "fare").contains("se lit de deux façons"), "{ambiguous}");
    // Grouped the Vietnamese way, it is read and shown back plainly.
    let saved = save_travel(&coordinator, &path, "1.250.000", "VND", &version).await?;
    assert_eq!(saved.status(), 303);
    let (_, form) = coordinator.get_text(&path).await?;
    assert_eq!(form_value(&form, "fare"), "1250000");
    assert!(form.contains("<option value=\"VND\" selected>"));
    // Saved again as shown, it is the same amount.
    let again = save_travel(&coordinator, &path, "1250000", "VND", &form_value(&form, "version")).await?;
    assert_eq!(again.status(), 303);
    let costs = event_costs(&app, &id).await?;
    assert_eq!(costs.totals.iter().find(|t| t.currency() == Currency::VND), Some(&vnd(5_750_000)));
    let (_, page) = coordinator.get_text(&format!("/events/{id}/costs")).await?;
    assert!(page.contains("5\u{202f}750\u{202f}000\u{a0}VND"), "{page}");
    // The API gives each amount with its currency.
    let json: serde_json::Value = coordinator.get(&format!("/api/v1/events/{id}")).await?.json().await?;
    let totals = json["costs"]["totals"].as_array().cloned().unwrap_or_default();
    assert!(
        totals.contains(&serde_json::json!({ "amount_minor": 5_750_000, "currency": "VND", "amount": "5750000" })),
        "{totals:?}"
    );
    assert!(totals.iter().any(|t| t["currency"] == "EUR" && t["amount"].as_str().is_some_and(|a| a.contains('.'))));
    let public: serde_json::Value = app.visitor().await?.get(&format!("/api/v1/events/{id}")).await?.json().await?;
    assert_eq!(public["costs"]["lines"], serde_json::json!([]), "costs are for those who run the event");
    Ok(())
}

async fn fares_and_rates_recorded_without_a_currency_are_migrated(app: TestApp) -> anyhow::Result<()> {
    use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
    use sea_orm::{ConnectionTrait, Database};
    let db = Database::connect(app.database.url.as_str()).await?;
    // Put the records back as they were stored before amounts had a currency.
    for (table, old_shape) in [
        ("event_participants", fare_without_currency as fn(&mut serde_json::Value)),
        ("per_diem_rates", rate_in_minor_units),
    ] {
        let select =
            Query::select().columns([Alias::new("id"), Alias::new("record")]).from(Alias::new(table)).to_owned();
        for row in db.query_all(&select).await? {
            let id: uuid::Uuid = row.try_get("", "id")?;
            let mut record: serde_json::Value = serde_json::from_str(&row.try_get::<String>("", "record")?)?;
            old_shape(&mut record);
            let update = Query::update()
                .table(Alias::new(table))
                .value(Alias::new("record"), record.to_string())
                .and_where(Expr::col(Alias::new("id")).eq(id))
                .to_owned();
            db.execute(&update).await?;
        }
    }
    db.execute_unprepared("DELETE FROM seaql_migrations WHERE version = 'm20261202_000020_money_with_currency'")
        .await?;
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_mekong"))
        .args(["--database-url", &app.database.url, "--data-dir", &app.database.data_dir.path().to_string_lossy()])
        .arg("migrate")
        .output()?;
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    // Fares were the network's euros; rates keep the currency they named.
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let id = event_id(&coordinator, "urban data standards").await?;
    let costs = event_costs(&app, &id).await?;
    assert_eq!(costs.totals, [eur(2 * 18_000), Money::new(2 * 3 * 9_000, Currency::USD)]);
    let rates = app.app.per_diem_rates(&mekong_app::policy::Actor::command_line()).await?;
    assert!(!rates.is_empty() && rates.iter().all(|r| r.daily == Money::new(9_000, Currency::USD)));
    Ok(())
}

/// A participant record as stored before fares had a currency: `fare_minor`, 180 euros for
/// those travelling.
fn fare_without_currency(record: &mut serde_json::Value) {
    if let Some(travel) = record.get_mut("travel").and_then(serde_json::Value::as_object_mut) {
        let paid = travel.remove("fare").is_some_and(|fare| fare["amount_minor"] != 0);
        travel.insert("fare_minor".into(), serde_json::json!(if paid { 18_000 } else { 0 }));
    }
}

/// A rate record as stored before amounts had a currency: `daily_minor` and `currency` (dollars
/// here, to see the currency kept).
fn rate_in_minor_units(record: &mut serde_json::Value) {
    if let Some(rate) = record.as_object_mut() {
        rate.remove("daily");
        rate.insert("daily_minor".into(), serde_json::json!(9_000));
        rate.insert("currency".into(), serde_json::json!("USD"));
    }
}

fn uuid_of(id: &str) -> anyhow::Result<uuid::Uuid> {
    Ok(uuid::Uuid::parse_str(id)?)
}

async fn agenda_documents_are_checked_by_content_and_served_to_readers(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let id = event_id(&coordinator, "urban data standards").await?;
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
    let session = |file: Vec<u8>, name: &'static str| {
        move |form: reqwest::multipart::Form| {
            form.text("starts", "2026-12-22T09:00")
                .text("ends", "2026-12-22T10:00")
                .text("title", "Data inventory results")
                .text("speakers", "Luang Prabang")
                .part("documents", reqwest::multipart::Part::bytes(file).file_name(name))
        }
    };
    let refused = coordinator
        .post_multipart(&format!("/events/{id}/agenda"), session(b"just text, not a PDF".to_vec(), "slides.pdf"))
        .await?;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await?.contains("Ce type de fichier n’est pas accepté"));
    let added = coordinator
        .post_multipart(&format!("/events/{id}/agenda"), session(pdf.clone(), "C:\\slides\\inventory.pdf"))
        .await?;
    assert_eq!(added.status(), 303);
    let (_, page) = app.visitor().await?.get_text(&format!("/events/{id}")).await?;
    let href = page
        .split("href=\"/events/")
        .find(|s| s.contains("/documents/"))
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_owned();
    let download = app.visitor().await?.get(&format!("/events/{href}")).await?;
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("application/pdf"));
    assert!(
        download
            .headers()
            .get("content-disposition")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|d| d.contains("inventory.pdf"))
    );
    assert_eq!(download.bytes().await?.to_vec(), pdf);
    // A session document's text is searched: a word only it holds finds the event, with the
    // passage cut from the document.
    let slides = mekong_docs::plain_pdf("Inventaire des données", &["Les cadastres numérisés de Luang Prabang."]);
    let added = coordinator.post_multipart(&format!("/events/{id}/agenda"), session(slides, "cadastres.pdf")).await?;
    assert_eq!(added.status(), 303);
    let (_, found) = app.visitor().await?.get_text("/search?q=cadastres").await?;
    let results = mekong_testkit::page::between(&found, "class=\"site-search-results\"", "</ol>");
    assert!(results.contains(&format!("href=\"/events/{id}\"")), "{results}");
    assert!(results.contains("<mark>cadastres</mark> numérisés"), "{results}");
    // A document of another event is not reachable through this one.
    let other = event_id(&coordinator, "heritage seminar").await?;
    let sha = href.rsplit('/').next().unwrap_or_default();
    assert_eq!(app.visitor().await?.get(&format!("/events/{other}/documents/{sha}")).await?.status(), 404);
    Ok(())
}

async fn minutes_and_follow_ups_reach_the_owners_home_page(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let id = event_id(&coordinator, "urban data standards").await?;
    let saved = coordinator
        .post_form(
            &format!("/events/{id}/minutes"),
            &[
                ("version", "0"),
                ("summary", "Cities shared their inventories."),
                ("decisions", "Adopt a common template."),
            ],
        )
        .await?;
    assert_eq!(saved.status(), 303);
    // Saving from the same stale version again is a conflict.
    let stale = coordinator
        .post_form(&format!("/events/{id}/minutes"), &[("version", "0"), ("summary", "Other"), ("decisions", "")])
        .await?;
    assert_eq!(stale.status(), 409);
    let unknown = coordinator
        .post_form(
            &format!("/events/{id}/action-items"),
            &[("title", "Send the template"), ("owner", "nobody@example.org")],
        )
        .await?;
    assert_eq!(unknown.status(), 422);
    assert!(unknown.text().await?.contains("Aucun compte Mekong n’a cette adresse"));
    let added = coordinator
        .post_form(
            &format!("/events/{id}/action-items"),
            &[("title", "Send the data template"), ("owner", "focal.hue@mekong.example"), ("due_on", "2026-11-15")],
        )
        .await?;
    assert_eq!(added.status(), 303);
    let focal = app.signed_in("focal.hue@mekong.example").await?;
    let (_, home) = focal.get_text("/").await?;
    assert!(home.contains("Send the data template"), "on the owner's home page");
    assert!(home.contains("class=\"overdue\""), "late: due before today");
    let (_, page) = app.visitor().await?.get_text(&format!("/events/{id}")).await?;
    assert!(page.contains("Adopt a common template.") && page.contains("Send the data template"));
    // Marked done, it leaves the home page.
    let (_, page) = coordinator.get_text(&format!("/events/{id}")).await?;
    let item = page
        .split(&format!("/events/{id}/action-items/"))
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_owned();
    let done = coordinator
        .post_form(
            &format!("/events/{id}/action-items/{item}"),
            &[
                ("title", "Send the data template"),
                ("status", "done"),
                ("version", "1"),
                ("keep_owner", "yes"),
                ("due_on", "2026-11-15"),
            ],
        )
        .await?;
    assert_eq!(done.status(), 303);
    let (_, home) = focal.get_text("/").await?;
    assert!(!home.contains("Send the data template"));
    Ok(())
}

async fn focal_points_run_their_own_citys_events_and_see_their_own_participants(app: TestApp) -> anyhow::Result<()> {
    let phnom_penh = app.signed_in("focal.phnompenh@mekong.example").await?;
    let hue = app.signed_in("focal.hue@mekong.example").await?;
    let id = event_id(&phnom_penh, "urban data standards").await?;
    assert_eq!(phnom_penh.get(&format!("/events/{id}/edit")).await?.status(), 200);
    assert_eq!(hue.get(&format!("/events/{id}/edit")).await?.status(), 403);
    assert_eq!(hue.get(&format!("/events/{id}/attendance.pdf")).await?.status(), 403);
    // Huế's focal point sees only Huế's participants of Phnom Penh's event.
    let detail: serde_json::Value = hue.get(&format!("/api/v1/events/{id}")).await?.json().await?;
    let cities: Vec<&str> =
        detail["participants"].as_array().into_iter().flatten().filter_map(|p| p["city"].as_str()).collect();
    assert_eq!(cities, ["VN-HUI"]);
    let public: serde_json::Value = app.visitor().await?.get(&format!("/api/v1/events/{id}")).await?.json().await?;
    assert_eq!(public["participants"].as_array().map(Vec::len), Some(0));
    // A focal point cannot create an event hosted by another city.
    let fields = [
        ("kind", "workshop"),
        ("status", "draft"),
        ("title_vi", "Hội thảo"),
        ("host_city", "KH-PNH"),
        ("venue", "Huế"),
        ("starts", "2027-02-01T09:00"),
        ("ends", "2027-02-01T12:00"),
        ("time_zone", "Asia/Ho_Chi_Minh"),
        ("version", "0"),
    ];
    let refused = hue.post_form("/events", &fields).await?;
    assert_eq!(refused.status(), 422);
    let own: Vec<(&str, &str)> =
        fields.iter().map(|(k, v)| if *k == "host_city" { (*k, "VN-HUI") } else { (*k, *v) }).collect();
    assert_eq!(hue.post_form("/events", &own).await?.status(), 303);
    // Drafts are seen by their organisers only.
    assert_eq!(drafts(&hue).await?, 1);
    assert_eq!(drafts(&phnom_penh).await?, 0);
    assert_eq!(drafts(&app.visitor().await?).await?, 0);
    Ok(())
}

/// How many draft events a visitor sees.
async fn drafts(session: &HttpSession) -> anyhow::Result<usize> {
    let events: serde_json::Value = session.get("/api/v1/events").await?.json().await?;
    Ok(events.as_array().into_iter().flatten().filter(|e| e["status"] == "draft").count())
}

async fn a_stale_edit_of_an_event_is_a_conflict(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let id = create_event(&coordinator, "Conflict test", "", false).await?;
    let fields = |title: &'static str| {
        vec![
            ("kind", "workshop"),
            ("status", "announced"),
            ("title_en", title),
            ("host_city", "KH-PNH"),
            ("venue", "City Hall"),
            ("starts", "2027-01-20T09:00"),
            ("ends", "2027-01-21T17:00"),
            ("time_zone", "Asia/Phnom_Penh"),
            ("version", "1"),
        ]
    };
    assert_eq!(coordinator.post_form(&format!("/events/{id}"), &fields("First edit")).await?.status(), 303);
    // The host organisation is named by its exact name, and an unknown one is refused.
    let mut hosted = fields("First edit");
    hosted.retain(|(k, _)| *k != "version");
    hosted.extend([("version", "2"), ("host_organisation", "UN-Habitat")]);
    let response = coordinator.post_form(&format!("/events/{id}"), &hosted).await?;
    assert_eq!(response.status(), 303);
    let (_, page) = coordinator.get_text(&format!("/events/{id}")).await?;
    assert!(page.contains("ONU-Habitat") || page.contains("UN-Habitat"), "the host organisation is shown");
    let mut unknown = fields("First edit");
    unknown.retain(|(k, _)| *k != "version");
    unknown.extend([("version", "3"), ("host_organisation", "No such body")]);
    assert_eq!(coordinator.post_form(&format!("/events/{id}"), &unknown).await?.status(), 422);
    let stale = coordinator.post_form(&format!("/events/{id}"), &fields("Second edit")).await?;
    assert_eq!(stale.status(), 409, "version 1 is stale");
    let body = stale.text().await?;
    assert!(body.contains("id=\"conflict\"") && body.contains("<td>First edit</td>"), "the saved version is shown");
    assert!(body.contains("value=\"Second edit\""), "the input is kept");
    assert!(body.contains("name=\"version\" value=\"3\""), "saving again replaces the saved version");
    let (_, page) = coordinator.get_text(&format!("/events/{id}")).await?;
    assert!(page.contains("First edit") && !page.contains("Second edit"));
    // Bad input is named field by field, in the reader's language.
    let mut bad = fields("Bad");
    bad.retain(|(k, _)| *k != "venue");
    bad.push(("ends", "2027-01-19T09:00"));
    bad.push(("time_zone", "Mars/Olympus"));
    let response = coordinator.post_form("/events", &bad).await?;
    assert_eq!(response.status(), 422);
    let text = response.text().await?;
    assert!(text.contains("La fin doit venir après le début") && text.contains("Indiquez un lieu ou un lien en ligne"));
    Ok(())
}

async fn a_personal_calendar_feed_lists_the_events_one_takes_part_in(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let id = create_event(&coordinator, "Feed test", "", true).await?;
    // The coordinator registers with their own account's address.
    let guest = app.visitor().await?;
    guest.get(&format!("/events/{id}/register")).await?;
    guest
        .post_form(
            &format!("/events/{id}/register"),
            &[("name", "Coordinator"), ("email", "coordinator@mekong.example")],
        )
        .await?;
    let page = coordinator.post_form("/account/calendar-feed", &[]).await?.text().await?;
    let link = page
        .split("id=\"calendar-feed-link\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap_or_default()
        .to_owned();
    let path = link.trim_start_matches(&app.url("")).to_owned();
    assert!(path.starts_with("/calendar/"), "{link}");
    let feed = app.visitor().await?.get(&path).await?.text().await?;
    let (_, entries) = parse_calendar(&feed)?;
    assert!(entries.iter().any(|e| prop(e, "SUMMARY") == Some("Feed test")));
    // A new link retires the old one.
    coordinator.post_form("/account/calendar-feed", &[]).await?;
    assert_eq!(app.visitor().await?.get(&path).await?.status(), 404);
    Ok(())
}

async fn two_registrations_for_the_last_place_do_not_both_get_it(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let id = create_event(&coordinator, "One seat left", "1", true).await?;
    let (first, second) = (app.visitor().await?, app.visitor().await?);
    for guest in [&first, &second] {
        guest.get(&format!("/events/{id}/register")).await?;
    }
    let path = format!("/events/{id}/register");
    let (a, b) = tokio::join!(
        first.post_form(&path, &[("name", "Ada"), ("email", "ada@example.org")]),
        second.post_form(&path, &[("name", "Bao"), ("email", "bao@example.org")]),
    );
    assert_eq!((a?.status().as_u16(), b?.status().as_u16()), (303, 303));
    let detail: serde_json::Value = coordinator.get(&format!("/api/v1/events/{id}")).await?.json().await?;
    let mut statuses: Vec<&str> =
        detail["participants"].as_array().into_iter().flatten().filter_map(|p| p["status"].as_str()).collect();
    statuses.sort_unstable();
    assert_eq!(statuses, ["accepted", "waiting"], "one place, one on the waiting list");
    Ok(())
}

async fn one_address_cannot_fill_an_open_event(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let id = create_event(&coordinator, "Popular workshop", "", true).await?;
    let guest = app.visitor().await?;
    guest.get(&format!("/events/{id}/register")).await?;
    let path = format!("/events/{id}/register");
    // An office may register twenty of its staff within the hour...
    for i in 0..20 {
        let email = format!("staff{i}@office.example.org");
        let response = guest.post_form(&path, &[("name", "Staff member"), ("email", &email)]).await?;
        assert_eq!(response.status(), 303, "registration {i}");
    }
    // ...not more: the next one waits, in the reader's language.
    let refused = guest.post_form(&path, &[("name", "One more"), ("email", "more@office.example.org")]).await?;
    assert_eq!(refused.status(), 429);
    // An hour later it may go on.
    app.clock.advance(jiff::SignedDuration::from_mins(61));
    let later = guest.post_form(&path, &[("name", "One more"), ("email", "more@office.example.org")]).await?;
    assert_eq!(later.status(), 303);
    Ok(())
}

/// The text after `start`, up to the next double quote.
fn between_quotes(text: &str, start: &str) -> String {
    text.split(start).nth(1).and_then(|rest| rest.split('"').next()).unwrap_or_default().to_owned()
}

async fn the_organisers_list_pages_fifty_participants_with_search_and_status(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in("coordinator@mekong.example").await?;
    let id = create_event(&coordinator, "Crowded workshop", "", true).await?;
    let guest = app.visitor().await?;
    let path = format!("/events/{id}/register");
    guest.get(&path).await?;
    for i in 0..60 {
        // One address may register twenty people an hour.
        if i > 0 && i % 20 == 0 {
            app.clock.advance(jiff::SignedDuration::from_mins(61));
        }
        let name = if i == 42 { "Souksavanh Phommachanh".to_owned() } else { format!("Guest {i:02}") };
        let email = format!("guest{i}@example.org");
        let response = guest.post_form(&path, &[("name", name.as_str()), ("email", email.as_str())]).await?;
        anyhow::ensure!(response.status() == 303, "registration {i}: {}", response.status());
    }
    let rows = |page: &str| page.matches("<tr><th scope=\"row\"><a href=\"/events/").count();
    let (_, first) = coordinator.get_text(&format!("/events/{id}")).await?;
    assert_eq!(rows(&first), 50, "fifty a page");
    assert!(first.contains("<span>1 / 2</span>"));
    let next =
        first.split("<nav class=\"pager\"").nth(1).map(|nav| between_quotes(nav, "<a href=\"")).unwrap_or_default();
    assert!(next.ends_with("page=2"), "{next}");
    let (_, second) = coordinator.get_text(&format!("/events/{id}?page=2")).await?;
    assert_eq!(rows(&second), 10);
    // Found by name, whatever the case; filtered by status.
    let (_, found) = coordinator.get_text(&format!("/events/{id}?who=souksavanh")).await?;
    assert_eq!(rows(&found), 1);
    assert!(found.contains("Souksavanh Phommachanh"));
    let (_, declined) = coordinator.get_text(&format!("/events/{id}?participant_status=declined")).await?;
    assert_eq!(rows(&declined), 0);
    let (_, accepted) = coordinator.get_text(&format!("/events/{id}?participant_status=accepted&page=2")).await?;
    assert_eq!(rows(&accepted), 10, "the status filter keeps its pages");
    let pager = accepted.split("<nav class=\"pager\"").nth(1).unwrap_or_default();
    let previous = between_quotes(pager, "<a href=\"");
    assert!(previous.contains("participant_status=accepted") && previous.ends_with("page=1"), "{pager}");
    // Counts still cover everyone, not the page.
    assert!(first.contains(": <strong>60</strong>"), "all sixty counted");
    Ok(())
}
