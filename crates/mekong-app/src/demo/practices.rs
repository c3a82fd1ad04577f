//! The demo's good practices and news. Phnom Penh's waste collection is published in French
//! and English while its Khmer version waits for review; Huế's heritage inventory is published
//! in French and Vietnamese, its English version sent back; Vientiane's drainage is a draft
//! only its city and the staff see; Siem Reap's market composting is published in English and
//! Khmer. Other languages carry a translated title as a draft, as translators start with it.

use super::demo_actor;
use crate::audit::Change;
use crate::{App, AppError};
use jiff::civil::date;
use jiff::{SignedDuration, Timestamp};
use mekong_core::Lang;
use mekong_core::directory::CityCode;
use mekong_core::ids::{NewsId, PracticeId};
use mekong_core::money::{Currency, Money};
use mekong_core::news::NewsPost;
use mekong_core::people::PeopleFilter;
use mekong_core::practices::{Named, Practice, PracticeText, TranslationStatus};
use mekong_core::text::Text;
use mekong_core::vocabulary::Theme;
use std::collections::BTreeMap;

use TranslationStatus::{Draft, NeedsReview, Published};

/// The demo's first news post, by a fixed id (the authorisation matrix walks its page).
pub const DEMO_NEWS: &str = "0195d8a0-0000-7000-8000-00000000e001";

/// One language version: (language, status, title, summary, problem, actions, results).
type Version = (Lang, TranslationStatus, &'static str, &'static str, &'static str, &'static str, &'static str);

struct DemoPractice {
    city: &'static str,
    themes: &'static [Theme],
    /// The contact, searched in the directory by name.
    contact: Option<&'static str>,
    /// Cost in minor units of `currency`.
    cost: Option<(i64, &'static str)>,
    years: (i16, i16),
    days_ago: i64,
    versions: Vec<Version>,
}

fn title(lang: Lang, status: TranslationStatus, title: &'static str) -> Version {
    (lang, status, title, "", "", "", "")
}

fn demo_practices() -> Vec<DemoPractice> {
    vec![
        DemoPractice {
            city: "KH-PNH",
            themes: &[Theme::UrbanGovernance, Theme::ClimateChange],
            contact: Some("Chan Sokha"),
            cost: Some((18_000_000, "USD")),
            years: (2023, 2025),
            days_ago: 40,
            versions: vec![
                (
                    Lang::Fr,
                    Published,
                    "Collecte des déchets par quartier et contrats de performance",
                    "Phnom Penh a confié la collecte à des opérateurs par zone, payés selon des indicateurs de propreté vérifiés chaque mois par les sangkats.",
                    "Un seul concessionnaire couvrait toute la ville : rues non desservies, dépôts sauvages et plaintes en hausse dans les quartiers périphériques.",
                    "La ville a divisé le territoire en trois zones, lancé un appel d’offres par zone, publié un calendrier de collecte par rue et formé les agents des sangkats à vérifier la propreté avec une grille simple.",
                    "Le taux de collecte est passé de 78 % à 93 % en deux ans ; les plaintes ont baissé de moitié ; deux villes membres ont demandé la grille de vérification.",
                ),
                (
                    Lang::En,
                    Published,
                    "Waste collection by district with performance contracts",
                    "Phnom Penh gave collection to operators by zone, paid on cleanliness indicators checked every month by the sangkats.",
                    "A single concession covered the whole city: unserved streets, illegal dumping and rising complaints in the outer districts.",
                    "The city split its territory into three zones, tendered each zone, published a collection calendar for every street and trained sangkat officers to check cleanliness with a simple grid.",
                    "Collection coverage rose from 78% to 93% in two years; complaints halved; two member cities asked for the checking grid.",
                ),
                (
                    Lang::Km,
                    NeedsReview,
                    "ការប្រមូលសំរាមតាមខណ្ឌ និងកិច្ចសន្យាផ្អែកលើលទ្ធផល",
                    "រាជធានីភ្នំពេញបានប្រគល់ការប្រមូលសំរាមទៅប្រតិបត្តិករតាមតំបន់ ដោយទូទាត់តាមសូចនាករអនាម័យដែលសង្កាត់ពិនិត្យរៀងរាល់ខែ។",
                    "",
                    "",
                    "",
                ),
                title(Lang::Lo, Draft, "ການເກັບຂີ້ເຫຍື້ອຕາມເຂດ ແລະ ສັນຍາຕາມຜົນງານ"),
                title(Lang::Vi, Draft, "Thu gom rác theo quận và hợp đồng theo kết quả"),
            ],
        },
        DemoPractice {
            city: "VN-HUI",
            themes: &[Theme::Heritage, Theme::DigitalTransition],
            contact: Some("Nguyen Van An"),
            cost: Some((2_400_000_000, "VND")),
            years: (2024, 2026),
            days_ago: 20,
            versions: vec![
                (
                    Lang::Fr,
                    Published,
                    "Inventaire numérique partagé du patrimoine de la citadelle",
                    "Huế a recensé les maisons-jardins et monuments de la citadelle dans une base ouverte, mise à jour par les services et consultable par les habitants.",
                    "Les fiches du patrimoine étaient dispersées entre plusieurs services, sur papier, et les permis de construire étaient délivrés sans les consulter.",
                    "Avec l’université de Huế, la ville a défini une fiche commune, photographié et géolocalisé 1 200 bâtiments, et relié la base au guichet des permis.",
                    "Chaque demande de permis dans la citadelle est désormais vérifiée contre l’inventaire ; trois démolitions non autorisées ont été évitées la première année.",
                ),
                (
                    Lang::Vi,
                    Published,
                    "Kiểm kê số hóa di sản trong Kinh thành Huế",
                    "Huế đã lập cơ sở dữ liệu mở về nhà vườn và di tích trong Kinh thành, do các sở cập nhật và người dân có thể tra cứu.",
                    "Hồ sơ di sản nằm rải rác ở nhiều sở, trên giấy, và giấy phép xây dựng được cấp mà không tra cứu.",
                    "Cùng Đại học Huế, thành phố thống nhất mẫu hồ sơ, chụp ảnh và định vị 1.200 công trình, và kết nối cơ sở dữ liệu với bộ phận cấp phép.",
                    "Mọi hồ sơ xin phép xây dựng trong Kinh thành nay được đối chiếu với bản kiểm kê.",
                ),
                (
                    Lang::En,
                    Draft,
                    "A shared digital inventory of the citadel's heritage",
                    "Huế listed the citadel's garden houses and monuments in an open database.",
                    "",
                    "",
                    "",
                ),
                title(Lang::Km, Draft, "បញ្ជីឌីជីថលនៃបេតិកភណ្ឌក្នុងបន្ទាយហ៊ូ"),
                title(Lang::Lo, Draft, "ບັນຊີມໍລະດົກແບບດິຈິຕອນຂອງເມືອງເກົ່າເຫ້ວ"),
            ],
        },
        DemoPractice {
            city: "LA-VTE",
            themes: &[Theme::UrbanResilience],
            contact: None,
            cost: Some((45_000_000, "USD")),
            years: (2025, 2027),
            days_ago: 5,
            versions: vec![
                (
                    Lang::Fr,
                    Draft,
                    "Drainage des rues autour du That Luang",
                    "Vientiane cure et élargit les caniveaux du quartier du That Luang avant chaque saison des pluies, priorisés par une carte des inondations.",
                    "Chaque saison des pluies, les rues autour du That Luang sont inondées pendant plusieurs heures.",
                    "",
                    "",
                ),
                title(Lang::En, Draft, "Street drainage around That Luang"),
                title(Lang::Lo, Draft, "ການລະບາຍນ້ຳຖະໜົນອ້ອມຮອບພະທາດຫຼວງ"),
            ],
        },
        DemoPractice {
            city: "KH-REP",
            themes: &[Theme::ClimateChange, Theme::ResponsibleTourism],
            contact: None,
            cost: Some((3_500_000, "USD")),
            years: (2022, 2024),
            days_ago: 90,
            versions: vec![
                (
                    Lang::En,
                    Published,
                    "Composting market waste in Siem Reap",
                    "Siem Reap turns the organic waste of its central markets into compost sold to farmers around the temples.",
                    "Markets produced twelve tonnes of organic waste a day, trucked to a landfill that was nearly full.",
                    "The city set up sorting points in three markets, a composting yard run with a local cooperative, and a price list for farmers.",
                    "Four tonnes a day no longer go to the landfill; the cooperative employs eighteen people.",
                ),
                (
                    Lang::Km,
                    Published,
                    "ការធ្វើជីកំប៉ុស្តិ៍ពីសំណល់ផ្សារនៅសៀមរាប",
                    "ក្រុងសៀមរាបកែច្នៃសំណល់សរីរាង្គនៃផ្សារកណ្ដាលទៅជាជីកំប៉ុស្តិ៍ ដែលលក់ឱ្យកសិករនៅជុំវិញប្រាសាទ។",
                    "ផ្សារបង្កើតសំណល់សរីរាង្គដប់ពីរតោនក្នុងមួយថ្ងៃ។",
                    "ក្រុងបានរៀបចំកន្លែងញែកសំណល់នៅផ្សារបី និងទីធ្លាធ្វើជីជាមួយសហករណ៍មូលដ្ឋាន។",
                    "សំណល់បួនតោនក្នុងមួយថ្ងៃលែងទៅកន្លែងចាក់សំរាមទៀតហើយ។",
                ),
                title(Lang::Fr, NeedsReview, "Compostage des déchets des marchés à Siem Reap"),
            ],
        },
    ]
}

/// A post's language versions: (language, title, text).
type NewsVersions = [(Lang, &'static str, &'static str); 3];

/// The demo posts: how many days ago each was published, and its versions.
fn demo_news() -> [(i64, NewsVersions); 2] {
    [
        (
            12,
            [
                (
                    Lang::Fr,
                    "Deux nouvelles villes rejoignent le réseau",
                    "Kampot et Cân Tho ont rejoint le réseau des villes du Mékong lors du comité de pilotage de novembre.",
                ),
                (
                    Lang::En,
                    "Two new cities join the network",
                    "Kampot and Can Tho joined the Mekong cities network at the November steering committee.",
                ),
                (
                    Lang::Vi,
                    "Hai thành phố mới gia nhập mạng lưới",
                    "Kampot và Cần Thơ đã gia nhập mạng lưới các thành phố Mê Kông.",
                ),
            ],
        ),
        (
            3,
            [
                (
                    Lang::Fr,
                    "Appel à bonnes pratiques sur la gestion des déchets",
                    "Le réseau invite chaque ville membre à documenter une pratique de gestion des déchets avant la fin de l’année.",
                ),
                (
                    Lang::En,
                    "Call for good practices on waste management",
                    "The network invites every member city to document one waste management practice before the end of the year.",
                ),
                (Lang::Km, "ការអំពាវនាវបទពិសោធន៍ល្អលើការគ្រប់គ្រងសំណល់", "បណ្ដាញអញ្ជើញទីក្រុងសមាជិកនីមួយៗឱ្យកត់ត្រាបទពិសោធន៍មួយស្ដីពីការគ្រប់គ្រងសំណល់។"),
            ],
        ),
    ]
}

impl App {
    /// The demo practices and news, each written to the trail as the pages would.
    pub(super) async fn load_demo_practices(&self) -> Result<(), AppError> {
        let now = self.clock.now();
        let ago = |days: i64| now.checked_sub(SignedDuration::from_hours(24 * days)).unwrap_or(now);
        for demo in demo_practices() {
            let at: Timestamp = ago(demo.days_ago);
            let contact = match demo.contact {
                Some(name) => {
                    let filter = PeopleFilter { text: name.into(), ..PeopleFilter::default() };
                    let (people, _) = self.people_matching(&filter, 1, 0).await?;
                    people.first().map(|p| Named { id: p.id, name: p.display_name().to_owned() })
                }
                None => None,
            };
            let cost = match demo.cost {
                Some((minor, code)) => {
                    let currency =
                        Currency::parse(code).map_err(|e| AppError::Internal(format!("demo currency: {e:?}")))?;
                    Some(Money::new(minor, currency))
                }
                None => None,
            };
            let mut practice = Practice {
                id: PracticeId::new(),
                city: CityCode::parse(demo.city)?,
                themes: demo.themes.to_vec(),
                starts_on: Some(date(demo.years.0, 1, 1)),
                ends_on: Some(date(demo.years.1, 12, 31)),
                cost,
                partners: Vec::new(),
                contact,
                indicators: Vec::new(),
                texts: BTreeMap::new(),
                photos: Vec::new(),
                documents: Vec::new(),
                first_published_at: None,
                published_at: None,
                created_at: at,
                version: 1,
            };
            for (lang, status, title, summary, problem, actions, results) in demo.versions {
                let text = PracticeText {
                    title: title.into(),
                    summary: summary.into(),
                    problem: problem.into(),
                    actions: actions.into(),
                    results: results.into(),
                    status,
                    review_comment: if lang == Lang::En && demo.city == "VN-HUI" {
                        "Please translate the problem, what was done and the results too.".into()
                    } else {
                        String::new()
                    },
                    updated_by: format!("Focal point {} (demo)", demo.city),
                    updated_at: at,
                };
                practice.write(lang, text, true);
            }
            practice.check().map_err(AppError::Validation)?;
            let txn = self.store.begin_write().await?;
            txn.save_practice(&practice).await?;
            let change = Change {
                action: "practice.created",
                entity_type: "practice",
                entity_id: practice.id.to_string(),
                before: None,
                after: serde_json::to_value(&practice).ok(),
            };
            self.record(&txn, demo_actor(), change).await?;
            txn.commit().await?;
        }
        for (index, (days_ago, versions)) in demo_news().into_iter().enumerate() {
            let at = ago(days_ago);
            let id = match index {
                0 => uuid::Uuid::parse_str(DEMO_NEWS).map(NewsId).map_err(|e| AppError::Internal(e.to_string()))?,
                _ => NewsId::new(),
            };
            let post = NewsPost {
                id,
                title: versions.iter().fold(Text::new(), |t, (lang, title, _)| t.with(*lang, *title)),
                body: versions.iter().fold(Text::new(), |t, (lang, _, body)| t.with(*lang, *body)),
                published_at: Some(at),
                written_by: "Network coordinator (demo)".into(),
                updated_at: at,
                version: 1,
            };
            let txn = self.store.begin_write().await?;
            txn.save_news_post(&post).await?;
            let change = Change {
                action: "news.published",
                entity_type: "news",
                entity_id: post.id.to_string(),
                before: None,
                after: serde_json::to_value(&post).ok(),
            };
            self.record(&txn, demo_actor(), change).await?;
            txn.commit().await?;
        }
        Ok(())
    }
}
