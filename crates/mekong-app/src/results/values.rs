//! Indicator values: the entry grid of one period for one city (or for the network's own
//! indicators), saved or submitted all at once, its spreadsheet round trip (nothing is saved
//! unless the whole file is valid), and the review that validates or returns values.

use super::Logframe;
use crate::audit::{Change, audit_actor};
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::directory::CityCode;
use mekong_core::ids::{IndicatorId, PeriodId, ValueId};
use mekong_core::input::{self, TextKind};
use mekong_core::results::{
    Flag, Indicator, IndicatorValue, Measure, Period, ReportedBy, ValueStatus, consistency_flags, line_at, parse_value,
};
use mekong_core::validation::FieldErrors;
use mekong_docs::Table;
use std::sync::Arc;

/// Whose values a grid holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GridScope {
    /// A member city's values of the indicators cities report.
    City(CityCode),
    /// The values the coordinator reports for the whole programme.
    Network,
}

impl GridScope {
    /// `KH-PNH`, or `network`: as paths and spreadsheets name it.
    pub fn parse(raw: &str) -> Option<GridScope> {
        if raw.eq_ignore_ascii_case("network") {
            Some(GridScope::Network)
        } else {
            CityCode::parse(raw).ok().map(GridScope::City)
        }
    }

    pub fn key(&self) -> String {
        match self {
            GridScope::City(code) => code.to_string(),
            GridScope::Network => "network".to_owned(),
        }
    }

    /// The grid a value of `city` (none: the network's) belongs to.
    pub(crate) fn of(city: Option<&CityCode>) -> GridScope {
        city.map_or(GridScope::Network, |code| GridScope::City(code.clone()))
    }

    fn city(&self) -> Option<&CityCode> {
        match self {
            GridScope::City(code) => Some(code),
            GridScope::Network => None,
        }
    }

    /// Who sees a grid, its values and their evidence: staff, and a city's focal points theirs.
    pub(crate) fn authorise(&self, actor: &Actor) -> Result<(), AppError> {
        match self {
            GridScope::City(code) => policy::authorise(actor, Permission::EnterValues, &Target::City(code.clone())),
            GridScope::Network => policy::authorise(actor, Permission::ManageResults, &Target::Nothing),
        }
    }

    fn reports(&self, indicator: &Indicator) -> bool {
        indicator.computation.is_none()
            && match self {
                GridScope::City(_) => indicator.reported_by == ReportedBy::Cities,
                GridScope::Network => indicator.reported_by == ReportedBy::Coordinator,
            }
    }
}

/// One indicator's line in the grid: each cell with its stored value, and the flags.
#[derive(Debug, Clone)]
pub struct GridRow {
    pub indicator: Indicator,
    pub cells: Vec<(String, Option<IndicatorValue>)>,
    pub flags: Vec<Flag>,
    /// What the person entering the value compares it with: the previous period's total for
    /// the same scope (its period's code and value), the target falling in this period, and
    /// where the line from the baseline through the targets stands at this period's end.
    pub previous: Option<(String, f64)>,
    pub target: Option<f64>,
    pub expected: Option<f64>,
}

/// The entry grid of one period for one scope.
#[derive(Debug, Clone)]
pub struct Grid {
    pub programme_code: String,
    pub period: Period,
    pub scope: GridScope,
    pub rows: Vec<GridRow>,
    /// Whether the reader may enter values (their city, an open period).
    pub editable: bool,
    /// Whether the reader validates values (network staff).
    pub reviewer: bool,
    /// Which page of [`GRID_PAGE`] indicators `rows` is, from 1, and how many there are (one
    /// when the grid is read whole).
    pub page: u64,
    pub pages: u64,
}

/// Indicators a grid's page shows: a focal point fills a screenful at a time, and a page reads
/// only its own indicators' values.
pub const GRID_PAGE: u64 = 20;

/// One cell as submitted: the raw text, a comment, and the version it was read at (0: new).
#[derive(Debug, Clone, Default)]
pub struct CellEntry {
    pub indicator: IndicatorId,
    pub cell: String,
    pub raw: String,
    pub comment: String,
    pub version: i32,
}

/// A reviewer's decision on the submitted values of a grid (one indicator's, or all).
#[derive(Debug, Clone, Default)]
pub struct Review {
    pub indicator: Option<IndicatorId>,
    /// Validate, or return to the authors with `comment`.
    pub validate: bool,
    pub comment: String,
}

/// The form field of a cell, for errors next to it: `v.<indicator>.<cell>`.
pub fn cell_field(indicator: IndicatorId, cell: &str) -> String {
    format!("v.{indicator}.{cell}")
}

/// The spreadsheet's columns, in order.
const SHEET_COLUMNS: [&str; 8] =
    ["indicator_code", "indicator", "unit", "cell", "value", "comment", "status", "version"];

impl App {
    async fn grid_context(&self, code: &str, period: PeriodId) -> Result<(Arc<Logframe>, Period), AppError> {
        let logframe = self.load_logframe(code).await?;
        let period = logframe.period(period).cloned().ok_or(AppError::NotFound)?;
        Ok((logframe, period))
    }

    /// Where a reader goes to enter values: the period open for entry (the latest unlocked one
    /// that has begun) and their grid (a focal point's city, the network for its staff); `None`
    /// for a reader who enters no values, or a programme with no open period.
    pub async fn entry_grid(&self, actor: &Actor, code: &str) -> Result<Option<(PeriodId, GridScope)>, AppError> {
        let logframe = self.logframe(actor, code).await?;
        let today = self.today();
        let open = logframe.periods.iter().filter(|p| !p.locked && p.starts <= today).max_by_key(|p| p.starts);
        let scope = if policy::authorise(actor, Permission::ManageResults, &Target::Nothing).is_ok() {
            Some(GridScope::Network)
        } else {
            actor.focal_cities().into_iter().next().map(GridScope::City)
        };
        Ok(open.map(|p| p.id).zip(scope))
    }

    /// The entry grid: every indicator the scope reports, its cells and their values.
    pub async fn grid(&self, actor: &Actor, code: &str, period: PeriodId, scope: GridScope) -> Result<Grid, AppError> {
        self.load_grid(actor, code, period, scope, true, None).await
    }

    /// One page of the grid (from 1; past the last, the last), as its form shows it.
    pub async fn grid_page(
        &self,
        actor: &Actor,
        code: &str,
        period: PeriodId,
        scope: GridScope,
        page: u64,
    ) -> Result<Arc<Grid>, AppError> {
        scope.authorise(actor)?;
        let stamp = self.store.audit_head_seq().await?;
        // Kept as the dashboard is: a page's flags read every earlier period's totals.
        let reviewer = policy::authorise(actor, Permission::ManageResults, &Target::Nothing).is_ok();
        let key = (code.to_owned(), period, scope.key(), page, reviewer);
        if let Some(kept) = self.kept.grids.get(&key, stamp) {
            return Ok(kept);
        }
        let grid = self.load_grid(actor, code, period, scope, true, Some(page)).await?;
        Ok(self.kept.grids.keep(key, stamp, grid))
    }

    /// The grid, with its consistency flags when `flagged` (they read every earlier period:
    /// only the page needs them, not the writes that start from the grid).
    async fn load_grid(
        &self,
        actor: &Actor,
        code: &str,
        period: PeriodId,
        scope: GridScope,
        flagged: bool,
        page: Option<u64>,
    ) -> Result<Grid, AppError> {
        scope.authorise(actor)?;
        let (logframe, period) = self.grid_context(code, period).await?;
        let reported: Vec<&Indicator> = logframe.indicators.iter().filter(|i| scope.reports(i)).collect();
        let total = u64::try_from(reported.len()).unwrap_or(u64::MAX);
        let (page, pages, shown) = match page {
            None => (1, 1, reported),
            Some(page) => {
                let pages = total.div_ceil(GRID_PAGE).max(1);
                let page = page.clamp(1, pages);
                let skip = usize::try_from((page - 1) * GRID_PAGE).unwrap_or(usize::MAX);
                let take = usize::try_from(GRID_PAGE).unwrap_or(usize::MAX);
                (page, pages, reported.into_iter().skip(skip).take(take).collect())
            }
        };
        let ids: Vec<IndicatorId> = shown.iter().map(|i| i.id).collect();
        let values = self.store.period_values(period.id, scope.city(), &ids).await?;
        // Earlier totals in period order: the row's previous value and its consistency checks.
        let mut previous: Vec<(&Period, IndicatorId, f64)> = Vec::new();
        if flagged {
            let earlier: Vec<&Period> = logframe.periods.iter().filter(|p| p.ends < period.starts).collect();
            let ids_of_earlier: Vec<PeriodId> = earlier.iter().map(|p| p.id).collect();
            let amounts = self.store.total_amounts(&ids_of_earlier, scope.city(), &ids).await?;
            for earlier in earlier {
                previous.extend(
                    amounts
                        .iter()
                        .filter(|a| a.period_id == earlier.id.0)
                        .map(|a| (earlier, IndicatorId(a.indicator_id), a.amount)),
                );
            }
        }
        let rows = shown
            .into_iter()
            .map(|indicator| {
                let cells: Vec<(String, Option<IndicatorValue>)> = indicator
                    .cells()
                    .into_iter()
                    .map(|cell| {
                        let stored = values.iter().find(|v| v.indicator == indicator.id && v.cell == cell).cloned();
                        (cell, stored)
                    })
                    .collect();
                let numbers: Vec<(String, f64)> =
                    cells.iter().filter_map(|(c, v)| Some((c.clone(), v.as_ref()?.value?))).collect();
                let totals: Vec<&(&Period, IndicatorId, f64)> =
                    previous.iter().filter(|(_, id, _)| *id == indicator.id).collect();
                let history: Vec<f64> = totals.iter().map(|(_, _, amount)| *amount).collect();
                let flags = if flagged { consistency_flags(indicator, &numbers, &history) } else { Vec::new() };
                let last = totals.iter().max_by_key(|(p, _, _)| p.ends);
                GridRow {
                    previous: last.map(|(p, _, amount)| (p.code.clone(), *amount)),
                    target: indicator
                        .targets
                        .iter()
                        .find(|t| t.on >= period.starts && t.on <= period.ends)
                        .map(|t| t.value),
                    expected: line_at(indicator, period.ends),
                    indicator: indicator.clone(),
                    cells,
                    flags,
                }
            })
            .collect();
        Ok(Grid {
            programme_code: logframe.programme.code.clone(),
            editable: !period.locked,
            reviewer: policy::authorise(actor, Permission::ManageResults, &Target::Nothing).is_ok(),
            period,
            scope,
            rows,
            page,
            pages,
        })
    }

    /// Saves a grid's cells (as drafts, or submitted for validation) in one transaction: every
    /// cell is checked first, and nothing is saved if any is wrong or was changed meanwhile.
    pub async fn save_grid(
        &self,
        actor: &Actor,
        code: &str,
        period: PeriodId,
        scope: GridScope,
        entries: &[CellEntry],
        submit: bool,
    ) -> Result<usize, AppError> {
        let grid = self.load_grid(actor, code, period, scope.clone(), false, None).await?;
        let mut errors = FieldErrors::default();
        let mut changes: Vec<(Option<IndicatorValue>, IndicatorValue)> = Vec::new();
        for entry in entries {
            let field = cell_field(entry.indicator, &entry.cell);
            let Some(row) = grid.rows.iter().find(|r| r.indicator.id == entry.indicator) else {
                errors.add(&field, "error-unknown-indicator");
                continue;
            };
            let Some((_, stored)) = row.cells.iter().find(|(c, _)| *c == entry.cell) else {
                errors.add(&field, "error-unknown-cell");
                continue;
            };
            if stored.as_ref().map_or(0, |v| v.version) != entry.version {
                return Err(AppError::Conflict);
            }
            let value = match parse_value(row.indicator.measure, &entry.raw, reader_language(actor)) {
                Ok(value) => value,
                Err(message) => {
                    errors.add(&field, message);
                    continue;
                }
            };
            let typed = if row.indicator.measure == Measure::Qualitative { &entry.raw } else { &entry.comment };
            let comment = match input::clean(typed, TextKind::Comment) {
                Ok(comment) => comment,
                Err(problem) => {
                    errors.add(&field, input::message(problem, TextKind::Comment));
                    continue;
                }
            };
            let comment = comment.as_str();
            let unchanged = stored.as_ref().is_some_and(|s| s.value == value && s.comment == comment);
            if stored.is_none() && value.is_none() && comment.is_empty() {
                continue;
            }
            if unchanged
                && !(submit
                    && stored
                        .as_ref()
                        .is_some_and(|s| s.status == ValueStatus::Draft || s.status == ValueStatus::Returned))
            {
                continue;
            }
            if grid.period.locked {
                errors.add(&field, "error-period-locked");
                continue;
            }
            let next = IndicatorValue {
                id: stored.as_ref().map_or_else(ValueId::new, |s| s.id),
                indicator: row.indicator.id,
                period: grid.period.id,
                city: scope.city().cloned(),
                cell: entry.cell.clone(),
                value,
                comment: comment.to_owned(),
                evidence: stored.as_ref().map(|s| s.evidence.clone()).unwrap_or_default(),
                status: if submit { ValueStatus::Submitted } else { ValueStatus::Draft },
                author: actor.user_id(),
                review_comment: String::new(),
                version: stored.as_ref().map_or(1, |s| s.version + 1),
            };
            changes.push((stored.clone(), next));
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let txn = self.store.begin_write().await?;
        for (before, after) in &changes {
            txn.save_value(after).await?;
            let change = Change {
                action: if submit { "value.submitted" } else { "value.saved" },
                entity_type: "indicator",
                entity_id: after.indicator.to_string(),
                before: before.as_ref().and_then(|b| serde_json::to_value(b).ok()),
                after: serde_json::to_value(after).ok(),
            };
            self.record(&txn, audit_actor(actor), change).await?;
        }
        txn.commit().await?;
        Ok(changes.len())
    }

    /// Validates the submitted values of a grid (one indicator, or all), or sends them back to
    /// their authors with a comment.
    pub async fn review_values(
        &self,
        actor: &Actor,
        code: &str,
        period: PeriodId,
        scope: GridScope,
        review: &Review,
    ) -> Result<usize, AppError> {
        let Review { indicator, validate, comment } = review;
        let (indicator, validate) = (*indicator, *validate);
        policy::authorise(actor, Permission::ManageResults, &Target::Nothing)?;
        let comment = input::clean(comment, TextKind::Comment)
            .map_err(|problem| AppError::field("comment", input::message(problem, TextKind::Comment)))?;
        if !validate && comment.is_empty() {
            return Err(AppError::field("comment", "error-return-comment"));
        }
        let grid = self.load_grid(actor, code, period, scope, false, None).await?;
        if grid.period.locked {
            return Err(AppError::field("comment", "error-period-locked"));
        }
        let submitted: Vec<IndicatorValue> = grid
            .rows
            .iter()
            .filter(|r| indicator.is_none_or(|i| i == r.indicator.id))
            .flat_map(|r| r.cells.iter().filter_map(|(_, v)| v.clone()))
            .filter(|v| v.status == ValueStatus::Submitted)
            .collect();
        let txn = self.store.begin_write().await?;
        for before in &submitted {
            let mut after = before.clone();
            after.status = if validate { ValueStatus::Validated } else { ValueStatus::Returned };
            after.review_comment = if validate { String::new() } else { comment.clone() };
            after.version += 1;
            txn.save_value(&after).await?;
            let change = Change {
                action: if validate { "value.validated" } else { "value.returned" },
                entity_type: "indicator",
                entity_id: after.indicator.to_string(),
                before: serde_json::to_value(before).ok(),
                after: serde_json::to_value(&after).ok(),
            };
            self.record(&txn, audit_actor(actor), change).await?;
        }
        txn.commit().await?;
        Ok(submitted.len())
    }

    /// Attaches an evidence file (a report, a list of participants, a photo) to an indicator's
    /// total for the grid's period and city. The value must have been entered first.
    pub async fn attach_evidence(
        &self,
        actor: &Actor,
        code: &str,
        period: PeriodId,
        scope: GridScope,
        indicator: IndicatorId,
        upload: &crate::events::Upload,
    ) -> Result<IndicatorValue, AppError> {
        let grid = self.load_grid(actor, code, period, scope, false, None).await?;
        if grid.period.locked {
            return Err(AppError::field("evidence", "error-period-locked"));
        }
        let row = grid.rows.iter().find(|r| r.indicator.id == indicator).ok_or(AppError::NotFound)?;
        let Some(before) = row.cells.iter().find(|(c, _)| c.is_empty()).and_then(|(_, v)| v.clone()) else {
            return Err(AppError::field("evidence", "error-evidence-without-value"));
        };
        let text = crate::documents::attached_text(&upload.bytes).await;
        let txn = self.store.begin_write().await?;
        let document = self.store_file(&txn, "evidence", &upload.name, &upload.bytes).await?;
        if let Some(text) = text {
            txn.save_file_text(&document.sha256, &text).await?;
        }
        let mut after = before.clone();
        after.evidence.retain(|d| d.sha256 != document.sha256);
        after.evidence.push(document);
        after.version += 1;
        txn.save_value(&after).await?;
        let change = Change {
            action: "value.evidence_added",
            entity_type: "indicator",
            entity_id: indicator.to_string(),
            before: serde_json::to_value(&before).ok(),
            after: serde_json::to_value(&after).ok(),
        };
        let seq = self.record(&txn, audit_actor(actor), change).await?;
        // The audit names the indicator, the index the value whose evidence it searches.
        crate::search::log_change(&txn, seq, crate::search::EVIDENCE, &after.id.to_string()).await?;
        txn.commit().await?;
        Ok(after)
    }

    /// The path of the grid that holds `value`, to whoever may see that grid: where a search
    /// result for the value's evidence leads.
    pub async fn value_grid_path(&self, actor: &Actor, value: ValueId) -> Result<String, AppError> {
        let value = self.store.values_by_ids(&[value]).await?.pop().ok_or(AppError::NotFound)?;
        GridScope::of(value.city.as_ref()).authorise(actor)?;
        let logframes = self.all_logframes().await?;
        let logframe = Logframe::holding(&logframes, value.period).ok_or(AppError::NotFound)?;
        Ok(logframe.grid_path(value.period, value.city.as_ref()))
    }

    /// An evidence file of the grid, to whoever may see the grid.
    pub async fn evidence(
        &self,
        actor: &Actor,
        code: &str,
        period: PeriodId,
        scope: GridScope,
        sha256: &str,
    ) -> Result<(mekong_store::StoredFile, String, Vec<u8>), AppError> {
        let grid = self.load_grid(actor, code, period, scope, false, None).await?;
        let name = grid
            .rows
            .iter()
            .flat_map(|r| r.cells.iter().filter_map(|(_, v)| v.as_ref()))
            .flat_map(|v| v.evidence.iter())
            .find(|d| d.sha256 == sha256)
            .map(|d| d.name.clone())
            .ok_or(AppError::NotFound)?;
        let (file, bytes) = self.read_file(sha256).await?;
        Ok((file, name, bytes))
    }

    /// Every change to the grid's values (entries, submissions, reviews, evidence), newest
    /// first: to whoever may see the grid, so a focal point sees their own city's history.
    pub async fn grid_history(
        &self,
        actor: &Actor,
        code: &str,
        period: PeriodId,
        scope: GridScope,
    ) -> Result<Vec<mekong_core::audit::AuditEntry>, AppError> {
        let grid = self.load_grid(actor, code, period, scope.clone(), false, None).await?;
        let city = scope.city().map(|c| serde_json::Value::String(c.to_string())).unwrap_or(serde_json::Value::Null);
        let period_id = serde_json::Value::String(grid.period.id.to_string());
        let mut entries = Vec::new();
        for row in &grid.rows {
            let filter = mekong_store::audit::AuditFilter {
                entity_type: Some("indicator".into()),
                entity_id: Some(row.indicator.id.to_string()),
                limit: 500,
                ..Default::default()
            };
            entries.extend(self.store.audit_entries(&filter).await?.into_iter().filter(|entry| {
                let record = entry.change.after.as_ref().or(entry.change.before.as_ref());
                record.is_some_and(|r| r.get("city") == Some(&city) && r.get("period") == Some(&period_id))
            }));
        }
        entries.sort_by_key(|e| std::cmp::Reverse(e.seq));
        entries.truncate(500);
        Ok(entries)
    }

    /// The grid as a spreadsheet to fill offline: one row per cell, with the version it was
    /// read at so that a stale upload is detected.
    pub async fn grid_table(
        &self,
        actor: &Actor,
        code: &str,
        period: PeriodId,
        scope: GridScope,
    ) -> Result<Table, AppError> {
        let grid = self.load_grid(actor, code, period, scope, false, None).await?;
        let lang = actor.user.as_ref().map_or(mekong_core::Lang::DEFAULT, |u| u.language);
        let rows = grid
            .rows
            .iter()
            .flat_map(|row| {
                row.cells.iter().map(move |(cell, stored)| {
                    vec![
                        row.indicator.code.clone(),
                        row.indicator.name.get(lang).to_owned(),
                        row.indicator.unit.clone(),
                        cell.clone(),
                        stored
                            .as_ref()
                            .map(|v| {
                                if row.indicator.measure == Measure::Qualitative {
                                    v.comment.clone()
                                } else {
                                    v.value.map(mekong_core::numbers::format_for_input).unwrap_or_default()
                                }
                            })
                            .unwrap_or_default(),
                        stored
                            .as_ref()
                            .filter(|_| row.indicator.measure != Measure::Qualitative)
                            .map(|v| v.comment.clone())
                            .unwrap_or_default(),
                        stored.as_ref().map(|v| v.status.code().to_owned()).unwrap_or_default(),
                        stored.as_ref().map_or(0, |v| v.version).to_string(),
                    ]
                })
            })
            .collect();
        Ok(Table { headers: SHEET_COLUMNS.map(str::to_owned).to_vec(), rows })
    }

    /// Reads a filled grid spreadsheet and saves it as drafts, all or nothing. Problems are
    /// named by spreadsheet row and column (`row:column` fields).
    pub async fn upload_grid(
        &self,
        actor: &Actor,
        code: &str,
        period: PeriodId,
        scope: GridScope,
        bytes: &[u8],
    ) -> Result<usize, AppError> {
        let grid = self.load_grid(actor, code, period, scope.clone(), false, None).await?;
        let table = crate::spreadsheets::read_upload(bytes)?;
        let column = |name: &str| table.headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
        let (Some(code_at), Some(cell_at), Some(value_at)) =
            (column("indicator_code"), column("cell"), column("value"))
        else {
            return Err(AppError::field("file", "error-grid-columns"));
        };
        let (comment_at, version_at) = (column("comment"), column("version"));
        let mut errors = FieldErrors::default();
        let mut entries = Vec::new();
        let mut lines = Vec::new();
        for (index, row) in table.rows.iter().enumerate() {
            // Row 1 is the header.
            let line = index + 2;
            let get = |at: Option<usize>| at.and_then(|a| row.get(a)).map(|s| s.trim().to_owned()).unwrap_or_default();
            let indicator_code = get(Some(code_at));
            if indicator_code.is_empty() {
                continue;
            }
            let Some(grid_row) = grid.rows.iter().find(|r| r.indicator.code.eq_ignore_ascii_case(&indicator_code))
            else {
                errors.add(&format!("{line}:indicator_code"), "error-unknown-indicator");
                continue;
            };
            let cell = get(Some(cell_at));
            if !grid_row.cells.iter().any(|(c, _)| *c == cell) {
                errors.add(&format!("{line}:cell"), "error-unknown-cell");
                continue;
            }
            let raw = get(Some(value_at));
            if let Err(message) = parse_value(grid_row.indicator.measure, &raw, reader_language(actor)) {
                errors.add(&format!("{line}:value"), message);
                continue;
            }
            let version = match get(version_at).as_str() {
                "" => 0,
                text => match text.parse::<f64>() {
                    Ok(v) if v.fract() == 0.0 && v >= 0.0 => v as i32,
                    _ => {
                        errors.add(&format!("{line}:version"), "error-number");
                        continue;
                    }
                },
            };
            entries.push(CellEntry { indicator: grid_row.indicator.id, cell, raw, comment: get(comment_at), version });
            lines.push(line);
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        match self.save_grid(actor, code, period, scope, &entries, false).await {
            // A cell's own error names its row in the file rather than the page's field.
            Err(AppError::Validation(cell_errors)) => {
                let mut by_row = FieldErrors::default();
                for error in cell_errors.0 {
                    let line = entries
                        .iter()
                        .position(|e| cell_field(e.indicator, &e.cell) == error.field)
                        .and_then(|i| lines.get(i).copied())
                        .unwrap_or(0);
                    by_row.add(&format!("{line}:value"), &error.message);
                }
                Err(AppError::Validation(by_row))
            }
            other => other,
        }
    }
}

/// The language whose number rules read what `actor` typed: their own setting (values are
/// entered signed in), else the default.
fn reader_language(actor: &Actor) -> mekong_core::Lang {
    actor.user.as_ref().map_or(mekong_core::Lang::DEFAULT, |u| u.language)
}
