//! Probes for process supervisors and load balancers.

use crate::WebError;
use crate::state::AppState;
use axum::extract::State;

/// Alive: the process answers.
pub async fn healthz() -> &'static str {
    "ok"
}

/// Ready: the database answers too.
pub async fn readyz(State(state): State<AppState>) -> Result<&'static str, WebError> {
    state.app.ready().await?;
    Ok("ready")
}
