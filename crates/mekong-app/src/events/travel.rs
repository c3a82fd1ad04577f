//! Travel and per diems: each participant's journey and who pays, and the per-country rate
//! table (with validity dates) that an administrator maintains.

use crate::audit::{Change, audit_actor};
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::Lang;
use mekong_core::events::{Participant, PerDiemRate, Travel};
use mekong_core::ids::{EventId, ParticipantId, PerDiemRateId};
use mekong_core::input::{self, TextKind};
use mekong_core::money::{Money, parse_currency_field, parse_money_field};
use mekong_core::people::{CountryCode, parse_date};
use mekong_core::validation::FieldErrors;
use mekong_core::vocabulary::PaidBy;

/// A participant's travel as typed into its form, by a reader of `typed_in` (whose decimal
/// mark the fare is read with).
#[derive(Debug, Clone)]
pub struct TravelDraft {
    pub from: String,
    pub arrival: String,
    pub departure: String,
    pub paid_by: String,
    pub budget_line: String,
    pub fare: String,
    pub currency: String,
    pub typed_in: Lang,
}

impl TravelDraft {
    pub fn of(travel: &Travel, typed_in: Lang) -> TravelDraft {
        TravelDraft {
            from: travel.from.clone(),
            arrival: travel.arrival.map(|d| d.to_string()).unwrap_or_default(),
            departure: travel.departure.map(|d| d.to_string()).unwrap_or_default(),
            paid_by: travel.paid_by.code().to_owned(),
            budget_line: travel.budget_line.clone(),
            fare: travel.fare.plain(),
            currency: travel.fare.currency().code().to_owned(),
            typed_in,
        }
    }

    fn parse(&self) -> Result<Travel, FieldErrors> {
        let mut errors = FieldErrors::default();
        let arrival = parse_date(&self.arrival, "arrival", &mut errors);
        let departure = parse_date(&self.departure, "departure", &mut errors);
        if let (Some(arrival), Some(departure)) = (arrival, departure)
            && departure < arrival
        {
            errors.add("departure", "error-departure-before-arrival");
        }
        let from = input::check(&self.from, TextKind::Name, "from", &mut errors);
        let paid_by = PaidBy::parse(&self.paid_by);
        if paid_by.is_none() {
            errors.add("paid_by", "error-required");
        }
        let fare = parse_currency_field(&self.currency, "currency", &mut errors).and_then(|currency| {
            // No fare typed means none paid (yet): zero, in the currency chosen beside it.
            if self.fare.trim().is_empty() {
                return Some(Money::zero(currency));
            }
            parse_money_field(&self.fare, currency, self.typed_in, "fare", &mut errors)
        });
        match (paid_by, fare, errors.is_empty()) {
            (Some(paid_by), Some(fare), true) => {
                Ok(Travel { from, arrival, departure, paid_by, budget_line: self.budget_line.trim().to_owned(), fare })
            }
            _ => Err(errors),
        }
    }
}

/// A rate as typed into the rate table's form, by a reader of `typed_in`.
#[derive(Debug, Clone)]
pub struct PerDiemRateDraft {
    pub country: String,
    pub daily: String,
    pub currency: String,
    pub valid_from: String,
    pub valid_until: String,
    pub example: bool,
    pub typed_in: Lang,
}

impl PerDiemRateDraft {
    fn parse(&self, id: PerDiemRateId, version: i32) -> Result<PerDiemRate, FieldErrors> {
        let mut errors = FieldErrors::default();
        let country = CountryCode::parse(&self.country);
        if country.is_none() {
            errors.add("country", "error-country-code");
        }
        let daily = parse_currency_field(&self.currency, "currency", &mut errors)
            .and_then(|currency| parse_money_field(&self.daily, currency, self.typed_in, "daily", &mut errors));
        if daily.is_some_and(Money::is_zero) {
            errors.add("daily", "error-amount");
        }
        let valid_from = parse_date(&self.valid_from, "valid_from", &mut errors);
        if valid_from.is_none() && !errors.0.iter().any(|e| e.field == "valid_from") {
            errors.add("valid_from", "error-required");
        }
        let valid_until = parse_date(&self.valid_until, "valid_until", &mut errors);
        if let (Some(from), Some(until)) = (valid_from, valid_until)
            && until < from
        {
            errors.add("valid_until", "error-until-before-from");
        }
        match (country, daily, valid_from, errors.is_empty()) {
            (Some(country), Some(daily), Some(valid_from), true) => {
                Ok(PerDiemRate { id, country, daily, valid_from, valid_until, example: self.example, version })
            }
            _ => Err(errors),
        }
    }
}

impl App {
    /// Saves a participant's travel, edited from `version`.
    pub async fn save_travel(
        &self,
        actor: &Actor,
        event: EventId,
        participant: ParticipantId,
        version: i32,
        draft: &TravelDraft,
    ) -> Result<Participant, AppError> {
        let (event, before) = self.managed_participant(actor, event, participant).await?;
        if before.version != version {
            return Err(AppError::Conflict);
        }
        let mut errors = FieldErrors::default();
        self.check_budget_line(None, &draft.budget_line, &mut errors).await?;
        let travel = draft.parse().map_err(|mut found| {
            found.0.extend(errors.0.clone());
            AppError::Validation(found)
        })?;
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let mut participant = before.clone();
        participant.travel = travel;
        participant.version += 1;
        let txn = self.store.begin_write().await?;
        txn.update_participant(&participant).await?;
        let change = Change {
            action: "event.travel_saved",
            entity_type: "event",
            entity_id: event.id.to_string(),
            before: serde_json::to_value(&before.travel).ok(),
            after: serde_json::to_value(&participant.travel).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(participant)
    }

    /// The rate table: anyone who runs events reads it, an administrator maintains it.
    pub async fn per_diem_rates(&self, actor: &Actor) -> Result<Vec<PerDiemRate>, AppError> {
        policy::authorise(actor, Permission::ManageEvents, &Target::Nothing)?;
        Ok(self.store.per_diem_rates().await?)
    }

    /// Adds a rate (`id` none) or saves one edited from `version`.
    pub async fn save_per_diem_rate(
        &self,
        actor: &Actor,
        id: Option<(PerDiemRateId, i32)>,
        draft: &PerDiemRateDraft,
    ) -> Result<PerDiemRate, AppError> {
        policy::authorise(actor, Permission::ManagePerDiemRates, &Target::Nothing)?;
        let (rate_id, version) = id.map_or((PerDiemRateId::new(), 1), |(id, version)| (id, version + 1));
        let rate = draft.parse(rate_id, version).map_err(AppError::Validation)?;
        let before = self.store.per_diem_rates().await?.into_iter().find(|r| r.id == rate_id);
        if version > 1 && before.is_none() {
            return Err(AppError::NotFound);
        }
        let txn = self.store.begin_write().await?;
        txn.save_per_diem_rate(&rate).await?;
        let change = Change {
            action: if version == 1 { "per_diem_rate.created" } else { "per_diem_rate.updated" },
            entity_type: "per_diem_rate",
            entity_id: rate.id.to_string(),
            before: before.and_then(|b| serde_json::to_value(b).ok()),
            after: serde_json::to_value(&rate).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(rate)
    }
}
