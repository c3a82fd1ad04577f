//! The directory's closed lists as the pages show them: each code with its label in the
//! reader's language, ready for `<select>` options and for display.

use crate::context::PageCtx;
use mekong_core::vocabulary::{
    ActionStatus, ConsentBasis, MembershipStatus, OrganisationKind, PaidBy, ProspectStage, Sex, Theme,
};
use std::borrow::Cow;

/// One choice of a select: its code, its label, and whether it is the current value (a code the
/// lists do not hold, asked for in a query, is kept as sent).
#[derive(Clone)]
pub struct Choice {
    pub code: Cow<'static, str>,
    pub label: String,
    pub selected: bool,
}

/// The message id of a code: `kind-university`, `theme-heritage`.
pub fn label(ctx: &PageCtx, prefix: &str, code: &str) -> String {
    ctx.t(&format!("{prefix}-{}", code.replace('_', "-")))
}

fn choices(ctx: &PageCtx, prefix: &str, codes: impl Iterator<Item = &'static str>, current: &str) -> Vec<Choice> {
    codes.map(|code| Choice { code: code.into(), label: label(ctx, prefix, code), selected: code == current }).collect()
}

pub fn kinds(ctx: &PageCtx, current: &str) -> Vec<Choice> {
    choices(ctx, "kind", OrganisationKind::ALL.iter().map(|k| k.code()), current)
}

pub fn themes(ctx: &PageCtx, current: &str) -> Vec<Choice> {
    choices(ctx, "theme", Theme::ALL.iter().map(|t| t.code()), current)
}

pub fn memberships(ctx: &PageCtx, current: &str) -> Vec<Choice> {
    choices(ctx, "membership", MembershipStatus::ALL.iter().map(|m| m.code()), current)
}

pub fn stages(ctx: &PageCtx, current: &str) -> Vec<Choice> {
    choices(ctx, "stage", ProspectStage::ALL.iter().map(|s| s.code()), current)
}

pub fn consent_bases(ctx: &PageCtx, current: &str) -> Vec<Choice> {
    choices(ctx, "consent", ConsentBasis::ALL.iter().map(|c| c.code()), current)
}

pub fn sexes(ctx: &PageCtx, current: &str) -> Vec<Choice> {
    choices(ctx, "sex", Sex::ALL.iter().map(|s| s.code()), current)
}

pub fn action_statuses(ctx: &PageCtx, current: &str) -> Vec<Choice> {
    choices(ctx, "action-status", ActionStatus::ALL.iter().map(|s| s.code()), current)
}

pub fn payers(ctx: &PageCtx, current: &str) -> Vec<Choice> {
    choices(ctx, "paid-by", PaidBy::ALL.iter().map(|p| p.code()), current)
}

/// A list of theme codes as labels.
pub fn theme_labels(ctx: &PageCtx, themes: &[Theme]) -> String {
    themes.iter().map(|t| label(ctx, "theme", t.code())).collect::<Vec<_>>().join(", ")
}

/// The language of names written in a country's own script, for `lang` attributes (so that
/// screen readers and fonts treat them right); `und` when unknown.
pub fn script_lang(country: Option<&str>) -> &'static str {
    match country {
        Some("KH") => "km",
        Some("LA") => "lo",
        Some("VN") => "vi",
        Some("TH") => "th",
        _ => "und",
    }
}
