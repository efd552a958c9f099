//! Honeytokens: decoy credentials that raise an alert when someone uses them. Create one
//! (alone, or inside a realistic file to commit), list them, revoke them.

use gitguardian_openapi::types;
use uuid::Uuid;

mod filter;
mod new;

pub use filter::HoneytokenFilter;
pub use new::{HoneytokenContext, NewHoneytoken};

use super::validate::{self, Invalid};
use crate::{Error, GitGuardian, Items};

/// Honeytokens of the workspace (`/v1/honeytokens`). Get it with [`GitGuardian::honeytokens`].
///
/// ```no_run
/// use gitguardian_api_ext::workflows::{HoneytokenContext, NewHoneytoken};
///
/// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
/// let decoy = NewHoneytoken::new("payments-api decoy").description("in .env.example");
/// let created = client
///     .honeytokens()
///     .create_with_context(decoy, HoneytokenContext::new().filename("deploy/aws.env"))
///     .await?;
/// println!("commit {:?} with:\n{}", created.filename, created.content);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Honeytokens<'a> {
    client: &'a GitGuardian,
}

impl GitGuardian {
    /// The honeytokens of the workspace: list, get, create (with or without a context file),
    /// revoke.
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let all = client.honeytokens().list(Default::default()).collect_all().await?;
    /// println!("{} honeytokens", all.len());
    /// # Ok(())
    /// # }
    /// ```
    pub fn honeytokens(&self) -> Honeytokens<'_> {
        Honeytokens { client: self }
    }
}

/// Honeytoken ids are random UUIDs: the nil UUID is a placeholder left unset.
fn checked_id(id: Uuid) -> Result<Uuid, Invalid> {
    if id.is_nil() {
        Err(Invalid("the honeytoken id is the nil UUID".to_string()))
    } else {
        Ok(id)
    }
}

impl<'a> Honeytokens<'a> {
    /// Streams the honeytokens matching `filter`, 100 per page: `GET /v1/honeytokens`
    /// (operation `list-honeytoken`).
    ///
    /// # Errors
    ///
    /// The stream yields [`Error::InvalidInput`] (and sends nothing) for a blank search;
    /// otherwise errors as for [`GitGuardian::paginate`].
    ///
    /// ```no_run
    /// use gitguardian_api_ext::{types, workflows::HoneytokenFilter};
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let filter = HoneytokenFilter::new().status(types::HoneytokenStatus::Triggered);
    /// for token in client.honeytokens().list(filter).collect_all().await? {
    ///     println!("{} was used", token.name);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn list(&self, filter: HoneytokenFilter) -> Items<'a, types::Honeytoken> {
        let apply = || -> Result<_, Invalid> {
            let mut request = self.client.raw().list_honeytoken();
            if let Some(status) = filter.status {
                request = request.status(validate::known("the status", status)?);
            }
            if let Some(query) = &filter.search {
                request = request.search(validate::text("the honeytoken search", query)?);
            }
            if let Some(ordering) = filter.ordering {
                request = request.ordering(validate::known("the ordering", ordering)?);
            }
            if filter.show_token {
                request = request.show_token(true);
            }
            Ok(request)
        };
        self.client.paginate_checked(apply())
    }

    /// One honeytoken, credentials hidden: `GET /v1/honeytokens/{honeytoken_id}` (operation
    /// `retrieve-honeytoken`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for the nil UUID (nothing is sent); [`Error::NotFound`] when
    /// there is no such honeytoken.
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian, id: uuid::Uuid) -> Result<(), gitguardian_api_ext::Error> {
    /// let token = client.honeytokens().get(id).await?;
    /// println!("{} is {}", token.name, token.status);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn get(&self, honeytoken_id: Uuid) -> Result<types::Honeytoken, Error> {
        let id = checked_id(honeytoken_id)?;
        let request = self.client.raw().retrieve_honeytoken().honeytoken_id(id);
        self.client.send(request.send()).await
    }

    /// Creates a honeytoken; the answer carries its credentials in `token`, to plant where an
    /// intruder would look: `POST /v1/honeytokens` (operation `create-honeytoken`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a blank name or custom tag key (nothing is sent);
    /// [`Error::Forbidden`] without the manager access level; [`Error::Conflict`] or
    /// [`Error::Validation`] when the name is taken.
    ///
    /// ```no_run
    /// use gitguardian_api_ext::workflows::NewHoneytoken;
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let token = client.honeytokens().create(NewHoneytoken::new("payments-api decoy")).await?;
    /// let credentials = token.token.expect("returned on creation");
    /// # drop(credentials);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn create(&self, token: NewHoneytoken) -> Result<types::Honeytoken, Error> {
        let token = token.checked()?;
        let body = types::CreateHoneytokenRequest {
            name: token.name,
            type_: token.kind,
            description: token.description,
            custom_tags: (!token.custom_tags.is_empty()).then_some(token.custom_tags),
            labels: None,
        };
        let request = self.client.raw().create_honeytoken().body(body);
        self.client.send(request.send()).await
    }

    /// Creates a honeytoken inside a generated, realistic file (its context) ready to
    /// commit: `POST /v1/honeytokens/with-context` (operation
    /// `create-honeytoken-with-context`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a blank name, custom tag key, language or file name, or a
    /// blank extension or one holding a comma (nothing is sent); otherwise as for
    /// [`create`](Self::create).
    ///
    /// ```no_run
    /// use gitguardian_api_ext::workflows::{HoneytokenContext, NewHoneytoken};
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let context = HoneytokenContext::new().language("python");
    /// let created = client
    ///     .honeytokens()
    ///     .create_with_context(NewHoneytoken::new("settings decoy"), context)
    ///     .await?;
    /// println!("{}", created.honeytoken_id);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn create_with_context(
        &self,
        token: NewHoneytoken,
        context: HoneytokenContext,
    ) -> Result<types::HoneytokenWithContext, Error> {
        let token = token.checked()?;
        let language = match &context.language {
            Some(language) => Some(validate::text("the context language", language)?),
            None => None,
        };
        let filename = match &context.filename {
            Some(filename) => Some(validate::text("the context file name", filename)?),
            None => None,
        };
        let project_extensions = if context.project_extensions.is_empty() {
            None
        } else {
            validate::joinable("the project extensions", &context.project_extensions)?;
            Some(context.project_extensions.clone())
        };
        let body = types::CreateHoneytokenWithContextRequest {
            name: token.name,
            type_: token.kind,
            description: token.description,
            custom_tags: (!token.custom_tags.is_empty()).then_some(token.custom_tags),
            labels: None,
            language,
            filename,
            project_extensions,
        };
        let request = self
            .client
            .raw()
            .create_honeytoken_with_context()
            .body(body);
        self.client.send(request.send()).await
    }

    /// Revokes a honeytoken: its credentials stop working and raise no more alerts:
    /// `POST /v1/honeytokens/{honeytoken_id}/revoke` (operation `revoke-honeytoken`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for the nil UUID (nothing is sent); [`Error::NotFound`] when
    /// there is no such honeytoken; [`Error::Conflict`] or [`Error::Validation`] when it is
    /// revoked already.
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian, id: uuid::Uuid) -> Result<(), gitguardian_api_ext::Error> {
    /// let token = client.honeytokens().revoke(id).await?;
    /// assert!(token.revoked_at.is_some());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn revoke(&self, honeytoken_id: Uuid) -> Result<types::Honeytoken, Error> {
        let id = checked_id(honeytoken_id)?;
        let request = self.client.raw().revoke_honeytoken().honeytoken_id(id);
        self.client.send(request.send()).await
    }
}
