//! People as vCard 4.0 (RFC 6350), for address books.

/// What a card says about one person.
#[derive(Debug, Clone, Default)]
pub struct VCard {
    pub full_name: String,
    /// The name in local script, given as an alternative.
    pub local_name: String,
    pub title: String,
    pub organisation: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub languages: Vec<String>,
    pub uid: String,
}

/// Escapes a property value (RFC 6350 §3.4). Every line break (CR LF, a bare CR, LF, a line or
/// paragraph separator) is written `\n`, other control characters are left out: a bare CR in a
/// name ended the `FN` line and began a property of the name's choosing.
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' | '\u{2028}' | '\u{2029}' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets without splitting a character (RFC 6350 §3.2).
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

/// The cards, one after the other, as one `.vcf` file.
pub fn write_vcards(cards: &[VCard]) -> String {
    let mut out = String::new();
    for card in cards {
        let mut lines = vec!["BEGIN:VCARD".to_owned(), "VERSION:4.0".to_owned()];
        lines.push(format!("UID:urn:uuid:{}", escape(&card.uid)));
        lines.push(format!("FN:{}", escape(&card.full_name)));
        if !card.local_name.is_empty() && card.local_name != card.full_name {
            lines.push(format!("FN;ALTID=1;TYPE=local:{}", escape(&card.local_name)));
        }
        if !card.title.is_empty() {
            lines.push(format!("TITLE:{}", escape(&card.title)));
        }
        if !card.organisation.is_empty() {
            lines.push(format!("ORG:{}", escape(&card.organisation)));
        }
        lines.extend(card.emails.iter().map(|e| format!("EMAIL:{}", escape(e))));
        lines.extend(card.phones.iter().map(|p| format!("TEL;VALUE=uri:tel:{}", escape(&p.replace(' ', "-")))));
        lines.extend(card.languages.iter().map(|l| format!("LANG:{}", escape(l))));
        lines.push("END:VCARD".to_owned());
        for line in lines {
            out.push_str(&fold(&line));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_are_escaped_and_folded() {
        let card = VCard {
            full_name: "Sokha, Chan".into(),
            local_name: "ចាន់ សុខា".into(),
            organisation: "Phnom Penh Capital Hall; Department of International Cooperation and ASEAN Affairs".into(),
            emails: vec!["sokha@pp.gov.kh".into()],
            uid: "0195".into(),
            ..VCard::default()
        };
        let text = write_vcards(&[card]);
        assert!(text.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\n"));
        assert!(text.contains("FN:Sokha\\, Chan\r\n"));
        assert!(text.contains("ចាន់ សុខា"));
        assert!(text.lines().all(|l| l.len() <= 75), "folded");
        assert!(text.ends_with("END:VCARD\r\n"));
    }

    #[test]
    fn a_line_break_in_a_name_adds_no_property() {
        let card = VCard {
            full_name: "Reg\rEMAIL:x@evil.example\r\nNOTE:y\nZ\u{0}".into(),
            phones: vec!["+855\r\nX:1".into()],
            uid: "0195".into(),
            ..VCard::default()
        };
        let text = write_vcards(&[card]);
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert!(!text.replace("\r\n", "").contains(['\r', '\n', '\u{0}']), "{text:?}");
        assert!(lines.contains(&"FN:Reg\\nEMAIL:x@evil.example\\nNOTE:y\\nZ"), "{text:?}");
        assert!(
            !lines.iter().any(|l| l.starts_with("EMAIL") || l.starts_with("NOTE") || l.starts_with("X:")),
            "{text:?}"
        );
    }
}
