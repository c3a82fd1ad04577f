//! The network's voice: its position on each theme (one per theme), with the key messages it
//! carries to governments and funders, each text per language, drafted by the coordinator and
//! published for everyone to read, and the events, documents and good practices behind it.

use crate::Lang;
use crate::ids::{EventId, LibraryDocumentId, PositionId};
use crate::text::Text;
use crate::validation::FieldErrors;
use crate::vocabulary::{Theme, coded_enum};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

coded_enum!(
    /// Whether a position is read by everyone.
    PositionStatus {
        Draft = "draft",
        Published = "published",
    }
);

/// Key messages of one position: a two-page brief holds no more.
pub const MAX_MESSAGES: usize = 8;
/// Characters of a position's statement in one language (page one of its brief).
pub const MAX_STATEMENT_CHARS: usize = 2_500;
/// Characters of one key message.
pub const MAX_MESSAGE_CHARS: usize = 400;
/// Events, documents or practices behind one position.
pub const MAX_SOURCES: usize = 20;

/// The network's position on a theme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub id: PositionId,
    pub theme: Theme,
    pub title: Text,
    /// The position itself, a few paragraphs.
    pub statement: Text,
    /// The key messages, one a line.
    pub messages: Text,
    pub status: PositionStatus,
    pub events: Vec<EventId>,
    pub documents: Vec<LibraryDocumentId>,
    /// Good practices behind it, by id (the practices area keeps them).
    pub practices: Vec<uuid::Uuid>,
    pub updated_by: String,
    pub updated_at: Timestamp,
    pub version: i32,
}

impl Position {
    /// The key messages in `lang` (with the text's fallback), one per non-empty line.
    pub fn messages_in(&self, lang: Lang) -> Vec<&str> {
        self.messages.get(lang).lines().map(str::trim).filter(|l| !l.is_empty()).collect()
    }

    /// Checks the texts against what a two-page brief can hold, in every language.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if self.title.is_empty() {
            errors.add("title", "error-required");
        }
        if self.statement.is_empty() {
            errors.add("statement", "error-required");
        }
        for lang in Lang::ALL {
            if self.statement.exact(lang).is_some_and(|s| s.chars().count() > MAX_STATEMENT_CHARS) {
                errors.add(&format!("statement_{}", lang.code()), "error-advocacy-too-long");
            }
            let messages: Vec<&str> = self
                .messages
                .exact(lang)
                .map(|m| m.lines().map(str::trim).filter(|l| !l.is_empty()).collect())
                .unwrap_or_default();
            if messages.len() > MAX_MESSAGES || messages.iter().any(|m| m.chars().count() > MAX_MESSAGE_CHARS) {
                errors.add(&format!("messages_{}", lang.code()), "error-advocacy-messages");
            }
        }
        if self.events.len() + self.documents.len() + self.practices.len() > MAX_SOURCES {
            errors.add("events", "error-documents-too-many");
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn position() -> Position {
        Position {
            id: PositionId::new(),
            theme: Theme::ClimateChange,
            title: Text::new().with(Lang::Fr, "Villes et climat"),
            statement: Text::new().with(Lang::Fr, "Les villes agissent."),
            messages: Text::new().with(Lang::Fr, "Un\n\n Deux \n"),
            status: PositionStatus::Draft,
            events: Vec::new(),
            documents: Vec::new(),
            practices: Vec::new(),
            updated_by: String::new(),
            updated_at: Timestamp::UNIX_EPOCH,
            version: 1,
        }
    }

    #[test]
    fn messages_are_the_non_empty_lines() {
        assert_eq!(position().messages_in(Lang::Km), vec!["Un", "Deux"]);
    }

    #[test]
    fn a_brief_that_cannot_fit_two_pages_is_refused() {
        let mut too_long = position();
        too_long.statement = Text::new().with(Lang::Km, "ក".repeat(MAX_STATEMENT_CHARS + 1));
        too_long.messages = Text::new().with(Lang::Lo, "ແ\n".repeat(MAX_MESSAGES + 1));
        let errors = too_long.check().err().unwrap_or_default();
        assert!(errors.for_field("statement_km").is_some());
        assert!(errors.for_field("messages_lo").is_some());
        assert!(position().check().is_ok());
    }
}
