//! The demo's results framework: an SGA4-style logframe for the network, clearly marked as a
//! demonstration (its outcomes: cooperation between member cities, good practices, projects
//! designed with cities, advocacy), with values entered by the demo focal points, and an action
//! plan for the current year.

use super::demo_actor;
use crate::audit::Change;
use crate::results::Logframe;
use crate::{App, AppError};
use jiff::civil::date;
use mekong_core::directory::CityCode;
use mekong_core::ids::{ActivityId, IndicatorId, LogframeNodeId, PeriodId, ProgrammeId, ValueId};
use mekong_core::results::{
    ActivityStatus, Computation, Dimension, Direction, Indicator, IndicatorValue, Level, LogframeNode, LogframeStatus,
    Measure, Period, PlanActivity, Programme, ReportedBy, TargetValue, ValueStatus,
};
use mekong_core::{Lang, Text};

/// Entries: level, code, parent code, French title, English title.
const ENTRIES: [(Level, &str, &str, &str, &str); 13] = [
    (
        Level::Impact,
        "IMP",
        "",
        "Les villes membres gouvernent des villes plus durables, résilientes et inclusives",
        "Member cities govern more sustainable, resilient and inclusive cities",
    ),
    (
        Level::Outcome,
        "OC1",
        "IMP",
        "Une coopération renforcée entre les villes membres",
        "Stronger cooperation between member cities",
    ),
    (
        Level::Output,
        "OP1.1",
        "OC1",
        "Des échanges entre villes membres organisés",
        "Exchanges between member cities organised",
    ),
    (
        Level::Activity,
        "A1.1.1",
        "OP1.1",
        "Conférence annuelle des villes d’Asie du Sud-Est",
        "Annual conference of South-East Asian cities",
    ),
    (
        Level::Outcome,
        "OC2",
        "IMP",
        "Des bonnes pratiques échangées et appliquées",
        "Good practices exchanged and applied",
    ),
    (
        Level::Output,
        "OP2.1",
        "OC2",
        "Des pratiques documentées et des agents formés",
        "Practices documented and staff trained",
    ),
    (
        Level::Activity,
        "A2.1.1",
        "OP2.1",
        "Ateliers régionaux sur les données urbaines",
        "Regional workshops on urban data",
    ),
    (Level::Outcome, "OC3", "IMP", "Des projets conçus avec les villes", "Projects designed with cities"),
    (Level::Output, "OP3.1", "OC3", "Une assistance technique aux villes", "Technical assistance to cities"),
    (
        Level::Activity,
        "A3.1.1",
        "OP3.1",
        "Missions d’appui à la conception de projets",
        "Project design support missions",
    ),
    (Level::Outcome, "OC4", "IMP", "Un plaidoyer porté par le réseau", "Advocacy carried by the network"),
    (Level::Output, "OP4.1", "OC4", "Des positions communes publiées", "Common positions published"),
    (
        Level::Activity,
        "A4.1.1",
        "OP4.1",
        "Notes de position pour les instances de l’AIMF",
        "Position notes for AIMF bodies",
    ),
];

/// Indicators: entry, code, English name, unit, measure, who reports, breakdown by sex,
/// computation, baseline (2024), target (2027).
type IndicatorRow =
    (&'static str, &'static str, &'static str, &'static str, Measure, ReportedBy, bool, Option<Computation>, f64, f64);

const INDICATORS: [IndicatorRow; 16] = [
    (
        "IMP",
        "IMP.1",
        "Member cities with a sustainable urban development strategy",
        "cities",
        Measure::YesNo,
        ReportedBy::Cities,
        false,
        None,
        3.0,
        9.0,
    ),
    (
        "OC1",
        "OC1.1",
        "Meetings held between member cities",
        "meetings",
        Measure::Number,
        ReportedBy::Coordinator,
        false,
        Some(Computation::MeetingsHeld),
        1.0,
        4.0,
    ),
    (
        "OC1",
        "OC1.2",
        "Participants in exchanges, of which women",
        "participants",
        Measure::Number,
        ReportedBy::Coordinator,
        true,
        Some(Computation::Participants),
        3.0,
        60.0,
    ),
    (
        "OC1",
        "OC1.3",
        "Member cities taking part in at least one exchange",
        "cities",
        Measure::Number,
        ReportedBy::Coordinator,
        false,
        None,
        5.0,
        11.0,
    ),
    (
        "OP1.1",
        "OP1.1.1",
        "Study visits organised between member cities",
        "visits",
        Measure::Number,
        ReportedBy::Coordinator,
        false,
        None,
        0.0,
        6.0,
    ),
    (
        "OP1.1",
        "OP1.1.2",
        "Steering committee meetings held",
        "meetings",
        Measure::Number,
        ReportedBy::Coordinator,
        false,
        None,
        1.0,
        4.0,
    ),
    (
        "OC2",
        "OC2.1",
        "Good practices documented and shared",
        "practices",
        Measure::Number,
        ReportedBy::Coordinator,
        false,
        None,
        2.0,
        20.0,
    ),
    (
        "OC2",
        "OC2.2",
        "Focal points reporting the use of a shared practice",
        "%",
        Measure::Percentage,
        ReportedBy::Coordinator,
        false,
        None,
        20.0,
        70.0,
    ),
    (
        "OP2.1",
        "OP2.1.1",
        "City applies the common urban data template",
        "yes/no",
        Measure::YesNo,
        ReportedBy::Cities,
        false,
        None,
        0.0,
        8.0,
    ),
    (
        "OP2.1",
        "OP2.1.2",
        "City staff trained in urban data",
        "people",
        Measure::Number,
        ReportedBy::Cities,
        true,
        None,
        10.0,
        150.0,
    ),
    (
        "OC3",
        "OC3.1",
        "Projects designed with member cities",
        "projects",
        Measure::Number,
        ReportedBy::Coordinator,
        false,
        None,
        1.0,
        8.0,
    ),
    (
        "OC3",
        "OC3.2",
        "Funding applications submitted with member cities",
        "applications",
        Measure::Number,
        ReportedBy::Coordinator,
        false,
        None,
        0.0,
        6.0,
    ),
    (
        "OP3.1",
        "OP3.1.1",
        "Technical assistance requests answered",
        "requests",
        Measure::Number,
        ReportedBy::Cities,
        false,
        None,
        2.0,
        30.0,
    ),
    (
        "OC4",
        "OC4.1",
        "Advocacy positions adopted by network bodies",
        "positions",
        Measure::Number,
        ReportedBy::Coordinator,
        false,
        None,
        0.0,
        4.0,
    ),
    (
        "OP4.1",
        "OP4.1.1",
        "Position papers published",
        "papers",
        Measure::Number,
        ReportedBy::Coordinator,
        false,
        None,
        0.0,
        6.0,
    ),
    (
        "OP4.1",
        "OP4.1.2",
        "Member cities’ staff satisfied with the network’s support",
        "%",
        Measure::Percentage,
        ReportedBy::Coordinator,
        false,
        None,
        60.0,
        85.0,
    ),
];

/// Values the demo focal points entered: city, indicator, year, total, women (for the
/// indicators broken down by sex).
const CITY_VALUES: [(&str, &str, i16, f64, Option<f64>); 10] = [
    ("KH-PNH", "IMP.1", 2024, 1.0, None),
    ("KH-PNH", "OP2.1.2", 2024, 12.0, Some(5.0)),
    ("KH-PNH", "OP2.1.2", 2025, 45.0, Some(23.0)),
    ("KH-PNH", "OP3.1.1", 2025, 8.0, None),
    ("KH-PNH", "OP2.1.1", 2025, 1.0, None),
    ("VN-HUI", "IMP.1", 2024, 1.0, None),
    ("VN-HUI", "OP2.1.2", 2024, 8.0, Some(4.0)),
    ("VN-HUI", "OP2.1.2", 2025, 38.0, Some(20.0)),
    ("VN-HUI", "OP3.1.1", 2025, 6.0, None),
    ("VN-HUI", "OP2.1.2", 2026, 21.0, Some(12.0)),
];

/// The coordinator's values: indicator, year, value. Against the 2025 targets (halfway from
/// the baseline to the final target) they give a believable mix: most on track, some at risk,
/// two off track.
const NETWORK_VALUES: [(&str, i16, f64); 9] = [
    ("OC1.3", 2024, 6.0),
    ("OC1.3", 2025, 8.0),
    ("OP1.1.1", 2025, 3.0),
    ("OP1.1.2", 2025, 2.0),
    ("OC2.1", 2025, 10.0),
    ("OC2.2", 2025, 42.0),
    ("OC3.1", 2025, 5.0),
    ("OP4.1.1", 2025, 1.0),
    ("OP4.1.2", 2025, 74.0),
];

impl App {
    /// Loads the demo programme `SGA4` with its approved logframe, values and action plan.
    pub(super) async fn load_demo_results(&self) -> Result<(), AppError> {
        let programme_id = ProgrammeId::new();
        let programme = Programme {
            id: programme_id,
            code: "SGA4".into(),
            title: Text::new()
                .with(Lang::Fr, "Partenariat stratégique AIMF–UE, SGA4 (données de démonstration)")
                .with(Lang::En, "AIMF–EU strategic partnership, SGA4 (demonstration data)"),
            starts: date(2024, 1, 1),
            ends: date(2027, 12, 31),
            funder: "European Union (demo)".into(),
            currency: mekong_core::NETWORK_CURRENCY,
            contract_reference: "DEMO-SGA4-0000".into(),
            status: LogframeStatus::Approved,
            approved_version: 1,
            version: 1,
        };
        let mut nodes: Vec<LogframeNode> = Vec::new();
        for (level, code, parent, fr, en) in ENTRIES {
            let parent = nodes.iter().find(|n| n.code == parent).map(|n| n.id);
            nodes.push(LogframeNode {
                id: LogframeNodeId::new(),
                programme: programme_id,
                level,
                code: code.into(),
                parent,
                title: Text::new().with(Lang::Fr, fr).with(Lang::En, en),
                assumptions: if level == Level::Outcome {
                    "Municipal leadership remains committed to the network.".into()
                } else {
                    String::new()
                },
                version: 1,
            });
        }
        let mut indicators = Vec::new();
        for (entry, code, name, unit, measure, reported_by, by_sex, computation, baseline, target) in INDICATORS {
            let node = nodes
                .iter()
                .find(|n| n.code == entry)
                .map(|n| n.id)
                .ok_or_else(|| AppError::Internal(format!("demo entry {entry}")))?;
            let midway = baseline + (target - baseline) / 2.0;
            indicators.push(Indicator {
                id: IndicatorId::new(),
                programme: programme_id,
                node,
                code: code.into(),
                name: Text::new().with(Lang::En, name),
                unit: unit.into(),
                measure,
                direction: Direction::Up,
                baseline: Some(baseline),
                baseline_on: Some(date(2024, 1, 1)),
                targets: vec![
                    TargetValue { on: date(2025, 12, 31), value: midway.round() },
                    TargetValue { on: date(2027, 12, 31), value: target },
                ],
                sources: if computation.is_some() {
                    "Mekong events records".into()
                } else {
                    "Reports of the focal points".into()
                },
                frequency: "yearly".into(),
                reported_by,
                dimensions: if by_sex { vec![Dimension::Sex] } else { Vec::new() },
                computation,
                version: 1,
            });
        }
        let periods: Vec<Period> = (2024..=2027)
            .map(|year| Period {
                id: PeriodId::new(),
                programme: programme_id,
                code: year.to_string(),
                starts: date(year, 1, 1),
                ends: date(year, 12, 31),
                locked: year == 2024,
                version: 1,
            })
            .collect();
        let focal = |city: &str| {
            let email = match city {
                "KH-PNH" => "focal.phnompenh@mekong.example",
                _ => "focal.hue@mekong.example",
            };
            mekong_core::identity::Email::parse(email).ok()
        };
        let txn = self.store.begin_write().await?;
        txn.save_programme(&programme).await?;
        txn.replace_logframe_nodes(programme_id, &nodes).await?;
        for indicator in &indicators {
            txn.save_indicator(indicator).await?;
        }
        for period in &periods {
            txn.save_period(period).await?;
        }
        let snapshot = Logframe {
            programme: programme.clone(),
            nodes: nodes.clone(),
            indicators: indicators.clone(),
            periods: periods.clone(),
        };
        txn.save_logframe_version(programme_id, 1, &snapshot, self.clock.now()).await?;
        let period_of = |year: i16| periods.iter().find(|p| p.starts.year() == year).map(|p| p.id);
        let status_of = |year: i16| if year <= 2025 { ValueStatus::Validated } else { ValueStatus::Submitted };
        let indicator_of = |code: &str| indicators.iter().find(|i| i.code == code).map(|i| i.id);
        let mut values = Vec::new();
        for (city, code, year, total, women) in CITY_VALUES {
            let author = match focal(city) {
                Some(email) => self.store.find_credentials(&email).await?.map(|c| c.user.id),
                None => None,
            };
            let cells = std::iter::once((String::new(), total))
                .chain(women.map(|w| (mekong_core::results::cell(Dimension::Sex, "female"), w)))
                .chain(women.map(|w| (mekong_core::results::cell(Dimension::Sex, "male"), total - w)));
            for (cell, value) in cells {
                values.push(value_record(
                    indicator_of(code),
                    period_of(year),
                    Some(CityCode::parse(city)?),
                    cell,
                    value,
                    status_of(year),
                    author,
                )?);
            }
        }
        for (code, year, value) in NETWORK_VALUES {
            values.push(value_record(
                indicator_of(code),
                period_of(year),
                None,
                String::new(),
                value,
                status_of(year),
                None,
            )?);
        }
        for value in &values {
            txn.save_value(value).await?;
        }
        let year = self.today().year();
        let plan = [
            (
                "A1.1.1",
                "Annual conference of South-East Asian cities",
                (11, 30),
                (12, 5),
                ActivityStatus::Planned,
                "",
                "KH-PNH, VN-HUI, LA-LPQ",
            ),
            (
                "A2.1.1",
                "Regional workshop on urban data standards",
                (12, 21),
                (12, 22),
                ActivityStatus::Planned,
                "",
                "KH-PNH, LA-VTE",
            ),
            (
                "A2.1.1",
                "Inventory of the cities' urban data",
                (2, 1),
                (6, 30),
                ActivityStatus::Done,
                "",
                "KH-PNH, VN-HUI",
            ),
            (
                "A3.1.1",
                "Project design mission to Luang Prabang",
                (3, 10),
                (4, 15),
                ActivityStatus::Delayed,
                "Postponed at the city's request after the rainy season.",
                "LA-LPQ",
            ),
            (
                "A3.1.1",
                "Technical assistance to Huế's heritage project",
                (5, 1),
                (9, 30),
                ActivityStatus::Ongoing,
                "",
                "VN-HUI",
            ),
            ("A4.1.1", "Position note for the AIMF Bureau", (9, 1), (10, 15), ActivityStatus::Done, "", ""),
        ];
        for ((node, title, (m1, d1), (m2, d2), status, justification, cities), index) in plan.into_iter().zip(0..) {
            let activity = PlanActivity {
                id: ActivityId::new(),
                programme: programme_id,
                year,
                node: nodes.iter().find(|n| n.code == node).map(|n| n.id),
                title: title.into(),
                starts: date(year, m1, d1),
                ends: date(year, m2, d2),
                responsible: if index % 2 == 0 { "Network coordinator".into() } else { "Focal points".into() },
                cities: cities.split(", ").filter_map(|c| CityCode::parse(c).ok()).collect(),
                budget_line: format!("{}.{}", 1 + index / 2, 1 + index % 2),
                status,
                justification: justification.into(),
                progress_notes: String::new(),
                version: 1,
            };
            txn.save_plan_activity(&activity).await?;
        }
        let change = Change {
            action: "programme.demo_loaded",
            entity_type: "programme",
            entity_id: programme.code.clone(),
            before: None,
            after: Some(serde_json::json!({ "indicators": indicators.len(), "values": values.len() })),
        };
        self.record(&txn, demo_actor(), change).await?;
        txn.commit().await?;
        Ok(())
    }
}

fn value_record(
    indicator: Option<IndicatorId>,
    period: Option<PeriodId>,
    city: Option<CityCode>,
    cell: String,
    value: f64,
    status: ValueStatus,
    author: Option<mekong_core::ids::UserId>,
) -> Result<IndicatorValue, AppError> {
    let (Some(indicator), Some(period)) = (indicator, period) else {
        return Err(AppError::Internal("demo value without its indicator or period".into()));
    };
    Ok(IndicatorValue {
        id: ValueId::new(),
        indicator,
        period,
        city,
        cell,
        value: Some(value),
        comment: String::new(),
        evidence: Vec::new(),
        status,
        author,
        review_comment: String::new(),
        version: 1,
    })
}
