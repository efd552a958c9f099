//! Which honeytokens to list.

use gitguardian_openapi::types;

/// Which honeytokens to list. Every criterion is optional.
///
/// ```
/// use gitguardian_api_ext::{types, workflows::HoneytokenFilter};
///
/// let triggered = HoneytokenFilter::new()
///     .status(types::HoneytokenStatus::Triggered)
///     .ordering(types::ListHoneytokenOrdering::TriggeredAtDesc);
/// # drop(triggered);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HoneytokenFilter {
    pub(super) status: Option<types::HoneytokenStatus>,
    pub(super) search: Option<String>,
    pub(super) ordering: Option<types::ListHoneytokenOrdering>,
    pub(super) show_token: bool,
}

impl HoneytokenFilter {
    /// No criterion: every honeytoken, credentials hidden.
    ///
    /// ```
    /// let all = gitguardian_api_ext::workflows::HoneytokenFilter::new();
    /// # drop(all);
    /// ```
    pub fn new() -> HoneytokenFilter {
        HoneytokenFilter::default()
    }

    /// Honeytokens in this state (`status`).
    ///
    /// ```
    /// use gitguardian_api_ext::{types::HoneytokenStatus, workflows::HoneytokenFilter};
    /// let active = HoneytokenFilter::new().status(HoneytokenStatus::Active);
    /// # drop(active);
    /// ```
    pub fn status(mut self, status: types::HoneytokenStatus) -> HoneytokenFilter {
        self.status = Some(status);
        self
    }

    /// Honeytokens whose name or description contains this (`search`).
    ///
    /// ```
    /// let billing = gitguardian_api_ext::workflows::HoneytokenFilter::new().search("billing");
    /// # drop(billing);
    /// ```
    pub fn search(mut self, query: impl Into<String>) -> HoneytokenFilter {
        self.search = Some(query.into());
        self
    }

    /// The order of the list (`ordering`).
    ///
    /// ```
    /// use gitguardian_api_ext::{types::ListHoneytokenOrdering, workflows::HoneytokenFilter};
    /// let by_name = HoneytokenFilter::new().ordering(ListHoneytokenOrdering::Name);
    /// # drop(by_name);
    /// ```
    pub fn ordering(mut self, ordering: types::ListHoneytokenOrdering) -> HoneytokenFilter {
        self.ordering = Some(ordering);
        self
    }

    /// Includes each honeytoken's credentials in `token` (`show_token=true`); they are
    /// secrets, keep them out of logs.
    ///
    /// ```
    /// let revealed = gitguardian_api_ext::workflows::HoneytokenFilter::new().show_token();
    /// # drop(revealed);
    /// ```
    pub fn show_token(mut self) -> HoneytokenFilter {
        self.show_token = true;
        self
    }
}
