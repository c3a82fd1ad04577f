//! A programme's IATI page: the publisher's identifier and the sectors (a form for the
//! coordinator), the rules the file would break today, and the download of the IATI 2.03 file.

use crate::WebError;
use crate::context::PageCtx;
use crate::page::{redirect_with_flash, render_with_status};
use crate::state::AppState;
use crate::ui::conflict::{ConflictView, form_status};
use crate::ui::organisations::download;
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::iati::IatiExport;
use mekong_core::iati::{IatiSettingsDraft, ORGANISATION_TYPES};
use mekong_core::validation::FieldErrors;
use mekong_docs::iati::RuleBreach;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "results/iati.html")]
struct IatiPage {
    ctx: PageCtx,
    code: String,
    title: String,
    editable: bool,
    placeholder: bool,
    version: i32,
    draft: IatiSettingsDraft,
    types: Vec<(String, String, bool)>,
    sectors: Vec<(String, String)>,
    breaches: Vec<String>,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
}

/// What the form's answer may carry back to the page.
#[derive(Default)]
struct Answer {
    draft: Option<IatiSettingsDraft>,
    errors: FieldErrors,
    conflict: Option<ConflictView>,
    breaches: Option<Vec<RuleBreach>>,
}

fn breach_lines(ctx: &PageCtx, breaches: &[RuleBreach]) -> Vec<String> {
    breaches.iter().map(|b| format!("{} ({})", ctx.t(&format!("iati-rule-{}", b.rule.code())), b.place)).collect()
}

async fn page(
    state: &AppState,
    ctx: PageCtx,
    code: &str,
    answer: Answer,
    status: StatusCode,
) -> Result<Response, WebError> {
    let view = state.app.iati_settings(&ctx.actor, code).await?;
    let breaches = match answer.breaches {
        Some(breaches) => breaches,
        None => state.app.iati_breaches(&ctx.actor, code).await?,
    };
    let draft = answer.draft.unwrap_or_else(|| IatiSettingsDraft::of(&view.settings));
    let types = ORGANISATION_TYPES
        .iter()
        .map(|t| ((*t).to_owned(), ctx.t(&format!("iati-organisation-type-{t}")), *t == draft.organisation_type.trim()))
        .collect();
    let sectors = view.settings.sectors.iter().map(|s| (s.code.clone(), format!("{} %", s.share))).collect();
    let status = if status == StatusCode::OK { form_status(&answer.errors, answer.conflict.as_ref()) } else { status };
    Ok(render_with_status(
        status,
        &IatiPage {
            title: view.programme.title.get(ctx.tr.lang).to_owned(),
            code: view.programme.code.clone(),
            editable: view.editable,
            placeholder: view.settings.placeholder,
            version: view.settings.version,
            draft,
            types,
            sectors,
            breaches: breach_lines(&ctx, &breaches),
            errors: answer.errors,
            conflict: answer.conflict,
            ctx,
        },
    ))
}

pub async fn show(State(state): State<AppState>, ctx: PageCtx, Path(code): Path<String>) -> Result<Response, WebError> {
    page(&state, ctx, &code, Answer::default(), StatusCode::OK).await
}

#[derive(Deserialize, Default)]
pub struct SettingsInput {
    #[serde(default)]
    organisation_ref: String,
    #[serde(default)]
    organisation_type: String,
    #[serde(default)]
    sectors: String,
    #[serde(default)]
    version: i32,
}

pub async fn save(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(code): Path<String>,
    Form(input): Form<SettingsInput>,
) -> Result<Response, WebError> {
    let draft = IatiSettingsDraft {
        organisation_ref: input.organisation_ref,
        organisation_type: input.organisation_type,
        sectors: input.sectors,
    };
    let answer = match state.app.save_iati_settings(&ctx.actor, &code, input.version, &draft).await {
        Ok(_) => {
            return Ok(redirect_with_flash(&format!("/results/{code}/iati"), "flash-saved", jar, state.config.tls));
        }
        Err(AppError::Validation(errors)) => Answer { draft: Some(draft), errors, ..Answer::default() },
        Err(AppError::Conflict) => Answer {
            draft: Some(draft),
            conflict: Some(ConflictView::compare(&ctx, Vec::<(&str, String, String)>::new())),
            ..Answer::default()
        },
        Err(other) => return Err(other.into()),
    };
    page(&state, ctx, &code, answer, StatusCode::OK).await
}

/// The file, or the page naming the rules to fix first (422).
pub async fn export(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    match state.app.iati_export(&ctx.actor, &code).await? {
        IatiExport::Xml(bytes) => Ok(download(bytes, "application/xml", &format!("iati-{code}.xml"))),
        IatiExport::Refused(breaches) => {
            let answer = Answer { breaches: Some(breaches), ..Answer::default() };
            page(&state, ctx, &code, answer, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}
