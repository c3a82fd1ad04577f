//! The demo's results framework: an SGA4-style logframe for the network, clearly marked as a
//! demonstration (its outcomes: cooperation between member cities, good practices, projects
//! designed with cities, advocacy), with values entered by the demo focal points, and an action
//! plan for the current year.

use super::demo_actor;
use crate::audit::Change;
use crate::results::Logframe;
use crate::{App, AppError};
use jiff::civil::date;
use mekong_core::directory::CityCode;
use mekong_core::ids::{ActivityId, IndicatorId, LogframeNodeId, PeriodId, ValueId};
use mekong_core::results::{
    ActivityStatus, Computation, Dimension, Direction, Indicator, IndicatorValue, Level, LogframeNode, LogframeStatus,
    Measure, Period, PlanActivity, Programme, ReportedBy, TargetValue, ValueStatus,
};
use mekong_core::{Lang, Text};

/// Entries: level, code, parent code, French title, English title.
const ENTRIES: [(Level, &str, &str, &str, &str); 13] = [
    (
        Level::Impact,
        "IMP",
        "",
        "Les villes membres gouvernent des villes plus durables, résilientes et inclusives",
        "Member cities govern more sustainable, resilient and inclusive cities",
    ),
    (
        Level::Outcome,
        "OC1",
        "IMP",
        "Une coopération renforcée entre les villes membres",
        "Stronger cooperation between member cities",
    ),
    (
        Level::Output,
        "OP1.1",
        "OC1",
        "Des échanges entre villes membres organisés",
        "Exchanges between member cities organised",
    ),
    (
        Level::Activity,
        "A1.1.1",
        "OP1.1",
        "Conférence annuelle des villes d’Asie du Sud-Est",
        "Annual conference of South-East Asian cities",
    ),
    (
        Level::Outcome,
        "OC2",
        "IMP",
        "Des bonnes pratiques échangées et appliquées",
        "Good practices exchanged and applied",
    ),
    (
        Level::Output,
        "OP2.1",
        "OC2",
        "Des pratiques documentées et des agents formés",
        "Practices documented and staff trained",
    ),
    (
        Level::Activity,
        "A2.1.1",
        "OP2.1",
        "Ateliers régionaux sur les données urbaines",
        "Regional workshops on urban data",
    ),
    (Level::Outcome, "OC3", "IMP", "Des projets conçus avec les villes", "Projects designed with cities"),
    (Level::Output, "OP3.1", "OC3", "Une assistance technique aux villes", "Technical assistance to cities"),
    (
        Level::Activity,
        "A3.1.1",
        "OP3.1",
        "Missions d’appui à la conception de projets",
        "Project design support missions",
    ),
    (Level::Outcome, "OC4", "IMP", "Un plaidoyer porté par le réseau", "Advocacy carried by the network"),
    (Level::Output, "OP4.1", "OC4", "Des positions communes publiées", "Common positions published"),
    (
        Level::Activity,
        "A4.1.1",
        "OP4.1",
        "Notes de position pour les instances de l’AIMF",
        "Position notes for AIMF bodies",
    ),
];

/// The entries' titles in the network's other languages: code, Khmer, Lao, Vietnamese (French
/// and English are in [`ENTRIES`]), so that a Khmer or Lao page is not half English.
const ENTRY_TITLES: [(&str, &str, &str, &str); 13] = [
    (
        "IMP",
        "ទីក្រុងសមាជិកគ្រប់គ្រងទីក្រុងដែលមាននិរន្តរភាព ធន់ និងបរិយាប័ន្នជាងមុន",
        "ເມືອງສະມາຊິກບໍລິຫານເມືອງທີ່ຍືນຍົງ, ທົນທານ ແລະ ມີສ່ວນຮ່ວມຫຼາຍຂຶ້ນ",
        "Các thành phố thành viên quản trị đô thị bền vững, có khả năng chống chịu và bao trùm hơn",
    ),
    (
        "OC1",
        "កិច្ចសហប្រតិបត្តិការកាន់តែរឹងមាំរវាងទីក្រុងសមាជិក",
        "ການຮ່ວມມືທີ່ເຂັ້ມແຂງຂຶ້ນລະຫວ່າງເມືອງສະມາຊິກ",
        "Hợp tác chặt chẽ hơn giữa các thành phố thành viên",
    ),
    (
        "OP1.1",
        "ការផ្លាស់ប្តូររវាងទីក្រុងសមាជិកត្រូវបានរៀបចំ",
        "ການແລກປ່ຽນລະຫວ່າງເມືອງສະມາຊິກໄດ້ຮັບການຈັດຕັ້ງ",
        "Tổ chức các hoạt động trao đổi giữa các thành phố thành viên",
    ),
    (
        "A1.1.1",
        "សន្និសីទប្រចាំឆ្នាំនៃទីក្រុងអាស៊ីអាគ្នេយ៍",
        "ກອງປະຊຸມປະຈຳປີຂອງເມືອງໃນອາຊີຕາເວັນອອກສ່ຽງໃຕ້",
        "Hội nghị thường niên các thành phố Đông Nam Á",
    ),
    (
        "OC2",
        "ការអនុវត្តល្អៗត្រូវបានផ្លាស់ប្តូរ និងយកទៅអនុវត្ត",
        "ການປະຕິບັດທີ່ດີໄດ້ຮັບການແລກປ່ຽນ ແລະ ນຳໃຊ້",
        "Các thực hành tốt được trao đổi và áp dụng",
    ),
    (
        "OP2.1",
        "ការអនុវត្តត្រូវបានចងក្រងជាឯកសារ និងបុគ្គលិកត្រូវបានបណ្តុះបណ្តាល",
        "ການປະຕິບັດໄດ້ຮັບການບັນທຶກ ແລະ ພະນັກງານໄດ້ຮັບການຝຶກອົບຮົມ",
        "Thực hành được ghi chép và cán bộ được đào tạo",
    ),
    ("A2.1.1", "សិក្ខាសាលាថ្នាក់តំបន់ស្តីពីទិន្នន័យទីក្រុង", "ກອງປະຊຸມສຳມະນາພາກພື້ນກ່ຽວກັບຂໍ້ມູນຕົວເມືອງ", "Hội thảo khu vực về dữ liệu đô thị"),
    ("OC3", "គម្រោងដែលរៀបចំរួមជាមួយទីក្រុង", "ໂຄງການທີ່ອອກແບບຮ່ວມກັບເມືອງ", "Các dự án được thiết kế cùng các thành phố"),
    ("OP3.1", "ជំនួយបច្ចេកទេសដល់ទីក្រុង", "ການຊ່ວຍເຫຼືອດ້ານວິຊາການແກ່ເມືອງ", "Hỗ trợ kỹ thuật cho các thành phố"),
    ("A3.1.1", "បេសកកម្មគាំទ្រការរៀបចំគម្រោង", "ພາລະກິດສະໜັບສະໜູນການອອກແບບໂຄງການ", "Các chuyến công tác hỗ trợ thiết kế dự án"),
    ("OC4", "ការតស៊ូមតិដែលដឹកនាំដោយបណ្តាញ", "ການສົ່ງເສີມນະໂຍບາຍທີ່ເຄືອຂ່າຍດຳເນີນ", "Vận động chính sách do mạng lưới thực hiện"),
    ("OP4.1", "ជំហររួមត្រូវបានបោះពុម្ពផ្សាយ", "ຈຸດຢືນຮ່ວມໄດ້ຮັບການເຜີຍແຜ່", "Các lập trường chung được công bố"),
    ("A4.1.1", "កំណត់ចំណាំជំហរសម្រាប់ស្ថាប័ន AIMF", "ບົດບັນທຶກຈຸດຢືນສຳລັບອົງການຂອງ AIMF", "Ghi chú lập trường cho các cơ quan của AIMF"),
];

/// The indicators' names beyond English: code, French, Khmer, Lao, Vietnamese.
const INDICATOR_NAMES: [(&str, &str, &str, &str, &str); 17] = [
    (
        "IMP.1",
        "Villes membres dotées d’une stratégie de développement urbain durable",
        "ទីក្រុងសមាជិកដែលមានយុទ្ធសាស្ត្រអភិវឌ្ឍន៍ទីក្រុងប្រកបដោយនិរន្តរភាព",
        "ເມືອງສະມາຊິກທີ່ມີຍຸດທະສາດພັດທະນາຕົວເມືອງແບບຍືນຍົງ",
        "Thành phố thành viên có chiến lược phát triển đô thị bền vững",
    ),
    (
        "OC1.1",
        "Rencontres tenues entre villes membres",
        "កិច្ចប្រជុំដែលបានធ្វើឡើងរវាងទីក្រុងសមាជិក",
        "ກອງປະຊຸມທີ່ຈັດຂຶ້ນລະຫວ່າງເມືອງສະມາຊິກ",
        "Các cuộc họp giữa các thành phố thành viên",
    ),
    (
        "OC1.2",
        "Participants aux échanges, dont femmes",
        "អ្នកចូលរួមក្នុងការផ្លាស់ប្តូរ ក្នុងនោះស្ត្រី",
        "ຜູ້ເຂົ້າຮ່ວມການແລກປ່ຽນ, ໃນນັ້ນແມ່ຍິງ",
        "Người tham gia trao đổi, trong đó có nữ",
    ),
    (
        "OC1.3",
        "Villes membres ayant pris part à au moins un échange",
        "ទីក្រុងសមាជិកដែលបានចូលរួមក្នុងការផ្លាស់ប្តូរយ៉ាងហោចណាស់មួយ",
        "ເມືອງສະມາຊິກທີ່ເຂົ້າຮ່ວມການແລກປ່ຽນຢ່າງໜ້ອຍໜຶ່ງຄັ້ງ",
        "Thành phố thành viên tham gia ít nhất một hoạt động trao đổi",
    ),
    (
        "OP1.1.1",
        "Visites d’étude organisées entre villes membres",
        "ដំណើរទស្សនកិច្ចសិក្សាដែលបានរៀបចំរវាងទីក្រុងសមាជិក",
        "ການທັດສະນະສຶກສາທີ່ຈັດຂຶ້ນລະຫວ່າງເມືອງສະມາຊິກ",
        "Chuyến tham quan học tập giữa các thành phố thành viên",
    ),
    (
        "OP1.1.2",
        "Réunions du comité de pilotage tenues",
        "កិច្ចប្រជុំគណៈកម្មាធិការដឹកនាំដែលបានធ្វើឡើង",
        "ກອງປະຊຸມຄະນະກຳມະການຊີ້ນຳທີ່ຈັດຂຶ້ນ",
        "Các cuộc họp ban chỉ đạo đã tổ chức",
    ),
    (
        "OC2.1",
        "Bonnes pratiques documentées et partagées",
        "ការអនុវត្តល្អៗដែលបានចងក្រង និងចែករំលែក",
        "ການປະຕິບັດທີ່ດີທີ່ໄດ້ບັນທຶກ ແລະ ແບ່ງປັນ",
        "Thực hành tốt được ghi chép và chia sẻ",
    ),
    (
        "OC2.3",
        "Bonnes pratiques publiées dans la bibliothèque du réseau",
        "ការអនុវត្តល្អៗដែលបានផ្សព្វផ្សាយក្នុងបណ្ណាល័យរបស់បណ្តាញ",
        "ການປະຕິບັດທີ່ດີທີ່ໄດ້ເຜີຍແຜ່ໃນຫ້ອງສະໝຸດຂອງເຄືອຂ່າຍ",
        "Thực hành tốt được công bố trong thư viện của mạng lưới",
    ),
    (
        "OC2.2",
        "Points focaux signalant l’usage d’une pratique partagée",
        "អ្នកសម្របសម្រួលដែលរាយការណ៍ពីការប្រើប្រាស់ការអនុវត្តរួម",
        "ຜູ້ປະສານງານທີ່ລາຍງານການນຳໃຊ້ການປະຕິບັດຮ່ວມ",
        "Đầu mối báo cáo việc áp dụng một thực hành chung",
    ),
    (
        "OP2.1.1",
        "La ville applique le modèle commun de données urbaines",
        "ទីក្រុងអនុវត្តគំរូទិន្នន័យទីក្រុងរួម",
        "ເມືອງນຳໃຊ້ແບບຟອມຂໍ້ມູນຕົວເມືອງຮ່ວມ",
        "Thành phố áp dụng mẫu dữ liệu đô thị chung",
    ),
    (
        "OP2.1.2",
        "Agents municipaux formés aux données urbaines",
        "បុគ្គលិកទីក្រុងដែលបានបណ្តុះបណ្តាលលើទិន្នន័យទីក្រុង",
        "ພະນັກງານເມືອງທີ່ໄດ້ຮັບການຝຶກອົບຮົມດ້ານຂໍ້ມູນຕົວເມືອງ",
        "Cán bộ thành phố được đào tạo về dữ liệu đô thị",
    ),
    (
        "OC3.1",
        "Projets conçus avec des villes membres",
        "គម្រោងដែលរៀបចំរួមជាមួយទីក្រុងសមាជិក",
        "ໂຄງການທີ່ອອກແບບຮ່ວມກັບເມືອງສະມາຊິກ",
        "Dự án được thiết kế cùng các thành phố thành viên",
    ),
    (
        "OC3.2",
        "Demandes de financement déposées avec des villes membres",
        "សំណើសុំមូលនិធិដែលបានដាក់ជូនរួមជាមួយទីក្រុងសមាជិក",
        "ຄຳຮ້ອງຂໍທຶນທີ່ຍື່ນຮ່ວມກັບເມືອງສະມາຊິກ",
        "Hồ sơ xin tài trợ nộp cùng các thành phố thành viên",
    ),
    (
        "OP3.1.1",
        "Demandes d’assistance technique traitées",
        "សំណើជំនួយបច្ចេកទេសដែលបានឆ្លើយតប",
        "ຄຳຮ້ອງຂໍການຊ່ວຍເຫຼືອດ້ານວິຊາການທີ່ໄດ້ຕອບ",
        "Yêu cầu hỗ trợ kỹ thuật đã được đáp ứng",
    ),
    (
        "OC4.1",
        "Positions de plaidoyer adoptées par les instances du réseau",
        "ជំហរតស៊ូមតិដែលបានអនុម័តដោយស្ថាប័នបណ្តាញ",
        "ຈຸດຢືນການສົ່ງເສີມທີ່ອົງການຂອງເຄືອຂ່າຍຮັບຮອງ",
        "Lập trường vận động được các cơ quan mạng lưới thông qua",
    ),
    (
        "OP4.1.1",
        "Notes de position publiées",
        "ឯកសារជំហរដែលបានបោះពុម្ពផ្សាយ",
        "ເອກະສານຈຸດຢືນທີ່ໄດ້ເຜີຍແຜ່",
        "Tài liệu lập trường đã công bố",
    ),
    (
        "OP4.1.2",
        "Agents des villes membres satisfaits de l’appui du réseau",
        "បុគ្គលិកទីក្រុងសមាជិកដែលពេញចិត្តនឹងការគាំទ្ររបស់បណ្តាញ",
        "ພະນັກງານເມືອງສະມາຊິກທີ່ພໍໃຈກັບການສະໜັບສະໜູນຂອງເຄືອຂ່າຍ",
        "Cán bộ thành phố thành viên hài lòng với hỗ trợ của mạng lưới",
    ),
];

/// A text in the five languages from its French and English and a row of [`ENTRY_TITLES`] or
/// [`INDICATOR_NAMES`].
fn in_five(fr: &str, en: &str, others: Option<(&str, &str, &str)>) -> Text {
    let text = Text::new().with(Lang::Fr, fr).with(Lang::En, en);
    match others {
        Some((km, lo, vi)) => text.with(Lang::Km, km).with(Lang::Lo, lo).with(Lang::Vi, vi),
        None => text,
    }
}

/// Indicators: entry, code, English name, unit, measure, who reports, breakdown by sex,
/// computation, baseline (2024), target (2027).
type IndicatorRow =
    (&'static str, &'static str, &'static str, &'static str, Measure, ReportedBy, bool, Option<Computation>, f64, f64);

const INDICATORS: [IndicatorRow; 17] = [
    (
        "IMP",
        "IMP.1",
        "Member cities with a sustainable urban development strategy",
        "cities",
        Measure::YesNo,
        ReportedBy::Cities,
        false,
        None,
        3.0,
        9.0,
    ),
    (
        "OC1",
        "OC1.1",
        "Meetings held between member cities",
        "meetings",
        Measure::Number,
        ReportedBy::Coordinator,
        false,
        Some(Computation::MeetingsHeld),
        1.0,
        4.0,
    ),
    (
        "OC1",
        "OC1.2",
        "Participants in exchanges, of which women",
        "participants",
        Measure::Number,
        ReportedBy::Coordinator,
        true,
        Some(Computation::Participants),
        3.0,
        60.0,
    ),
    (
        "OC1",
        "OC1.3",
        "Member cities taking part in at least one exchange",
        "cities",
        Measure::Number,
        ReportedBy::Coordinator,
        false,
        None,
        5.0,
        11.0,
    ),
    (
        "OP1.1",
        "OP1.1.1",
        "Study visits organised between member cities",
        "visits",
        Measure::Number,
        ReportedBy::Coordinator,
        false,
        None,
        0.0,
        6.0,
    ),
    (
        "OP1.1",
        "OP1.1.2",
        "Steering committee meetings held",
        "meetings",
        Measure::Number,
        ReportedBy::Coordinator,
        false,
        None,
        1.0,
        4.0,
    ),
    (
        "OC2",
        "OC2.1",
        "Good practices documented and shared",
        "practices",
        Measure::Number,
        ReportedBy::Coordinator,
        false,
        None,
        2.0,
        20.0,
    ),
    // Counted from the library: practices published on the platform in each period (the
    // practices of 2024 and 2025 were documented before it, in OC2.1).
    (
        "OC2",
        "OC2.3",
        "Good practices published in the network's library",
        "practices",
        Measure::Number,
        ReportedBy::Coordinator,
        false,
        Some(Computation::PracticesShared),
        0.0,
        8.0,
    ),
    (
        "OC2",
        "OC2.2",
        "Focal points reporting the use of a shared practice",
        "%",
        Measure::Percentage,
        ReportedBy::Coordinator,
        false,
        None,
        20.0,
        70.0,
    ),
    (
        "OP2.1",
        "OP2.1.1",
        "City applies the common urban data template",
        "yes/no",
        Measure::YesNo,
        ReportedBy::Cities,
        false,
        None,
        0.0,
        8.0,
    ),
    (
        "OP2.1",
        "OP2.1.2",
        "City staff trained in urban data",
        "people",
        Measure::Number,
        ReportedBy::Cities,
        true,
        None,
        10.0,
        150.0,
    ),
    (
        "OC3",
        "OC3.1",
        "Projects designed with member cities",
        "projects",
        Measure::Number,
        ReportedBy::Coordinator,
        false,
        None,
        1.0,
        8.0,
    ),
    (
        "OC3",
        "OC3.2",
        "Funding applications submitted with member cities",
        "applications",
        Measure::Number,
        ReportedBy::Coordinator,
        false,
        None,
        0.0,
        6.0,
    ),
    (
        "OP3.1",
        "OP3.1.1",
        "Technical assistance requests answered",
        "requests",
        Measure::Number,
        ReportedBy::Cities,
        false,
        None,
        2.0,
        30.0,
    ),
    (
        "OC4",
        "OC4.1",
        "Advocacy positions adopted by network bodies",
        "positions",
        Measure::Number,
        ReportedBy::Coordinator,
        false,
        None,
        0.0,
        4.0,
    ),
    (
        "OP4.1",
        "OP4.1.1",
        "Position papers published",
        "papers",
        Measure::Number,
        ReportedBy::Coordinator,
        false,
        None,
        0.0,
        6.0,
    ),
    (
        "OP4.1",
        "OP4.1.2",
        "Member cities’ staff satisfied with the network’s support",
        "%",
        Measure::Percentage,
        ReportedBy::Coordinator,
        false,
        None,
        60.0,
        85.0,
    ),
];

/// Values the demo focal points entered: city, indicator, year, total, women (for the
/// indicators broken down by sex).
const CITY_VALUES: [(&str, &str, i16, f64, Option<f64>); 10] = [
    ("KH-PNH", "IMP.1", 2024, 1.0, None),
    ("KH-PNH", "OP2.1.2", 2024, 12.0, Some(5.0)),
    ("KH-PNH", "OP2.1.2", 2025, 45.0, Some(23.0)),
    ("KH-PNH", "OP3.1.1", 2025, 8.0, None),
    ("KH-PNH", "OP2.1.1", 2025, 1.0, None),
    ("VN-HUI", "IMP.1", 2024, 1.0, None),
    ("VN-HUI", "OP2.1.2", 2024, 8.0, Some(4.0)),
    ("VN-HUI", "OP2.1.2", 2025, 38.0, Some(20.0)),
    ("VN-HUI", "OP3.1.1", 2025, 6.0, None),
    ("VN-HUI", "OP2.1.2", 2026, 21.0, Some(12.0)),
];

/// The coordinator's values: indicator, year, value. Against the 2025 targets (halfway from
/// the baseline to the final target) they give a believable mix: most on track, some at risk,
/// two off track.
const NETWORK_VALUES: [(&str, i16, f64); 9] = [
    ("OC1.3", 2024, 6.0),
    ("OC1.3", 2025, 8.0),
    ("OP1.1.1", 2025, 3.0),
    ("OP1.1.2", 2025, 2.0),
    ("OC2.1", 2025, 10.0),
    ("OC2.2", 2025, 42.0),
    ("OC3.1", 2025, 5.0),
    ("OP4.1.1", 2025, 1.0),
    ("OP4.1.2", 2025, 74.0),
];

impl App {
    /// Loads the demo programme `SGA4` with its approved logframe, values and action plan.
    pub(super) async fn load_demo_results(&self) -> Result<(), AppError> {
        let programme_id = super::finance::demo_programme_id();
        let programme = Programme {
            id: programme_id,
            code: "SGA4".into(),
            title: Text::new()
                .with(Lang::Fr, "Partenariat stratégique AIMF–UE, SGA4 (données de démonstration)")
                .with(Lang::En, "AIMF–EU strategic partnership, SGA4 (demonstration data)")
                .with(Lang::Km, "ភាពជាដៃគូយុទ្ធសាស្ត្រ AIMF–EU, SGA4 (ទិន្នន័យសាកល្បង)")
                .with(Lang::Lo, "ການຮ່ວມມືຍຸດທະສາດ AIMF–EU, SGA4 (ຂໍ້ມູນທົດລອງ)")
                .with(Lang::Vi, "Quan hệ đối tác chiến lược AIMF–EU, SGA4 (dữ liệu minh họa)"),
            starts: date(2024, 1, 1),
            ends: date(2027, 12, 31),
            funder: "European Union (demo)".into(),
            currency: mekong_core::NETWORK_CURRENCY,
            contract_reference: "DEMO-SGA4-0000".into(),
            status: LogframeStatus::Approved,
            approved_version: 1,
            version: 1,
        };
        let mut nodes: Vec<LogframeNode> = Vec::new();
        for (level, code, parent, fr, en) in ENTRIES {
            let parent = nodes.iter().find(|n| n.code == parent).map(|n| n.id);
            nodes.push(LogframeNode {
                id: LogframeNodeId::new(),
                programme: programme_id,
                level,
                code: code.into(),
                parent,
                title: in_five(
                    fr,
                    en,
                    ENTRY_TITLES.iter().find(|t| t.0 == code).map(|(_, km, lo, vi)| (*km, *lo, *vi)),
                ),
                assumptions: if level == Level::Outcome {
                    "Municipal leadership remains committed to the network.".into()
                } else {
                    String::new()
                },
                version: 1,
            });
        }
        let mut indicators = Vec::new();
        for (entry, code, name, unit, measure, reported_by, by_sex, computation, baseline, target) in INDICATORS {
            let node = nodes
                .iter()
                .find(|n| n.code == entry)
                .map(|n| n.id)
                .ok_or_else(|| AppError::Internal(format!("demo entry {entry}")))?;
            let midway = baseline + (target - baseline) / 2.0;
            indicators.push(Indicator {
                id: IndicatorId::new(),
                programme: programme_id,
                node,
                code: code.into(),
                name: match INDICATOR_NAMES.iter().find(|n| n.0 == code) {
                    Some((_, fr, km, lo, vi)) => in_five(fr, name, Some((km, lo, vi))),
                    None => Text::new().with(Lang::En, name),
                },
                unit: unit.into(),
                measure,
                direction: Direction::Up,
                baseline: Some(baseline),
                baseline_on: Some(date(2024, 1, 1)),
                targets: vec![
                    TargetValue { on: date(2025, 12, 31), value: midway.round() },
                    TargetValue { on: date(2027, 12, 31), value: target },
                ],
                sources: if computation.is_some() {
                    "Mekong events records".into()
                } else {
                    "Reports of the focal points".into()
                },
                frequency: "yearly".into(),
                reported_by,
                dimensions: if by_sex { vec![Dimension::Sex] } else { Vec::new() },
                computation,
                version: 1,
            });
        }
        let periods: Vec<Period> = (2024..=2027)
            .map(|year| Period {
                id: PeriodId::new(),
                programme: programme_id,
                code: year.to_string(),
                starts: date(year, 1, 1),
                ends: date(year, 12, 31),
                locked: year <= 2025,
                version: 1,
            })
            .collect();
        let focal = |city: &str| {
            let email = match city {
                "KH-PNH" => "focal.phnompenh@mekong.example",
                _ => "focal.hue@mekong.example",
            };
            mekong_core::identity::Email::parse(email).ok()
        };
        // Phnom Penh's 2025 training figure comes with its list of those trained: the documents
        // library and the search show what a city files as evidence.
        let attendance = mekong_docs::plain_pdf(
            "Liste de présence : formation des agents municipaux au compostage, Phnom Penh 2025",
            &[
                "Quarante-cinq agents formés, dont vingt-trois femmes, en quatre sessions.",
                "Sessions tenues à Chamkar Mon, Daun Penh, Russey Keo et Sen Sok.",
            ],
        );
        let attendance_text = crate::documents::attached_text(&attendance).await;
        let txn = self.store.begin_write().await?;
        txn.save_programme(&programme).await?;
        txn.replace_logframe_nodes(programme_id, &nodes).await?;
        for indicator in &indicators {
            txn.save_indicator(indicator).await?;
        }
        for period in &periods {
            txn.save_period(period).await?;
        }
        let snapshot = Logframe {
            programme: programme.clone(),
            nodes: nodes.clone(),
            indicators: indicators.clone(),
            periods: periods.clone(),
        };
        txn.save_logframe_version(programme_id, 1, &snapshot, self.clock.now()).await?;
        let period_of = |year: i16| periods.iter().find(|p| p.starts.year() == year).map(|p| p.id);
        let status_of = |year: i16| if year <= 2025 { ValueStatus::Validated } else { ValueStatus::Submitted };
        let indicator_of = |code: &str| indicators.iter().find(|i| i.code == code).map(|i| i.id);
        let mut values = Vec::new();
        for (city, code, year, total, women) in CITY_VALUES {
            let author = match focal(city) {
                Some(email) => self.store.find_credentials(&email).await?.map(|c| c.user.id),
                None => None,
            };
            let cells = std::iter::once((String::new(), total))
                .chain(women.map(|w| (mekong_core::results::cell(Dimension::Sex, "female"), w)))
                .chain(women.map(|w| (mekong_core::results::cell(Dimension::Sex, "male"), total - w)));
            for (cell, value) in cells {
                values.push(value_record(
                    indicator_of(code),
                    period_of(year),
                    Some(CityCode::parse(city)?),
                    cell,
                    value,
                    status_of(year),
                    author,
                )?);
            }
        }
        for (code, year, value) in NETWORK_VALUES {
            values.push(value_record(
                indicator_of(code),
                period_of(year),
                None,
                String::new(),
                value,
                status_of(year),
                None,
            )?);
        }
        let trained = indicator_of("OP2.1.2");
        if let Some(value) = values.iter_mut().find(|v| {
            v.city.as_ref().is_some_and(|c| c.as_str() == "KH-PNH")
                && Some(v.indicator) == trained
                && Some(v.period) == period_of(2025)
                && v.cell.is_empty()
        }) {
            let document =
                self.store_file(&txn, "evidence", "liste-de-presence-compostage-2025.pdf", &attendance).await?;
            if let Some(text) = &attendance_text {
                txn.save_file_text(&document.sha256, text).await?;
            }
            value.evidence.push(document);
        }
        for value in &values {
            txn.save_value(value).await?;
        }
        let year = self.today().year();
        // Titles in French, English, Khmer, Lao and Vietnamese.
        let plan = [
            (
                "A1.1.1",
                [
                    "Conférence annuelle des villes d’Asie du Sud-Est",
                    "Annual conference of South-East Asian cities",
                    "សន្និសីទប្រចាំឆ្នាំនៃទីក្រុងអាស៊ីអាគ្នេយ៍",
                    "ກອງປະຊຸມປະຈຳປີຂອງບັນດາເມືອງໃນອາຊີຕາເວັນອອກສຽງໃຕ້",
                    "Hội nghị thường niên các thành phố Đông Nam Á",
                ],
                (11, 30),
                (12, 5),
                ActivityStatus::Planned,
                "",
                "KH-PNH, VN-HUI, LA-LPQ",
            ),
            (
                "A2.1.1",
                [
                    "Atelier régional sur les standards de données urbaines",
                    "Regional workshop on urban data standards",
                    "សិក្ខាសាលាថ្នាក់តំបន់ស្តីពីស្តង់ដារទិន្នន័យទីក្រុង",
                    "ກອງປະຊຸມສຳມະນາພາກພື້ນກ່ຽວກັບມາດຕະຖານຂໍ້ມູນຕົວເມືອງ",
                    "Hội thảo khu vực về chuẩn dữ liệu đô thị",
                ],
                (12, 21),
                (12, 22),
                ActivityStatus::Planned,
                "",
                "KH-PNH, LA-VTE",
            ),
            (
                "A2.1.1",
                [
                    "Inventaire des données urbaines des villes",
                    "Inventory of the cities' urban data",
                    "ការធ្វើបញ្ជីទិន្នន័យទីក្រុងរបស់ទីក្រុងនានា",
                    "ການສຳຫຼວດຂໍ້ມູນຕົວເມືອງຂອງບັນດາເມືອງ",
                    "Kiểm kê dữ liệu đô thị của các thành phố",
                ],
                (2, 1),
                (6, 30),
                ActivityStatus::Done,
                "",
                "KH-PNH, VN-HUI",
            ),
            (
                "A3.1.1",
                [
                    "Mission de conception de projet à Luang Prabang",
                    "Project design mission to Luang Prabang",
                    "បេសកកម្មរៀបចំគម្រោងទៅហ្លួងប្រាបាង",
                    "ພາລະກິດອອກແບບໂຄງການຢູ່ຫຼວງພະບາງ",
                    "Chuyến công tác thiết kế dự án tại Luang Prabang",
                ],
                (3, 10),
                (4, 15),
                ActivityStatus::Delayed,
                "Postponed at the city's request after the rainy season.",
                "LA-LPQ",
            ),
            (
                "A3.1.1",
                [
                    "Assistance technique au projet patrimonial de Huế",
                    "Technical assistance to Huế's heritage project",
                    "ជំនួយបច្ចេកទេសដល់គម្រោងបេតិកភណ្ឌរបស់ហ្វេ",
                    "ການຊ່ວຍເຫຼືອດ້ານວິຊາການແກ່ໂຄງການມໍລະດົກຂອງເມືອງເຫ້ວ",
                    "Hỗ trợ kỹ thuật cho dự án di sản của Huế",
                ],
                (5, 1),
                (9, 30),
                ActivityStatus::Ongoing,
                "",
                "VN-HUI",
            ),
            (
                "A4.1.1",
                [
                    "Note de position pour le Bureau de l’AIMF",
                    "Position note for the AIMF Bureau",
                    "កំណត់សម្គាល់ជំហរសម្រាប់ការិយាល័យ AIMF",
                    "ບົດບັນທຶກທ່າທີສຳລັບສຳນັກງານ AIMF",
                    "Ghi chú lập trường gửi Văn phòng AIMF",
                ],
                (9, 1),
                (10, 15),
                ActivityStatus::Done,
                "",
                "",
            ),
        ];
        for ((node, title, (m1, d1), (m2, d2), status, justification, cities), index) in plan.into_iter().zip(0..) {
            let activity = PlanActivity {
                id: ActivityId::new(),
                programme: programme_id,
                year,
                node: nodes.iter().find(|n| n.code == node).map(|n| n.id),
                title: [Lang::Fr, Lang::En, Lang::Km, Lang::Lo, Lang::Vi]
                    .into_iter()
                    .zip(title)
                    .fold(Text::new(), |text, (lang, value)| text.with(lang, value)),
                starts: date(year, m1, d1),
                ends: date(year, m2, d2),
                responsible: if index % 2 == 0 { "Network coordinator".into() } else { "Focal points".into() },
                cities: cities.split(", ").filter_map(|c| CityCode::parse(c).ok()).collect(),
                // Lines of the demo budget (see demo/finance.rs).
                budget_line: ["5.7", "1.3.3", "2.1", "5.5", "5.1", "5.8", "1.3.1", "2.2"][index % 8].into(),
                status,
                justification: justification.into(),
                progress_notes: String::new(),
                version: 1,
            };
            txn.save_plan_activity(&activity).await?;
        }
        let change = Change {
            action: "programme.demo_loaded",
            entity_type: "programme",
            entity_id: programme.code.clone(),
            before: None,
            after: Some(serde_json::json!({ "indicators": indicators.len(), "values": values.len() })),
        };
        self.record(&txn, demo_actor(), change).await?;
        txn.commit().await?;
        Ok(())
    }
}

fn value_record(
    indicator: Option<IndicatorId>,
    period: Option<PeriodId>,
    city: Option<CityCode>,
    cell: String,
    value: f64,
    status: ValueStatus,
    author: Option<mekong_core::ids::UserId>,
) -> Result<IndicatorValue, AppError> {
    let (Some(indicator), Some(period)) = (indicator, period) else {
        return Err(AppError::Internal("demo value without its indicator or period".into()));
    };
    Ok(IndicatorValue {
        id: ValueId::new(),
        indicator,
        period,
        city,
        cell,
        value: Some(value),
        comment: String::new(),
        evidence: Vec::new(),
        status,
        author,
        review_comment: String::new(),
        version: 1,
    })
}
