//! The directory's people: search and filter, export, one person's page with their look-alikes,
//! and the forms to add, edit, merge and record a withdrawal of consent.

use crate::WebError;
use crate::context::{PageCtx, encode_query_value};
use crate::page::{redirect_with_flash, render, render_with_status};
use crate::state::AppState;
use crate::ui::choices::{self, Ticks};
use crate::ui::conflict::ConflictView;
use crate::ui::organisations::{country_name, download};
use crate::ui::vocabulary::{self, Choice};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use mekong_app::AppError;
use mekong_app::organisations::Created;
use mekong_app::people::PersonDetail;
use mekong_core::directory::CityCode;
use mekong_core::drafts::PersonDraft;
use mekong_core::ids::PersonId;
use mekong_core::people::{CountryCode, PeopleFilter, Person, parse_language};
use mekong_core::validation::FieldErrors;
use mekong_core::vocabulary::{OrganisationKind, Theme};
use serde::Deserialize;

/// The list's filters as the query string carries them; saved, they make a mailing list.
#[derive(Deserialize, Default, Clone)]
pub struct PeopleQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub theme: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub focal_points: String,
    #[serde(default)]
    pub page: Option<u64>,
}

impl PeopleQuery {
    pub fn filter(&self) -> PeopleFilter {
        PeopleFilter {
            text: self.q.clone(),
            country: CountryCode::parse(&self.country),
            organisation_kind: OrganisationKind::parse(&self.kind),
            theme: Theme::parse(&self.theme),
            language: parse_language(&self.language),
            focal_points_only: self.focal_points == "yes",
            city: CityCode::parse(&self.city).ok(),
        }
    }

    pub fn query_string(&self) -> String {
        [
            ("q", &self.q),
            ("country", &self.country),
            ("kind", &self.kind),
            ("theme", &self.theme),
            ("language", &self.language),
            ("city", &self.city),
            ("focal_points", &self.focal_points),
        ]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}&", encode_query_value(v)))
        .collect()
    }
}

pub struct PersonRow {
    pub href: String,
    pub name: String,
    pub local_name: String,
    pub local_lang: &'static str,
    pub organisation: String,
    pub function: String,
    pub email: String,
    pub country: String,
}

pub fn person_row(ctx: &PageCtx, person: &Person) -> PersonRow {
    PersonRow {
        href: format!("/people/{}", person.id),
        name: person.display_name().to_owned(),
        local_name: person.name_local.clone(),
        local_lang: vocabulary::script_lang(person.country.as_ref().map(|c| c.as_str())),
        organisation: person
            .affiliations
            .first()
            .map(|a| a.organisation_name.for_reader(ctx.tr.lang).to_owned())
            .unwrap_or_default(),
        function: person.function.clone(),
        email: person.emails.first().map(ToString::to_string).unwrap_or_default(),
        country: person.country.as_ref().map(|c| country_name(ctx, c.as_str())).unwrap_or_default(),
    }
}

#[derive(Template)]
#[template(path = "people/list.html")]
struct ListPage {
    ctx: PageCtx,
    query: PeopleQuery,
    kinds: Vec<Choice>,
    themes: Vec<Choice>,
    countries: Vec<Choice>,
    languages: Vec<Choice>,
    rows: Vec<PersonRow>,
    total: String,
    page: u64,
    pages: u64,
    query_string: String,
    pager_base: String,
    /// The filters again, as hidden fields of the "save as mailing list" form.
    hidden_filters: Vec<(&'static str, String)>,
    manages: bool,
    can_add: bool,
    list_errors: FieldErrors,
}

async fn list_page(
    state: &AppState,
    ctx: PageCtx,
    query: PeopleQuery,
    list_errors: FieldErrors,
) -> Result<ListPage, WebError> {
    use mekong_app::policy::{Permission, Target, authorise};
    let page = state.app.people(&ctx.actor, &query.filter(), query.page.unwrap_or(1)).await?;
    Ok(ListPage {
        kinds: vocabulary::kinds(&ctx, &query.kind),
        themes: vocabulary::themes(&ctx, &query.theme),
        countries: choices::country_filter(&ctx, &query.country),
        languages: choices::language_filter(&query.language),
        rows: page.items.iter().map(|p| person_row(&ctx, p)).collect(),
        total: ctx.tr.number(i64::try_from(page.total).unwrap_or(i64::MAX)),
        page: page.page,
        pages: page.pages(),
        query_string: query.query_string(),
        pager_base: format!("/people?{}", query.query_string()),
        manages: authorise(&ctx.actor, Permission::ManagePartnerships, &Target::Nothing).is_ok(),
        can_add: authorise(&ctx.actor, Permission::EditDirectory, &Target::Nothing).is_ok(),
        list_errors,
        hidden_filters: vec![
            ("q", query.q.clone()),
            ("country", query.country.clone()),
            ("kind", query.kind.clone()),
            ("theme", query.theme.clone()),
            ("language", query.language.clone()),
            ("city", query.city.clone()),
            ("focal_points", query.focal_points.clone()),
        ],
        query,
        ctx,
    })
}

pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<PeopleQuery>,
) -> Result<Response, WebError> {
    Ok(render(&list_page(&state, ctx, query, FieldErrors::default()).await?))
}

/// Saves the list's current filters as a mailing list.
#[derive(Deserialize)]
pub struct SaveList {
    #[serde(default)]
    name: String,
    #[serde(flatten)]
    query: PeopleQuery,
}

pub async fn save_as_list(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Form(input): Form<SaveList>,
) -> Result<Response, WebError> {
    match state.app.create_mailing_list(&ctx.actor, &input.name, input.query.filter()).await {
        Ok(list) => {
            Ok(redirect_with_flash(&format!("/mailing-lists/{}", list.id), "flash-saved", jar, state.config.tls))
        }
        Err(AppError::Validation(errors)) => Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &list_page(&state, ctx, input.query, errors).await?,
        )),
        Err(other) => Err(other.into()),
    }
}

pub async fn export_csv(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<PeopleQuery>,
) -> Result<Response, WebError> {
    let people = state.app.export_people(&ctx.actor, &query.filter()).await?;
    let bytes = mekong_docs::write_csv(&mekong_app::exports::people_table(&people))
        .map_err(|e| WebError(AppError::Internal(e.to_string())))?;
    Ok(download(bytes, "text/csv; charset=utf-8", "people.csv"))
}

pub async fn export_xlsx(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<PeopleQuery>,
) -> Result<Response, WebError> {
    let people = state.app.export_people(&ctx.actor, &query.filter()).await?;
    let bytes = mekong_docs::write_xlsx(&mekong_app::exports::people_table(&people), "People")
        .map_err(|e| WebError(AppError::Internal(e.to_string())))?;
    Ok(download(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "people.xlsx"))
}

pub async fn export_vcard(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<PeopleQuery>,
) -> Result<Response, WebError> {
    let people = state.app.export_people(&ctx.actor, &query.filter()).await?;
    Ok(download(mekong_app::exports::people_vcards(&people), "text/vcard; charset=utf-8", "people.vcf"))
}

#[derive(Template)]
#[template(path = "people/show.html")]
struct ShowPage {
    ctx: PageCtx,
    id: String,
    local_lang: &'static str,
    person: Person,
    sex: String,
    country: String,
    themes: String,
    consent: Option<String>,
    withdrawn: Option<String>,
    affiliations: Vec<(String, String, String)>,
    contacts_visible: bool,
    editable: bool,
    duplicates: Vec<PersonRow>,
    errors: FieldErrors,
    history: Vec<crate::ui::audit::AuditRow>,
}

fn person_id(raw: &str) -> Result<PersonId, WebError> {
    uuid::Uuid::parse_str(raw).map(PersonId).map_err(|_| WebError(AppError::NotFound))
}

fn show_page(ctx: PageCtx, detail: PersonDetail, errors: FieldErrors) -> ShowPage {
    let person = detail.person;
    let consent = person.consent.as_ref().map(|c| {
        format!(
            "{} · {} · {}",
            vocabulary::label(&ctx, "consent", c.basis.code()),
            mekong_i18n::format_date(ctx.tr.lang, c.given_on),
            c.channel
        )
    });
    ShowPage {
        id: person.id.to_string(),
        local_lang: vocabulary::script_lang(person.country.as_ref().map(|c| c.as_str())),
        sex: vocabulary::label(&ctx, "sex", person.sex.code()),
        country: person.country.as_ref().map(|c| country_name(&ctx, c.as_str())).unwrap_or_default(),
        themes: vocabulary::theme_labels(&ctx, &person.themes),
        withdrawn: person
            .consent
            .as_ref()
            .and_then(|c| c.withdrawn_on)
            .map(|d| mekong_i18n::format_date(ctx.tr.lang, d)),
        consent,
        affiliations: person
            .affiliations
            .iter()
            .map(|a| {
                (
                    format!("/organisations/{}", a.organisation),
                    a.organisation_name.for_reader(ctx.tr.lang).to_owned(),
                    a.function.clone(),
                )
            })
            .collect(),
        contacts_visible: detail.contacts_visible,
        editable: detail.editable,
        duplicates: detail.possible_duplicates.iter().map(|p| person_row(&ctx, p)).collect(),
        history: detail.history.iter().map(|e| crate::ui::audit::AuditRow::new(e, &ctx)).collect(),
        errors,
        person,
        ctx,
    }
}

pub async fn show(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> Result<Response, WebError> {
    let detail = state.app.person(&ctx.actor, person_id(&id)?).await?;
    Ok(render(&show_page(ctx, detail, FieldErrors::default())))
}

#[derive(Template)]
#[template(path = "people/form.html")]
struct FormPage {
    ctx: PageCtx,
    action: String,
    draft: PersonDraft,
    version: i32,
    sexes: Vec<Choice>,
    bases: Vec<Choice>,
    /// What the form offers instead of codes (the countries come from the context).
    ticks: Ticks,
    cities: Vec<(String, String, bool)>,
    errors: FieldErrors,
    duplicates: Vec<PersonRow>,
    conflict: Option<ConflictView>,
}

async fn form_page(
    state: &AppState,
    ctx: PageCtx,
    action: String,
    draft: PersonDraft,
    version: i32,
    errors: FieldErrors,
) -> Result<FormPage, WebError> {
    Ok(FormPage {
        sexes: vocabulary::sexes(&ctx, &draft.sex),
        bases: vocabulary::consent_bases(&ctx, &draft.consent_basis),
        ticks: choices::ticks(&ctx, &draft.languages, &draft.themes),
        cities: choices::member_cities(state, &ctx, &draft.focal_point_of).await?,
        action,
        draft,
        version,
        errors,
        duplicates: Vec::new(),
        conflict: None,
        ctx,
    })
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    #[serde(default)]
    organisation: String,
}

pub async fn new_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<NewQuery>,
) -> Result<Response, WebError> {
    let focal = ctx.actor.focal_cities().first().map(ToString::to_string).unwrap_or_default();
    let draft = PersonDraft {
        organisation: query.organisation,
        focal_point_of: String::new(),
        country: focal.get(..2).unwrap_or_default().to_owned(),
        ..PersonDraft::default()
    };
    Ok(render(&form_page(&state, ctx, "/people".into(), draft, 0, FieldErrors::default()).await?))
}

/// The person form's fields, and the "keep both" confirmation after look-alikes.
#[derive(Default)]
pub struct PersonInput {
    draft: PersonDraft,
    version: i32,
    keep_both: String,
}

impl PersonInput {
    /// The form's fields, with the ticked languages and themes joined as the API sends them.
    fn from_pairs(pairs: Vec<(String, String)>) -> PersonInput {
        let mut input = PersonInput::default();
        for (name, value) in choices::joined_lists(pairs) {
            match name.as_str() {
                "version" => input.version = value.trim().parse().unwrap_or_default(),
                "keep_both" => input.keep_both = value,
                field => input.draft.set(field, value),
            }
        }
        input
    }
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let input = PersonInput::from_pairs(pairs);
    match state.app.create_person(&ctx.actor, &input.draft, input.keep_both == "yes").await {
        Ok(Created::Done(person)) => {
            Ok(redirect_with_flash(&format!("/people/{}", person.id), "flash-saved", jar, state.config.tls))
        }
        Ok(Created::PossibleDuplicates(similar)) => {
            let mut page = form_page(&state, ctx, "/people".into(), input.draft, 0, FieldErrors::default()).await?;
            page.duplicates = similar.iter().map(|p| person_row(&page.ctx, p)).collect();
            Ok(render_with_status(StatusCode::CONFLICT, &page))
        }
        Err(AppError::Validation(errors)) => Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &form_page(&state, ctx, "/people".into(), input.draft, 0, errors).await?,
        )),
        Err(other) => Err(other.into()),
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let detail = state.app.person(&ctx.actor, person_id(&id)?).await?;
    if !detail.editable {
        return Err(WebError(AppError::Forbidden));
    }
    let person = detail.person;
    let action = format!("/people/{}", person.id);
    Ok(render(&form_page(&state, ctx, action, PersonDraft::of(&person), person.version, FieldErrors::default()).await?))
}

pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let input = PersonInput::from_pairs(pairs);
    let id = person_id(&id)?;
    let action = format!("/people/{id}");
    match state.app.update_person(&ctx.actor, id, input.version, &input.draft).await {
        Ok(_) => Ok(redirect_with_flash(&action, "flash-saved", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &form_page(&state, ctx, action, input.draft, input.version, errors).await?,
        )),
        Err(AppError::Conflict) => {
            let current = state.app.person(&ctx.actor, id).await?.person;
            let saved = PersonDraft::of(&current);
            let conflict = ConflictView::of_fields(&ctx, &PersonDraft::FIELDS, &input.draft, &saved, |d, f| {
                d.clone().field_mut(f).cloned().unwrap_or_default()
            });
            let mut page = form_page(&state, ctx, action, input.draft, current.version, FieldErrors::default()).await?;
            page.conflict = Some(conflict);
            Ok(render_with_status(StatusCode::CONFLICT, &page))
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn withdraw_consent(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = person_id(&id)?;
    match state.app.withdraw_consent(&ctx.actor, id).await {
        Ok(()) => Ok(redirect_with_flash(&format!("/people/{id}"), "flash-consent-withdrawn", jar, state.config.tls)),
        Err(AppError::Validation(errors)) => {
            let detail = state.app.person(&ctx.actor, id).await?;
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &show_page(ctx, detail, errors)))
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
pub struct MergeInput {
    #[serde(default)]
    duplicate: String,
}

/// Merges the chosen look-alike into this person.
pub async fn merge(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(input): Form<MergeInput>,
) -> Result<Response, WebError> {
    let keep = person_id(&id)?;
    if !state.app.person(&ctx.actor, keep).await?.editable {
        return Err(WebError(AppError::Forbidden));
    }
    let duplicate = uuid::Uuid::parse_str(&input.duplicate)
        .map(PersonId)
        .map_err(|_| WebError(AppError::field("duplicate", "error-merge-self")))?;
    state.app.merge_people(&ctx.actor, keep, duplicate).await?;
    Ok(redirect_with_flash(&format!("/people/{keep}"), "flash-merged", jar, state.config.tls))
}
