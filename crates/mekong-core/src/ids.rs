//! Typed identifiers (UUIDv7) so that a city's id cannot be passed where an event's is expected.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! typed_id {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new time-ordered id.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

typed_id!(
    /// A member local authority.
    CityId,
    /// A person's account.
    UserId,
    /// An API token.
    TokenId,
    /// A background job.
    JobId,
    /// An outgoing email.
    EmailId,
    /// An organisation of the directory.
    OrganisationId,
    /// A person of the directory.
    PersonId,
    /// A partnership prospect.
    ProspectId,
    /// A saved mailing list.
    MailingListId,
    /// A meeting of the network.
    EventId,
    /// Someone invited to, or registered for, an event.
    ParticipantId,
    /// A session of an event's agenda.
    AgendaItemId,
    /// A follow-up decided in a meeting's minutes.
    ActionItemId,
    /// A row of the per diem rate table.
    PerDiemRateId,
    /// A funded programme (SGA4).
    ProgrammeId,
    /// An entry of a logframe.
    LogframeNodeId,
    /// An indicator of a logframe.
    IndicatorId,
    /// A reporting period.
    PeriodId,
    /// A reported indicator value.
    ValueId,
    /// An activity of the annual action plan.
    ActivityId,
    /// A line of a programme's budget.
    BudgetLineId,
    /// A transfer of budget between two lines.
    TransferId,
    /// A monthly exchange rate to the euro.
    ExchangeRateId,
    /// Funds received from the funder, whose rate is the accounting rate.
    FundsReceiptId,
    /// An expense of a programme.
    ExpenseId,
    /// A mission order of a traveller in the region.
    MissionId,
);

typed_id!(
    /// A call for applications.
    CallId,
    /// An application to a call.
    ApplicationId,
    /// A document of an application (stored encrypted).
    ApplicationDocumentId,
    /// One evaluator's assessment of one application.
    EvaluationId,
    /// An interview slot of a call.
    InterviewId,
);

typed_id!(
    /// A city's request for technical assistance.
    AssistanceId,
);

typed_id!(
    /// A funding opportunity: a funder's call for proposals.
    OpportunityId,
    /// An application to a funder, for an opportunity.
    FundingApplicationId,
    /// A project of the pipeline, from idea to closure.
    ProjectId,
    /// A city's good practice (knowledge area).
    PracticeId,
    /// A news post of the network.
    NewsId,
    /// A document of the network's library (a study, a toolkit, a presentation, a report).
    LibraryDocumentId,
    /// The network's position on a theme, with its key messages.
    PositionId,
);
