//! The exchange rate table (one column per currency, one row per month) and its CSV import.

use super::budget::read_file_field;
use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render_with_status};
use crate::state::AppState;
use crate::ui::conflict::form_status;
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_core::finance::conversion::{ExchangeRate, Month};
use mekong_core::money::Currency;
use mekong_core::validation::FieldErrors;
use std::collections::BTreeSet;

#[derive(Template)]
#[template(path = "finance/rates.html")]
struct RatesPage {
    ctx: PageCtx,
    currencies: Vec<String>,
    /// Per month, newest first: the month and each currency's rate (marked when an example).
    months: Vec<(String, Vec<String>)>,
    examples: bool,
    manage: bool,
    errors: FieldErrors,
}

async fn rates_page(state: &AppState, ctx: PageCtx, errors: FieldErrors) -> Result<Response, WebError> {
    let rates: Vec<ExchangeRate> = state.app.exchange_rates(&ctx.actor).await?;
    let currencies: BTreeSet<Currency> = rates.iter().map(|r| r.currency).collect();
    let months: BTreeSet<Month> = rates.iter().map(|r| r.month).collect();
    let rows = months
        .iter()
        .rev()
        .map(|month| {
            let cells = currencies
                .iter()
                .map(|currency| {
                    rates
                        .iter()
                        .find(|r| r.month == *month && r.currency == *currency)
                        .map(|r| if r.example { format!("{}*", r.per_eur) } else { r.per_eur.to_string() })
                        .unwrap_or_default()
                })
                .collect();
            (month.to_string(), cells)
        })
        .collect();
    let status = form_status(&errors, None);
    let page = RatesPage {
        currencies: currencies.iter().map(|c| c.code().to_owned()).collect(),
        months: rows,
        examples: rates.iter().any(|r| r.example),
        manage: state.app.manages_finance(&ctx.actor),
        errors,
        ctx,
    };
    Ok(render_with_status(status, &page))
}

pub async fn show(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    rates_page(&state, ctx, FieldErrors::default()).await
}

pub async fn import(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let bytes = read_file_field(multipart).await;
    match state.app.import_exchange_rates(&ctx.actor, &bytes, false).await {
        Ok(_) => Ok(redirect_with_flash("/finance/rates", "flash-imported", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => rates_page(&state, ctx, errors).await,
        Err(other) => Err(other.into()),
    }
}
