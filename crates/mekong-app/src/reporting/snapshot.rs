//! Building a snapshot: every figure a period's reports print, formatted in the report's
//! language, with the records that add up to it, read once from the live records.

use crate::events::attendance::attendances;
use crate::policy::Actor;
use crate::results::dashboard::combine;
use crate::{App, AppError};
use jiff::civil::Date;
use mekong_core::Lang;
use mekong_core::events::Event;
use mekong_core::finance::budget::{CapCheck as BudgetCap, Heading};
use mekong_core::finance::expenses::{Expense, ExpenseStatus};
use mekong_core::ids::EventId;
use mekong_core::money::{Currency, Money};
use mekong_core::reporting::{
    ActivityRow, CapCheck, EventFacts, Figure, FigureCell, FinanceFacts, FinanceRow, KeyFigure, LogframeRow, Narrative,
    NarrativeFacts, NarrativeSection, ParticipantRow, PeriodFacts, ProgrammeFacts, RecordRef, ReportSettings,
    SNAPSHOT_SCHEMA, SectionText, Snapshot, UpcomingEvent, variance_basis_points,
};
use mekong_core::results::{Indicator, Level, Period, PlanActivity, Programme};
use mekong_core::vocabulary::EventStatus;
use mekong_core::vocabulary::Sex;
use std::collections::BTreeMap;

/// What a snapshot freezes, and who froze it when.
pub(super) struct Frozen<'a> {
    pub id: uuid::Uuid,
    pub programme: &'a Programme,
    pub period: &'a Period,
    pub narrative: Option<&'a Narrative>,
    pub settings: &'a ReportSettings,
    pub taken_at: jiff::Timestamp,
    pub taken_by: &'a str,
}

/// How long ahead the notes to AIMF's bodies look for meetings.
const UPCOMING_DAYS: i64 = 180;
const UPCOMING_MAX: usize = 6;

/// The figures of a snapshot as they are gathered: each printed number and its records.
struct Figures {
    lang: Lang,
    figures: BTreeMap<String, Figure>,
}

impl Figures {
    /// Records a figure and returns the cell that prints it.
    fn add(&mut self, key: String, label: String, display: String, records: Vec<RecordRef>) -> FigureCell {
        self.figures.insert(key.clone(), Figure { label, display: display.clone(), records });
        FigureCell { display, figure: key }
    }

    fn count(&self, n: usize) -> String {
        mekong_i18n::format_number(self.lang, i64::try_from(n).unwrap_or(i64::MAX))
    }

    fn money(&self, money: Money) -> String {
        mekong_i18n::format_money(self.lang, money)
    }
}

/// A number as people write it: no decimals for whole numbers, two at most otherwise.
fn number(lang: Lang, value: f64) -> String {
    let digits = if value.fract() == 0.0 { 0 } else { 2 };
    mekong_i18n::format_decimal(lang, value, digits)
}

fn plain(text: String) -> FigureCell {
    FigureCell { display: text, figure: String::new() }
}

/// A whole calendar year's period reports that year's budget; any other the whole programme's.
fn budget_year(period: &Period) -> Option<i16> {
    let year = period.starts.year();
    (period.starts == Date::new(year, 1, 1).ok()? && period.ends == Date::new(year, 12, 31).ok()?).then_some(year)
}

impl App {
    pub(super) async fn build_snapshot(&self, actor: &Actor, frozen: Frozen<'_>) -> Result<Snapshot, AppError> {
        let Frozen { id, programme, period, narrative, settings, taken_at, taken_by } = frozen;
        let lang = narrative.map_or(Lang::Fr, |n| n.language);
        let t = |key: &str| self.i18n.message(lang, key);
        let date = |d: Date| mekong_i18n::format_date(lang, d);
        let mut figures = Figures { lang, figures: BTreeMap::new() };

        let (nodes, indicators) = self.store.logframe(programme.id).await?;
        let activities = self.store.plan_activities(programme.id).await?;
        let cities = self.store.list_cities().await?;
        let mut countries: Vec<&str> = cities.iter().map(|c| c.country.iso2()).collect();
        countries.sort_unstable();
        countries.dedup();

        let logframe = self.logframe_rows(programme, period, &nodes, &indicators, &mut figures).await?;
        let node_code = |a: &PlanActivity| {
            a.node.and_then(|n| nodes.iter().find(|node| node.id == n)).map(|n| n.code.clone()).unwrap_or_default()
        };
        let today = self.today();
        let activity_row = |a: &PlanActivity| ActivityRow {
            code: node_code(a),
            title: a.title.get(lang).to_owned(),
            dates: format!("{} – {}", date(a.starts), date(a.ends)),
            status: t(&format!("activity-status-{}", a.status.code())),
            late: a.late(today.min(period.ends.tomorrow().unwrap_or(period.ends))),
            cities: a.cities.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
            justification: a.justification.clone(),
            progress: a.progress_notes.clone(),
        };
        let in_period: Vec<ActivityRow> = activities
            .iter()
            .filter(|a| a.starts <= period.ends && a.ends >= period.starts)
            .map(activity_row)
            .collect();
        let next_activities: Vec<ActivityRow> =
            activities.iter().filter(|a| a.starts > period.ends).map(activity_row).collect();

        let (events, participants, women, men) = self.event_facts(programme, period, &mut figures).await?;
        let finance = self.finance_facts(actor, programme, period, &mut figures).await?;
        let spent_total = finance.rows.iter().find(|r| r.kind == "total");
        let mut key_figures = vec![
            KeyFigure { label: t("report-key-events"), value: plain(figures.count(events.len())) },
            KeyFigure { label: t("report-key-participants"), value: participants.clone() },
            KeyFigure { label: t("report-key-women"), value: women.clone() },
        ];
        if let Some(total) = spent_total {
            key_figures.push(KeyFigure {
                label: t("report-key-spent"),
                value: FigureCell { display: figures.money(total.spent), figure: total.spent_figure.clone() },
            });
        }
        let upcoming = self.upcoming_events(lang, taken_at).await?;

        let sections = nodes
            .iter()
            .filter(|node| node.level != Level::Impact)
            .filter_map(|node| {
                let text: SectionText = narrative?.sections.get(&node.code)?.clone();
                Some(NarrativeSection {
                    code: node.code.clone(),
                    level: t(&format!("level-{}", node.level.code())),
                    title: node.title.get(lang).to_owned(),
                    text,
                })
            })
            .collect();
        let narrative_facts = NarrativeFacts {
            status: narrative
                .map_or_else(|| t("report-status-none"), |n| t(&format!("report-status-{}", n.status.code()))),
            summary: narrative.map(|n| n.summary.clone()).unwrap_or_default(),
            sections,
            next_period: narrative.map(|n| n.next_period.clone()).unwrap_or_default(),
            visibility_actions: narrative.map(|n| n.visibility_actions.clone()).unwrap_or_default(),
            signed_off: narrative
                .and_then(|n| n.signed_off.as_ref())
                .map(|s| {
                    format!("{}, {}", s.name, mekong_i18n::format_instant(lang, s.at, mekong_core::NETWORK_TIME_ZONE))
                })
                .unwrap_or_default(),
        };

        Ok(Snapshot {
            schema: SNAPSHOT_SCHEMA,
            id: id.to_string(),
            programme: ProgrammeFacts {
                code: programme.code.clone(),
                title: programme.title.get(lang).to_owned(),
                beneficiary: settings.beneficiary.clone(),
                contact: settings.contact.clone(),
                partners: settings
                    .partners
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect(),
                funder: programme.funder.clone(),
                contract_reference: programme.contract_reference.clone(),
                currency: programme.currency.code().to_owned(),
                starts: date(programme.starts),
                ends: date(programme.ends),
                countries: countries.iter().map(|c| t(&format!("country-{c}"))).collect(),
            },
            period: PeriodFacts { code: period.code.clone(), starts: date(period.starts), ends: date(period.ends) },
            language: lang,
            stage: narrative.map_or_else(|| super::default_stage(programme, period), |n| n.stage),
            taken_at: mekong_i18n::format_instant(lang, taken_at, mekong_core::NETWORK_TIME_ZONE),
            taken_by: taken_by.to_owned(),
            base_url: self.public_url.trim_end_matches('/').to_owned(),
            statement: settings.statement,
            disclaimer: settings.disclaimer_in(lang).to_owned(),
            labels: self.i18n.messages_with_prefix(lang, "report-"),
            narrative: narrative_facts,
            logframe,
            activities: in_period,
            next_activities,
            events,
            participants,
            women,
            men,
            key_figures,
            upcoming,
            finance,
            figures: figures.figures,
        })
    }

    /// The logframe's rows (the approved version's entries when there is one), each indicator
    /// with its validated value of the period and the values behind it.
    async fn logframe_rows(
        &self,
        programme: &Programme,
        period: &Period,
        nodes: &[mekong_core::results::LogframeNode],
        indicators: &[Indicator],
        figures: &mut Figures,
    ) -> Result<Vec<LogframeRow>, AppError> {
        let lang = figures.lang;
        let t = |key: &str| self.i18n.message(lang, key);
        let values = self.store.validated_totals(period.id).await?;
        let mut rows = Vec::new();
        for node in nodes.iter().filter(|n| n.level != Level::Activity) {
            let of_node: Vec<&Indicator> = indicators.iter().filter(|i| i.node == node.id).collect();
            let entry = |indicator: Option<&Indicator>, current: FigureCell| LogframeRow {
                level: t(&format!("level-{}", node.level.code())),
                code: node.code.clone(),
                title: node.title.get(lang).to_owned(),
                indicator_code: indicator.map(|i| i.code.clone()).unwrap_or_default(),
                indicator: indicator.map(|i| i.name.get(lang).to_owned()).unwrap_or_default(),
                unit: indicator.map(|i| i.unit.clone()).unwrap_or_default(),
                baseline: indicator
                    .and_then(|i| {
                        let value = number(lang, i.baseline?);
                        Some(match i.baseline_on {
                            Some(on) => format!("{value} ({})", on.year()),
                            None => value,
                        })
                    })
                    .unwrap_or_default(),
                target: indicator
                    .and_then(|i| i.final_target())
                    .map(|target| format!("{} ({})", number(lang, target.value), target.on.year()))
                    .unwrap_or_default(),
                current,
                sources: indicator.map(|i| i.sources.clone()).unwrap_or_default(),
            };
            if of_node.is_empty() {
                rows.push(entry(None, plain(String::new())));
                continue;
            }
            for indicator in of_node {
                let current = self.indicator_figure(programme, period, indicator, &values, figures).await?;
                rows.push(entry(Some(indicator), current));
            }
        }
        Ok(rows)
    }

    /// An indicator's value in the period: computed from the events, or combined from the
    /// validated values of the cities and the network.
    async fn indicator_figure(
        &self,
        programme: &Programme,
        period: &Period,
        indicator: &Indicator,
        values: &[mekong_core::results::IndicatorValue],
        figures: &mut Figures,
    ) -> Result<FigureCell, AppError> {
        let lang = figures.lang;
        let key = format!("indicator-{}", indicator.code);
        let label = format!("{} {}", indicator.code, indicator.name.get(lang));
        if let Some(computation) = indicator.computation {
            let (value, _, events) = self.computed(computation, period).await?;
            let records = events.iter().map(|e| event_ref(e, lang)).collect();
            return Ok(figures.add(key, label, value.map(|v| number(lang, v)).unwrap_or_default(), records));
        }
        let of_indicator: Vec<_> = values.iter().filter(|v| v.indicator == indicator.id).collect();
        let numbers: Vec<f64> = of_indicator.iter().filter_map(|v| v.value).filter(|v| v.is_finite()).collect();
        let count = i64::try_from(numbers.len()).unwrap_or(i64::MAX);
        let display =
            combine(indicator.measure, numbers.iter().sum(), count).map(|v| number(lang, v)).unwrap_or_default();
        if of_indicator.is_empty() {
            return Ok(plain(display));
        }
        let records = of_indicator
            .iter()
            .map(|value| {
                let scope = value.city.as_ref().map_or_else(|| "network".to_owned(), ToString::to_string);
                RecordRef {
                    kind: "value".to_owned(),
                    id: value.id.to_string(),
                    label: format!("{} · {scope}", indicator.code),
                    contributes: value.value.map(|v| number(lang, v)).unwrap_or_else(|| value.comment.clone()),
                    evidence: self.i18n.message_with(
                        lang,
                        "report-evidence-count",
                        &[("count", i64::try_from(value.evidence.len()).unwrap_or(i64::MAX).into())],
                    ),
                    path: format!("/results/{}/periods/{}/{scope}", programme.code, period.id),
                }
            })
            .collect();
        Ok(figures.add(key, label, display, records))
    }

    /// The period's events (not drafts, not cancelled), each with those who took part, and
    /// the totals of participants, women and men.
    async fn event_facts(
        &self,
        programme: &Programme,
        period: &Period,
        figures: &mut Figures,
    ) -> Result<(Vec<EventFacts>, FigureCell, FigureCell, FigureCell), AppError> {
        let lang = figures.lang;
        let t = |key: &str| self.i18n.message(lang, key);
        let zone = jiff::tz::TimeZone::get(mekong_core::NETWORK_TIME_ZONE).unwrap_or(jiff::tz::TimeZone::UTC);
        let start = |d: Date| zone.to_ambiguous_timestamp(d.to_datetime(jiff::civil::Time::midnight())).compatible();
        let (Ok(from), Ok(until)) = (start(period.starts), start(period.ends.tomorrow().unwrap_or(period.ends))) else {
            return Err(AppError::Internal(format!("period {} has no instants", period.code)));
        };
        let events: Vec<Event> = self
            .store
            .events_between(from, until)
            .await?
            .into_iter()
            .filter(|e| !matches!(e.status, EventStatus::Draft | EventStatus::Cancelled))
            .collect();
        let ids: Vec<EventId> = events.iter().map(|e| e.id).collect();
        let participants = self.store.participants_of(&ids).await?;
        let checked = self.store.checked_in_among(&ids).await?;
        let took_part: Vec<_> =
            attendances(&events, &participants, &checked).into_iter().filter(|a| a.took_part()).collect();
        let participant_ref = |a: &mekong_core::events::Attendance<'_>| RecordRef {
            kind: "participant".to_owned(),
            id: a.participant.id.to_string(),
            label: format!("{} · {}", a.participant.name, a.event.title.get(lang)),
            contributes: "1".to_owned(),
            evidence: if a.checked_in { t("report-checked-in") } else { t("report-accepted") },
            path: format!("/events/{}/participants/{}", a.event.id, a.participant.id),
        };
        let mut facts = Vec::new();
        for event in &events {
            let of_event: Vec<_> = took_part.iter().filter(|a| a.event.id == event.id).collect();
            let mut cell = |suffix: &str, label_key: &str, sex: Option<Sex>| {
                let records: Vec<RecordRef> = of_event
                    .iter()
                    .filter(|a| sex.is_none_or(|s| a.participant.sex == s))
                    .map(|a| participant_ref(a))
                    .collect();
                let display = figures.count(records.len());
                let label = format!("{} · {}", t(label_key), event.title.get(lang));
                figures.add(format!("event-{}-{suffix}", event.id), label, display, records)
            };
            let participants_cell = cell("participants", "report-participants", None);
            let women_cell = cell("women", "report-women", Some(Sex::Female));
            let men_cell = cell("men", "report-men", Some(Sex::Male));
            let mut attendance: Vec<ParticipantRow> = of_event
                .iter()
                .map(|a| ParticipantRow {
                    name: a.participant.name.clone(),
                    organisation: a.participant.organisation.clone(),
                    city: a.participant.city.as_ref().map(ToString::to_string).unwrap_or_default(),
                    sex: t(&format!("sex-{}", a.participant.sex.code())),
                    signed: a.checked_in,
                })
                .collect();
            attendance.sort_by(|a, b| a.name.cmp(&b.name));
            facts.push(EventFacts {
                id: event.id.to_string(),
                title: event.title.get(lang).to_owned(),
                activity_code: event.activity_code.clone(),
                dates: format!(
                    "{} – {}",
                    mekong_i18n::format_date(lang, event.starts.date()),
                    mekong_i18n::format_date(lang, event.ends.date())
                ),
                place: event.venue.clone(),
                participants: participants_cell,
                women: women_cell,
                men: men_cell,
                attendance,
                sheet_path: format!("/events/{}/attendance.pdf", event.id),
            });
        }
        facts.sort_by(|a, b| a.activity_code.cmp(&b.activity_code).then_with(|| a.dates.cmp(&b.dates)));
        let mut total = |key: &str, label_key: &str, sex: Option<Sex>| {
            let records: Vec<RecordRef> =
                took_part.iter().filter(|a| sex.is_none_or(|s| a.participant.sex == s)).map(participant_ref).collect();
            let display = figures.count(records.len());
            figures.add(key.to_owned(), format!("{} · {}", t(label_key), programme.code), display, records)
        };
        let participants = total("participants", "report-participants", None);
        let women = total("women", "report-women", Some(Sex::Female));
        let men = total("men", "report-men", Some(Sex::Male));
        Ok((facts, participants, women, men))
    }

    /// The meetings to come, for the notes to AIMF's bodies.
    async fn upcoming_events(&self, lang: Lang, from: jiff::Timestamp) -> Result<Vec<UpcomingEvent>, AppError> {
        let until = from.checked_add(jiff::SignedDuration::from_hours(24 * UPCOMING_DAYS)).unwrap_or(from);
        let mut events: Vec<Event> = self
            .store
            .events_between(from, until)
            .await?
            .into_iter()
            .filter(|e| !matches!(e.status, EventStatus::Draft | EventStatus::Cancelled))
            .collect();
        events.sort_by_key(Event::start_instant);
        Ok(events
            .iter()
            .take(UPCOMING_MAX)
            .map(|e| UpcomingEvent {
                title: e.title.get(lang).to_owned(),
                dates: mekong_i18n::format_date(lang, e.starts.date()),
                place: e.venue.clone(),
            })
            .collect())
    }

    /// Budget against the approved expenses of the period, per line, heading and in total, in
    /// the contract's currency, with what was spent in each currency before conversion.
    async fn finance_facts(
        &self,
        actor: &Actor,
        programme: &Programme,
        period: &Period,
        figures: &mut Figures,
    ) -> Result<FinanceFacts, AppError> {
        let lang = figures.lang;
        let t = |key: &str| self.i18n.message(lang, key);
        let year = budget_year(period);
        let view = self.budget(actor, &programme.code, year).await?;
        let currency = programme.currency;
        let expenses: Vec<Expense> = self
            .store
            .all_expenses(programme.id)
            .await?
            .into_iter()
            .filter(|e| e.status == ExpenseStatus::Approved && e.date >= period.starts && e.date <= period.ends)
            .collect();
        let money_error = |e: mekong_core::money::MoneyError| AppError::Internal(format!("report arithmetic: {e}"));
        let expense_ref = |e: &Expense| RecordRef {
            kind: "expense".to_owned(),
            id: e.id.to_string(),
            label: format!("{} · {}", e.number, e.description),
            contributes: mekong_i18n::format_money(lang, e.conversion.as_ref().map_or(e.amount, |c| c.converted)),
            evidence: self.i18n.message_with(
                lang,
                "report-evidence-count",
                &[("count", i64::try_from(e.documents.len()).unwrap_or(i64::MAX).into())],
            ),
            path: format!("/expenses/{}", e.id),
        };
        let mut rows = Vec::new();
        let mut unconverted: BTreeMap<Currency, i64> = BTreeMap::new();
        let mut headings: BTreeMap<u8, (Heading, Vec<&Expense>, Money)> = BTreeMap::new();
        for line in &view.budget.lines {
            let budget = view.budget.current(line, year).map_err(money_error)?;
            let of_line: Vec<&Expense> = expenses.iter().filter(|e| e.budget_line == line.id).collect();
            let heading =
                headings.entry(line.heading().number()).or_insert((line.heading(), Vec::new(), Money::zero(currency)));
            heading.1.extend(of_line.iter().copied());
            heading.2 = heading.2.checked_add(budget).map_err(money_error)?;
            let records: Vec<RecordRef> = of_line.iter().map(|e| expense_ref(e)).collect();
            let row = finance_row(&of_line, currency, &mut unconverted).map_err(money_error)?;
            let key = format!("spent-{}", line.code);
            let cell = figures.add(key, format!("{} {}", line.code, line.title), figures.money(row.0), records);
            rows.push(FinanceRow {
                code: line.code.clone(),
                label: line.title.clone(),
                kind: "line".to_owned(),
                budget,
                spent: row.0,
                spent_figure: cell.figure,
                spent_by_currency: row.1,
                variance: row
                    .0
                    .checked_add(Money::new(budget.amount_minor().saturating_neg(), currency))
                    .map_err(money_error)?,
                variance_basis_points: variance_basis_points(budget, row.0),
            });
        }
        let mut ignore = BTreeMap::new();
        let mut total_budget = Money::zero(currency);
        for (heading, of_heading, budget) in headings.values() {
            let (spent, by_currency) = finance_row(of_heading, currency, &mut ignore).map_err(money_error)?;
            let label =
                format!("{}. {}", heading.number(), t(&format!("heading-{}", heading.code().replace('_', "-"))));
            let records = of_heading.iter().map(|e| expense_ref(e)).collect();
            let cell = figures.add(
                format!("spent-heading-{}", heading.number()),
                label.clone(),
                figures.money(spent),
                records,
            );
            total_budget = total_budget.checked_add(*budget).map_err(money_error)?;
            rows.push(FinanceRow {
                code: heading.number().to_string(),
                label,
                kind: "heading".to_owned(),
                budget: *budget,
                spent,
                spent_figure: cell.figure,
                spent_by_currency: by_currency,
                variance: spent
                    .checked_add(Money::new(budget.amount_minor().saturating_neg(), currency))
                    .map_err(money_error)?,
                variance_basis_points: variance_basis_points(*budget, spent),
            });
        }
        let all: Vec<&Expense> = expenses.iter().collect();
        let (spent, by_currency) = finance_row(&all, currency, &mut ignore).map_err(money_error)?;
        let records = all.iter().map(|e| expense_ref(e)).collect();
        let cell = figures.add("spent-total".to_owned(), t("report-total"), figures.money(spent), records);
        rows.push(FinanceRow {
            code: String::new(),
            label: t("report-total"),
            kind: "total".to_owned(),
            budget: total_budget,
            spent,
            spent_figure: cell.figure,
            spent_by_currency: by_currency,
            variance: spent
                .checked_add(Money::new(total_budget.amount_minor().saturating_neg(), currency))
                .map_err(money_error)?,
            variance_basis_points: variance_basis_points(total_budget, spent),
        });
        let caps = view
            .caps
            .iter()
            .map(|c: &BudgetCap| CapCheck {
                label: self.i18n.message_with(
                    lang,
                    &format!("finance-cap-{}", c.rule.code()),
                    &[("share", c.share.to_string().into())],
                ),
                limit: c.limit,
                used: c.budgeted,
                respected: !c.exceeded(),
            })
            .collect();
        let method = t(&format!("conversion-{}", view.settings.method.code().replace('_', "-")));
        Ok(FinanceFacts {
            currency: currency.code().to_owned(),
            method,
            rows,
            caps,
            unconverted: unconverted.into_iter().map(|(c, amount)| Money::new(amount, c)).collect(),
        })
    }
}

/// What `expenses` add up to in the contract's currency, and in each currency they were paid
/// in; amounts without a rate are counted in `unconverted`, never added.
fn finance_row(
    expenses: &[&Expense],
    currency: Currency,
    unconverted: &mut BTreeMap<Currency, i64>,
) -> Result<(Money, Vec<Money>), mekong_core::money::MoneyError> {
    let mut spent = Money::zero(currency);
    let mut by_currency: BTreeMap<Currency, Money> = BTreeMap::new();
    for expense in expenses {
        let paid = by_currency.entry(expense.amount.currency()).or_insert(Money::zero(expense.amount.currency()));
        *paid = paid.checked_add(expense.amount)?;
        match &expense.conversion {
            Some(conversion) => spent = spent.checked_add(conversion.converted)?,
            None if expense.amount.currency() == currency => spent = spent.checked_add(expense.amount)?,
            None => {
                let apart = unconverted.entry(expense.amount.currency()).or_insert(0);
                *apart = apart.saturating_add(expense.amount.amount_minor());
            }
        }
    }
    Ok((spent, by_currency.into_values().collect()))
}

fn event_ref(event: &Event, lang: Lang) -> RecordRef {
    RecordRef {
        kind: "event".to_owned(),
        id: event.id.to_string(),
        label: event.title.get(lang).to_owned(),
        contributes: "1".to_owned(),
        evidence: String::new(),
        path: format!("/events/{}", event.id),
    }
}
