//! Options of an incident's public share link.

/// What a share link lets its holder do, and how long it lives. Unset options take the API's
/// defaults: for internal incidents, feedback on, auto-healing off and the workspace's default
/// lifespan; for public incidents, feedback and auto-healing off.
///
/// A share link is a secret: anyone holding it sees the incident.
///
/// ```
/// use gitguardian_api_ext::workflows::ShareOptions;
///
/// // A link valid one day, through which the developer may close the incident.
/// let options = ShareOptions::new().lifespan_hours(24).auto_healing(true);
/// # drop(options);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShareOptions {
    pub(crate) lifespan_hours: Option<u32>,
    pub(crate) auto_healing: Option<bool>,
    pub(crate) feedback_collection: Option<bool>,
}

impl ShareOptions {
    /// The API's defaults.
    ///
    /// ```
    /// let options = gitguardian_api_ext::workflows::ShareOptions::new();
    /// assert_eq!(options, Default::default());
    /// ```
    pub fn new() -> ShareOptions {
        ShareOptions::default()
    }

    /// How long the link stays valid, in hours (`lifespan`). For internal incidents `0`
    /// means the workspace's default.
    ///
    /// ```
    /// let options = gitguardian_api_ext::workflows::ShareOptions::new().lifespan_hours(48);
    /// # drop(options);
    /// ```
    pub fn lifespan_hours(mut self, hours: u32) -> ShareOptions {
        self.lifespan_hours = Some(hours);
        self
    }

    /// Whether the developer may resolve or ignore the incident through the link
    /// (`auto_healing`).
    ///
    /// ```
    /// let options = gitguardian_api_ext::workflows::ShareOptions::new().auto_healing(true);
    /// # drop(options);
    /// ```
    pub fn auto_healing(mut self, allowed: bool) -> ShareOptions {
        self.auto_healing = Some(allowed);
        self
    }

    /// Whether the developer may answer the feedback form through the link
    /// (`feedback_collection`).
    ///
    /// ```
    /// let options = gitguardian_api_ext::workflows::ShareOptions::new().feedback_collection(false);
    /// # drop(options);
    /// ```
    pub fn feedback_collection(mut self, allowed: bool) -> ShareOptions {
        self.feedback_collection = Some(allowed);
        self
    }

    /// `body`, a generated share body, with the options that are set given to its setters;
    /// the others are left out, so the API's defaults apply. Internal and public share bodies
    /// differ only in the type of `lifespan`.
    pub(crate) fn fill<B>(
        &self,
        body: B,
        lifespan_hours: impl FnOnce(B, u32) -> B,
        auto_healing: impl FnOnce(B, bool) -> B,
        feedback_collection: impl FnOnce(B, bool) -> B,
    ) -> B {
        let body = match self.lifespan_hours {
            Some(hours) => lifespan_hours(body, hours),
            None => body,
        };
        let body = match self.auto_healing {
            Some(allowed) => auto_healing(body, allowed),
            None => body,
        };
        match self.feedback_collection {
            Some(allowed) => feedback_collection(body, allowed),
            None => body,
        }
    }
}
