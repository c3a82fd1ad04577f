//! The five languages the network speaks, and how a language tag is read.

use serde::{Deserialize, Serialize};

/// A language of the user interface and of translatable content. The network works in
/// French: it is the default.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Fr,
    En,
    Km,
    Lo,
    Vi,
}

impl Lang {
    /// Every language, in the order the switcher shows them.
    pub const ALL: [Lang; 5] = [Lang::Fr, Lang::En, Lang::Km, Lang::Lo, Lang::Vi];

    /// The network's default when nothing else tells: French.
    pub const DEFAULT: Lang = Lang::Fr;

    /// The BCP 47 code (`fr`, `km`...).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
            Lang::Km => "km",
            Lang::Lo => "lo",
            Lang::Vi => "vi",
        }
    }

    /// The language's own name for itself, as the switcher shows it.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::Fr => "Français",
            Lang::En => "English",
            Lang::Km => "ខ្មែរ",
            Lang::Lo => "ລາວ",
            Lang::Vi => "Tiếng Việt",
        }
    }

    /// Reads a language tag such as `km`, `fr-FR` or `VI`; region and script are ignored.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|lang| lang.code() == primary)
    }

    /// Picks the best supported language from an `Accept-Language` header, honouring q-values.
    /// A malformed header yields `None`, so the caller falls back to the default.
    pub fn negotiate(accept_language: &str) -> Option<Lang> {
        let mut best: Option<(Lang, f32)> = None;
        for item in accept_language.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or_default();
            let quality = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())
                .filter(|q| (0.0..=1.0).contains(q));
            let (Some(lang), Some(q)) = (Lang::from_tag(tag), quality) else {
                continue;
            };
            if q > 0.0 && best.is_none_or(|(_, bq)| q > bq) {
                best = Some((lang, q));
            }
        }
        best.map(|(lang, _)| lang)
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tags_with_regions() {
        assert_eq!(Lang::from_tag("fr-FR"), Some(Lang::Fr));
        assert_eq!(Lang::from_tag("KM"), Some(Lang::Km));
        assert_eq!(Lang::from_tag("de"), None);
        assert_eq!(Lang::from_tag(""), None);
    }

    #[test]
    fn negotiation_honours_quality() {
        assert_eq!(Lang::negotiate("de, lo;q=0.4, vi;q=0.8"), Some(Lang::Vi));
        assert_eq!(Lang::negotiate("en-GB,en;q=0.9"), Some(Lang::En));
        assert_eq!(Lang::negotiate("km;q=0"), None);
    }

    #[test]
    fn malformed_accept_language_yields_nothing() {
        assert_eq!(Lang::negotiate(";;;,q=abc"), None);
        assert_eq!(Lang::negotiate("fr;q=banana"), None);
        assert_eq!(Lang::negotiate("\u{0}\u{1}"), None);
    }
}
