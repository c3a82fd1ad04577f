//! How a match between a funding opportunity and a candidate (a member city, a project) reads on
//! a page: each reason in the reader's language, marked for or against; and an opportunity named
//! in one line (title, funder, deadline) where a project chooses or lists it.

use crate::WebError;
use crate::context::PageCtx;
use crate::state::AppState;
use crate::ui::vocabulary;
use mekong_core::funding::{Match, Opportunity, Reason};
use mekong_core::people::Organisation;
use mekong_i18n::Arg;

/// A match's reasons, folded under a line that counts those speaking for it (a page lists a
/// dozen matches of five reasons each).
pub struct Reasons {
    pub summary: String,
    pub lines: Vec<ReasonLine>,
}

/// A reason of a match as a reader reads it, and whether it speaks for the match.
pub struct ReasonLine {
    pub text: String,
    pub fits: bool,
}

pub fn reasons(ctx: &PageCtx, found: &Match) -> Reasons {
    let lines: Vec<ReasonLine> = found
        .reasons
        .iter()
        .map(|reason| {
            let text = match reason {
                Reason::ThemesShared(themes) => ctx
                    .tr
                    .t_with(reason.key(), &[("themes", Arg::from(vocabulary::theme_labels(ctx, themes).as_str()))]),
                _ => ctx.t(reason.key()),
            };
            ReasonLine { text, fits: reason.fits() }
        })
        .collect();
    let fits = lines.iter().filter(|line| line.fits).count();
    let summary =
        ctx.tr.t_with("funding-match-summary", &[("fits", Arg::from(fits)), ("total", Arg::from(lines.len()))]);
    Reasons { lines, summary }
}

/// The deadline as the funder set it, in its own time zone, with the offset.
pub fn deadline(opportunity: &Opportunity) -> String {
    mekong_core::deadline::unambiguous(&opportunity.deadline.in_zone(&opportunity.deadline.time_zone))
}

/// `Title · Funder · deadline`: enough to tell two calls apart in a list of choices.
pub fn one_line(ctx: &PageCtx, names: &FunderNames, opportunity: &Opportunity) -> String {
    format!("{} · {} · {}", opportunity.title.get(ctx.tr.lang), names.of(ctx, opportunity), deadline(opportunity))
}

/// The funders' names in the reader's language (an opportunity keeps the English one).
pub struct FunderNames(Vec<Organisation>);

impl FunderNames {
    /// The directory's funders, for a reader who sees funding; for another, the names the
    /// opportunities keep.
    pub async fn load(state: &AppState, ctx: &PageCtx) -> Result<FunderNames, WebError> {
        if !state.app.sees_funding(&ctx.actor) {
            return Ok(FunderNames(Vec::new()));
        }
        Ok(FunderNames(state.app.funders(&ctx.actor).await?))
    }

    pub fn of_funders(funders: Vec<Organisation>) -> FunderNames {
        FunderNames(funders)
    }

    pub fn of(&self, ctx: &PageCtx, opportunity: &Opportunity) -> String {
        self.0
            .iter()
            .find(|f| f.id == opportunity.funder)
            .map_or_else(|| opportunity.funder_name.clone(), |f| f.names.for_reader(ctx.tr.lang).to_owned())
    }
}
