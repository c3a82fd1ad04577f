//! The reporting pages: a programme's reports per period (narrative, sign-off, snapshots and
//! their documents), the narrative form, the report settings, a snapshot's figures, and the
//! records behind each figure as they stood when the snapshot was taken.

use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render, render_with_status};
use crate::state::AppState;
use crate::ui::conflict::{ConflictView, form_status};
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::reporting::{NarrativeView, ReportSettingsDraft, ReportsView, default_stage};
use mekong_core::reporting::{
    FundingStatement, NarrativeDraft, NarrativeStatus, ReportKind, ReportStage, section_field,
};
use mekong_core::validation::FieldErrors;
use mekong_core::{Lang, reporting::Figure};
use serde::Deserialize;
use std::collections::HashMap;

struct ProgrammeLine {
    code: String,
    title: String,
}

#[derive(Template)]
#[template(path = "reporting/list.html")]
struct ListPage {
    ctx: PageCtx,
    programmes: Vec<ProgrammeLine>,
}

pub async fn list(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let programmes = state.app.reporting_programmes(&ctx.actor).await?;
    let programmes = programmes
        .iter()
        .map(|p| ProgrammeLine { code: p.code.clone(), title: p.title.get(ctx.tr.lang).to_owned() })
        .collect();
    Ok(render(&ListPage { ctx, programmes }))
}

/// A snapshot in the Reports page, with its downloads.
struct SnapshotLine {
    id: String,
    taken_at: String,
    sha256: String,
}

struct PeriodLine {
    code: String,
    dates: String,
    locked: bool,
    /// The narrative's status and stage in words; "not started" when none.
    narrative: String,
    signed_off: String,
    snapshots: Vec<SnapshotLine>,
}

/// One of the two choices a select offers.
struct Choice {
    value: &'static str,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "reporting/programme.html")]
struct ProgrammePage {
    ctx: PageCtx,
    code: String,
    title: String,
    periods: Vec<PeriodLine>,
    documents: Vec<(&'static str, String)>,
    may_write: bool,
    settings: ReportSettingsDraft,
    statements: Vec<Choice>,
    settings_version: i32,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
}

/// A refused save as its form shows it again: the field errors, or the conflict notice.
fn refusal(ctx: &PageCtx, error: AppError) -> Result<(FieldErrors, Option<ConflictView>), WebError> {
    match error {
        AppError::Validation(errors) => Ok((errors, None)),
        AppError::Conflict => {
            Ok((FieldErrors::default(), Some(ConflictView::compare(ctx, Vec::<(&str, String, String)>::new()))))
        }
        other => Err(other.into()),
    }
}

fn document_labels(ctx: &PageCtx) -> Vec<(&'static str, String)> {
    ReportKind::ALL
        .iter()
        .map(|k| (k.code(), ctx.t(&format!("reports-document-{}", k.code().replace('.', "-")))))
        .collect()
}

async fn programme_page(
    state: &AppState,
    ctx: PageCtx,
    code: &str,
    typed: Option<ReportSettingsDraft>,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
) -> Result<Response, WebError> {
    let view: ReportsView = state.app.reports(&ctx.actor, code).await?;
    let saved = &view.settings;
    let settings = typed.unwrap_or_else(|| ReportSettingsDraft {
        beneficiary: saved.beneficiary.clone(),
        contact: saved.contact.clone(),
        partners: saved.partners.clone(),
        statement: saved.statement.code().to_owned(),
        disclaimer_fr: saved.disclaimer_in(Lang::Fr).to_owned(),
        disclaimer_en: saved.disclaimer_in(Lang::En).to_owned(),
    });
    let periods = view
        .periods
        .iter()
        .map(|p| PeriodLine {
            code: p.period.code.clone(),
            dates: format!(
                "{} – {}",
                mekong_i18n::format_date(ctx.tr.lang, p.period.starts),
                mekong_i18n::format_date(ctx.tr.lang, p.period.ends)
            ),
            locked: p.period.locked,
            narrative: p.narrative.as_ref().map_or_else(
                || ctx.t("report-status-none"),
                |n| {
                    format!(
                        "{} · {}",
                        ctx.t(&format!("report-status-{}", n.status.code())),
                        ctx.t(&format!("report-stage-{}", n.stage.code()))
                    )
                },
            ),
            signed_off: p
                .narrative
                .as_ref()
                .and_then(|n| n.signed_off.as_ref())
                .map(|s| format!("{}, {}", s.name, ctx.tr.instant(s.at)))
                .unwrap_or_default(),
            snapshots: p
                .snapshots
                .iter()
                .map(|s| SnapshotLine {
                    id: s.id.to_string(),
                    taken_at: ctx.tr.instant(s.taken_at),
                    sha256: s.sha256.chars().take(12).collect(),
                })
                .collect(),
        })
        .collect();
    let status = form_status(&errors, conflict.as_ref());
    let page = ProgrammePage {
        code: view.programme.code.clone(),
        title: view.programme.title.get(ctx.tr.lang).to_owned(),
        periods,
        documents: document_labels(&ctx),
        may_write: mekong_app::policy::authorise(
            &ctx.actor,
            mekong_app::policy::Permission::WriteReports,
            &mekong_app::policy::Target::Programme(view.programme.id),
        )
        .is_ok(),
        statements: choices(
            &ctx,
            FundingStatement::ALL,
            FundingStatement::code,
            "report-statement-",
            &settings.statement,
        ),
        settings,
        settings_version: saved.version,
        errors,
        conflict,
        ctx,
    };
    Ok(render_with_status(status, &page))
}

pub async fn programme(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    programme_page(&state, ctx, &code, None, FieldErrors::default(), None).await
}

#[derive(Deserialize, Default)]
pub struct SettingsInput {
    #[serde(default)]
    beneficiary: String,
    #[serde(default)]
    contact: String,
    #[serde(default)]
    partners: String,
    #[serde(default)]
    statement: String,
    #[serde(default)]
    disclaimer_fr: String,
    #[serde(default)]
    disclaimer_en: String,
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
    let draft = ReportSettingsDraft {
        beneficiary: input.beneficiary,
        contact: input.contact,
        partners: input.partners,
        statement: input.statement,
        disclaimer_fr: input.disclaimer_fr,
        disclaimer_en: input.disclaimer_en,
    };
    match state.app.save_report_settings(&ctx.actor, &code, input.version, &draft).await {
        Ok(_) => {
            Ok(redirect_with_flash(&format!("/reports/{code}#settings-heading"), "flash-saved", jar, state.config.tls))
        }
        Err(error) => {
            let (errors, conflict) = refusal(&ctx, error)?;
            programme_page(&state, ctx, &code, Some(draft), errors, conflict).await
        }
    }
}

pub async fn take_snapshot(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path((code, period)): Path<(String, String)>,
) -> Result<Response, WebError> {
    match state.app.take_snapshot(&ctx.actor, &code, &period).await {
        Ok(id) => {
            Ok(redirect_with_flash(&format!("/reports/snapshots/{id}"), "flash-snapshot-taken", jar, state.config.tls))
        }
        Err(AppError::Validation(errors)) => programme_page(&state, ctx, &code, None, errors, None).await,
        Err(other) => Err(other.into()),
    }
}

/// A logframe entry's part of the form.
struct EntryFields {
    code: String,
    level: String,
    title: String,
    parts: Vec<PartField>,
}

struct PartField {
    name: String,
    label: String,
    value: String,
}

#[derive(Template)]
#[template(path = "reporting/period.html")]
struct PeriodPage {
    ctx: PageCtx,
    code: String,
    period: String,
    dates: String,
    locked: bool,
    /// Whether the text comes from the plan because nothing was written yet.
    prefilled: bool,
    languages: Vec<Choice>,
    stages: Vec<Choice>,
    statuses: Vec<Choice>,
    summary: String,
    next_period: String,
    visibility_actions: String,
    entries: Vec<EntryFields>,
    version: i32,
    signed_off: String,
    sign_off_comment: String,
    may_write: bool,
    may_sign_off: bool,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
}

fn choices<T: Copy>(
    ctx: &PageCtx,
    all: &[T],
    code: fn(T) -> &'static str,
    prefix: &str,
    selected: &str,
) -> Vec<Choice> {
    all.iter()
        .map(|v| Choice {
            value: code(*v),
            label: ctx.t(&format!("{prefix}{}", code(*v).replace('_', "-"))),
            selected: code(*v) == selected,
        })
        .collect()
}

async fn period_page(
    state: &AppState,
    ctx: PageCtx,
    code: &str,
    period: &str,
    typed: Option<NarrativeDraft>,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
) -> Result<Response, WebError> {
    let view: NarrativeView = state.app.narrative(&ctx.actor, code, period).await?;
    let saved = view.narrative.as_ref();
    let draft = typed.unwrap_or_else(|| NarrativeDraft {
        language: saved.map_or("fr", |n| n.language.code()).to_owned(),
        stage: saved.map_or_else(|| default_stage(&view.programme, &view.period), |n| n.stage).code().to_owned(),
        status: saved.map_or(NarrativeStatus::Draft, |n| n.status).code().to_owned(),
        summary: saved.map(|n| n.summary.clone()).unwrap_or_default(),
        sections: view
            .entries
            .iter()
            .flat_map(|e| {
                [
                    (section_field("done", &e.code), e.text.done.clone()),
                    (section_field("deviations", &e.code), e.text.deviations.clone()),
                    (section_field("next_steps", &e.code), e.text.next_steps.clone()),
                ]
            })
            .collect(),
        next_period: saved.map(|n| n.next_period.clone()).unwrap_or_default(),
        visibility_actions: saved.map(|n| n.visibility_actions.clone()).unwrap_or_default(),
    });
    let entries = view
        .entries
        .iter()
        .map(|e| EntryFields {
            code: e.code.clone(),
            level: ctx.t(&format!("level-{}", e.level.code())),
            title: e.title.clone(),
            parts: ["done", "deviations", "next_steps"]
                .iter()
                .map(|part| {
                    let name = section_field(part, &e.code);
                    PartField {
                        value: draft.sections.get(&name).cloned().unwrap_or_default(),
                        label: ctx.t(&format!("report-part-{}", part.replace('_', "-"))),
                        name,
                    }
                })
                .collect(),
        })
        .collect();
    let programme_id = view.programme.id;
    let allowed = |permission| {
        mekong_app::policy::authorise(&ctx.actor, permission, &mekong_app::policy::Target::Programme(programme_id))
            .is_ok()
    };
    let status = form_status(&errors, conflict.as_ref());
    let page = PeriodPage {
        code: view.programme.code.clone(),
        period: view.period.code.clone(),
        dates: format!(
            "{} – {}",
            mekong_i18n::format_date(ctx.tr.lang, view.period.starts),
            mekong_i18n::format_date(ctx.tr.lang, view.period.ends)
        ),
        locked: view.period.locked,
        prefilled: saved.is_none(),
        languages: [Lang::Fr, Lang::En]
            .iter()
            .map(|l| Choice { value: l.code(), label: l.endonym().to_owned(), selected: l.code() == draft.language })
            .collect(),
        stages: choices(&ctx, ReportStage::ALL, ReportStage::code, "report-stage-", &draft.stage),
        statuses: choices(&ctx, NarrativeStatus::ALL, NarrativeStatus::code, "report-status-", &draft.status),
        summary: draft.summary,
        next_period: draft.next_period,
        visibility_actions: draft.visibility_actions,
        entries,
        version: saved.map_or(0, |n| n.version),
        signed_off: saved
            .and_then(|n| n.signed_off.as_ref())
            .map(|s| {
                let comment = if s.comment.is_empty() { String::new() } else { format!(" — {}", s.comment) };
                format!("{}, {}{comment}", s.name, ctx.tr.instant(s.at))
            })
            .unwrap_or_default(),
        sign_off_comment: String::new(),
        may_write: allowed(mekong_app::policy::Permission::WriteReports),
        may_sign_off: allowed(mekong_app::policy::Permission::SignOffReports) && saved.is_some(),
        errors,
        conflict,
        ctx,
    };
    Ok(render_with_status(status, &page))
}

pub async fn period(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((code, period)): Path<(String, String)>,
) -> Result<Response, WebError> {
    period_page(&state, ctx, &code, &period, None, FieldErrors::default(), None).await
}

/// The narrative form as a browser sends it: fixed fields, and `done:OC1`... per entry.
fn narrative_draft(fields: &HashMap<String, String>) -> (NarrativeDraft, i32) {
    let get = |name: &str| fields.get(name).cloned().unwrap_or_default();
    let sections = fields
        .iter()
        .filter(|(k, _)| k.starts_with("done:") || k.starts_with("deviations:") || k.starts_with("next_steps:"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let draft = NarrativeDraft {
        language: get("language"),
        stage: get("stage"),
        status: get("status"),
        summary: get("summary"),
        sections,
        next_period: get("next_period"),
        visibility_actions: get("visibility_actions"),
    };
    (draft, get("version").trim().parse().unwrap_or(-1))
}

pub async fn save_narrative(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path((code, period)): Path<(String, String)>,
    Form(fields): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let (draft, version) = narrative_draft(&fields);
    match state.app.save_narrative(&ctx.actor, &code, &period, version, &draft).await {
        Ok(_) => Ok(redirect_with_flash(&format!("/reports/{code}/{period}"), "flash-saved", jar, state.config.tls)),
        Err(error) => {
            let (errors, conflict) = refusal(&ctx, error)?;
            period_page(&state, ctx, &code, &period, Some(draft), errors, conflict).await
        }
    }
}

#[derive(Deserialize, Default)]
pub struct SignOffInput {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    version: i32,
}

pub async fn sign_off(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path((code, period)): Path<(String, String)>,
    Form(input): Form<SignOffInput>,
) -> Result<Response, WebError> {
    let sign = input.decision != "reopen";
    match state.app.sign_off_narrative(&ctx.actor, &code, &period, input.version, sign, &input.comment).await {
        Ok(_) => {
            let flash = if sign { "flash-signed-off" } else { "flash-reopened" };
            Ok(redirect_with_flash(&format!("/reports/{code}/{period}"), flash, jar, state.config.tls))
        }
        Err(error) => {
            let (errors, conflict) = refusal(&ctx, error)?;
            period_page(&state, ctx, &code, &period, None, errors, conflict).await
        }
    }
}

struct FigureLine {
    key: String,
    label: String,
    display: String,
    records: usize,
}

#[derive(Template)]
#[template(path = "reporting/snapshot.html")]
struct SnapshotPage {
    ctx: PageCtx,
    id: String,
    code: String,
    period: String,
    title: String,
    taken_at: String,
    taken_by: String,
    sha256: String,
    documents: Vec<(&'static str, String)>,
    figures: Vec<FigureLine>,
}

fn snapshot_id(raw: &str) -> Result<uuid::Uuid, WebError> {
    uuid::Uuid::parse_str(raw).map_err(|_| WebError(AppError::NotFound))
}

pub async fn snapshot(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let view = state.app.snapshot(&ctx.actor, snapshot_id(&id)?).await?;
    let s = &view.snapshot;
    let figures = s
        .figures
        .iter()
        .map(|(key, f): (&String, &Figure)| FigureLine {
            key: key.clone(),
            label: f.label.clone(),
            display: f.display.clone(),
            records: f.records.len(),
        })
        .collect();
    let page = SnapshotPage {
        id: s.id.clone(),
        code: s.programme.code.clone(),
        period: s.period.code.clone(),
        title: s.programme.title.clone(),
        taken_at: ctx.tr.instant(view.taken_at),
        taken_by: s.taken_by.clone(),
        sha256: view.sha256.clone(),
        documents: document_labels(&ctx),
        figures,
        ctx,
    };
    Ok(render(&page))
}

struct RecordLine {
    label: String,
    contributes: String,
    evidence: String,
    href: String,
}

#[derive(Template)]
#[template(path = "reporting/figure.html")]
struct FigurePage {
    ctx: PageCtx,
    id: String,
    code: String,
    period: String,
    sha256: String,
    label: String,
    display: String,
    /// How many records add up to the figure, in words; they show a page at a time.
    count_text: String,
    records: Vec<RecordLine>,
    page: u32,
    pages: u32,
    base: String,
}

/// Records on a figure's page at a time.
const RECORDS_PER_PAGE: usize = 50;

#[derive(Deserialize, Default)]
pub struct PageQuery {
    page: Option<u32>,
}

pub async fn figure(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, key)): Path<(String, String)>,
    axum::extract::Query(query): axum::extract::Query<PageQuery>,
) -> Result<Response, WebError> {
    let view = state.app.snapshot(&ctx.actor, snapshot_id(&id)?).await?;
    let s = &view.snapshot;
    let figure = s.figures.get(&key).ok_or(WebError(AppError::NotFound))?;
    let total = figure.records.len();
    let pages = u32::try_from(total.div_ceil(RECORDS_PER_PAGE).max(1)).unwrap_or(u32::MAX);
    let page = query.page.unwrap_or(1);
    if page == 0 || page > pages {
        return Err(WebError(AppError::NotFound));
    }
    let skip = usize::try_from(page - 1).unwrap_or(usize::MAX).saturating_mul(RECORDS_PER_PAGE);
    let records = figure
        .records
        .iter()
        .skip(skip)
        .take(RECORDS_PER_PAGE)
        .map(|r| RecordLine {
            label: r.label.clone(),
            contributes: r.contributes.clone(),
            evidence: r.evidence.clone(),
            href: r.path.clone(),
        })
        .collect();
    let page = FigurePage {
        id: s.id.clone(),
        code: s.programme.code.clone(),
        period: s.period.code.clone(),
        sha256: view.sha256.clone(),
        label: figure.label.clone(),
        display: figure.display.clone(),
        count_text: ctx
            .tr
            .t_with("reports-record-count", &[("count", i64::try_from(total).unwrap_or(i64::MAX).into())]),
        records,
        page,
        pages,
        base: format!("/reports/snapshots/{id}/figures/{key}?"),
        ctx,
    };
    Ok(render(&page))
}

/// A document of a snapshot (`eu-narrative.docx`...).
pub async fn document(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, document)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let kind = ReportKind::parse(&document).ok_or(WebError(AppError::NotFound))?;
    let file = state.app.report_document(&ctx.actor, snapshot_id(&id)?, kind).await?;
    Ok(crate::ui::organisations::download(file.bytes, file.content_type, &file.file_name))
}
