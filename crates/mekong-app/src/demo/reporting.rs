//! The demo's reports: SGA4's report settings (the contact and partners are placeholders, marked
//! as such), the 2025 narrative drafted by the coordinator, and a snapshot of 2025, so that every
//! report can be produced from the demo data at once.

use super::demo_actor;
use crate::audit::Change;
use crate::policy::Actor;
use crate::{App, AppError};
use mekong_core::Lang;
use mekong_core::reporting::{Narrative, NarrativeStatus, ReportSettings, ReportStage, SectionText};
use mekong_core::results::Programme;
use std::collections::BTreeMap;

/// The narrative of 2025 per logframe entry: what was done, deviations, next steps.
const SECTIONS_2025: [(&str, &str, &str, &str); 4] = [
    (
        "OC1",
        "Les échanges entre villes membres se sont intensifiés : deux rencontres régionales et un atelier \
         technique ont réuni les élus et les techniciens de Phnom Penh, Vientiane et Huế.",
        "La réunion prévue à Luang Prabang en octobre a été reportée à 2026 à la demande de la ville hôte.",
        "Tenir la réunion de Luang Prabang au premier semestre 2026.",
    ),
    (
        "OP1.1",
        "Le réseau a organisé ses rencontres annuelles avec une participation équilibrée des femmes et des hommes.",
        "",
        "Étendre la participation aux villes secondaires du Laos.",
    ),
    (
        "OC2",
        "Les villes ont commencé à partager leurs données urbaines selon le cadre commun du réseau.",
        "Deux villes n’ont pas encore désigné de point focal données.",
        "Former les points focaux données en 2026.",
    ),
    (
        "OC3",
        "Trois demandes d’assistance technique ont été reçues et deux projets sont en cours de conception.",
        "",
        "Soumettre une note conceptuelle à un bailleur au premier trimestre 2026.",
    ),
];

impl App {
    pub(super) async fn load_demo_reporting(&self, programme: &Programme) -> Result<(), AppError> {
        let settings = ReportSettings {
            contact: "Coordinateur du bureau régional, Hôtel de Ville de Phnom Penh \
                      (donnée de démonstration)"
                .to_owned(),
            partners: "Hôtel de Ville de Phnom Penh\nCapitale de Vientiane\nVille de Huế".to_owned(),
            version: 1,
            ..ReportSettings::default_for(programme.id)
        };
        let periods = self.store.periods(programme.id).await?;
        let Some(period) = periods.iter().find(|p| p.code == "2025") else { return Ok(()) };
        let sections: BTreeMap<String, SectionText> = SECTIONS_2025
            .iter()
            .map(|(code, done, deviations, next)| {
                let text = SectionText {
                    done: (*done).to_owned(),
                    deviations: (*deviations).to_owned(),
                    next_steps: (*next).to_owned(),
                };
                ((*code).to_owned(), text)
            })
            .collect();
        let narrative = Narrative {
            programme: programme.id,
            period: period.id,
            language: Lang::Fr,
            stage: ReportStage::Interim,
            status: NarrativeStatus::Draft,
            summary: "En 2025, le réseau a consolidé ses échanges entre villes membres du Cambodge, du Laos et \
                      du Viêt Nam, lancé le partage des données urbaines et accompagné les premières demandes \
                      d’assistance technique. Les dépenses suivent le budget, à l’exception des frais de \
                      voyage reportés avec la réunion de Luang Prabang."
                .to_owned(),
            sections,
            next_period: "Réunion de Luang Prabang, formation des points focaux données, première note \
                          conceptuelle soumise à un bailleur."
                .to_owned(),
            visibility_actions: "Emblème de l’UE et mention du financement sur les supports des rencontres ; \
                                 publication des actes sur le site du réseau."
                .to_owned(),
            signed_off: None,
            version: 1,
        };
        let txn = self.store.begin_write().await?;
        txn.save_report_settings(&settings).await?;
        txn.save_narrative(&narrative).await?;
        for (action, after) in [
            ("report_settings.updated", serde_json::to_value(&settings).ok()),
            ("narrative.created", serde_json::to_value(&narrative).ok()),
        ] {
            let change =
                Change { action, entity_type: "programme", entity_id: programme.code.clone(), before: None, after };
            self.record(&txn, demo_actor(), change).await?;
        }
        txn.commit().await?;
        self.take_snapshot(&Actor::command_line(), &programme.code, &period.code).await?;
        Ok(())
    }
}
