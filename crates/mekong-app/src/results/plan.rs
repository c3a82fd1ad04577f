//! The annual action plan: activities per year, tied to the logframe's activities, with their
//! dates, responsible person, cities, budget line, status (a deviation needs a justification)
//! and progress notes.

use crate::audit::{Change, audit_actor};
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::directory::CityCode;
use mekong_core::identity::Role;
use mekong_core::ids::ActivityId;
use mekong_core::input::{self, TextKind};
use mekong_core::people::parse_date;
use mekong_core::results::{ActivityStatus, Level, PlanActivity};
use mekong_core::validation::FieldErrors;
use mekong_core::{Lang, Text};
use std::collections::BTreeMap;
use std::sync::Arc;

/// An activity as typed into its form.
#[derive(Debug, Clone, Default)]
pub struct PlanActivityDraft {
    /// The logframe activity's code (`A1.2.3`), or empty.
    pub node: String,
    /// The title in each language it is given in (at least one).
    pub titles: BTreeMap<Lang, String>,
    pub starts: String,
    pub ends: String,
    pub responsible: String,
    /// City codes separated by commas.
    pub cities: String,
    pub budget_line: String,
    pub status: String,
    pub justification: String,
    pub progress_notes: String,
}

/// What the plan's form offers to pick from instead of typing codes: the member cities (code
/// and city), and the names of the accounts that carry out activities (network staff and focal
/// points), which the form offers while still taking any other name.
#[derive(Debug, Clone, Default)]
pub struct PlanChoices {
    pub cities: Arc<Vec<mekong_core::directory::City>>,
    pub responsible: Vec<String>,
}

/// A year of the action plan as its page reads it.
#[derive(Debug)]
pub struct PlanYear {
    pub activities: Vec<PlanActivity>,
    /// The programme's budget lines (code, label): the form offers them, a row names its own.
    pub budget_lines: Vec<(String, String)>,
    /// The names of the accounts that carry out activities, offered by [`App::plan_choices`]
    /// to those who edit the plan only.
    carried_out_by: Vec<String>,
}

impl PlanActivityDraft {
    pub fn of(activity: &PlanActivity, node_code: &str) -> PlanActivityDraft {
        PlanActivityDraft {
            node: node_code.to_owned(),
            titles: Lang::ALL.iter().filter_map(|l| Some((*l, activity.title.exact(*l)?.to_owned()))).collect(),
            starts: activity.starts.to_string(),
            ends: activity.ends.to_string(),
            responsible: activity.responsible.clone(),
            cities: activity.cities.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
            budget_line: activity.budget_line.clone(),
            status: activity.status.code().to_owned(),
            justification: activity.justification.clone(),
            progress_notes: activity.progress_notes.clone(),
        }
    }
}

impl App {
    /// The action plan of a year, with its programme's budget lines: kept between requests while
    /// nothing is written (the page names each activity's line and offers them all).
    pub async fn plan(
        &self,
        actor: &Actor,
        code: &str,
        year: i16,
    ) -> Result<(Arc<super::Logframe>, Arc<PlanYear>), AppError> {
        policy::authorise(actor, Permission::ViewResults, &Target::Nothing)?;
        let stamp = self.store.audit_head_seq().await?;
        let logframe = self.logframe_at(code, stamp).await?;
        let key = (code.to_owned(), year);
        if let Some(kept) = self.kept.plans.get(&key, stamp) {
            return Ok((logframe, kept));
        }
        let activities =
            self.store.plan_activities(logframe.programme.id).await?.into_iter().filter(|a| a.year == year).collect();
        let carries_out = [Role::Admin, Role::Secretariat, Role::Coordinator, Role::CityFocalPoint];
        let grants = self.store.all_grants().await?;
        let mut carried_out_by: Vec<String> = self
            .store
            .list_users()
            .await?
            .into_iter()
            .filter(|u| u.active && grants.iter().any(|(id, g)| *id == u.id && carries_out.contains(&g.role)))
            .map(|u| u.display_name)
            .collect();
        carried_out_by.sort_by_key(|n| n.to_lowercase());
        carried_out_by.dedup();
        let budget_lines = self.budget_line_choices(Some(logframe.programme.id)).await?;
        let plan = PlanYear { activities, budget_lines, carried_out_by };
        Ok((logframe, self.kept.plans.keep(key, stamp, plan)))
    }

    /// The choices of the plan's form, for those who edit the plan (the names of accounts are not
    /// shown to readers of the plan).
    pub async fn plan_choices(&self, actor: &Actor, plan: &PlanYear) -> Result<PlanChoices, AppError> {
        if policy::authorise(actor, Permission::ManageResults, &Target::Nothing).is_err() {
            return Ok(PlanChoices::default());
        }
        Ok(PlanChoices { cities: self.list_cities(actor).await?, responsible: plan.carried_out_by.clone() })
    }

    /// Checks that the actor may change the action plan, before a handler reads what was sent.
    pub fn authorise_plan_writes(&self, actor: &Actor) -> Result<(), AppError> {
        policy::authorise(actor, Permission::ManageResults, &Target::Nothing)
    }

    /// One activity of the plan, whatever its year, with the logframe it refers to.
    pub async fn plan_activity(
        &self,
        actor: &Actor,
        code: &str,
        id: ActivityId,
    ) -> Result<(Arc<super::Logframe>, PlanActivity), AppError> {
        let logframe = self.logframe(actor, code).await?;
        let activity = self.store.plan_activities(logframe.programme.id).await?.into_iter().find(|a| a.id == id);
        Ok((logframe, activity.ok_or(AppError::NotFound)?))
    }

    /// Adds an activity (`id` none) or saves one edited from `version`.
    pub async fn save_plan_activity(
        &self,
        actor: &Actor,
        code: &str,
        id: Option<(ActivityId, i32)>,
        draft: &PlanActivityDraft,
    ) -> Result<PlanActivity, AppError> {
        policy::authorise(actor, Permission::ManageResults, &Target::Nothing)?;
        let logframe = self.load_logframe(code).await?;
        let mut errors = FieldErrors::default();
        let node = match draft.node.trim() {
            "" => None,
            raw => match logframe.nodes.iter().find(|n| n.code.eq_ignore_ascii_case(raw) && n.level == Level::Activity)
            {
                Some(node) => Some(node.id),
                None => {
                    errors.add("node", "error-logframe-activity");
                    None
                }
            },
        };
        let starts = parse_date(&draft.starts, "starts", &mut errors);
        let ends = parse_date(&draft.ends, "ends", &mut errors);
        for (field, value) in [("starts", starts), ("ends", ends)] {
            if value.is_none() && errors.for_field(field).is_none() {
                errors.add(field, "error-required");
            }
        }
        let mut cities = Vec::new();
        let members = self.store.list_cities().await?;
        for raw in draft.cities.split([',', ';']).map(str::trim).filter(|c| !c.is_empty()) {
            match CityCode::parse(raw) {
                Ok(city) if members.iter().any(|m| m.code == city) => cities.push(city),
                // A well-formed code of no member city: said next to the cities, not stored.
                Ok(_) => errors.add("cities", "error-unknown-city"),
                Err(_) => errors.add("cities", "error-city-code"),
            }
        }
        self.check_budget_line(Some(logframe.programme.id), &draft.budget_line, &mut errors).await?;
        let status = ActivityStatus::parse(&draft.status).unwrap_or(ActivityStatus::Planned);
        let title = draft.titles.iter().fold(Text::new(), |text, (lang, value)| {
            text.with(*lang, input::check(value, TextKind::Title, &format!("title_{}", lang.code()), &mut errors))
        });
        if title.is_empty() && !errors.0.iter().any(|e| e.field.starts_with("title_")) {
            errors.add("title_fr", "error-required");
        }
        let responsible = input::check(&draft.responsible, TextKind::Name, "responsible", &mut errors);
        let budget_line = input::check(&draft.budget_line, TextKind::Name, "budget_line", &mut errors);
        let justification = input::check(&draft.justification, TextKind::Comment, "justification", &mut errors);
        let progress_notes = input::check(&draft.progress_notes, TextKind::Body, "progress_notes", &mut errors);
        let (Some(starts), Some(ends), true) = (starts, ends, errors.is_empty()) else {
            return Err(AppError::Validation(errors));
        };
        let before = match id {
            Some((id, _)) => Some(
                self.store
                    .plan_activities(logframe.programme.id)
                    .await?
                    .into_iter()
                    .find(|a| a.id == id)
                    .ok_or(AppError::NotFound)?,
            ),
            None => None,
        };
        let activity = PlanActivity {
            id: id.map_or_else(ActivityId::new, |(id, _)| id),
            programme: logframe.programme.id,
            year: starts.year(),
            node,
            title,
            starts,
            ends,
            responsible,
            cities,
            budget_line,
            status,
            justification,
            progress_notes,
            version: id.map_or(1, |(_, version)| version + 1),
        };
        activity.check().map_err(AppError::Validation)?;
        let txn = self.store.begin_write().await?;
        txn.save_plan_activity(&activity).await?;
        let change = Change {
            action: if before.is_none() { "plan_activity.created" } else { "plan_activity.updated" },
            entity_type: "programme",
            entity_id: logframe.programme.code.clone(),
            before: before.and_then(|b| serde_json::to_value(b).ok()),
            after: serde_json::to_value(&activity).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(activity)
    }
}
