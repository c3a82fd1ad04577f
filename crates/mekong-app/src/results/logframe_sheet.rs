//! The logframe as a spreadsheet in the EU's column layout (intervention logic, indicators,
//! baseline with year, current value with date, target with year, sources of verification,
//! assumptions), with the codes that let the same file come back: an import updates entries and
//! indicators by code and adds new ones, all or nothing.

use super::{IndicatorDraft, Logframe, replace_entries};
use crate::audit::{Change, audit_actor};
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::Lang;
use mekong_core::Text;
use mekong_core::ids::{IndicatorId, LogframeNodeId};
use mekong_core::results::{Level, LogframeNode, LogframeStatus};
use mekong_core::validation::FieldErrors;
use mekong_docs::Table;

const COLUMNS: [&str; 20] = [
    "level",
    "code",
    "parent",
    "intervention_logic_fr",
    "intervention_logic_en",
    "indicator_code",
    "indicator_fr",
    "indicator_en",
    "unit",
    "measure",
    "direction",
    "baseline",
    "baseline_year",
    "current_value",
    "current_value_date",
    "target",
    "target_year",
    "sources_of_verification",
    "assumptions",
    "other_targets",
];

impl App {
    /// The logframe in the EU layout: one row per entry, then one per indicator under it.
    pub async fn logframe_table(&self, actor: &Actor, code: &str) -> Result<Table, AppError> {
        let dashboard = self.dashboard(actor, code).await?;
        let (logframe, summaries) = (&dashboard.logframe, &dashboard.summaries);
        let mut rows = Vec::new();
        for node in &logframe.nodes {
            let parent = node.parent.and_then(|p| logframe.node(p)).map(|p| p.code.clone()).unwrap_or_default();
            let entry = |cells: &mut Vec<String>| {
                cells.extend([
                    node.level.code().to_owned(),
                    node.code.clone(),
                    parent.clone(),
                    node.title.exact(Lang::Fr).unwrap_or_default().to_owned(),
                    node.title.exact(Lang::En).unwrap_or_default().to_owned(),
                ]);
            };
            let mut row = Vec::new();
            entry(&mut row);
            // The entry's own row: no indicator columns, its assumptions.
            row.extend(std::iter::repeat_n(String::new(), 13));
            row.extend([node.assumptions.clone(), String::new()]);
            rows.push(row);
            for summary in summaries.iter().filter(|s| s.indicator.node == node.id) {
                let indicator = &summary.indicator;
                let target = indicator.final_target();
                let mut row = Vec::new();
                entry(&mut row);
                row.extend([
                    indicator.code.clone(),
                    indicator.name.exact(Lang::Fr).unwrap_or_default().to_owned(),
                    indicator.name.exact(Lang::En).unwrap_or_default().to_owned(),
                    indicator.unit.clone(),
                    indicator.measure.code().to_owned(),
                    indicator.direction.code().to_owned(),
                    indicator.baseline.map(|b| b.to_string()).unwrap_or_default(),
                    indicator.baseline_on.map(|d| d.year().to_string()).unwrap_or_default(),
                    summary.latest.as_ref().map(|(_, v)| v.to_string()).unwrap_or_default(),
                    summary.latest.as_ref().map(|(p, _)| p.ends.to_string()).unwrap_or_default(),
                    target.map(|t| t.value.to_string()).unwrap_or_default(),
                    target.map(|t| t.on.year().to_string()).unwrap_or_default(),
                    indicator.sources.clone(),
                    node.assumptions.clone(),
                    indicator
                        .targets
                        .iter()
                        .filter(|t| Some(*t) != target)
                        .map(|t| format!("{}={}", t.on, t.value))
                        .collect::<Vec<_>>()
                        .join("; "),
                ]);
                rows.push(row);
            }
        }
        Ok(Table { headers: COLUMNS.map(str::to_owned).to_vec(), rows })
    }

    /// Imports a logframe spreadsheet in the same layout into a draft logframe. Problems are
    /// named by row and column (`row:column` fields); nothing is saved unless all rows are right.
    pub async fn import_logframe(&self, actor: &Actor, code: &str, bytes: &[u8]) -> Result<(usize, usize), AppError> {
        policy::authorise(actor, Permission::ManageResults, &Target::Nothing)?;
        let logframe = self.load_logframe(code).await?;
        if logframe.programme.status != LogframeStatus::Draft {
            return Err(AppError::field("file", "error-logframe-not-draft"));
        }
        let table = crate::spreadsheets::read_upload(bytes)?;
        let at = |name: &str| table.headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
        if at("level").is_none() || at("code").is_none() {
            return Err(AppError::field("file", "error-logframe-columns"));
        }
        let mut errors = FieldErrors::default();
        // The sheet updates entries by code and adds new ones; entries it leaves out stay.
        let mut nodes: Vec<LogframeNode> = logframe.nodes.clone();
        let mut seen: Vec<String> = Vec::new();
        let mut parents: Vec<(usize, String, String)> = Vec::new();
        let mut drafts: Vec<(usize, IndicatorDraft)> = Vec::new();
        for (index, row) in table.rows.iter().enumerate() {
            let line = index + 2;
            let get = |name: &str| at(name).and_then(|i| row.get(i)).map(|s| s.trim().to_owned()).unwrap_or_default();
            let node_code = get("code");
            if node_code.is_empty() {
                continue;
            }
            if !seen.iter().any(|c| c.eq_ignore_ascii_case(&node_code)) {
                seen.push(node_code.clone());
                let Some(level) = Level::parse(&get("level")) else {
                    errors.add(&format!("{line}:level"), "error-level");
                    continue;
                };
                let existing = nodes.iter().position(|n| n.code.eq_ignore_ascii_case(&node_code));
                let stored = existing.and_then(|i| nodes.get(i));
                // The sheet carries French and English: the other languages are kept.
                let title = stored
                    .map_or_else(Text::new, |n| n.title.clone())
                    .with(Lang::Fr, get("intervention_logic_fr"))
                    .with(Lang::En, get("intervention_logic_en"));
                if title == Text::new() {
                    errors.add(&format!("{line}:intervention_logic_fr"), "error-required");
                }
                let node = LogframeNode {
                    id: stored.map_or_else(LogframeNodeId::new, |n| n.id),
                    programme: logframe.programme.id,
                    level,
                    code: node_code.clone(),
                    parent: stored.and_then(|n| n.parent),
                    title,
                    assumptions: get("assumptions"),
                    version: stored.map_or_else(mekong_core::first_version, |n| n.version + 1),
                };
                match existing.and_then(|i| nodes.get_mut(i)) {
                    Some(slot) => *slot = node,
                    None => nodes.push(node),
                }
                parents.push((line, node_code.clone(), get("parent")));
            }
            let indicator_code = get("indicator_code");
            if indicator_code.is_empty() {
                continue;
            }
            let year_end = |year: String| if year.is_empty() { String::new() } else { format!("{year}-12-31") };
            let mut targets: Vec<String> =
                get("other_targets").split(';').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect();
            if !get("target").is_empty() {
                targets.push(format!("{}={}", year_end(get("target_year")), get("target")));
            }
            drafts.push((
                line,
                IndicatorDraft {
                    node: node_code,
                    code: indicator_code,
                    names: vec![(Lang::Fr, get("indicator_fr")), (Lang::En, get("indicator_en"))],
                    unit: get("unit"),
                    measure: get("measure"),
                    direction: get("direction"),
                    baseline: get("baseline"),
                    baseline_on: if get("baseline_year").is_empty() {
                        String::new()
                    } else {
                        format!("{}-01-01", get("baseline_year"))
                    },
                    targets: targets.join("\n"),
                    sources: get("sources_of_verification"),
                    frequency: String::new(),
                    reported_by: "coordinator".into(),
                    dimensions: Vec::new(),
                    computation: String::new(),
                },
            ));
        }
        let codes: Vec<(String, LogframeNodeId)> = nodes.iter().map(|n| (n.code.to_lowercase(), n.id)).collect();
        for (line, code, parent) in &parents {
            let found = codes.iter().find(|(c, _)| *c == parent.to_lowercase()).map(|(_, id)| *id);
            if !parent.is_empty() && found.is_none() {
                errors.add(&format!("{line}:parent"), "error-logframe-entry");
            }
            if let Some(node) = nodes.iter_mut().find(|n| n.code.eq_ignore_ascii_case(code)) {
                node.parent = found;
            }
        }
        let imported = Logframe { nodes: nodes.clone(), indicators: Vec::new(), ..Logframe::clone(&logframe) };
        let mut indicators = Vec::new();
        for (line, draft) in &drafts {
            let existing = logframe.indicators.iter().find(|i| i.code.eq_ignore_ascii_case(draft.code.trim()));
            // What the sheet does not carry (breakdown, who reports, computation) is kept.
            let mut draft = draft.clone();
            if let Some(existing) = existing {
                // Languages the sheet does not carry are kept; so are full dates in the same year.
                let mut names: Vec<(Lang, String)> =
                    Lang::ALL.iter().filter_map(|l| Some((*l, existing.name.exact(*l)?.to_owned()))).collect();
                for (lang, value) in draft.names.iter().filter(|(_, v)| !v.trim().is_empty()) {
                    names.retain(|(l, _)| l != lang);
                    names.push((*lang, value.clone()));
                }
                draft.names = names;
                if let Some(on) = existing.baseline_on
                    && draft.baseline_on.get(..4) == Some(on.year().to_string().as_str())
                {
                    draft.baseline_on = on.to_string();
                }
                if let Some(target) = existing.final_target() {
                    let year_end = format!("{}-12-31=", target.on.year());
                    draft.targets = draft
                        .targets
                        .lines()
                        .map(|l| {
                            l.strip_prefix(&year_end).map_or_else(|| l.to_owned(), |v| format!("{}={v}", target.on))
                        })
                        .collect::<Vec<_>>()
                        .join("\n");
                }
                draft.reported_by = existing.reported_by.code().to_owned();
                draft.dimensions = existing.dimensions.iter().map(|d| d.code().to_owned()).collect();
                draft.computation = existing.computation.map(|c| c.code().to_owned()).unwrap_or_default();
                draft.frequency = existing.frequency.clone();
            }
            let (id, version) = existing.map_or((IndicatorId::new(), 1), |i| (i.id, i.version + 1));
            let checked = Logframe { indicators: indicators.clone(), ..imported.clone() };
            match draft.parse(&checked, id, version) {
                Ok(indicator)
                    if logframe.programme.approved_version > 0
                        && existing.is_some_and(|e| indicator.frozen_part_differs(e)) =>
                {
                    errors.add(&format!("{line}:indicator_en"), "error-indicator-frozen");
                }
                Ok(indicator) => indicators.push(indicator),
                Err(problems) => {
                    for problem in problems.0 {
                        errors.add(&format!("{line}:{}", problem.field), &problem.message);
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let txn = self.store.begin_write().await?;
        replace_entries(&txn, &logframe.programme, &nodes).await?;
        for indicator in &indicators {
            txn.save_indicator(indicator).await?;
        }
        let change = Change {
            action: "logframe.imported",
            entity_type: "programme",
            entity_id: logframe.programme.code.clone(),
            before: None,
            after: Some(serde_json::json!({ "entries": nodes.len(), "indicators": indicators.len() })),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok((nodes.len(), indicators.len()))
    }
}
