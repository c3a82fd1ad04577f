//! The IATI export of the demo programme: the file validates against the IATI 2.03 schema
//! (copied in fixtures/iati, checked with xmllint), and read back by an independent parser it
//! holds the approved expenses and not the others, the budget per year of the finance budget,
//! and the validated values as actuals; the settings form checks its fields, its version and
//! records the change; an export that would break IATI's rules is refused, naming them; the
//! command line writes the same file.

use mekong_app::policy::Actor;
use mekong_app::results::GridScope;
use mekong_core::finance::expenses::ExpenseStatus;
use mekong_core::results::{Measure, ValueStatus};
use mekong_testkit::page::between;
use mekong_testkit::{HttpSession, TestApp, backend_tests};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

backend_tests!(
    the_demo_export_is_schema_valid_and_holds_the_live_records,
    the_settings_form_checks_its_fields_and_version_and_is_recorded,
    an_export_that_breaks_a_rule_is_refused_naming_it,
    the_command_line_writes_the_same_valid_file,
);

const COORDINATOR: &str = "coordinator@mekong.example";

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/it/fixtures/iati")
}

/// Validates `file` with xmllint against the fixtures' schema. Without xmllint the check is
/// skipped, unless MEKONG_REQUIRE_ALL asks for every check (scripts/test installs it).
fn assert_schema_valid(file: &Path) -> anyhow::Result<()> {
    let schema = fixtures().join("iati-activities-schema.xsd");
    let run = Command::new("xmllint").arg("--nonet").arg("--noout").arg("--schema").arg(&schema).arg(file).output();
    match run {
        Ok(out) => {
            anyhow::ensure!(
                out.status.success(),
                "xmllint refused {}: {}",
                file.display(),
                String::from_utf8_lossy(&out.stderr).chars().take(4000).collect::<String>()
            );
            Ok(())
        }
        Err(_) if std::env::var_os("MEKONG_REQUIRE_ALL").is_none() => Ok(()),
        Err(e) => anyhow::bail!("xmllint (libxml2-utils) is required: {e}"),
    }
}

/// The codes of a codelist copied in the fixtures.
fn codelist(name: &str) -> anyhow::Result<BTreeSet<String>> {
    let text = std::fs::read_to_string(fixtures().join("codelists").join(format!("{name}.xml")))?;
    let doc = roxmltree::Document::parse(&text)?;
    Ok(doc.descendants().filter(|n| n.has_tag_name("code")).filter_map(|n| n.text()).map(str::to_owned).collect())
}

fn child<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<roxmltree::Node<'a, 'a>> {
    node.children().find(|c| c.has_tag_name(name))
}

fn attr(node: Option<roxmltree::Node<'_, '_>>, name: &str) -> String {
    node.and_then(|n| n.attribute(name)).unwrap_or_default().to_owned()
}

async fn download(session: &HttpSession) -> anyhow::Result<String> {
    let response = session.get("/results/SGA4/iati.xml").await?;
    anyhow::ensure!(response.status() == 200, "iati.xml: {}", response.status());
    let kind = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    anyhow::ensure!(kind.starts_with("application/xml"), "{kind}");
    Ok(response.text().await?)
}

/// Sum (or mean, for percentages) of the validated totals of each indicator in the period
/// `code`, over every scope that reports it: what the file's actuals must say.
async fn validated_totals(app: &TestApp, code: &str) -> anyhow::Result<BTreeMap<String, f64>> {
    let actor = Actor::command_line();
    let logframe = app.app.logframe(&actor, "SGA4").await?;
    let period = logframe.periods.iter().find(|p| p.code == code).ok_or_else(|| anyhow::anyhow!("period {code}"))?;
    let mut scopes = vec![GridScope::Network];
    for city in app.app.list_cities(&actor).await?.iter() {
        scopes.push(GridScope::City(city.code.clone()));
    }
    let mut sums: BTreeMap<String, (f64, u32, Measure)> = BTreeMap::new();
    for scope in scopes {
        let grid = app.app.grid(&actor, "SGA4", period.id, scope).await?;
        for row in grid.rows {
            for (cell, value) in row.cells {
                if let Some(v) = value.filter(|v| cell.is_empty() && v.status == ValueStatus::Validated)
                    && let Some(number) = v.value
                {
                    let entry = sums.entry(row.indicator.code.clone()).or_insert((0.0, 0, row.indicator.measure));
                    entry.0 += number;
                    entry.1 += 1;
                }
            }
        }
    }
    Ok(sums
        .into_iter()
        .map(|(code, (sum, n, measure))| {
            (code, if measure == Measure::Percentage { sum / f64::from(n.max(1)) } else { sum })
        })
        .collect())
}

async fn the_demo_export_is_schema_valid_and_holds_the_live_records(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    let (status, dashboard) = coordinator.get_text("/results/SGA4").await?;
    assert_eq!(status, 200);
    assert!(dashboard.contains("href=\"/results/SGA4/iati.xml\""), "the results page links the file");
    let xml = download(&coordinator).await?;
    let file = app.database.data_dir.path().join("iati-SGA4.xml");
    std::fs::write(&file, &xml)?;
    assert_schema_valid(&file)?;

    let doc = roxmltree::Document::parse(&xml)?;
    let root = doc.root_element();
    assert_eq!(root.attribute("version"), Some("2.03"));
    let activity = child(root, "iati-activity").ok_or_else(|| anyhow::anyhow!("no activity"))?;
    assert_eq!(activity.attribute("default-currency"), Some("EUR"));
    let identifier = child(activity, "iati-identifier").and_then(|n| n.text()).unwrap_or_default();
    assert_eq!(identifier, "XX-AIMF-PLACEHOLDER-SGA4", "the placeholder, until the coordinator enters AIMF's");
    let titles: BTreeSet<&str> = child(activity, "title")
        .into_iter()
        .flat_map(|t| t.children())
        .filter_map(|n| n.attribute(("http://www.w3.org/XML/1998/namespace", "lang")))
        .collect();
    assert_eq!(titles, BTreeSet::from(["en", "fr", "km", "lo", "vi"]), "a title in each language the programme has");

    // Codes come from the IATI codelists.
    let roles = codelist("OrganisationRole")?;
    let participants: Vec<_> = activity.children().filter(|n| n.has_tag_name("participating-org")).collect();
    assert!(participants.iter().all(|p| roles.contains(p.attribute("role").unwrap_or_default())));
    for role in ["1", "2", "4"] {
        assert!(participants.iter().any(|p| p.attribute("role") == Some(role)), "a participant of role {role}");
    }
    assert!(codelist("ActivityStatus")?.contains(&attr(child(activity, "activity-status"), "code")));
    let transaction_types = codelist("TransactionType")?;
    let currencies = codelist("Currency")?;
    let sector_vocabularies = codelist("SectorVocabulary")?;
    let result_types = codelist("ResultType")?;
    let measures = codelist("IndicatorMeasure")?;

    // Countries and sectors add up to 100.
    let share = |name: &str| -> f64 {
        activity
            .children()
            .filter(|n| n.has_tag_name(name))
            .filter_map(|n| n.attribute("percentage")?.parse::<f64>().ok())
            .sum()
    };
    assert!((share("recipient-country") - 100.0).abs() < 1e-9);
    assert!((share("sector") - 100.0).abs() < 1e-9);
    let countries: BTreeSet<String> =
        activity.children().filter(|n| n.has_tag_name("recipient-country")).map(|n| attr(Some(n), "code")).collect();
    assert_eq!(countries, BTreeSet::from(["KH".to_owned(), "LA".to_owned(), "VN".to_owned()]));
    assert!(
        activity
            .children()
            .filter(|n| n.has_tag_name("sector"))
            .all(|n| sector_vocabularies.contains(n.attribute("vocabulary").unwrap_or_default()))
    );

    // The budget per year is the finance budget's total for that year.
    let view = app.app.budget(&Actor::command_line(), "SGA4", None).await?;
    let budgets: BTreeMap<String, String> = activity
        .children()
        .filter(|n| n.has_tag_name("budget"))
        .map(|b| {
            let year = attr(child(b, "period-start"), "iso-date").chars().take(4).collect::<String>();
            (year, child(b, "value").and_then(|v| v.text()).unwrap_or_default().to_owned())
        })
        .collect();
    assert!(!budgets.is_empty());
    for year in view.years() {
        let total = view.budget.summary(Some(year))?.total;
        // A year without budget has no budget element.
        let expected =
            (!total.is_zero()).then(|| format!("{}.{:02}", total.amount_minor() / 100, total.amount_minor() % 100));
        assert_eq!(budgets.get(&year.to_string()), expected.as_ref(), "budget {year}");
    }

    // Expenditure: every approved expense, and none entered or returned.
    let mut approved = BTreeSet::new();
    let mut others = BTreeSet::new();
    for status in ExpenseStatus::ALL {
        let filter = mekong_app::finance::ExpenseFilter { status: Some(status), ..Default::default() };
        let mut page = 0;
        loop {
            let (_, expenses, total) = app.app.expenses(&Actor::command_line(), "SGA4", &filter, page).await?;
            for e in &expenses {
                if status == ExpenseStatus::Approved {
                    approved.insert(e.number.clone())
                } else {
                    others.insert(e.number.clone())
                };
            }
            page += 1;
            if expenses.is_empty() || page * mekong_app::finance::EXPENSES_PER_PAGE >= total {
                break;
            }
        }
    }
    assert!(!approved.is_empty() && !others.is_empty(), "the demo has both");
    let transactions: Vec<_> = activity.children().filter(|n| n.has_tag_name("transaction")).collect();
    let spent: BTreeSet<String> = transactions
        .iter()
        .filter(|t| attr(child(**t, "transaction-type"), "code") == "4")
        .map(|t| attr(Some(*t), "ref"))
        .collect();
    assert_eq!(spent, approved);
    assert!(spent.is_disjoint(&others));
    let incoming = transactions.iter().filter(|t| attr(child(**t, "transaction-type"), "code") == "1").count();
    assert_eq!(incoming, view.receipts.len(), "funds received as incoming funds");
    for t in &transactions {
        assert!(transaction_types.contains(&attr(child(*t, "transaction-type"), "code")));
        assert!(currencies.contains(&attr(child(*t, "value"), "currency")));
        assert_eq!(attr(child(*t, "value"), "currency"), "EUR", "converted to the contract's currency");
    }

    // Results: the validated values of 2025 are the actuals; 2026's, only submitted, are not.
    let expected = validated_totals(&app, "2025").await?;
    assert!(!expected.is_empty(), "the demo validated 2025");
    let logframe = app.app.logframe(&Actor::command_line(), "SGA4").await?;
    let results: Vec<_> = activity.children().filter(|n| n.has_tag_name("result")).collect();
    assert!(!results.is_empty());
    let mut checked = 0;
    for result in &results {
        assert!(result_types.contains(result.attribute("type").unwrap_or_default()));
        for indicator in result.children().filter(|n| n.has_tag_name("indicator")) {
            assert!(measures.contains(indicator.attribute("measure").unwrap_or_default()));
            let title = child(indicator, "title")
                .and_then(|t| {
                    t.children().find(|n| n.attribute(("http://www.w3.org/XML/1998/namespace", "lang")) == Some("fr"))
                })
                .and_then(|n| n.text())
                .unwrap_or_default();
            let Some(code) = logframe
                .indicators
                .iter()
                .find(|i| i.name.exact(mekong_core::Lang::Fr) == Some(title))
                .map(|i| i.code.clone())
            else {
                anyhow::bail!("indicator {title:?} not in the logframe");
            };
            for period in indicator.children().filter(|n| n.has_tag_name("period")) {
                let ends = attr(child(period, "period-end"), "iso-date");
                let totals: Vec<f64> = period
                    .children()
                    .filter(|n| n.has_tag_name("actual") && child(*n, "dimension").is_none())
                    .filter_map(|n| n.attribute("value")?.parse().ok())
                    .collect();
                if ends.starts_with("2026") {
                    assert!(totals.is_empty(), "{code}: 2026 is not validated");
                }
                if ends == "2025-12-31" && attr(child(period, "period-start"), "iso-date") == "2025-01-01" {
                    let want = expected.get(&code).copied();
                    assert_eq!(
                        totals.first().copied().map(|v| (v * 1000.0).round()),
                        want.map(|v| (v * 1000.0).round()),
                        "{code}"
                    );
                    checked += usize::from(want.is_some());
                }
            }
        }
    }
    assert!(checked > 0, "some validated values compared");
    Ok(())
}

async fn the_settings_form_checks_its_fields_and_version_and_is_recorded(app: TestApp) -> anyhow::Result<()> {
    let coordinator = app.signed_in(COORDINATOR).await?;
    let (status, page) = coordinator.get_text("/results/SGA4/iati").await?;
    assert_eq!(status, 200);
    assert!(page.contains("XX-AIMF-PLACEHOLDER"), "the placeholder is shown as such");
    assert!(page.contains("class=\"notice\""));
    let version = between(&page, "name=\"version\" value=\"", "\"");
    assert_eq!(version, "0");

    let bad = coordinator
        .post_form(
            "/results/SGA4/iati",
            &[
                ("organisation_ref", "FR RCS/1"),
                ("organisation_type", "21"),
                ("sectors", "43030=60\n15112=30"),
                ("version", "0"),
            ],
        )
        .await?;
    assert_eq!(bad.status(), 422);
    let body = bad.text().await?;
    assert!(body.contains("id=\"organisation_ref-error\""), "field error next to the identifier");
    assert!(body.contains("id=\"sectors-error\""), "field error next to the sectors");

    let fields = [
        ("organisation_ref", "FR-RCS-123456789"),
        ("organisation_type", "21"),
        ("sectors", "43030=50\n15112=30\n15150=20"),
        ("version", "0"),
    ];
    let saved = coordinator.post_form("/results/SGA4/iati", &fields).await?;
    assert_eq!(saved.status(), 303);
    let stale = coordinator.post_form("/results/SGA4/iati", &fields).await?;
    assert_eq!(stale.status(), 409, "a second save from version 0 is a conflict");

    let xml = download(&coordinator).await?;
    assert!(xml.contains("<iati-identifier>FR-RCS-123456789-SGA4</iati-identifier>"));
    assert!(xml.contains(r#"code="15150" percentage="20""#), "{}", &xml[..2000.min(xml.len())]);
    let (_, page) = coordinator.get_text("/results/SGA4/iati").await?;
    assert!(!page.contains("class=\"notice\""), "no longer a placeholder");

    // The change is in the trail.
    let filter =
        mekong_store::audit::AuditFilter { entity_id: Some("SGA4".to_owned()), limit: 50, ..Default::default() };
    let trail = app.app.audit_trail(&Actor::command_line(), filter).await?;
    assert!(trail.iter().any(|e| e.change.action == "iati_settings.updated"), "recorded in the trail");

    // The auditor reads the settings and downloads the file, with no form.
    let auditor = app.signed_in("auditor@mekong.example").await?;
    let (status, page) = auditor.get_text("/results/SGA4/iati").await?;
    assert_eq!(status, 200);
    assert!(!page.contains("name=\"organisation_ref\""));
    download(&auditor).await?;
    Ok(())
}

async fn an_export_that_breaks_a_rule_is_refused_naming_it(app: TestApp) -> anyhow::Result<()> {
    // Back to June 2025: the demo's later expenses and funds would be dated in the future.
    app.clock.advance(jiff::SignedDuration::from_hours(-24 * 545));
    let coordinator = app.signed_in(COORDINATOR).await?;
    let response = coordinator.get("/results/SGA4/iati.xml").await?;
    assert_eq!(response.status(), 422);
    let page = response.text().await?;
    assert!(page.contains("id=\"iati-breaches\""));
    assert!(page.contains("Une date réelle ou de transaction est dans le futur"), "named in the reader's language");
    let breaches = app.app.iati_breaches(&Actor::command_line(), "SGA4").await?;
    assert!(breaches.iter().all(|b| b.rule == mekong_app::iati::IatiRule::FutureDate), "{breaches:?}");
    Ok(())
}

async fn the_command_line_writes_the_same_valid_file(app: TestApp) -> anyhow::Result<()> {
    let dir = app.database.data_dir.path();
    let file = dir.join("sga4.xml");
    let out = Command::new(env!("CARGO_BIN_EXE_mekong"))
        .args(["--data-dir", &dir.to_string_lossy(), "--database-url", &app.database.url])
        .args(["export", "iati", "--programme", "SGA4", &file.to_string_lossy()])
        .output()?;
    anyhow::ensure!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_schema_valid(&file)?;
    let xml = std::fs::read_to_string(&file)?;
    assert!(xml.contains("<iati-identifier>XX-AIMF-PLACEHOLDER-SGA4</iati-identifier>"));
    let missing = Command::new(env!("CARGO_BIN_EXE_mekong"))
        .args(["--data-dir", &dir.to_string_lossy(), "--database-url", &app.database.url])
        .args(["export", "iati", &dir.join("x.xml").to_string_lossy()])
        .output()?;
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("--programme"));
    Ok(())
}
