//! Honeytokens: decoy credentials that raise an alert when someone uses them. Create one
//! (alone, or inside a realistic file to commit), list them, revoke them.

use gitguardian_api::types;
use uuid::Uuid;

use super::checked::Checked;
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

/// A honeytoken to create: a name, a type (AWS, the only one today), and optionally a
/// description and custom tags.
///
/// ```
/// use gitguardian_api_ext::workflows::NewHoneytoken;
///
/// let token = NewHoneytoken::new("billing-service decoy")
///     .description("Planted in config/settings.py")
///     .custom_tag("team", Some("billing"))
///     .custom_tag("planted", None);
/// # drop(token);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct NewHoneytoken {
    name: String,
    kind: types::HoneytokenType,
    description: Option<String>,
    custom_tags: Vec<(String, Option<String>)>,
}

impl NewHoneytoken {
    /// An AWS honeytoken with this name (required, not blank).
    ///
    /// ```
    /// let token = gitguardian_api_ext::workflows::NewHoneytoken::new("wiki page OPS-311");
    /// # drop(token);
    /// ```
    pub fn new(name: impl Into<String>) -> NewHoneytoken {
        NewHoneytoken {
            name: name.into(),
            kind: types::HoneytokenType::Aws,
            description: None,
            custom_tags: Vec::new(),
        }
    }

    /// The kind of credentials to imitate (`type`); AWS unless set.
    ///
    /// ```
    /// use gitguardian_api_ext::{types::HoneytokenType, workflows::NewHoneytoken};
    /// let token = NewHoneytoken::new("decoy").kind(HoneytokenType::Aws);
    /// # drop(token);
    /// ```
    pub fn kind(mut self, kind: types::HoneytokenType) -> NewHoneytoken {
        self.kind = kind;
        self
    }

    /// A free-text description, e.g. where the token is planted (`description`).
    ///
    /// ```
    /// let token = gitguardian_api_ext::workflows::NewHoneytoken::new("decoy")
    ///     .description("Planted in the wiki");
    /// # drop(token);
    /// ```
    pub fn description(mut self, description: impl Into<String>) -> NewHoneytoken {
        self.description = Some(description.into());
        self
    }

    /// Adds a custom tag, created in the workspace when missing (`custom_tags`).
    ///
    /// ```
    /// let token = gitguardian_api_ext::workflows::NewHoneytoken::new("decoy")
    ///     .custom_tag("env", Some("staging"));
    /// # drop(token);
    /// ```
    pub fn custom_tag(mut self, key: impl Into<String>, value: Option<&str>) -> NewHoneytoken {
        self.custom_tags
            .push((key.into(), value.map(str::to_string)));
        self
    }

    /// The checked parts shared by both create operations.
    fn checked(self) -> Result<CheckedToken, Invalid> {
        let name = validate::text("the honeytoken name", &self.name)?;
        let kind = validate::known("the honeytoken type", self.kind)?;
        let custom_tags = self
            .custom_tags
            .into_iter()
            .map(|(key, value)| {
                Ok(types::CustomTagRequest {
                    key: Some(validate::text("a custom tag key", &key)?),
                    value,
                })
            })
            .collect::<Result<_, Invalid>>()?;
        Ok(CheckedToken {
            name,
            kind,
            description: self.description,
            custom_tags,
        })
    }
}

/// A [`NewHoneytoken`] that passed its checks.
struct CheckedToken {
    name: String,
    kind: types::HoneytokenType,
    description: Option<String>,
    custom_tags: Vec<types::CustomTagRequest>,
}

/// The file the API generates around a new honeytoken: unset parts are chosen by the API (at
/// random when none is set).
///
/// ```
/// use gitguardian_api_ext::workflows::HoneytokenContext;
///
/// let context = HoneytokenContext::new()
///     .language("python")
///     .filename("config/settings.py")
///     .project_extensions([".py", ".toml"]);
/// # drop(context);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HoneytokenContext {
    language: Option<String>,
    filename: Option<String>,
    project_extensions: Vec<String>,
}

impl HoneytokenContext {
    /// Everything chosen by the API.
    ///
    /// ```
    /// let context = gitguardian_api_ext::workflows::HoneytokenContext::new();
    /// # drop(context);
    /// ```
    pub fn new() -> HoneytokenContext {
        HoneytokenContext::default()
    }

    /// The programming language of the file, e.g. `python` (`language`).
    ///
    /// ```
    /// let context = gitguardian_api_ext::workflows::HoneytokenContext::new().language("python");
    /// # drop(context);
    /// ```
    pub fn language(mut self, language: impl Into<String>) -> HoneytokenContext {
        self.language = Some(language.into());
        self
    }

    /// The name of the file, e.g. `config.py` (`filename`).
    ///
    /// ```
    /// let context = gitguardian_api_ext::workflows::HoneytokenContext::new().filename("config.py");
    /// # drop(context);
    /// ```
    pub fn filename(mut self, filename: impl Into<String>) -> HoneytokenContext {
        self.filename = Some(filename.into());
        self
    }

    /// File extensions used in the project, e.g. `.c` and `.h`, for a file that blends in
    /// (`project_extensions`); replaces earlier ones.
    ///
    /// ```
    /// let context = gitguardian_api_ext::workflows::HoneytokenContext::new()
    ///     .project_extensions([".c", ".h"]);
    /// # drop(context);
    /// ```
    pub fn project_extensions<S: Into<String>>(
        mut self,
        extensions: impl IntoIterator<Item = S>,
    ) -> HoneytokenContext {
        self.project_extensions = extensions.into_iter().map(Into::into).collect();
        self
    }
}

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
    status: Option<types::HoneytokenStatus>,
    search: Option<String>,
    ordering: Option<types::ListHoneytokenOrdering>,
    show_token: bool,
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
        self.client.paginate(Checked::from(apply()))
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
            validate::comma_list("the project extensions", &context.project_extensions)?;
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
