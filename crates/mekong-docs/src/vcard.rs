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

/// Escapes a property value (RFC 6350 §3.4).
fn escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace(',', "\\,").replace(';', "\\;").replace('\n', "\\n")
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
        lines.push(format!("UID:urn:uuid:{}", card.uid));
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
        lines.extend(card.phones.iter().map(|p| format!("TEL;VALUE=uri:tel:{}", p.replace(' ', "-"))));
        lines.extend(card.languages.iter().map(|l| format!("LANG:{l}")));
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
}
