//! Inviting people to an event, the invitee's personal answer page (no account needed), and
//! the public registration form of open events.

use super::{ShowForms, event_id, parse_uuid, show_page, when};
use crate::WebError;
use crate::context::{ClientAddress, PageCtx};
use crate::page::{redirect_with_flash, render, render_with_status};
use crate::state::AppState;
use crate::ui::vocabulary::{self, Choice};
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::events::{InvitationView, Invitees, Registration};
use mekong_core::Lang;
use mekong_core::events::Needs;
use mekong_core::ids::{MailingListId, PersonId};
use mekong_core::validation::FieldErrors;
use mekong_core::vocabulary::ParticipantStatus;
use mekong_i18n::Arg;
use serde::Deserialize;

/// Invites the people ticked on the event page, or a mailing list.
pub async fn invite(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = event_id(&id)?;
    let list = pairs.iter().find(|(k, _)| k == "mailing_list").map(|(_, v)| parse_uuid(v)).transpose()?;
    let invitees = match list {
        Some(list) => Invitees::MailingList(MailingListId(list)),
        None => Invitees::People(
            pairs
                .iter()
                .filter(|(k, _)| k == "person")
                .map(|(_, v)| parse_uuid(v).map(PersonId))
                .collect::<Result<_, _>>()?,
        ),
    };
    let mut forms = ShowForms::default();
    match state.app.invite(&ctx.actor, id, invitees).await {
        Ok(outcome) => {
            let count = |n: usize| Arg::from(i64::try_from(n).unwrap_or_default());
            forms.invite_result = Some(ctx.tr.t_with(
                "event-invite-result",
                &[
                    ("invited", count(outcome.invited)),
                    ("already", count(outcome.already_invited)),
                    ("unreachable", count(outcome.not_reachable)),
                ],
            ));
        }
        Err(AppError::Validation(errors)) => forms.errors = errors,
        Err(other) => return Err(other.into()),
    }
    show_page(&state, ctx, id, forms).await
}

#[derive(Template)]
#[template(path = "events/rsvp.html")]
struct AnswerPage {
    ctx: PageCtx,
    secret: String,
    title: String,
    when: super::When,
    place: String,
    name: String,
    status: String,
    status_code: &'static str,
    waiting_position: String,
    open: bool,
    needs: Needs,
    version: i32,
    errors: FieldErrors,
}

fn answer_page(ctx: PageCtx, secret: String, view: InvitationView, errors: FieldErrors) -> AnswerPage {
    let event = &view.event;
    AnswerPage {
        title: event.title.get(ctx.tr.lang).to_owned(),
        when: when(&ctx, event),
        place: [event.venue.as_str(), event.online_url.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" – "),
        name: view.participant.name.clone(),
        status: vocabulary::label(&ctx, "participant-status", view.participant.status.code()),
        status_code: match view.participant.status {
            ParticipantStatus::Accepted => "yes",
            ParticipantStatus::Declined => "no",
            ParticipantStatus::Tentative => "maybe",
            ParticipantStatus::Invited | ParticipantStatus::Waiting => "",
        },
        waiting_position: view
            .waiting_position
            .map(|p| ctx.tr.number(i64::try_from(p).unwrap_or_default()))
            .unwrap_or_default(),
        open: event.takes_answers(),
        needs: view.participant.needs.clone(),
        version: view.participant.version,
        secret,
        errors,
        ctx,
    }
}

pub async fn answer_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(secret): Path<String>,
) -> Result<Response, WebError> {
    let view = state.app.invitation(&ctx.actor, &secret).await?;
    Ok(render(&answer_page(ctx, secret, view, FieldErrors::default())))
}

#[derive(Deserialize, Default)]
pub struct AnswerInput {
    #[serde(default)]
    answer: String,
    #[serde(default)]
    dietary: String,
    #[serde(default)]
    interpretation: String,
    #[serde(default)]
    travel: String,
    #[serde(default)]
    version: i32,
}

pub async fn answer(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(secret): Path<String>,
    Form(input): Form<AnswerInput>,
) -> Result<Response, WebError> {
    let needs = Needs { dietary: input.dietary, interpretation: input.interpretation, travel: input.travel };
    match state.app.answer_invitation(&ctx.actor, &secret, &input.answer, needs, input.version).await {
        Ok(_) => Ok(redirect_with_flash(&format!("/rsvp/{secret}"), "flash-answer-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => {
            let view = state.app.invitation(&ctx.actor, &secret).await?;
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &answer_page(ctx, secret, view, errors)))
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "events/register.html")]
struct RegisterPage {
    ctx: PageCtx,
    id: String,
    title: String,
    when: super::When,
    input: RegisterInput,
    sexes: Vec<Choice>,
    languages: Vec<(&'static str, &'static str, bool)>,
    errors: FieldErrors,
}

#[derive(Deserialize, Default, Clone)]
pub struct RegisterInput {
    #[serde(default)]
    name: String,
    #[serde(default)]
    local_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    sex: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    dietary: String,
    #[serde(default)]
    interpretation: String,
    #[serde(default)]
    travel: String,
}

async fn register_page(
    state: &AppState,
    ctx: PageCtx,
    id: mekong_core::ids::EventId,
    mut input: RegisterInput,
    errors: FieldErrors,
) -> Result<Response, WebError> {
    let (event, _) = state.app.visible_event(&ctx.actor, id).await?;
    if !(event.open_registration && event.takes_answers()) {
        return Err(AppError::NotFound.into());
    }
    if input.language.is_empty() {
        input.language = ctx.lang().to_owned();
    }
    let page = RegisterPage {
        id: id.to_string(),
        title: event.title.get(ctx.tr.lang).to_owned(),
        when: when(&ctx, &event),
        sexes: vocabulary::sexes(&ctx, &input.sex),
        languages: Lang::ALL.iter().map(|l| (l.code(), l.endonym(), l.code() == input.language)).collect(),
        input,
        errors,
        ctx,
    };
    let status = if page.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(render_with_status(status, &page))
}

pub async fn register_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    register_page(&state, ctx, event_id(&id)?, RegisterInput::default(), FieldErrors::default()).await
}

pub async fn register(
    State(state): State<AppState>,
    ctx: PageCtx,
    ClientAddress(client_address): ClientAddress,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(input): Form<RegisterInput>,
) -> Result<Response, WebError> {
    let id = event_id(&id)?;
    let form = Registration {
        name: input.name.clone(),
        local_name: input.local_name.clone(),
        email: input.email.clone(),
        organisation: input.organisation.clone(),
        country: input.country.clone(),
        sex: input.sex.clone(),
        language: input.language.clone(),
        client_address,
        needs: Needs {
            dietary: input.dietary.clone(),
            interpretation: input.interpretation.clone(),
            travel: input.travel.clone(),
        },
    };
    match state.app.register(&ctx.actor, id, &form).await {
        // The personal link goes by email only: whoever typed an address is not shown its link.
        Ok(_) => Ok(redirect_with_flash(&format!("/events/{id}"), "flash-registered", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => register_page(&state, ctx, id, input, errors).await,
        Err(other) => Err(other.into()),
    }
}
