//! Expenses: entered by staff, converted by the contract's method, flagged by the eligibility and
//! procurement rules, approved or returned by the secretariat; an approved expense changes only
//! through a correcting entry. Opening a supporting document is recorded in the trail.

use super::actor_name;
use crate::audit::{Change, audit_actor};
use crate::policy::{Actor, Permission};
use crate::{App, AppError};
use jiff::civil::Date;
use mekong_core::Lang;
use mekong_core::finance::ContractSettings;
use mekong_core::finance::budget::BudgetLine;
use mekong_core::finance::conversion::{RateSources, convert};
use mekong_core::finance::expenses::{
    DocumentKind, Eligibility, Expense, ExpenseStatus, FlagKind, Origin, Resolution, SupportingDocument, merge_flags,
    own_flags,
};
use mekong_core::finance::procurement::{ContractKind, Procedure, Purchase, split_purchases};
use mekong_core::ids::{ActivityId, ExpenseId, LogframeNodeId, OrganisationId};
use mekong_core::input::{self, TextKind};
use mekong_core::money::{Currency, Money};
use mekong_core::people::{CountryCode, Names, Organisation, parse_date};
use mekong_core::results::Programme;
use mekong_core::validation::FieldErrors;
use mekong_core::vocabulary::OrganisationKind;
use mekong_store::WriteTxn;
use mekong_store::finance::ExpenseFilter;

/// The largest page of expenses a list shows at once.
pub const EXPENSES_PER_PAGE: u64 = 50;

/// An expense as typed into its form by a reader of `typed_in`.
#[derive(Debug, Clone, Default)]
pub struct ExpenseDraft {
    pub date: String,
    pub amount: String,
    pub currency: String,
    pub vat: String,
    /// An organisation of the directory (its id), or empty with `new_supplier` typed.
    pub supplier: String,
    pub new_supplier: String,
    pub new_supplier_country: String,
    /// The budget line's code.
    pub budget_line: String,
    pub plan_activity: String,
    /// The logframe activity's code.
    pub logframe_node: String,
    pub description: String,
    pub kind: String,
    pub procedure: String,
    pub typed_in: Lang,
}

impl ExpenseDraft {
    pub fn of(expense: &Expense, line_code: &str, node_code: &str, typed_in: Lang) -> ExpenseDraft {
        ExpenseDraft {
            date: expense.date.to_string(),
            amount: expense.amount.plain(),
            currency: expense.amount.currency().code().to_owned(),
            vat: if expense.vat.is_zero() { String::new() } else { expense.vat.plain() },
            supplier: expense.supplier.map(|s| s.to_string()).unwrap_or_default(),
            new_supplier: if expense.supplier.is_none() { expense.supplier_name.clone() } else { String::new() },
            new_supplier_country: String::new(),
            budget_line: line_code.to_owned(),
            plan_activity: expense.plan_activity.map(|a| a.to_string()).unwrap_or_default(),
            logframe_node: node_code.to_owned(),
            description: expense.description.clone(),
            kind: expense.kind.code().to_owned(),
            procedure: expense.procedure.code().to_owned(),
            typed_in,
        }
    }
}

/// What the expense page shows: the expense, its line, and what corrects it.
#[derive(Debug, Clone)]
pub struct ExpenseView {
    pub programme: Programme,
    pub expense: Expense,
    pub line: Option<BudgetLine>,
    pub corrections: Vec<Expense>,
    pub history: Vec<mekong_core::audit::AuditEntry>,
}

/// What an expense's form offers to choose from.
#[derive(Debug, Clone)]
pub struct ExpenseChoices {
    pub programme: Programme,
    pub lines: Vec<BudgetLine>,
    pub activities: Vec<mekong_core::results::PlanActivity>,
    /// The logframe's activities: code and title.
    pub nodes: Vec<mekong_core::results::LogframeNode>,
    /// The directory's companies, the usual suppliers.
    pub suppliers: Vec<Organisation>,
}

/// The fields of an expense read from a draft, before its number, status and flags.
struct Typed {
    date: Date,
    amount: Money,
    vat: Money,
    supplier: Option<OrganisationId>,
    supplier_name: String,
    new_supplier: Option<Organisation>,
    budget_line: BudgetLine,
    plan_activity: Option<ActivityId>,
    logframe_node: Option<LogframeNodeId>,
    description: String,
    kind: ContractKind,
    procedure: Procedure,
}

impl App {
    /// One page of a programme's expenses (`page` from 0), and how many match.
    pub async fn expenses(
        &self,
        actor: &Actor,
        code: &str,
        filter: &ExpenseFilter,
        page: u64,
    ) -> Result<(Programme, Vec<Expense>, u64), AppError> {
        let programme = self.finance_programme(actor, Permission::ViewFinance, code).await?;
        let (expenses, total) = self.store.expenses_page(programme.id, filter, page, EXPENSES_PER_PAGE).await?;
        Ok((programme, expenses, total))
    }

    /// The choices of an expense's form in a programme.
    pub async fn expense_choices(&self, actor: &Actor, code: &str) -> Result<ExpenseChoices, AppError> {
        let programme = self.finance_programme(actor, Permission::ViewFinance, code).await?;
        let lines = self.store.budget_lines(programme.id).await?;
        let activities = self.store.plan_activities(programme.id).await?;
        let (nodes, _) = self.store.logframe(programme.id).await?;
        let nodes = nodes.into_iter().filter(|n| n.level == mekong_core::results::Level::Activity).collect();
        let filter = mekong_core::people::OrganisationFilter {
            kind: Some(OrganisationKind::Company),
            ..mekong_core::people::OrganisationFilter::default()
        };
        let (suppliers, _) = self.store.organisations(&filter, 200, 0).await?;
        Ok(ExpenseChoices { programme, lines, activities, nodes, suppliers })
    }

    /// How many of a programme's expenses have a flag still open.
    pub async fn flagged_expenses(&self, actor: &Actor, code: &str) -> Result<u64, AppError> {
        let programme = self.finance_programme(actor, Permission::ViewFinance, code).await?;
        Ok(self.store.flagged_expenses(programme.id).await?)
    }

    /// An expense with what its page shows; the reader must see its programme's money.
    pub async fn expense(&self, actor: &Actor, id: ExpenseId) -> Result<ExpenseView, AppError> {
        let expense = self.store.expense(id).await?;
        let programme = self.finance_programme_by_id(actor, Permission::ViewFinance, expense.programme).await?;
        let line = self.store.budget_lines(programme.id).await?.into_iter().find(|l| l.id == expense.budget_line);
        let corrections = self.store.corrections_of(expense.id).await?;
        let filter = crate::audit::AuditFilter {
            entity_type: Some("expense".into()),
            entity_id: Some(expense.id.to_string()),
            limit: 200,
            ..crate::audit::AuditFilter::default()
        };
        let history = self.store.audit_entries(&filter).await?;
        Ok(ExpenseView { programme, expense, line, corrections, history })
    }

    pub(crate) async fn finance_programme_by_id(
        &self,
        actor: &Actor,
        permission: Permission,
        id: mekong_core::ids::ProgrammeId,
    ) -> Result<Programme, AppError> {
        let programme = self.store.programmes().await?.into_iter().find(|p| p.id == id).ok_or(AppError::NotFound)?;
        crate::policy::authorise(actor, permission, &crate::policy::Target::Programme(programme.id))?;
        Ok(programme)
    }

    /// Reads a draft against the programme's budget, logframe and plan.
    async fn read_expense_draft(&self, programme: &Programme, draft: &ExpenseDraft) -> Result<Typed, AppError> {
        let mut errors = FieldErrors::default();
        let date = parse_date(&draft.date, "date", &mut errors);
        if date.is_none() && errors.for_field("date").is_none() {
            errors.add("date", "error-required");
        }
        let currency = Currency::parse(&draft.currency).map_err(|e| errors.add("currency", e.message_key())).ok();
        let amount = currency.and_then(|c| {
            Money::parse(&draft.amount, c, draft.typed_in).map_err(|e| errors.add("amount", e.message_key())).ok()
        });
        let vat = match (currency, draft.vat.trim()) {
            (Some(c), "") => Some(Money::zero(c)),
            (Some(c), raw) => Money::parse(raw, c, draft.typed_in).map_err(|e| errors.add("vat", e.message_key())).ok(),
            (None, _) => None,
        };
        if let (Some(amount), Some(vat)) = (amount, vat)
            && (vat.amount_minor() < 0 || vat.amount_minor() > amount.amount_minor().abs())
        {
            errors.add("vat", "error-vat");
        }
        let lines = self.store.budget_lines(programme.id).await?;
        let budget_line = lines.into_iter().find(|l| l.code == draft.budget_line.trim());
        if budget_line.is_none() {
            errors.add("budget_line", "error-budget-line");
        }
        let (supplier, supplier_name, new_supplier) = match (draft.supplier.trim(), draft.new_supplier.trim()) {
            ("", "") => (None, String::new(), None),
            ("", name) => {
                let name = input::check(name, TextKind::Name, "new_supplier", &mut errors);
                let name = name.as_str();
                let country = CountryCode::parse(&draft.new_supplier_country);
                if country.is_none() {
                    errors.add("new_supplier_country", "error-country");
                }
                let organisation = country.map(|country| Organisation {
                    id: OrganisationId::new(),
                    kind: OrganisationKind::Company,
                    names: Names { fr: name.to_owned(), en: name.to_owned(), local: String::new() },
                    country,
                    admin_region: String::new(),
                    latitude: None,
                    longitude: None,
                    website: String::new(),
                    languages: vec![],
                    themes: vec![],
                    city: None,
                    network_roles: vec![],
                    membership: None,
                    version: 1,
                });
                (organisation.as_ref().map(|o| o.id), name.to_owned(), organisation)
            }
            (id, _) => match uuid::Uuid::parse_str(id).ok().map(OrganisationId) {
                Some(id) => match self.store.organisation(id).await {
                    Ok(found) => (Some(id), found.names.for_reader(Lang::Fr).to_owned(), None),
                    Err(_) => {
                        errors.add("supplier", "error-supplier");
                        (None, String::new(), None)
                    }
                },
                None => {
                    errors.add("supplier", "error-supplier");
                    (None, String::new(), None)
                }
            },
        };
        let plan_activity = match draft.plan_activity.trim() {
            "" => None,
            raw => {
                let found = uuid::Uuid::parse_str(raw).ok().map(ActivityId);
                let activities = self.store.plan_activities(programme.id).await?;
                match found.filter(|id| activities.iter().any(|a| a.id == *id)) {
                    Some(id) => Some(id),
                    None => {
                        errors.add("plan_activity", "error-plan-activity");
                        None
                    }
                }
            }
        };
        let logframe_node = match draft.logframe_node.trim() {
            "" => None,
            raw => {
                let (nodes, _) = self.store.logframe(programme.id).await?;
                match nodes.iter().find(|n| n.code.eq_ignore_ascii_case(raw)) {
                    Some(node) => Some(node.id),
                    None => {
                        errors.add("logframe_node", "error-logframe-activity");
                        None
                    }
                }
            }
        };
        let kind = ContractKind::parse(&draft.kind);
        if kind.is_none() {
            errors.add("kind", "error-required");
        }
        let procedure = Procedure::parse(&draft.procedure);
        if procedure.is_none() {
            errors.add("procedure", "error-required");
        }
        let description = input::check(&draft.description, TextKind::Comment, "description", &mut errors);
        if description.is_empty() && errors.for_field("description").is_none() {
            errors.add("description", "error-required");
        }
        match (date, amount, vat, budget_line, kind, procedure, errors.is_empty()) {
            (Some(date), Some(amount), Some(vat), Some(budget_line), Some(kind), Some(procedure), true) => Ok(Typed {
                date,
                amount,
                vat,
                supplier,
                supplier_name,
                new_supplier,
                budget_line,
                plan_activity,
                logframe_node,
                description,
                kind,
                procedure,
            }),
            _ => Err(AppError::Validation(errors)),
        }
    }

    /// Enters a new expense, or saves one edited from `version` (not once approved). A
    /// returned expense saved again goes back to the secretariat.
    pub async fn save_expense(
        &self,
        actor: &Actor,
        code: &str,
        id: Option<(ExpenseId, i32)>,
        draft: &ExpenseDraft,
    ) -> Result<Expense, AppError> {
        let programme = self.finance_programme(actor, Permission::ManageFinance, code).await?;
        let Some((id, version)) = id else {
            return self.enter_expense_from(actor, &programme, draft, Origin::Typed).await;
        };
        let typed = self.read_expense_draft(&programme, draft).await?;
        let stored = self.store.expense(id).await?;
        if stored.programme != programme.id {
            return Err(AppError::NotFound);
        }
        if !stored.editable() {
            return Err(AppError::field("status", "error-expense-approved"));
        }
        if stored.version != version {
            return Err(AppError::Conflict);
        }
        let txn = self.store.begin_write().await?;
        if let Some(organisation) = &typed.new_supplier {
            txn.insert_organisation(organisation, self.clock.now()).await?;
        }
        let expense = Expense {
            date: typed.date,
            amount: typed.amount,
            vat: typed.vat,
            supplier: typed.supplier,
            supplier_name: typed.supplier_name,
            budget_line: typed.budget_line.id,
            plan_activity: typed.plan_activity,
            logframe_node: typed.logframe_node,
            description: typed.description,
            kind: typed.kind,
            procedure: typed.procedure,
            status: ExpenseStatus::Entered,
            version: stored.version + 1,
            ..stored.clone()
        };
        let saved = self.file_expense(&txn, &programme, expense).await?;
        self.record_expense(&txn, actor, "expense.updated", Some(&stored), &saved).await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// Enters a new expense typed by staff, coming from `origin`.
    pub(crate) async fn enter_expense_from(
        &self,
        actor: &Actor,
        programme: &Programme,
        draft: &ExpenseDraft,
        origin: Origin,
    ) -> Result<Expense, AppError> {
        let typed = self.read_expense_draft(programme, draft).await?;
        let txn = self.store.begin_write().await?;
        if let Some(organisation) = &typed.new_supplier {
            txn.insert_organisation(organisation, self.clock.now()).await?;
        }
        let number = self.next_expense_number(&txn, typed.date).await?;
        let expense = self.new_expense(programme, actor, number, typed, origin);
        let saved = self.file_expense(&txn, programme, expense).await?;
        self.record_expense(&txn, actor, "expense.created", None, &saved).await?;
        txn.commit().await?;
        Ok(saved)
    }

    async fn next_expense_number(&self, txn: &WriteTxn, date: Date) -> Result<String, AppError> {
        let prefix = format!("EXP-{:04}", date.year());
        Ok(format!("{prefix}-{:04}", txn.next_expense_number(&prefix).await?))
    }

    fn new_expense(
        &self,
        programme: &Programme,
        actor: &Actor,
        number: String,
        typed: Typed,
        origin: Origin,
    ) -> Expense {
        Expense {
            id: ExpenseId::new(),
            programme: programme.id,
            number,
            date: typed.date,
            amount: typed.amount,
            vat: typed.vat,
            supplier: typed.supplier,
            supplier_name: typed.supplier_name,
            budget_line: typed.budget_line.id,
            plan_activity: typed.plan_activity,
            logframe_node: typed.logframe_node,
            description: typed.description,
            kind: typed.kind,
            procedure: typed.procedure,
            documents: vec![],
            status: ExpenseStatus::Entered,
            review_comment: String::new(),
            entered_by: actor_name(actor),
            entered_at: self.clock.now(),
            reviewed_by: String::new(),
            reviewed_at: None,
            corrects: None,
            origin,
            conversion: None,
            flags: vec![],
            version: 1,
        }
    }

    /// Converts, flags and saves an expense, and raises or clears the splitting flags of the
    /// supplier's other purchases, which its amount may have changed.
    pub(crate) async fn file_expense(
        &self,
        txn: &WriteTxn,
        programme: &Programme,
        mut expense: Expense,
    ) -> Result<Expense, AppError> {
        let settings = self.contract_settings(programme).await?;
        expense.conversion = self.conversion_of(programme, &settings, &expense).await?;
        let others = match expense.supplier {
            Some(supplier) => txn.expenses_from_supplier(programme.id, supplier).await?,
            None => vec![],
        };
        let mut group: Vec<Expense> = others.into_iter().filter(|e| e.id != expense.id).collect();
        group.push(expense.clone());
        let split = splitting_flags(&group, &settings);
        for mut other in group {
            let found = own_and_split(&other, programme, &settings, &split);
            let flags = merge_flags(&other.flags, found);
            if other.id == expense.id {
                expense.flags = flags;
                continue;
            }
            if flags != other.flags {
                other.flags = flags;
                other.version += 1;
                txn.save_expense(&other).await?;
            }
        }
        txn.save_expense(&expense).await?;
        Ok(expense)
    }

    /// The conversion of an expense by the contract's method; none while no rate is known.
    async fn conversion_of(
        &self,
        programme: &Programme,
        settings: &ContractSettings,
        expense: &Expense,
    ) -> Result<Option<mekong_core::finance::conversion::Conversion>, AppError> {
        let rates = self.store.exchange_rates().await?;
        let receipts = self.store.funds_receipts(programme.id).await?;
        let period = self.reporting_period(programme, expense.date).await?;
        let sources = RateSources { rates: &rates, receipts: &receipts, period };
        Ok(convert(expense.amount, expense.date, programme.currency, settings.method, &sources).ok())
    }

    /// The reporting period an expense falls in: the longest period of the results area that
    /// holds its date (the year rather than its half), else its calendar year.
    async fn reporting_period(&self, programme: &Programme, date: Date) -> Result<(Date, Date), AppError> {
        let periods = self.store.periods(programme.id).await?;
        let holding = periods
            .iter()
            .filter(|p| p.starts <= date && date <= p.ends)
            .max_by_key(|p| (p.ends - p.starts).get_days());
        Ok(match holding {
            Some(period) => (period.starts, period.ends),
            None => (Date::new(date.year(), 1, 1).unwrap_or(date), Date::new(date.year(), 12, 31).unwrap_or(date)),
        })
    }

    /// Converts every expense of the programme again (a new method, new rates); how many
    /// converted amounts changed.
    pub(crate) async fn reconvert_expenses(
        &self,
        txn: &WriteTxn,
        programme: &Programme,
        settings: &ContractSettings,
    ) -> Result<usize, AppError> {
        let rates = self.store.exchange_rates().await?;
        let receipts = self.store.funds_receipts(programme.id).await?;
        let mut expenses = self.store.all_expenses(programme.id).await?;
        let mut changed = 0;
        for expense in &mut expenses {
            let period = self.reporting_period(programme, expense.date).await?;
            let sources = RateSources { rates: &rates, receipts: &receipts, period };
            let conversion = convert(expense.amount, expense.date, programme.currency, settings.method, &sources).ok();
            if conversion != expense.conversion {
                changed += usize::from(
                    conversion.as_ref().map(|c| c.converted) != expense.conversion.as_ref().map(|c| c.converted),
                );
                expense.conversion = conversion;
            }
        }
        let split = splitting_flags(&expenses, settings);
        for mut expense in expenses {
            let flags = merge_flags(&expense.flags, own_and_split(&expense, programme, settings, &split));
            let stored = self.store.expense(expense.id).await?;
            if flags != stored.flags || expense.conversion != stored.conversion {
                expense.flags = flags;
                expense.version += 1;
                txn.save_expense(&expense).await?;
            }
        }
        Ok(changed)
    }

    /// Approves an expense as it stood at `version`; its flags must all be resolved first.
    pub async fn approve_expense(&self, actor: &Actor, id: ExpenseId, version: i32) -> Result<Expense, AppError> {
        self.review_expense(actor, id, version, ExpenseStatus::Approved, "").await
    }

    /// Sends an expense back with a comment saying what to change.
    pub async fn return_expense(
        &self,
        actor: &Actor,
        id: ExpenseId,
        version: i32,
        comment: &str,
    ) -> Result<Expense, AppError> {
        let comment = checked_comment(comment, "comment")?;
        self.review_expense(actor, id, version, ExpenseStatus::Returned, &comment).await
    }

    async fn review_expense(
        &self,
        actor: &Actor,
        id: ExpenseId,
        version: i32,
        status: ExpenseStatus,
        comment: &str,
    ) -> Result<Expense, AppError> {
        let before = self.store.expense(id).await?;
        self.finance_programme_by_id(actor, Permission::ApproveFinance, before.programme).await?;
        if before.status != ExpenseStatus::Entered {
            return Err(AppError::field("status", "error-expense-not-entered"));
        }
        if before.version != version {
            return Err(AppError::Conflict);
        }
        if status == ExpenseStatus::Approved && before.open_flags().next().is_some() {
            return Err(AppError::field("status", "error-expense-flags-open"));
        }
        let after = Expense {
            status,
            review_comment: comment.trim().to_owned(),
            reviewed_by: actor_name(actor),
            reviewed_at: Some(self.clock.now()),
            version: version + 1,
            ..before.clone()
        };
        let txn = self.store.begin_write().await?;
        txn.save_expense(&after).await?;
        self.record_expense(
            &txn,
            actor,
            if status == ExpenseStatus::Approved { "expense.approved" } else { "expense.returned" },
            Some(&before),
            &after,
        )
        .await?;
        txn.commit().await?;
        Ok(after)
    }

    /// Enters a correction of an approved expense: a new entry of the difference (negative to
    /// reduce it), with its own reason and documents, reviewed like any other.
    pub async fn correct_expense(
        &self,
        actor: &Actor,
        id: ExpenseId,
        difference: &str,
        reason: &str,
        typed_in: Lang,
    ) -> Result<Expense, AppError> {
        let original = self.store.expense(id).await?;
        let programme = self.finance_programme_by_id(actor, Permission::ManageFinance, original.programme).await?;
        if original.status != ExpenseStatus::Approved || original.corrects.is_some() {
            return Err(AppError::field("difference", "error-expense-not-approved"));
        }
        let mut errors = FieldErrors::default();
        let currency = original.amount.currency();
        let difference = match Money::parse(difference.trim().trim_start_matches('-'), currency, typed_in) {
            Ok(amount) if amount.is_zero() => {
                errors.add("difference", "error-amount");
                None
            }
            Ok(amount) if difference.trim().starts_with('-') => Some(Money::new(-amount.amount_minor(), currency)),
            Ok(amount) => Some(amount),
            Err(error) => {
                errors.add("difference", error.message_key());
                None
            }
        };
        let reason = input::check(reason, TextKind::Comment, "reason", &mut errors);
        if reason.is_empty() && errors.for_field("reason").is_none() {
            errors.add("reason", "error-required");
        }
        let (Some(difference), true) = (difference, errors.is_empty()) else {
            return Err(AppError::Validation(errors));
        };
        let txn = self.store.begin_write().await?;
        let number = self.next_expense_number(&txn, original.date).await?;
        let correction = Expense {
            id: ExpenseId::new(),
            number,
            amount: difference,
            vat: Money::zero(currency),
            description: reason,
            documents: vec![],
            status: ExpenseStatus::Entered,
            review_comment: String::new(),
            entered_by: actor_name(actor),
            entered_at: self.clock.now(),
            reviewed_by: String::new(),
            reviewed_at: None,
            corrects: Some(original.id),
            origin: Origin::Typed,
            conversion: None,
            flags: vec![],
            version: 1,
            ..original.clone()
        };
        let saved = self.file_expense(&txn, &programme, correction).await?;
        let change = Change {
            action: "expense.corrected",
            entity_type: "expense",
            entity_id: original.id.to_string(),
            before: None,
            after: serde_json::to_value(&saved).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// Attaches a supporting document. Evidence may be added to an approved expense too (a
    /// proof of payment arrives later); nothing is ever removed.
    pub async fn attach_expense_document(
        &self,
        actor: &Actor,
        id: ExpenseId,
        version: i32,
        kind: &str,
        name: &str,
        bytes: &[u8],
    ) -> Result<Expense, AppError> {
        let before = self.store.expense(id).await?;
        let programme = self.finance_programme_by_id(actor, Permission::ManageFinance, before.programme).await?;
        let Some(kind) = DocumentKind::parse(kind) else {
            return Err(AppError::field("kind", "error-required"));
        };
        if before.version != version {
            return Err(AppError::Conflict);
        }
        let txn = self.store.begin_write().await?;
        let stored = self.store_file(&txn, "file", name, bytes).await?;
        let mut after = before.clone();
        after.documents.push(SupportingDocument {
            kind,
            sha256: stored.sha256,
            name: stored.name,
            content_type: stored.content_type,
            size: stored.size,
        });
        after.version += 1;
        let saved = self.file_expense(&txn, &programme, after).await?;
        self.record_expense(&txn, actor, "expense.document_attached", Some(&before), &saved).await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// A supporting document's bytes; each opening is recorded in the trail (auditors' reads
    /// are part of the verification record).
    pub async fn open_expense_document(
        &self,
        actor: &Actor,
        id: ExpenseId,
        sha256: &str,
    ) -> Result<(String, String, Vec<u8>), AppError> {
        let expense = self.store.expense(id).await?;
        self.finance_programme_by_id(actor, Permission::ViewFinance, expense.programme).await?;
        let document = expense.documents.iter().find(|d| d.sha256 == sha256).ok_or(AppError::NotFound)?;
        let (file, bytes) = self.read_file(&document.sha256).await?;
        let txn = self.store.begin_write().await?;
        let change = Change {
            action: "expense.document_opened",
            entity_type: "expense",
            entity_id: expense.id.to_string(),
            before: None,
            after: Some(serde_json::json!({ "document": document.sha256, "name": document.name })),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok((document.name.clone(), file.content_type, bytes))
    }

    /// Resolves an open flag with a justification, kept on the expense and in the trail.
    pub async fn resolve_expense_flag(
        &self,
        actor: &Actor,
        id: ExpenseId,
        version: i32,
        kind: &str,
        justification: &str,
    ) -> Result<Expense, AppError> {
        let before = self.store.expense(id).await?;
        self.finance_programme_by_id(actor, Permission::ManageFinance, before.programme).await?;
        let justification = checked_comment(justification, "justification")?;
        if before.version != version {
            return Err(AppError::Conflict);
        }
        let mut after = before.clone();
        let flag = after
            .flags
            .iter_mut()
            .find(|f| f.kind.code() == kind && f.resolution.is_none())
            .ok_or(AppError::NotFound)?;
        flag.resolution = Some(Resolution { justification, by: actor_name(actor), at: self.clock.now() });
        after.version += 1;
        let txn = self.store.begin_write().await?;
        txn.save_expense(&after).await?;
        self.record_expense(&txn, actor, "expense.flag_resolved", Some(&before), &after).await?;
        txn.commit().await?;
        Ok(after)
    }

    /// Enters an expense proposed by another record (a participant's travel, a mission's
    /// cost) in `txn`; none when that origin was already proposed.
    pub(crate) async fn propose_expense(
        &self,
        txn: &WriteTxn,
        programme: &Programme,
        actor: &Actor,
        proposal: Proposal,
    ) -> Result<Option<Expense>, AppError> {
        if let Some(key) = proposal.origin.unique_key()
            && txn.expense_origin_taken(&key).await?
        {
            return Ok(None);
        }
        let number = self.next_expense_number(txn, proposal.date).await?;
        let typed = Typed {
            date: proposal.date,
            amount: proposal.amount,
            vat: Money::zero(proposal.amount.currency()),
            supplier: None,
            supplier_name: proposal.payee,
            new_supplier: None,
            budget_line: proposal.budget_line,
            plan_activity: proposal.plan_activity,
            logframe_node: proposal.logframe_node,
            description: proposal.description,
            kind: ContractKind::Services,
            procedure: Procedure::Invoice,
        };
        let expense = self.new_expense(programme, actor, number, typed, proposal.origin);
        let saved = self.file_expense(txn, programme, expense).await?;
        self.record_expense(txn, actor, "expense.proposed", None, &saved).await?;
        Ok(Some(saved))
    }
}

impl App {
    /// Writes the trail's entry of a change to an expense, in the change's transaction.
    async fn record_expense(
        &self,
        txn: &WriteTxn,
        actor: &Actor,
        action: &str,
        before: Option<&Expense>,
        after: &Expense,
    ) -> Result<(), AppError> {
        let change = Change {
            action,
            entity_type: "expense",
            entity_id: after.id.to_string(),
            before: before.and_then(|b| serde_json::to_value(b).ok()),
            after: serde_json::to_value(after).ok(),
        };
        self.record(txn, audit_actor(actor), change).await.map(|_| ())
    }
}

/// A required comment (a review's, a justification), checked as free text of that kind.
fn checked_comment(raw: &str, field: &str) -> Result<String, AppError> {
    let mut errors = FieldErrors::default();
    let text = input::check(raw, TextKind::Comment, field, &mut errors);
    if text.is_empty() && errors.is_empty() {
        errors.add(field, "error-required");
    }
    if errors.is_empty() { Ok(text) } else { Err(AppError::Validation(errors)) }
}

/// An expense another record proposes.
pub(crate) struct Proposal {
    pub origin: Origin,
    pub date: Date,
    pub amount: Money,
    pub payee: String,
    pub budget_line: BudgetLine,
    pub plan_activity: Option<ActivityId>,
    pub logframe_node: Option<LogframeNodeId>,
    pub description: String,
}

/// The splitting flags of a set of purchases: each flagged expense with the numbers of the
/// others in its group.
fn splitting_flags(expenses: &[Expense], settings: &ContractSettings) -> Vec<(ExpenseId, String)> {
    let purchases: Vec<Purchase> = expenses
        .iter()
        .filter(|e| e.corrects.is_none())
        .filter_map(|e| {
            Some(Purchase {
                id: e.id,
                supplier: e.supplier?,
                kind: e.kind,
                date: e.date,
                amount: e.conversion.as_ref()?.converted,
                procedure: e.procedure,
            })
        })
        .collect();
    split_purchases(&purchases, &settings.procurement)
        .into_iter()
        .map(|(id, others)| {
            let numbers: Vec<&str> =
                others.iter().filter_map(|o| expenses.iter().find(|e| e.id == *o)).map(|e| e.number.as_str()).collect();
            (id, numbers.join(","))
        })
        .collect()
}

fn own_and_split(
    expense: &Expense,
    programme: &Programme,
    settings: &ContractSettings,
    split: &[(ExpenseId, String)],
) -> Vec<(FlagKind, String)> {
    let contract = Eligibility {
        starts: programme.starts,
        ends: programme.ends,
        vat_recoverable: settings.vat_recoverable,
        rules: &settings.procurement,
    };
    let mut found = own_flags(expense, &contract);
    found.extend(
        split.iter().filter(|(id, _)| *id == expense.id).map(|(_, others)| (FlagKind::Splitting, others.clone())),
    );
    found
}
