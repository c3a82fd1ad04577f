//! Missions in the region: the order with its estimate (per diems from the rate table and the
//! transport), the secretariat's approval before departure, the report afterwards (which adds
//! to the plan activity's progress notes), and the actual costs entered as expenses.

use super::{ExpenseDraft, actor_name};
use crate::audit::{Change, audit_actor};
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::Lang;
use mekong_core::directory::CityCode;
use mekong_core::events::PerDiem;
use mekong_core::finance::expenses::{Expense, Origin};
use mekong_core::finance::missions::{Mission, MissionReport, MissionStatus};
use mekong_core::ids::{ActivityId, MissionId, PersonId};
use mekong_core::input::{self, TextKind};
use mekong_core::money::{Currency, Money};
use mekong_core::people::parse_date;
use mekong_core::results::Programme;
use mekong_core::validation::FieldErrors;

/// A mission order as typed.
#[derive(Debug, Clone, Default)]
pub struct MissionDraft {
    pub traveller: String,
    pub purpose: String,
    pub cities: Vec<String>,
    pub departs: String,
    pub returns: String,
    pub plan_activity: String,
    pub budget_line: String,
    pub transport: String,
    pub transport_currency: String,
    pub typed_in: Lang,
}

impl MissionDraft {
    pub fn of(mission: &Mission, line_code: &str, typed_in: Lang) -> MissionDraft {
        MissionDraft {
            traveller: mission.traveller.clone(),
            purpose: mission.purpose.clone(),
            cities: mission.cities.iter().map(ToString::to_string).collect(),
            departs: mission.departs.to_string(),
            returns: mission.returns.to_string(),
            plan_activity: mission.plan_activity.map(|a| a.to_string()).unwrap_or_default(),
            budget_line: line_code.to_owned(),
            transport: mission.transport.plain(),
            transport_currency: mission.transport.currency().code().to_owned(),
            typed_in,
        }
    }
}

/// A mission report as typed.
#[derive(Debug, Clone, Default)]
pub struct MissionReportDraft {
    pub done: String,
    /// Ids of people of the directory.
    pub people_met: Vec<String>,
    pub follow_ups: String,
}

/// A mission with its estimate and the expenses its costs became.
#[derive(Debug, Clone)]
pub struct MissionView {
    pub programme: Programme,
    pub mission: Mission,
    pub per_diem: Option<PerDiem>,
    pub costs: Vec<Expense>,
}

impl App {
    /// The missions `actor` may see: all for staff and auditors (their programme's), a focal
    /// point's those visiting their cities.
    pub async fn missions(&self, actor: &Actor) -> Result<Vec<Mission>, AppError> {
        policy::authorise(actor, Permission::ViewMissions, &Target::Nothing)?;
        let all = self.store.missions(None).await?;
        Ok(all.into_iter().filter(|m| may_see(actor, m)).collect())
    }

    /// The missions to a city, for its page: only to those who may see them.
    pub async fn missions_to_city(&self, actor: &Actor, city: &CityCode) -> Result<Vec<Mission>, AppError> {
        if policy::authorise(actor, Permission::ViewMissions, &Target::Record(vec![city.clone()])).is_err() {
            return Ok(Vec::new());
        }
        Ok(self.store.missions_to_city(city).await?)
    }

    pub async fn mission(&self, actor: &Actor, id: MissionId) -> Result<super::missions::MissionView, AppError> {
        let mission = self.store.mission(id).await?;
        if !may_see(actor, &mission) {
            policy::authorise(actor, Permission::ViewMissions, &Target::Record(mission.cities.clone()))?;
        }
        let programme =
            self.store.programmes().await?.into_iter().find(|p| p.id == mission.programme).ok_or(AppError::NotFound)?;
        let rates = self.store.per_diem_rates().await?;
        let per_diem = mission.per_diem(&rates).map_err(|e| AppError::Internal(format!("per diem: {e}")))?;
        let costs = self.store.expenses_of_mission(id).await?;
        Ok(MissionView { programme, mission, per_diem, costs })
    }

    fn read_mission(
        &self,
        programme: &Programme,
        draft: &MissionDraft,
        errors: &mut FieldErrors,
    ) -> Option<MissionParts> {
        let departs = parse_date(&draft.departs, "departs", errors);
        let returns = parse_date(&draft.returns, "returns", errors);
        for (field, value) in [("departs", departs), ("returns", returns)] {
            if value.is_none() && errors.for_field(field).is_none() {
                errors.add(field, "error-required");
            }
        }
        let mut cities = Vec::new();
        for raw in draft.cities.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
            match CityCode::parse(raw) {
                Ok(city) if !cities.contains(&city) => cities.push(city),
                Ok(_) => {}
                Err(_) => errors.add("cities", "error-city-code"),
            }
        }
        let currency = Currency::parse(&draft.transport_currency)
            .map_err(|e| errors.add("transport_currency", e.message_key()))
            .ok();
        let transport = currency.and_then(|c| match draft.transport.trim() {
            "" => Some(Money::zero(c)),
            raw => Money::parse(raw, c, draft.typed_in).map_err(|e| errors.add("transport", e.message_key())).ok(),
        });
        let plan_activity = match draft.plan_activity.trim() {
            "" => None,
            raw => match uuid::Uuid::parse_str(raw) {
                Ok(id) => Some(ActivityId(id)),
                Err(_) => {
                    errors.add("plan_activity", "error-plan-activity");
                    None
                }
            },
        };
        Some(MissionParts {
            departs: departs?,
            returns: returns?,
            cities,
            transport: transport?,
            plan_activity,
            programme: programme.id,
        })
    }

    /// Creates a mission order, or saves one edited from `version` while it is a draft or
    /// returned.
    pub async fn save_mission(
        &self,
        actor: &Actor,
        code: &str,
        id: Option<(MissionId, i32)>,
        draft: &MissionDraft,
    ) -> Result<Mission, AppError> {
        let programme = self.finance_programme(actor, Permission::ManageFinance, code).await?;
        let mut errors = FieldErrors::default();
        let parts = self.read_mission(&programme, draft, &mut errors);
        let lines = self.store.budget_lines(programme.id).await?;
        let budget_line = match draft.budget_line.trim() {
            "" => None,
            raw => {
                let found = lines.iter().find(|l| l.code == raw).map(|l| l.id);
                if found.is_none() {
                    errors.add("budget_line", "error-budget-line");
                }
                found
            }
        };
        // Only member cities: the form offers them, a typed code may name another.
        if let Some(parts) = &parts {
            let members = self.store.list_cities().await?;
            if !parts.cities.iter().all(|c| members.iter().any(|m| m.code == *c)) {
                errors.add("cities", "error-city");
            }
        }
        if let Some(activity) = parts.as_ref().and_then(|p| p.plan_activity) {
            let activities = self.store.plan_activities(programme.id).await?;
            if !activities.iter().any(|a| a.id == activity) {
                errors.add("plan_activity", "error-plan-activity");
            }
        }
        let traveller = input::check(&draft.traveller, TextKind::Name, "traveller", &mut errors);
        let purpose = input::check(&draft.purpose, TextKind::Comment, "purpose", &mut errors);
        let (Some(parts), true) = (parts, errors.is_empty()) else {
            return Err(AppError::Validation(errors));
        };
        let before = match id {
            Some((id, version)) => {
                let stored = self.store.mission(id).await?;
                if !stored.status.editable() {
                    return Err(AppError::field("status", "error-mission-not-editable"));
                }
                if stored.version != version {
                    return Err(AppError::Conflict);
                }
                Some(stored)
            }
            None => None,
        };
        let txn = self.store.begin_write().await?;
        let (id, number, version, status) = match &before {
            Some(stored) => (stored.id, stored.number.clone(), stored.version + 1, MissionStatus::Draft),
            None => {
                let prefix = format!("MIS-{:04}", parts.departs.year());
                let number = format!("{prefix}-{:03}", txn.next_mission_number(&prefix).await?);
                (MissionId::new(), number, 1, MissionStatus::Draft)
            }
        };
        let mission = Mission {
            id,
            programme: parts.programme,
            number,
            traveller,
            purpose,
            cities: parts.cities,
            departs: parts.departs,
            returns: parts.returns,
            plan_activity: parts.plan_activity,
            budget_line,
            transport: parts.transport,
            status,
            review_comment: before.as_ref().map(|b| b.review_comment.clone()).unwrap_or_default(),
            reviewed_by: String::new(),
            entered_by: actor_name(actor),
            report: None,
            version,
        };
        mission.check().map_err(AppError::Validation)?;
        txn.save_mission(&mission).await?;
        self.record_mission(
            &txn,
            actor,
            if before.is_none() { "mission.created" } else { "mission.updated" },
            before.as_ref(),
            &mission,
        )
        .await?;
        txn.commit().await?;
        Ok(mission)
    }

    async fn record_mission(
        &self,
        txn: &mekong_store::WriteTxn,
        actor: &Actor,
        action: &str,
        before: Option<&Mission>,
        after: &Mission,
    ) -> Result<(), AppError> {
        let change = Change {
            action,
            entity_type: "mission",
            entity_id: after.id.to_string(),
            before: before.and_then(|b| serde_json::to_value(b).ok()),
            after: serde_json::to_value(after).ok(),
        };
        self.record(txn, audit_actor(actor), change).await.map(|_| ())
    }

    /// Moves a mission from one status to the next, as the step allows.
    async fn move_mission(
        &self,
        actor: &Actor,
        (id, version): (MissionId, i32),
        step: Step<'_>,
        change: impl FnOnce(&mut Mission) -> Result<(), AppError>,
    ) -> Result<Mission, AppError> {
        let Step { permission, from, action } = step;
        let before = self.store.mission(id).await?;
        self.finance_programme_by_id(actor, permission, before.programme).await?;
        if !from.contains(&before.status) {
            return Err(AppError::field("status", "error-mission-status"));
        }
        if before.version != version {
            return Err(AppError::Conflict);
        }
        let mut after = before.clone();
        change(&mut after)?;
        after.version += 1;
        let txn = self.store.begin_write().await?;
        txn.save_mission(&after).await?;
        self.record_mission(&txn, actor, action, Some(&before), &after).await?;
        if after.status == MissionStatus::Reported {
            self.add_mission_to_plan(&txn, &after).await?;
        }
        txn.commit().await?;
        Ok(after)
    }

    /// Sends a mission order to the secretariat.
    pub async fn submit_mission(&self, actor: &Actor, id: MissionId, version: i32) -> Result<Mission, AppError> {
        let change = |m: &mut Mission| {
            m.status = MissionStatus::Submitted;
            Ok(())
        };
        let from = [MissionStatus::Draft, MissionStatus::Returned];
        self.move_mission(
            actor,
            (id, version),
            Step { permission: Permission::ManageFinance, from: &from, action: "mission.submitted" },
            change,
        )
        .await
    }

    /// Approves a submitted mission; only before its departure.
    pub async fn approve_mission(&self, actor: &Actor, id: MissionId, version: i32) -> Result<Mission, AppError> {
        let today = self.today();
        let by = actor_name(actor);
        let change = |m: &mut Mission| {
            if m.departs < today {
                return Err(AppError::field("status", "error-mission-departed"));
            }
            m.status = MissionStatus::Approved;
            m.reviewed_by = by;
            m.review_comment.clear();
            Ok(())
        };
        self.move_mission(
            actor,
            (id, version),
            Step {
                permission: Permission::ApproveFinance,
                from: &[MissionStatus::Submitted],
                action: "mission.approved",
            },
            change,
        )
        .await
    }

    /// Returns a submitted mission with a comment.
    pub async fn return_mission(
        &self,
        actor: &Actor,
        id: MissionId,
        version: i32,
        comment: &str,
    ) -> Result<Mission, AppError> {
        if comment.trim().is_empty() {
            return Err(AppError::field("comment", "error-required"));
        }
        let by = actor_name(actor);
        let change = |m: &mut Mission| {
            m.status = MissionStatus::Returned;
            m.review_comment = comment.trim().to_owned();
            m.reviewed_by = by;
            Ok(())
        };
        self.move_mission(
            actor,
            (id, version),
            Step {
                permission: Permission::ApproveFinance,
                from: &[MissionStatus::Submitted],
                action: "mission.returned",
            },
            change,
        )
        .await
    }

    /// Records the report of an approved mission, once it has begun.
    pub async fn report_mission(
        &self,
        actor: &Actor,
        id: MissionId,
        version: i32,
        draft: &MissionReportDraft,
    ) -> Result<Mission, AppError> {
        let mut errors = FieldErrors::default();
        let done = input::check(&draft.done, TextKind::Body, "done", &mut errors);
        if done.is_empty() && errors.for_field("done").is_none() {
            errors.add("done", "error-required");
        }
        let follow_ups = input::check(&draft.follow_ups, TextKind::Body, "follow_ups", &mut errors);
        let mut people_met = Vec::new();
        for raw in draft.people_met.iter().filter(|p| !p.trim().is_empty()) {
            match uuid::Uuid::parse_str(raw.trim()).map(PersonId) {
                Ok(person) if self.store.person(person).await.is_ok() => people_met.push(person),
                _ => errors.add("people_met", "error-person"),
            }
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let today = self.today();
        let (by, at) = (actor_name(actor), self.clock.now());
        let change = |m: &mut Mission| {
            if m.departs > today {
                return Err(AppError::field("done", "error-mission-not-begun"));
            }
            m.status = MissionStatus::Reported;
            m.report = Some(MissionReport { done, people_met, follow_ups, written_by: by, written_at: at });
            Ok(())
        };
        self.move_mission(
            actor,
            (id, version),
            Step {
                permission: Permission::ManageFinance,
                from: &[MissionStatus::Approved],
                action: "mission.reported",
            },
            change,
        )
        .await
    }

    /// A reported mission adds a line to its plan activity's progress notes.
    async fn add_mission_to_plan(&self, txn: &mekong_store::WriteTxn, mission: &Mission) -> Result<(), AppError> {
        let Some(activity_id) = mission.plan_activity else { return Ok(()) };
        let activities = self.store.plan_activities(mission.programme).await?;
        let Some(mut activity) = activities.into_iter().find(|a| a.id == activity_id) else { return Ok(()) };
        let cities = mission.cities.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
        let line =
            format!("{} ({} – {}, {cities}): {}", mission.number, mission.departs, mission.returns, mission.purpose);
        activity.progress_notes = if activity.progress_notes.trim().is_empty() {
            line
        } else {
            format!("{}\n{line}", activity.progress_notes)
        };
        activity.version += 1;
        Ok(txn.save_plan_activity(&activity).await?)
    }

    /// Enters an actual cost of a mission as an expense, linked to it.
    pub async fn record_mission_cost(
        &self,
        actor: &Actor,
        id: MissionId,
        draft: &ExpenseDraft,
    ) -> Result<Expense, AppError> {
        let mission = self.store.mission(id).await?;
        let programme = self.finance_programme_by_id(actor, Permission::ManageFinance, mission.programme).await?;
        if !matches!(mission.status, MissionStatus::Approved | MissionStatus::Reported) {
            return Err(AppError::field("amount", "error-mission-status"));
        }
        let mut draft = draft.clone();
        if draft.plan_activity.trim().is_empty() {
            draft.plan_activity = mission.plan_activity.map(|a| a.to_string()).unwrap_or_default();
        }
        self.enter_expense_from(actor, &programme, &draft, Origin::Mission(mission.id)).await
    }
}

/// A move of a mission's status: who may make it, from which statuses, and its trail action.
struct Step<'a> {
    permission: Permission,
    from: &'a [MissionStatus],
    action: &'a str,
}

struct MissionParts {
    departs: jiff::civil::Date,
    returns: jiff::civil::Date,
    cities: Vec<CityCode>,
    transport: Money,
    plan_activity: Option<ActivityId>,
    programme: mekong_core::ids::ProgrammeId,
}

fn may_see(actor: &Actor, mission: &Mission) -> bool {
    policy::authorise(actor, Permission::ViewMissions, &Target::Programme(mission.programme)).is_ok()
        || policy::authorise(actor, Permission::ViewMissions, &Target::Record(mission.cities.clone())).is_ok()
}
