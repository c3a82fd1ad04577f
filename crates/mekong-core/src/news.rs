//! The network's news posts: a title and a text per language, written and published by the
//! coordinator; readers get their language or the fallback version, said to be one.

use crate::Lang;
use crate::ids::NewsId;
use crate::text::Text;
use crate::validation::FieldErrors;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// A news post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsPost {
    pub id: NewsId,
    pub title: Text,
    pub body: Text,
    /// When it was published; none while a draft.
    pub published_at: Option<Timestamp>,
    pub written_by: String,
    pub updated_at: Timestamp,
    pub version: i32,
}

impl NewsPost {
    /// A title and a text in at least one language, the title in every language that has a text.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if self.title.is_empty() {
            errors.add("title_fr", "error-required");
        }
        for lang in Lang::ALL {
            if self.body.exact(lang).is_some() && self.title.exact(lang).is_none() {
                errors.add(&format!("title_{}", lang.code()), "error-required");
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    /// The language a reader of `lang` reads the post in (theirs, else the fallback).
    pub fn shown_lang(&self, lang: Lang) -> Lang {
        [lang, Lang::En, Lang::Fr].into_iter().chain(Lang::ALL).find(|l| self.title.exact(*l).is_some()).unwrap_or(lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_reads_in_the_readers_language_or_the_fallback() {
        let post = NewsPost {
            id: NewsId::new(),
            title: Text::new().with(Lang::Fr, "Nouvelles villes").with(Lang::Lo, "ເມືອງໃໝ່"),
            body: Text::new().with(Lang::Fr, "Deux villes"),
            published_at: None,
            written_by: "c".into(),
            updated_at: Timestamp::UNIX_EPOCH,
            version: 1,
        };
        assert_eq!(post.shown_lang(Lang::Lo), Lang::Lo);
        assert_eq!(post.shown_lang(Lang::Km), Lang::Fr);
        assert!(post.check().is_ok());
        let untitled = NewsPost { title: Text::new().with(Lang::En, "New"), ..post };
        assert_eq!(untitled.check().err().unwrap_or_default().for_field("title_fr"), Some("error-required"));
    }
}
