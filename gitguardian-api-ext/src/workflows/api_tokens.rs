//! The workspace's API tokens: finding them by state, owner or scope, e.g. to audit which
//! tokens can still write incidents before a key rotation.

use gitguardian_openapi::{builder::ListApiTokens, types};

use super::criteria::Criteria;
use super::validate::Invalid;
use crate::{GitGuardian, Items};

/// Which API tokens to list, and in which order. Every criterion is optional and they
/// combine with AND; [`ApiTokenFilter::scopes`] matches tokens holding any of its scopes.
///
/// ```
/// use gitguardian_api_ext::{types, workflows::ApiTokenFilter};
///
/// let writers = ApiTokenFilter::new()
///     .status(types::ApiTokenStatus::Active)
///     .scopes([types::ApiTokenScope::IncidentsWrite, types::ApiTokenScope::MembersWrite])
///     .ordering(types::ListApiTokensOrdering::LastUsedAtDesc);
/// # drop(writers);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ApiTokenFilter {
    status: Option<types::ApiTokenStatus>,
    member_id: Option<i64>,
    creator_id: Option<i64>,
    scopes: Vec<types::ApiTokenScope>,
    search: Option<String>,
    ordering: Option<types::ListApiTokensOrdering>,
}

impl ApiTokenFilter {
    /// No criterion: every token the key may see.
    ///
    /// ```
    /// let all = gitguardian_api_ext::workflows::ApiTokenFilter::new();
    /// # drop(all);
    /// ```
    pub fn new() -> ApiTokenFilter {
        ApiTokenFilter::default()
    }

    /// Tokens in this state: active, expired or revoked (`status`).
    ///
    /// ```
    /// use gitguardian_api_ext::{types::ApiTokenStatus, workflows::ApiTokenFilter};
    /// let usable = ApiTokenFilter::new().status(ApiTokenStatus::Active);
    /// # drop(usable);
    /// ```
    pub fn status(mut self, value: types::ApiTokenStatus) -> Self {
        self.status = Some(value);
        self
    }

    /// Tokens owned by this member (`member_id`).
    ///
    /// ```
    /// let dana_s = gitguardian_api_ext::workflows::ApiTokenFilter::new().owner(3252);
    /// # drop(dana_s);
    /// ```
    pub fn owner(mut self, member_id: i64) -> Self {
        self.member_id = Some(member_id);
        self
    }

    /// Tokens created by this member (`creator_id`).
    ///
    /// ```
    /// let made_by_dana = gitguardian_api_ext::workflows::ApiTokenFilter::new().creator(3252);
    /// # drop(made_by_dana);
    /// ```
    pub fn creator(mut self, member_id: i64) -> Self {
        self.creator_id = Some(member_id);
        self
    }

    /// Tokens holding at least one of these scopes (`scopes`, sent as one comma-separated
    /// value); replaces earlier ones.
    ///
    /// ```
    /// use gitguardian_api_ext::{types::ApiTokenScope, workflows::ApiTokenFilter};
    /// let scanners = ApiTokenFilter::new().scopes([ApiTokenScope::Scan, ApiTokenScope::ScanCreateIncidents]);
    /// # drop(scanners);
    /// ```
    pub fn scopes(mut self, values: impl IntoIterator<Item = types::ApiTokenScope>) -> Self {
        self.scopes = values.into_iter().collect();
        self
    }

    /// Tokens whose name contains this text (`search`).
    ///
    /// ```
    /// let ci = gitguardian_api_ext::workflows::ApiTokenFilter::new().search("ci-");
    /// # drop(ci);
    /// ```
    pub fn search(mut self, value: impl Into<String>) -> Self {
        self.search = Some(value.into());
        self
    }

    /// The order of the list (`ordering`), e.g. soonest to expire first with `ExpireAt`.
    ///
    /// ```
    /// use gitguardian_api_ext::{types::ListApiTokensOrdering, workflows::ApiTokenFilter};
    /// let expiring = ApiTokenFilter::new().ordering(ListApiTokensOrdering::ExpireAt);
    /// # drop(expiring);
    /// ```
    pub fn ordering(mut self, value: types::ListApiTokensOrdering) -> Self {
        self.ordering = Some(value);
        self
    }

    /// The generated request with these criteria, or why they cannot be sent.
    fn apply<'a>(&self, request: ListApiTokens<'a>) -> Result<ListApiTokens<'a>, Invalid> {
        let request = Criteria::new(request)
            .known("the status", &self.status, |r, v| r.status(v))?
            .id("the owner's member id", self.member_id, |r, v| {
                r.member_id(v)
            })?
            .id("the creator's member id", self.creator_id, |r, v| {
                r.creator_id(v)
            })?
            .values("the scopes", &self.scopes, |r, v| r.scopes(v))?
            .text("the search", &self.search, |r, v| r.search(v))?
            .known("the ordering", &self.ordering, |r, v| r.ordering(v))?;
        Ok(request.into_request())
    }
}

impl GitGuardian {
    /// Streams the workspace's API tokens matching `filter`, 100 per page:
    /// `GET /v1/api_tokens` (operation `list-api-tokens`). Needs the `api_tokens:read`
    /// scope; the token values themselves are never listed.
    ///
    /// # Errors
    ///
    /// The stream yields [`Error::InvalidInput`](crate::Error::InvalidInput) first and only
    /// when the filter is unusable (a member id that is not positive, a blank search, a scope
    /// that is empty or holds a comma): nothing is sent then. Otherwise, errors as for
    /// [`GitGuardian::paginate`].
    ///
    /// ```no_run
    /// use gitguardian_api_ext::{types, workflows::ApiTokenFilter};
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let writers = ApiTokenFilter::new()
    ///     .status(types::ApiTokenStatus::Active)
    ///     .scopes([types::ApiTokenScope::IncidentsWrite]);
    /// for token in client.api_tokens(writers).collect_all().await? {
    ///     println!("{} expires {:?}", token.name, token.expire_at);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn api_tokens(&self, filter: ApiTokenFilter) -> Items<'_, types::ApiToken> {
        let request = filter.apply(self.raw().list_api_tokens());
        self.paginate_checked(request)
    }
}
