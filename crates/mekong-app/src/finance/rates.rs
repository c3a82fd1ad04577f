//! The monthly exchange rates to the euro, imported from a CSV (the EU's InforEuro rates) all or
//! nothing, and the funds received whose rate is the accounting rate. New rates convert the
//! expenses that were waiting for one.

use crate::audit::{Change, audit_actor};
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::Lang;
use mekong_core::finance::conversion::{ExchangeRate, FundsReceipt, Month, Rate};
use mekong_core::ids::{ExchangeRateId, FundsReceiptId};
use mekong_core::money::{Currency, Money};
use mekong_core::people::parse_date;
use mekong_core::validation::FieldErrors;

/// What an import of rates did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateImport {
    pub added: usize,
    pub replaced: usize,
    /// Converted amounts of expenses that changed with the new rates.
    pub reconverted: usize,
}

/// Funds received as typed.
#[derive(Debug, Clone, Default)]
pub struct ReceiptDraft {
    pub date: String,
    pub sent: String,
    pub received: String,
    pub currency: String,
    pub typed_in: Lang,
}

/// The most rows one import takes: 20 currencies over 50 years.
const MAX_RATE_ROWS: usize = 12_000;

impl App {
    pub async fn exchange_rates(&self, actor: &Actor) -> Result<Vec<ExchangeRate>, AppError> {
        policy::authorise(actor, Permission::ViewFinance, &Target::Nothing)?;
        Ok(self.store.exchange_rates().await?)
    }

    /// Imports rates from a CSV or XLSX with the columns `currency`, `month` (`2026-03`) and
    /// `rate` (units for one euro), and optionally `source`; a rate already stored for that
    /// currency and month is replaced. Any bad cell refuses the whole file, each error named by
    /// its row and column.
    pub async fn import_exchange_rates(
        &self,
        actor: &Actor,
        bytes: &[u8],
        example: bool,
    ) -> Result<RateImport, AppError> {
        policy::authorise(actor, Permission::ManageFinance, &Target::Nothing)?;
        let table = mekong_docs::read_table(bytes).map_err(|_| AppError::field("file", "error-file-unreadable"))?;
        let at =
            |names: &[&str]| table.headers.iter().position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)));
        let (Some(currency_at), Some(month_at), Some(rate_at)) =
            (at(&["currency", "iso", "code"]), at(&["month"]), at(&["rate", "value"]))
        else {
            return Err(AppError::field("file", "error-rates-columns"));
        };
        if table.rows.len() > MAX_RATE_ROWS {
            return Err(AppError::field("file", "error-file-too-many-rows"));
        }
        let source_at = at(&["source"]);
        let mut errors = FieldErrors::default();
        let mut rates = Vec::new();
        for (index, row) in table.rows.iter().enumerate() {
            let line = index + 2;
            let cell = |i: usize| row.get(i).map(|s| s.trim()).unwrap_or_default();
            if row.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let currency = Currency::parse(cell(currency_at))
                .map_err(|e| errors.add(&format!("{line}:currency"), e.message_key()))
                .ok();
            let month = Month::parse(cell(month_at));
            if month.is_none() {
                errors.add(&format!("{line}:month"), "error-month");
            }
            let rate = Rate::parse(cell(rate_at));
            if rate.is_none() {
                errors.add(&format!("{line}:rate"), "error-rate");
            }
            if let (Some(currency), Some(month), Some(per_eur)) = (currency, month, rate) {
                if rates.iter().any(|r: &ExchangeRate| r.currency == currency && r.month == month) {
                    errors.add(&format!("{line}:month"), "error-rate-twice");
                }
                let source =
                    source_at.map(|i| cell(i).chars().take(100).collect()).unwrap_or_else(|| "InforEuro".to_owned());
                rates.push(ExchangeRate {
                    id: ExchangeRateId::new(),
                    currency,
                    month,
                    per_eur,
                    source,
                    example,
                    version: 1,
                });
            }
        }
        if rates.is_empty() && errors.is_empty() {
            return Err(AppError::field("file", "error-file-no-rows"));
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let txn = self.store.begin_write().await?;
        let mut replaced = 0;
        for rate in &rates {
            replaced += usize::from(txn.put_exchange_rate(rate).await?);
        }
        let change = Change {
            action: "exchange_rates.imported",
            entity_type: "exchange_rates",
            entity_id: String::new(),
            before: None,
            after: Some(serde_json::json!({ "rates": rates.len(), "replaced": replaced, "example": example })),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        let reconverted = self.reconvert_all(actor).await?;
        Ok(RateImport { added: rates.len() - replaced, replaced, reconverted })
    }

    /// Converts the expenses of every programme again with the rates now stored.
    async fn reconvert_all(&self, actor: &Actor) -> Result<usize, AppError> {
        let mut changed = 0;
        for programme in self.store.programmes().await? {
            let settings = self.contract_settings(&programme).await?;
            let txn = self.store.begin_write().await?;
            let count = self.reconvert_expenses(&txn, &programme, &settings).await?;
            if count > 0 {
                let change = Change {
                    action: "expenses.reconverted",
                    entity_type: "programme",
                    entity_id: programme.code.clone(),
                    before: None,
                    after: Some(serde_json::json!({ "changed": count })),
                };
                self.record(&txn, audit_actor(actor), change).await?;
            }
            txn.commit().await?;
            changed += count;
        }
        Ok(changed)
    }

    /// Records funds received: the amount sent in the contract's currency and what was paid out
    /// in the currency spent. Expenses converted at the accounting rate are converted again.
    pub async fn add_funds_receipt(
        &self,
        actor: &Actor,
        code: &str,
        draft: &ReceiptDraft,
    ) -> Result<FundsReceipt, AppError> {
        let programme = self.finance_programme(actor, Permission::ManageFinance, code).await?;
        let mut errors = FieldErrors::default();
        let date = parse_date(&draft.date, "date", &mut errors);
        if date.is_none() && errors.for_field("date").is_none() {
            errors.add("date", "error-required");
        }
        let sent = Money::parse(&draft.sent, programme.currency, draft.typed_in)
            .map_err(|e| errors.add("sent", e.message_key()))
            .ok();
        let currency = Currency::parse(&draft.currency).map_err(|e| errors.add("currency", e.message_key())).ok();
        let received = currency.and_then(|c| {
            Money::parse(&draft.received, c, draft.typed_in).map_err(|e| errors.add("received", e.message_key())).ok()
        });
        let (Some(date), Some(sent), Some(received), true) = (date, sent, received, errors.is_empty()) else {
            return Err(AppError::Validation(errors));
        };
        let receipt =
            FundsReceipt { id: FundsReceiptId::new(), programme: programme.id, date, sent, received, version: 1 };
        if receipt.rate().is_none() {
            return Err(AppError::field("received", "error-amount"));
        }
        let settings = self.contract_settings(&programme).await?;
        let txn = self.store.begin_write().await?;
        txn.add_funds_receipt(&receipt).await?;
        let change = Change {
            action: "funds_receipt.created",
            entity_type: "programme",
            entity_id: programme.code.clone(),
            before: None,
            after: serde_json::to_value(&receipt).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        // The receipt must be stored before the conversion reads it.
        let txn = self.store.begin_write().await?;
        self.reconvert_expenses(&txn, &programme, &settings).await?;
        txn.commit().await?;
        Ok(receipt)
    }
}
