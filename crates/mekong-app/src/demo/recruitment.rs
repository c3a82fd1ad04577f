//! The demo's call for applications: the network's own reference call (the coordinator post at
//! Phnom Penh City Hall, deadline 30 November 2025 23:59:59 in Phnom Penh, so closed by now),
//! with placeholder addresses, its committee (the secretariat and the Phnom Penh focal point as
//! managers, the demo evaluator) and applications at several stages with encrypted documents.

use super::demo_actor;
use crate::audit::Change;
use crate::recruitment::check_upload;
use crate::secrets::secret_hash;
use crate::{App, AppError};
use mekong_core::identity::{Email, Role, RoleGrant, Scope};
use mekong_core::ids::{ApplicationDocumentId, ApplicationId, CallId, EvaluationId};
use mekong_core::recruitment::{
    Application, ApplicationDocument, ApplicationStatus, CallDraft, Channel, Declaration, DocumentKind, Evaluation,
};
use mekong_core::{Lang, directory::CityCode};

/// The demo call: the id the demo evaluator's scope names.
pub const DEMO_CALL: &str = "0195d8a0-0000-7000-8000-000000000001";
/// The personal link of the demo's first applicant (demo deployments only).
pub const DEMO_APPLICATION_LINK: &str = "ap_demo-link-of-the-first-applicant-RVASE-2025-0001";
/// The demo's first application and its CV.
pub const DEMO_APPLICATION: &str = "0195d8a0-0000-7000-8000-0000000000a1";
pub const DEMO_DOCUMENT: &str = "0195d8a0-0000-7000-8000-0000000000d1";

const TERMS_FR: &str = "Le Réseau AIMF des villes d'Asie du Sud-Est (RVASE) recrute un·e chargé·e d'animation, \
basé·e à la Mairie de Phnom Penh, sous la responsabilité du Secrétariat permanent de l'AIMF : conduite des actions \
du programme SGA4 en Asie du Sud-Est, recherche de partenaires, organisation de rencontres entre les villes, \
assistance technique en conception de projets, plaidoyer, communication, suivi du plan d'action annuel et \
rapports à l'Union européenne.";
const TERMS_EN: &str = "The AIMF network of South-East Asian cities (RVASE) is recruiting a network coordinator, \
based at Phnom Penh City Hall and reporting to the AIMF permanent secretariat: running the SGA4 programme's \
actions in South-East Asia, finding partners, organising meetings between cities, technical assistance in \
project design, advocacy, communication, monitoring the annual action plan and reporting to the European Union.";

/// The demo applications: id, receipt, name, language, status, documents (kind, id).
/// A demo application: id, receipt, name, language, status, and its documents' kinds and ids.
type DemoApplication =
    (&'static str, &'static str, &'static str, Lang, &'static str, &'static [(DocumentKind, &'static str)]);

const DEMO_APPLICATIONS: [DemoApplication; 4] = [
    (
        DEMO_APPLICATION,
        "RVASE-2025-0001",
        "Sophea Demo",
        Lang::Fr,
        "shortlisted",
        &[
            (DocumentKind::CoverLetter, "0195d8a0-0000-7000-8000-0000000000d0"),
            (DocumentKind::Cv, DEMO_DOCUMENT),
            (DocumentKind::IdentityDocument, "0195d8a0-0000-7000-8000-0000000000d2"),
        ],
    ),
    (
        "0195d8a0-0000-7000-8000-0000000000a2",
        "RVASE-2025-0002",
        "Minh Demo",
        Lang::Vi,
        "shortlisted",
        &[
            (DocumentKind::CoverLetter, "0195d8a0-0000-7000-8000-0000000000d3"),
            (DocumentKind::Cv, "0195d8a0-0000-7000-8000-0000000000d4"),
            (DocumentKind::IdentityDocument, "0195d8a0-0000-7000-8000-0000000000d5"),
        ],
    ),
    (
        "0195d8a0-0000-7000-8000-0000000000a3",
        "RVASE-2025-0003",
        "Claire Demo",
        Lang::Fr,
        "not_shortlisted",
        &[
            (DocumentKind::CoverLetter, "0195d8a0-0000-7000-8000-0000000000d6"),
            (DocumentKind::Cv, "0195d8a0-0000-7000-8000-0000000000d7"),
        ],
    ),
    (
        "0195d8a0-0000-7000-8000-0000000000a4",
        "RVASE-2025-0004",
        "Khamla Demo",
        Lang::Lo,
        "not_shortlisted",
        &[(DocumentKind::Cv, "0195d8a0-0000-7000-8000-0000000000d8")],
    ),
];

/// The reference call as its coordinator wrote it.
pub(crate) fn reference_call() -> CallDraft {
    let stage = |kind: DocumentKind, stage: &str| (kind.code().to_owned(), stage.to_owned());
    CallDraft {
        code: "RVASE".into(),
        organisation: String::new(),
        title_fr: "Chargé·e d'animation du réseau des villes d'Asie du Sud-Est".into(),
        title_en: "Network coordinator, AIMF network of South-East Asian cities".into(),
        terms_fr: TERMS_FR.into(),
        terms_en: TERMS_EN.into(),
        place: "Mairie de Phnom Penh (Cambodge)".into(),
        contract: "Contrat de services avec la Mairie de Phnom Penh".into(),
        duration_months: "36".into(),
        renewable: false,
        documents: vec![
            stage(DocumentKind::CoverLetter, "application"),
            stage(DocumentKind::Cv, "application"),
            stage(DocumentKind::IdentityDocument, "application"),
            stage(DocumentKind::CertifiedDiplomas, "before_interview"),
            stage(DocumentKind::MedicalCertificate, "before_interview"),
        ],
        file_language: "fr".into(),
        web_form: true,
        email_addresses: "recrutement@aimf.example\nrecrutement@phnompenh.example".into(),
        opens: "2025-11-01".into(),
        deadline_date: "2025-11-30".into(),
        deadline_time: "23:59:59".into(),
        time_zone: "Asia/Phnom_Penh".into(),
        interviews_from: "2025-12-08".into(),
        interviews_to: "2025-12-19".into(),
        starts: "2026-01-05".into(),
        eligibility: [
            "Diplôme universitaire de second cycle (Bac +4) en sciences politiques, sciences sociales, gestion ou administration",
            "Au moins 5 ans d'expérience professionnelle",
            "Jouir de ses droits civils et politiques",
            "Maîtrise du français et de l'anglais",
        ]
        .join("\n"),
        award: [
            "25 | Connaissance des problématiques du développement urbain en Asie du Sud-Est",
            "20 | Capacités rédactionnelles en anglais et/ou français",
            "20 | Management et gestion de projet",
            "15 | Mobilisation de fonds",
            "10 | Autonomie, travail en groupe et mise en réseau",
            "5 | Procédures de gestion de projet européennes",
            "3 | Spécialité en gouvernance urbaine, urbanisme, géographie, relations internationales",
            "2 | Notions de khmer, de lao ou de vietnamien",
        ]
        .join("\n"),
        published: true,
    }
}

/// A small valid PDF standing for a document.
pub(super) fn demo_pdf(title: &str) -> Vec<u8> {
    format!("%PDF-1.4\n% Mekong demo document: {title}\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
        .into_bytes()
}

pub(super) fn uuid(text: &str) -> Result<uuid::Uuid, AppError> {
    uuid::Uuid::parse_str(text).map_err(|e| AppError::Internal(format!("demo id: {e}")))
}

impl App {
    pub(super) async fn load_demo_recruitment(&self) -> Result<(), AppError> {
        let id = CallId(uuid(DEMO_CALL)?);
        let mut draft = reference_call();
        if let Some(city_hall) = self.store.organisation_of_city(&CityCode::parse("KH-PNH")?).await? {
            draft.organisation = city_hall.id.to_string();
        }
        let call = draft.read(id, 1).map_err(AppError::Validation)?;
        let txn = self.store.begin_write().await?;
        txn.save_call(&call).await?;
        let change = Change {
            action: "call.created",
            entity_type: "call",
            entity_id: id.to_string(),
            before: None,
            after: serde_json::to_value(&call).ok(),
        };
        self.record(&txn, demo_actor(), change).await?;
        let now = self.clock.now();
        for manager in ["secretariat@mekong.example", "focal.phnompenh@mekong.example"] {
            if let Some(found) = self.store.find_credentials(&Email::parse(manager)?).await? {
                let grant = RoleGrant::new(Role::CallManager, Some(Scope::Call(id.0)))?;
                txn.insert_grant(found.user.id, &grant, now).await?;
            }
        }
        let received_at = call.deadline.instant - jiff::SignedDuration::from_hours(30);
        for (application_id, receipt, name, language, status, documents) in DEMO_APPLICATIONS {
            let application = Application {
                id: ApplicationId(uuid(application_id)?),
                call: id,
                receipt: receipt.to_owned(),
                name: name.to_owned(),
                email: Email::parse(&format!("{}@applicant.example", receipt.to_lowercase()))?,
                language,
                channel: Channel::WebForm,
                received_at,
                late: false,
                status: ApplicationStatus::parse(status).unwrap_or(ApplicationStatus::Received),
                consent: true,
                version: 1,
            };
            let link = if application_id == DEMO_APPLICATION {
                DEMO_APPLICATION_LINK.to_owned()
            } else {
                crate::secrets::new_secret("ap_")?
            };
            txn.save_application(&application, Some(&secret_hash(&link))).await?;
            for (kind, document_id) in documents {
                let document_id = ApplicationDocumentId(uuid(document_id)?);
                let upload = check_upload("document", &format!("{}.pdf", kind.code()), demo_pdf(kind.code()))?;
                let key_id = self.seal_document(document_id, &upload.bytes).await?;
                let document = ApplicationDocument {
                    id: document_id,
                    application: application.id,
                    kind: *kind,
                    name: upload.name.clone(),
                    content_type: upload.content_type.to_owned(),
                    size: i64::try_from(upload.bytes.len()).unwrap_or_default(),
                    key_id,
                    uploaded_at: received_at,
                };
                txn.insert_application_document(&document).await?;
            }
            let change = Change {
                action: "application.received",
                entity_type: "application",
                entity_id: application.id.to_string(),
                before: None,
                after: Some(serde_json::json!({ "receipt": receipt, "call": DEMO_CALL, "status": status })),
            };
            self.record(&txn, demo_actor(), change).await?;
        }
        // The demo evaluator has declared no conflict and scored the first application.
        if let Some(evaluator) = self.store.find_credentials(&Email::parse("evaluator@mekong.example")?).await? {
            let evaluation = Evaluation {
                id: EvaluationId::new(),
                call: id,
                application: ApplicationId(uuid(DEMO_APPLICATION)?),
                evaluator: evaluator.user.id,
                declaration: Declaration::NoConflict,
                declared_at: received_at,
                eligibility: vec![true; call.eligibility.len()],
                scores: [8, 7, 7, 6, 8, 5, 9, 10].into_iter().take(call.award.len()).collect(),
                comments: vec![String::new(); call.award.len()],
                submitted_at: Some(received_at),
                version: 2,
            };
            txn.save_evaluation(&Evaluation { version: 1, ..evaluation.clone() }).await?;
            txn.save_evaluation(&evaluation).await?;
            let change = Change {
                action: "evaluation.submitted",
                entity_type: "application",
                entity_id: DEMO_APPLICATION.to_owned(),
                before: None,
                after: serde_json::to_value(&evaluation).ok(),
            };
            self.record(&txn, demo_actor(), change).await?;
        }
        txn.commit().await?;
        self.load_demo_procedure(&call).await
    }
}
