//! The notice of a save made from an older version of a record: what the user typed beside
//! what is saved now, field by field. The form below it keeps the user's input and carries the
//! saved version, so that saving again is a deliberate choice to replace it.

use crate::WebError;
use crate::context::PageCtx;
use axum::http::StatusCode;
use mekong_app::AppError;
use mekong_core::validation::FieldErrors;

/// One field that differs between the user's input and the saved record.
#[derive(Clone)]
pub struct ConflictRow {
    pub label: String,
    pub yours: String,
    pub saved: String,
}

#[derive(Clone)]
pub struct ConflictView {
    pub rows: Vec<ConflictRow>,
}

impl ConflictView {
    /// Compares fields given as (label message id, typed, saved); equal ones are left out.
    pub fn compare<L: AsRef<str>>(
        ctx: &PageCtx,
        fields: impl IntoIterator<Item = (L, String, String)>,
    ) -> ConflictView {
        let rows = fields
            .into_iter()
            .filter(|(_, yours, saved)| yours.trim() != saved.trim())
            .map(|(label, yours, saved)| ConflictRow { label: ctx.t(label.as_ref()), yours, saved })
            .collect();
        ConflictView { rows }
    }

    /// Compares the same form's fields listed twice, as typed and as saved.
    pub fn between<L: AsRef<str>>(ctx: &PageCtx, yours: Vec<(L, String)>, saved: Vec<(L, String)>) -> ConflictView {
        ConflictView::compare(
            ctx,
            yours.into_iter().zip(saved).map(|((label, yours), (_, saved))| (label, yours, saved)),
        )
    }

    /// Compares two versions of a directory record's form, field by field as the import page
    /// names them (`fields` are the draft's field names, `value` reads one).
    pub fn of_fields<D>(
        ctx: &PageCtx,
        fields: &[&str],
        yours: &D,
        saved: &D,
        value: fn(&D, &str) -> String,
    ) -> ConflictView {
        let label = |field: &str| format!("import-field-{}", field.replace('_', "-"));
        ConflictView::compare(ctx, fields.iter().map(|f| (label(f), value(yours, f), value(saved, f))))
    }
}

/// The status of a form page shown again: 409 for a conflict, 422 for field errors.
pub fn form_status(errors: &FieldErrors, conflict: Option<&ConflictView>) -> StatusCode {
    match (conflict, errors.is_empty()) {
        (Some(_), _) => StatusCode::CONFLICT,
        (None, true) => StatusCode::OK,
        (None, false) => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// Why a step taken from a record's page was refused: the page is shown again with these.
pub struct Refusal {
    pub errors: FieldErrors,
    pub conflict: Option<ConflictView>,
}

/// A step's outcome as its page answers it: what was saved, or the refusal to show on the page
/// again (a stale version, which has no fields to compare, or field errors); anything else is
/// an error page.
pub fn refusal<T>(result: Result<T, AppError>) -> Result<Result<T, Refusal>, WebError> {
    match result {
        Ok(saved) => Ok(Ok(saved)),
        Err(AppError::Validation(errors)) => Ok(Err(Refusal { errors, conflict: None })),
        Err(AppError::Conflict) => {
            Ok(Err(Refusal { errors: FieldErrors::default(), conflict: Some(ConflictView { rows: Vec::new() }) }))
        }
        Err(error) => Err(error.into()),
    }
}
