//! What the directory's forms and filters offer instead of codes: the network's countries to pick
//! by name, the languages and themes to tick, the member cities to choose; and the ticked boxes
//! read back as the typed lists the use cases (and the API) take.

use crate::WebError;
use crate::context::PageCtx;
use crate::state::AppState;
use crate::ui::vocabulary::{self, Choice};
use mekong_core::vocabulary::Theme;

/// The languages offered to tick (code, endonym); others are typed.
pub const LANGUAGES: [(&str, &str); 6] =
    [("km", "ខ្មែរ"), ("lo", "ລາວ"), ("vi", "Tiếng Việt"), ("th", "ไทย"), ("fr", "Français"), ("en", "English")];

/// The fields a form sends once per ticked box (plus the typed others).
const LISTS: [&str; 2] = ["languages", "themes"];

/// The languages and themes of a draft as boxes to tick.
pub struct Ticks {
    /// Code, endonym, ticked.
    pub languages: Vec<(&'static str, &'static str, bool)>,
    /// The draft's languages that have no box, as typed.
    pub other_languages: String,
    /// Each theme, ticked or not.
    pub themes: Vec<(Choice, bool)>,
}

/// The boxes for a draft's typed lists ("km, fr" and "heritage, water").
pub fn ticks(ctx: &PageCtx, languages: &str, themes: &str) -> Ticks {
    let split = |text: &str| -> Vec<String> {
        text.split([',', ';']).map(|v| v.trim().to_lowercase()).filter(|v| !v.is_empty()).collect()
    };
    let (languages, themes) = (split(languages), split(themes));
    Ticks {
        languages: LANGUAGES.iter().map(|(code, name)| (*code, *name, languages.iter().any(|l| l == code))).collect(),
        other_languages: languages
            .iter()
            .filter(|l| !LANGUAGES.iter().any(|(code, _)| code == l))
            .cloned()
            .collect::<Vec<_>>()
            .join(", "),
        themes: Theme::ALL
            .iter()
            .map(|t| {
                let ticked = themes.iter().any(|c| c == t.code());
                (
                    Choice {
                        code: t.code().into(),
                        label: vocabulary::label(ctx, "theme", t.code()),
                        selected: ticked,
                    },
                    ticked,
                )
            })
            .collect(),
    }
}

/// A filter's language select: the offered languages, and the one asked for when it is another.
pub fn language_filter(current: &str) -> Vec<Choice> {
    let offered = LANGUAGES.iter().map(|(code, name)| ((*code).to_owned(), (*name).to_owned()));
    filter_choices(offered, &current.trim().to_lowercase())
}

/// A filter's country select: the network's countries by name, and the one asked for when it is
/// another.
pub fn country_filter(ctx: &PageCtx, current: &str) -> Vec<Choice> {
    filter_choices(ctx.countries().into_iter(), &current.trim().to_uppercase())
}

fn filter_choices(offered: impl Iterator<Item = (String, String)>, current: &str) -> Vec<Choice> {
    let mut choices: Vec<Choice> =
        offered.map(|(code, label)| Choice { selected: code == current, code: code.into(), label }).collect();
    if !current.is_empty() && !choices.iter().any(|c| c.selected) {
        choices.push(Choice { code: current.to_owned().into(), label: current.to_owned(), selected: true });
    }
    choices
}

/// The member cities to choose from (code, name in the reader's language, chosen); a code that
/// names none stays chosen as sent, so that the form shows what was refused beside the field.
pub async fn member_cities(
    state: &AppState,
    ctx: &PageCtx,
    current: &str,
) -> Result<Vec<(String, String, bool)>, WebError> {
    let current = current.trim();
    let mut cities: Vec<(String, String, bool)> = state
        .app
        .list_cities(&ctx.actor)
        .await?
        .iter()
        .map(|c| {
            let code = c.code.to_string();
            let chosen = code.eq_ignore_ascii_case(current);
            (code, c.romanised_name(ctx.tr.lang).to_owned(), chosen)
        })
        .collect();
    if !current.is_empty() && !cities.iter().any(|(_, _, chosen)| *chosen) {
        cities.push((current.to_owned(), current.to_owned(), true));
    }
    Ok(cities)
}

/// A form's fields with each list's boxes and typed others joined into one value, as the
/// drafts read them ("km, fr, ja").
pub fn joined_lists(pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut lists: [Vec<String>; 2] = [Vec::new(), Vec::new()];
    let mut fields = Vec::new();
    for (name, value) in pairs {
        match LISTS.iter().position(|list| *list == name) {
            Some(i) => {
                lists[i].extend(value.split([',', ';']).map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned))
            }
            None => fields.push((name, value)),
        }
    }
    fields.extend(LISTS.iter().zip(lists).map(|(name, values)| ((*name).to_owned(), values.join(", "))));
    fields
}

#[cfg(test)]
mod tests {
    use super::joined_lists;

    #[test]
    fn ticked_boxes_and_typed_others_join_into_one_list_each() {
        let pairs =
            [("name", "A"), ("languages", "km"), ("languages", "ja; ko"), ("themes", "water"), ("languages", "")]
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .to_vec();
        let joined = joined_lists(pairs);
        let get = |k: &str| joined.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("name"), Some("A"));
        assert_eq!(get("languages"), Some("km, ja, ko"));
        assert_eq!(get("themes"), Some("water"));
        assert_eq!(joined.iter().filter(|(n, _)| n == "languages").count(), 1);
    }
}
