//! The two-page brief of the network's position on a theme: what `templates/advocacy.typ`
//! prints. Page one: the theme, the position's title and statement; page two: the key messages
//! and what stands behind them. Every label is already translated by the caller.

use serde::Serialize;

/// A position's brief, in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdvocacyBrief {
    /// The network's name, over the title.
    pub network: String,
    pub theme: String,
    pub title: String,
    /// The statement's paragraphs.
    pub statement: Vec<String>,
    pub messages_heading: String,
    pub messages: Vec<String>,
    pub sources_heading: String,
    /// The events, documents and practices behind the position, one line each.
    pub sources: Vec<String>,
    /// Printed in the footer of both pages, e.g. "Published on 2 December 2026".
    pub generated: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Template, render_pdf};

    fn brief() -> AdvocacyBrief {
        AdvocacyBrief {
            network: "Réseau Mékong".into(),
            theme: "Changement climatique".into(),
            title: "Les villes face aux inondations".into(),
            statement: vec![
                "Les villes du Mékong demandent un accès direct aux fonds climat.".into(),
                "ក្រុងភ្នំពេញជារាជធានីនៃប្រទេសកម្ពុជា".into(),
            ],
            messages_heading: "Messages clés".into(),
            messages: vec!["Financer les drains".into(), "ນະຄອນຫຼວງວຽງຈັນ".into()],
            sources_heading: "Sources".into(),
            sources: vec!["Atelier de Huế".into()],
            generated: "Publié le 2 décembre 2026".into(),
        }
    }

    /// The brief read back by lopdf (the text the search index gets from any PDF).
    #[test]
    fn the_brief_is_two_pages_and_its_text_reads_back() -> Result<(), Box<dyn std::error::Error>> {
        let pdf = render_pdf(Template::AdvocacyBrief, &brief())?;
        let text = mekong_docs::extract_text("application/pdf", &pdf)?.ok_or("no text")?;
        for expected in ["Les villes face aux inondations", "accès direct aux fonds climat", "Financer les drains"] {
            assert!(text.contains(expected), "{expected} in {text}");
        }
        let pages = text.matches("Publié le 2 décembre 2026").count();
        assert_eq!(pages, 2, "one footer per page: {text}");
        Ok(())
    }

    #[test]
    fn a_long_brief_still_fits_two_pages() -> Result<(), Box<dyn std::error::Error>> {
        let mut long = brief();
        long.statement = vec!["Les villes agissent pour le climat. ".repeat(80); 4];
        long.messages = vec!["Un message clé assez long pour occuper deux lignes entières. ".repeat(3); 8];
        let pdf = render_pdf(Template::AdvocacyBrief, &long)?;
        let text = mekong_docs::extract_text("application/pdf", &pdf)?.ok_or("no text")?;
        assert_eq!(text.matches("Publié le 2 décembre 2026").count(), 2);
        Ok(())
    }
}
