use super::*;
use jiff::civil::date;
use proptest::prelude::*;
use std::path::PathBuf;
use std::process::Command;

fn eur(minor: i64, on: Date) -> Value {
    Value { minor, decimals: 2, currency: None, value_date: on }
}

fn org(reference: &str, kind: &str, name: &str) -> Organisation {
    Organisation { reference: Some(reference.into()), kind: Some(kind.into()), names: vec![Narrative::new("fr", name)] }
}

/// An activity that keeps every rule.
fn sample() -> Activity {
    Activity {
        identifier: "XX-AIMF-SGA4".into(),
        default_currency: Some("EUR".into()),
        lang: Some("fr".into()),
        last_updated: Some(Timestamp::UNIX_EPOCH),
        reporting_org: org("XX-AIMF", "21", "AIMF"),
        titles: vec![Narrative::new("fr", "Villes du Mékong"), Narrative::new("en", "Mekong cities")],
        descriptions: vec![Description { kind: 1, texts: vec![Narrative::new("fr", "Coopération")] }],
        participants: vec![
            (OrganisationRole::Funding, org("XI-IATI-EC_INTPA", "15", "Union européenne")),
            (OrganisationRole::Accountable, org("XX-AIMF", "21", "AIMF")),
            (
                OrganisationRole::Implementing,
                Organisation { names: vec![Narrative::new("km", "ភ្នំពេញ")], ..Default::default() },
            ),
        ],
        status: ActivityStatus::Implementation,
        dates: vec![
            (DateKind::PlannedStart, date(2025, 1, 1)),
            (DateKind::ActualStart, date(2025, 1, 15)),
            (DateKind::PlannedEnd, date(2027, 12, 31)),
        ],
        countries: vec![
            CountryShare { code: "KH".into(), percentage: Some(Percent(3334)) },
            CountryShare { code: "LA".into(), percentage: Some(Percent(3333)) },
            CountryShare { code: "VN".into(), percentage: Some(Percent(3333)) },
        ],
        sectors: vec![
            SectorShare { vocabulary: "1".into(), code: "43030".into(), percentage: Some(Percent(6000)) },
            SectorShare { vocabulary: "1".into(), code: "15112".into(), percentage: Some(Percent(4000)) },
            SectorShare { vocabulary: "7".into(), code: "11".into(), percentage: None },
        ],
        budgets: vec![Budget {
            kind: 1,
            status: 2,
            starts: date(2025, 1, 1),
            ends: date(2025, 12, 31),
            value: eur(10_000_000, date(2025, 1, 1)),
        }],
        transactions: vec![Transaction {
            reference: Some("E-1".into()),
            kind: TransactionKind::Expenditure,
            on: date(2025, 3, 1),
            value: eur(123_450, date(2025, 3, 1)),
            description: vec![Narrative::new("fr", "Billets & <hôtel>")],
            provider: None,
            receiver: Some(Organisation { names: vec![Narrative::new("fr", "Agence")], ..Default::default() }),
        }],
        document_links: vec![DocumentLink {
            url: "https://mekong.example/results/SGA4?a=1&b=2".into(),
            format: "text/html".into(),
            titles: vec![Narrative::new("fr", "Résultats")],
            categories: vec!["A08".into()],
            languages: vec!["fr".into()],
            date: Some(date(2025, 6, 1)),
        }],
        results: vec![ActivityResult {
            kind: ResultKind::Outcome,
            titles: vec![Narrative::new("fr", "Capacités")],
            descriptions: vec![],
            indicators: vec![ResultIndicator {
                measure: MeasureKind::Unit,
                ascending: Some(true),
                titles: vec![Narrative::new("fr", "Participants")],
                descriptions: vec![],
                baselines: vec![Baseline {
                    year: 2024,
                    on: Some(date(2024, 12, 31)),
                    value: Some(0.0),
                    dimensions: vec![],
                    comment: vec![],
                }],
                periods: vec![ResultPeriod {
                    starts: date(2025, 1, 1),
                    ends: date(2025, 12, 31),
                    targets: vec![PointValue { value: Some(120.0), dimensions: vec![], comment: vec![] }],
                    actuals: vec![
                        PointValue { value: Some(130.0), dimensions: vec![], comment: vec![] },
                        PointValue {
                            value: Some(70.5),
                            dimensions: vec![DimensionValue { name: "sex".into(), value: "female".into() }],
                            comment: vec![Narrative::new("fr", "validé")],
                        },
                    ],
                }],
            }],
        }],
    }
}

fn today() -> Date {
    date(2026, 12, 2)
}

fn one(a: Activity) -> Activities {
    Activities { generated: Some(Timestamp::UNIX_EPOCH), activities: vec![a] }
}

fn rules_broken(a: Activity) -> Vec<Rule> {
    check(&one(a), today()).into_iter().map(|b| b.rule).collect()
}

/// The schema copied into the integration tests' fixtures.
fn schema() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../mekong/tests/it/fixtures/iati/iati-activities-schema.xsd")
}

/// `xmllint`'s verdict on `xml`, or None when xmllint is not installed (scripts/test installs it).
fn schema_errors(xml: &[u8]) -> Option<String> {
    let dir = std::env::temp_dir().join(format!("mekong-iati-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    let file = dir.join(format!(
        "{:x}.xml",
        xml.len() ^ xml.iter().fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(usize::from(*b)))
    ));
    std::fs::write(&file, xml).ok()?;
    let run =
        Command::new("xmllint").arg("--nonet").arg("--noout").arg("--schema").arg(schema()).arg(&file).output().ok()?;
    let _ = std::fs::remove_file(&file);
    if run.status.success() { Some(String::new()) } else { Some(String::from_utf8_lossy(&run.stderr).into_owned()) }
}

/// The file read back by an independent parser: its texts, or why it is not well formed.
fn well_formed(xml: &[u8]) -> Result<Vec<String>, String> {
    let text = std::str::from_utf8(xml).map_err(|e| e.to_string())?;
    let doc = roxmltree::Document::parse(text).map_err(|e| e.to_string())?;
    Ok(doc.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).map(str::to_owned).collect())
}

#[test]
fn the_sample_keeps_every_rule_and_is_schema_valid() -> Result<(), String> {
    let activities = one(sample());
    assert_eq!(check(&activities, today()), vec![]);
    let xml = write(&activities);
    well_formed(&xml)?;
    if let Some(errors) = schema_errors(&xml) {
        assert_eq!(errors, "", "{}", String::from_utf8_lossy(&xml));
    }
    let text = String::from_utf8_lossy(&xml);
    assert!(text.contains("Billets &amp; &lt;hôtel&gt;"), "{text}");
    assert!(text.contains(r#"<value value-date="2025-03-01">1234.50</value>"#), "{text}");
    assert!(text.contains(r#"percentage="33.34""#), "{text}");
    Ok(())
}

#[test]
fn each_rule_broken_once_refuses_with_its_message() {
    type Breaks = Box<dyn Fn(&mut Activity)>;
    let cases: Vec<(Rule, Breaks)> = vec![
        (Rule::SectorPercentages, Box::new(|a| a.sectors[1].percentage = Some(Percent(3000)))),
        (Rule::CountryPercentages, Box::new(|a| a.countries[2].percentage = None)),
        (Rule::StartAfterEnd, Box::new(|a| a.dates[2].1 = date(2024, 12, 31))),
        (Rule::FutureDate, Box::new(|a| a.transactions[0].on = date(2027, 1, 1))),
        (Rule::BudgetPeriod, Box::new(|a| a.budgets[0].ends = date(2026, 1, 1))),
        (Rule::Currency, Box::new(|a| a.default_currency = None)),
        (Rule::Identifier, Box::new(|a| a.identifier = "XX-AIMF-SGA4/2".into())),
        (Rule::StartDate, Box::new(|a| a.dates.retain(|(k, _)| *k == DateKind::PlannedEnd))),
        (
            Rule::Language,
            Box::new(|a| {
                a.lang = None;
                a.titles[0].lang = None;
            }),
        ),
    ];
    for (rule, breaks) in cases {
        let mut a = sample();
        breaks(&mut a);
        let breaches = check(&one(a), today());
        assert!(!breaches.is_empty() && breaches.iter().all(|b| b.rule == rule), "{rule:?}: {breaches:?}");
        let message = breaches[0].to_string();
        assert!(message.starts_with("XX-AIMF-SGA4"), "{message}");
        assert!(!breaches[0].place.is_empty(), "{rule:?}");
    }
}

#[test]
fn rule_details() {
    // An actual end in the future, a budget of exactly a year, an identifier not under the
    // reporting organisation's, a single country without a share.
    let mut a = sample();
    a.dates.push((DateKind::ActualEnd, date(2027, 1, 1)));
    assert_eq!(rules_broken(a), vec![Rule::FutureDate]);
    let mut a = sample();
    a.budgets[0].ends = date(2025, 12, 31);
    a.budgets[0].starts = date(2025, 1, 1);
    assert_eq!(rules_broken(a), vec![]);
    let mut a = sample();
    a.identifier = "YY-OTHER-SGA4".into();
    assert_eq!(rules_broken(a), vec![Rule::Identifier]);
    let mut a = sample();
    a.countries = vec![CountryShare { code: "KH".into(), percentage: None }];
    assert_eq!(rules_broken(a), vec![]);
    let mut a = sample();
    a.default_currency = None;
    a.budgets[0].value.currency = Some("EUR".into());
    a.transactions[0].value.currency = Some("EUR".into());
    assert_eq!(rules_broken(a), vec![]);
    let mut a = sample();
    a.results[0].indicators[0].periods[0].ends = date(2024, 1, 1);
    assert_eq!(rules_broken(a), vec![Rule::StartAfterEnd]);
}

#[test]
fn values_and_percentages_are_written_as_decimals() {
    assert_eq!(Value { minor: -5, decimals: 2, currency: None, value_date: today() }.decimal(), "-0.05");
    assert_eq!(Value { minor: 1_500_000, decimals: 0, currency: None, value_date: today() }.decimal(), "1500000");
    assert_eq!(Percent(10_000).to_string(), "100");
    assert_eq!(Percent(5).to_string(), "0.05");
    assert_eq!(number(2.5), "2.5");
    assert_eq!(number(120.0), "120");
}

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("&".to_owned()),
            Just("<".to_owned()),
            Just(">".to_owned()),
            Just("\"'".to_owned()),
            Just("\r\n".to_owned()),
            Just("\n".to_owned()),
            Just("]]>".to_owned()),
            Just("\u{1}\u{0}".to_owned()),
            Just("ភ្នំពេញ".to_owned()),
            Just("Huế".to_owned()),
            "[a-zA-Z ]{0,8}",
        ],
        1..8,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Whatever names, counts and amounts it is given, the file is well formed, keeps every
    /// text (escaped) and follows the schema's order.
    #[test]
    fn any_input_writes_valid_xml(
        name in text_strategy(),
        comment in text_strategy(),
        transactions in 0usize..4,
        results in 0usize..3,
        minor in any::<i64>(),
        with_description in any::<bool>(),
    ) {
        let mut a = sample();
        a.titles.push(Narrative::new("en", &name));
        a.reporting_org.names = vec![Narrative::new("fr", &name)];
        a.participants[2].1.names = vec![Narrative::new("vi", &name)];
        a.transactions = (0..transactions).map(|i| Transaction {
            reference: Some(format!("E-{i}")),
            description: if with_description { vec![Narrative::new("fr", &comment)] } else { vec![] },
            value: Value { minor, ..a.transactions[0].value.clone() },
            ..a.transactions[0].clone()
        }).collect();
        let result = a.results[0].clone();
        a.results = (0..results).map(|_| result.clone()).collect();
        for r in &mut a.results {
            r.titles[0].text = name.clone();
            r.indicators[0].periods[0].actuals[1].comment = vec![Narrative::new("fr", &comment)];
        }
        let xml = write(&one(a));
        let texts = well_formed(&xml).map_err(|e| TestCaseError::fail(format!("{e}: {}", String::from_utf8_lossy(&xml))))?;
        let cleaned = clean(&name);
        if !cleaned.trim().is_empty() {
            prop_assert!(texts.concat().contains(cleaned.trim()), "{cleaned:?} not in {texts:?}");
        }
        if let Some(errors) = schema_errors(&xml) {
            prop_assert_eq!(errors, "");
        }
    }
}
