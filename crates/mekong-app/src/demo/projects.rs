//! The demo's project pipeline: five projects of member cities at different stages, each taken
//! there through the use cases (so that their history and checklists are real). Phnom Penh's
//! waste data platform is in implementation, Phnom Penh and Huế's climate plans are submitted,
//! Vientiane's drainage proposal waits for the secretariat's approval, Huế's heritage inventory
//! is a concept note and Luang Prabang's tourism project an idea. The climate plans,
//! the drainage and the inventory answer open opportunities, so that the projects' pages and the
//! opportunities' show what answers what.

use crate::events::Upload;
use crate::projects::ProjectDraft;
use crate::{App, AppError};
use mekong_core::Lang;
use mekong_core::people::OrganisationFilter;
use mekong_core::projects::Stage;
use mekong_core::vocabulary::OrganisationKind;
use mekong_store::funding::OpportunityFilter;

/// A small PDF standing for each demo document.
const PDF: &[u8] = b"%PDF-1.4\n%%EOF\n";

struct DemoProject {
    title_fr: &'static str,
    title_en: &'static str,
    summary: &'static str,
    cities: &'static [&'static str],
    themes: &'static [&'static str],
    /// The owner's account (the coordinator's or a focal point's): they propose it.
    owner: &'static str,
    funded: bool,
    /// The English title of the open opportunity it answers: its funder is then the project's.
    answers: Option<&'static str>,
    budget: &'static str,
    currency: &'static str,
    partner: bool,
    /// Where it goes: the stages moved through, in order.
    stages: &'static [Stage],
    /// Whether it then asks for the secretariat's approval.
    asks_approval: bool,
}

fn demo_projects() -> [DemoProject; 5] {
    [
        DemoProject {
            title_fr: "Plateforme de données sur les déchets",
            title_en: "Waste data platform",
            summary: "A shared platform where Phnom Penh's districts publish their waste collection figures each month.",
            cities: &["KH-PNH"],
            themes: &["data_standardisation", "digital_transition"],
            owner: "focal.phnompenh@mekong.example",
            funded: true,
            answers: None,
            budget: "450000",
            currency: "EUR",
            partner: true,
            stages: &[
                Stage::ConceptNote,
                Stage::FullProposal,
                Stage::Submitted,
                Stage::Approved,
                Stage::Implementation,
            ],
            asks_approval: false,
        },
        DemoProject {
            title_fr: "Plans d’adaptation au climat de Phnom Penh et Huế",
            title_en: "Climate adaptation plans for Phnom Penh and Huế",
            summary: "Two cities write their climate adaptation plans together, with shared flood and heat data.",
            cities: &["KH-PNH", "VN-HUI"],
            themes: &["climate_change", "urban_resilience"],
            owner: "coordinator@mekong.example",
            funded: true,
            answers: Some("Local authorities: partnerships for sustainable cities 2027"),
            budget: "600000",
            currency: "EUR",
            partner: false,
            stages: &[Stage::ConceptNote, Stage::FullProposal, Stage::Submitted],
            asks_approval: false,
        },
        DemoProject {
            title_fr: "Drainage du centre ancien de Vientiane",
            title_en: "Drainage of Vientiane's old town",
            summary: "Priority drainage works around That Luang, from the flood risk map made with the network's help.",
            cities: &["LA-VTE"],
            themes: &["urban_resilience"],
            owner: "focal.vientiane@mekong.example",
            funded: true,
            answers: Some("Climate-resilient cities in Southeast Asia"),
            budget: "300000",
            currency: "USD",
            partner: false,
            stages: &[Stage::ConceptNote, Stage::FullProposal],
            asks_approval: true,
        },
        DemoProject {
            title_fr: "Inventaire numérique du patrimoine de Huế",
            title_en: "Digital heritage inventory of Huế",
            summary: "An open inventory of the citadel's heritage buildings for the public and the planning department.",
            cities: &["VN-HUI"],
            themes: &["heritage", "digital_transition"],
            owner: "focal.hue@mekong.example",
            funded: false,
            answers: Some("Living heritage: small grants 2027"),
            budget: "",
            currency: "",
            partner: true,
            stages: &[Stage::ConceptNote],
            asks_approval: false,
        },
        DemoProject {
            title_fr: "Tourisme responsable à Luang Prabang",
            title_en: "Responsible tourism in Luang Prabang",
            summary: "",
            cities: &["LA-LPQ"],
            themes: &["responsible_tourism"],
            owner: "coordinator@mekong.example",
            funded: false,
            answers: None,
            budget: "",
            currency: "",
            partner: false,
            stages: &[],
            asks_approval: false,
        },
    ]
}

/// The documents a stage's checklist asks for, by kind.
fn documents_for(stage: Stage) -> &'static [&'static str] {
    match stage {
        Stage::ConceptNote => &["concept_note"],
        Stage::FullProposal => &["full_proposal", "budget"],
        Stage::Approved | Stage::Rejected => &["funder_decision"],
        Stage::Implementation => &["agreement"],
        Stage::Closed => &["final_report"],
        Stage::Idea | Stage::Submitted => &[],
    }
}

impl App {
    pub(super) async fn load_demo_projects(&self) -> Result<(), AppError> {
        let coordinator = self.demo_account("coordinator@mekong.example").await?;
        let secretariat = self.demo_account("secretariat@mekong.example").await?;
        let funders = OrganisationFilter { kind: Some(OrganisationKind::Funder), ..OrganisationFilter::default() };
        let (funders, _) = self.store.organisations(&funders, 1, 0).await?;
        let funder = funders.first().map(|f| f.id.to_string()).unwrap_or_default();
        let (opportunities, _) = self.store.opportunity_page(&OpportunityFilter::default(), 0, 100).await?;
        let dates = (
            self.today().saturating_add(jiff::Span::new().months(3)),
            self.today().saturating_add(jiff::Span::new().years(3)),
        );
        for demo in demo_projects() {
            let owner = self.demo_account(demo.owner).await?;
            let answered = demo.answers.and_then(|title| opportunities.iter().find(|o| o.title.get(Lang::En) == title));
            let funder = match answered {
                Some(opportunity) => opportunity.funder.to_string(),
                None if demo.funded => funder.clone(),
                None => String::new(),
            };
            let draft = ProjectDraft {
                titles: vec![(Lang::Fr, demo.title_fr.into()), (Lang::En, demo.title_en.into())],
                summary: demo.summary.into(),
                cities: demo.cities.iter().map(|c| (*c).to_owned()).collect(),
                partners: if demo.partner { vec![super::DEMO_PARTNER_ORGANISATION.to_owned()] } else { Vec::new() },
                funder,
                opportunity: answered.map(|o| o.id.to_string()).unwrap_or_default(),
                starts_on: if demo.funded { dates.0.to_string() } else { String::new() },
                ends_on: if demo.funded { dates.1.to_string() } else { String::new() },
                budget: demo.budget.into(),
                currency: demo.currency.into(),
                themes: demo.themes.iter().map(|t| (*t).to_owned()).collect(),
                owner: String::new(),
                typed_in: Lang::En,
            };
            let mut project = self.create_project(&owner, &draft).await?;
            for stage in demo.stages {
                // Past the submission, the coordinator runs the pipeline.
                let mover = if matches!(stage, Stage::ConceptNote | Stage::FullProposal | Stage::Submitted) {
                    &owner
                } else {
                    &coordinator
                };
                for kind in documents_for(*stage) {
                    let upload = Upload { name: format!("{kind}.pdf"), bytes: PDF.to_vec() };
                    project = self.add_project_documents(mover, project.id, project.version, kind, &[upload]).await?;
                }
                if *stage == Stage::Submitted {
                    project = self.request_project_approval(&owner, project.id, project.version).await?;
                    project = self
                        .decide_project_approval(
                            &secretariat,
                            project.id,
                            project.version,
                            true,
                            "Ready for the funder.",
                        )
                        .await?;
                }
                project = self.move_project(mover, project.id, project.version, stage.code()).await?;
            }
            if demo.asks_approval {
                self.request_project_approval(&owner, project.id, project.version).await?;
            }
        }
        Ok(())
    }
}
