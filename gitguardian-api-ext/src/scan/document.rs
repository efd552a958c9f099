//! A document to scan, and its preparation for the wire: the fixes the API needs (no NUL
//! bytes, filenames of at most 256 characters) and the size checks it enforces.

use std::fmt;
use std::io;

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
    let encoded_size = match encoded_len(&body) {
        Ok(size) => size,
        Err(e) => return Err((filename, DocumentError::Invalid(e.to_string()))),
    };
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

/// The JSON-encoded length of `value`, without building the encoding.
fn encoded_len(value: &impl serde::Serialize) -> Result<u64, serde_json::Error> {
    let mut counter = ByteCounter(0);
    serde_json::to_writer(&mut counter, value)?;
    Ok(counter.0)
}

/// An `io::Write` that only counts.
struct ByteCounter(u64);

impl io::Write for ByteCounter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
