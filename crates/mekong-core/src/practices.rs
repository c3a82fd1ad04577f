//! Good practices (case studies) of the member cities: what a city did about a problem, with
//! its results, costs, partners, photos and documents, written in several languages. Each
//! language version has its own status, since a Khmer version may lag the French one: the
//! public reads only published versions, in their language or, when theirs is not published,
//! in the fallback version, said to be one.

use crate::Lang;
use crate::directory::CityCode;
use crate::events::Document;
use crate::ids::{IndicatorId, OrganisationId, PersonId, PracticeId};
use crate::money::Money;
use crate::validation::FieldErrors;
use crate::vocabulary::{Theme, coded_enum};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

coded_enum!(
    /// Where one language version of a practice stands.
    TranslationStatus {
        /// Being written; seen by its city and the network's staff only.
        Draft = "draft",
        /// Sent to the coordinator for review.
        NeedsReview = "needs_review",
        /// Public.
        Published = "published",
    }
);

/// One language version of a practice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeText {
    pub title: String,
    pub summary: String,
    /// The problem the city faced.
    pub problem: String,
    /// What was done.
    pub actions: String,
    /// What came of it.
    pub results: String,
    pub status: TranslationStatus,
    /// The coordinator's comment when the version was sent back.
    pub review_comment: String,
    pub updated_by: String,
    pub updated_at: Timestamp,
}

/// A directory record the practice names (a partner organisation, the contact person), with
/// its name as it was when linked, so that the page reads without the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named<Id> {
    pub id: Id,
    pub name: String,
}

/// An indicator of the results area the practice's results feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorLink {
    pub id: IndicatorId,
    /// `SGA4 · OUT.2.1 · Good practices documented`.
    pub label: String,
}

/// A photo of the practice. People shown in it must have agreed to its publication: without
/// their consent it is kept for the network's own use and never shown publicly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Photo {
    pub file: Document,
    pub caption: String,
    pub credit: String,
    pub consent: bool,
}

/// A city's good practice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Practice {
    pub id: PracticeId,
    pub city: CityCode,
    pub themes: Vec<Theme>,
    pub starts_on: Option<Date>,
    pub ends_on: Option<Date>,
    pub cost: Option<Money>,
    pub partners: Vec<Named<OrganisationId>>,
    pub contact: Option<Named<PersonId>>,
    pub indicators: Vec<IndicatorLink>,
    pub texts: BTreeMap<Lang, PracticeText>,
    pub photos: Vec<Photo>,
    pub documents: Vec<Document>,
    /// When a first language version was published: the practice then counts as shared.
    pub first_published_at: Option<Timestamp>,
    /// When a language version was last published (the feed's `updated`).
    pub published_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub version: i32,
}

/// The version a reader is shown, and whether it is not the one asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown<'a> {
    pub lang: Lang,
    pub text: &'a PracticeText,
    pub fallback: bool,
}

/// Why a review step was refused.
fn refused(field: &str, message: &str) -> FieldErrors {
    let mut errors = FieldErrors::default();
    errors.add(field, message);
    errors
}

/// The languages tried when the reader's own is missing: English, then French, then any.
fn fallback_order(lang: Lang) -> impl Iterator<Item = Lang> {
    [lang, Lang::En, Lang::Fr].into_iter().chain(Lang::ALL)
}

impl Practice {
    /// The languages whose version is published.
    pub fn published_langs(&self) -> Vec<Lang> {
        self.texts.iter().filter(|(_, t)| t.status == TranslationStatus::Published).map(|(l, _)| *l).collect()
    }

    pub fn is_published(&self) -> bool {
        !self.published_langs().is_empty()
    }

    /// The version shown to a reader of `lang`: only published versions, unless `drafts`.
    pub fn shown(&self, lang: Lang, drafts: bool) -> Option<Shown<'_>> {
        fallback_order(lang).find_map(|candidate| {
            self.texts
                .get(&candidate)
                .filter(|t| drafts || t.status == TranslationStatus::Published)
                .map(|text| Shown { lang: candidate, text, fallback: candidate != lang })
        })
    }

    /// A title for lists and links: the reader's version or the fallback, drafts included when
    /// the reader may see them.
    pub fn title(&self, lang: Lang, drafts: bool) -> &str {
        self.shown(lang, drafts).map_or("", |s| s.text.title.as_str())
    }

    /// Checks the whole practice: a title in each version, the period in order.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if self.texts.is_empty() {
            errors.add("title", "error-required");
        }
        for text in self.texts.values() {
            if text.title.trim().is_empty() {
                errors.add("title", "error-required");
            }
        }
        if let (Some(starts), Some(ends)) = (self.starts_on, self.ends_on)
            && ends < starts
        {
            errors.add("ends_on", "error-until-before-from");
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    /// Writes one language version. A writer who is not a reviewer cannot publish: their
    /// version is a draft or waits for review, and a published one they change goes back to
    /// review (the public then reads the fallback until it is published again).
    pub fn write(&mut self, lang: Lang, mut text: PracticeText, reviewer: bool) {
        if text.status == TranslationStatus::Published && !reviewer {
            text.status = TranslationStatus::NeedsReview;
        }
        if text.status == TranslationStatus::Published {
            self.mark_published(text.updated_at);
        }
        self.texts.insert(lang, text);
    }

    fn mark_published(&mut self, at: Timestamp) {
        self.first_published_at.get_or_insert(at);
        self.published_at = Some(at);
    }

    /// The coordinator publishes one language version.
    pub fn publish(&mut self, lang: Lang, at: Timestamp) -> Result<(), FieldErrors> {
        let text = self.texts.get_mut(&lang).ok_or_else(|| refused("lang", "error-practice-no-version"))?;
        if text.status == TranslationStatus::Published {
            return Err(refused("lang", "error-practice-already-published"));
        }
        text.status = TranslationStatus::Published;
        text.review_comment.clear();
        self.mark_published(at);
        Ok(())
    }

    /// The coordinator sends one version back to its writers, saying why.
    pub fn send_back(&mut self, lang: Lang, comment: &str) -> Result<(), FieldErrors> {
        if comment.trim().is_empty() {
            return Err(refused("comment", "error-required"));
        }
        let text = self.texts.get_mut(&lang).ok_or_else(|| refused("lang", "error-practice-no-version"))?;
        text.status = TranslationStatus::Draft;
        comment.trim().clone_into(&mut text.review_comment);
        Ok(())
    }

    /// The photos the public may see: those whose people agreed.
    pub fn public_photos(&self) -> impl Iterator<Item = &Photo> {
        self.photos.iter().filter(|p| p.consent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(title: &str, status: TranslationStatus) -> PracticeText {
        PracticeText {
            title: title.into(),
            summary: String::new(),
            problem: String::new(),
            actions: String::new(),
            results: String::new(),
            status,
            review_comment: String::new(),
            updated_by: "w".into(),
            updated_at: Timestamp::UNIX_EPOCH,
        }
    }

    fn practice() -> Result<Practice, crate::directory::DirectoryError> {
        Ok(Practice {
            id: PracticeId::new(),
            city: CityCode::parse("KH-PNH")?,
            themes: vec![Theme::UrbanGovernance],
            starts_on: None,
            ends_on: None,
            cost: None,
            partners: Vec::new(),
            contact: None,
            indicators: Vec::new(),
            texts: BTreeMap::new(),
            photos: Vec::new(),
            documents: Vec::new(),
            first_published_at: None,
            published_at: None,
            created_at: Timestamp::UNIX_EPOCH,
            version: 1,
        })
    }

    #[test]
    fn the_public_reads_a_published_version_or_the_fallback_said_so() -> Result<(), Box<dyn std::error::Error>> {
        let mut practice = practice()?;
        practice.write(Lang::Fr, text("Collecte", TranslationStatus::Published), true);
        practice.write(Lang::Km, text("ការប្រមូល", TranslationStatus::Draft), false);
        let shown = practice.shown(Lang::Km, false).ok_or("a version")?;
        assert_eq!((shown.lang, shown.fallback, shown.text.title.as_str()), (Lang::Fr, true, "Collecte"));
        let own = practice.shown(Lang::Km, true).ok_or("a version")?;
        assert_eq!((own.lang, own.fallback), (Lang::Km, false), "writers see their draft");
        practice.publish(Lang::Km, Timestamp::UNIX_EPOCH).map_err(|e| format!("{e:?}"))?;
        let shown = practice.shown(Lang::Km, false).ok_or("a version")?;
        assert_eq!((shown.lang, shown.fallback), (Lang::Km, false));
        assert!(practice.publish(Lang::Km, Timestamp::UNIX_EPOCH).is_err(), "published once");
        Ok(())
    }

    #[test]
    fn a_writer_cannot_publish_and_sending_back_needs_a_comment() -> Result<(), Box<dyn std::error::Error>> {
        let mut practice = practice()?;
        practice.write(Lang::En, text("Drains", TranslationStatus::Published), false);
        assert_eq!(practice.texts.get(&Lang::En).map(|t| t.status), Some(TranslationStatus::NeedsReview));
        assert!(!practice.is_published() && practice.first_published_at.is_none());
        let errors = practice.send_back(Lang::En, " ").err().unwrap_or_default();
        assert_eq!(errors.for_field("comment"), Some("error-required"));
        practice.send_back(Lang::En, "Add the costs").map_err(|e| format!("{e:?}"))?;
        let en = practice.texts.get(&Lang::En).ok_or("en")?;
        assert_eq!((en.status, en.review_comment.as_str()), (TranslationStatus::Draft, "Add the costs"));
        assert!(practice.publish(Lang::Vi, Timestamp::UNIX_EPOCH).is_err(), "no Vietnamese version");
        Ok(())
    }

    #[test]
    fn only_photos_with_consent_are_public() -> Result<(), Box<dyn std::error::Error>> {
        let mut practice = practice()?;
        let photo = |consent| Photo {
            file: Document { sha256: "a".into(), name: "a.jpg".into(), content_type: "image/jpeg".into(), size: 1 },
            caption: "c".into(),
            credit: "k".into(),
            consent,
        };
        practice.photos = vec![photo(false), photo(true)];
        assert_eq!(practice.public_photos().count(), 1);
        Ok(())
    }
}
