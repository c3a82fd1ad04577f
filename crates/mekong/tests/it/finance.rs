//! The grant's money end to end, on the demo's SGA4 budget: transfers refused past the
//! contract's limit, the conversion method changed and every amount converted again, the
//! procurement and eligibility flags, an approved expense that only a correction changes, the
//! event's travel proposed once, the budget's XLSX round trip (a bad cell changes nothing), the
//! auditor's read-only walk with each document opening recorded, and totals that never add
//! currencies without converting them.

use mekong_app::policy::Actor;
use mekong_core::money::{Currency, Money};
use mekong_testkit::page::between;
use mekong_testkit::{HttpSession, TestApp, backend_tests};

backend_tests!(
    a_transfer_beyond_the_contracts_share_of_a_heading_needs_an_amendment,
    changing_the_conversion_method_converts_every_expense_again,
    the_demo_flags_a_split_purchase_and_a_missing_invoice_until_they_are_justified,
    an_approved_expense_changes_only_through_a_correction,
    an_events_travel_becomes_expenses_once,
    the_budget_sheet_comes_back_and_a_bad_cell_changes_nothing,
    the_auditor_reads_everything_changes_nothing_and_each_opening_is_recorded,
    an_amount_without_a_rate_is_counted_apart_never_added,
);

const COORDINATOR: &str = "coordinator@mekong.example";
const SECRETARIAT: &str = "secretariat@mekong.example";

/// The id of the demo expense whose description contains `text`, from the expenses list.
async fn expense_id(session: &HttpSession, query: &str, text: &str) -> anyhow::Result<String> {
    let (status, page) = session.get_text(&format!("/finance/SGA4/expenses?{query}")).await?;
    anyhow::ensure!(status == 200, "expenses list: {status}");
    let row =
        page.split("<tr>").find(|row| row.starts_with("<th scope=\"row\">") && row.contains(text)).unwrap_or_default();
    let id = between(row, "href=\"/expenses/", "\"");
    anyhow::ensure!(!id.is_empty(), "no expense with {text:?} in {query}");
    Ok(id)
}

/// The number in a form's hidden `version` field.
fn version_of(page: &str) -> String {
    between(page, "name=\"version\" value=\"", "\"")
}

fn euros(whole: i64) -> Money {
    Money::new(whole * 100, Currency::EUR)
}

/// An expense's conversion to euros; an error while it has none.
async fn conversion_of(app: &TestApp, id: &str) -> anyhow::Result<mekong_core::finance::conversion::Conversion> {
    let id = mekong_core::ids::ExpenseId(uuid::Uuid::parse_str(id)?);
    let view = app.app.expense(&Actor::command_line(), id).await?;
    view.expense.conversion.ok_or_else(|| anyhow::anyhow!("not converted"))
}

/// The demo budget's line `code` as the app holds it.
async fn line_total(app: &TestApp, code: &str) -> anyhow::Result<Money> {
    let view = app.app.budget(&Actor::command_line(), "SGA4", None).await?;
    let line = view.budget.lines.iter().find(|l| l.code == code).ok_or_else(|| anyhow::anyhow!("line {code}"))?;
    Ok(view.budget.current(line, None)?)
}

async fn a_transfer_beyond_the_contracts_share_of_a_heading_needs_an_amendment(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    // Heading 2 (travel) holds 49,800.00 EUR over the three years: 25 % is 12,450.00.
    let transfer = |amount: &'static str| {
        vec![
            ("year", "2026"),
            ("from", "2.1"),
            ("to", "5.5"),
            ("amount", amount),
            ("reason", "Translation of the good-practice guide"),
        ]
    };
    let refused = coordinator.post_form("/finance/SGA4/transfers", &transfer("12450,01")).await?;
    assert_eq!(refused.status(), 422);
    assert!(
        refused.text().await?.contains("Un avenant au contrat est nécessaire"),
        "refused in the coordinator's French"
    );
    assert_eq!(line_total(&app, "2.1").await?, euros(39_000), "nothing moved");
    // 13,000.00 is all line 2.1 holds in 2026, so the limit is reached in two transfers.
    let first = coordinator.post_form("/finance/SGA4/transfers", &transfer("6450,00")).await?;
    assert_eq!(first.status(), 303);
    let exactly = coordinator
        .post_form(
            "/finance/SGA4/transfers",
            &[("year", "2027"), ("from", "2.1"), ("to", "5.5"), ("amount", "6000,00"), ("reason", "Idem")],
        )
        .await?;
    assert_eq!(exactly.status(), 303, "12,450.00 in all: exactly 25 % of the heading");
    let one_more_cent = coordinator
        .post_form(
            "/finance/SGA4/transfers",
            &[("year", "2027"), ("from", "2.2"), ("to", "5.5"), ("amount", "0,01"), ("reason", "Idem")],
        )
        .await?;
    assert_eq!(one_more_cent.status(), 422, "a cent past the limit");
    assert_eq!(line_total(&app, "2.1").await?, euros(26_550));
    let (_, page) = coordinator.get_text("/finance/SGA4").await?;
    assert!(page.contains("Translation of the good-practice guide"), "the transfer is listed with its reason");
    let unbalanced = coordinator
        .post_form(
            "/finance/SGA4/transfers",
            &[("year", "2026"), ("from", "4.2"), ("to", "8"), ("amount", "2000"), ("reason", "x")],
        )
        .await?;
    assert_eq!(unbalanced.status(), 422, "indirect costs would pass 7 % of the direct costs");
    Ok(())
}

async fn changing_the_conversion_method_converts_every_expense_again(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    let rent = expense_id(&coordinator, "currency=USD&year=2025", "Office rent").await?;
    let monthly = conversion_of(&app, &rent).await?;
    assert_eq!(monthly.basis, "2025-10", "the month of the expense (the last rent of 2025 is paid in October)");
    let (_, page) = coordinator.get_text("/finance/SGA4").await?;
    let settings = |method: &'static str, version: String| {
        vec![
            ("indirect", "7".to_owned()),
            ("contingency", "5".to_owned()),
            ("transfers", "25".to_owned()),
            ("method", method.to_owned()),
            ("edition", "PRAG 2021 (example)".to_owned()),
            ("version", version),
        ]
    };
    let form = settings("period_average", between(&page, "name=\"version\" value=\"", "\""));
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let saved = coordinator.post_form("/finance/SGA4/settings", &fields).await?;
    assert_eq!(saved.status(), 303);
    let (_, page) = coordinator.get_text(saved.headers()["location"].to_str()?).await?;
    assert!(page.contains("converties à nouveau"), "says the amounts were converted again");
    let average = conversion_of(&app, &rent).await?;
    assert_eq!(average.basis, "2025-01..2025-12 (12)", "the year's twelve example rates");
    assert_ne!(average.converted, monthly.converted);
    assert!(average.example, "example rates stay marked as such");
    let form = settings("accounting_rate", version_of(&coordinator.get_text("/finance/SGA4").await?.1));
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(coordinator.post_form("/finance/SGA4/settings", &fields).await?.status(), 303);
    assert!(conversion_of(&app, &rent).await.is_err(), "no funds received in dollars yet: not converted");
    let received = coordinator
        .post_form(
            "/finance/SGA4/receipts",
            &[("date", "2025-01-10"), ("sent", "100000,00"), ("received", "104500,00"), ("currency", "USD")],
        )
        .await?;
    assert_eq!(received.status(), 303);
    let accounting = conversion_of(&app, &rent).await?;
    assert_eq!(accounting.basis, "2025-01-10");
    assert_eq!(accounting.rate.to_string(), "1.045");
    Ok(())
}

async fn the_demo_flags_a_split_purchase_and_a_missing_invoice_until_they_are_justified(
    app: TestApp,
) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    let (_, flagged) = coordinator.get_text("/finance/SGA4/expenses?flagged=1").await?;
    assert_eq!(
        flagged.matches("Printing of the good-practice booklet").count(),
        2,
        "both orders of the split purchase"
    );
    assert!(flagged.contains("Interpretation, Vientiane seminar"), "the missing invoice");
    let printing = expense_id(&coordinator, "flagged=1", "Printing").await?;
    let secretariat = app.signed_in(SECRETARIAT).await?;
    let (_, page) = secretariat.get_text(&format!("/expenses/{printing}")).await?;
    let approve =
        secretariat.post_form(&format!("/expenses/{printing}/approve"), &[("version", &version_of(&page))]).await?;
    assert_eq!(approve.status(), 422, "not approved while a flag is open");
    let (_, page) = coordinator.get_text(&format!("/expenses/{printing}")).await?;
    let resolved = coordinator
        .post_form(
            &format!("/expenses/{printing}/flags/splitting"),
            &[
                ("version", &version_of(&page)),
                ("justification", "Two separate print runs, reviewed by the secretariat"),
            ],
        )
        .await?;
    assert_eq!(resolved.status(), 303);
    let (_, page) = secretariat.get_text(&format!("/expenses/{printing}")).await?;
    assert!(page.contains("Two separate print runs"), "the justification stays on the expense");
    let approve =
        secretariat.post_form(&format!("/expenses/{printing}/approve"), &[("version", &version_of(&page))]).await?;
    assert_eq!(approve.status(), 303);
    Ok(())
}

async fn an_approved_expense_changes_only_through_a_correction(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    let salary =
        expense_id(&coordinator, "status=approved&year=2025&currency=EUR", "Salary of the network coordinator").await?;
    let (_, page) = coordinator.get_text(&format!("/expenses/{salary}")).await?;
    assert!(!page.contains(&format!("href=\"/expenses/{salary}/edit\"")), "no edit link once approved");
    let edit = coordinator
        .post_form(
            &format!("/expenses/{salary}"),
            &[
                ("version", &version_of(&page)),
                ("date", "2025-01-25"),
                ("amount", "1,00"),
                ("currency", "EUR"),
                ("budget_line", "1.1.1"),
                ("description", "Changed in place"),
                ("kind", "services"),
                ("procedure", "invoice"),
            ],
        )
        .await?;
    assert_eq!(edit.status(), 422);
    assert!(edit.text().await?.contains("Une dépense approuvée ne peut pas être modifiée"));
    let correct = coordinator
        .post_form(
            &format!("/expenses/{salary}/correct"),
            &[("difference", "-200,00"), ("reason", "Unpaid leave in January")],
        )
        .await?;
    assert_eq!(correct.status(), 303);
    let (_, page) = coordinator.get_text(&format!("/expenses/{salary}")).await?;
    assert!(page.contains("3 200,00") || page.contains("3\u{202f}200,00"), "the approved amount is as it was");
    assert!(
        page.contains("-200,00"),
        "the correction is listed on the original: {}",
        between(&page, "corrections-heading", "</ul>")
    );
    Ok(())
}

async fn an_events_travel_becomes_expenses_once(app: TestApp) -> anyhow::Result<()> {
    let actor = Actor::command_line();
    let events: serde_json::Value = app.visitor().await?.get("/api/v1/events").await?.json().await?;
    let (mut created, mut already) = (0, 0);
    for id in events.as_array().into_iter().flatten().filter_map(|e| e["id"].as_str()) {
        let event = mekong_core::ids::EventId(uuid::Uuid::parse_str(id)?);
        let again = app.app.propose_event_expenses(&actor, event, "SGA4", "2.1").await?;
        created += again.created;
        already += again.already;
    }
    assert_eq!(created, 0, "the demo proposed the workshop's travel already");
    assert!(already > 0, "each fare and per diem is found proposed");
    let (_, expenses) = app.signed_in(COORDINATOR).await?.get_text("/finance/SGA4/expenses?status=entered").await?;
    assert!(expenses.contains("per diem"), "the per diems are among the expenses awaiting approval");
    Ok(())
}

async fn the_budget_sheet_comes_back_and_a_bad_cell_changes_nothing(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    let sheet = coordinator.get("/finance/SGA4/budget.xlsx").await?.bytes().await?.to_vec();
    let mut table = mekong_docs::read_table(&sheet)?;
    assert!(table.headers.contains(&"unit_cost_2026".to_owned()));
    assert!(table.rows.iter().any(|r| r.get(1).is_some_and(|c| c.starts_with("7. Total direct"))), "the EU's line 7");
    let upload = |bytes: Vec<u8>| {
        let coordinator = &coordinator;
        async move {
            coordinator
                .post_multipart("/finance/SGA4/budget/import", |form| {
                    form.part("file", reqwest::multipart::Part::bytes(bytes).file_name("budget.xlsx"))
                })
                .await
        }
    };
    let back = upload(sheet.clone()).await?;
    assert_eq!(back.status(), 303, "the file as downloaded reads back");
    let cost_2026 = table.headers.iter().position(|h| h == "unit_cost_2026").unwrap_or_default();
    let rent = table.rows.iter().position(|r| r.first().is_some_and(|c| c == "4.2")).unwrap_or_default();
    let rent_row = rent + 2;
    table.rows[rent][cost_2026] = "500".into();
    let translation = table.rows.iter().position(|r| r.first().is_some_and(|c| c == "5.5")).unwrap_or_default();
    table.rows[translation][cost_2026] = "vingt-cinq".into();
    let refused = upload(mekong_docs::write_xlsx(&table, "Budget")?).await?;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await?;
    assert!(page.contains(&format!("{}:unit_cost_2026", translation + 2)), "the bad cell is named by row and column");
    assert!(!page.contains(&format!("{rent_row}:unit_cost_2026")));
    assert_eq!(line_total(&app, "4.2").await?, euros(16_200), "the good cell changed nothing either");
    table.rows[translation][cost_2026] = "25".into();
    assert_eq!(upload(mekong_docs::write_xlsx(&table, "Budget")?).await?.status(), 303);
    assert_eq!(line_total(&app, "4.2").await?, euros(16_800), "12 months at 500 in 2026");
    Ok(())
}

async fn the_auditor_reads_everything_changes_nothing_and_each_opening_is_recorded(app: TestApp) -> anyhow::Result<()> {
    let auditor = app.signed_in("auditor@mekong.example").await?;
    for page in ["/finance", "/finance/SGA4", "/finance/SGA4/expenses", "/finance/SGA4/variance", "/finance/rates"] {
        assert_eq!(auditor.get(page).await?.status(), 200, "{page}");
    }
    let rent = expense_id(&auditor, "status=approved", "Office rent").await?;
    let (_, page) = auditor.get_text(&format!("/expenses/{rent}")).await?;
    assert!(
        !page.contains("/approve\"") && !page.contains("/correct\"") && !page.contains("/documents\" enctype"),
        "no forms"
    );
    let document = between(&page, &format!("href=\"/expenses/{rent}/documents/"), "\"");
    let opened = auditor.get(&format!("/expenses/{rent}/documents/{document}")).await?;
    assert_eq!(opened.status(), 200);
    assert!(opened.bytes().await?.starts_with(b"%PDF"));
    let (_, page) = app.signed_in(SECRETARIAT).await?.get_text(&format!("/expenses/{rent}")).await?;
    let history = between(&page, "history-heading", "</ul>");
    assert!(history.contains("auditor@mekong.example") && history.contains("expense.document_opened"), "{history}");
    for (path, fields) in [
        (format!("/expenses/{rent}/correct"), vec![("difference", "1"), ("reason", "x")]),
        (
            "/finance/SGA4/transfers".to_owned(),
            vec![("year", "2026"), ("from", "2.1"), ("to", "2.2"), ("amount", "1"), ("reason", "x")],
        ),
        ("/finance/SGA4/expenses".to_owned(), vec![("date", "2026-01-01"), ("amount", "1"), ("currency", "EUR")]),
    ] {
        assert_eq!(auditor.post_form(&path, &fields).await?.status(), 403, "{path}");
    }
    let (_, denied) = app.signed_in("partner@mekong.example").await?.get_text("/finance/SGA4").await?;
    assert!(!denied.contains("Network coordinator (Phnom Penh)"), "a partner sees no budget");
    Ok(())
}

async fn an_amount_without_a_rate_is_counted_apart_never_added(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    // The example rates run to December 2026: none yet for February 2027.
    let before = app.app.variance(&Actor::command_line(), "SGA4", Some(2027)).await?;
    let (_, form) = coordinator.get_text("/finance/SGA4/expenses/new").await?;
    assert!(form.contains("name=\"budget_line\""));
    let created = coordinator
        .post_form(
            "/finance/SGA4/expenses",
            &[
                ("date", "2027-02-10"),
                ("amount", "250000"),
                ("currency", "KHR"),
                ("budget_line", "4.3"),
                ("description", "Paper and toner"),
                ("kind", "supplies"),
                ("procedure", "invoice"),
                ("new_supplier", "Librairie du Mékong"),
                ("new_supplier_country", "KH"),
            ],
        )
        .await?;
    assert_eq!(created.status(), 303, "entered");
    let after = app.app.variance(&Actor::command_line(), "SGA4", Some(2027)).await?;
    let line = |v: &mekong_app::finance::Variance| v.lines.iter().find(|l| l.code == "4.3").cloned();
    let missing = || anyhow::anyhow!("line 4.3");
    let (before_line, after_line) = (line(&before).ok_or_else(missing)?, line(&after).ok_or_else(missing)?);
    assert_eq!(after_line.pending, before_line.pending, "riel without a November rate are not added to euros");
    assert_eq!(after_line.unconverted, before_line.unconverted + 1, "they are counted apart");
    let (_, page) = coordinator.get_text("/finance/SGA4/variance?year=2027").await?;
    assert!(page.contains("pas encore convertie"), "the variance page says so");
    Ok(())
}
