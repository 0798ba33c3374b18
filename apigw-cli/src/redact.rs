//! Log redaction: AWS access key ids never reach stderr, whichever crate logs them.
//!
//! The AWS SDK prints resolved credentials in its own events (`Credentials { access_key_id:
//! "AKIA…", secret_access_key: "** redacted **" }`: aws-smithy-runtime at debug and trace,
//! aws-config at info for profile credentials). The secret key is redacted there; the key id is
//! not, so every log line is filtered here before it is written.

use std::borrow::Cow;
use std::io::{self, Write};

/// Length of an access key id (`AKIA` or `ASIA` and 16 upper-case letters or digits).
const KEY_ID_LEN: usize = 20;
const PREFIXES: [&[u8]; 2] = [b"AKIA", b"ASIA"];

/// A writer that masks access key ids in what goes through it. The tracing formatter writes a
/// whole event at once, so a key id is never split between two writes.
#[derive(Debug)]
pub struct Redacting<W>(pub W);

impl<W: Write> Write for Redacting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write_all(&redact(buf))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// `text` with every access key id replaced by its prefix and asterisks.
pub fn redact(text: &[u8]) -> Cow<'_, [u8]> {
    let is_id_byte = |b: &u8| b.is_ascii_uppercase() || b.is_ascii_digit();
    let mut out: Option<Vec<u8>> = None;
    let mut i = 0;
    while i + KEY_ID_LEN <= text.len() {
        let candidate = &text[i..i + KEY_ID_LEN];
        let is_key_id = PREFIXES.iter().any(|p| candidate.starts_with(p))
            && candidate.iter().all(is_id_byte)
            && (i == 0 || !is_id_byte(&text[i - 1]))
            && text.get(i + KEY_ID_LEN).is_none_or(|b| !is_id_byte(b));
        if is_key_id {
            let out = out.get_or_insert_with(|| text.to_vec());
            out[i + 4..i + KEY_ID_LEN].fill(b'*');
            i += KEY_ID_LEN;
        } else {
            i += 1;
        }
    }
    out.map_or(Cow::Borrowed(text), Cow::Owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redacted(text: &str) -> String {
        String::from_utf8(redact(text.as_bytes()).into_owned()).expect("utf-8")
    }

    #[test]
    fn access_key_ids_are_masked_wherever_they_stand() {
        assert_eq!(
            redacted(r#"Credentials { access_key_id: "AKIAFAKESECRET123456", x: 1 }"#),
            r#"Credentials { access_key_id: "AKIA****************", x: 1 }"#
        );
        assert_eq!(
            redacted("ASIAABCDEFGHIJKLMNOP\nCredential=AKIAFAKESECRET123456/20250101"),
            "ASIA****************\nCredential=AKIA****************/20250101"
        );
    }

    #[test]
    fn other_text_is_left_alone() {
        for text in [
            "AKIAFAKESECRET12345",   // 19 characters: not a key id
            "AKIAFAKESECRET1234567", // part of a longer token
            "XAKIAFAKESECRET123456",
            "akiafakesecret123456",
            "GetRestApis orders us-west-2",
        ] {
            assert!(
                matches!(redact(text.as_bytes()), Cow::Borrowed(_)),
                "{text}"
            );
        }
    }

    #[test]
    fn the_writer_reports_every_byte_as_written() {
        let mut out = Redacting(Vec::new());
        let line = b"id=AKIAFAKESECRET123456\n";
        assert_eq!(out.write(line).expect("writes"), line.len());
        assert_eq!(out.0, b"id=AKIA****************\n");
    }
}
