//! Messages read from a file of mail: one message (`.eml`) or a whole mailbox (mbox, as mail
//! programs export it). Each message gives its Message-ID, its sender, the instant the receiving
//! server took it (the topmost `Received:` header, written by the last server, ours: the
//! sender's `Date:` is whatever their computer said) and its attachments.
//!
//! The files come from strangers: sizes, header blocks, parts and messages are bounded before
//! and after parsing, and a message that cannot be read is refused by its position in the file.

use jiff::Timestamp;
use mail_parser::mailbox::mbox::MessageIterator;
use mail_parser::{Message, MessageParser, MimeHeaders, PartType};

/// The largest file of mail read at once (below the web's upload limit, so the page names it).
pub const MAX_MAIL_FILE_BYTES: usize = 30 * 1024 * 1024;
/// Messages in one mailbox.
pub const MAX_MESSAGES: usize = 2_000;
/// Bytes of one message's header block: real ones are a few kilobytes, even after many hops.
pub const MAX_HEADER_BYTES: usize = 256 * 1024;
/// MIME parts of one message, however nested.
pub const MAX_PARTS: usize = 500;

/// An attached file as the message carries it, its content decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailAttachment {
    /// The name the sender gave it (empty when none).
    pub name: String,
    pub bytes: Vec<u8>,
}

/// One message read from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailMessage {
    /// Its position in the file, from 1.
    pub position: usize,
    pub message_id: Option<String>,
    pub sender_name: String,
    pub sender_address: String,
    pub subject: String,
    /// When the receiving server took it: the date of the topmost `Received:` header.
    pub received_at: Timestamp,
    pub attachments: Vec<MailAttachment>,
}

/// Why a file of mail was refused; `position` is the message's place in the file, from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MailError {
    #[error("the file is larger than {MAX_MAIL_FILE_BYTES} bytes")]
    FileTooLarge,
    #[error("the file holds no message")]
    Empty,
    #[error("the mailbox holds more than {MAX_MESSAGES} messages")]
    TooManyMessages,
    #[error("message {position} cannot be read as an email")]
    Unreadable { position: usize },
    #[error("message {position} has a header block larger than {MAX_HEADER_BYTES} bytes")]
    HeaderTooLarge { position: usize },
    #[error("message {position} has more than {MAX_PARTS} parts")]
    TooManyParts { position: usize },
    #[error("message {position} has no sender address")]
    NoSender { position: usize },
    #[error("message {position} has no dated Received header: export it from the receiving mailbox")]
    NoReceipt { position: usize },
}

impl MailError {
    /// The message's place in the file, when the problem is one message's.
    pub fn position(self) -> Option<usize> {
        match self {
            MailError::Unreadable { position }
            | MailError::HeaderTooLarge { position }
            | MailError::TooManyParts { position }
            | MailError::NoSender { position }
            | MailError::NoReceipt { position } => Some(position),
            MailError::FileTooLarge | MailError::Empty | MailError::TooManyMessages => None,
        }
    }

    /// A stable code for the problem (messages are translated from it).
    pub fn code(self) -> &'static str {
        match self {
            MailError::FileTooLarge => "file-too-large",
            MailError::Empty => "empty",
            MailError::TooManyMessages => "too-many-messages",
            MailError::Unreadable { .. } => "unreadable",
            MailError::HeaderTooLarge { .. } => "header-too-large",
            MailError::TooManyParts { .. } => "too-many-parts",
            MailError::NoSender { .. } => "no-sender",
            MailError::NoReceipt { .. } => "no-receipt",
        }
    }
}

/// Reads every message of a `.eml` file or an mbox mailbox (a file starting with `From `).
pub fn read_mail(bytes: &[u8]) -> Result<Vec<MailMessage>, MailError> {
    if bytes.len() > MAX_MAIL_FILE_BYTES {
        return Err(MailError::FileTooLarge);
    }
    let raw_messages: Vec<Vec<u8>> = if bytes.starts_with(b"From ") {
        let mut raw = Vec::new();
        for (index, message) in MessageIterator::new(bytes).enumerate() {
            if index >= MAX_MESSAGES {
                return Err(MailError::TooManyMessages);
            }
            let message = message.map_err(|_| MailError::Unreadable { position: index + 1 })?;
            raw.push(message.contents().to_vec());
        }
        raw
    } else {
        vec![bytes.to_vec()]
    };
    if raw_messages.iter().all(|m| m.iter().all(u8::is_ascii_whitespace)) {
        return Err(MailError::Empty);
    }
    raw_messages.iter().enumerate().map(|(index, raw)| read_message(index + 1, raw)).collect()
}

/// The parser: addresses, ids, dates and MIME headers structured, `Received:` parsed for its date.
fn parser() -> MessageParser {
    MessageParser::new()
        .with_mime_headers()
        .with_date_headers()
        .with_address_headers()
        .with_message_ids()
        .header_text(mail_parser::HeaderName::Subject)
        .header_received(mail_parser::HeaderName::Received)
}

fn read_message(position: usize, raw: &[u8]) -> Result<MailMessage, MailError> {
    if header_block_len(raw) > MAX_HEADER_BYTES {
        return Err(MailError::HeaderTooLarge { position });
    }
    let message = parser().parse(raw).ok_or(MailError::Unreadable { position })?;
    if message.parts.len() > MAX_PARTS {
        return Err(MailError::TooManyParts { position });
    }
    let sender = message.from().and_then(|from| from.first());
    let sender_address = sender.and_then(|s| s.address()).map(str::trim).unwrap_or_default();
    if !sender_address.contains('@') {
        return Err(MailError::NoSender { position });
    }
    let received_at = topmost_receipt(&message).ok_or(MailError::NoReceipt { position })?;
    Ok(MailMessage {
        position,
        message_id: message.message_id().map(|id| id.trim().to_owned()).filter(|id| !id.is_empty()),
        sender_name: sender.and_then(|s| s.name()).map(|n| n.trim().to_owned()).unwrap_or_default(),
        sender_address: sender_address.to_owned(),
        subject: message.subject().unwrap_or_default().trim().to_owned(),
        received_at,
        attachments: attachments(&message),
    })
}

/// The date of the first `Received:` header in the message: the last hop, our own server.
fn topmost_receipt(message: &Message<'_>) -> Option<Timestamp> {
    let received = message.received_all().next()?;
    let date = received.date()?;
    Timestamp::from_second(date.to_timestamp()).ok()
}

/// The attached files: parts that are not the message's readable body, with their content.
fn attachments(message: &Message<'_>) -> Vec<MailAttachment> {
    message
        .attachments()
        .filter(|part| !matches!(part.body, PartType::Multipart(_)))
        .map(|part| MailAttachment {
            name: part.attachment_name().unwrap_or_default().trim().to_owned(),
            bytes: part.contents().to_vec(),
        })
        .collect()
}

/// The length of the header block: up to the first empty line (the whole message when none).
fn header_block_len(raw: &[u8]) -> usize {
    let crlf = raw.windows(4).position(|w| w == b"\r\n\r\n");
    let lf = raw.windows(2).position(|w| w == b"\n\n");
    match (crlf, lf) {
        (Some(a), Some(b)) => a.min(b),
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => raw.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(received: &str, id: &str, body: &str) -> String {
        format!(
            "Received: from mx.example.org by mail.aimf.example; {received}\r\n\
             Received: from laptop by mx.example.org; Sat, 29 Nov 2025 08:00:00 +0000\r\n\
             From: \"Lan Nguyen\" <lan@example.org>\r\n\
             To: recrutement@aimf.example\r\n\
             Date: Sat, 29 Nov 2025 08:00:00 +0000\r\n\
             Message-ID: <{id}>\r\n\
             Subject: Candidature\r\n\
             MIME-Version: 1.0\r\n\
             Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
             --b\r\nContent-Type: text/plain\r\n\r\n{body}\r\n\
             --b\r\nContent-Type: application/pdf; name=\"cv.pdf\"\r\n\
             Content-Disposition: attachment; filename=\"cv.pdf\"\r\n\
             Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n"
        )
    }

    #[test]
    fn the_receipt_is_the_topmost_received_header_not_the_date() -> Result<(), MailError> {
        let read = read_mail(message("Mon, 1 Dec 2025 00:00:01 +0700", "a@example.org", "Bonjour").as_bytes())?;
        assert_eq!(read.len(), 1);
        let first = &read[0];
        assert_eq!(first.received_at.to_string(), "2025-11-30T17:00:01Z");
        assert_eq!(first.message_id.as_deref(), Some("a@example.org"));
        assert_eq!((first.sender_name.as_str(), first.sender_address.as_str()), ("Lan Nguyen", "lan@example.org"));
        assert_eq!(first.attachments, vec![MailAttachment { name: "cv.pdf".into(), bytes: b"%PDF-1.4\n".to_vec() }]);
        Ok(())
    }

    #[test]
    fn an_mbox_gives_each_message_in_order() -> Result<(), MailError> {
        let mbox = format!(
            "From lan@example.org Mon Dec  1 00:00:00 2025\n{}\nFrom binh@example.org Mon Dec  1 00:00:00 2025\n{}",
            message("Sun, 30 Nov 2025 10:00:00 +0700", "a@x", "one").replace("\r\n", "\n"),
            // A body line that would start with "From " comes escaped (">From"), as exporters write it.
            message("Sun, 30 Nov 2025 11:00:00 +0700", "b@x", ">From the start").replace("\r\n", "\n"),
        );
        let read = read_mail(mbox.as_bytes())?;
        let ids: Vec<_> = read.iter().map(|m| (m.position, m.message_id.clone())).collect();
        assert_eq!(ids, vec![(1, Some("a@x".to_owned())), (2, Some("b@x".to_owned()))]);
        Ok(())
    }

    #[test]
    fn a_message_without_receipt_or_sender_is_refused_by_position() {
        let undated = "From: lan@example.org\r\nSubject: x\r\n\r\nbody";
        assert_eq!(read_mail(undated.as_bytes()), Err(MailError::NoReceipt { position: 1 }));
        let anonymous = "Received: by mail.aimf.example; Sun, 30 Nov 2025 10:00:00 +0700\r\nSubject: x\r\n\r\nbody";
        assert_eq!(read_mail(anonymous.as_bytes()), Err(MailError::NoSender { position: 1 }));
        assert_eq!(read_mail(b"  \r\n"), Err(MailError::Empty));
    }

    #[test]
    fn hostile_messages_are_refused_without_harm() {
        let huge_header = format!(
            "X-Padding: {}\r\n{}",
            "a".repeat(MAX_HEADER_BYTES),
            message("Sun, 30 Nov 2025 10:00:00 +0700", "a@x", "")
        );
        assert_eq!(read_mail(huge_header.as_bytes()), Err(MailError::HeaderTooLarge { position: 1 }));
        // Thousands of multiparts nested in one another.
        let mut nested =
            String::from("Received: by mail.aimf.example; Sun, 30 Nov 2025 10:00:00 +0700\r\nFrom: a@example.org\r\n");
        for depth in 0..5_000 {
            nested.push_str(&format!("Content-Type: multipart/mixed; boundary=\"b{depth}\"\r\n\r\n--b{depth}\r\n"));
        }
        assert_eq!(read_mail(nested.as_bytes()), Err(MailError::TooManyParts { position: 1 }));
        // Bad encodings: broken base64, an unknown charset, an unterminated encoded word.
        let garbled = "Received: by mail.aimf.example; Sun, 30 Nov 2025 10:00:00 +0700\r\n\
                       From: =?x-unknown?B?####?= <a@example.org>\r\nSubject: =?utf-8?Q?caf=C3\r\n\
                       Content-Type: application/pdf; charset=\"klingon\"\r\n\
                       Content-Disposition: attachment; filename=\"\u{0}..\\x.pdf\"\r\n\
                       Content-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!\r\n";
        let read = read_mail(garbled.as_bytes());
        assert!(read.is_ok(), "a garbled message is still read: {read:?}");
    }
}
