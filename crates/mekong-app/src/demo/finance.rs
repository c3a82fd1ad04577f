//! The demo's money, all marked as demonstration data: a three-year SGA4 budget in the EU's
//! headings, example monthly rates, two years of expenses in EUR, USD, KHR, LAK and VND (most
//! approved, with their documents), the upcoming workshop's travel proposed as expenses, one
//! mission with its report and costs, and the cases the rules flag: a split purchase and a
//! missing invoice.

use super::demo_actor;
use crate::audit::Change;
use crate::finance::{BudgetLineDraft, actor_name};
use crate::policy::Actor;
use crate::{App, AppError};
use jiff::civil::{Date, date};
use mekong_core::Lang;
use mekong_core::directory::CityCode;
use mekong_core::finance::conversion::{ExchangeRate, Month, Rate};
use mekong_core::finance::expenses::{DocumentKind, Expense, ExpenseStatus, Origin, SupportingDocument};
use mekong_core::finance::missions::{Mission, MissionReport, MissionStatus};
use mekong_core::finance::procurement::{ContractKind, Procedure};
use mekong_core::ids::{BudgetLineId, ExchangeRateId, ExpenseId, MissionId, OrganisationId, ProgrammeId};
use mekong_core::money::{Currency, Money};
use mekong_core::people::{CountryCode, Names, Organisation};
use mekong_core::results::Programme;
use mekong_core::vocabulary::OrganisationKind;

/// The demo programme's id, fixed so that the demo auditor's scope can name it.
pub(super) const DEMO_PROGRAMME: &str = "0195d8a0-0000-7000-8000-000000000010";

pub(super) fn demo_programme_id() -> ProgrammeId {
    ProgrammeId(uuid::Uuid::parse_str(DEMO_PROGRAMME).unwrap_or_default())
}

/// Lines of the budget: code, description, unit, units per year, unit cost in euros.
const LINES: [(&str, &str, &str, i64, i64); 15] = [
    ("1.1.1", "Network coordinator (Phnom Penh)", "per month", 12, 3_200),
    ("1.1.2", "Administrative and financial assistant", "per month", 12, 1_100),
    ("1.3.1", "Per diems, staff missions in the region", "per day", 40, 150),
    ("1.3.3", "Per diems, participants of seminars", "per day", 120, 95),
    ("2.1", "International travel", "per trip", 20, 650),
    ("2.2", "Local transportation", "per trip", 30, 120),
    ("3.2", "Computer equipment", "lump sum", 1, 2_000),
    ("4.2", "Office rent, regional office", "per month", 12, 450),
    ("4.3", "Consumables and office supplies", "per month", 12, 120),
    ("5.1", "Publications", "per publication", 2, 3_500),
    ("5.3", "Expenditure verification", "per audit", 1, 8_000),
    ("5.5", "Translation and interpretation", "per page", 300, 25),
    ("5.7", "Conferences and seminars", "per event", 2, 9_000),
    ("5.8", "Visibility actions", "lump sum", 1, 4_000),
    ("10", "Contingency reserve", "lump sum", 1, 5_000),
];

/// The years of the demo budget.
const YEARS: [i16; 3] = [2025, 2026, 2027];

/// Example rates to the euro: currency, units for one euro in January 2025, monthly drift in
/// millionths of a unit.
const RATES: [(Currency, i64, i64); 5] = [
    (Currency::USD, 1_040_000, 3_000),
    (Currency::KHR, 4_180_000_000, 9_000_000),
    (Currency::LAK, 22_650_000_000, 60_000_000),
    (Currency::VND, 26_400_000_000, 45_000_000),
    (Currency::THB, 36_200_000, 40_000),
];

/// Typical expenses: line, description, supplier kind, currency, amount in whole units, months.
const RECURRING: [(&str, &str, Currency, i64, &[i8]); 6] = [
    ("1.1.1", "Salary of the network coordinator", Currency::EUR, 3_200, &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
    ("1.1.2", "Salary of the assistant", Currency::USD, 1_150, &[1, 3, 5, 7, 9, 11]),
    ("4.2", "Office rent, Phnom Penh City Hall annex", Currency::USD, 480, &[1, 4, 7, 10]),
    ("4.3", "Office supplies", Currency::KHR, 1_350_000, &[2, 6, 10]),
    ("5.5", "Translation of the network's notes (French–Vietnamese)", Currency::VND, 18_500_000, &[3, 9]),
    ("2.2", "Local transport to member cities", Currency::LAK, 2_400_000, &[5, 11]),
];

/// A minimal PDF standing for a scanned receipt (the demo's documents are all this one file).
const SCANNED_RECEIPT: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

fn money(currency: Currency, whole: i64) -> Money {
    Money::new(whole * 10_i64.pow(u32::from(currency.minor_units())), currency)
}

impl App {
    /// Loads the demo's finance data for the demo programme.
    pub(super) async fn load_demo_finance(&self, programme: &Programme) -> Result<(), AppError> {
        let actor = Actor::command_line();
        self.load_demo_budget(&actor, programme).await?;
        self.load_demo_rates().await?;
        self.load_demo_expenses(&actor, programme).await?;
        self.load_demo_mission(programme).await?;
        for event in self.store.events().await? {
            self.propose_event_expenses(&actor, event.id, &programme.code, "2.1").await?;
        }
        Ok(())
    }

    async fn load_demo_budget(&self, actor: &Actor, programme: &Programme) -> Result<(), AppError> {
        let direct: i64 = LINES.iter().filter(|l| l.0 != "10").map(|(_, _, _, units, cost)| units * cost).sum();
        // Indirect costs at 6.5 % of the direct costs, under the 7 % cap.
        let indirect = direct * 65 / 1000;
        let lines = LINES.iter().copied().chain([("8", "Indirect costs", "lump sum", 1, indirect)]);
        for (code, title, unit, units, cost) in lines {
            let years = YEARS
                .iter()
                .map(|year| {
                    // Equipment is bought once, in the first year.
                    let units = if code == "3.2" && *year != YEARS[0] { 0 } else { units };
                    (*year, units.to_string(), cost.to_string())
                })
                .collect();
            let draft = BudgetLineDraft {
                code: code.into(),
                title: title.into(),
                unit: unit.into(),
                years,
                typed_in: Lang::En,
            };
            self.save_budget_line(actor, &programme.code, None, &draft).await?;
        }
        Ok(())
    }

    async fn load_demo_rates(&self) -> Result<(), AppError> {
        let txn = self.store.begin_write().await?;
        for (currency, start, drift) in RATES {
            for index in 0..24_i64 {
                let month =
                    Month { year: 2025 + i16::try_from(index / 12).unwrap_or(0), month: 1 + (index % 12) as i8 };
                let rate = ExchangeRate {
                    id: ExchangeRateId::new(),
                    currency,
                    month,
                    per_eur: Rate(start + drift * index),
                    source: "InforEuro (example)".into(),
                    example: true,
                    version: 1,
                };
                txn.put_exchange_rate(&rate).await?;
            }
        }
        let change = Change {
            action: "exchange_rates.imported",
            entity_type: "exchange_rates",
            entity_id: String::new(),
            before: None,
            after: Some(serde_json::json!({ "example": true })),
        };
        self.record(&txn, demo_actor(), change).await?;
        txn.commit().await?;
        Ok(())
    }

    async fn load_demo_expenses(&self, actor: &Actor, programme: &Programme) -> Result<(), AppError> {
        let lines = self.store.budget_lines(programme.id).await?;
        let line = |code: &str| lines.iter().find(|l| l.code == code).map(|l| l.id).ok_or(AppError::NotFound);
        let printer = demo_supplier("Imprimerie Angkor (démo)")?;
        let txn = self.store.begin_write().await?;
        txn.insert_organisation(&printer, self.clock.now()).await?;
        let receipt = self.store_file(&txn, "file", "scanned-receipt-demo.pdf", SCANNED_RECEIPT).await?;
        let document = |kind| SupportingDocument {
            kind,
            sha256: receipt.sha256.clone(),
            name: "scanned-receipt-demo.pdf".into(),
            content_type: receipt.content_type.clone(),
            size: receipt.size,
        };
        let both = || vec![document(DocumentKind::Invoice), document(DocumentKind::ProofOfPayment)];
        let mut entries: Vec<DemoExpense> = Vec::new();
        for year in [2025_i16, 2026] {
            for (code, text, currency, whole, months) in RECURRING {
                for month in months.iter().filter(|m| year == 2025 || **m <= 10) {
                    let on = date(year, *month, 25);
                    let amount = money(currency, whole);
                    entries.push(DemoExpense::paid(on, line(code)?, text, amount, both()));
                }
            }
        }
        // The publications printed in two orders seven weeks apart, each under the single
        // quotation threshold, together above it: the splitting rule flags both.
        for (on, whole) in [(date(2026, 3, 10), 12_400), (date(2026, 4, 28), 9_800)] {
            let text = "Printing of the good-practice booklet".to_owned();
            let printed = DemoExpense::paid(on, line("5.1")?, &text, money(Currency::EUR, whole), both());
            entries.push(DemoExpense { supplier: Some(printer.id), procedure: Procedure::SingleQuotation, ..printed });
        }
        // Interpretation at the Vientiane seminar: paid, but the invoice never came.
        let unpaid = vec![document(DocumentKind::ProofOfPayment)];
        let text = "Interpretation, Vientiane seminar".to_owned();
        entries.push(DemoExpense::paid(
            date(2026, 6, 18),
            line("5.7")?,
            &text,
            money(Currency::LAK, 21_000_000),
            unpaid,
        ));
        entries.sort_by_key(|e| e.on);
        let mut numbered: std::collections::HashMap<i16, u32> = std::collections::HashMap::new();
        for DemoExpense { on, budget_line, description, amount, documents, supplier, procedure } in entries {
            let count = numbered.entry(on.year()).or_default();
            *count += 1;
            let approved = on < date(2026, 7, 1) && supplier.is_none() && documents.len() == 2;
            let expense = Expense {
                id: ExpenseId::new(),
                programme: programme.id,
                number: format!("EXP-{}-{count:04}", on.year()),
                date: on,
                amount,
                vat: Money::zero(amount.currency()),
                supplier,
                supplier_name: if supplier.is_some() { printer.names.fr.clone() } else { String::new() },
                budget_line,
                plan_activity: None,
                logframe_node: None,
                description,
                kind: if supplier.is_some() { ContractKind::Supplies } else { ContractKind::Services },
                procedure,
                documents,
                status: if approved { ExpenseStatus::Approved } else { ExpenseStatus::Entered },
                review_comment: String::new(),
                entered_by: actor_name(actor),
                entered_at: self.clock.now(),
                reviewed_by: if approved { "Secrétariat AIMF (démo)".into() } else { String::new() },
                reviewed_at: approved.then(|| self.clock.now()),
                corrects: None,
                origin: Origin::Typed,
                conversion: None,
                flags: vec![],
                version: 1,
            };
            let saved = self.file_expense(&txn, programme, expense).await?;
            let change = Change {
                action: "expense.created",
                entity_type: "expense",
                entity_id: saved.id.to_string(),
                before: None,
                after: serde_json::to_value(&saved).ok(),
            };
            self.record(&txn, demo_actor(), change).await?;
        }
        txn.commit().await?;
        Ok(())
    }

    async fn load_demo_mission(&self, programme: &Programme) -> Result<(), AppError> {
        let lines = self.store.budget_lines(programme.id).await?;
        let per_diem_line = lines.iter().find(|l| l.code == "1.3.1").map(|l| l.id);
        let city = |code: &str| CityCode::parse(code).map_err(AppError::from);
        let mission = Mission {
            id: MissionId::new(),
            programme: programme.id,
            number: "MIS-2026-001".into(),
            traveller: "Network coordinator (demo)".into(),
            purpose: "Technical assistance to Luang Prabang and Vientiane on heritage-area data".into(),
            cities: vec![city("LA-LPQ")?, city("LA-VTE")?],
            departs: date(2026, 5, 11),
            returns: date(2026, 5, 15),
            plan_activity: None,
            budget_line: per_diem_line,
            transport: money(Currency::USD, 420),
            status: MissionStatus::Reported,
            review_comment: String::new(),
            reviewed_by: "Secrétariat AIMF (démo)".into(),
            entered_by: "Network coordinator (demo)".into(),
            report: Some(MissionReport {
                done: "Met both cities' heritage offices; agreed the data to collect for the network's indicators."
                    .into(),
                people_met: vec![],
                follow_ups: "Send the data template in Lao by June; plan a joint session at the next workshop.".into(),
                written_by: "Network coordinator (demo)".into(),
                written_at: self.clock.now(),
            }),
            version: 1,
        };
        let txn = self.store.begin_write().await?;
        txn.save_mission(&mission).await?;
        let change = Change {
            action: "mission.reported",
            entity_type: "mission",
            entity_id: mission.id.to_string(),
            before: None,
            after: serde_json::to_value(&mission).ok(),
        };
        self.record(&txn, demo_actor(), change).await?;
        txn.commit().await?;
        // Its actual costs, entered as expenses of the mission once it was reported.
        let actor = Actor::command_line();
        let costs = [
            ("1.3.1", "Per diems, 4 nights in Laos", "USD", "608.00"),
            ("2.1", "Flights Phnom Penh–Luang Prabang–Vientiane", "USD", "436.50"),
        ];
        for (line, description, currency, amount) in costs {
            let draft = crate::finance::ExpenseDraft {
                date: "2026-05-15".into(),
                amount: amount.into(),
                currency: currency.into(),
                budget_line: line.into(),
                description: description.into(),
                kind: ContractKind::Services.code().into(),
                procedure: Procedure::Invoice.code().into(),
                typed_in: Lang::En,
                ..crate::finance::ExpenseDraft::default()
            };
            self.enter_expense_from(&actor, programme, &draft, Origin::Mission(mission.id)).await?;
        }
        Ok(())
    }
}

/// An expense of the demo, before its number and review.
struct DemoExpense {
    on: Date,
    budget_line: BudgetLineId,
    description: String,
    amount: Money,
    documents: Vec<SupportingDocument>,
    supplier: Option<OrganisationId>,
    procedure: Procedure,
}

impl DemoExpense {
    fn paid(
        on: Date,
        budget_line: BudgetLineId,
        description: &str,
        amount: Money,
        documents: Vec<SupportingDocument>,
    ) -> Self {
        DemoExpense {
            on,
            budget_line,
            description: description.to_owned(),
            amount,
            documents,
            supplier: None,
            procedure: Procedure::Invoice,
        }
    }
}

fn demo_supplier(name: &str) -> Result<Organisation, AppError> {
    Ok(Organisation {
        id: OrganisationId::new(),
        kind: OrganisationKind::Company,
        names: Names { fr: name.into(), en: name.into(), local: String::new() },
        country: CountryCode::parse("KH").ok_or(AppError::NotFound)?,
        admin_region: "Phnom Penh".into(),
        latitude: None,
        longitude: None,
        website: String::new(),
        languages: vec![],
        themes: vec![],
        city: None,
        network_roles: vec![],
        membership: None,
        version: 1,
    })
}
