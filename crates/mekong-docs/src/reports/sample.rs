//! A snapshot for tests and benchmarks, with Khmer, Lao and Vietnamese names and places, and the
//! documents' words read from the French messages (`report-doc-*` in `main.ftl`).

use std::collections::BTreeMap;

use mekong_core::Lang;
use mekong_core::money::{Currency, Money};
use mekong_core::reporting::{
    ActivityRow, CapCheck, EventFacts, Figure, FigureCell, FinanceFacts, FinanceRow, FundingStatement, KeyFigure,
    LogframeRow, NarrativeFacts, NarrativeSection, ParticipantRow, PeriodFacts, ProgrammeFacts, RecordRef, ReportStage,
    SNAPSHOT_SCHEMA, SectionText, Snapshot, UpcomingEvent, variance_basis_points,
};

const FRENCH_MESSAGES: &str = include_str!("../../../mekong-i18n/locales/fr/main.ftl");

/// The `report-doc-*` messages of a Fluent file (each on one line), as the lead's labels map.
pub fn labels_from_ftl(ftl: &str) -> BTreeMap<String, String> {
    ftl.lines()
        .filter(|line| line.starts_with("report-"))
        .filter_map(|line| line.split_once(" = "))
        .map(|(key, value)| (key.trim().to_owned(), value.trim().to_owned()))
        .collect()
}

/// How big a sample to build: the demo's size is `Scale::DEMO`; the benchmark takes ten times it.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub indicators: usize,
    pub activities: usize,
    pub events: usize,
    pub participants_per_event: usize,
    pub budget_lines: usize,
}

impl Scale {
    pub const DEMO: Scale =
        Scale { indicators: 6, activities: 8, events: 3, participants_per_event: 6, budget_lines: 8 };
    pub const TEN_TIMES_DEMO: Scale =
        Scale { indicators: 160, activities: 400, events: 200, participants_per_event: 30, budget_lines: 1_000 };
}

const PEOPLE: [(&str, &str, &str, &str); 8] = [
    ("សុខ ចាន់ថា", "Sala ràjthani Phnom Penh", "ភ្នំពេញ", "F"),
    ("ສົມພອນ ແກ້ວມະນີ", "Nakhon Luang Vientiane", "ວຽງຈັນ", "M"),
    ("Nguyễn Thị Hương", "UBND thành phố Huế", "Huế", "F"),
    ("Amélie Lefèvre", "Mairie de Besançon", "Besançon", "F"),
    ("ជា សុផល", "Siem Reap Provincial Hall", "សៀមរាប", "M"),
    ("ບຸນມີ ພົມມະຈັນ", "Luang Prabang", "ຫຼວງພະບາງ", "M"),
    ("Trần Văn Đức", "UBND thành phố Đà Nẵng", "Đà Nẵng", "M"),
    ("Lê Hoàng Yến", "Sở Xây dựng Huế", "Huế", "F"),
];

fn euros(cents: i64) -> Money {
    Money::new(cents, Currency::EUR)
}

fn cell(display: impl Into<String>, figure: impl Into<String>) -> FigureCell {
    FigureCell { display: display.into(), figure: figure.into() }
}

fn figure(label: &str, display: &str, kind: &str, count: usize) -> Figure {
    Figure {
        label: label.to_owned(),
        display: display.to_owned(),
        records: (0..count.min(3))
            .map(|index| RecordRef {
                kind: kind.to_owned(),
                id: format!("{kind}-{index}"),
                label: format!("{label} #{index}"),
                contributes: "1".to_owned(),
                evidence: "1 document".to_owned(),
                path: format!("/{kind}s/{index}"),
            })
            .collect(),
    }
}

/// The demo-sized sample.
pub fn sample_snapshot() -> Snapshot {
    scaled_snapshot(Scale::DEMO)
}

/// A sample of the given size: indicators in outcomes of six, activities in outputs, events with
/// their attendance, budget lines in headings of a hundred at most.
pub fn scaled_snapshot(scale: Scale) -> Snapshot {
    let mut figures = BTreeMap::new();
    let mut logframe = Vec::new();
    let mut sections = Vec::new();
    for index in 0..scale.indicators {
        let outcome = index / 6 + 1;
        let code = format!("OC{outcome}");
        let key = format!("value-{code}-I{index}");
        let current = format!("{}", index * 3 + 2);
        figures.insert(key.clone(), figure(&format!("{code}.{index}"), &current, "value", 2));
        logframe.push(LogframeRow {
            level: "Outcome".to_owned(),
            code: code.clone(),
            title: format!("Cities plan their growth with their people ({code}) — ភ្នំពេញ, ວຽງຈັນ, Huế"),
            indicator_code: format!("{code}.{index}"),
            indicator: format!("Number of plans adopted after consultation {index}"),
            unit: "plans".to_owned(),
            baseline: "0".to_owned(),
            target: format!("{}", index * 4 + 5),
            current: cell(current, key),
            sources: "City council minutes".to_owned(),
        });
        if index.is_multiple_of(6) {
            sections.push(NarrativeSection {
                code: code.clone(),
                level: "Outcome".to_owned(),
                title: format!("Urban planning with citizens in ភ្នំពេញ ({code})"),
                text: SectionText {
                    done: "Three workshops were held in ភ្នំពេញ and ວຽງຈັນ; Huế adopted its plan.".to_owned(),
                    deviations: "The Huế workshop moved to March after the floods.".to_owned(),
                    next_steps: "Publish the plans and train the staff of ວຽງຈັນ.".to_owned(),
                },
            });
        }
    }
    let activity = |index: usize| ActivityRow {
        code: format!("A{}.{}", index / 10 + 1, index % 10 + 1),
        title: format!("Workshop on drainage in {}", PEOPLE[index % PEOPLE.len()].2),
        dates: "3–5 March 2025".to_owned(),
        status: if index.is_multiple_of(3) { "Terminée" } else { "En cours" }.to_owned(),
        late: index % 4 == 1,
        cities: format!("{}, {}", PEOPLE[index % PEOPLE.len()].2, PEOPLE[(index + 1) % PEOPLE.len()].2),
        justification: if index % 4 == 1 { "Floods in the region".to_owned() } else { String::new() },
        progress: "Report written".to_owned(),
    };
    let activities: Vec<ActivityRow> = (0..scale.activities).map(activity).collect();
    let next_activities: Vec<ActivityRow> = (0..scale.activities.div_ceil(4)).map(activity).collect();

    let mut events = Vec::new();
    let (mut all, mut all_women, mut all_men) = (0, 0, 0);
    for index in 0..scale.events {
        let attendance: Vec<ParticipantRow> = (0..scale.participants_per_event)
            .map(|number| {
                let (name, organisation, city, sex) = PEOPLE[(index + number) % PEOPLE.len()];
                ParticipantRow {
                    name: name.to_owned(),
                    organisation: organisation.to_owned(),
                    city: city.to_owned(),
                    sex: if sex == "F" { "Femme" } else { "Homme" }.to_owned(),
                    signed: number % 5 != 4,
                }
            })
            .collect();
        let women = attendance.iter().filter(|row| row.sex == "Femme").count();
        let men = attendance.len() - women;
        let (all_key, women_key, men_key) =
            (format!("event-{index}-participants"), format!("event-{index}-women"), format!("event-{index}-men"));
        figures.insert(all_key.clone(), figure("participants", &attendance.len().to_string(), "participant", 3));
        figures.insert(women_key.clone(), figure("women", &women.to_string(), "participant", 2));
        figures.insert(men_key.clone(), figure("men", &men.to_string(), "participant", 2));
        all += attendance.len();
        all_women += women;
        all_men += men;
        events.push(EventFacts {
            id: format!("event-{index}"),
            title: format!("Atelier régional {index} — ការប្រជុំ ភ្នំពេញ"),
            activity_code: format!("A{}.{}", (index % 40) / 10 + 1, index % 10 + 1),
            dates: "3–5 March 2025".to_owned(),
            place: PEOPLE[index % PEOPLE.len()].2.to_owned(),
            participants: cell(attendance.len().to_string(), all_key),
            women: cell(women.to_string(), women_key),
            men: cell(men.to_string(), men_key),
            attendance,
            sheet_path: format!("/events/event-{index}/attendance"),
        });
    }
    figures.insert("participants".to_owned(), figure("participants", &all.to_string(), "event", 3));
    figures.insert("women".to_owned(), figure("women", &all_women.to_string(), "event", 3));
    figures.insert("men".to_owned(), figure("men", &all_men.to_string(), "event", 3));

    let mut rows = Vec::new();
    let headings = scale.budget_lines.div_ceil(100).max(1);
    let (mut total_budget, mut total_spent) = (0, 0);
    for heading in 0..headings {
        let lines = (heading * 100..((heading + 1) * 100).min(scale.budget_lines)).collect::<Vec<_>>();
        let mut line_rows = Vec::new();
        let (mut heading_budget, mut heading_spent) = (0, 0);
        for line in &lines {
            let budget = 1_000_000 + (*line as i64) * 12_345;
            let spent = budget * (60 + (*line as i64 % 50)) / 100;
            let key = format!("line-{heading}-{line}");
            figures.insert(key.clone(), figure("spent", &format!("{spent}"), "expense", 3));
            heading_budget += budget;
            heading_spent += spent;
            line_rows.push(FinanceRow {
                code: format!("{}.{}", heading + 1, line % 100 + 1),
                label: format!("Per diems in {}", PEOPLE[line % PEOPLE.len()].2),
                kind: "line".to_owned(),
                budget: euros(budget),
                spent: euros(spent),
                spent_figure: key,
                spent_by_currency: if line % 3 == 0 {
                    vec![euros(spent / 2), Money::new(spent * 40, Currency::KHR)]
                } else if line % 3 == 1 {
                    vec![Money::new(spent * 25, Currency::LAK)]
                } else {
                    vec![euros(spent)]
                },
                variance: euros(spent - budget),
                variance_basis_points: variance_basis_points(euros(budget), euros(spent)),
            });
        }
        rows.push(FinanceRow {
            code: format!("{}", heading + 1),
            label: format!("Heading {} — ភ្នំពេញ", heading + 1),
            kind: "heading".to_owned(),
            budget: euros(heading_budget),
            spent: euros(heading_spent),
            spent_figure: format!("heading-{heading}"),
            spent_by_currency: vec![euros(heading_spent)],
            variance: euros(heading_spent - heading_budget),
            variance_basis_points: variance_basis_points(euros(heading_budget), euros(heading_spent)),
        });
        figures.insert(format!("heading-{heading}"), figure("spent", &heading_spent.to_string(), "expense", 3));
        rows.extend(line_rows);
        total_budget += heading_budget;
        total_spent += heading_spent;
    }
    rows.push(FinanceRow {
        code: String::new(),
        label: "Total".to_owned(),
        kind: "total".to_owned(),
        budget: euros(total_budget),
        spent: euros(total_spent),
        spent_figure: String::new(),
        spent_by_currency: Vec::new(),
        variance: euros(total_spent - total_budget),
        variance_basis_points: variance_basis_points(euros(total_budget), euros(total_spent)),
    });

    Snapshot {
        schema: SNAPSHOT_SCHEMA,
        id: "0195f3a2-7c1e-7d00-9000-000000000001".to_owned(),
        programme: ProgrammeFacts {
            code: "SGA4".to_owned(),
            title: "Villes durables du Mékong — ភ្នំពេញ, ວຽງຈັນ, Huế".to_owned(),
            beneficiary: "Association Internationale des Maires Francophones (AIMF)".to_owned(),
            contact: "Amélie Lefèvre, amelie@aimf.example".to_owned(),
            partners: vec!["Sala ràjthani ភ្នំពេញ".to_owned(), "Nakhon Luang ວຽງຈັນ".to_owned(), "UBND Huế".to_owned()],
            funder: "Union européenne".to_owned(),
            contract_reference: "CSO-LA/2024/123-456".to_owned(),
            currency: "EUR".to_owned(),
            starts: "1 janvier 2024".to_owned(),
            ends: "31 décembre 2026".to_owned(),
            countries: vec!["Cambodge".to_owned(), "Laos".to_owned(), "Viêt Nam".to_owned()],
        },
        period: PeriodFacts {
            code: "2025".to_owned(),
            starts: "1 janvier 2025".to_owned(),
            ends: "31 décembre 2025".to_owned(),
        },
        language: Lang::Fr,
        stage: ReportStage::Interim,
        taken_at: "15 janvier 2026 à 10:00".to_owned(),
        taken_by: "Coordination AIMF".to_owned(),
        base_url: "https://mekong.example/".to_owned(),
        statement: FundingStatement::CoFunded,
        disclaimer: "Ce document a été produit avec le soutien financier de l'Union européenne.".to_owned(),
        labels: labels_from_ftl(FRENCH_MESSAGES),
        narrative: NarrativeFacts {
            status: "Définitif".to_owned(),
            summary: "L'année 2025 a vu trois villes adopter leur plan : ភ្នំពេញ, ວຽງຈັນ et Huế.\n\
                      Les ateliers ont réuni élus et habitants."
                .to_owned(),
            sections,
            next_period: "Former les services techniques de ວຽງຈັນ et publier les plans.".to_owned(),
            visibility_actions: "Emblème de l'UE sur chaque support ; article dans la lettre de ភ្នំពេញ.".to_owned(),
            signed_off: "Secrétariat permanent, 20 janvier 2026".to_owned(),
        },
        logframe,
        activities,
        next_activities,
        events,
        participants: cell(all.to_string(), "participants"),
        women: cell(all_women.to_string(), "women"),
        men: cell(all_men.to_string(), "men"),
        key_figures: vec![
            KeyFigure { label: "Participants".to_owned(), value: cell(all.to_string(), "participants") },
            KeyFigure { label: "Femmes".to_owned(), value: cell(all_women.to_string(), "women") },
            KeyFigure { label: "Plans adoptés".to_owned(), value: cell("3", "value-OC1-I0") },
            KeyFigure { label: "Budget consommé".to_owned(), value: cell("62 %", "") },
        ],
        upcoming: vec![
            UpcomingEvent {
                title: "Bureau de l'AIMF".to_owned(),
                dates: "12 mars 2026".to_owned(),
                place: "ភ្នំពេញ".to_owned(),
            },
            UpcomingEvent {
                title: "Atelier régional".to_owned(),
                dates: "4–6 mai 2026".to_owned(),
                place: "ວຽງຈັນ".to_owned(),
            },
            UpcomingEvent {
                title: "Comité de pilotage".to_owned(),
                dates: "9 juin 2026".to_owned(),
                place: "Huế".to_owned(),
            },
        ],
        finance: FinanceFacts {
            currency: "EUR".to_owned(),
            method: "Moyenne mensuelle InforEuro de la période".to_owned(),
            rows,
            caps: vec![
                CapCheck {
                    label: "Coûts indirects ≤ 7 % des coûts directs".to_owned(),
                    limit: euros(700_000),
                    used: euros(650_000),
                    respected: true,
                },
                CapCheck {
                    label: "Réserve pour imprévus ≤ 5 %".to_owned(),
                    limit: euros(500_000),
                    used: euros(510_000),
                    respected: false,
                },
            ],
            unconverted: vec![Money::new(1_500_000, Currency::VND), Money::new(25_000, Currency::THB)],
        },
        figures,
    }
}
