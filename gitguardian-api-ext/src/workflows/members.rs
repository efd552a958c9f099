//! Workspace members: look one up by email, the way people name each other.

use futures::TryStreamExt;
use gitguardian_openapi::types;

use super::validate;
use crate::{Error, GitGuardian, Items};

/// Members of the workspace (`/v1/members`). Get it with [`GitGuardian::members`].
///
/// ```no_run
/// use gitguardian_api_ext::workflows::Assignee;
///
/// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
/// if let Some(member) = client.members().find_by_email("Dana.Lee@example.com").await? {
///     client.incidents().assign(81234, Assignee::from(&member)).await?;
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Members<'a> {
    client: &'a GitGuardian,
}

impl GitGuardian {
    /// The members of the workspace: list, search, get, find by email.
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let everyone = client.members().list().collect_all().await?;
    /// println!("{} members", everyone.len());
    /// # Ok(())
    /// # }
    /// ```
    pub fn members(&self) -> Members<'_> {
        Members { client: self }
    }
}

impl<'a> Members<'a> {
    /// Streams every member, 100 per page: `GET /v1/members` (operation `list-members`).
    ///
    /// # Errors
    ///
    /// As for [`GitGuardian::paginate`].
    ///
    /// ```no_run
    /// use futures::TryStreamExt;
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let mut members = client.members().list();
    /// while let Some(member) = members.try_next().await? {
    ///     println!("{} <{}>", member.name, member.email);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn list(&self) -> Items<'a, types::Member> {
        self.client.paginate(self.client.raw().list_members())
    }

    /// Streams the members whose name or email contains `query`, 100 per page:
    /// `GET /v1/members?search=` (operation `list-members`).
    ///
    /// # Errors
    ///
    /// The stream yields [`Error::InvalidInput`] (and sends nothing) for a blank query;
    /// otherwise errors as for [`GitGuardian::paginate`].
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let lees = client.members().search("lee").collect_all().await?;
    /// # drop(lees);
    /// # Ok(())
    /// # }
    /// ```
    pub fn search(&self, query: &str) -> Items<'a, types::Member> {
        let request = validate::text("the member search", query)
            .map(|query| self.client.raw().list_members().search(query));
        self.client.paginate_checked(request)
    }

    /// One member by id: `GET /v1/members/{member_id}` (operation `retrieve-member`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an id that is not positive (nothing is sent);
    /// [`Error::NotFound`] when there is no such member.
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let member = client.members().get(5101).await?;
    /// println!("{}", member.email);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn get(&self, member_id: i64) -> Result<types::Member, Error> {
        let id = validate::id("the member id", member_id)?;
        let request = self.client.raw().retrieve_member().member_id(id);
        self.client.send(request.send()).await
    }

    /// The member with this email address, compared without regard to case, or `None`:
    /// `GET /v1/members?search=<email>` (operation `list-members`).
    ///
    /// The API's `search` matches names and emails by substring, so the answer is narrowed to
    /// the exact address here. Pages are fetched only until the member is found (usually
    /// one request). Deactivated members are found too; check `active`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an empty or malformed email (nothing is sent); otherwise
    /// as for [`GitGuardian::send`].
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// match client.members().find_by_email("dana.lee@example.com").await? {
    ///     Some(member) => println!("member {}", member.id),
    ///     None => println!("not a member of this workspace"),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn find_by_email(&self, email: &str) -> Result<Option<types::Member>, Error> {
        let email = validate::email("the member email", email)?;
        let wanted = email.to_lowercase();
        // One page at a time: the search usually ends on its first page, and a page fetched
        // ahead would be a request for nothing.
        let mut candidates = self
            .client
            .paginate(self.client.raw().list_members().search(email))
            .sequential();
        while let Some(member) = candidates.try_next().await? {
            if member.email.to_lowercase() == wanted {
                return Ok(Some(member));
            }
        }
        Ok(None)
    }
}
