//! Translatable text: one string per language, read through a fallback chain.

use crate::Lang;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A text in several languages. Reading it in a language falls back to English, then French,
/// then any language present, so a reader never sees an empty field when some version exists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text(BTreeMap<Lang, String>);

impl Text {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a version; blank strings are not kept, so they never win the fallback.
    pub fn with(mut self, lang: Lang, value: impl Into<String>) -> Self {
        let value = value.into();
        if !value.trim().is_empty() {
            self.0.insert(lang, value);
        }
        self
    }

    /// The version in `lang`, else English, else French, else any.
    pub fn get(&self, lang: Lang) -> &str {
        self.version(lang).map_or("", |(_, text)| text)
    }

    /// What [`Text::get`] reads, with the language it is in (a reader may be told the version
    /// is not theirs); `None` when no language has a version.
    pub fn version(&self, lang: Lang) -> Option<(Lang, &str)> {
        [lang, Lang::En, Lang::Fr]
            .iter()
            .find_map(|l| self.0.get_key_value(l))
            .or_else(|| self.0.iter().next())
            .map(|(lang, text)| (*lang, text.as_str()))
    }

    /// Every version, by language.
    pub fn versions(&self) -> impl Iterator<Item = (Lang, &str)> {
        self.0.iter().map(|(lang, text)| (*lang, text.as_str()))
    }

    /// The version in exactly this language, if any.
    pub fn exact(&self, lang: Lang) -> Option<&str> {
        self.0.get(&lang).map(String::as_str)
    }

    /// Whether no language has a version.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Reads a text stored in several languages, or a single string written before the field
    /// was translatable, which is French (the network's language).
    pub fn or_french<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Stored {
            Languages(BTreeMap<Lang, String>),
            Single(String),
        }
        Ok(match Stored::deserialize(deserializer)? {
            Stored::Languages(map) => Text(map),
            Stored::Single(text) => Text::new().with(Lang::Fr, text),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_english_then_french_then_any() {
        let text = Text::new().with(Lang::Fr, "Ville").with(Lang::Km, "ក្រុង");
        assert_eq!(text.get(Lang::Km), "ក្រុង");
        assert_eq!(text.get(Lang::Vi), "Ville");
        let text = text.with(Lang::En, "City");
        assert_eq!(text.get(Lang::Vi), "City");
        let only_lao = Text::new().with(Lang::Lo, "ເມືອງ");
        assert_eq!(only_lao.get(Lang::Fr), "ເມືອງ");
        assert_eq!(Text::new().get(Lang::Fr), "");
    }

    #[test]
    fn blank_versions_do_not_win() {
        let text = Text::new().with(Lang::Vi, "  ").with(Lang::En, "City");
        assert_eq!(text.get(Lang::Vi), "City");
    }
}
