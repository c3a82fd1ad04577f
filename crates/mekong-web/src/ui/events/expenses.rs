//! The event's travel and per diems proposed as expenses of a programme, from the event page:
//! one click, and a second click creates nothing twice.

use super::{ShowForms, event_id, show_page};
use crate::WebError;
use crate::context::PageCtx;
use crate::state::AppState;
use axum::extract::{Form, Path, State};
use axum::response::Response;
use mekong_app::AppError;
use mekong_i18n::Arg;
use serde::Deserialize;

/// The proposal form: the programme that pays, and the line for travel that names none.
#[derive(Deserialize, Default, Clone)]
pub struct ProposalInput {
    #[serde(default)]
    pub programme: String,
    #[serde(default)]
    pub budget_line: String,
}

pub async fn propose(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(input): Form<ProposalInput>,
) -> Result<Response, WebError> {
    let id = event_id(&id)?;
    let mut forms = ShowForms { proposal: input.clone(), ..ShowForms::default() };
    if input.programme.trim().is_empty() {
        forms.errors.add("programme", "error-required");
    } else {
        match state.app.propose_event_expenses(&ctx.actor, id, &input.programme, &input.budget_line).await {
            Ok(done) => {
                let count = |n: usize| Arg::from(i64::try_from(n).unwrap_or_default());
                let mut result = ctx.tr.t_with(
                    "event-expenses-result",
                    &[("created", count(done.created)), ("already", count(done.already))],
                );
                if !done.without_line.is_empty() {
                    result.push(' ');
                    result.push_str(
                        &ctx.tr.t_with(
                            "event-expenses-without-line",
                            &[("names", Arg::from(done.without_line.join(", ")))],
                        ),
                    );
                }
                forms.proposal_result = Some(result);
            }
            Err(AppError::Validation(errors)) => forms.errors = errors,
            Err(other) => return Err(other.into()),
        }
    }
    let detail = state.app.event(&ctx.actor, id).await?;
    show_page(&state, ctx, detail, forms).await
}
