//! Loading the Fluent bundles and formatting messages.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use mekong_core::Lang;
use std::collections::{BTreeMap, BTreeSet};
use unic_langid::LanguageIdentifier;

/// The message files, one per language; each language's directory may grow more files per area.
const SOURCES: [(Lang, &str); 5] = [
    (Lang::Fr, include_str!("../locales/fr/main.ftl")),
    (Lang::En, include_str!("../locales/en/main.ftl")),
    (Lang::Km, include_str!("../locales/km/main.ftl")),
    (Lang::Lo, include_str!("../locales/lo/main.ftl")),
    (Lang::Vi, include_str!("../locales/vi/main.ftl")),
];

/// A value passed into a message.
#[derive(Debug, Clone)]
pub enum Arg {
    Str(String),
    Num(f64),
}

impl From<&str> for Arg {
    fn from(value: &str) -> Self {
        Arg::Str(value.to_owned())
    }
}

impl From<String> for Arg {
    fn from(value: String) -> Self {
        Arg::Str(value)
    }
}

impl From<i64> for Arg {
    fn from(value: i64) -> Self {
        #[expect(clippy::cast_precision_loss, reason = "counts shown to people are far below 2^53")]
        Arg::Num(value as f64)
    }
}

impl From<usize> for Arg {
    fn from(value: usize) -> Self {
        #[expect(clippy::cast_precision_loss, reason = "counts shown to people are far below 2^53")]
        Arg::Num(value as f64)
    }
}

/// All languages' bundles, loaded once at start-up and shared.
pub struct I18n {
    bundles: BTreeMap<Lang, FluentBundle<FluentResource>>,
    /// French is the reference: every other language must have what it has.
    sources: BTreeMap<Lang, FluentResource>,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("I18n").field("languages", &self.bundles.keys().collect::<Vec<_>>()).finish()
    }
}

/// What a check of the bundles found: problems as readable lines.
#[derive(Debug, Default)]
pub struct MessageCheck {
    pub problems: Vec<String>,
}

impl I18n {
    /// Parses the embedded message files. A syntax error is a bug caught by the tests, so it is
    /// logged and the faulty entries skipped rather than stopping the server.
    pub fn load() -> I18n {
        let mut bundles = BTreeMap::new();
        let mut sources = BTreeMap::new();
        for (lang, source) in SOURCES {
            let resource = parse(lang, source);
            let reference = parse(lang, source);
            let id: LanguageIdentifier = lang.code().parse().unwrap_or_default();
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Direction-isolation marks would end up as invisible characters in the HTML.
            bundle.set_use_isolating(false);
            if let Err(errors) = bundle.add_resource(resource) {
                tracing::error!(%lang, ?errors, "duplicate message ids");
            }
            bundles.insert(lang, bundle);
            sources.insert(lang, reference);
        }
        I18n { bundles, sources }
    }

    /// The message `id` in `lang`, without arguments.
    pub fn message(&self, lang: Lang, id: &str) -> String {
        self.format(lang, id, None)
    }

    /// The message `id` in `lang` with named arguments.
    pub fn message_with(&self, lang: Lang, id: &str, args: &[(&str, Arg)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            let value = match value {
                Arg::Str(s) => FluentValue::from(s.clone()),
                Arg::Num(n) => FluentValue::from(*n),
            };
            fluent_args.set(*name, value);
        }
        self.format(lang, id, Some(&fluent_args))
    }

    /// Every message whose id starts with `prefix`, in `lang` (French where `lang` lacks one):
    /// the words a generated document carries with it, so that it prints the same later.
    pub fn messages_with_prefix(&self, lang: Lang, prefix: &str) -> BTreeMap<String, String> {
        let Some(reference) = self.sources.get(&Lang::DEFAULT) else { return BTreeMap::new() };
        message_variables(reference)
            .into_keys()
            .filter(|id| id.starts_with(prefix))
            .map(|id| {
                let text = self.message(lang, &id);
                (id, text)
            })
            .collect()
    }

    /// Whether `id` names a message (used to accept only known keys from cookies and forms).
    pub fn has_message(&self, id: &str) -> bool {
        self.bundles.get(&Lang::DEFAULT).is_some_and(|b| b.has_message(id))
    }

    fn format(&self, lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
        let found = [lang, Lang::DEFAULT].into_iter().find_map(|l| {
            let bundle = self.bundles.get(&l)?;
            Some((bundle, bundle.get_message(id)?.value()?))
        });
        let Some((bundle, pattern)) = found else {
            tracing::error!(%lang, id, "missing message");
            return id.to_owned();
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors).into_owned();
        if !errors.is_empty() {
            tracing::error!(%lang, id, ?errors, "message formatted with errors");
            FORMAT_ERRORS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        text
    }

    /// Compares every language with French: missing messages, and variables a translation uses
    /// that the French message (the one the code is written against) does not.
    pub fn check(&self) -> MessageCheck {
        let mut check = MessageCheck::default();
        let Some(reference) = self.sources.get(&Lang::DEFAULT).map(message_variables) else {
            check.problems.push("French messages missing".to_owned());
            return check;
        };
        for (lang, resource) in &self.sources {
            let messages = message_variables(resource);
            for (id, variables) in &reference {
                match messages.get(id) {
                    None => check.problems.push(format!("{lang}: missing message {id}")),
                    Some(used) => {
                        for extra in used.difference(variables) {
                            check.problems.push(format!("{lang}: {id} uses ${extra}, which French does not pass"));
                        }
                    }
                }
            }
            for id in messages.keys().filter(|id| !reference.contains_key(*id)) {
                check.problems.push(format!("{lang}: message {id} is not in French"));
            }
        }
        check
    }
}

/// Counts formatting errors (a variable referenced but not passed), so tests that render every
/// page in every language can assert none happened.
pub static FORMAT_ERRORS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

impl MessageCheck {
    pub fn format_errors_so_far() -> usize {
        FORMAT_ERRORS.load(std::sync::atomic::Ordering::Relaxed)
    }
}

fn parse(lang: Lang, source: &str) -> FluentResource {
    FluentResource::try_new(source.to_owned()).unwrap_or_else(|(resource, errors)| {
        tracing::error!(%lang, ?errors, "syntax errors in messages");
        resource
    })
}

/// Each message id with the variables (`$name`) its value and attributes reference.
fn message_variables(resource: &FluentResource) -> BTreeMap<String, BTreeSet<String>> {
    use fluent_syntax::ast;
    let mut out = BTreeMap::new();
    for entry in resource.entries() {
        if let ast::Entry::Message(message) = entry {
            let mut vars = BTreeSet::new();
            if let Some(value) = &message.value {
                collect_pattern(value, &mut vars);
            }
            for attribute in &message.attributes {
                collect_pattern(&attribute.value, &mut vars);
            }
            out.insert(message.id.name.to_owned(), vars);
        }
    }
    out
}

fn collect_pattern(pattern: &fluent_syntax::ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    use fluent_syntax::ast::PatternElement;
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            collect_expression(expression, vars);
        }
    }
}

fn collect_expression(expression: &fluent_syntax::ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    use fluent_syntax::ast::{Expression, InlineExpression};
    let inline = |e: &InlineExpression<&str>, vars: &mut BTreeSet<String>| match e {
        InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_owned());
        }
        InlineExpression::Placeable { expression } => collect_expression(expression, vars),
        _ => {}
    };
    match expression {
        Expression::Inline(e) => inline(e, vars),
        Expression::Select { selector, variants } => {
            inline(selector, vars);
            for variant in variants {
                collect_pattern(&variant.value, vars);
            }
        }
    }
}
