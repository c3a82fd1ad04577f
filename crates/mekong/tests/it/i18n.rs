//! Every language has every message French has, with no variable the code does not pass.

use mekong_i18n::I18n;

#[test]
fn every_language_has_every_french_message_and_no_stray_variable() {
    let check = I18n::load().check();
    assert!(check.problems.is_empty(), "{}", check.problems.join("\n"));
}
