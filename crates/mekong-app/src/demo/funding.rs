//! The demo's funding sources: the EU delegation of the directory, the AFD and a foundation as
//! funders; five opportunities with deadlines in 2027 and a closed one of 2026; Phnom Penh's
//! application to the closed one won, Huế's lost, and Vientiane's in preparation (its owner is
//! reminded before the deadline).

use super::demo_actor;
use crate::audit::Change;
use crate::{App, AppError};
use jiff::civil::{Date, date};
use mekong_core::Lang;
use mekong_core::Text;
use mekong_core::deadline::Deadline;
use mekong_core::directory::CityCode;
use mekong_core::funding::{ApplicationStatus, CoFinancingRate, FundingApplication, Opportunity, Outcome};
use mekong_core::identity::Email;
use mekong_core::ids::{FundingApplicationId, OpportunityId, OrganisationId};
use mekong_core::money::{Currency, Money};
use mekong_core::people::{CountryCode, Names, Organisation, OrganisationFilter};
use mekong_core::vocabulary::{OrganisationKind, Theme};

/// The demo AFD, whose page the matrix test walks.
pub const DEMO_FUNDER: &str = "0195d8a0-0000-7000-8000-000000000010";
const DEMO_FOUNDATION: &str = "0195d8a0-0000-7000-8000-000000000011";
/// The AFD's closed call of 2026, with a document, and the applications decided on it.
pub const DEMO_OPPORTUNITY: &str = "0195d8a0-0000-7000-8000-000000000020";
/// Phnom Penh's application to it, won.
pub const DEMO_FUNDING_APPLICATION: &str = "0195d8a0-0000-7000-8000-000000000030";

/// The terms of the demo call: a PDF by its content.
const DEMO_TERMS: &[u8] = b"%PDF-1.4\n% Mekong demo: terms of the call\n%%EOF\n";

/// Which funder a demo opportunity is of.
#[derive(Clone, Copy)]
enum Funder {
    Eu,
    Afd,
    Foundation,
}

struct DemoOpportunity {
    id: Option<&'static str>,
    funder: Funder,
    fr: &'static str,
    en: &'static str,
    deadline: Date,
    time_zone: &'static str,
    amounts: (i64, i64),
    rate: &'static str,
    kinds: &'static [OrganisationKind],
    countries: &'static [&'static str],
    themes: &'static [Theme],
    link: &'static str,
}

fn demo_opportunities() -> [DemoOpportunity; 6] {
    use OrganisationKind::{AssociationOfLocalAuthorities, LocalAuthority, Ngo};
    [
        DemoOpportunity {
            id: Some(DEMO_OPPORTUNITY),
            funder: Funder::Afd,
            fr: "FICOL 2026 – Facilité de financement des collectivités locales",
            en: "FICOL 2026 – Local authorities financing facility",
            deadline: date(2026, 6, 30),
            time_zone: "Europe/Paris",
            amounts: (200_000, 1_500_000),
            rate: "80",
            kinds: &[LocalAuthority],
            countries: &["KH", "LA", "VN"],
            themes: &[Theme::UrbanGovernance, Theme::UrbanPlanning, Theme::Heritage],
            link: "https://www.afd.fr/fr/ficol",
        },
        DemoOpportunity {
            id: None,
            funder: Funder::Eu,
            fr: "Autorités locales : partenariats pour des villes durables 2027",
            en: "Local authorities: partnerships for sustainable cities 2027",
            deadline: date(2027, 3, 31),
            time_zone: "Europe/Brussels",
            amounts: (500_000, 2_000_000),
            rate: "90",
            kinds: &[LocalAuthority, AssociationOfLocalAuthorities],
            countries: &["KH", "LA", "VN"],
            themes: &[Theme::UrbanGovernance, Theme::ClimateChange],
            link: "https://international-partnerships.ec.europa.eu/funding-and-technical-assistance_en",
        },
        DemoOpportunity {
            id: None,
            funder: Funder::Afd,
            fr: "FICOL 2027 – Facilité de financement des collectivités locales",
            en: "FICOL 2027 – Local authorities financing facility",
            deadline: date(2027, 6, 30),
            time_zone: "Europe/Paris",
            amounts: (200_000, 1_500_000),
            rate: "80",
            kinds: &[LocalAuthority],
            countries: &[],
            themes: &[Theme::UrbanGovernance, Theme::UrbanPlanning, Theme::Heritage],
            link: "https://www.afd.fr/fr/ficol",
        },
        DemoOpportunity {
            id: None,
            funder: Funder::Eu,
            fr: "Villes résilientes au climat en Asie du Sud-Est",
            en: "Climate-resilient cities in Southeast Asia",
            deadline: date(2027, 9, 15),
            time_zone: "Asia/Bangkok",
            amounts: (300_000, 1_000_000),
            rate: "85",
            kinds: &[LocalAuthority, Ngo],
            countries: &["KH", "LA", "VN", "TH"],
            themes: &[Theme::UrbanResilience, Theme::ClimateChange],
            link: "https://international-partnerships.ec.europa.eu/",
        },
        DemoOpportunity {
            id: None,
            funder: Funder::Foundation,
            fr: "Patrimoine vivant : petites subventions 2027",
            en: "Living heritage: small grants 2027",
            deadline: date(2027, 4, 15),
            time_zone: "Europe/Paris",
            amounts: (10_000, 50_000),
            rate: "100",
            kinds: &[LocalAuthority, Ngo],
            countries: &[],
            themes: &[Theme::Heritage, Theme::ResponsibleTourism],
            link: "https://www.example.org/living-heritage",
        },
        DemoOpportunity {
            id: None,
            funder: Funder::Foundation,
            fr: "Données ouvertes pour les villes 2027",
            en: "Open data for cities 2027",
            deadline: date(2027, 11, 30),
            time_zone: "Asia/Phnom_Penh",
            amounts: (20_000, 120_000),
            rate: "75",
            kinds: &[LocalAuthority],
            countries: &["KH", "LA", "VN"],
            themes: &[Theme::DataStandardisation, Theme::DigitalTransition],
            link: "https://www.example.org/open-data-cities",
        },
    ]
}

fn fixed(id: &str) -> Result<uuid::Uuid, AppError> {
    uuid::Uuid::parse_str(id).map_err(|e| AppError::Internal(format!("demo id: {e}")))
}

fn eur(units: i64) -> Money {
    Money::new(units * 100, Currency::EUR)
}

impl App {
    /// The demo funders, opportunities and applications, each written to the trail.
    pub(super) async fn load_demo_funding(&self) -> Result<(), AppError> {
        let now = self.clock.now();
        let txn = self.store.begin_write().await?;
        let mut funders = Vec::new();
        for (id, fr, en, country, website) in [
            (
                DEMO_FUNDER,
                "Agence française de développement",
                "French Development Agency (AFD)",
                "FR",
                "https://www.afd.fr/",
            ),
            (
                DEMO_FOUNDATION,
                "Fondation démo pour les villes (fictive)",
                "Demo foundation for cities (fictitious)",
                "FR",
                "",
            ),
        ] {
            let funder = Organisation {
                id: OrganisationId(fixed(id)?),
                kind: OrganisationKind::Funder,
                names: Names { fr: fr.into(), en: en.into(), local: String::new() },
                country: CountryCode::parse(country).ok_or(AppError::Internal("country".into()))?,
                admin_region: String::new(),
                latitude: None,
                longitude: None,
                website: website.into(),
                languages: vec!["fr".into(), "en".into()],
                themes: vec![Theme::UrbanGovernance],
                city: None,
                network_roles: Vec::new(),
                membership: None,
                version: 1,
            };
            txn.insert_organisation(&funder, now).await?;
            funders.push(funder);
        }
        let filter = OrganisationFilter {
            kind: Some(OrganisationKind::Funder),
            text: "Union".into(),
            ..OrganisationFilter::default()
        };
        let eu = self.organisations_matching(&filter, 1, 0).await?.0.into_iter().next().ok_or(AppError::NotFound)?;
        let terms = self.store_file(&txn, "documents", "terms-of-the-call.pdf", DEMO_TERMS).await?;
        for demo in demo_opportunities() {
            let funder = match demo.funder {
                Funder::Eu => &eu,
                Funder::Afd => funders.first().ok_or(AppError::NotFound)?,
                Funder::Foundation => funders.last().ok_or(AppError::NotFound)?,
            };
            let deadline = Deadline::new(demo.deadline.at(23, 59, 59, 0), demo.time_zone)
                .map_err(|e| AppError::Internal(format!("demo deadline: {e}")))?;
            let opportunity = Opportunity {
                id: demo.id.map(fixed).transpose()?.map_or_else(OpportunityId::new, OpportunityId),
                funder: funder.id,
                funder_name: funder.names.for_reader(Lang::En).to_owned(),
                title: Text::new().with(Lang::Fr, demo.fr).with(Lang::En, demo.en),
                deadline,
                minimum: Some(eur(demo.amounts.0)),
                maximum: Some(eur(demo.amounts.1)),
                co_financing: CoFinancingRate::parse(demo.rate),
                applicant_kinds: demo.kinds.to_vec(),
                countries: demo.countries.iter().filter_map(|c| CountryCode::parse(c)).collect(),
                themes: demo.themes.to_vec(),
                link: demo.link.into(),
                documents: if demo.id.is_some() { vec![terms.clone()] } else { Vec::new() },
                version: 1,
            };
            txn.save_opportunity(&opportunity).await?;
            let change = Change {
                action: "funding.opportunity_created",
                entity_type: "funding_opportunity",
                entity_id: opportunity.id.to_string(),
                before: None,
                after: serde_json::to_value(&opportunity).ok(),
            };
            self.record(&txn, demo_actor(), change).await?;
        }
        txn.commit().await?;
        self.load_demo_funding_applications().await
    }

    /// Phnom Penh's won application and Huế's lost one to the closed FICOL 2026, Vientiane's in
    /// preparation for the EU's call of 2027.
    async fn load_demo_funding_applications(&self) -> Result<(), AppError> {
        let closed = self.store.opportunity(OpportunityId(fixed(DEMO_OPPORTUNITY)?)).await?;
        let (eu_call, _) =
            self.store.opportunity_page(&mekong_store::funding::OpportunityFilter::default(), 0, 10).await?;
        let eu_call = eu_call
            .into_iter()
            .find(|o| o.title.get(Lang::En).starts_with("Local authorities"))
            .ok_or(AppError::NotFound)?;
        let demo = [
            (
                Some(DEMO_FUNDING_APPLICATION),
                &closed,
                "KH-PNH",
                "focal.phnompenh@mekong.example",
                600_000,
                Some((true, 480_000, "Granted for the riverside heritage district plan; 80 % co-financing.")),
            ),
            (
                None,
                &closed,
                "VN-HUI",
                "focal.hue@mekong.example",
                900_000,
                Some((false, 0, "Not selected this round: the funder asks for a stronger climate component.")),
            ),
            (None, &eu_call, "LA-VTE", "focal.vientiane@mekong.example", 750_000, None),
        ];
        let txn = self.store.begin_write().await?;
        for (id, opportunity, city, owner, requested, outcome) in demo {
            let owner = self.store.find_credentials(&Email::parse(owner)?).await?.ok_or(AppError::NotFound)?.user;
            let mut application = FundingApplication {
                id: id.map(fixed).transpose()?.map_or_else(FundingApplicationId::new, FundingApplicationId),
                opportunity: opportunity.id,
                funder: opportunity.funder,
                city: CityCode::parse(city)?,
                project: None,
                owner: owner.id,
                owner_name: owner.display_name.clone(),
                requested: eur(requested),
                status: ApplicationStatus::Preparing,
                outcome: None,
                reminded: Vec::new(),
                recorded_at: self.clock.now(),
                version: 1,
            };
            if let Some((won, granted, comment)) = outcome {
                application.status = if won { ApplicationStatus::Won } else { ApplicationStatus::Lost };
                application.outcome = Some(Outcome {
                    on: date(2026, 10, 15),
                    granted: won.then(|| eur(granted)),
                    comment: comment.into(),
                });
            }
            txn.save_funding_application(&application).await?;
            let change = Change {
                action: "funding.application_recorded",
                entity_type: "funding_application",
                entity_id: application.id.to_string(),
                before: None,
                after: serde_json::to_value(&application).ok(),
            };
            self.record(&txn, demo_actor(), change).await?;
            if application.status == ApplicationStatus::Preparing {
                self.schedule_application_reminders(&txn, &application, opportunity.deadline.instant).await?;
            }
        }
        txn.commit().await?;
        Ok(())
    }
}
