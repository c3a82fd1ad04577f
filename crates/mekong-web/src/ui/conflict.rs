//! The notice of a save made from an older version of a record: what the user typed beside
//! what is saved now, field by field. The form below it keeps the user's input and carries the
//! saved version, so that saving again is a deliberate choice to replace it.

use crate::context::PageCtx;

/// One field that differs between the user's input and the saved record.
pub struct ConflictRow {
    pub label: String,
    pub yours: String,
    pub saved: String,
}

pub struct ConflictView {
    pub rows: Vec<ConflictRow>,
}

impl ConflictView {
    /// Compares fields given as (label message id, typed, saved); equal ones are left out.
    pub fn compare<'a>(ctx: &PageCtx, fields: impl IntoIterator<Item = (&'a str, String, String)>) -> ConflictView {
        let rows = fields
            .into_iter()
            .filter(|(_, yours, saved)| yours.trim() != saved.trim())
            .map(|(label, yours, saved)| ConflictRow { label: ctx.t(label), yours, saved })
            .collect();
        ConflictView { rows }
    }
}
