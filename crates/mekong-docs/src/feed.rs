//! An Atom feed (RFC 4287) of what the network published: a model in, the XML document out.

use jiff::Timestamp;
use std::fmt::Write;

/// One published item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    /// An absolute IRI that never changes (`urn:uuid:…`).
    pub id: String,
    pub title: String,
    /// The language of the title and summary (`km`).
    pub lang: String,
    pub updated: Timestamp,
    pub published: Option<Timestamp>,
    /// The item's page, absolute.
    pub link: String,
    /// `practice`, `news`.
    pub category: String,
    pub summary: String,
}

/// The feed itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub id: String,
    pub title: String,
    pub lang: String,
    /// The feed's own address, absolute.
    pub self_link: String,
    /// The site's address, absolute.
    pub site_link: String,
    pub author: String,
    /// When the feed last changed (the newest entry, or when there is none, `now`).
    pub updated: Timestamp,
}

/// Text as XML character data: markup escaped, and the control characters XML 1.0 forbids left
/// out (a pasted form feed would make the whole feed unreadable).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' | '\t' | '\r' => out.push(c),
            c if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

/// RFC 3339 in UTC, as Atom's date constructs want it.
fn instant(at: Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The feed as an Atom document, entries in the order given.
pub fn write_atom(feed: &Feed, entries: &[FeedEntry]) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(xml, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">", escape(&feed.lang));
    let _ = writeln!(xml, "  <id>{}</id>", escape(&feed.id));
    let _ = writeln!(xml, "  <title>{}</title>", escape(&feed.title));
    let _ = writeln!(xml, "  <updated>{}</updated>", instant(feed.updated));
    let _ = writeln!(xml, "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>", escape(&feed.self_link));
    let _ = writeln!(xml, "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", escape(&feed.site_link));
    let _ = writeln!(xml, "  <author><name>{}</name></author>", escape(&feed.author));
    for entry in entries {
        let _ = writeln!(xml, "  <entry xml:lang=\"{}\">", escape(&entry.lang));
        let _ = writeln!(xml, "    <id>{}</id>", escape(&entry.id));
        let _ = writeln!(xml, "    <title>{}</title>", escape(&entry.title));
        let _ = writeln!(xml, "    <updated>{}</updated>", instant(entry.updated));
        if let Some(published) = entry.published {
            let _ = writeln!(xml, "    <published>{}</published>", instant(published));
        }
        let _ = writeln!(xml, "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", escape(&entry.link));
        let _ = writeln!(xml, "    <category term=\"{}\"/>", escape(&entry.category));
        if !entry.summary.trim().is_empty() {
            let _ = writeln!(xml, "    <summary>{}</summary>", escape(&entry.summary));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_forbidden_characters_do_not_break_the_document() {
        assert_eq!(escape("a < b & \"c\"\u{c}"), "a &lt; b &amp; &quot;c&quot;");
        assert_eq!(instant(Timestamp::UNIX_EPOCH), "1970-01-01T00:00:00Z");
    }
}
