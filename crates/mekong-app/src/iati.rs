//! A programme as an IATI 2.03 activity, built from its live records: the programme and its
//! titles, AIMF as publisher (the identifier a per-programme setting), the EU, AIMF and the member
//! cities as participants, the countries of the cities, the sectors, the budget per year, funds
//! received and approved expenses as transactions, the logframe's results with their indicators,
//! targets and validated values, and links to the programme's pages. Only the programme's public
//! data: no person's name (an expense is described by its budget line, not its payee).

use crate::audit::{Change, audit_actor};
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use jiff::civil::Date;
use mekong_core::Lang;
use mekong_core::finance::budget::Budget as FinanceBudget;
use mekong_core::finance::expenses::ExpenseStatus;
use mekong_core::iati::{IatiSettings, IatiSettingsDraft};
use mekong_core::money::Money;
use mekong_core::results::{Direction, Level, Measure, Programme, ValueStatus};
use mekong_core::{Text, directory::Country};
use mekong_docs::iati::{
    Activities, Activity, ActivityResult, ActivityStatus, Baseline, Budget, CountryShare, DateKind, Description,
    DimensionValue, DocumentLink, MeasureKind, Narrative, Organisation, OrganisationRole, Percent, PointValue,
    ResultIndicator, ResultKind, ResultPeriod, RuleBreach, SectorShare, Transaction, TransactionKind, Value,
};
use std::collections::BTreeMap;

pub use mekong_docs::iati::Rule as IatiRule;

/// The EU's Directorate-General for International Partnerships, as it publishes to IATI.
pub const EU_ORGANISATION: &str = "XI-IATI-EC_INTPA";

/// AIMF's name, in the file's narratives.
const AIMF_NAME: &str = "Association internationale des maires francophones (AIMF)";

/// An export: the file, or the rules it would break.
#[derive(Debug, Clone)]
pub enum IatiExport {
    Xml(Vec<u8>),
    Refused(Vec<RuleBreach>),
}

/// A programme's IATI settings page: the settings, and whether the reader may change them.
#[derive(Debug, Clone)]
pub struct IatiSettingsView {
    pub programme: Programme,
    pub settings: IatiSettings,
    pub editable: bool,
}

fn narratives(text: &Text) -> Vec<Narrative> {
    Lang::ALL.iter().filter_map(|l| Some(Narrative::new(l.code(), text.exact(*l)?))).collect()
}

fn value(money: Money, on: Date) -> Value {
    Value {
        minor: money.amount_minor(),
        decimals: money.currency().minor_units(),
        currency: Some(money.currency().code().to_owned()),
        value_date: on,
    }
}

/// Shares of 100 % in proportion to `counts`, the remainder to the largest: they add up exactly.
fn shares(counts: &[(String, u32)]) -> Vec<CountryShare> {
    let total: u32 = counts.iter().map(|(_, n)| n).sum();
    if total == 0 {
        return Vec::new();
    }
    let mut out: Vec<CountryShare> = counts
        .iter()
        .map(|(code, n)| CountryShare { code: code.clone(), percentage: Some(Percent(n * 10_000 / total)) })
        .collect();
    let given: u32 = out.iter().filter_map(|c| c.percentage).map(|p| p.0).sum();
    if let Some(largest) = counts.iter().enumerate().max_by_key(|(_, (_, n))| *n).map(|(i, _)| i)
        && let Some(share) = out[largest].percentage.as_mut()
    {
        share.0 += 10_000 - given;
    }
    out
}

/// A period's validated values of one indicator, by cell: a sum over cities for counts, a mean
/// for percentages.
fn combined(measure: Measure, values: &[(String, f64)]) -> BTreeMap<String, f64> {
    let mut by_cell: BTreeMap<String, (f64, u32)> = BTreeMap::new();
    for (cell, v) in values {
        let entry = by_cell.entry(cell.clone()).or_insert((0.0, 0));
        entry.0 += v;
        entry.1 += 1;
    }
    by_cell
        .into_iter()
        .map(|(cell, (sum, n))| (cell, if measure == Measure::Percentage { sum / f64::from(n.max(1)) } else { sum }))
        .collect()
}

impl App {
    /// The programme of `code`, once `actor` may see both its results and its money.
    async fn iati_programme(&self, actor: &Actor, code: &str) -> Result<Programme, AppError> {
        policy::authorise(actor, Permission::ViewResults, &Target::Nothing)?;
        self.finance_programme(actor, Permission::ViewFinance, code).await
    }

    async fn stored_iati_settings(&self, programme: &Programme) -> Result<IatiSettings, AppError> {
        Ok(self.store.iati_settings(programme.id).await?.unwrap_or_else(|| IatiSettings::defaults(programme.id)))
    }

    /// A programme's IATI settings, for those who may export it.
    pub async fn iati_settings(&self, actor: &Actor, code: &str) -> Result<IatiSettingsView, AppError> {
        let programme = self.iati_programme(actor, code).await?;
        let settings = self.stored_iati_settings(&programme).await?;
        let editable = policy::authorise(actor, Permission::ManageFinance, &Target::Programme(programme.id)).is_ok();
        Ok(IatiSettingsView { programme, settings, editable })
    }

    /// Saves a programme's IATI settings edited from `version` (0: the defaults, never saved).
    pub async fn save_iati_settings(
        &self,
        actor: &Actor,
        code: &str,
        version: i32,
        draft: &IatiSettingsDraft,
    ) -> Result<IatiSettings, AppError> {
        let programme = self.finance_programme(actor, Permission::ManageFinance, code).await?;
        let before = self.stored_iati_settings(&programme).await?;
        let settings = draft.parse(programme.id, version + 1).map_err(AppError::Validation)?;
        if before.version != version {
            return Err(AppError::Conflict);
        }
        let txn = self.store.begin_write().await?;
        txn.save_iati_settings(&settings).await?;
        let change = Change {
            action: "iati_settings.updated",
            entity_type: "programme",
            entity_id: programme.code.clone(),
            before: (before.version > 0).then(|| serde_json::to_value(&before).ok()).flatten(),
            after: serde_json::to_value(&settings).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(settings)
    }

    /// The programme as an IATI activity, from its live records.
    pub async fn iati_activities(&self, actor: &Actor, code: &str) -> Result<Activities, AppError> {
        let programme = self.iati_programme(actor, code).await?;
        let settings = self.stored_iati_settings(&programme).await?;
        let today = self.today();
        let now = self.now();
        let aimf = Organisation {
            reference: Some(settings.organisation_ref.clone()),
            kind: Some(settings.organisation_type.clone()),
            names: vec![Narrative::new("fr", AIMF_NAME)],
        };
        let eu = Organisation {
            reference: Some(EU_ORGANISATION.to_owned()),
            kind: None,
            names: vec![Narrative::new("en", &programme.funder)],
        };

        // The member cities: implementing, and where the programme takes place.
        let cities = self.store.list_cities().await?;
        let mut participants = vec![
            (OrganisationRole::Funding, eu.clone()),
            (OrganisationRole::Accountable, aimf.clone()),
            (OrganisationRole::Extending, aimf.clone()),
        ];
        for city in &cities {
            let mut names = vec![Narrative::new("fr", city.name.get(Lang::Fr))];
            if let Some(local) = city.local_name() {
                names.push(Narrative::new(city.country.local_language().code(), local));
            }
            participants.push((
                OrganisationRole::Implementing,
                Organisation { reference: None, kind: Some("11".to_owned()), names },
            ));
        }
        let counts: Vec<(String, u32)> = Country::ALL
            .iter()
            .map(|c| {
                (
                    c.iso2().to_owned(),
                    u32::try_from(cities.iter().filter(|city| city.country == *c).count()).unwrap_or(0),
                )
            })
            .filter(|(_, n)| *n > 0)
            .collect();

        // Status and dates.
        let status = if today < programme.starts {
            ActivityStatus::Pipeline
        } else if today <= programme.ends {
            ActivityStatus::Implementation
        } else {
            ActivityStatus::Finalisation
        };
        let mut dates = vec![(DateKind::PlannedStart, programme.starts)];
        if programme.starts <= today {
            dates.push((DateKind::ActualStart, programme.starts));
        }
        dates.push((DateKind::PlannedEnd, programme.ends));

        // The budget, a year at a time (each within the programme's dates).
        let budget = FinanceBudget {
            currency: programme.currency,
            lines: self.store.budget_lines(programme.id).await?,
            transfers: self.store.budget_transfers(programme.id).await?,
        };
        let mut budgets = Vec::new();
        for year in programme.starts.year()..=programme.ends.year() {
            let total = budget.summary(Some(year)).map_err(|e| AppError::Internal(e.to_string()))?.total;
            if total.is_zero() {
                continue;
            }
            let starts = Date::new(year, 1, 1).map_err(|e| AppError::Internal(e.to_string()))?.max(programme.starts);
            let ends = Date::new(year, 12, 31).map_err(|e| AppError::Internal(e.to_string()))?.min(programme.ends);
            let revised = budget.transfers.iter().any(|t| t.year == year);
            budgets.push(Budget {
                kind: if revised { 2 } else { 1 },
                status: 2,
                starts,
                ends,
                value: value(total, starts),
            });
        }

        // Money received, money spent (approved only, in the contract's currency).
        let mut transactions = Vec::new();
        for receipt in self.store.funds_receipts(programme.id).await? {
            transactions.push(Transaction {
                reference: None,
                kind: TransactionKind::IncomingFunds,
                on: receipt.date,
                value: value(receipt.sent, receipt.date),
                description: vec![Narrative::new("en", "Funds received")],
                provider: Some(eu.clone()),
                receiver: Some(aimf.clone()),
            });
        }
        let lines: BTreeMap<_, _> = budget.lines.iter().map(|l| (l.id, l.label())).collect();
        let mut expenses = self.store.all_expenses(programme.id).await?;
        expenses.retain(|e| e.status == ExpenseStatus::Approved);
        expenses.sort_by(|a, b| (a.date, &a.number).cmp(&(b.date, &b.number)));
        for expense in expenses {
            let amount = expense.conversion.as_ref().map_or(expense.amount, |c| c.converted);
            transactions.push(Transaction {
                reference: Some(expense.number.clone()),
                kind: TransactionKind::Expenditure,
                on: expense.date,
                value: value(amount, expense.date),
                description: lines
                    .get(&expense.budget_line)
                    .map(|label| vec![Narrative::new("fr", label)])
                    .unwrap_or_default(),
                provider: Some(aimf.clone()),
                receiver: None,
            });
        }

        // Results: the logframe's impact, outcomes and outputs with their indicators.
        let (nodes, indicators) = self.store.logframe(programme.id).await?;
        let periods = self.store.periods(programme.id).await?;
        let mut results = Vec::new();
        for node in &nodes {
            let kind = match node.level {
                Level::Impact => ResultKind::Impact,
                Level::Outcome => ResultKind::Outcome,
                Level::Output => ResultKind::Output,
                Level::Activity => continue,
            };
            let mut result_indicators = Vec::new();
            for indicator in indicators.iter().filter(|i| i.node == node.id) {
                let qualitative = indicator.measure == Measure::Qualitative;
                let measure = match indicator.measure {
                    Measure::Number | Measure::YesNo => MeasureKind::Unit,
                    Measure::Percentage => MeasureKind::Percentage,
                    Measure::Qualitative => MeasureKind::Qualitative,
                };
                let baselines = match (indicator.baseline, indicator.baseline_on) {
                    (None, None) => Vec::new(),
                    (baseline, on) => vec![Baseline {
                        year: on.map_or(programme.starts.year(), |d| d.year()),
                        on,
                        value: baseline.filter(|_| !qualitative),
                        dimensions: Vec::new(),
                        comment: Vec::new(),
                    }],
                };
                let values = self.store.indicator_values(indicator.id).await?;
                let mut result_periods = Vec::new();
                for period in &periods {
                    let targets: Vec<PointValue> = indicator
                        .targets
                        .iter()
                        .filter(|t| period.starts <= t.on && t.on <= period.ends)
                        .map(|t| PointValue {
                            value: (!qualitative).then_some(t.value),
                            dimensions: Vec::new(),
                            comment: Vec::new(),
                        })
                        .collect();
                    let validated: Vec<(String, f64)> = values
                        .iter()
                        .filter(|v| v.period == period.id && v.status == ValueStatus::Validated)
                        .filter_map(|v| Some((v.cell.clone(), v.value?)))
                        .collect();
                    let actuals: Vec<PointValue> = combined(indicator.measure, &validated)
                        .into_iter()
                        .map(|(cell, v)| PointValue {
                            value: (!qualitative).then_some(v),
                            dimensions: cell
                                .split_once('=')
                                .map(|(name, value)| DimensionValue { name: name.to_owned(), value: value.to_owned() })
                                .into_iter()
                                .collect(),
                            comment: Vec::new(),
                        })
                        .collect();
                    if !targets.is_empty() || !actuals.is_empty() {
                        result_periods.push(ResultPeriod {
                            starts: period.starts,
                            ends: period.ends,
                            targets,
                            actuals,
                        });
                    }
                }
                result_indicators.push(ResultIndicator {
                    measure,
                    ascending: Some(indicator.direction == Direction::Up),
                    titles: narratives(&indicator.name),
                    descriptions: Vec::new(),
                    baselines,
                    periods: result_periods,
                });
            }
            if !result_indicators.is_empty() {
                results.push(ActivityResult {
                    kind,
                    titles: narratives(&node.title),
                    descriptions: Vec::new(),
                    indicators: result_indicators,
                });
            }
        }

        // What the programme is for: its overall objective, in each language it has.
        let impact = nodes.iter().find(|n| n.level == Level::Impact).map(|n| narratives(&n.title));
        let description = impact.filter(|n| !n.is_empty()).unwrap_or_else(|| narratives(&programme.title));
        let base = format!("{}/results/{}", self.public_url, programme.code);
        let languages: Vec<String> =
            Lang::ALL.iter().filter(|l| programme.title.exact(**l).is_some()).map(|l| l.code().to_owned()).collect();
        let document_links = vec![
            DocumentLink {
                url: base.clone(),
                format: "text/html".to_owned(),
                titles: vec![
                    Narrative::new("fr", "Tableau de bord des résultats"),
                    Narrative::new("en", "Results dashboard"),
                ],
                categories: vec!["A08".to_owned()],
                languages: languages.clone(),
                date: None,
            },
            DocumentLink {
                url: format!("{base}/logframe.xlsx"),
                format: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
                titles: vec![Narrative::new("fr", "Cadre logique"), Narrative::new("en", "Logical framework")],
                categories: vec!["A02".to_owned(), "A08".to_owned()],
                languages,
                date: None,
            },
        ];

        let activity = Activity {
            identifier: format!("{}-{}", settings.organisation_ref, programme.code),
            default_currency: Some(programme.currency.code().to_owned()),
            lang: Some(Lang::Fr.code().to_owned()),
            last_updated: Some(now),
            reporting_org: aimf,
            titles: narratives(&programme.title),
            descriptions: vec![Description { kind: 1, texts: description }],
            participants,
            status,
            dates,
            countries: shares(&counts),
            sectors: settings
                .sectors
                .iter()
                .map(|s| SectorShare {
                    vocabulary: "1".to_owned(),
                    code: s.code.clone(),
                    percentage: Some(Percent(s.share.0)),
                })
                .collect(),
            budgets,
            transactions,
            document_links,
            results,
        };
        Ok(Activities { generated: Some(now), activities: vec![activity] })
    }

    /// The rules beyond the schema the programme's file would break today (none: it may be
    /// exported).
    pub async fn iati_breaches(&self, actor: &Actor, code: &str) -> Result<Vec<RuleBreach>, AppError> {
        let activities = self.iati_activities(actor, code).await?;
        Ok(mekong_docs::iati::check(&activities, self.today()))
    }

    /// Whether `actor` may export `programme` to IATI (its results and its money are theirs to see).
    pub fn exports_iati(&self, actor: &Actor, programme: &Programme) -> bool {
        policy::authorise(actor, Permission::ViewResults, &Target::Nothing).is_ok()
            && policy::authorise(actor, Permission::ViewFinance, &Target::Programme(programme.id)).is_ok()
    }

    /// The programme's IATI file, or the rules beyond the schema it would break (nothing is
    /// written then: the breaches say what to fix).
    pub async fn iati_export(&self, actor: &Actor, code: &str) -> Result<IatiExport, AppError> {
        let activities = self.iati_activities(actor, code).await?;
        let breaches = mekong_docs::iati::check(&activities, self.today());
        if !breaches.is_empty() {
            return Ok(IatiExport::Refused(breaches));
        }
        Ok(IatiExport::Xml(mekong_docs::iati::write(&activities)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_shares_add_up_to_exactly_one_hundred() {
        let counts = vec![("KH".to_owned(), 3), ("LA".to_owned(), 3), ("VN".to_owned(), 3)];
        let out = shares(&counts);
        assert_eq!(out.iter().filter_map(|c| c.percentage).map(|p| p.0).sum::<u32>(), 10_000);
        assert_eq!(shares(&[]), vec![]);
    }

    #[test]
    fn percentages_are_averaged_and_counts_summed() {
        let values = vec![(String::new(), 40.0), (String::new(), 60.0), ("sex=female".to_owned(), 3.0)];
        assert_eq!(combined(Measure::Percentage, &values)[""], 50.0);
        assert_eq!(combined(Measure::Number, &values)[""], 100.0);
    }
}
