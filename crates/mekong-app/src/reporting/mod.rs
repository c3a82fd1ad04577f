//! The reporting area's use cases: the coordinator's narrative of a period (pre-filled from the
//! plan), the secretariat's sign-off, the programme's report settings, snapshots of a locked
//! period, and the documents and figure pages made from a snapshot.

mod documents;
mod snapshot;

pub use documents::ReportFile;

use crate::audit::{Change, audit_actor};
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::Lang;
use mekong_core::ids::PeriodId;
use mekong_core::input::{TextKind, check};
use mekong_core::reporting::{
    FundingStatement, Narrative, NarrativeDraft, NarrativeStatus, ReportSettings, ReportStage, SectionText, SignOff,
    Snapshot, snapshot_hash,
};
use mekong_core::results::{Level, Period, Programme};
use mekong_core::validation::FieldErrors;
use mekong_store::reporting::{SnapshotEntry, StoredSnapshot};
use std::collections::BTreeMap;

/// A period on the programme's Reports page.
#[derive(Debug, Clone)]
pub struct PeriodReports {
    pub period: Period,
    pub narrative: Option<Narrative>,
    /// Newest first.
    pub snapshots: Vec<SnapshotEntry>,
}

/// The Reports page of a programme.
#[derive(Debug, Clone)]
pub struct ReportsView {
    pub programme: Programme,
    pub settings: ReportSettings,
    pub periods: Vec<PeriodReports>,
}

/// An entry of the logframe the narrative speaks about, with what the plan already says.
#[derive(Debug, Clone)]
pub struct NarrativeEntry {
    pub code: String,
    pub level: Level,
    pub title: String,
    /// The narrative's text, or the plan's progress notes and justifications until written.
    pub text: SectionText,
}

/// The narrative form of a period.
#[derive(Debug, Clone)]
pub struct NarrativeView {
    pub programme: Programme,
    pub period: Period,
    /// The saved narrative; none until first saved.
    pub narrative: Option<Narrative>,
    pub entries: Vec<NarrativeEntry>,
}

/// A snapshot read back, its hash checked.
#[derive(Debug, Clone)]
pub struct SnapshotView {
    pub snapshot: Snapshot,
    pub sha256: String,
    pub taken_at: jiff::Timestamp,
}

/// The report settings as typed in their form.
#[derive(Debug, Clone, Default)]
pub struct ReportSettingsDraft {
    pub beneficiary: String,
    pub contact: String,
    pub partners: String,
    pub statement: String,
    pub disclaimer_fr: String,
    pub disclaimer_en: String,
}

impl App {
    /// The programme of `code`, once `actor` is allowed `permission` on its reports.
    async fn reporting_programme(
        &self,
        actor: &Actor,
        permission: Permission,
        code: &str,
    ) -> Result<Programme, AppError> {
        let programme = self.store.programme_by_code(code).await?;
        policy::authorise(actor, permission, &Target::Programme(programme.id))?;
        Ok(programme)
    }

    async fn report_period(&self, programme: &Programme, period: &str) -> Result<Period, AppError> {
        let periods = self.store.periods(programme.id).await?;
        periods.into_iter().find(|p| p.code == period).ok_or(AppError::NotFound)
    }

    async fn report_settings_of(&self, programme: &Programme) -> Result<ReportSettings, AppError> {
        Ok(self.store.report_settings(programme.id).await?.unwrap_or_else(|| ReportSettings::default_for(programme.id)))
    }

    /// The programmes whose reports `actor` may read.
    pub async fn reporting_programmes(&self, actor: &Actor) -> Result<Vec<Programme>, AppError> {
        policy::authorise(actor, Permission::ViewReports, &Target::Nothing)?;
        let programmes = self.store.programmes().await?;
        Ok(programmes
            .into_iter()
            .filter(|p| policy::authorise(actor, Permission::ViewReports, &Target::Programme(p.id)).is_ok())
            .collect())
    }

    /// Each period of a programme with its narrative and snapshots.
    pub async fn reports(&self, actor: &Actor, code: &str) -> Result<ReportsView, AppError> {
        let programme = self.reporting_programme(actor, Permission::ViewReports, code).await?;
        let settings = self.report_settings_of(&programme).await?;
        let mut narratives: BTreeMap<PeriodId, Narrative> =
            self.store.narratives(programme.id).await?.into_iter().map(|n| (n.period, n)).collect();
        let mut snapshots: BTreeMap<PeriodId, Vec<SnapshotEntry>> = BTreeMap::new();
        for snapshot in self.store.snapshots(programme.id).await? {
            snapshots.entry(snapshot.period).or_default().push(snapshot);
        }
        let periods = self
            .store
            .periods(programme.id)
            .await?
            .into_iter()
            .map(|period| PeriodReports {
                narrative: narratives.remove(&period.id),
                snapshots: snapshots.remove(&period.id).unwrap_or_default(),
                period,
            })
            .collect();
        Ok(ReportsView { programme, settings, periods })
    }

    /// The narrative of a period, with the logframe's entries it speaks about.
    pub async fn narrative(&self, actor: &Actor, code: &str, period: &str) -> Result<NarrativeView, AppError> {
        let programme = self.reporting_programme(actor, Permission::ViewReports, code).await?;
        let period = self.report_period(&programme, period).await?;
        let narrative = self.store.narrative(period.id).await?;
        let entries = self.narrative_entries(&programme, &period, narrative.as_ref()).await?;
        Ok(NarrativeView { programme, period, narrative, entries })
    }

    /// The outcomes, outputs and activities of the logframe, each with its text: the
    /// narrative's, or what the plan's activities of the period say (progress notes as what was
    /// done, justifications as deviations) until the coordinator writes it.
    async fn narrative_entries(
        &self,
        programme: &Programme,
        period: &Period,
        narrative: Option<&Narrative>,
    ) -> Result<Vec<NarrativeEntry>, AppError> {
        let (nodes, _) = self.store.logframe(programme.id).await?;
        let activities = self.store.plan_activities(programme.id).await?;
        let lang = narrative.map_or(Lang::Fr, |n| n.language);
        Ok(nodes
            .iter()
            .filter(|node| node.level != Level::Impact)
            .map(|node| {
                let text = match narrative.and_then(|n| n.sections.get(&node.code)) {
                    Some(text) => text.clone(),
                    None if narrative.is_some() => SectionText::default(),
                    None => {
                        let of_period: Vec<_> = activities
                            .iter()
                            .filter(|a| a.node == Some(node.id) && a.starts <= period.ends && a.ends >= period.starts)
                            .collect();
                        let join = |part: &dyn Fn(&mekong_core::results::PlanActivity) -> &str| {
                            of_period
                                .iter()
                                .map(|a| part(a).trim())
                                .filter(|t| !t.is_empty())
                                .collect::<Vec<_>>()
                                .join("\n")
                        };
                        SectionText {
                            done: join(&|a| a.progress_notes.as_str()),
                            deviations: join(&|a| a.justification.as_str()),
                            next_steps: String::new(),
                        }
                    }
                };
                NarrativeEntry {
                    code: node.code.clone(),
                    level: node.level,
                    title: node.title.get(lang).to_owned(),
                    text,
                }
            })
            .collect())
    }

    /// Saves the narrative of a period from `version` (0: never saved). A narrative the
    /// secretariat signed off is not changed until it is reopened.
    pub async fn save_narrative(
        &self,
        actor: &Actor,
        code: &str,
        period: &str,
        version: i32,
        draft: &NarrativeDraft,
    ) -> Result<Narrative, AppError> {
        let programme = self.reporting_programme(actor, Permission::WriteReports, code).await?;
        let period = self.report_period(&programme, period).await?;
        let before = self.store.narrative(period.id).await?;
        if before.as_ref().map_or(0, |n| n.version) != version {
            return Err(AppError::Conflict);
        }
        if before.as_ref().is_some_and(|n| n.signed_off.is_some()) {
            return Err(AppError::field("status", "error-narrative-signed-off"));
        }
        let (nodes, _) = self.store.logframe(programme.id).await?;
        let codes: Vec<String> = nodes.iter().filter(|n| n.level != Level::Impact).map(|n| n.code.clone()).collect();
        let narrative = draft.parse(&codes, programme.id, period.id, version + 1).map_err(AppError::Validation)?;
        let txn = self.store.begin_write().await?;
        txn.save_narrative(&narrative).await?;
        let change = Change {
            action: if version == 0 { "narrative.created" } else { "narrative.updated" },
            entity_type: "period",
            entity_id: period.id.to_string(),
            before: before.as_ref().and_then(|b| serde_json::to_value(b).ok()),
            after: serde_json::to_value(&narrative).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(narrative)
    }

    /// The secretariat signs a final narrative off (`sign`), or reopens a signed one so that
    /// the coordinator can change it; either is recorded with its comment.
    pub async fn sign_off_narrative(
        &self,
        actor: &Actor,
        code: &str,
        period: &str,
        version: i32,
        sign: bool,
        comment: &str,
    ) -> Result<Narrative, AppError> {
        let programme = self.reporting_programme(actor, Permission::SignOffReports, code).await?;
        let period = self.report_period(&programme, period).await?;
        let before = self.store.narrative(period.id).await?.ok_or(AppError::NotFound)?;
        if before.version != version {
            return Err(AppError::Conflict);
        }
        let mut errors = FieldErrors::default();
        let comment = check(comment, TextKind::Comment, "comment", &mut errors);
        if sign && before.status != NarrativeStatus::Final {
            errors.add("comment", "error-narrative-not-final");
        }
        if !sign && comment.trim().is_empty() {
            errors.add("comment", "error-required");
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let mut narrative = before.clone();
        narrative.version += 1;
        if sign {
            let user = actor.user.as_ref().ok_or(AppError::Forbidden)?;
            narrative.signed_off =
                Some(SignOff { user: user.id, name: user.display_name.clone(), at: self.now(), comment });
        } else {
            narrative.signed_off = None;
            narrative.status = NarrativeStatus::Draft;
        }
        let txn = self.store.begin_write().await?;
        txn.save_narrative(&narrative).await?;
        let change = Change {
            action: if sign { "narrative.signed_off" } else { "narrative.reopened" },
            entity_type: "period",
            entity_id: period.id.to_string(),
            before: serde_json::to_value(&before).ok(),
            after: serde_json::to_value(&narrative).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(narrative)
    }

    /// Saves the programme's report settings from `version` (0: never saved).
    pub async fn save_report_settings(
        &self,
        actor: &Actor,
        code: &str,
        version: i32,
        draft: &ReportSettingsDraft,
    ) -> Result<ReportSettings, AppError> {
        let programme = self.reporting_programme(actor, Permission::WriteReports, code).await?;
        let before = self.report_settings_of(&programme).await?;
        if before.version != version {
            return Err(AppError::Conflict);
        }
        let mut errors = FieldErrors::default();
        let beneficiary = check(&draft.beneficiary, TextKind::Name, "beneficiary", &mut errors);
        if beneficiary.trim().is_empty() {
            errors.add("beneficiary", "error-required");
        }
        let contact = check(&draft.contact, TextKind::Comment, "contact", &mut errors);
        let partners = check(&draft.partners, TextKind::Comment, "partners", &mut errors);
        let statement = FundingStatement::parse(&draft.statement).unwrap_or_else(|| {
            errors.add("statement", "error-choice");
            FundingStatement::Funded
        });
        let mut disclaimer = BTreeMap::new();
        for (lang, raw, field) in
            [(Lang::Fr, &draft.disclaimer_fr, "disclaimer_fr"), (Lang::En, &draft.disclaimer_en, "disclaimer_en")]
        {
            let text = check(raw, TextKind::Comment, field, &mut errors);
            if text.trim().is_empty() {
                errors.add(field, "error-required");
            }
            disclaimer.insert(lang, text);
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let settings = ReportSettings {
            programme: programme.id,
            beneficiary,
            contact,
            partners,
            statement,
            disclaimer,
            version: version + 1,
        };
        let txn = self.store.begin_write().await?;
        txn.save_report_settings(&settings).await?;
        let change = Change {
            action: "report_settings.updated",
            entity_type: "programme",
            entity_id: programme.code.clone(),
            before: serde_json::to_value(&before).ok(),
            after: serde_json::to_value(&settings).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(settings)
    }

    /// Freezes a locked period's reports: every figure with the records behind it, as they
    /// stand now, stored with its SHA-256. Returns the new snapshot's id.
    pub async fn take_snapshot(&self, actor: &Actor, code: &str, period: &str) -> Result<uuid::Uuid, AppError> {
        let programme = self.reporting_programme(actor, Permission::WriteReports, code).await?;
        let period = self.report_period(&programme, period).await?;
        if !period.locked {
            return Err(AppError::field("period", "error-period-not-locked"));
        }
        let narrative = self.store.narrative(period.id).await?;
        let settings = self.report_settings_of(&programme).await?;
        let id = uuid::Uuid::now_v7();
        let taken_at = self.now();
        let taken_by = crate::finance::actor_name(actor);
        let snapshot = self
            .build_snapshot(
                actor,
                snapshot::Frozen {
                    id,
                    programme: &programme,
                    period: &period,
                    narrative: narrative.as_ref(),
                    settings: &settings,
                    taken_at,
                    taken_by: &taken_by,
                },
            )
            .await?;
        let document = snapshot.to_json().map_err(|e| AppError::Internal(format!("snapshot: {e}")))?;
        let stored = StoredSnapshot {
            id,
            programme: programme.id,
            period: period.id,
            taken_at,
            sha256: snapshot_hash(&document),
            document,
        };
        let txn = self.store.begin_write().await?;
        txn.add_snapshot(&stored).await?;
        let change = Change {
            action: "snapshot.taken",
            entity_type: "period",
            entity_id: period.id.to_string(),
            before: None,
            after: Some(serde_json::json!({ "snapshot": id, "sha256": stored.sha256 })),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(id)
    }

    /// A snapshot, once its stored text is checked against its hash: a snapshot altered in the
    /// database is refused rather than printed.
    pub async fn snapshot(&self, actor: &Actor, id: uuid::Uuid) -> Result<SnapshotView, AppError> {
        let stored = self.store.snapshot(id).await?;
        policy::authorise(actor, Permission::ViewReports, &Target::Programme(stored.programme))?;
        if snapshot_hash(&stored.document) != stored.sha256 {
            return Err(AppError::Internal(format!("snapshot {id} does not match its hash")));
        }
        let snapshot: Snapshot = serde_json::from_str(&stored.document)
            .map_err(|e| AppError::Internal(format!("snapshot {id} does not read: {e}")))?;
        Ok(SnapshotView { snapshot, sha256: stored.sha256, taken_at: stored.taken_at })
    }

    /// The latest snapshot of a period, for the command line's reports.
    pub async fn latest_snapshot(&self, actor: &Actor, code: &str, period: &str) -> Result<uuid::Uuid, AppError> {
        let programme = self.reporting_programme(actor, Permission::ViewReports, code).await?;
        let period = self.report_period(&programme, period).await?;
        let snapshots = self.store.snapshots(programme.id).await?;
        snapshots.into_iter().find(|s| s.period == period.id).map(|s| s.id).ok_or(AppError::NotFound)
    }
}

/// The stage a new narrative starts at: the final report once the period reaches the
/// programme's end.
pub fn default_stage(programme: &Programme, period: &Period) -> ReportStage {
    if period.ends >= programme.ends { ReportStage::Final } else { ReportStage::Interim }
}
