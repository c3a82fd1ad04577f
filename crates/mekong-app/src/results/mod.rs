//! The results framework's use cases: programmes and their logframe (entries, indicators,
//! status with its freezing rules and approved versions). Values, the dashboard, the logframe
//! spreadsheet and the action plan each have their own module.

pub(crate) mod dashboard;
mod logframe_sheet;
mod plan;
mod values;

pub use dashboard::{CITIES_PER_PAGE, Dashboard, IndicatorDetail, IndicatorSummary, SeriesPoint};
pub use plan::{PlanActivityDraft, PlanChoices, PlanYear};
pub use values::{CellEntry, Grid, GridRow, GridScope, Review, cell_field};

use crate::audit::{Change, audit_actor};
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::directory::CityCode;
use mekong_core::ids::{IndicatorId, LogframeNodeId, PeriodId};
use mekong_core::input::{self, TextKind};
use mekong_core::people::parse_date;
use mekong_core::results::{
    Computation, Dimension, Direction, Indicator, Level, LogframeNode, LogframeStatus, MAX_VALUE, Measure, Period,
    Programme, ReportedBy, TargetValue,
};
use mekong_core::validation::FieldErrors;
use mekong_core::{Lang, Text};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A programme with its logframe and periods.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Logframe {
    pub programme: Programme,
    pub nodes: Vec<LogframeNode>,
    pub indicators: Vec<Indicator>,
    #[serde(default)]
    pub periods: Vec<Period>,
}

impl Logframe {
    pub fn node(&self, id: LogframeNodeId) -> Option<&LogframeNode> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// Of `logframes`, the one whose programme has `period`.
    pub(crate) fn holding(logframes: &[Arc<Logframe>], period: PeriodId) -> Option<&Logframe> {
        logframes.iter().map(AsRef::as_ref).find(|l| l.period(period).is_some())
    }

    /// The path of the grid of `period` for `city` (none: the network's).
    pub fn grid_path(&self, period: PeriodId, city: Option<&CityCode>) -> String {
        let scope = values::GridScope::of(city);
        format!("/results/{}/periods/{period}/{}", self.programme.code, scope.key())
    }

    pub fn indicator(&self, id: IndicatorId) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    pub fn period(&self, id: PeriodId) -> Option<&Period> {
        self.periods.iter().find(|p| p.id == id)
    }
}

/// A programme as typed into its form.
#[derive(Debug, Clone, Default)]
pub struct ProgrammeDraft {
    pub code: String,
    pub titles: Vec<(Lang, String)>,
    pub starts: String,
    pub ends: String,
    pub funder: String,
    pub currency: String,
    pub contract_reference: String,
}

/// A logframe entry as typed into its form.
#[derive(Debug, Clone, Default)]
pub struct LogframeEntryDraft {
    pub level: String,
    pub code: String,
    /// The parent entry's code; empty for the impact.
    pub parent: String,
    pub titles: Vec<(Lang, String)>,
    pub assumptions: String,
}

/// An indicator as typed into its form.
#[derive(Debug, Clone, Default)]
pub struct IndicatorDraft {
    pub node: String,
    pub code: String,
    pub names: Vec<(Lang, String)>,
    pub unit: String,
    pub measure: String,
    pub direction: String,
    pub baseline: String,
    pub baseline_on: String,
    /// Targets as `YYYY-MM-DD=value` lines.
    pub targets: String,
    pub sources: String,
    pub frequency: String,
    pub reported_by: String,
    pub dimensions: Vec<String>,
    pub computation: String,
}

impl IndicatorDraft {
    pub fn of(indicator: &Indicator, logframe: &Logframe) -> IndicatorDraft {
        IndicatorDraft {
            node: logframe.node(indicator.node).map(|n| n.code.clone()).unwrap_or_default(),
            code: indicator.code.clone(),
            names: Lang::ALL.iter().filter_map(|l| Some((*l, indicator.name.exact(*l)?.to_owned()))).collect(),
            unit: indicator.unit.clone(),
            measure: indicator.measure.code().to_owned(),
            direction: indicator.direction.code().to_owned(),
            baseline: indicator.baseline.map(|b| b.to_string()).unwrap_or_default(),
            baseline_on: indicator.baseline_on.map(|d| d.to_string()).unwrap_or_default(),
            targets: indicator.targets.iter().map(|t| format!("{}={}", t.on, t.value)).collect::<Vec<_>>().join("\n"),
            sources: indicator.sources.clone(),
            frequency: indicator.frequency.clone(),
            reported_by: indicator.reported_by.code().to_owned(),
            dimensions: indicator.dimensions.iter().map(|d| d.code().to_owned()).collect(),
            computation: indicator.computation.map(|c| c.code().to_owned()).unwrap_or_default(),
        }
    }

    /// The indicator this draft describes in `logframe`, or every problem by field.
    pub fn parse(&self, logframe: &Logframe, id: IndicatorId, version: i32) -> Result<Indicator, FieldErrors> {
        let mut errors = FieldErrors::default();
        let node = logframe.nodes.iter().find(|n| n.code.eq_ignore_ascii_case(self.node.trim()));
        match node {
            None => errors.add("node", "error-logframe-entry"),
            Some(n) if n.level == Level::Activity => errors.add("node", "error-indicator-level"),
            Some(_) => {}
        }
        let code = self.code.trim();
        if code.is_empty() {
            errors.add("code", "error-required");
        } else if logframe.indicators.iter().any(|i| i.code.eq_ignore_ascii_case(code) && i.id != id) {
            errors.add("code", "error-duplicate");
        }
        let name = self.names.iter().fold(Text::new(), |t, (lang, value)| {
            t.with(*lang, input::check(value, TextKind::Title, &format!("name_{}", lang.code()), &mut errors))
        });
        if name == Text::new() && !errors.0.iter().any(|e| e.field.starts_with("name_")) {
            errors.add("name_fr", "error-indicator-name");
        }
        let measure = Measure::parse(&self.measure);
        let direction = Direction::parse(&self.direction);
        let reported_by = ReportedBy::parse(&self.reported_by);
        for (field, missing) in
            [("measure", measure.is_none()), ("direction", direction.is_none()), ("reported_by", reported_by.is_none())]
        {
            if missing {
                errors.add(field, "error-required");
            }
        }
        let baseline = match self.baseline.trim() {
            "" => None,
            raw => raw.replace(',', ".").parse::<f64>().ok().filter(|v| v.is_finite() && v.abs() <= MAX_VALUE).or_else(
                || {
                    errors.add("baseline", "error-number");
                    None
                },
            ),
        };
        let baseline_on = parse_date(&self.baseline_on, "baseline_on", &mut errors);
        let mut targets = Vec::new();
        for line in self.targets.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let parsed = line.split_once('=').and_then(|(on, value)| {
                Some(TargetValue {
                    on: on.trim().parse().ok().filter(|d| mekong_core::input::sane_date(*d))?,
                    value: value.trim().replace(',', ".").parse().ok()?,
                })
            });
            match parsed {
                Some(target) if target.value.is_finite() && target.value.abs() <= MAX_VALUE => targets.push(target),
                _ => {
                    errors.add("targets", "error-targets");
                    break;
                }
            }
        }
        let mut dimensions = Vec::new();
        for code in &self.dimensions {
            match Dimension::parse(code) {
                Some(d) if !dimensions.contains(&d) => dimensions.push(d),
                Some(_) => {}
                None => errors.add("dimensions", "error-dimension"),
            }
        }
        let computation = match self.computation.trim() {
            "" => None,
            raw => Computation::parse(raw).or_else(|| {
                errors.add("computation", "error-computation");
                None
            }),
        };
        let unit = input::check(&self.unit, TextKind::Name, "unit", &mut errors);
        let sources = input::check(&self.sources, TextKind::Comment, "sources", &mut errors);
        let frequency = input::check(&self.frequency, TextKind::Name, "frequency", &mut errors);
        let (Some(node), Some(measure), Some(direction), Some(reported_by), true) =
            (node, measure, direction, reported_by, errors.is_empty())
        else {
            return Err(errors);
        };
        Ok(Indicator {
            id,
            programme: logframe.programme.id,
            node: node.id,
            code: code.to_owned(),
            name,
            unit,
            measure,
            direction,
            baseline,
            baseline_on,
            targets,
            sources,
            frequency,
            reported_by,
            dimensions,
            computation,
            version,
        })
    }
}

/// Replaces a programme's logframe entries, raising the programme's version so that a
/// concurrent change of the logframe is a conflict rather than lost.
pub(crate) async fn replace_entries(
    txn: &mekong_store::WriteTxn,
    programme: &Programme,
    nodes: &[LogframeNode],
) -> Result<(), AppError> {
    txn.save_programme(&Programme { version: programme.version + 1, ..programme.clone() }).await?;
    txn.replace_logframe_nodes(programme.id, nodes).await?;
    Ok(())
}

impl App {
    pub async fn programmes(&self, actor: &Actor) -> Result<Vec<Programme>, AppError> {
        policy::authorise(actor, Permission::ViewResults, &Target::Nothing)?;
        Ok(self.store.programmes().await?)
    }

    /// Creates a programme with an empty draft logframe.
    pub async fn create_programme(&self, actor: &Actor, draft: &ProgrammeDraft) -> Result<Programme, AppError> {
        policy::authorise(actor, Permission::ManageResults, &Target::Nothing)?;
        let mut errors = FieldErrors::default();
        let code = draft.code.trim().to_ascii_uppercase();
        if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            errors.add("code", "error-programme-code");
        }
        let title = checked_titles(&draft.titles, &mut errors);
        if title == Text::new() && errors.is_empty() {
            errors.add("title_fr", "error-required");
        }
        let starts = parse_date(&draft.starts, "starts", &mut errors);
        let ends = parse_date(&draft.ends, "ends", &mut errors);
        match (starts, ends) {
            (Some(s), Some(e)) if e < s => errors.add("ends", "error-until-before-from"),
            (None, _) if errors.for_field("starts").is_none() => errors.add("starts", "error-required"),
            (_, None) if errors.for_field("ends").is_none() => errors.add("ends", "error-required"),
            _ => {}
        }
        let currency = mekong_core::money::parse_currency_field(&draft.currency, "currency", &mut errors);
        let funder = input::check(&draft.funder, TextKind::Name, "funder", &mut errors);
        let contract_reference =
            input::check(&draft.contract_reference, TextKind::Name, "contract_reference", &mut errors);
        let (Some(starts), Some(ends), Some(currency), true) = (starts, ends, currency, errors.is_empty()) else {
            return Err(AppError::Validation(errors));
        };
        let programme = Programme {
            id: mekong_core::ids::ProgrammeId::new(),
            code,
            title,
            starts,
            ends,
            funder,
            currency,
            contract_reference,
            status: LogframeStatus::Draft,
            approved_version: 0,
            version: 1,
        };
        let txn = self.store.begin_write().await?;
        txn.save_programme(&programme).await?;
        let change = Change {
            action: "programme.created",
            entity_type: "programme",
            entity_id: programme.code.clone(),
            before: None,
            after: serde_json::to_value(&programme).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(programme)
    }

    /// A programme's logframe and periods.
    pub async fn logframe(&self, actor: &Actor, code: &str) -> Result<Arc<Logframe>, AppError> {
        policy::authorise(actor, Permission::ViewResults, &Target::Nothing)?;
        self.load_logframe(code).await
    }

    /// The logframe as the database holds it now: kept between requests while nothing is
    /// written (each results page reads it, 60 indicators with their targets, for one figure).
    pub(crate) async fn load_logframe(&self, code: &str) -> Result<Arc<Logframe>, AppError> {
        let stamp = self.store.audit_head_seq().await?;
        self.logframe_at(code, stamp).await
    }

    /// Every programme's logframe (a network runs a few), to place values read outside a grid
    /// (see [`Logframe::holding`]).
    pub(crate) async fn all_logframes(&self) -> Result<Vec<Arc<Logframe>>, AppError> {
        let stamp = self.store.audit_head_seq().await?;
        let mut all = Vec::new();
        for programme in self.store.programmes().await? {
            all.push(self.logframe_at(&programme.code, stamp).await?);
        }
        Ok(all)
    }

    /// The logframe at the database state `stamp` (the audit trail's head, read beforehand).
    async fn logframe_at(&self, code: &str, stamp: i64) -> Result<Arc<Logframe>, AppError> {
        if let Some(kept) = self.kept.logframes.get(code, stamp) {
            return Ok(kept);
        }
        let programme = self.store.programme_by_code(code).await?;
        let (nodes, indicators) = self.store.logframe(programme.id).await?;
        let periods = self.store.periods(programme.id).await?;
        Ok(self.kept.logframes.keep(code.to_owned(), stamp, Logframe { programme, nodes, indicators, periods }))
    }

    /// An approved version of the logframe, as it was approved.
    pub async fn approved_logframe(&self, actor: &Actor, code: &str, version: i32) -> Result<Logframe, AppError> {
        policy::authorise(actor, Permission::ViewResults, &Target::Nothing)?;
        let programme = self.store.programme_by_code(code).await?;
        Ok(self.store.logframe_version(programme.id, version).await?)
    }

    /// Adds an indicator (`id` none) or saves one edited from `version`. Once the logframe is
    /// approved, an indicator's name, measure and breakdown are frozen, and changing its
    /// baseline or targets sends the logframe back to draft.
    pub async fn save_indicator(
        &self,
        actor: &Actor,
        code: &str,
        id: Option<(IndicatorId, i32)>,
        draft: &IndicatorDraft,
    ) -> Result<Indicator, AppError> {
        policy::authorise(actor, Permission::ManageResults, &Target::Nothing)?;
        let logframe = self.load_logframe(code).await?;
        let before = match id {
            Some((id, _)) => Some(logframe.indicator(id).cloned().ok_or(AppError::NotFound)?),
            None => None,
        };
        let (indicator_id, version) = id.map_or((IndicatorId::new(), 1), |(id, version)| (id, version + 1));
        let indicator = draft.parse(&logframe, indicator_id, version).map_err(AppError::Validation)?;
        let mut programme = logframe.programme.clone();
        let under_review = programme.status != LogframeStatus::Draft;
        if under_review && before.is_none() {
            return Err(AppError::field("code", "error-logframe-not-draft"));
        }
        // Approved once, the indicator's definition is what the funder signed: it stays.
        if let Some(before) = &before
            && programme.approved_version > 0
            && indicator.frozen_part_differs(before)
        {
            return Err(AppError::field("name_fr", "error-indicator-frozen"));
        }
        let reopens = under_review && before.as_ref().is_some_and(|b| indicator.commitments_differ(b));
        let txn = self.store.begin_write().await?;
        txn.save_indicator(&indicator).await?;
        let change = Change {
            action: if before.is_none() { "indicator.created" } else { "indicator.updated" },
            entity_type: "programme",
            entity_id: programme.code.clone(),
            before: before.as_ref().and_then(|b| serde_json::to_value(b).ok()),
            after: serde_json::to_value(&indicator).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        if reopens {
            programme.status = LogframeStatus::Draft;
            programme.version += 1;
            txn.save_programme(&programme).await?;
            let change = Change {
                action: "logframe.reopened",
                entity_type: "programme",
                entity_id: programme.code.clone(),
                before: None,
                after: Some(serde_json::json!({ "status": "draft", "because": indicator.code })),
            };
            self.record(&txn, audit_actor(actor), change).await?;
        }
        txn.commit().await?;
        Ok(indicator)
    }

    /// Adds an entry to a draft logframe, under the entry whose code is the draft's parent.
    pub async fn add_logframe_entry(
        &self,
        actor: &Actor,
        code: &str,
        draft: &LogframeEntryDraft,
    ) -> Result<LogframeNode, AppError> {
        let LogframeEntryDraft { level, code: entry_code, parent, titles, assumptions } = draft;
        policy::authorise(actor, Permission::ManageResults, &Target::Nothing)?;
        let logframe = self.load_logframe(code).await?;
        if logframe.programme.status != LogframeStatus::Draft {
            return Err(AppError::field("code", "error-logframe-not-draft"));
        }
        let mut errors = FieldErrors::default();
        let level = Level::parse(level);
        if level.is_none() {
            errors.add("level", "error-required");
        }
        let entry_code = entry_code.trim();
        if entry_code.is_empty() {
            errors.add("code", "error-required");
        } else if logframe.nodes.iter().any(|n| n.code.eq_ignore_ascii_case(entry_code)) {
            errors.add("code", "error-duplicate");
        }
        let parent = match parent.trim() {
            "" => None,
            raw => match logframe.nodes.iter().find(|n| n.code.eq_ignore_ascii_case(raw)) {
                Some(node) => Some(node.id),
                None => {
                    errors.add("parent", "error-logframe-entry");
                    None
                }
            },
        };
        let title = checked_titles(titles, &mut errors);
        if title == Text::new() && errors.for_field("title_fr").is_none() {
            errors.add("title_fr", "error-required");
        }
        let assumptions = input::check(assumptions, TextKind::Comment, "assumptions", &mut errors);
        let (Some(level), true) = (level, errors.is_empty()) else { return Err(AppError::Validation(errors)) };
        let node = LogframeNode {
            id: LogframeNodeId::new(),
            programme: logframe.programme.id,
            level,
            code: entry_code.to_owned(),
            parent,
            title,
            assumptions,
            version: mekong_core::first_version(),
        };
        let mut nodes = logframe.nodes.clone();
        nodes.push(node.clone());
        let txn = self.store.begin_write().await?;
        replace_entries(&txn, &logframe.programme, &nodes).await?;
        let change = Change {
            action: "logframe.entry_added",
            entity_type: "programme",
            entity_id: logframe.programme.code.clone(),
            before: None,
            after: serde_json::to_value(&node).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(node)
    }

    /// Changes a draft logframe entry's titles and assumptions (its code, level and place in
    /// the tree stay: indicators and the action plan refer to them), from the version the
    /// user saw.
    pub async fn update_logframe_entry(
        &self,
        actor: &Actor,
        code: &str,
        entry: LogframeNodeId,
        version: i32,
        titles: &[(Lang, String)],
        assumptions: &str,
    ) -> Result<LogframeNode, AppError> {
        policy::authorise(actor, Permission::ManageResults, &Target::Nothing)?;
        let logframe = self.load_logframe(code).await?;
        if logframe.programme.status != LogframeStatus::Draft {
            return Err(AppError::field("code", "error-logframe-not-draft"));
        }
        let before = logframe.node(entry).cloned().ok_or(AppError::NotFound)?;
        if before.version != version {
            return Err(AppError::Conflict);
        }
        let mut errors = FieldErrors::default();
        let title = checked_titles(titles, &mut errors);
        if title == Text::new() && errors.is_empty() {
            errors.add("title_fr", "error-required");
        }
        let assumptions = input::check(assumptions, TextKind::Comment, "assumptions", &mut errors);
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let after = LogframeNode { title, assumptions, version: before.version + 1, ..before.clone() };
        let nodes: Vec<LogframeNode> =
            logframe.nodes.iter().map(|n| if n.id == entry { after.clone() } else { n.clone() }).collect();
        let txn = self.store.begin_write().await?;
        replace_entries(&txn, &logframe.programme, &nodes).await?;
        let change = Change {
            action: "logframe.entry_updated",
            entity_type: "programme",
            entity_id: logframe.programme.code.clone(),
            before: serde_json::to_value(&before).ok(),
            after: serde_json::to_value(&after).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(after)
    }

    /// Moves the logframe through the EU's statuses: the coordinator submits, the secretariat
    /// approves (keeping that version readable) or sends it back to draft.
    pub async fn set_logframe_status(
        &self,
        actor: &Actor,
        code: &str,
        version: i32,
        status: &str,
    ) -> Result<Programme, AppError> {
        let status = LogframeStatus::parse(status).ok_or_else(|| AppError::field("status", "error-required"))?;
        let permission = match status {
            LogframeStatus::Submitted => Permission::ManageResults,
            LogframeStatus::Approved | LogframeStatus::Draft => Permission::ApproveLogframe,
        };
        policy::authorise(actor, permission, &Target::Nothing)?;
        let logframe = self.load_logframe(code).await?;
        let before = logframe.programme.clone();
        if before.version != version {
            return Err(AppError::Conflict);
        }
        let allowed = matches!(
            (before.status, status),
            (LogframeStatus::Draft, LogframeStatus::Submitted)
                | (LogframeStatus::Submitted, LogframeStatus::Approved)
                | (LogframeStatus::Submitted, LogframeStatus::Draft)
        );
        if !allowed {
            return Err(AppError::field("status", "error-logframe-transition"));
        }
        let mut programme = before.clone();
        programme.status = status;
        programme.version += 1;
        if status == LogframeStatus::Approved {
            programme.approved_version += 1;
        }
        let txn = self.store.begin_write().await?;
        txn.save_programme(&programme).await?;
        if status == LogframeStatus::Approved {
            let snapshot = Logframe { programme: programme.clone(), ..Logframe::clone(&logframe) };
            txn.save_logframe_version(programme.id, programme.approved_version, &snapshot, self.clock.now()).await?;
        }
        let change = Change {
            action: "logframe.status_changed",
            entity_type: "programme",
            entity_id: programme.code.clone(),
            before: Some(serde_json::json!({ "status": before.status.code() })),
            after: Some(serde_json::json!({ "status": status.code(), "approved_version": programme.approved_version })),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(programme)
    }

    /// Adds a reporting period (version 1) or saves one edited from `period.version`. The
    /// code's uniqueness is checked here for a clear message, and again by the database's
    /// unique index inside the transaction, where two writers cannot both pass.
    pub async fn save_period(&self, actor: &Actor, code: &str, period: Period) -> Result<Period, AppError> {
        policy::authorise(actor, Permission::ManageResults, &Target::Nothing)?;
        let logframe = self.load_logframe(code).await?;
        if period.ends < period.starts {
            return Err(AppError::field("ends", "error-until-before-from"));
        }
        if period.code.trim().is_empty() {
            return Err(AppError::field("code", "error-required"));
        }
        if logframe.periods.iter().any(|p| p.code == period.code && p.id != period.id) {
            return Err(AppError::field("code", "error-duplicate"));
        }
        let before = logframe.period(period.id).cloned();
        let version = match &before {
            Some(current) if current.version != period.version => return Err(AppError::Conflict),
            Some(current) => current.version + 1,
            None => mekong_core::first_version(),
        };
        let period = Period { programme: logframe.programme.id, version, ..period };
        let txn = self.store.begin_write().await?;
        txn.save_period(&period).await?;
        let change = Change {
            action: if before.is_none() { "period.created" } else { "period.updated" },
            entity_type: "programme",
            entity_id: logframe.programme.code.clone(),
            before: before.and_then(|b| serde_json::to_value(b).ok()),
            after: serde_json::to_value(&period).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(period)
    }

    /// Locks a period (its values can no longer change) or opens it again, from the version
    /// the user saw.
    pub async fn set_period_locked(
        &self,
        actor: &Actor,
        code: &str,
        period: PeriodId,
        locked: bool,
        version: i32,
    ) -> Result<Period, AppError> {
        policy::authorise(actor, Permission::ManageResults, &Target::Nothing)?;
        let logframe = self.load_logframe(code).await?;
        let current = logframe.period(period).cloned().ok_or(AppError::NotFound)?;
        // Asked for what is already so (two people locking at once): nothing to change or refuse.
        if current.locked == locked {
            return Ok(current);
        }
        self.save_period(actor, code, Period { locked, version, ..current }).await
    }
}

/// Titles typed per language, each checked as a title (`title_fr`, `title_en`...).
fn checked_titles(titles: &[(Lang, String)], errors: &mut FieldErrors) -> Text {
    titles.iter().fold(Text::new(), |text, (lang, value)| {
        text.with(*lang, input::check(value, TextKind::Title, &format!("title_{}", lang.code()), errors))
    })
}
