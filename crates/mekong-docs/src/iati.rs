//! IATI Activity Standard 2.03: a programme as an `iati-activities` document, for the open-data
//! registry. A small model of what Mekong publishes, `write` for the XML (elements in the
//! schema's sequence order, every text escaped), and `check` for the rules the schema does not
//! express (IATI-Rulesets `standard.json`): the export refuses a file that breaks them.

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::collections::BTreeMap;
use std::fmt;

/// The version of the standard written.
pub const IATI_VERSION: &str = "2.03";

/// An `iati-activities` document.
#[derive(Debug, Clone, Default)]
pub struct Activities {
    /// When the file was made (`@generated-datetime`).
    pub generated: Option<Timestamp>,
    pub activities: Vec<Activity>,
}

/// Text in one language (`<narrative xml:lang>`); no language means the activity's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Narrative {
    pub lang: Option<String>,
    pub text: String,
}

impl Narrative {
    pub fn new(lang: &str, text: &str) -> Narrative {
        Narrative { lang: Some(lang.to_owned()), text: text.to_owned() }
    }
}

/// An organisation: its identifier (`FR-RCS-…`), its type (OrganisationType: 10 Government,
/// 11 Local Government, 21 International NGO, 40 Multilateral…) and its names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Organisation {
    pub reference: Option<String>,
    pub kind: Option<String>,
    pub names: Vec<Narrative>,
}

/// A participating organisation's role (OrganisationRole).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrganisationRole {
    Funding = 1,
    Accountable = 2,
    Extending = 3,
    Implementing = 4,
}

/// An activity's status (ActivityStatus).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityStatus {
    Pipeline = 1,
    Implementation = 2,
    Finalisation = 3,
    Closed = 4,
    Cancelled = 5,
    Suspended = 6,
}

/// Which date an activity date is (ActivityDateType).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    PlannedStart = 1,
    ActualStart = 2,
    PlannedEnd = 3,
    ActualEnd = 4,
}

/// A transaction's type (TransactionType): the ones Mekong records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransactionKind {
    IncomingFunds = 1,
    OutgoingCommitment = 2,
    Disbursement = 3,
    Expenditure = 4,
    IncomingCommitment = 11,
}

/// A result's level (ResultType).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultKind {
    Output = 1,
    Outcome = 2,
    Impact = 3,
    Other = 9,
}

/// How an indicator is measured (IndicatorMeasure).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeasureKind {
    Unit = 1,
    Percentage = 2,
    Nominal = 3,
    Ordinal = 4,
    Qualitative = 5,
}

/// A percentage in hundredths: `Percent(3333)` is 33.33 %, so that shares add up exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Percent(pub u32);

impl Percent {
    pub const WHOLE: Percent = Percent(10_000);
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 % 100 {
            0 => write!(f, "{}", self.0 / 100),
            cents => write!(f, "{}.{cents:02}", self.0 / 100),
        }
    }
}

/// An amount: minor units with the currency's number of decimals, the currency (ISO 4217;
/// none means the activity's default) and the date its exchange rate applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    pub minor: i64,
    pub decimals: u8,
    pub currency: Option<String>,
    pub value_date: Date,
}

impl Value {
    /// The amount as a decimal (`1234.50`).
    pub fn decimal(&self) -> String {
        let sign = if self.minor < 0 { "-" } else { "" };
        let units = self.minor.unsigned_abs();
        if self.decimals == 0 {
            return format!("{sign}{units}");
        }
        let scale = 10u64.saturating_pow(u32::from(self.decimals));
        format!("{sign}{}.{:0width$}", units / scale, units % scale, width = usize::from(self.decimals))
    }
}

/// A description and its type (DescriptionType: 1 General, 2 Objectives, 3 Target groups).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Description {
    pub kind: u8,
    pub texts: Vec<Narrative>,
}

/// A country the activity benefits, with its share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryShare {
    /// ISO 3166-1 alpha-2.
    pub code: String,
    pub percentage: Option<Percent>,
}

/// A sector with its vocabulary (SectorVocabulary: 1 DAC 5-digit, 2 DAC 3-digit, 7 SDG goal…)
/// and its share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectorShare {
    pub vocabulary: String,
    pub code: String,
    pub percentage: Option<Percent>,
}

/// A budget for a period of at most a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    /// BudgetType: 1 Original, 2 Revised.
    pub kind: u8,
    /// BudgetStatus: 1 Indicative, 2 Committed.
    pub status: u8,
    pub starts: Date,
    pub ends: Date,
    pub value: Value,
}

/// Money in or out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transaction {
    /// The transaction's own reference (an expense number).
    pub reference: Option<String>,
    pub kind: TransactionKind,
    pub on: Date,
    pub value: Value,
    pub description: Vec<Narrative>,
    pub provider: Option<Organisation>,
    pub receiver: Option<Organisation>,
}

/// A link to a public document or page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentLink {
    pub url: String,
    /// A MIME type (`text/html`).
    pub format: String,
    pub titles: Vec<Narrative>,
    /// DocumentCategory codes (`A08` Results…), at least one.
    pub categories: Vec<String>,
    pub languages: Vec<String>,
    pub date: Option<Date>,
}

/// A breakdown of a value (`sex` = `female`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DimensionValue {
    pub name: String,
    pub value: String,
}

/// A target or an actual value, with its breakdown.
#[derive(Debug, Clone, PartialEq)]
pub struct PointValue {
    /// None for a qualitative indicator.
    pub value: Option<f64>,
    pub dimensions: Vec<DimensionValue>,
    pub comment: Vec<Narrative>,
}

/// An indicator's baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    pub year: i16,
    pub on: Option<Date>,
    pub value: Option<f64>,
    pub dimensions: Vec<DimensionValue>,
    pub comment: Vec<Narrative>,
}

/// A reporting period of an indicator, with its targets and actuals.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultPeriod {
    pub starts: Date,
    pub ends: Date,
    pub targets: Vec<PointValue>,
    pub actuals: Vec<PointValue>,
}

/// An indicator of a result.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultIndicator {
    pub measure: MeasureKind,
    pub ascending: Option<bool>,
    pub titles: Vec<Narrative>,
    pub descriptions: Vec<Narrative>,
    pub baselines: Vec<Baseline>,
    pub periods: Vec<ResultPeriod>,
}

/// A result of the logframe with its indicators (the schema needs at least one).
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityResult {
    pub kind: ResultKind,
    pub titles: Vec<Narrative>,
    pub descriptions: Vec<Narrative>,
    pub indicators: Vec<ResultIndicator>,
}

/// One `iati-activity`.
#[derive(Debug, Clone)]
pub struct Activity {
    pub identifier: String,
    pub default_currency: Option<String>,
    /// The activity's default language (`@xml:lang`).
    pub lang: Option<String>,
    pub last_updated: Option<Timestamp>,
    pub reporting_org: Organisation,
    pub titles: Vec<Narrative>,
    pub descriptions: Vec<Description>,
    pub participants: Vec<(OrganisationRole, Organisation)>,
    pub status: ActivityStatus,
    pub dates: Vec<(DateKind, Date)>,
    pub countries: Vec<CountryShare>,
    pub sectors: Vec<SectorShare>,
    pub budgets: Vec<Budget>,
    pub transactions: Vec<Transaction>,
    pub document_links: Vec<DocumentLink>,
    pub results: Vec<ActivityResult>,
}

/// A rule beyond the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// The sectors of one vocabulary add up to 100 %.
    SectorPercentages,
    /// The recipient countries add up to 100 %.
    CountryPercentages,
    /// A start is not after its end.
    StartAfterEnd,
    /// Actual dates and transaction dates are not in the future.
    FutureDate,
    /// A budget covers at most a year.
    BudgetPeriod,
    /// Every value has a currency, or the activity a default currency.
    Currency,
    /// Identifiers hold none of `/ & | ?`, and the activity's starts with its reporting
    /// organisation's.
    Identifier,
    /// At least one start date, planned or actual.
    StartDate,
    /// Every text has a language, or the activity a default language.
    Language,
}

impl Rule {
    /// The rule's name, for messages keys (`iati-rule-` + code).
    pub fn code(self) -> &'static str {
        match self {
            Rule::SectorPercentages => "sector-percentages",
            Rule::CountryPercentages => "country-percentages",
            Rule::StartAfterEnd => "start-after-end",
            Rule::FutureDate => "future-date",
            Rule::BudgetPeriod => "budget-period",
            Rule::Currency => "currency",
            Rule::Identifier => "identifier",
            Rule::StartDate => "start-date",
            Rule::Language => "language",
        }
    }
}

/// A broken rule: which, and where (`sector vocabulary 1: 90 %`), to say what to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleBreach {
    pub rule: Rule,
    pub activity: String,
    pub place: String,
}

impl fmt::Display for RuleBreach {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.rule {
            Rule::SectorPercentages => "the sectors of each vocabulary must add up to 100 %",
            Rule::CountryPercentages => "the recipient countries must add up to 100 %",
            Rule::StartAfterEnd => "a start date is after its end date",
            Rule::FutureDate => "an actual or transaction date is in the future",
            Rule::BudgetPeriod => "a budget period is longer than a year",
            Rule::Currency => "a value has no currency and the activity no default currency",
            Rule::Identifier => "an identifier contains / & | ? or does not start with the reporting organisation's",
            Rule::StartDate => "the activity has no planned or actual start date",
            Rule::Language => "a text has no language and the activity no default language",
        };
        write!(f, "{}: {what} ({})", self.activity, self.place)
    }
}

fn breach(breaches: &mut Vec<RuleBreach>, rule: Rule, activity: &Activity, place: String) {
    breaches.push(RuleBreach { rule, activity: activity.identifier.clone(), place });
}

fn bad_identifier(id: &str) -> bool {
    id.trim().is_empty() || id.contains(['/', '&', '|', '?'])
}

/// The rules the schema does not express, for a file made on `today`. Empty when it may be
/// published.
pub fn check(activities: &Activities, today: Date) -> Vec<RuleBreach> {
    let mut breaches = Vec::new();
    for a in &activities.activities {
        check_activity(a, today, &mut breaches);
    }
    breaches
}

fn check_activity(a: &Activity, today: Date, out: &mut Vec<RuleBreach>) {
    // Identifiers.
    let reporting_ref = a.reporting_org.reference.clone().unwrap_or_default();
    if bad_identifier(&a.identifier) {
        breach(out, Rule::Identifier, a, format!("iati-identifier {}", a.identifier));
    }
    if bad_identifier(&reporting_ref) || !a.identifier.starts_with(&format!("{reporting_ref}-")) {
        breach(out, Rule::Identifier, a, format!("reporting-org {reporting_ref}"));
    }
    for (_, org) in &a.participants {
        if let Some(reference) = &org.reference
            && bad_identifier(reference)
        {
            breach(out, Rule::Identifier, a, format!("participating-org {reference}"));
        }
    }
    // Dates.
    if !a.dates.iter().any(|(k, _)| matches!(k, DateKind::PlannedStart | DateKind::ActualStart)) {
        breach(out, Rule::StartDate, a, "activity-date".to_owned());
    }
    let date = |kind: DateKind| a.dates.iter().find(|(k, _)| *k == kind).map(|(_, d)| *d);
    for (start, end, name) in [
        (DateKind::PlannedStart, DateKind::PlannedEnd, "planned"),
        (DateKind::ActualStart, DateKind::ActualEnd, "actual"),
    ] {
        if let (Some(s), Some(e)) = (date(start), date(end))
            && s > e
        {
            breach(out, Rule::StartAfterEnd, a, format!("{name} dates {s} > {e}"));
        }
    }
    for (kind, on) in &a.dates {
        if matches!(kind, DateKind::ActualStart | DateKind::ActualEnd) && *on > today {
            breach(out, Rule::FutureDate, a, format!("actual activity-date {on}"));
        }
    }
    // Shares.
    let mut vocabularies: BTreeMap<&str, Vec<&SectorShare>> = BTreeMap::new();
    for sector in &a.sectors {
        vocabularies.entry(sector.vocabulary.as_str()).or_default().push(sector);
    }
    for (vocabulary, sectors) in vocabularies {
        if !shares_add_up(sectors.iter().map(|s| s.percentage)) {
            let total: u32 = sectors.iter().filter_map(|s| s.percentage).map(|p| p.0).sum();
            breach(out, Rule::SectorPercentages, a, format!("vocabulary {vocabulary}: {} %", Percent(total)));
        }
    }
    if !shares_add_up(a.countries.iter().map(|c| c.percentage)) {
        let total: u32 = a.countries.iter().filter_map(|c| c.percentage).map(|p| p.0).sum();
        breach(out, Rule::CountryPercentages, a, format!("recipient-country: {} %", Percent(total)));
    }
    // Money.
    let needs_currency = a.default_currency.as_deref().is_none_or(|c| c.trim().is_empty());
    for (i, budget) in a.budgets.iter().enumerate() {
        let place = format!("budget {} {}–{}", i + 1, budget.starts, budget.ends);
        if budget.starts > budget.ends {
            breach(out, Rule::StartAfterEnd, a, place.clone());
        }
        if budget.ends >= budget.starts.checked_add(1.year()).unwrap_or(Date::MAX) {
            breach(out, Rule::BudgetPeriod, a, place.clone());
        }
        if needs_currency && budget.value.currency.is_none() {
            breach(out, Rule::Currency, a, place);
        }
    }
    for (i, t) in a.transactions.iter().enumerate() {
        let place = format!("transaction {}", t.reference.clone().unwrap_or_else(|| (i + 1).to_string()));
        if t.on > today || t.value.value_date > today {
            breach(out, Rule::FutureDate, a, format!("{place} {}", t.on));
        }
        if needs_currency && t.value.currency.is_none() {
            breach(out, Rule::Currency, a, place.clone());
        }
        if t.reference.as_deref().is_some_and(|r| r.contains(['/', '&', '|', '?'])) {
            breach(out, Rule::Identifier, a, place);
        }
    }
    for result in &a.results {
        for indicator in &result.indicators {
            for period in &indicator.periods {
                if period.starts > period.ends {
                    breach(out, Rule::StartAfterEnd, a, format!("result period {}–{}", period.starts, period.ends));
                }
            }
        }
    }
    // Languages.
    if a.lang.as_deref().is_none_or(|l| l.trim().is_empty()) && narratives(a).any(|n| n.lang.is_none()) {
        breach(out, Rule::Language, a, "narrative".to_owned());
    }
}

/// Shares add up when there is a single one without a percentage, or all have one and they
/// make 100 %.
fn shares_add_up(shares: impl Iterator<Item = Option<Percent>>) -> bool {
    let shares: Vec<Option<Percent>> = shares.collect();
    match shares.as_slice() {
        [] | [None] => true,
        _ => {
            shares.iter().all(Option::is_some) && shares.iter().flatten().map(|p| p.0).sum::<u32>() == Percent::WHOLE.0
        }
    }
}

fn narratives(a: &Activity) -> impl Iterator<Item = &Narrative> {
    let orgs = std::iter::once(&a.reporting_org)
        .chain(a.participants.iter().map(|(_, o)| o))
        .chain(a.transactions.iter().flat_map(|t| t.provider.iter().chain(t.receiver.iter())));
    a.titles
        .iter()
        .chain(a.descriptions.iter().flat_map(|d| d.texts.iter()))
        .chain(orgs.flat_map(|o| o.names.iter()))
        .chain(a.transactions.iter().flat_map(|t| t.description.iter()))
        .chain(a.document_links.iter().flat_map(|d| d.titles.iter()))
        .chain(a.results.iter().flat_map(|r| {
            r.titles.iter().chain(r.descriptions.iter()).chain(r.indicators.iter().flat_map(|i| {
                i.titles
                    .iter()
                    .chain(i.descriptions.iter())
                    .chain(i.baselines.iter().flat_map(|b| b.comment.iter()))
                    .chain(
                        i.periods
                            .iter()
                            .flat_map(|p| p.targets.iter().chain(p.actuals.iter()).flat_map(|v| v.comment.iter())),
                    )
            }))
        }))
}

/// Text as XML 1.0 allows it: without the control characters it forbids, line ends as `\n`.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' => out.push('\n'),
            '\t' | '\n' => out.push(c),
            c if u32::from(c) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Attribute values: on one line as well (a parser turns line breaks in attributes to spaces).
fn clean_attribute(text: &str) -> String {
    clean(text).replace(['\n', '\t'], " ")
}

fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 { format!("{value:.0}") } else { format!("{value}") }
}

/// Writes the XML, elements in the schema's order.
struct Xml {
    out: Writer<Vec<u8>>,
}

type Attrs<'a> = &'a [(&'a str, String)];

impl Xml {
    fn start(name: &str, attrs: Attrs) -> BytesStart<'static> {
        let mut start = BytesStart::new(name.to_owned());
        for (key, value) in attrs {
            start.push_attribute((*key, clean_attribute(value).as_str()));
        }
        start
    }

    fn open(&mut self, name: &str, attrs: Attrs) -> std::io::Result<()> {
        self.out.write_event(Event::Start(Xml::start(name, attrs)))
    }

    fn close(&mut self, name: &str) -> std::io::Result<()> {
        self.out.write_event(Event::End(BytesEnd::new(name.to_owned())))
    }

    fn empty(&mut self, name: &str, attrs: Attrs) -> std::io::Result<()> {
        self.out.write_event(Event::Empty(Xml::start(name, attrs)))
    }

    fn text(&mut self, name: &str, attrs: Attrs, text: &str) -> std::io::Result<()> {
        self.out.write_event(Event::Start(Xml::start(name, attrs)))?;
        self.out.write_event(Event::Text(BytesText::new(&clean(text))))?;
        self.close(name)
    }

    fn narratives(&mut self, texts: &[Narrative]) -> std::io::Result<()> {
        for n in texts {
            match &n.lang {
                Some(lang) => self.text("narrative", &[("xml:lang", lang.clone())], &n.text)?,
                None => self.text("narrative", &[], &n.text)?,
            }
        }
        Ok(())
    }

    /// An element of narratives (`title`, `description`); nothing when there is no text.
    fn texts(&mut self, name: &str, attrs: Attrs, texts: &[Narrative]) -> std::io::Result<()> {
        if texts.is_empty() {
            return Ok(());
        }
        self.open(name, attrs)?;
        self.narratives(texts)?;
        self.close(name)
    }

    fn organisation(&mut self, name: &str, mut attrs: Vec<(&str, String)>, org: &Organisation) -> std::io::Result<()> {
        if let Some(reference) = &org.reference {
            attrs.push(("ref", reference.clone()));
        }
        if let Some(kind) = &org.kind {
            attrs.push(("type", kind.clone()));
        }
        if org.names.is_empty() {
            return self.empty(name, &attrs);
        }
        self.open(name, &attrs)?;
        self.narratives(&org.names)?;
        self.close(name)
    }

    fn value(&mut self, value: &Value) -> std::io::Result<()> {
        let mut attrs = Vec::new();
        if let Some(currency) = &value.currency {
            attrs.push(("currency", currency.clone()));
        }
        attrs.push(("value-date", value.value_date.to_string()));
        self.text("value", &attrs, &value.decimal())
    }

    fn dimensions(&mut self, dimensions: &[DimensionValue]) -> std::io::Result<()> {
        for d in dimensions {
            self.empty("dimension", &[("name", d.name.clone()), ("value", d.value.clone())])?;
        }
        Ok(())
    }

    fn point(&mut self, name: &str, point: &PointValue) -> std::io::Result<()> {
        let attrs: Vec<(&str, String)> = point.value.map(|v| ("value", number(v))).into_iter().collect();
        if point.dimensions.is_empty() && point.comment.is_empty() {
            return self.empty(name, &attrs);
        }
        self.open(name, &attrs)?;
        // target/actual: location*, dimension*, comment?, document-link*
        self.dimensions(&point.dimensions)?;
        self.texts("comment", &[], &point.comment)?;
        self.close(name)
    }

    fn document_link(&mut self, link: &DocumentLink) -> std::io::Result<()> {
        self.open("document-link", &[("url", link.url.clone()), ("format", link.format.clone())])?;
        // title, description?, category+, language*, document-date?
        self.open("title", &[])?;
        self.narratives(&link.titles)?;
        self.close("title")?;
        for category in &link.categories {
            self.empty("category", &[("code", category.clone())])?;
        }
        for language in &link.languages {
            self.empty("language", &[("code", language.clone())])?;
        }
        if let Some(date) = link.date {
            self.empty("document-date", &[("iso-date", date.to_string())])?;
        }
        self.close("document-link")
    }

    fn activity(&mut self, a: &Activity) -> std::io::Result<()> {
        let mut attrs = Vec::new();
        if let Some(t) = a.last_updated {
            attrs.push(("last-updated-datetime", datetime(t)));
        }
        if let Some(lang) = &a.lang {
            attrs.push(("xml:lang", lang.clone()));
        }
        if let Some(currency) = &a.default_currency {
            attrs.push(("default-currency", currency.clone()));
        }
        attrs.push(("hierarchy", "1".to_owned()));
        self.open("iati-activity", &attrs)?;
        self.text("iati-identifier", &[], &a.identifier)?;
        self.organisation("reporting-org", Vec::new(), &a.reporting_org)?;
        self.open("title", &[])?;
        self.narratives(&a.titles)?;
        self.close("title")?;
        for d in &a.descriptions {
            self.texts("description", &[("type", d.kind.to_string())], &d.texts)?;
        }
        for (role, org) in &a.participants {
            self.organisation("participating-org", vec![("role", (*role as u8).to_string())], org)?;
        }
        self.empty("activity-status", &[("code", (a.status as u8).to_string())])?;
        for (kind, on) in &a.dates {
            self.empty("activity-date", &[("type", (*kind as u8).to_string()), ("iso-date", on.to_string())])?;
        }
        for c in &a.countries {
            let mut attrs = vec![("code", c.code.clone())];
            if let Some(p) = c.percentage {
                attrs.push(("percentage", p.to_string()));
            }
            self.empty("recipient-country", &attrs)?;
        }
        for s in &a.sectors {
            let mut attrs = vec![("vocabulary", s.vocabulary.clone()), ("code", s.code.clone())];
            if let Some(p) = s.percentage {
                attrs.push(("percentage", p.to_string()));
            }
            self.empty("sector", &attrs)?;
        }
        for b in &a.budgets {
            self.open("budget", &[("type", b.kind.to_string()), ("status", b.status.to_string())])?;
            self.empty("period-start", &[("iso-date", b.starts.to_string())])?;
            self.empty("period-end", &[("iso-date", b.ends.to_string())])?;
            self.value(&b.value)?;
            self.close("budget")?;
        }
        for t in &a.transactions {
            let attrs: Vec<(&str, String)> = t.reference.iter().map(|r| ("ref", r.clone())).collect();
            self.open("transaction", &attrs)?;
            self.empty("transaction-type", &[("code", (t.kind as u8).to_string())])?;
            self.empty("transaction-date", &[("iso-date", t.on.to_string())])?;
            self.value(&t.value)?;
            self.texts("description", &[], &t.description)?;
            if let Some(provider) = &t.provider {
                self.organisation("provider-org", Vec::new(), provider)?;
            }
            if let Some(receiver) = &t.receiver {
                self.organisation("receiver-org", Vec::new(), receiver)?;
            }
            self.close("transaction")?;
        }
        for link in &a.document_links {
            self.document_link(link)?;
        }
        for r in a.results.iter().filter(|r| !r.indicators.is_empty()) {
            self.open("result", &[("type", (r.kind as u8).to_string())])?;
            self.open("title", &[])?;
            self.narratives(&r.titles)?;
            self.close("title")?;
            self.texts("description", &[], &r.descriptions)?;
            for i in &r.indicators {
                let mut attrs = vec![("measure", (i.measure as u8).to_string())];
                if let Some(up) = i.ascending {
                    attrs.push(("ascending", if up { "1" } else { "0" }.to_owned()));
                }
                self.open("indicator", &attrs)?;
                self.open("title", &[])?;
                self.narratives(&i.titles)?;
                self.close("title")?;
                self.texts("description", &[], &i.descriptions)?;
                for b in &i.baselines {
                    let mut attrs = vec![("year", b.year.to_string())];
                    if let Some(on) = b.on {
                        attrs.push(("iso-date", on.to_string()));
                    }
                    if let Some(v) = b.value {
                        attrs.push(("value", number(v)));
                    }
                    if b.dimensions.is_empty() && b.comment.is_empty() {
                        self.empty("baseline", &attrs)?;
                        continue;
                    }
                    // baseline: location*, dimension*, document-link*, comment?
                    self.open("baseline", &attrs)?;
                    self.dimensions(&b.dimensions)?;
                    self.texts("comment", &[], &b.comment)?;
                    self.close("baseline")?;
                }
                for p in &i.periods {
                    self.open("period", &[])?;
                    self.empty("period-start", &[("iso-date", p.starts.to_string())])?;
                    self.empty("period-end", &[("iso-date", p.ends.to_string())])?;
                    for t in &p.targets {
                        self.point("target", t)?;
                    }
                    for t in &p.actuals {
                        self.point("actual", t)?;
                    }
                    self.close("period")?;
                }
                self.close("indicator")?;
            }
            self.close("result")?;
        }
        self.close("iati-activity")
    }
}

fn datetime(t: Timestamp) -> String {
    // Whole seconds, UTC: `2026-12-02T12:00:00Z`.
    Timestamp::from_second(t.as_second()).map_or_else(|_| t.to_string(), |s| s.to_string())
}

fn write_document(activities: &Activities, xml: &mut Xml) -> std::io::Result<()> {
    xml.out.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut attrs = vec![("version", IATI_VERSION.to_owned())];
    if let Some(t) = activities.generated {
        attrs.push(("generated-datetime", datetime(t)));
    }
    xml.open("iati-activities", &attrs)?;
    for a in &activities.activities {
        xml.activity(a)?;
    }
    xml.close("iati-activities")
}

/// The `iati-activities` document, UTF-8, indented. It follows the schema's order; `check`
/// says whether it may be published.
pub fn write(activities: &Activities) -> Vec<u8> {
    let mut xml = Xml { out: Writer::new_with_indent(Vec::new(), b' ', 1) };
    // Writing into memory does not fail.
    match write_document(activities, &mut xml) {
        Ok(()) => {
            let mut bytes = xml.out.into_inner();
            bytes.push(b'\n');
            bytes
        }
        Err(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests;
