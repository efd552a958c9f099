//! A document to scan, and its preparation for the wire: the fixes the API needs (no NUL
//! bytes, filenames of at most 256 characters) and the size checks it enforces.

use std::fmt;

use gitguardian_openapi::types;

use super::limits::ScanLimits;
use super::outcome::DocumentError;

/// The longest filename the API accepts, in characters.
pub const MAX_FILENAME_CHARS: usize = 256;

/// What replaces NUL bytes, which the API rejects: `U+001A SUBSTITUTE`, as the official
/// clients do. One byte for one byte, so positions in results still match the original.
pub const NUL_REPLACEMENT: char = '\u{1a}';

/// A text document to scan, with an optional filename (a path is best: filename policies
/// look at it, and it comes back in results).
///
/// `Debug` shows the filename and the size, never the content (it is what may hold
/// secrets).
///
/// ```
/// use gitguardian_api_ext::scan::Document;
///
/// let named = Document::named("config/.env", "PASSWORD=hunter2\n");
/// assert_eq!(named.filename(), Some("config/.env"));
/// let anonymous: Document = "just some text".into();
/// assert_eq!(anonymous.filename(), None);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Document {
    filename: Option<String>,
    content: String,
}

impl Document {
    /// A document without a filename.
    pub fn new(content: impl Into<String>) -> Document {
        Document {
            filename: None,
            content: content.into(),
        }
    }

    /// A document with a filename (longer names are cut to their last 256 characters when
    /// sent).
    pub fn named(filename: impl Into<String>, content: impl Into<String>) -> Document {
        Document {
            filename: Some(filename.into()),
            content: content.into(),
        }
    }

    /// The filename, as given.
    pub fn filename(&self) -> Option<&str> {
        self.filename.as_deref()
    }

    /// The content, as given.
    pub fn content(&self) -> &str {
        &self.content
    }
}

impl fmt::Debug for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Document")
            .field("filename", &self.filename)
            .field("bytes", &self.content.len())
            .finish()
    }
}

impl From<String> for Document {
    fn from(content: String) -> Document {
        Document::new(content)
    }
}

impl From<&str> for Document {
    fn from(content: &str) -> Document {
        Document::new(content)
    }
}

impl From<types::ScanDocument> for Document {
    fn from(document: types::ScanDocument) -> Document {
        Document {
            filename: document.filename.map(String::from),
            content: document.document,
        }
    }
}

/// A document ready to be packed into a request.
#[derive(Clone)]
pub(crate) struct Prepared {
    /// Position in the caller's input.
    pub(crate) index: usize,
    /// The body sent for it.
    pub(crate) body: types::ScanDocument,
    /// Bytes of `body` once JSON-encoded.
    pub(crate) encoded_size: u64,
}

impl Prepared {
    /// The filename as sent.
    pub(crate) fn filename(&self) -> Option<String> {
        self.body.filename.clone().map(String::from)
    }
}

/// Checks `document` against `limits` and turns it into the body the API accepts.
///
/// # Errors
///
/// The filename as it would have been sent, with the reason the document cannot be.
pub(crate) fn prepare(
    index: usize,
    document: Document,
    limits: &ScanLimits,
) -> Result<Prepared, (Option<String>, DocumentError)> {
    let filename = document.filename.map(cut_filename);
    let size = document.content.len() as u64;
    if size > limits.max_document_size {
        let limit = limits.max_document_size;
        return Err((filename, DocumentError::TooLarge { size, limit }));
    }
    let wire_filename = match filename.clone().map(types::ScanDocumentFilename::try_from) {
        None => None,
        Some(Ok(name)) => Some(name),
        Some(Err(e)) => return Err((filename, DocumentError::Invalid(e.to_string()))),
    };
    let body = types::ScanDocument {
        document: replace_nul(document.content),
        filename: wire_filename,
    };
    let encoded_size = encoded_size(&body);
    // A request body is a JSON array: `[` and `]` around even a single document.
    let budget = limits.payload_budget();
    if encoded_size + 2 > budget {
        let error = DocumentError::PayloadTooLarge {
            size: encoded_size,
            limit: budget.saturating_sub(2),
        };
        return Err((filename, error));
    }
    Ok(Prepared {
        index,
        body,
        encoded_size,
    })
}

/// `text` without NUL bytes (the common case allocates nothing).
fn replace_nul(text: String) -> String {
    if text.contains('\0') {
        text.replace('\0', NUL_REPLACEMENT.encode_utf8(&mut [0; 4]))
    } else {
        text
    }
}

/// A filename as sent: its last [`MAX_FILENAME_CHARS`] characters.
pub(crate) fn cut_filename(name: String) -> String {
    last_chars(name, MAX_FILENAME_CHARS)
}

/// The last `max` characters of `text` (the end of a path says the most about a file).
fn last_chars(text: String, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text;
    }
    text.chars().skip(count - max).collect()
}

/// The length of `body` as JSON, `{"document":"…","filename":"…"}`, worked out without
/// encoding it: the scanner packs requests by it, and a second serialization of every
/// document only to measure it cost a few percent of a scan's time.
fn encoded_size(body: &types::ScanDocument) -> u64 {
    // `{"document":` + the string + `}`, and `,"filename":` + the string when there is one.
    let document = 12 + escaped_len(&body.document) + 1;
    let filename = body
        .filename
        .as_ref()
        .map_or(0, |name| 12 + escaped_len(name.as_str()));
    document + filename
}

/// The length of `text` as a JSON string with its quotes, escaped as serde_json escapes:
/// `\"`, `\\` and `\b \f \n \r \t` take two bytes, other control characters six
/// (`\u001a`), everything else (UTF-8 included) passes as it is.
fn escaped_len(text: &str) -> u64 {
    let extra: u64 = text
        .bytes()
        .map(|byte| u64::from(ESCAPE_EXTRA[usize::from(byte)]))
        .sum();
    2 + text.len() as u64 + extra
}

/// Bytes an escape adds, per byte value.
const ESCAPE_EXTRA: [u8; 256] = {
    let mut extra = [0u8; 256];
    let mut byte = 0;
    while byte < 0x20 {
        extra[byte] = 5;
        byte += 1;
    }
    extra[0x08] = 1;
    extra[0x0c] = 1;
    extra[b'\n' as usize] = 1;
    extra[b'\r' as usize] = 1;
    extra[b'\t' as usize] = 1;
    extra[b'"' as usize] = 1;
    extra[b'\\' as usize] = 1;
    extra
};

#[cfg(test)]
mod tests {
    use super::*;

    fn body(document: &str, filename: Option<&str>) -> types::ScanDocument {
        types::ScanDocument {
            document: document.to_string(),
            filename: filename.map(|name| name.try_into().expect("a valid filename")),
        }
    }

    #[test]
    fn the_encoded_size_is_the_length_serde_json_writes() {
        let every_ascii: String = (0u8..0x80).map(char::from).collect();
        let samples = [
            "",
            "plain text",
            "quotes \" and \\ backslashes",
            "lines\nand\ttabs\r\u{8}\u{c}",
            "\u{1a} replaces NUL",
            "é, 漢字, 🦀 and \u{7f}",
            every_ascii.as_str(),
        ];
        for text in samples {
            for filename in [None, Some("dir/file.txt"), Some("a \"quoted\"\tname")] {
                let body = body(text, filename);
                let written = serde_json::to_vec(&body).expect("serializes").len() as u64;
                assert_eq!(encoded_size(&body), written, "{text:?} named {filename:?}");
            }
        }
    }
}
