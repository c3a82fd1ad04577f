//! The audit trail in the reader's language: the admin's filtered browser, and the rows the
//! History sections of records show.

use crate::WebError;
use crate::context::PageCtx;
use crate::page::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use mekong_app::audit::AuditFilter;
use mekong_core::audit::AuditEntry;
use serde::Deserialize;

/// One field that changed.
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// An entry as a History row shows it.
pub struct AuditRow {
    pub when: String,
    pub who: String,
    pub what: String,
    pub entity: String,
    pub changes: Vec<FieldChange>,
    /// Personal data in the entry was erased (its digest still holds the chain).
    pub erased: bool,
}

impl AuditRow {
    pub fn new(entry: &AuditEntry, ctx: &PageCtx) -> AuditRow {
        let change = &entry.change;
        let id = format!("audit-{}", change.action.replace(['.', '_'], "-"));
        let what = if ctx.tr.has_message(&id) { ctx.t(&id) } else { change.action.clone() };
        AuditRow {
            when: ctx.tr.instant(entry.at),
            who: change.actor.label(),
            what,
            entity: format!("{} {}", change.entity_type, change.entity_id),
            changes: field_changes(change.before.as_ref(), change.after.as_ref()),
            erased: entry.has_erased_payload(),
        }
    }
}

/// The top-level fields that differ between two versions of a record.
fn field_changes(before: Option<&serde_json::Value>, after: Option<&serde_json::Value>) -> Vec<FieldChange> {
    let empty = serde_json::Map::new();
    let as_object = |v: Option<&serde_json::Value>| v.and_then(serde_json::Value::as_object).unwrap_or(&empty).clone();
    let (before, after) = (as_object(before), as_object(after));
    let mut fields: Vec<&String> = before.keys().chain(after.keys()).collect();
    fields.sort();
    fields.dedup();
    let show = |v: Option<&serde_json::Value>| match v {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    fields
        .into_iter()
        .filter(|f| before.get(*f) != after.get(*f))
        .map(|f| FieldChange { field: f.clone(), before: show(before.get(f)), after: show(after.get(f)) })
        .collect()
}

#[derive(Deserialize, Default)]
pub struct TrailQuery {
    #[serde(default)]
    entity_type: String,
    #[serde(default)]
    entity_id: String,
    #[serde(default)]
    user: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    until: String,
}

#[derive(Template)]
#[template(path = "audit/trail.html")]
struct TrailPage {
    ctx: PageCtx,
    query: TrailQuery,
    history: Vec<AuditRow>,
    problem: Option<String>,
}

/// A day typed in the filter, as the instant it starts in the reader's zone.
fn day_start(text: &str, time_zone: &str) -> Result<Option<jiff::Timestamp>, ()> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let date: jiff::civil::Date = text.trim().parse().map_err(|_| ())?;
    let zone = jiff::tz::TimeZone::get(time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    zone.to_timestamp(date.to_datetime(jiff::civil::Time::midnight())).map(Some).map_err(|_| ())
}

pub async fn trail(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<TrailQuery>,
) -> Result<Response, WebError> {
    let from = day_start(&query.from, &ctx.tr.time_zone);
    let until = day_start(&query.until, &ctx.tr.time_zone).and_then(|day| match day {
        Some(start) => start.checked_add(jiff::SignedDuration::from_hours(24)).map(Some).map_err(|_| ()),
        None => Ok(None),
    });
    let user = match query.user.trim() {
        "" => Ok(None),
        text => uuid::Uuid::parse_str(text).map(Some).map_err(|_| ()),
    };
    let (Ok(from), Ok(until), Ok(user)) = (from, until, user) else {
        let problem = Some(ctx.t("error-audit-filter"));
        return Ok(render(&TrailPage { ctx, query, history: Vec::new(), problem }));
    };
    let filter = AuditFilter {
        entity_type: Some(query.entity_type.trim().to_owned()).filter(|s| !s.is_empty()),
        entity_id: Some(query.entity_id.trim().to_owned()).filter(|s| !s.is_empty()),
        user,
        from,
        until,
        limit: 500,
    };
    let history = state.app.audit_trail(&ctx.actor, filter).await?.iter().map(|e| AuditRow::new(e, &ctx)).collect();
    Ok(render(&TrailPage { ctx, query, history, problem: None }))
}

#[cfg(test)]
mod tests {
    use super::field_changes;

    #[test]
    fn only_changed_fields_are_listed() {
        let before = serde_json::json!({"language": "fr", "time_zone": "Asia/Phnom_Penh", "active": true});
        let after = serde_json::json!({"language": "km", "time_zone": "Asia/Phnom_Penh", "active": true});
        let changes = field_changes(Some(&before), Some(&after));
        assert_eq!(changes.len(), 1);
        assert_eq!(
            (changes[0].field.as_str(), changes[0].before.as_str(), changes[0].after.as_str()),
            ("language", "fr", "km")
        );
        assert_eq!(field_changes(None, Some(&after)).len(), 3);
    }
}
