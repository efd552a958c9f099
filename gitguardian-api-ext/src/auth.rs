//! The API key and the `Authorization` header made from it.

use std::fmt;

use reqwest::header::HeaderValue;

use crate::error::Error;

/// A GitGuardian API key (personal access token or service account token).
///
/// The key is a secret: its `Debug` output is redacted, it has no `Display`, and no error or
/// log line of this crate ever includes it. It is sent only as
/// `Authorization: Token <key>`, in a header value marked sensitive.
///
/// ```
/// use gitguardian_api_ext::ApiKey;
///
/// let key = ApiKey::new("my-secret-key");
/// assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
/// assert_eq!(key.expose(), "my-secret-key");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key. Surrounding whitespace (say a newline read from a file) is removed; the
    /// key is checked when the client is built.
    pub fn new(key: impl Into<String>) -> Self {
        let key = key.into();
        let trimmed = key.trim();
        if trimmed.len() == key.len() {
            ApiKey(key)
        } else {
            ApiKey(trimmed.to_string())
        }
    }

    /// The key itself. Handle with care: do not log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The `Authorization` header value, `Token <key>`, marked sensitive so that HTTP
    /// libraries never print it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] when the key is empty or holds characters other than visible
    /// ASCII (which a header cannot carry). The message never repeats the key.
    ///
    /// ```
    /// use gitguardian_api_ext::ApiKey;
    ///
    /// let value = ApiKey::new("abc").header_value()?;
    /// assert!(value.is_sensitive());
    /// assert!(ApiKey::new("bad key\u{e9}").header_value().is_err());
    /// # Ok::<(), gitguardian_api_ext::Error>(())
    /// ```
    pub fn header_value(&self) -> Result<HeaderValue, Error> {
        if self.0.is_empty() {
            return Err(Error::InvalidConfig(
                "the GitGuardian API key is empty: set GITGUARDIAN_API_KEY or pass a key to the \
                 client builder"
                    .into(),
            ));
        }
        if let Some(position) = self.0.chars().position(|c| !c.is_ascii_graphic()) {
            return Err(Error::InvalidConfig(format!(
                "the GitGuardian API key has a character that cannot be sent in an HTTP header \
                 (at position {}; only visible ASCII is allowed): check that the whole key, and \
                 only the key, was copied",
                position + 1
            )));
        }
        let mut value = HeaderValue::try_from(format!("Token {}", self.0)).map_err(|_| {
            Error::InvalidConfig(
                "the GitGuardian API key cannot be sent in an HTTP header".to_string(),
            )
        })?;
        value.set_sensitive(true);
        Ok(value)
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

impl From<String> for ApiKey {
    fn from(key: String) -> Self {
        ApiKey::new(key)
    }
}

impl From<&str> for ApiKey {
    fn from(key: &str) -> Self {
        ApiKey::new(key)
    }
}
