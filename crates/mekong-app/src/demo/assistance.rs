//! The demo's technical assistance: a request at each stage, with its history. Vientiane's
//! flood map is accepted and past its due date (the coordinator's home page shows it), Phnom
//! Penh's waste data standard was delivered and rated, Huế's heritage inventory waits for
//! triage, and Luang Prabang's tourism study was referred to UN-Habitat.

use super::demo_actor;
use crate::audit::Change;
use crate::{App, AppError};
use jiff::SignedDuration;
use jiff::civil::{Date, date};
use mekong_core::assistance::{
    Assignment, AssistanceRequest, AssistanceStatus, FollowUpNote, Rating, Score, Triage, Urgency,
};
use mekong_core::directory::CityCode;
use mekong_core::ids::AssistanceId;
use mekong_core::people::{PeopleFilter, Person};
use mekong_core::vocabulary::Theme;

/// How far a demo request went.
enum Stage {
    Requested,
    Referred(&'static str, &'static str),
    /// Accepted, the expert's name, the deliverables, the start and due dates, a note.
    Accepted(&'static str, &'static str, Date, Date, &'static str),
    /// As accepted, then delivered on a date and rated with a comment.
    Rated(&'static str, &'static str, Date, Date, Date, u8, &'static str),
}

struct DemoRequest {
    city: &'static str,
    title: &'static str,
    need: &'static str,
    theme: Theme,
    urgency: Urgency,
    days_ago: i64,
    stage: Stage,
}

fn demo_requests() -> [DemoRequest; 4] {
    [
        DemoRequest {
            city: "KH-PNH",
            title: "Standard de données sur la collecte des déchets / Waste collection data standard",
            need: "The city's districts record waste collection in different formats. We need a common data \
                   standard and a template that the districts can fill in every month.",
            theme: Theme::DataStandardisation,
            urgency: Urgency::Normal,
            days_ago: 120,
            stage: Stage::Rated(
                "Claire Martin (demo)",
                "A data standard (fields, codes) and a monthly spreadsheet template, presented to the districts.",
                date(2026, 8, 10),
                date(2026, 10, 15),
                date(2026, 10, 12),
                4,
                "Clear and usable; the districts started using the template in November.",
            ),
        },
        DemoRequest {
            city: "LA-VTE",
            title: "Carte des risques d’inondation du centre ancien / Flood risk map of the old town",
            need: "Heavy rains flood the streets around That Luang every year. We need help to map the flood risk \
                   and to prioritise drainage works for the next municipal budget.",
            theme: Theme::UrbanResilience,
            urgency: Urgency::High,
            days_ago: 60,
            stage: Stage::Accepted(
                "Jonas Weber (demo)",
                "A flood risk map of the old town and a short list of priority drainage works with costs.",
                date(2026, 10, 5),
                date(2026, 11, 27),
                "Field visit done with the public works department; the rainfall data arrive next week.",
            ),
        },
        DemoRequest {
            city: "VN-HUI",
            title: "Inventaire numérique du patrimoine / Digital heritage inventory",
            need: "We would like advice on building a digital inventory of the citadel's heritage buildings, \
                   open to the public and usable by the planning department.",
            theme: Theme::Heritage,
            urgency: Urgency::Low,
            days_ago: 3,
            stage: Stage::Requested,
        },
        DemoRequest {
            city: "LA-LPQ",
            title: "Étude de fréquentation touristique / Visitor flow study",
            need: "Visitor numbers in the heritage zone keep growing. We need a study of visitor flows to plan \
                   parking and pedestrian areas.",
            theme: Theme::ResponsibleTourism,
            urgency: Urgency::Normal,
            days_ago: 40,
            stage: Stage::Referred(
                "ONU-Habitat / UN-Habitat",
                "UN-Habitat runs a visitor flow programme for heritage cities in the region this year.",
            ),
        },
    ]
}

impl App {
    /// The demo requests, each step written to the trail as the pages would.
    pub(super) async fn load_demo_assistance(&self) -> Result<(), AppError> {
        let now = self.clock.now();
        let year = self.today().year();
        for (index, demo) in demo_requests().into_iter().enumerate() {
            let at = now.checked_sub(SignedDuration::from_hours(24 * demo.days_ago)).unwrap_or(now);
            let mut request = AssistanceRequest {
                id: AssistanceId::new(),
                number: format!("TA-{year:04}-{:03}", index + 1),
                city: CityCode::parse(demo.city)?,
                title: demo.title.into(),
                need: demo.need.split_whitespace().collect::<Vec<_>>().join(" "),
                theme: demo.theme,
                urgency: demo.urgency,
                documents: Vec::new(),
                requested_by: format!("Focal point {} (demo)", demo.city),
                requested_at: at,
                status: AssistanceStatus::Requested,
                triage_reason: String::new(),
                referred_to: String::new(),
                triaged_by: String::new(),
                assignment: None,
                notes: Vec::new(),
                delivered_on: None,
                rating: None,
                version: 1,
            };
            let mut steps: Vec<(&str, AssistanceRequest)> = vec![("assistance.requested", request.clone())];
            let coordinator = "Network coordinator (demo)";
            let invalid = AppError::Validation;
            match demo.stage {
                Stage::Requested => {}
                Stage::Referred(to, reason) => {
                    request
                        .triage(Triage::Refer { to: to.into(), reason: reason.into() }, coordinator)
                        .map_err(invalid)?;
                    steps.push(("assistance.referred", request.clone()));
                }
                Stage::Accepted(expert, deliverables, starts_on, due_on, note) => {
                    self.accept_demo(&mut request, &mut steps, (expert, deliverables, starts_on, due_on)).await?;
                    let note =
                        FollowUpNote { at: now, by: coordinator.into(), note: note.into(), documents: Vec::new() };
                    request.add_note(note).map_err(invalid)?;
                    steps.push(("assistance.note_added", request.clone()));
                }
                Stage::Rated(expert, deliverables, starts_on, due_on, delivered_on, score, comment) => {
                    self.accept_demo(&mut request, &mut steps, (expert, deliverables, starts_on, due_on)).await?;
                    request.deliver(delivered_on, self.today()).map_err(invalid)?;
                    steps.push(("assistance.delivered", request.clone()));
                    let score =
                        Score::parse(&score.to_string()).ok_or_else(|| AppError::Internal("demo score".into()))?;
                    let by = format!("Focal point {} (demo)", demo.city);
                    request.rate(Rating { score, comment: comment.into(), by, at: now }).map_err(invalid)?;
                    steps.push(("assistance.rated", request.clone()));
                }
            }
            let txn = self.store.begin_write().await?;
            let mut before: Option<AssistanceRequest> = None;
            for (version, (action, mut state)) in (1..).zip(steps) {
                state.version = version;
                let change = Change {
                    action,
                    entity_type: "assistance_request",
                    entity_id: state.id.to_string(),
                    before: before.as_ref().and_then(|b| serde_json::to_value(b).ok()),
                    after: serde_json::to_value(&state).ok(),
                };
                txn.save_assistance_request(&state).await?;
                self.record(&txn, demo_actor(), change).await?;
                before = Some(state);
            }
            txn.commit().await?;
        }
        Ok(())
    }

    /// Accepts a demo request and assigns the expert of the directory named `expert`.
    async fn accept_demo(
        &self,
        request: &mut AssistanceRequest,
        steps: &mut Vec<(&'static str, AssistanceRequest)>,
        (expert, deliverables, starts_on, due_on): (&str, &str, Date, Date),
    ) -> Result<(), AppError> {
        let invalid = AppError::Validation;
        request.triage(Triage::Accept, "Network coordinator (demo)").map_err(invalid)?;
        steps.push(("assistance.accepted", request.clone()));
        let filter = PeopleFilter { text: expert.into(), ..PeopleFilter::default() };
        let (people, _) = self.people_matching(&filter, 1, 0).await?;
        let person: Person = people.into_iter().next().ok_or(AppError::NotFound)?;
        let assignment = Assignment {
            expert: person.id,
            expert_name: person.display_name().to_owned(),
            expert_user: person.user,
            deliverables: deliverables.into(),
            starts_on,
            due_on,
        };
        request.assign(assignment).map_err(invalid)?;
        steps.push(("assistance.assigned", request.clone()));
        Ok(())
    }
}
