//! Teams of the workspace: list, look up, create.

use gitguardian_openapi::types;

use super::validate::{self, Invalid};
use crate::{Error, GitGuardian, Items};

/// Teams of the workspace (`/v1/teams`). Get it with [`GitGuardian::teams`].
///
/// ```no_run
/// use gitguardian_api_ext::workflows::NewTeam;
///
/// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
/// let team = client.teams().create(NewTeam::new("data-platform")).await?;
/// println!("team {}", team.id);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Teams<'a> {
    client: &'a GitGuardian,
}

impl GitGuardian {
    /// The teams of the workspace: list, search, get, create.
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let team = client.teams().get(4410).await?;
    /// println!("{}", team.name);
    /// # Ok(())
    /// # }
    /// ```
    pub fn teams(&self) -> Teams<'_> {
        Teams { client: self }
    }
}

/// A team to create: a name, and optionally a description and an identity-provider id.
///
/// ```
/// use gitguardian_api_ext::workflows::NewTeam;
///
/// let team = NewTeam::new("payments-backend").description("Owns the billing services");
/// # drop(team);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewTeam {
    name: String,
    description: Option<String>,
    external_provider_id: Option<String>,
}

impl NewTeam {
    /// A team with this name (required, not blank).
    ///
    /// ```
    /// let team = gitguardian_api_ext::workflows::NewTeam::new("mobile-apps");
    /// # drop(team);
    /// ```
    pub fn new(name: impl Into<String>) -> NewTeam {
        NewTeam {
            name: name.into(),
            description: None,
            external_provider_id: None,
        }
    }

    /// A free-text description (`description`).
    ///
    /// ```
    /// let team = gitguardian_api_ext::workflows::NewTeam::new("mobile-apps")
    ///     .description("iOS and Android clients");
    /// # drop(team);
    /// ```
    pub fn description(mut self, description: impl Into<String>) -> NewTeam {
        self.description = Some(description.into());
        self
    }

    /// The team's id in an external identity provider (`external_provider_id`).
    ///
    /// ```
    /// let team = gitguardian_api_ext::workflows::NewTeam::new("mobile-apps")
    ///     .external_provider_id("grp-7f3e-2291-aa10");
    /// # drop(team);
    /// ```
    pub fn external_provider_id(mut self, id: impl Into<String>) -> NewTeam {
        self.external_provider_id = Some(id.into());
        self
    }

    /// The request body, checked.
    fn body(self) -> Result<types::TeamCreateRequest, Invalid> {
        Ok(types::TeamCreateRequest {
            name: validate::text("the team name", &self.name)?,
            description: self.description,
            external_provider_id: match self.external_provider_id {
                Some(id) => Some(validate::text("the external provider id", &id)?),
                None => None,
            },
        })
    }
}

impl<'a> Teams<'a> {
    /// Streams every team, 100 per page: `GET /v1/teams` (operation `list-teams`).
    ///
    /// # Errors
    ///
    /// As for [`GitGuardian::paginate`].
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// for team in client.teams().list().collect_all().await? {
    ///     println!("{} {}", team.id, team.name);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn list(&self) -> Items<'a, types::Team> {
        self.client.paginate(self.client.raw().list_teams())
    }

    /// Streams the teams whose name or description contains `query`, 100 per page:
    /// `GET /v1/teams?search=` (operation `list-teams`).
    ///
    /// # Errors
    ///
    /// The stream yields [`Error::InvalidInput`] (and sends nothing) for a blank query;
    /// otherwise errors as for [`GitGuardian::paginate`].
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let payments = client.teams().search("payments").collect_all().await?;
    /// # drop(payments);
    /// # Ok(())
    /// # }
    /// ```
    pub fn search(&self, query: &str) -> Items<'a, types::Team> {
        let request = validate::text("the team search", query)
            .map(|query| self.client.raw().list_teams().search(query));
        self.client.paginate_checked(request)
    }

    /// One team: `GET /v1/teams/{team_id}` (operation `retrieve-team`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an id that is not positive (nothing is sent);
    /// [`Error::NotFound`] when there is no such team.
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let team = client.teams().get(4410).await?;
    /// println!("{:?}", team.description);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn get(&self, team_id: i64) -> Result<types::Team, Error> {
        let id = validate::id("the team id", team_id)?;
        let request = self.client.raw().retrieve_team().team_id(id);
        self.client.send(request.send()).await
    }

    /// Creates a team: `POST /v1/teams` (operation `create-teams`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a blank name (nothing is sent); [`Error::Conflict`] or
    /// [`Error::Validation`] when the name is taken.
    ///
    /// ```no_run
    /// use gitguardian_api_ext::workflows::NewTeam;
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let team = client.teams().create(NewTeam::new("data-platform")).await?;
    /// assert!(!team.is_global);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn create(&self, team: NewTeam) -> Result<types::Team, Error> {
        let body = team.body()?;
        let request = self.client.raw().create_teams().body(body);
        self.client.send(request.send()).await
    }
}
