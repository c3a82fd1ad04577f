//! The events' travel and per diems become expense proposals in one step: one expense per
//! participant's fare and one per per diem (nights × the rate valid on arrival), entered once
//! however often the step is repeated, never a second ledger.

use super::expenses::Proposal;
use crate::policy::{Actor, Permission};
use crate::{App, AppError};
use mekong_core::events::per_diem;
use mekong_core::finance::budget::BudgetLine;
use mekong_core::finance::expenses::Origin;
use mekong_core::ids::EventId;
use mekong_core::vocabulary::PaidBy;

/// What proposing an event's costs did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Proposed {
    pub created: usize,
    /// Fares and per diems proposed before: left as they are.
    pub already: usize,
    /// Participants whose travel names no line of the budget and no default was given.
    pub without_line: Vec<String>,
}

impl App {
    /// Proposes the expenses of an event's travel to `programme`; a participant's travel whose
    /// budget line is not one of the programme's goes on `default_line` (a line code).
    pub async fn propose_event_expenses(
        &self,
        actor: &Actor,
        event_id: EventId,
        programme: &str,
        default_line: &str,
    ) -> Result<Proposed, AppError> {
        let programme = self.finance_programme(actor, Permission::ManageFinance, programme).await?;
        let event = self.store.event(event_id).await?;
        let lines = self.store.budget_lines(programme.id).await?;
        let line_of = |code: &str| lines.iter().find(|l| l.code == code.trim()).cloned();
        let fallback = line_of(default_line);
        if !default_line.trim().is_empty() && fallback.is_none() {
            return Err(AppError::field("budget_line", "error-budget-line"));
        }
        let (nodes, _) = self.store.logframe(programme.id).await?;
        let node =
            nodes.iter().find(|n| !event.activity_code.is_empty() && n.code.eq_ignore_ascii_case(&event.activity_code));
        let activity = match node {
            Some(node) => self.store.plan_activities(programme.id).await?.into_iter().find(|a| a.node == Some(node.id)),
            None => None,
        };
        let rates = self.store.per_diem_rates().await?;
        let title = event.title.get(mekong_core::Lang::Fr).to_owned();
        let starts = event.starts.date();
        let mut proposed = Proposed::default();
        let txn = self.store.begin_write().await?;
        for participant in self.store.participants(event_id).await? {
            if !participant.coming() || participant.travel.paid_by != PaidBy::Programme {
                continue;
            }
            let Some(line): Option<BudgetLine> = line_of(&participant.travel.budget_line).or_else(|| fallback.clone())
            else {
                proposed.without_line.push(participant.name.clone());
                continue;
            };
            let date = participant.travel.arrival.unwrap_or(starts);
            let mut proposals = Vec::new();
            if participant.travel.fare.amount_minor() > 0 {
                proposals.push((Origin::Fare(participant.id), participant.travel.fare, format!("{title}: fare")));
            }
            let due = per_diem(&participant.travel, &event.country, &rates)
                .map_err(|e| AppError::Internal(format!("per diem: {e}")))?;
            if let Some(due) = due.filter(|d| d.amount.amount_minor() > 0) {
                let text = format!("{title}: per diem, {} nights × {}", due.nights, due.rate.daily);
                proposals.push((Origin::PerDiem(participant.id), due.amount, text));
            }
            for (origin, amount, description) in proposals {
                let proposal = Proposal {
                    origin,
                    date,
                    amount,
                    payee: participant.name.clone(),
                    budget_line: line.clone(),
                    plan_activity: activity.as_ref().map(|a| a.id),
                    logframe_node: node.map(|n| n.id),
                    description,
                };
                match self.propose_expense(&txn, &programme, actor, proposal).await? {
                    Some(_) => proposed.created += 1,
                    None => proposed.already += 1,
                }
            }
        }
        txn.commit().await?;
        Ok(proposed)
    }
}
