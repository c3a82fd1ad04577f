//! The demo's library and advocacy: four documents with real text in French and Khmer (a PDF
//! study of Vientiane's floods in two versions, a Khmer toolkit for Phnom Penh's focal point
//! and staff, a French heritage toolkit linked to the demo workshop, a staff-only report), and
//! the network's published positions on climate change and heritage.

use crate::advocacy::PositionDraft;
use crate::documents::DocumentDraft;
use crate::events::Upload;
use crate::{App, AppError};
use mekong_core::Lang;
use mekong_core::vocabulary::Theme;

struct DemoDocument {
    titles: &'static [(Lang, &'static str)],
    kind: &'static str,
    themes: &'static [&'static str],
    cities: &'static [&'static str],
    language: &'static str,
    year: &'static str,
    organisation: &'static str,
    audience: &'static str,
    file: (&'static str, &'static [&'static str]),
    /// Whether the file is a DOCX (else a PDF, Latin script only).
    docx: bool,
}

const FLOODS: &[&str] = &[
    "Vientiane a connu trois crues majeures depuis 2018.",
    "Les quartiers riverains du Mékong sont les plus exposés.",
    "La ville cartographie ses drains et ses zones inondables,",
    "et prépare un plan d'alerte avec les chefs de village.",
];

const WASTE: &[&str] = &[
    "ក្រុងភ្នំពេញជារាជធានីនៃប្រទេសកម្ពុជា។",
    "ការគ្រប់គ្រងសំណល់រឹងតាមខណ្ឌ ត្រូវការស្តង់ដារទិន្នន័យរួមមួយ។",
    "ខណ្ឌនីមួយៗបំពេញគំរូប្រចាំខែ អំពីបរិមាណសំណល់ដែលប្រមូលបាន។",
];

const HERITAGE: &[&str] = &[
    "Cette boîte à outils accompagne l'inventaire du patrimoine bâti de Huế.",
    "Fiches de relevé, photographies, consentement des habitants et des propriétaires.",
    "Elle a servi à l'atelier régional sur les standards de données urbaines.",
];

const REPORT: &[&str] = &[
    "Rapport interne de suivi du programme, réservé à l'équipe.",
    "Retards de décaissement et points d'attention pour le comité de pilotage.",
];

fn demo_documents() -> [DemoDocument; 4] {
    [
        DemoDocument {
            titles: &[(Lang::Fr, "Les crues urbaines à Vientiane"), (Lang::En, "Urban floods in Vientiane")],
            kind: "study",
            themes: &["urban_resilience", "climate_change"],
            cities: &["LA-VTE"],
            language: "fr",
            year: "2025",
            organisation: "Réseau Mékong",
            audience: "public",
            file: ("crues-vientiane.pdf", FLOODS),
            docx: false,
        },
        DemoDocument {
            titles: &[(Lang::Km, "ស្តង់ដារទិន្នន័យសំណល់រឹង ភ្នំពេញ"), (Lang::Fr, "Standard de données sur les déchets, Phnom Penh")],
            kind: "toolkit",
            themes: &["data_standardisation"],
            cities: &["KH-PNH"],
            language: "km",
            year: "2026",
            organisation: "សាលារាជធានីភ្នំពេញ",
            audience: "network",
            file: ("សំណល់.docx", WASTE),
            docx: true,
        },
        DemoDocument {
            titles: &[
                (Lang::Fr, "Boîte à outils de l'inventaire du patrimoine"),
                (Lang::Vi, "Bộ công cụ kiểm kê di sản"),
            ],
            kind: "toolkit",
            themes: &["heritage"],
            cities: &["VN-HUI"],
            language: "fr",
            year: "2026",
            organisation: "Centre de conservation des monuments de Huế",
            audience: "public",
            file: ("patrimoine-hue.docx", HERITAGE),
            docx: true,
        },
        DemoDocument {
            titles: &[(Lang::Fr, "Rapport interne de suivi 2026")],
            kind: "report",
            themes: &["urban_governance"],
            cities: &[],
            language: "fr",
            year: "2026",
            organisation: "Secrétariat du réseau",
            audience: "staff",
            file: ("suivi-interne.pdf", REPORT),
            docx: false,
        },
    ]
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

impl App {
    pub(super) async fn load_demo_documents(&self) -> Result<(), AppError> {
        let actor = self.demo_account("coordinator@mekong.example").await?;
        let workshop = self
            .store
            .events()
            .await?
            .into_iter()
            .find(|e| e.title.get(Lang::En).contains("urban data standards"))
            .map(|e| e.id.to_string());
        let mut added = Vec::new();
        for demo in demo_documents() {
            let (name, lines) = demo.file;
            let bytes = if demo.docx {
                mekong_docs::plain_docx(lines.first().copied().unwrap_or_default(), lines)
                    .map_err(|e| AppError::Internal(format!("demo document: {e}")))?
            } else {
                mekong_docs::plain_pdf(demo.titles.first().map_or("", |t| t.1), lines)
            };
            let draft = DocumentDraft {
                titles: demo.titles.iter().map(|(l, t)| (*l, (*t).to_owned())).collect(),
                kind: demo.kind.into(),
                themes: strings(demo.themes),
                cities: strings(demo.cities),
                language: demo.language.into(),
                year: demo.year.into(),
                organisation: demo.organisation.into(),
                audience: demo.audience.into(),
                events: if demo.kind == "toolkit" && demo.language == "fr" {
                    workshop.iter().cloned().collect()
                } else {
                    Vec::new()
                },
                practices: Vec::new(),
                note: String::new(),
            };
            let upload = Upload { name: name.into(), bytes };
            added.push(self.add_library_document(&actor, &draft, Some(&upload)).await?);
        }
        // The flood study was revised: its first version stays listed.
        if let Some(study) = added.first() {
            let mut revised = FLOODS.to_vec();
            revised.push("Version révisée après l'atelier : ajout des digues de Sikhottabong.");
            let upload = Upload {
                name: "crues-vientiane-v2.pdf".into(),
                bytes: mekong_docs::plain_pdf("Les crues urbaines à Vientiane", &revised),
            };
            self.add_library_version(&actor, study.id, study.version, "Révisée après l'atelier", Some(&upload)).await?;
        }
        let climate = PositionDraft {
            titles: vec![
                (Lang::Fr, "Les villes en première ligne face au climat".into()),
                (Lang::En, "Cities on the front line of climate change".into()),
                (Lang::Km, "ទីក្រុងនៅជួរមុខនៃការប្រែប្រួលអាកាសធាតុ".into()),
            ],
            statements: vec![
                (
                    Lang::Fr,
                    "Les villes du Mékong subissent déjà les crues et les chaleurs extrêmes. Elles demandent un accès \
                     direct aux financements climat et une place dans les plans nationaux d'adaptation.\n\n\
                     Le réseau met en commun les études et les pratiques de ses membres pour le montrer."
                        .into(),
                ),
                (
                    Lang::En,
                    "Mekong cities already live with floods and extreme heat. They ask for direct access to \
                     climate finance and a seat in national adaptation plans."
                        .into(),
                ),
                (Lang::Km, "ទីក្រុងនានានៃទន្លេមេគង្គកំពុងប្រឈមនឹងទឹកជំនន់ និងកំដៅខ្លាំង។".into()),
            ],
            messages: vec![
                (
                    Lang::Fr,
                    "Un accès direct des villes aux fonds climat\nDes plans d'alerte aux crues dans chaque ville\nDes \
                     données ouvertes sur les risques"
                        .into(),
                ),
                (
                    Lang::En,
                    "Direct access of cities to climate funds\nFlood warning plans in every city\nOpen data on risks"
                        .into(),
                ),
            ],
            status: "published".into(),
            events: Vec::new(),
            documents: added.first().map(|d| d.id.to_string()).into_iter().collect(),
            practices: Vec::new(),
        };
        self.save_position(&actor, Theme::ClimateChange, 0, &climate).await?;
        let heritage = PositionDraft {
            titles: vec![
                (Lang::Fr, "Le patrimoine, ressource des villes".into()),
                (Lang::Lo, "ມໍລະດົກ ແມ່ນຊັບພະຍາກອນຂອງເມືອງ".into()),
            ],
            statements: vec![
                (
                    Lang::Fr,
                    "Le patrimoine bâti fait vivre les villes du réseau. Il doit être inventorié avec les habitants et \
                     protégé dans les plans d'urbanisme."
                        .into(),
                ),
                (Lang::Lo, "ມໍລະດົກທີ່ສ້າງຂຶ້ນເຮັດໃຫ້ເມືອງມີຊີວິດ. ນະຄອນຫຼວງວຽງຈັນ ແລະ ຫຼວງພະບາງ ຮ່ວມມືກັນ.".into()),
            ],
            messages: vec![
                (Lang::Fr, "Inventorier avec les habitants\nProtéger dans les plans d'urbanisme".into()),
                (Lang::Lo, "ສຳຫຼວດຮ່ວມກັບປະຊາຊົນ\nປົກປ້ອງໃນແຜນຜັງເມືອງ".into()),
            ],
            status: "published".into(),
            events: workshop.into_iter().collect(),
            documents: added.get(2).map(|d| d.id.to_string()).into_iter().collect(),
            practices: Vec::new(),
        };
        self.save_position(&actor, Theme::Heritage, 0, &heritage).await?;
        Ok(())
    }
}
