//! The decision: the managers record the selected candidate and a reserve list (among the
//! shortlisted) with their reasons, once; every application takes its final status, every
//! applicant is told in their own language, and the decision's instant is kept for the
//! retention of personal data. The evaluation report (PDF) gathers the whole procedure.

use super::interviews::{interviewed, zone};
use crate::audit::{Change, audit_actor};
use crate::mail::Letter;
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::Lang;
use mekong_core::ids::{ApplicationId, CallId};
use mekong_core::recruitment::{
    Application, ApplicationStatus, Call, Declaration, Standing, unambiguous, weighted_score,
};
use mekong_core::recruitment_procedure::{DecisionDraft, InterviewScore, Procedure, decision_status};
use mekong_i18n::Arg;
use mekong_pdf::{EvaluationReport, ReportSection};

/// What the managers see to decide.
#[derive(Debug, Clone)]
pub struct DecisionView {
    pub call: Call,
    pub procedure: Procedure,
    /// The shortlisted (and, once decided, those decided on) with their file standing and
    /// interview mean (hundredths).
    pub candidates: Vec<(Application, Standing, Option<u64>)>,
}

/// The mean weighted interview score of one application, in hundredths.
fn interview_mean(call: &Call, scores: &[InterviewScore], application: ApplicationId) -> Option<u64> {
    let weighted: Vec<u64> = scores
        .iter()
        .filter(|s| s.application == application)
        .filter_map(|s| weighted_score(&s.scores, &call.award))
        .collect();
    let count = u64::try_from(weighted.len()).ok().filter(|c| *c > 0)?;
    Some((weighted.iter().sum::<u64>() + count / 2) / count)
}

fn hundredths(value: Option<u64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{}.{:02}", v / 100, v % 100))
}

impl App {
    /// The decision page: its managers only.
    pub async fn decision_view(&self, actor: &Actor, call: CallId) -> Result<DecisionView, AppError> {
        let (found, ranked) = self.call_ranking(actor, call).await?;
        let procedure = self.store.procedure(call).await?;
        let scores = self.store.interview_scores(call).await?;
        let candidates = ranked
            .into_iter()
            .filter(|(a, _)| interviewed(a.status))
            .map(|(a, s)| {
                let mean = interview_mean(&found, &scores, a.id);
                (a, s, mean)
            })
            .collect();
        Ok(DecisionView { call: found, procedure, candidates })
    }

    /// Records the decision, once, and tells every applicant.
    pub async fn decide(&self, actor: &Actor, call: CallId, draft: &DecisionDraft) -> Result<(), AppError> {
        policy::authorise(actor, Permission::ManageCall, &Target::Call(call))?;
        let found = self.store.call(call).await?;
        let applications = self.store.applications(call).await?;
        let shortlisted: Vec<ApplicationId> =
            applications.iter().filter(|a| a.status == ApplicationStatus::Shortlisted).map(|a| a.id).collect();
        let decision = draft.read(&shortlisted, self.clock.now()).map_err(AppError::Validation)?;
        let txn = self.store.begin_write().await?;
        let before = txn.procedure(call).await?;
        if before.shortlist.is_none() {
            return Err(AppError::field("selected", "error-stage-two-no-shortlist"));
        }
        if before.decision.is_some() {
            return Err(AppError::field("selected", "error-decision-recorded"));
        }
        let erased = txn.erased_applications(call).await?;
        for application in &applications {
            let status = decision_status(application.status, application.id, &decision);
            let decided = Application { status, version: application.version + 1, ..application.clone() };
            if status != application.status {
                txn.save_application(&decided, None).await?;
            }
            // An applicant whose data was erased (on their request) has no address left to write to.
            if !erased.contains(&application.id) {
                self.queue_decision_letter(&txn, &found, &decided).await?;
            }
        }
        // The retention of the applicants' personal data runs from this instant.
        txn.mark_call_decided(call, decision.decided_at).await?;
        let procedure = Procedure { decision: Some(decision), version: before.version + 1, ..before.clone() };
        txn.save_procedure(&procedure).await?;
        let change = Change {
            action: "call.decided",
            entity_type: "call",
            entity_id: call.to_string(),
            before: serde_json::to_value(&before).ok(),
            after: serde_json::to_value(&procedure).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(())
    }

    /// The letter telling one applicant the outcome, in their language.
    async fn queue_decision_letter(
        &self,
        txn: &mekong_store::WriteTxn,
        call: &Call,
        application: &Application,
    ) -> Result<(), AppError> {
        let body = match application.status {
            ApplicationStatus::Selected => "email-decision-selected",
            ApplicationStatus::Reserve => "email-decision-reserve",
            ApplicationStatus::NotSelected => "email-decision-not-selected",
            ApplicationStatus::Withdrawn => "email-decision-withdrawn",
            ApplicationStatus::Received | ApplicationStatus::Shortlisted | ApplicationStatus::NotShortlisted => {
                "email-decision-not-shortlisted"
            }
        };
        let paragraphs = ["email-greeting", body, "email-decision-closing"];
        let letter = Letter {
            subject: "email-decision-subject",
            paragraphs: &paragraphs,
            args: vec![
                ("name", Arg::from(application.name.as_str())),
                ("receipt", Arg::from(application.receipt.as_str())),
                ("call", Arg::from(call.title.get(application.language))),
            ],
            link: None,
            attachment: None,
        };
        self.queue_email(txn, &application.email, &application.name, application.language, letter).await?;
        Ok(())
    }

    /// The evaluation report as a PDF in `lang`: its managers only.
    pub async fn evaluation_report(&self, actor: &Actor, call: CallId, lang: Lang) -> Result<Vec<u8>, AppError> {
        let (found, ranked) = self.call_ranking(actor, call).await?;
        let procedure = self.store.procedure(call).await?;
        let committee = self.committee_members(call).await?;
        let evaluations = self.store.evaluations(call).await?;
        let interview_scores = self.store.interview_scores(call).await?;
        let slots = self.store.interview_slots(call).await?;
        let t = |key: &str| self.i18n.message(lang, key);
        let receipt = |id: ApplicationId| {
            ranked
                .iter()
                .find(|(a, _)| a.id == id)
                .map(|(a, _)| format!("{} {}", a.receipt, a.name))
                .unwrap_or_default()
        };
        let member = |id: mekong_core::ids::UserId| {
            committee.iter().find(|m| m.user.id == id).map(|m| m.user.display_name.clone()).unwrap_or_default()
        };
        let in_zone = |at: jiff::Timestamp| unambiguous(&at.to_zoned_datetime(zone(&found)));
        let section = |heading: &str, paragraphs: Vec<String>, columns: Vec<String>, rows: Vec<Vec<String>>| {
            ReportSection { heading: t(heading), paragraphs, columns, rows }
        };
        let mut sections = vec![
            section(
                "report-call-section",
                vec![
                    format!("{}: {}", t("call-field-place"), found.place),
                    format!("{}: {}", t("call-field-contract"), found.contract),
                    format!(
                        "{}: {}",
                        t("call-field-deadline"),
                        unambiguous(&found.deadline.in_zone(&found.deadline.time_zone))
                    ),
                ],
                vec![t("call-field-award"), t("call-weight")],
                found.award.iter().map(|c| vec![c.label.clone(), c.weight.to_string()]).collect(),
            ),
            section(
                "report-committee-section",
                Vec::new(),
                vec![t("field-name"), t("field-role")],
                committee
                    .iter()
                    .map(|m| vec![m.user.display_name.clone(), t(&format!("role-{}", m.role.code().replace('_', "-")))])
                    .collect(),
            ),
            section(
                "report-declarations-section",
                Vec::new(),
                vec![t("application-receipt"), t("report-evaluator"), t("evaluation-declare")],
                evaluations
                    .iter()
                    .map(|e| {
                        let declared = match e.declaration {
                            Declaration::NoConflict => t("evaluation-no-conflict"),
                            Declaration::Conflict => t("evaluation-conflict"),
                        };
                        vec![receipt(e.application), member(e.evaluator), declared]
                    })
                    .collect(),
            ),
            section(
                "call-ranking",
                Vec::new(),
                vec![
                    "#".into(),
                    t("application-receipt"),
                    t("evaluation-mean"),
                    t("evaluation-count"),
                    t("field-status"),
                ],
                ranked
                    .iter()
                    .enumerate()
                    .map(|(i, (a, s))| {
                        let status = t(&format!("application-status-{}", a.status.code().replace('_', "-")));
                        vec![(i + 1).to_string(), receipt(a.id), hundredths(s.mean), s.submitted.to_string(), status]
                    })
                    .collect(),
            ),
        ];
        if let Some(shortlist) = &procedure.shortlist {
            sections.push(section(
                "shortlist-title",
                vec![
                    format!("{}: {}", t("shortlist-justification"), shortlist.justification),
                    format!("{}: {}", t("report-decided-at"), in_zone(shortlist.decided_at)),
                ],
                vec![t("application-receipt")],
                shortlist.shortlisted.iter().map(|id| vec![receipt(*id)]).collect(),
            ));
        }
        sections.push(section(
            "interviews-title",
            Vec::new(),
            vec![t("application-receipt"), t("interview-slot"), t("evaluation-mean"), t("evaluation-count")],
            ranked
                .iter()
                .filter(|(a, _)| interviewed(a.status))
                .map(|(a, _)| {
                    let slot = slots.iter().find(|s| s.booked_by == Some(a.id)).map(|s| in_zone(s.starts));
                    let count = interview_scores.iter().filter(|s| s.application == a.id).count();
                    vec![
                        receipt(a.id),
                        slot.unwrap_or_default(),
                        hundredths(interview_mean(&found, &interview_scores, a.id)),
                        count.to_string(),
                    ]
                })
                .collect(),
        ));
        if let Some(decision) = &procedure.decision {
            let reserve: Vec<String> = decision.reserve.iter().map(|id| receipt(*id)).collect();
            sections.push(section(
                "decision-title",
                vec![
                    format!("{}: {}", t("decision-selected"), receipt(decision.selected)),
                    format!("{}: {}", t("decision-reserve"), reserve.join("; ")),
                    format!("{}: {}", t("decision-reasons"), decision.reasons),
                    format!("{}: {}", t("report-decided-at"), in_zone(decision.decided_at)),
                ],
                Vec::new(),
                Vec::new(),
            ));
        }
        let report = EvaluationReport {
            title: t("report-evaluation-title"),
            subtitle: format!("{} ({})", found.title.get(lang), found.code),
            sections,
            generated: format!(
                "{} {}",
                t("attendance-generated"),
                mekong_i18n::format_instant(lang, self.clock.now(), &found.deadline.time_zone)
            ),
        };
        tokio::task::spawn_blocking(move || mekong_pdf::render_pdf(mekong_pdf::Template::EvaluationReport, &report))
            .await
            .map_err(|e| AppError::Internal(format!("rendering task: {e}")))?
            .map_err(|e| AppError::Internal(format!("evaluation report: {e}")))
    }
}
