//! A programme's budget page: the summary per heading with the caps, the lines per year, the
//! transfers, the contract's settings and the funds received, with their forms; the budget as
//! an XLSX in the EU's layout, and its import.

use super::{CapRow, FinanceNav, Pick, cap_rows, currency_picks, heading_label, line_picks};
use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render_with_status};
use crate::state::AppState;
use crate::ui::conflict::{ConflictView, form_status};
use crate::ui::events::parse_uuid;
use crate::ui::organisations::download;
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::finance::{BudgetLineDraft, BudgetView, ReceiptDraft, SettingsDraft, ThresholdDraft, TransferDraft};
use mekong_core::finance::budget::Heading;
use mekong_core::finance::conversion::ConversionMethod;
use mekong_core::finance::procurement::ContractKind;
use mekong_core::ids::BudgetLineId;
use mekong_core::validation::FieldErrors;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize, Default)]
pub struct YearQuery {
    year: Option<i16>,
    /// After a change of conversion method: how many converted amounts changed.
    reconverted: Option<u64>,
}

struct SummaryRow {
    label: String,
    amount: String,
    total: bool,
}

struct LineRow {
    id: String,
    code: String,
    title: String,
    unit: String,
    /// Per year: units × unit cost = amount.
    years: Vec<String>,
    total: String,
}

struct TransferRow {
    at: String,
    year: i16,
    from: String,
    to: String,
    amount: String,
    reason: String,
    by: String,
}

struct ThresholdRow {
    kind: String,
    procedure: String,
    up_to: String,
}

/// The forms of the page as typed, each kept to show again with its errors.
#[derive(Default)]
pub struct BudgetForms {
    line: BudgetLineDraft,
    transfer: TransferDraft,
    settings: Option<SettingsDraft>,
    receipt: ReceiptDraft,
    threshold: ThresholdDraft,
    errors: FieldErrors,
    /// Which form the errors belong to.
    failed: &'static str,
    conflict: Option<ConflictView>,
}

#[derive(Template)]
#[template(path = "finance/budget.html")]
struct BudgetPage {
    ctx: PageCtx,
    nav: FinanceNav,
    title: String,
    currency: String,
    year: Option<i16>,
    years: Vec<i16>,
    /// The years the lines table shows: those with an amount on some line.
    table_years: Vec<i16>,
    /// The year links: each year and whether it is the one shown.
    year_links: Vec<(i16, bool)>,
    summary: Vec<SummaryRow>,
    caps: Vec<CapRow>,
    lines: Vec<LineRow>,
    transfers: Vec<TransferRow>,
    thresholds: Vec<ThresholdRow>,
    procurement_example: bool,
    receipts: Vec<(String, String, String)>,
    manage: bool,
    from_choices: Vec<Pick>,
    to_choices: Vec<Pick>,
    methods: Vec<Pick>,
    currencies: Vec<Pick>,
    kinds: Vec<Pick>,
    procedures: Vec<Pick>,
    forms: BudgetForms,
    settings: SettingsDraft,
    settings_version: i32,
    transfer_hint: String,
    /// What a change of conversion method did, said once after it.
    reconverted: Option<String>,
}

impl BudgetPage {
    fn line_field(&self, year: &i16, which: &str) -> String {
        self.forms
            .line
            .years
            .iter()
            .find(|(y, _, _)| y == year)
            .map(|(_, units, cost)| if which == "units" { units.clone() } else { cost.clone() })
            .unwrap_or_default()
    }
}

async fn budget_page(
    state: &AppState,
    ctx: PageCtx,
    code: &str,
    year: Option<i16>,
    forms: BudgetForms,
) -> Result<Response, WebError> {
    budget_page_saying(state, ctx, code, (year, None), forms).await
}

async fn budget_page_saying(
    state: &AppState,
    ctx: PageCtx,
    code: &str,
    (year, reconverted): (Option<i16>, Option<u64>),
    forms: BudgetForms,
) -> Result<Response, WebError> {
    let view: BudgetView = state.app.budget(&ctx.actor, code, year).await?;
    let years = view.years();
    let year = year.filter(|y| years.contains(y));
    let money = |m| ctx.tr.money(m);
    let summary_of = view.budget.summary(year).map_err(|e| AppError::Internal(e.to_string()))?;
    let mut summary = Vec::new();
    for (heading, amount) in &summary_of.headings {
        if *heading == Heading::Indirect {
            summary.push(SummaryRow { label: ctx.t("finance-line-7"), amount: money(summary_of.direct), total: true });
        }
        summary.push(SummaryRow { label: heading_label(&ctx, *heading), amount: money(*amount), total: false });
        if *heading == Heading::Indirect {
            summary.push(SummaryRow {
                label: ctx.t("finance-line-9"),
                amount: money(summary_of.eligible),
                total: true,
            });
        }
    }
    summary.push(SummaryRow { label: ctx.t("finance-total"), amount: money(summary_of.total), total: true });
    let caps = cap_rows(&ctx, &view.caps);
    let table_years: Vec<i16> = years
        .iter()
        .copied()
        .filter(|y| view.budget.lines.iter().any(|l| l.years.iter().any(|ly| ly.year == *y)))
        .collect();
    let lines = view
        .budget
        .lines
        .iter()
        .map(|line| LineRow {
            id: line.id.to_string(),
            code: line.code.clone(),
            title: line.title.clone(),
            unit: line.unit.clone(),
            years: table_years
                .iter()
                .map(|y| match line.years.iter().find(|ly| ly.year == *y) {
                    Some(ly) => format!(
                        "{} × {} = {}",
                        ctx.tr.number(ly.units),
                        money(ly.unit_cost),
                        view.budget.current(line, Some(*y)).map(money).unwrap_or_default()
                    ),
                    None => String::new(),
                })
                .collect(),
            total: view.budget.current(line, None).map(money).unwrap_or_default(),
        })
        .collect();
    let label_of: HashMap<BudgetLineId, String> = view.budget.lines.iter().map(|l| (l.id, l.label())).collect();
    let transfers = view
        .budget
        .transfers
        .iter()
        .rev()
        .map(|t| TransferRow {
            at: ctx.tr.instant(t.at),
            year: t.year,
            from: label_of.get(&t.from).cloned().unwrap_or_default(),
            to: label_of.get(&t.to).cloned().unwrap_or_default(),
            amount: money(t.amount),
            reason: t.reason.clone(),
            by: t.by.clone(),
        })
        .collect();
    let thresholds = ContractKind::ALL
        .iter()
        .flat_map(|kind| {
            let mut tiers: Vec<_> = view.settings.procurement.thresholds.iter().filter(|t| t.kind == *kind).collect();
            tiers.sort_by_key(|t| t.procedure);
            tiers.into_iter().map(|t| ThresholdRow {
                kind: ctx.t(&format!("contract-kind-{}", t.kind.code())),
                procedure: ctx.t(&format!("procedure-{}", t.procedure.code().replace('_', "-"))),
                up_to: t.up_to.map(money).unwrap_or_else(|| "∞".to_owned()),
            })
        })
        .collect();
    let receipts = view
        .receipts
        .iter()
        .map(|r| (mekong_i18n::format_date(ctx.tr.lang, r.date), money(r.sent), money(r.received)))
        .collect();
    let settings = forms.settings.clone().unwrap_or_else(|| SettingsDraft::of(&view.settings));
    let status = form_status(&forms.errors, forms.conflict.as_ref());
    let page = BudgetPage {
        nav: FinanceNav { code: view.programme.code.clone(), current: "budget" },
        title: view.programme.title.get(ctx.tr.lang).to_owned(),
        currency: view.programme.currency.code().to_owned(),
        year,
        summary,
        caps,
        lines,
        transfers,
        thresholds,
        procurement_example: view.settings.procurement.example,
        receipts,
        year_links: years.iter().map(|y| (*y, Some(*y) == year)).collect(),
        table_years,
        manage: state.app.manages_finance(&ctx.actor),
        from_choices: line_picks(&view.budget.lines, &forms.transfer.from),
        to_choices: line_picks(&view.budget.lines, &forms.transfer.to),
        methods: ConversionMethod::ALL
            .iter()
            .map(|m| {
                Pick::new(m.code(), ctx.t(&format!("conversion-{}", m.code().replace('_', "-"))), &settings.method)
            })
            .collect(),
        currencies: currency_picks(&forms.receipt.currency),
        kinds: ContractKind::ALL
            .iter()
            .map(|k| Pick::new(k.code(), ctx.t(&format!("contract-kind-{}", k.code())), &forms.threshold.kind))
            .collect(),
        procedures: mekong_core::finance::procurement::Procedure::ALL
            .iter()
            .map(|p| {
                let label = ctx.t(&format!("procedure-{}", p.code().replace('_', "-")));
                Pick::new(p.code(), label, &forms.threshold.procedure)
            })
            .collect(),
        settings_version: view.settings.version,
        transfer_hint: ctx.tr.t_with("finance-transfer-hint", &[("share", settings.transfers.clone().into())]),
        reconverted: reconverted.map(|count| {
            ctx.tr.t_with("finance-reconverted", &[("count", i64::try_from(count).unwrap_or(i64::MAX).into())])
        }),
        settings,
        years,
        forms,
        ctx,
    };
    Ok(render_with_status(status, &page))
}

/// What a form of the budget page answers: back to its section with a message, or the page again
/// with the form as typed and its problem (refused fields, or a change made since it was read).
async fn answer_form(
    state: &AppState,
    ctx: PageCtx,
    jar: CookieJar,
    code: &str,
    outcome: Result<(String, &'static str), AppError>,
    forms: BudgetForms,
) -> Result<Response, WebError> {
    let forms = match outcome {
        Ok((to, flash)) => return Ok(redirect_with_flash(&to, flash, jar, state.config.tls)),
        Err(AppError::Validation(errors)) => BudgetForms { errors, ..forms },
        Err(AppError::Conflict) => {
            let conflict = ConflictView::compare(&ctx, Vec::<(&str, String, String)>::new());
            BudgetForms { conflict: Some(conflict), ..forms }
        }
        Err(other) => return Err(other.into()),
    };
    budget_page(state, ctx, code, None, forms).await
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(code): Path<String>,
    Query(query): Query<YearQuery>,
) -> Result<Response, WebError> {
    budget_page_saying(&state, ctx, &code, (query.year, query.reconverted), BudgetForms::default()).await
}

/// A line's form as a browser sends it: `units_2026`, `cost_2026`... per year.
fn line_draft(ctx: &PageCtx, fields: &HashMap<String, String>) -> BudgetLineDraft {
    let get = |name: &str| fields.get(name).cloned().unwrap_or_default();
    let mut years: Vec<(i16, String, String)> = fields
        .keys()
        .filter_map(|k| k.strip_prefix("units_").and_then(|y| y.parse::<i16>().ok()))
        .map(|y| (y, get(&format!("units_{y}")), get(&format!("cost_{y}"))))
        .collect();
    years.sort_by_key(|(y, _, _)| *y);
    BudgetLineDraft { code: get("code"), title: get("title"), unit: get("unit"), years, typed_in: ctx.tr.lang }
}

pub async fn create_line(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(code): Path<String>,
    Form(fields): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let draft = line_draft(&ctx, &fields);
    let outcome = state.app.save_budget_line(&ctx.actor, &code, None, &draft).await;
    let forms = BudgetForms { line: draft, failed: "line", ..BudgetForms::default() };
    answer_form(
        &state,
        ctx,
        jar,
        &code,
        outcome.map(|_| (format!("/finance/{code}#lines-heading"), "flash-saved")),
        forms,
    )
    .await
}

#[derive(Template)]
#[template(path = "finance/line.html")]
struct LinePage {
    ctx: PageCtx,
    code: String,
    id: String,
    years: Vec<i16>,
    draft: BudgetLineDraft,
    version: i32,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
}

impl LinePage {
    fn field(&self, year: &i16, which: &str) -> String {
        self.draft
            .years
            .iter()
            .find(|(y, _, _)| y == year)
            .map(|(_, units, cost)| if which == "units" { units.clone() } else { cost.clone() })
            .unwrap_or_default()
    }
}

pub async fn edit_line(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((code, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let id = BudgetLineId(parse_uuid(&id)?);
    let view = state.app.budget(&ctx.actor, &code, None).await?;
    if !state.app.manages_finance(&ctx.actor) {
        return Err(AppError::Forbidden.into());
    }
    let line = view.budget.lines.iter().find(|l| l.id == id).ok_or(AppError::NotFound)?;
    let years = view.years();
    let page = LinePage {
        code,
        id: id.to_string(),
        draft: BudgetLineDraft::of(line, &years, ctx.tr.lang),
        version: line.version,
        years,
        errors: FieldErrors::default(),
        conflict: None,
        ctx,
    };
    Ok(render_with_status(axum::http::StatusCode::OK, &page))
}

pub async fn update_line(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path((code, id)): Path<(String, String)>,
    Form(fields): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let id = BudgetLineId(parse_uuid(&id)?);
    let draft = line_draft(&ctx, &fields);
    let version = fields.get("version").and_then(|v| v.trim().parse().ok()).unwrap_or_default();
    let outcome = state.app.save_budget_line(&ctx.actor, &code, Some((id, version)), &draft).await;
    let (errors, conflict, version) = match outcome {
        Ok(_) => {
            return Ok(redirect_with_flash(
                &format!("/finance/{code}#lines-heading"),
                "flash-saved",
                jar,
                state.config.tls,
            ));
        }
        Err(AppError::Validation(errors)) => (errors, None, version),
        Err(AppError::Conflict) => {
            let view = state.app.budget(&ctx.actor, &code, None).await?;
            let saved = view.budget.lines.iter().find(|l| l.id == id).ok_or(AppError::NotFound)?;
            let saved_draft = BudgetLineDraft::of(saved, &view.years(), ctx.tr.lang);
            let fields_of = |d: &BudgetLineDraft| {
                let mut shown = vec![("field-code", d.code.clone()), ("field-description", d.title.clone())];
                shown
                    .extend(d.years.iter().map(|(_, units, cost)| ("finance-units-cost", format!("{units} × {cost}"))));
                shown
            };
            (
                FieldErrors::default(),
                Some(ConflictView::between(&ctx, fields_of(&draft), fields_of(&saved_draft))),
                saved.version,
            )
        }
        Err(other) => return Err(other.into()),
    };
    let view = state.app.budget(&ctx.actor, &code, None).await?;
    let status = form_status(&errors, conflict.as_ref());
    let page = LinePage { code, id: id.to_string(), years: view.years(), draft, version, errors, conflict, ctx };
    Ok(render_with_status(status, &page))
}

#[derive(Deserialize, Default)]
pub struct TransferInput {
    #[serde(default)]
    year: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    reason: String,
}

pub async fn add_transfer(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(code): Path<String>,
    Form(input): Form<TransferInput>,
) -> Result<Response, WebError> {
    let draft = TransferDraft {
        year: input.year,
        from: input.from,
        to: input.to,
        amount: input.amount,
        reason: input.reason,
        typed_in: ctx.tr.lang,
    };
    let outcome = state.app.add_budget_transfer(&ctx.actor, &code, &draft).await;
    let forms = BudgetForms { transfer: draft, failed: "transfer", ..BudgetForms::default() };
    let to = (format!("/finance/{code}#transfers-heading"), "flash-saved");
    answer_form(&state, ctx, jar, &code, outcome.map(|_| to), forms).await
}

#[derive(Deserialize, Default)]
pub struct SettingsInput {
    #[serde(default)]
    indirect: String,
    #[serde(default)]
    contingency: String,
    #[serde(default)]
    transfers: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    vat_recoverable: Option<String>,
    #[serde(default)]
    edition: String,
    #[serde(default)]
    version: i32,
}

pub async fn save_settings(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(code): Path<String>,
    Form(input): Form<SettingsInput>,
) -> Result<Response, WebError> {
    let draft = SettingsDraft {
        indirect: input.indirect,
        contingency: input.contingency,
        transfers: input.transfers,
        method: input.method,
        vat_recoverable: input.vat_recoverable.is_some(),
        edition: input.edition,
    };
    let outcome = state.app.save_contract_settings(&ctx.actor, &code, input.version, &draft).await;
    let forms = BudgetForms { settings: Some(draft), failed: "settings", ..BudgetForms::default() };
    // A new method says how many converted amounts it changed.
    let to = |(_, changed)| match changed {
        0 => (format!("/finance/{code}#settings-heading"), "flash-saved"),
        changed => (format!("/finance/{code}?reconverted={changed}#settings-heading"), "flash-saved"),
    };
    answer_form(&state, ctx, jar, &code, outcome.map(to), forms).await
}

#[derive(Deserialize, Default)]
pub struct ThresholdInput {
    #[serde(default)]
    threshold_kind: String,
    #[serde(default)]
    threshold_procedure: String,
    #[serde(default)]
    threshold_up_to: String,
    #[serde(default)]
    version: i32,
}

pub async fn save_threshold(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(code): Path<String>,
    Form(input): Form<ThresholdInput>,
) -> Result<Response, WebError> {
    let draft = ThresholdDraft {
        kind: input.threshold_kind,
        procedure: input.threshold_procedure,
        up_to: input.threshold_up_to,
        typed_in: ctx.tr.lang,
    };
    let outcome = state.app.save_procurement_threshold(&ctx.actor, &code, input.version, &draft).await;
    let forms = BudgetForms { threshold: draft, failed: "threshold", ..BudgetForms::default() };
    let to = (format!("/finance/{code}#thresholds-heading"), "flash-saved");
    answer_form(&state, ctx, jar, &code, outcome.map(|_| to), forms).await
}

#[derive(Deserialize, Default)]
pub struct ReceiptInput {
    #[serde(default)]
    date: String,
    #[serde(default)]
    sent: String,
    #[serde(default)]
    received: String,
    #[serde(default)]
    currency: String,
}

pub async fn add_receipt(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(code): Path<String>,
    Form(input): Form<ReceiptInput>,
) -> Result<Response, WebError> {
    let draft = ReceiptDraft {
        date: input.date,
        sent: input.sent,
        received: input.received,
        currency: input.currency,
        typed_in: ctx.tr.lang,
    };
    let outcome = state.app.add_funds_receipt(&ctx.actor, &code, &draft).await;
    let forms = BudgetForms { receipt: draft, failed: "receipt", ..BudgetForms::default() };
    let to = (format!("/finance/{code}#receipts-heading"), "flash-saved");
    answer_form(&state, ctx, jar, &code, outcome.map(|_| to), forms).await
}

pub async fn export_xlsx(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let table = state.app.budget_table(&ctx.actor, &code).await?;
    let bytes = mekong_docs::write_xlsx(&table, "Budget").map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("budget-{code}.xlsx"),
    ))
}

pub async fn import(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(code): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let bytes = read_file_field(multipart).await;
    let outcome = state.app.import_budget(&ctx.actor, &code, &bytes, ctx.tr.lang).await;
    let forms = BudgetForms { failed: "import", ..BudgetForms::default() };
    let to = (format!("/finance/{code}#lines-heading"), "flash-imported");
    answer_form(&state, ctx, jar, &code, outcome.map(|_| to), forms).await
}

/// The bytes of a form's `file` field (empty when there is none: the use case says so).
pub(crate) async fn read_file_field(multipart: Result<Multipart, MultipartRejection>) -> Vec<u8> {
    let Ok(mut multipart) = multipart else { return Vec::new() };
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("file") {
            return field.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
        }
    }
    Vec::new()
}
