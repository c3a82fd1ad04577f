//! A deadline as each reader needs it (a call's, a funder's): in its own zone, in the reader's
//! when it differs, and in UTC, each unambiguous.

use crate::context::PageCtx;
use mekong_core::deadline::{Deadline, unambiguous};

pub struct DeadlineLines {
    /// The zone the deadline was stated in (the template names it the call's).
    pub call_zone: String,
    pub reader_zone: Option<String>,
    pub utc: String,
}

impl DeadlineLines {
    pub(crate) fn of(ctx: &PageCtx, deadline: &Deadline) -> DeadlineLines {
        let reader = &ctx.tr.time_zone;
        DeadlineLines {
            call_zone: unambiguous(&deadline.in_zone(&deadline.time_zone)),
            reader_zone: (ctx.signed_in() && *reader != deadline.time_zone)
                .then(|| unambiguous(&deadline.in_zone(reader))),
            utc: unambiguous(&deadline.in_zone("UTC")),
        }
    }
}
