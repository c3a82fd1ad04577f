//! The demo's meetings: the network's real milestones (see the sources in `data/README.md`),
//! one upcoming workshop with its agenda and invited focal points, and example per diem rates.

use super::demo_actor;
use crate::audit::Change;
use crate::{App, AppError};
use jiff::civil::{Date, DateTime};
use mekong_core::directory::CityCode;
use mekong_core::events::{AgendaItem, Event, PerDiemRate, Travel};
use mekong_core::ids::{AgendaItemId, EventId, PerDiemRateId};
use mekong_core::money::{Currency, Money};
use mekong_core::people::{CountryCode, PeopleFilter};
use mekong_core::vocabulary::{EventKind, EventStatus, PaidBy, ParticipantStatus, Theme};
use mekong_core::{Lang, Text};

/// A milestone: kind, host city, venue, time zone, first and last day, French and English titles.
type Milestone =
    (EventKind, &'static str, &'static str, &'static str, &'static str, &'static str, &'static str, &'static str);

/// The network's meetings as public sources record them. The September 2024 meeting in
/// Vientiane is known by its month only: its day is shown as the 1st and its description says so.
const MILESTONES: [Milestone; 5] = [
    (
        EventKind::Conference,
        "LA-VTE",
        "Vientiane",
        "Asia/Vientiane",
        "2013-04-01",
        "2013-04-04",
        "Bureau de l’AIMF et séminaire sur le patrimoine",
        "AIMF Bureau and heritage seminar",
    ),
    (
        EventKind::Conference,
        "VN-HUI",
        "Huế",
        "Asia/Ho_Chi_Minh",
        "2017-12-14",
        "2017-12-15",
        "Conférence des maires d’Asie du Sud-Est",
        "South-East Asian mayors’ conference",
    ),
    (
        EventKind::Conference,
        "KH-PNH",
        "Phnom Penh",
        "Asia/Phnom_Penh",
        "2019-12-02",
        "2019-12-02",
        "2e Conférence des villes d’Asie du Sud-Est : plan d’action (données numériques, normalisation, résilience, climat)",
        "2nd Conference of South-East Asian Cities: action plan (digital data, standardisation, resilience, climate)",
    ),
    (
        EventKind::Conference,
        "KH-PNH",
        "Phnom Penh",
        "Asia/Phnom_Penh",
        "2022-12-03",
        "2022-12-03",
        "Rencontre des villes d’Asie du Sud-Est à Phnom Penh",
        "Meeting of South-East Asian cities in Phnom Penh",
    ),
    (
        EventKind::Conference,
        "LA-VTE",
        "Vientiane",
        "Asia/Vientiane",
        "2024-09-01",
        "2024-09-01",
        "Rencontre du réseau à Vientiane (septembre 2024)",
        "Network meeting in Vientiane (September 2024)",
    ),
];

/// The milestones' titles in Khmer, Lao and Vietnamese, by first day (French and English are in
/// [`MILESTONES`]).
const MILESTONE_TITLES: [(&str, &str, &str, &str); 5] = [
    (
        "2013-04-01",
        "ការិយាល័យ AIMF និងសិក្ខាសាលាស្តីពីបេតិកភណ្ឌ",
        "ຫ້ອງການ AIMF ແລະ ສຳມະນາກ່ຽວກັບມໍລະດົກ",
        "Văn phòng AIMF và hội thảo về di sản",
    ),
    ("2017-12-14", "សន្និសីទអភិបាលក្រុងអាស៊ីអាគ្នេយ៍", "ກອງປະຊຸມເຈົ້າຄອງນະຄອນອາຊີຕາເວັນອອກສ່ຽງໃຕ້", "Hội nghị thị trưởng Đông Nam Á"),
    (
        "2019-12-02",
        "សន្និសីទលើកទី ២ នៃទីក្រុងអាស៊ីអាគ្នេយ៍៖ ផែនការសកម្មភាព (ទិន្នន័យឌីជីថល ស្តង់ដារ ភាពធន់ អាកាសធាតុ)",
        "ກອງປະຊຸມຄັ້ງທີ 2 ຂອງເມືອງອາຊີຕາເວັນອອກສ່ຽງໃຕ້: ແຜນປະຕິບັດງານ (ຂໍ້ມູນດິຈິຕອນ, ມາດຕະຖານ, ຄວາມທົນທານ, ດິນຟ້າອາກາດ)",
        "Hội nghị lần 2 các thành phố Đông Nam Á: kế hoạch hành động (dữ liệu số, chuẩn hóa, khả năng chống chịu, khí hậu)",
    ),
    (
        "2022-12-03",
        "ជំនួបទីក្រុងអាស៊ីអាគ្នេយ៍នៅភ្នំពេញ",
        "ການພົບປະຂອງເມືອງອາຊີຕາເວັນອອກສ່ຽງໃຕ້ທີ່ພະນົມເປັນ",
        "Gặp gỡ các thành phố Đông Nam Á tại Phnôm Pênh",
    ),
    (
        "2024-09-01",
        "ជំនួបបណ្តាញនៅវៀងចន្ទន៍ (កញ្ញា ២០២៤)",
        "ກອງປະຊຸມເຄືອຂ່າຍທີ່ວຽງຈັນ (ກັນຍາ 2024)",
        "Cuộc họp mạng lưới tại Viêng Chăn (tháng 9/2024)",
    ),
];

/// Example per diem rates per night: clearly not official (`example` is set and shown).
const EXAMPLE_RATES: [(&str, i64); 4] = [("KH", 10_000), ("LA", 9_500), ("VN", 10_500), ("FR", 15_000)];

fn date(text: &str) -> Result<Date, AppError> {
    text.parse().map_err(|e| AppError::Internal(format!("demo date {text}: {e}")))
}

fn at(day: Date, hour: i8) -> DateTime {
    day.at(hour, 0, 0, 0)
}

impl App {
    /// Loads the demo's meetings, with the demo focal points as participants.
    pub(super) async fn load_demo_events(&self) -> Result<(), AppError> {
        let people =
            self.store.people(&PeopleFilter { focal_points_only: true, ..PeopleFilter::default() }, 50, 0).await?.0;
        let country =
            |code: &str| CountryCode::parse(code).ok_or_else(|| AppError::Internal(format!("country {code}")));
        let mut events = Vec::new();
        for (kind, city, venue, zone, first, last, fr, en) in MILESTONES {
            let host = CityCode::parse(city)?;
            let note = if first == "2024-09-01" {
                "Dates exactes non confirmées par nos sources ; le jour indiqué est le premier du mois."
            } else {
                ""
            };
            events.push(Event {
                id: EventId::new(),
                kind,
                status: EventStatus::Held,
                title: match MILESTONE_TITLES.iter().find(|t| t.0 == first) {
                    Some((_, km, lo, vi)) => Text::new()
                        .with(Lang::Fr, fr)
                        .with(Lang::En, en)
                        .with(Lang::Km, *km)
                        .with(Lang::Lo, *lo)
                        .with(Lang::Vi, *vi),
                    None => Text::new().with(Lang::Fr, fr).with(Lang::En, en),
                },
                description: Text::new().with(Lang::Fr, note),
                country: country(city.get(..2).unwrap_or_default())?,
                host_city: Some(host),
                host_organisation: None,
                venue: venue.to_owned(),
                online_url: String::new(),
                starts: at(date(first)?, 9),
                ends: at(date(last)?, 17),
                time_zone: zone.to_owned(),
                languages: vec![Lang::Fr, Lang::En],
                interpretation: String::new(),
                capacity: None,
                themes: vec![Theme::UrbanGovernance],
                activity_code: String::new(),
                open_registration: false,
                sequence: 0,
                version: 1,
            });
        }
        let workshop_day = self.today().saturating_add(jiff::Span::new().days(21));
        let workshop = Event {
            id: EventId::new(),
            kind: EventKind::Workshop,
            status: EventStatus::Announced,
            title: Text::new()
                .with(Lang::Fr, "Atelier régional sur les normes de données urbaines (démo)")
                .with(Lang::En, "Regional workshop on urban data standards (demo)")
                .with(Lang::Km, "សិក្ខាសាលាថ្នាក់តំបន់ស្តីពីស្តង់ដារទិន្នន័យទីក្រុង (សាកល្បង)")
                .with(Lang::Lo, "ກອງປະຊຸມພາກພື້ນກ່ຽວກັບມາດຕະຖານຂໍ້ມູນຕົວເມືອງ (ທົດລອງ)")
                .with(Lang::Vi, "Hội thảo khu vực về chuẩn dữ liệu đô thị (demo)"),
            description: Text::new()
                .with(
                    Lang::Fr,
                    "Exemple de démonstration : partage des pratiques des villes membres sur les données urbaines.",
                )
                .with(Lang::En, "Demo example: member cities share their practice with urban data."),
            host_city: Some(CityCode::parse("KH-PNH")?),
            host_organisation: None,
            country: country("KH")?,
            venue: "Phnom Penh City Hall".into(),
            online_url: String::new(),
            starts: at(workshop_day, 9),
            ends: at(workshop_day.saturating_add(jiff::Span::new().days(1)), 16),
            time_zone: "Asia/Phnom_Penh".into(),
            languages: vec![Lang::Fr, Lang::En, Lang::Km, Lang::Lo, Lang::Vi],
            interpretation: "fr ⇄ km, lo, vi".into(),
            capacity: Some(40),
            themes: vec![Theme::DataStandardisation, Theme::DigitalTransition],
            activity_code: "A2.1.1".into(),
            open_registration: true,
            sequence: 0,
            version: 1,
        };
        let txn = self.store.begin_write().await?;
        for (index, event) in events.iter().chain(std::iter::once(&workshop)).enumerate() {
            txn.save_event(event, self.clock.now()).await?;
            let change = Change {
                action: "event.created",
                entity_type: "event",
                entity_id: event.id.to_string(),
                before: None,
                after: serde_json::to_value(event).ok(),
            };
            self.record(&txn, demo_actor(), change).await?;
            // The focal points took part in the meetings since the regional office opened (2019).
            let upcoming = index == events.len();
            if !upcoming && event.starts.year() < 2019 {
                continue;
            }
            for person in &people {
                let mut participant = self.participant_from_person(event, person).await?;
                participant.status = if upcoming { ParticipantStatus::Invited } else { ParticipantStatus::Accepted };
                if upcoming && person.focal_point_of.as_ref().is_some_and(|c| c.as_str() != "KH-PNH") {
                    participant.status = ParticipantStatus::Accepted;
                    participant.travel = Travel {
                        from: person.focal_point_of.as_ref().map(ToString::to_string).unwrap_or_default(),
                        arrival: Some(workshop_day.yesterday().unwrap_or(workshop_day)),
                        departure: workshop_day.saturating_add(jiff::Span::new().days(2)).into(),
                        paid_by: PaidBy::Programme,
                        budget_line: "2.1".into(),
                        fare: demo_fare(person.focal_point_of.as_ref()),
                    };
                }
                self.add_participant(&txn, &participant).await?;
            }
        }
        let sessions = [
            (9, 10, "Opening and introductions", "Phnom Penh City Hall"),
            (10, 12, "Urban data in member cities: what each city collects", "Focal points"),
            (14, 16, "Towards shared standards: next steps", "Network coordinator"),
        ];
        for (start, end, title, speakers) in sessions {
            let item = AgendaItem {
                id: AgendaItemId::new(),
                event: workshop.id,
                starts: at(workshop_day, start),
                ends: at(workshop_day, end),
                title: title.into(),
                speakers: speakers.into(),
                place: String::new(),
                documents: Vec::new(),
                version: 1,
            };
            txn.save_agenda_item(&item).await?;
        }
        for (code, daily_minor) in EXAMPLE_RATES {
            let rate = PerDiemRate {
                id: PerDiemRateId::new(),
                country: country(code)?,
                daily: Money::new(daily_minor, mekong_core::NETWORK_CURRENCY),
                valid_from: date("2024-01-01")?,
                valid_until: None,
                example: true,
                version: 1,
            };
            txn.save_per_diem_rate(&rate).await?;
        }
        self.schedule_reminders(&txn, &workshop).await?;
        txn.commit().await?;
        Ok(())
    }
}

/// A plausible fare to Phnom Penh: bought in dong from a Vietnamese city, in euros (by the
/// programme) from elsewhere; so the demo's costs show a line per currency.
fn demo_fare(from: Option<&CityCode>) -> Money {
    match from {
        Some(city) if city.as_str().starts_with("VN-") => Money::new(4_500_000, Currency::VND),
        _ => Money::new(18_000, mekong_core::NETWORK_CURRENCY),
    }
}
