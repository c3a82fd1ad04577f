//! The project pipeline: a project of member cities moves from idea to closure through fixed
//! stages; each stage asks for the documents and fields its checklist names, and a project goes
//! to a funder only once the AIMF secretariat approved the submission. The rules are here; the
//! app layer persists what they allow.

use crate::Text;
use crate::directory::CityCode;
use crate::events::Document;
use crate::ids::{MissionId, OpportunityId, OrganisationId, ProgrammeId, ProjectId, UserId};
use crate::money::Money;
use crate::validation::FieldErrors;
use crate::vocabulary::{Theme, coded_enum};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

coded_enum!(
    /// Where a project stands in the pipeline.
    Stage {
        Idea = "idea",
        ConceptNote = "concept_note",
        FullProposal = "full_proposal",
        /// Sent to the funder, after the secretariat's approval.
        Submitted = "submitted",
        Approved = "approved",
        Rejected = "rejected",
        Implementation = "implementation",
        Closed = "closed",
    }
);

coded_enum!(
    /// What a project's document is, as the checklists ask for it.
    DocumentKind {
        ConceptNote = "concept_note",
        FullProposal = "full_proposal",
        Budget = "budget",
        /// The funder's answer: a grant award or a refusal.
        FunderDecision = "funder_decision",
        /// The signed grant agreement.
        Agreement = "agreement",
        FinalReport = "final_report",
        Other = "other",
    }
);

coded_enum!(
    /// The secretariat's answer to a request to submit.
    ApprovalStatus {
        Requested = "requested",
        Approved = "approved",
        /// Sent back to the project's team with a comment.
        SentBack = "sent_back",
    }
);

coded_enum!(
    /// One item of a stage's checklist.
    Requirement {
        Summary = "summary",
        Cities = "cities",
        Themes = "themes",
        Owner = "owner",
        Funder = "funder",
        Budget = "budget",
        Dates = "dates",
        ConceptNote = "concept_note",
        FullProposal = "full_proposal",
        BudgetDocument = "budget_document",
        /// The secretariat approved the submission.
        SecretariatApproval = "secretariat_approval",
        FunderDecision = "funder_decision",
        Agreement = "agreement",
        FinalReport = "final_report",
    }
);

impl Requirement {
    /// The Fluent key naming the item to the reader.
    pub fn message_key(self) -> String {
        format!("project-requirement-{}", self.code().replace('_', "-"))
    }
}

impl Stage {
    /// Whether a project here is still being prepared for a funder (not yet submitted): the
    /// stages where it looks for an opportunity and its owner is reminded of the deadline.
    pub fn seeks_funding(self) -> bool {
        matches!(self, Stage::Idea | Stage::ConceptNote | Stage::FullProposal)
    }

    /// The stages a project may move to from this one.
    pub fn next(self) -> &'static [Stage] {
        match self {
            Stage::Idea => &[Stage::ConceptNote],
            Stage::ConceptNote => &[Stage::FullProposal, Stage::Idea],
            Stage::FullProposal => &[Stage::Submitted, Stage::ConceptNote],
            Stage::Submitted => &[Stage::Approved, Stage::Rejected],
            Stage::Approved => &[Stage::Implementation],
            Stage::Rejected | Stage::Closed => &[],
            Stage::Implementation => &[Stage::Closed],
        }
    }

    /// What a project needs to enter this stage. The proposal stages add up: a full proposal
    /// still has its concept note, a submission its full proposal.
    pub fn checklist(self) -> &'static [Requirement] {
        use Requirement::*;
        match self {
            Stage::Idea => &[],
            Stage::ConceptNote => &[Summary, Cities, Themes, Owner, ConceptNote],
            Stage::FullProposal => {
                &[Summary, Cities, Themes, Owner, ConceptNote, Funder, Budget, Dates, FullProposal, BudgetDocument]
            }
            Stage::Submitted => &[
                Summary,
                Cities,
                Themes,
                Owner,
                ConceptNote,
                Funder,
                Budget,
                Dates,
                FullProposal,
                BudgetDocument,
                SecretariatApproval,
            ],
            Stage::Approved | Stage::Rejected => &[FunderDecision],
            Stage::Implementation => &[Agreement],
            Stage::Closed => &[FinalReport],
        }
    }
}

/// A document of the project, of a kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectDocument {
    pub kind: DocumentKind,
    pub document: Document,
    pub added_by: String,
    pub added_at: Timestamp,
}

/// The secretariat's approval of the submission, asked for and answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub status: ApprovalStatus,
    pub requested_by: String,
    pub requested_at: Timestamp,
    pub decided_by: String,
    pub decided_at: Option<Timestamp>,
    /// The secretariat's comment: required when sending back.
    pub comment: String,
}

/// A project of member cities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub id: ProjectId,
    /// `PRJ-2026-004`: also the code of the programme the project owns.
    pub number: String,
    pub title: Text,
    pub summary: String,
    pub cities: Vec<CityCode>,
    /// Partner organisations of the directory.
    pub partners: Vec<OrganisationId>,
    /// The funder, an organisation of the directory.
    pub funder: Option<OrganisationId>,
    /// The funding opportunity answered (the funding area's; its owner is reminded before the
    /// deadline while the project is being prepared).
    pub opportunity: Option<OpportunityId>,
    pub starts_on: Option<Date>,
    pub ends_on: Option<Date>,
    pub budget: Option<Money>,
    pub themes: Vec<Theme>,
    /// The account that carries the project: the coordinator or a focal point.
    pub owner: Option<UserId>,
    pub owner_name: String,
    /// The results programme the project owns: its logframe, indicators, periods and grids.
    pub programme: ProgrammeId,
    pub stage: Stage,
    pub documents: Vec<ProjectDocument>,
    /// Monitoring visits: mission orders of the missions area.
    pub missions: Vec<MissionId>,
    pub approval: Option<Approval>,
    /// The reminders already sent for the opportunity answered, by days before its deadline
    /// (each is sent once; choosing another opportunity starts again). Absent from records saved
    /// before reminders existed: none sent.
    #[serde(default)]
    pub reminded: Vec<i64>,
    pub created_at: Timestamp,
    pub version: i32,
}

fn refused(field: &str, message: &str) -> FieldErrors {
    let mut errors = FieldErrors::default();
    errors.add(field, message);
    errors
}

/// The checklist's missing items as errors of the `checklist` field, one each.
pub fn missing_errors(missing: &[Requirement]) -> FieldErrors {
    let mut errors = FieldErrors::default();
    for item in missing {
        errors.add("checklist", &item.message_key());
    }
    errors
}

impl Project {
    /// Checks the fields every project has, whatever its stage.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if self.title == Text::new() {
            errors.add("title_en", "error-required");
        }
        if self.cities.is_empty() {
            errors.add("cities", "error-required");
        }
        if let (Some(starts), Some(ends)) = (self.starts_on, self.ends_on)
            && ends < starts
        {
            errors.add("ends_on", "error-until-before-from");
        }
        if self.budget.is_some_and(|b| b.amount_minor() < 0) {
            errors.add("budget", "error-project-budget");
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    fn has_document(&self, kind: DocumentKind) -> bool {
        self.documents.iter().any(|d| d.kind == kind)
    }

    fn meets(&self, requirement: Requirement) -> bool {
        use Requirement::*;
        match requirement {
            Summary => !self.summary.trim().is_empty(),
            Cities => !self.cities.is_empty(),
            Themes => !self.themes.is_empty(),
            Owner => self.owner.is_some(),
            Funder => self.funder.is_some(),
            Budget => self.budget.is_some_and(|b| b.amount_minor() > 0),
            Dates => self.starts_on.is_some() && self.ends_on.is_some(),
            ConceptNote => self.has_document(DocumentKind::ConceptNote),
            FullProposal => self.has_document(DocumentKind::FullProposal),
            BudgetDocument => self.has_document(DocumentKind::Budget),
            SecretariatApproval => self.approval.as_ref().is_some_and(|a| a.status == ApprovalStatus::Approved),
            FunderDecision => self.has_document(DocumentKind::FunderDecision),
            Agreement => self.has_document(DocumentKind::Agreement),
            FinalReport => self.has_document(DocumentKind::FinalReport),
        }
    }

    /// Whether the reminder `days_before` the deadline at `deadline` of the opportunity it answers
    /// is still to be sent at `now`: only while the project is prepared, once, never after the
    /// deadline (as an application's in preparation).
    pub fn reminder_due(&self, days_before: i64, deadline: Timestamp, now: Timestamp) -> bool {
        self.stage.seeks_funding() && !self.reminded.contains(&days_before) && now <= deadline
    }

    /// The items of `stage`'s checklist this project lacks, in the checklist's order.
    pub fn missing_for(&self, stage: Stage) -> Vec<Requirement> {
        stage.checklist().iter().copied().filter(|r| !self.meets(*r)).collect()
    }

    /// `stage`'s checklist, each item with whether it is met.
    pub fn checklist(&self, stage: Stage) -> Vec<(Requirement, bool)> {
        stage.checklist().iter().map(|r| (*r, self.meets(*r))).collect()
    }

    /// Moves the project to `to`, refused when the pipeline does not lead there or, naming
    /// each, when the checklist has missing items.
    pub fn move_to(&mut self, to: Stage) -> Result<(), FieldErrors> {
        if !self.stage.next().contains(&to) {
            return Err(refused("stage", "error-project-stage"));
        }
        let missing = self.missing_for(to);
        if !missing.is_empty() {
            return Err(missing_errors(&missing));
        }
        // Going back to rework the proposal asks for a new approval before the next submission.
        if matches!(to, Stage::Idea | Stage::ConceptNote) {
            self.approval = None;
        }
        self.stage = to;
        Ok(())
    }

    /// Asks the secretariat to approve the submission: a full proposal with everything a
    /// submission needs but the approval itself, not already waiting for an answer.
    pub fn request_approval(&mut self, by: &str, at: Timestamp) -> Result<(), FieldErrors> {
        if self.stage != Stage::FullProposal {
            return Err(refused("stage", "error-project-stage"));
        }
        if self.approval.as_ref().is_some_and(|a| a.status != ApprovalStatus::SentBack) {
            return Err(refused("approval", "error-project-approval-pending"));
        }
        let missing: Vec<Requirement> =
            self.missing_for(Stage::Submitted).into_iter().filter(|r| *r != Requirement::SecretariatApproval).collect();
        if !missing.is_empty() {
            return Err(missing_errors(&missing));
        }
        self.approval = Some(Approval {
            status: ApprovalStatus::Requested,
            requested_by: by.to_owned(),
            requested_at: at,
            decided_by: String::new(),
            decided_at: None,
            comment: String::new(),
        });
        Ok(())
    }

    /// The secretariat's answer: approve, or send back, which needs a comment.
    pub fn decide_approval(
        &mut self,
        approve: bool,
        comment: &str,
        by: &str,
        at: Timestamp,
    ) -> Result<(), FieldErrors> {
        let Some(approval) = self.approval.as_mut().filter(|a| a.status == ApprovalStatus::Requested) else {
            return Err(refused("approval", "error-project-no-approval-request"));
        };
        if !approve && comment.trim().is_empty() {
            return Err(refused("comment", "error-required"));
        }
        approval.status = if approve { ApprovalStatus::Approved } else { ApprovalStatus::SentBack };
        approval.comment = comment.trim().to_owned();
        approval.decided_by = by.to_owned();
        approval.decided_at = Some(at);
        Ok(())
    }

    /// Whether the project waits for the secretariat's answer.
    pub fn awaits_approval(&self) -> bool {
        self.approval.as_ref().is_some_and(|a| a.status == ApprovalStatus::Requested)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::money::Currency;

    /// Vientiane's project at the idea stage, without funder, budget or themes.
    pub(crate) fn project() -> Result<Project, Box<dyn std::error::Error>> {
        Ok(Project {
            id: ProjectId::new(),
            number: "PRJ-2026-001".into(),
            title: Text::new().with(crate::Lang::En, "Drainage"),
            summary: String::new(),
            cities: vec![CityCode::parse("LA-VTE")?],
            partners: Vec::new(),
            funder: None,
            opportunity: None,
            starts_on: None,
            ends_on: None,
            budget: None,
            themes: Vec::new(),
            owner: None,
            owner_name: String::new(),
            programme: ProgrammeId::new(),
            stage: Stage::Idea,
            documents: Vec::new(),
            missions: Vec::new(),
            approval: None,
            reminded: Vec::new(),
            created_at: Timestamp::UNIX_EPOCH,
            version: 1,
        })
    }

    fn document(kind: DocumentKind) -> ProjectDocument {
        ProjectDocument {
            kind,
            document: Document {
                sha256: format!("{kind:?}"),
                name: "a.pdf".into(),
                content_type: "application/pdf".into(),
                size: 1,
            },
            added_by: "c".into(),
            added_at: Timestamp::UNIX_EPOCH,
        }
    }

    fn messages(errors: &FieldErrors) -> Vec<&str> {
        errors.0.iter().map(|e| e.message.as_str()).collect()
    }

    #[test]
    fn a_move_names_each_missing_item_then_goes_through() -> Result<(), Box<dyn std::error::Error>> {
        let mut p = project()?;
        let refused = p.move_to(Stage::ConceptNote).err().unwrap_or_default();
        assert_eq!(
            messages(&refused),
            [
                "project-requirement-summary",
                "project-requirement-themes",
                "project-requirement-owner",
                "project-requirement-concept-note"
            ]
        );
        assert_eq!(p.stage, Stage::Idea, "nothing moved");
        p.summary = "Drain the old town".into();
        p.themes = vec![Theme::UrbanResilience];
        p.owner = Some(UserId::new());
        p.documents.push(document(DocumentKind::ConceptNote));
        p.move_to(Stage::ConceptNote).map_err(|e| format!("{e:?}"))?;
        assert_eq!(p.stage, Stage::ConceptNote);
        Ok(())
    }

    #[test]
    fn only_the_pipeline_s_next_stages_are_reachable() -> Result<(), Box<dyn std::error::Error>> {
        let mut p = project()?;
        let skipped = p.move_to(Stage::Implementation).err().unwrap_or_default();
        assert_eq!(skipped.for_field("stage"), Some("error-project-stage"));
        for closed in [Stage::Rejected, Stage::Closed] {
            assert!(closed.next().is_empty(), "{closed:?} ends the pipeline");
        }
        for stage in Stage::ALL {
            assert!(!stage.next().contains(stage), "{stage:?} does not move to itself");
        }
        Ok(())
    }

    #[test]
    fn a_submission_needs_the_secretariat_s_approval_and_a_send_back_needs_a_comment()
    -> Result<(), Box<dyn std::error::Error>> {
        let mut p = project()?;
        p.stage = Stage::FullProposal;
        let early = p.request_approval("c", Timestamp::UNIX_EPOCH).err().unwrap_or_default();
        assert!(messages(&early).contains(&"project-requirement-funder"), "{early:?}");
        p.summary = "s".into();
        p.themes = vec![Theme::Heritage];
        p.owner = Some(UserId::new());
        p.funder = Some(OrganisationId::new());
        p.budget = Some(Money::new(10_000_000, Currency::parse("EUR")?));
        p.starts_on = Some(jiff::civil::date(2027, 1, 1));
        p.ends_on = Some(jiff::civil::date(2028, 12, 31));
        for kind in [DocumentKind::ConceptNote, DocumentKind::FullProposal, DocumentKind::Budget] {
            p.documents.push(document(kind));
        }
        let unapproved = p.move_to(Stage::Submitted).err().unwrap_or_default();
        assert_eq!(messages(&unapproved), ["project-requirement-secretariat-approval"]);
        assert!(p.decide_approval(true, "", "s", Timestamp::UNIX_EPOCH).is_err(), "nothing asked yet");
        p.request_approval("c", Timestamp::UNIX_EPOCH).map_err(|e| format!("{e:?}"))?;
        assert!(p.awaits_approval());
        assert!(p.request_approval("c", Timestamp::UNIX_EPOCH).is_err(), "asked once");
        let bare = p.decide_approval(false, " ", "s", Timestamp::UNIX_EPOCH).err().unwrap_or_default();
        assert_eq!(bare.for_field("comment"), Some("error-required"));
        p.decide_approval(false, "Add the co-financing letter", "s", Timestamp::UNIX_EPOCH)
            .map_err(|e| format!("{e:?}"))?;
        assert!(p.move_to(Stage::Submitted).is_err(), "sent back is not approved");
        p.request_approval("c", Timestamp::UNIX_EPOCH).map_err(|e| format!("{e:?}"))?;
        p.decide_approval(true, "Good to go", "s", Timestamp::UNIX_EPOCH).map_err(|e| format!("{e:?}"))?;
        p.move_to(Stage::Submitted).map_err(|e| format!("{e:?}"))?;
        assert_eq!(p.approval.as_ref().map(|a| a.comment.as_str()), Some("Good to go"));
        assert_eq!(
            p.move_to(Stage::Approved).err().map(|e| messages(&e).join(",")).as_deref(),
            Some("project-requirement-funder-decision")
        );
        Ok(())
    }

    #[test]
    fn dates_run_forward_and_a_budget_is_not_negative() -> Result<(), Box<dyn std::error::Error>> {
        let mut p = project()?;
        p.starts_on = Some(jiff::civil::date(2027, 1, 2));
        p.ends_on = Some(jiff::civil::date(2027, 1, 1));
        p.budget = Some(Money::new(-1, Currency::parse("USD")?));
        let errors = p.check().err().unwrap_or_default();
        assert_eq!(errors.for_field("ends_on"), Some("error-until-before-from"));
        assert_eq!(errors.for_field("budget"), Some("error-project-budget"));
        Ok(())
    }

    #[test]
    fn the_owner_is_reminded_once_while_the_project_is_prepared() -> Result<(), Box<dyn std::error::Error>> {
        let mut project = project()?;
        let deadline: Timestamp = "2027-01-11T16:59:59Z".parse()?;
        let before = Timestamp::UNIX_EPOCH;
        assert!(project.reminder_due(30, deadline, before));
        project.reminded.push(30);
        assert!(!project.reminder_due(30, deadline, before), "once");
        assert!(project.reminder_due(7, deadline, before));
        assert!(!project.reminder_due(7, deadline, deadline.checked_add(jiff::SignedDuration::from_secs(1))?));
        project.stage = Stage::Submitted;
        assert!(!project.reminder_due(7, deadline, before), "submitted: no reminder");
        Ok(())
    }
}
