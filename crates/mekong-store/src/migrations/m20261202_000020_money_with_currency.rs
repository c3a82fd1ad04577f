//! Amounts get their currency. A participant's fare (`travel.fare_minor`, minor units of the
//! network's euros, which is what every fare recorded so far meant) becomes `travel.fare`, an
//! amount with `EUR`; a per diem rate's `daily_minor` and `currency` become one `daily` amount.
//! The records are JSON, so each row is read, rewritten with serde_json and written back, the
//! same way on SQLite and PostgreSQL. Programmes keep their code (`"currency": "EUR"` is how a
//! currency is stored), but are checked too: a rate or a programme in a code that is not an
//! ISO 4217 currency stops the migration with its id rather than guessing. Audit entries keep
//! the shape they were written with: they are history, and their hashes cover them.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;
use serde_json::{Map, Value, json};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The currency fares were in before they said it.
const FARES_CURRENCY: &str = "EUR";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rewrite_records(manager, "event_participants", fare_with_currency).await?;
        rewrite_records(manager, "per_diem_rates", daily_rate_with_currency).await?;
        rewrite_records(manager, "programmes", programme_currency_known).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rewrite_records(manager, "event_participants", fare_in_euros).await?;
        rewrite_records(manager, "per_diem_rates", daily_rate_in_minor_units).await
    }
}

/// A change to one record; `Ok(false)` when it has nothing to change (already rewritten).
pub(super) type Rewrite = fn(&mut Map<String, Value>) -> Result<bool, String>;

/// Applies `rewrite` to the JSON `record` of every row of `table`.
pub(super) async fn rewrite_records(manager: &SchemaManager<'_>, table: &str, rewrite: Rewrite) -> Result<(), DbErr> {
    let connection = manager.get_connection();
    let select = Query::select().columns([Alias::new("id"), Alias::new("record")]).from(Alias::new(table)).to_owned();
    for row in connection.query_all(&select).await? {
        let id: uuid::Uuid = row.try_get("", "id")?;
        let text: String = row.try_get("", "record")?;
        let mut record: Map<String, Value> = serde_json::from_str(&text)
            .map_err(|e| DbErr::Migration(format!("{table} {id}: the record is not a JSON object: {e}")))?;
        if !rewrite(&mut record).map_err(|e| DbErr::Migration(format!("{table} {id}: {e}")))? {
            continue;
        }
        let text = serde_json::to_string(&record).map_err(|e| DbErr::Migration(e.to_string()))?;
        let update = Query::update()
            .table(Alias::new(table))
            .value(Alias::new("record"), text)
            .and_where(Expr::col(Alias::new("id")).eq(id))
            .to_owned();
        connection.execute(&update).await?;
    }
    Ok(())
}

/// An amount as `Money` stores it.
fn amount(minor: &Value, currency: &str) -> Value {
    json!({ "amount_minor": minor, "currency": currency })
}

/// `travel.fare_minor` (euros) becomes `travel.fare`.
fn fare_with_currency(participant: &mut Map<String, Value>) -> Result<bool, String> {
    let Some(travel) = participant.get_mut("travel").and_then(Value::as_object_mut) else {
        return Err("the participant has no travel".into());
    };
    let Some(minor) = travel.remove("fare_minor") else {
        return Ok(false);
    };
    travel.insert("fare".into(), amount(&minor, FARES_CURRENCY));
    Ok(true)
}

/// `daily_minor` and `currency` become `daily`, once the code is checked.
fn daily_rate_with_currency(rate: &mut Map<String, Value>) -> Result<bool, String> {
    let Some(minor) = rate.remove("daily_minor") else {
        return Ok(false);
    };
    let currency = known_currency(rate.remove("currency"))?;
    rate.insert("daily".into(), amount(&minor, currency.code()));
    Ok(true)
}

/// Changes nothing: only refuses a programme whose currency would no longer read.
fn programme_currency_known(programme: &mut Map<String, Value>) -> Result<bool, String> {
    known_currency(programme.get("currency").cloned()).map(|_| false)
}

/// The ISO 4217 currency a stored code names; the old forms took any three letters.
fn known_currency(code: Option<Value>) -> Result<mekong_core::money::Currency, String> {
    let code = code.and_then(|c| c.as_str().map(str::to_owned)).unwrap_or_default();
    mekong_core::money::Currency::parse(&code)
        .map_err(|_| format!("the currency {code:?} is not an ISO 4217 code: correct it, then migrate again"))
}

/// Back to `travel.fare_minor`, which can only say euros.
fn fare_in_euros(participant: &mut Map<String, Value>) -> Result<bool, String> {
    let Some(travel) = participant.get_mut("travel").and_then(Value::as_object_mut) else {
        return Err("the participant has no travel".into());
    };
    let Some(fare) = travel.remove("fare") else {
        return Ok(false);
    };
    if fare.get("currency").and_then(Value::as_str) != Some(FARES_CURRENCY) {
        return Err(format!("the fare {fare} is not in {FARES_CURRENCY}, which the old shape cannot say"));
    }
    travel.insert("fare_minor".into(), fare.get("amount_minor").cloned().unwrap_or(Value::Null));
    Ok(true)
}

/// Back to `daily_minor` and `currency`.
fn daily_rate_in_minor_units(rate: &mut Map<String, Value>) -> Result<bool, String> {
    let Some(daily) = rate.remove("daily") else {
        return Ok(false);
    };
    rate.insert("daily_minor".into(), daily.get("amount_minor").cloned().unwrap_or(Value::Null));
    rate.insert("currency".into(), daily.get("currency").cloned().unwrap_or(Value::Null));
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn fares_were_euros_and_rates_keep_their_currency() {
        let mut participant = object(json!({ "name": "Dara", "travel": { "from": "KH-SRP", "fare_minor": 18000 } }));
        assert_eq!(fare_with_currency(&mut participant), Ok(true));
        assert_eq!(
            Value::Object(participant.clone()),
            json!({ "name": "Dara", "travel": { "from": "KH-SRP", "fare": { "amount_minor": 18000, "currency": "EUR" } } })
        );
        assert_eq!(fare_with_currency(&mut participant), Ok(false), "a second run changes nothing");
        assert_eq!(fare_in_euros(&mut participant), Ok(true));
        assert_eq!(participant.get("travel").and_then(|t| t.get("fare_minor")), Some(&json!(18000)));

        let mut rate = object(json!({ "country": "LA", "daily_minor": 9000, "currency": "USD" }));
        assert_eq!(daily_rate_with_currency(&mut rate), Ok(true));
        assert_eq!(
            Value::Object(rate.clone()),
            json!({ "country": "LA", "daily": { "amount_minor": 9000, "currency": "USD" } })
        );
        assert_eq!(daily_rate_in_minor_units(&mut rate), Ok(true));
        assert_eq!(Value::Object(rate), json!({ "country": "LA", "daily_minor": 9000, "currency": "USD" }));
    }

    #[test]
    fn a_rate_or_a_programme_in_an_unknown_currency_stops_the_migration() {
        let mut rate = object(json!({ "country": "LA", "daily_minor": 9000, "currency": "ABC" }));
        assert!(daily_rate_with_currency(&mut rate).is_err_and(|e| e.contains("ABC")));
        let mut programme = object(json!({ "code": "SGA4", "currency": "EUR" }));
        assert_eq!(programme_currency_known(&mut programme), Ok(false));
        let mut programme = object(json!({ "code": "SGA4", "currency": "EUO" }));
        assert!(programme_currency_known(&mut programme).is_err_and(|e| e.contains("EUO")));
    }
}
