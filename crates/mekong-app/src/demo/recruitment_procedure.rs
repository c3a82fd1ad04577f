//! The demo call after its ranking: the shortlist decided (two candidates in, two out), the
//! second stage requested until 5 December 2025 23:59:59 in Phnom Penh, the first candidate's
//! certified diplomas and medical certificate received and checked, her interview booked and
//! scored by the demo evaluator, a second slot still free. The decision is left to the managers.

use super::demo_actor;
use super::recruitment::{DEMO_APPLICATION, demo_pdf, uuid};
use crate::audit::Change;
use crate::recruitment::check_upload;
use crate::{App, AppError};
use mekong_core::identity::Email;
use mekong_core::ids::{ApplicationDocumentId, ApplicationId, CallId, EvaluationId, InterviewId};
use mekong_core::recruitment::{ApplicationDocument, Call, DocumentKind};
use mekong_core::recruitment_procedure::{
    InterviewScore, Procedure, Shortlist, SlotDraft, StageTwoCheck, StageTwoDraft,
};

/// The second shortlisted candidate, who has sent nothing yet.
const SECOND_SHORTLISTED: &str = "0195d8a0-0000-7000-8000-0000000000a2";
/// The first candidate's second-stage documents.
const STAGE_TWO_DOCUMENTS: [(DocumentKind, &str); 2] = [
    (DocumentKind::CertifiedDiplomas, "0195d8a0-0000-7000-8000-0000000000d9"),
    (DocumentKind::MedicalCertificate, "0195d8a0-0000-7000-8000-0000000000da"),
];

impl App {
    pub(super) async fn load_demo_procedure(&self, call: &Call) -> Result<(), AppError> {
        let first = ApplicationId(uuid(DEMO_APPLICATION)?);
        let shortlisted_at = call.deadline.instant + jiff::SignedDuration::from_hours(72);
        let stage_two = StageTwoDraft { date: "2025-12-05".into(), time: "23:59:59".into() }
            .read(call)
            .map_err(AppError::Validation)?;
        let procedure = Procedure {
            call: call.id,
            shortlist: Some(Shortlist {
                shortlisted: vec![first, ApplicationId(uuid(SECOND_SHORTLISTED)?)],
                justification:
                    "Les deux dossiers les mieux classés, éligibles et sans écart important entre évaluateurs.".into(),
                decided_at: shortlisted_at,
            }),
            stage_two: Some(stage_two),
            decision: None,
            version: 1,
        };
        let txn = self.store.begin_write().await?;
        txn.save_procedure(&procedure).await?;
        self.record(&txn, demo_actor(), procedure_change(call.id, &procedure)).await?;
        let received = shortlisted_at + jiff::SignedDuration::from_hours(24);
        for (kind, id) in STAGE_TWO_DOCUMENTS {
            let id = ApplicationDocumentId(uuid(id)?);
            let upload = check_upload("document", &format!("{}.pdf", kind.code()), demo_pdf(kind.code()))?;
            let key_id = self.seal_document(id, &upload.bytes).await?;
            let document = ApplicationDocument {
                id,
                application: first,
                kind,
                name: upload.name.clone(),
                content_type: upload.content_type.to_owned(),
                size: i64::try_from(upload.bytes.len()).unwrap_or_default(),
                key_id,
                uploaded_at: received,
            };
            txn.insert_application_document(&document).await?;
        }
        let manager = self.store.find_credentials(&Email::parse("focal.phnompenh@mekong.example")?).await?;
        if let Some(manager) = manager {
            let check = StageTwoCheck {
                application: first,
                call: call.id,
                certified: true,
                identity_valid: true,
                note: "Passeport valide jusqu'en 2031.".into(),
                checked_by: manager.user.id,
                checked_at: received + jiff::SignedDuration::from_hours(2),
                version: 1,
            };
            txn.save_stage_two_check(&check).await?;
        }
        let slots = [
            ("09:00", "10:00", "Mairie de Phnom Penh, salle de réunion du 2e étage"),
            ("10:30", "11:30", "https://visio.aimf.example/rvase-entretiens"),
        ];
        for (index, (starts, ends, place)) in slots.into_iter().enumerate() {
            let draft =
                SlotDraft { date: "2025-12-09".into(), starts: starts.into(), ends: ends.into(), place: place.into() };
            let slot = draft.read(call, InterviewId::new()).map_err(AppError::Validation)?;
            txn.insert_interview_slot(&slot).await?;
            if index == 0 {
                txn.book_interview_slot(call.id, slot.id, first, received).await?;
            }
        }
        if let Some(evaluator) = self.store.find_credentials(&Email::parse("evaluator@mekong.example")?).await? {
            let score = InterviewScore {
                id: EvaluationId::new(),
                call: call.id,
                application: first,
                evaluator: evaluator.user.id,
                scores: [8, 8, 7, 6, 9, 5, 8, 9].into_iter().take(call.award.len()).collect(),
                comments: vec![String::new(); call.award.len()],
                submitted_at: "2025-12-09T03:05:00Z".parse().map_err(|e| AppError::Internal(format!("demo: {e}")))?,
                version: 1,
            };
            txn.insert_interview_score(&score).await?;
        }
        txn.commit().await?;
        Ok(())
    }
}

fn procedure_change(call: CallId, procedure: &Procedure) -> Change<'static> {
    Change {
        action: "call.shortlisted",
        entity_type: "call",
        entity_id: call.to_string(),
        before: None,
        after: serde_json::to_value(procedure).ok(),
    }
}
