//! The five languages of the interface: Fluent message bundles embedded in the binary, and number
//! and date formatting per locale with ICU4X (Fluent alone formats neither correctly for Khmer or Lao).

mod bundles;
mod formatting;

pub use bundles::{Arg, I18n, MessageCheck};
pub use formatting::{format_date, format_decimal, format_instant, format_money, format_number, month_names};
pub use mekong_core::Lang;
