//! The expenses: a programme's list (filtered, a page at a time), the form to enter or change
//! one, and an expense's page with its conversion, flags, documents, review and corrections.

use super::{FinanceNav, Pick, conversion_text, currency_picks, line_picks};
use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render, render_with_status};
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
use mekong_app::finance::ExpenseFilter;
use mekong_app::finance::{EXPENSES_PER_PAGE, ExpenseDraft};
use mekong_core::Lang;
use mekong_core::finance::budget::BudgetLine;
use mekong_core::finance::expenses::{DocumentKind, Expense, ExpenseStatus};
use mekong_core::finance::procurement::{ContractKind, Procedure};
use mekong_core::ids::ExpenseId;
use mekong_core::validation::FieldErrors;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    line: String,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    flagged: String,
    year: Option<i16>,
    page: Option<u64>,
}

struct ExpenseRow {
    href: String,
    number: String,
    date: String,
    description: String,
    supplier: String,
    line: String,
    amount: String,
    converted: String,
    status: String,
    flags: usize,
}

#[derive(Template)]
#[template(path = "finance/expenses.html")]
struct ListPage {
    ctx: PageCtx,
    nav: FinanceNav,
    rows: Vec<ExpenseRow>,
    page: u64,
    pages: u64,
    base: String,
    statuses: Vec<Pick>,
    lines: Vec<Pick>,
    currencies: Vec<Pick>,
    flagged: bool,
    year: String,
    manage: bool,
    count: String,
}

fn status_label(ctx: &PageCtx, status: ExpenseStatus) -> String {
    ctx.t(&format!("expense-status-{}", status.code()))
}

pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(code): Path<String>,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    let lines = state.app.budget_lines(&ctx.actor, &code).await?;
    let filter = ExpenseFilter {
        status: ExpenseStatus::parse(&query.status),
        budget_line: lines.iter().find(|l| l.code == query.line).map(|l| l.id),
        currency: mekong_core::money::Currency::parse(&query.currency).ok(),
        flagged: !query.flagged.is_empty(),
        year: query.year.filter(|y| (1900..=2200).contains(y)),
    };
    let page = query.page.unwrap_or(1).clamp(1, 100_000);
    let (_, expenses, total) = state.app.expenses(&ctx.actor, &code, &filter, page - 1).await?;
    let rows = expenses.iter().map(|e| expense_row(&ctx, &lines, e)).collect();
    let base = format!(
        "/finance/{code}/expenses?status={}&line={}&currency={}&flagged={}&year={}&",
        query.status,
        query.line,
        query.currency,
        query.flagged,
        query.year.map(|y| y.to_string()).unwrap_or_default()
    );
    let page_view = ListPage {
        nav: FinanceNav { code: code.clone(), current: "expenses" },
        rows,
        page,
        pages: total.div_ceil(EXPENSES_PER_PAGE).max(1),
        base,
        statuses: ExpenseStatus::ALL
            .iter()
            .map(|s| Pick::new(s.code(), status_label(&ctx, *s), &query.status))
            .collect(),
        lines: line_picks(&lines, &query.line),
        currencies: currency_picks(&query.currency),
        flagged: filter.flagged,
        year: query.year.map(|y| y.to_string()).unwrap_or_default(),
        manage: state.app.manages_finance(&ctx.actor),
        count: ctx.tr.t_with("finance-expenses-count", &[("count", i64::try_from(total).unwrap_or(i64::MAX).into())]),
        ctx,
    };
    Ok(render(&page_view))
}

fn expense_row(ctx: &PageCtx, lines: &[BudgetLine], e: &Expense) -> ExpenseRow {
    ExpenseRow {
        href: format!("/expenses/{}", e.id),
        number: e.number.clone(),
        date: mekong_i18n::format_date(ctx.tr.lang, e.date),
        description: e.description.clone(),
        supplier: e.supplier_name.clone(),
        line: lines.iter().find(|l| l.id == e.budget_line).map(|l| l.code.clone()).unwrap_or_default(),
        amount: ctx.tr.money(e.amount),
        converted: conversion_text(ctx, e.conversion.as_ref()).0,
        status: status_label(ctx, e.status),
        flags: e.open_flags().count(),
    }
}

#[derive(Template)]
#[template(path = "finance/expense_form.html")]
struct FormPage {
    ctx: PageCtx,
    code: String,
    action: String,
    heading: String,
    draft: ExpenseDraft,
    version: i32,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
    currencies: Vec<Pick>,
    lines: Vec<Pick>,
    activities: Vec<Pick>,
    nodes: Vec<Pick>,
    suppliers: Vec<Pick>,
    kinds: Vec<Pick>,
    procedures: Vec<Pick>,
    countries: Vec<Pick>,
}

struct FormState {
    action: String,
    heading: String,
    draft: ExpenseDraft,
    version: i32,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
}

async fn form_page(state: &AppState, ctx: PageCtx, code: String, form: FormState) -> Result<Response, WebError> {
    let choices = state.app.expense_choices(&ctx.actor, &code).await?;
    let lang = ctx.tr.lang;
    let draft = form.draft;
    let page = FormPage {
        currencies: currency_picks(&draft.currency),
        lines: line_picks(&choices.lines, &draft.budget_line),
        activities: choices
            .activities
            .iter()
            .map(|a| {
                Pick::new(a.id.to_string(), format!("{} · {}", a.year, a.title.get(ctx.tr.lang)), &draft.plan_activity)
            })
            .collect(),
        nodes: choices
            .nodes
            .iter()
            .map(|n| Pick::new(n.code.clone(), format!("{} {}", n.code, n.title.get(lang)), &draft.logframe_node))
            .collect(),
        suppliers: choices
            .suppliers
            .iter()
            .map(|o| Pick::new(o.id.to_string(), o.names.for_reader(lang).to_owned(), &draft.supplier))
            .collect(),
        kinds: ContractKind::ALL
            .iter()
            .map(|k| Pick::new(k.code(), ctx.t(&format!("contract-kind-{}", k.code())), &draft.kind))
            .collect(),
        procedures: Procedure::ALL
            .iter()
            .map(|p| Pick::new(p.code(), ctx.t(&format!("procedure-{}", p.code().replace('_', "-"))), &draft.procedure))
            .collect(),
        countries: ["KH", "LA", "VN", "TH", "FR"]
            .iter()
            .map(|c| Pick::new(*c, ctx.t(&format!("country-{}", c.to_lowercase())), &draft.new_supplier_country))
            .collect(),
        action: form.action,
        heading: form.heading,
        version: form.version,
        errors: form.errors,
        conflict: form.conflict,
        code,
        draft,
        ctx,
    };
    let status = form_status(&page.errors, page.conflict.as_ref());
    Ok(render_with_status(status, &page))
}

#[derive(Deserialize, Default)]
pub struct ExpenseInput {
    #[serde(default)]
    date: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    vat: String,
    #[serde(default)]
    supplier: String,
    #[serde(default)]
    new_supplier: String,
    #[serde(default)]
    new_supplier_country: String,
    #[serde(default)]
    budget_line: String,
    #[serde(default)]
    plan_activity: String,
    #[serde(default)]
    logframe_node: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    procedure: String,
    #[serde(default)]
    version: i32,
}

impl ExpenseInput {
    fn draft(self, typed_in: Lang) -> ExpenseDraft {
        ExpenseDraft {
            date: self.date,
            amount: self.amount,
            currency: self.currency,
            vat: self.vat,
            supplier: self.supplier,
            new_supplier: self.new_supplier,
            new_supplier_country: self.new_supplier_country,
            budget_line: self.budget_line,
            plan_activity: self.plan_activity,
            logframe_node: self.logframe_node,
            description: self.description,
            kind: self.kind,
            procedure: self.procedure,
            typed_in,
        }
    }
}

pub async fn new_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let draft = ExpenseDraft {
        date: state.app.today().to_string(),
        currency: "EUR".into(),
        kind: ContractKind::Services.code().into(),
        procedure: Procedure::Invoice.code().into(),
        new_supplier_country: "KH".into(),
        typed_in: ctx.tr.lang,
        ..ExpenseDraft::default()
    };
    let form = FormState {
        action: format!("/finance/{code}/expenses"),
        heading: ctx.t("expense-new"),
        draft,
        version: 0,
        errors: FieldErrors::default(),
        conflict: None,
    };
    form_page(&state, ctx, code, form).await
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(code): Path<String>,
    Form(input): Form<ExpenseInput>,
) -> Result<Response, WebError> {
    let draft = input.draft(ctx.tr.lang);
    match state.app.save_expense(&ctx.actor, &code, None, &draft).await {
        Ok(saved) => Ok(redirect_with_flash(&format!("/expenses/{}", saved.id), "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => {
            let form = FormState {
                action: format!("/finance/{code}/expenses"),
                heading: ctx.t("expense-new"),
                draft,
                version: 0,
                errors,
                conflict: None,
            };
            form_page(&state, ctx, code, form).await
        }
        Err(other) => Err(other.into()),
    }
}

fn expense_id(raw: &str) -> Result<ExpenseId, WebError> {
    Ok(ExpenseId(parse_uuid(raw)?))
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let view = state.app.expense(&ctx.actor, expense_id(&id)?).await?;
    let line = view.line.as_ref().map(|l| l.code.clone()).unwrap_or_default();
    let node = node_code(&state, &ctx, &view.programme.code, &view.expense).await?;
    let form = FormState {
        action: format!("/expenses/{id}"),
        heading: format!("{} {}", ctx.t("expense-edit"), view.expense.number),
        draft: ExpenseDraft::of(&view.expense, &line, &node, ctx.tr.lang),
        version: view.expense.version,
        errors: FieldErrors::default(),
        conflict: None,
    };
    form_page(&state, ctx, view.programme.code.clone(), form).await
}

async fn node_code(state: &AppState, ctx: &PageCtx, code: &str, expense: &Expense) -> Result<String, WebError> {
    let Some(node) = expense.logframe_node else { return Ok(String::new()) };
    let choices = state.app.expense_choices(&ctx.actor, code).await?;
    Ok(choices.nodes.iter().find(|n| n.id == node).map(|n| n.code.clone()).unwrap_or_default())
}

/// An expense's fields as a person reads them, to compare a stale save with the saved one.
fn expense_fields(draft: &ExpenseDraft) -> Vec<(&'static str, String)> {
    vec![
        ("field-date", draft.date.clone()),
        ("field-amount", format!("{} {}", draft.amount, draft.currency)),
        ("field-budget-line", draft.budget_line.clone()),
        ("field-description", draft.description.clone()),
        ("field-procedure", draft.procedure.clone()),
    ]
}

pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(input): Form<ExpenseInput>,
) -> Result<Response, WebError> {
    let expense = expense_id(&id)?;
    let version = input.version;
    let draft = input.draft(ctx.tr.lang);
    let view = state.app.expense(&ctx.actor, expense).await?;
    let code = view.programme.code.clone();
    let (errors, conflict, version) = match state
        .app
        .save_expense(&ctx.actor, &code, Some((expense, version)), &draft)
        .await
    {
        Ok(saved) => {
            return Ok(redirect_with_flash(&format!("/expenses/{}", saved.id), "flash-saved", jar, state.config.tls));
        }
        Err(AppError::Validation(errors)) => (errors, None, version),
        Err(AppError::Conflict) => {
            let line = view.line.as_ref().map(|l| l.code.clone()).unwrap_or_default();
            let node = node_code(&state, &ctx, &code, &view.expense).await?;
            let saved = ExpenseDraft::of(&view.expense, &line, &node, ctx.tr.lang);
            let conflict = ConflictView::between(&ctx, expense_fields(&draft), expense_fields(&saved));
            (FieldErrors::default(), Some(conflict), view.expense.version)
        }
        Err(other) => return Err(other.into()),
    };
    let form = FormState {
        action: format!("/expenses/{id}"),
        heading: format!("{} {}", ctx.t("expense-edit"), view.expense.number),
        draft,
        version,
        errors,
        conflict,
    };
    form_page(&state, ctx, code, form).await
}

struct FlagRow {
    kind: &'static str,
    label: String,
    detail: String,
    resolution: Option<String>,
}

struct DocumentRow {
    href: String,
    name: String,
    kind: String,
}

#[derive(Template)]
#[template(path = "finance/expense.html")]
struct ShowPage {
    ctx: PageCtx,
    id: String,
    code: String,
    number: String,
    facts: Vec<(String, String)>,
    converted: String,
    conversion: String,
    status: String,
    review_comment: String,
    flags: Vec<FlagRow>,
    documents: Vec<DocumentRow>,
    document_kinds: Vec<Pick>,
    corrections: Vec<(String, String, String, String)>,
    corrects: Option<(String, String)>,
    history: Vec<(String, String, String)>,
    version: i32,
    editable: bool,
    approved: bool,
    entered: bool,
    manage: bool,
    approve: bool,
    errors: FieldErrors,
}

async fn show_page(state: &AppState, ctx: PageCtx, id: ExpenseId, errors: FieldErrors) -> Result<Response, WebError> {
    let view = state.app.expense(&ctx.actor, id).await?;
    let e = &view.expense;
    let (converted, conversion) = conversion_text(&ctx, e.conversion.as_ref());
    let dash = || "–".to_owned();
    let choices = state.app.expense_choices(&ctx.actor, &view.programme.code).await?;
    let activity = e
        .plan_activity
        .and_then(|a| choices.activities.iter().find(|x| x.id == a))
        .map(|a| a.title.get(ctx.tr.lang).to_owned());
    let node = e
        .logframe_node
        .and_then(|n| choices.nodes.iter().find(|x| x.id == n))
        .map(|n| format!("{} {}", n.code, n.title.get(ctx.tr.lang)));
    let facts = vec![
        (ctx.t("field-date"), mekong_i18n::format_date(ctx.tr.lang, e.date)),
        (ctx.t("field-amount"), ctx.tr.money(e.amount)),
        (ctx.t("finance-vat"), if e.vat.is_zero() { dash() } else { ctx.tr.money(e.vat) }),
        (ctx.t("field-supplier"), if e.supplier_name.is_empty() { dash() } else { e.supplier_name.clone() }),
        (ctx.t("field-budget-line"), view.line.as_ref().map(|l| l.label()).unwrap_or_else(dash)),
        (ctx.t("field-plan-activity"), activity.unwrap_or_else(dash)),
        (ctx.t("field-logframe-activity"), node.unwrap_or_else(dash)),
        (ctx.t("field-description"), e.description.clone()),
        (ctx.t("field-contract-kind"), ctx.t(&format!("contract-kind-{}", e.kind.code()))),
        (ctx.t("field-procedure"), ctx.t(&format!("procedure-{}", e.procedure.code().replace('_', "-")))),
        (ctx.t("finance-entered-by"), format!("{} · {}", e.entered_by, ctx.tr.instant(e.entered_at))),
    ];
    let flags = e
        .flags
        .iter()
        .map(|f| FlagRow {
            kind: f.kind.code(),
            label: ctx.t(&format!("flag-{}", f.kind.code().replace('_', "-"))),
            detail: flag_detail(&ctx, f.kind.code(), &f.detail),
            resolution: f
                .resolution
                .as_ref()
                .map(|r| format!("{} ({}, {})", r.justification, r.by, ctx.tr.instant(r.at))),
        })
        .collect();
    let documents = e
        .documents
        .iter()
        .map(|d| DocumentRow {
            href: format!("/expenses/{}/documents/{}", e.id, d.sha256),
            name: d.name.clone(),
            kind: ctx.t(&format!("document-kind-{}", d.kind.code().replace('_', "-"))),
        })
        .collect();
    let corrections = view
        .corrections
        .iter()
        .map(|c| {
            (format!("/expenses/{}", c.id), c.number.clone(), ctx.tr.money(c.amount), status_label(&ctx, c.status))
        })
        .collect();
    let corrects = match e.corrects {
        Some(original) => {
            let original = state.app.expense(&ctx.actor, original).await?.expense;
            Some((format!("/expenses/{}", original.id), original.number))
        }
        None => None,
    };
    let history = view
        .history
        .iter()
        .map(|entry| (ctx.tr.instant(entry.at), entry.change.actor.label(), entry.change.action.clone()))
        .collect();
    let page = ShowPage {
        id: e.id.to_string(),
        code: view.programme.code.clone(),
        number: e.number.clone(),
        facts,
        converted,
        conversion,
        status: status_label(&ctx, e.status),
        review_comment: e.review_comment.clone(),
        flags,
        documents,
        document_kinds: DocumentKind::ALL
            .iter()
            .map(|k| Pick::new(k.code(), ctx.t(&format!("document-kind-{}", k.code().replace('_', "-"))), ""))
            .collect(),
        corrections,
        corrects,
        history,
        version: e.version,
        editable: e.editable(),
        approved: e.status == ExpenseStatus::Approved,
        entered: e.status == ExpenseStatus::Entered,
        manage: state.app.manages_finance(&ctx.actor),
        approve: state.app.approves_finance(&ctx.actor),
        errors,
        ctx,
    };
    let status = form_status(&page.errors, None);
    Ok(render_with_status(status, &page))
}

/// A flag's detail in words: the procedure needed, the missing documents, the other purchases.
fn flag_detail(ctx: &PageCtx, kind: &str, detail: &str) -> String {
    match kind {
        "weak_procedure" => ctx.t(&format!("procedure-{}", detail.replace('_', "-"))),
        "missing_document" => detail
            .split(',')
            .map(|k| ctx.t(&format!("document-kind-{}", k.replace('_', "-"))))
            .collect::<Vec<_>>()
            .join(", "),
        _ => detail.to_owned(),
    }
}

pub async fn show(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> Result<Response, WebError> {
    show_page(&state, ctx, expense_id(&id)?, FieldErrors::default()).await
}

#[derive(Deserialize, Default)]
pub struct ReviewInput {
    #[serde(default)]
    version: i32,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    difference: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    justification: String,
}

/// What a step of an expense's life answers: back to its page, or the page with the problem.
async fn after_step(
    state: &AppState,
    ctx: PageCtx,
    jar: CookieJar,
    id: ExpenseId,
    outcome: Result<Expense, AppError>,
) -> Result<Response, WebError> {
    match outcome {
        Ok(saved) => Ok(redirect_with_flash(&format!("/expenses/{}", saved.id), "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => show_page(state, ctx, id, errors).await,
        Err(AppError::Conflict) => {
            let mut errors = FieldErrors::default();
            errors.add("status", "error-conflict");
            show_page(state, ctx, id, errors).await
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn approve(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(input): Form<ReviewInput>,
) -> Result<Response, WebError> {
    let id = expense_id(&id)?;
    let outcome = state.app.approve_expense(&ctx.actor, id, input.version).await;
    after_step(&state, ctx, jar, id, outcome).await
}

pub async fn send_back(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(input): Form<ReviewInput>,
) -> Result<Response, WebError> {
    let id = expense_id(&id)?;
    let outcome = state.app.return_expense(&ctx.actor, id, input.version, &input.comment).await;
    after_step(&state, ctx, jar, id, outcome).await
}

pub async fn correct(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(input): Form<ReviewInput>,
) -> Result<Response, WebError> {
    let id = expense_id(&id)?;
    let outcome = state.app.correct_expense(&ctx.actor, id, &input.difference, &input.reason, ctx.tr.lang).await;
    after_step(&state, ctx, jar, id, outcome).await
}

pub async fn resolve_flag(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path((id, kind)): Path<(String, String)>,
    Form(input): Form<ReviewInput>,
) -> Result<Response, WebError> {
    let id = expense_id(&id)?;
    let outcome = state.app.resolve_expense_flag(&ctx.actor, id, input.version, &kind, &input.justification).await;
    after_step(&state, ctx, jar, id, outcome).await
}

pub async fn attach(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let id = expense_id(&id)?;
    let (mut kind, mut version, mut name, mut bytes) = (String::new(), 0, String::new(), Vec::new());
    if let Ok(mut multipart) = multipart {
        while let Ok(Some(field)) = multipart.next_field().await {
            match field.name().unwrap_or_default() {
                "file" => {
                    name = field.file_name().unwrap_or_default().to_owned();
                    bytes = field.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
                }
                "kind" => kind = field.text().await.unwrap_or_default(),
                "version" => version = field.text().await.unwrap_or_default().trim().parse().unwrap_or_default(),
                _ => {}
            }
        }
    }
    let outcome = state.app.attach_expense_document(&ctx.actor, id, version, &kind, &name, &bytes).await;
    after_step(&state, ctx, jar, id, outcome).await
}

pub async fn document(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, sha256)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (name, content_type, bytes) = state.app.open_expense_document(&ctx.actor, expense_id(&id)?, &sha256).await?;
    Ok(download(bytes, mekong_app::files::served_content_type(&content_type), &name))
}
