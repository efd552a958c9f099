//! Which GitHub alerts a sync covers: one repository, an organization, or an enterprise.

use std::fmt;

use crate::Error;

/// Where the open GitHub alerts come from. Build one with [`Scope::repository`],
/// [`Scope::organization`] or [`Scope::enterprise`], which check the names before any
/// request is sent.
///
/// ```
/// use gitguardian_api_ext::github::sync::Scope;
///
/// let repo = Scope::repository("acme/payments-api")?;
/// assert_eq!(repo.to_string(), "repository acme/payments-api");
/// assert!(Scope::repository("acme").is_err());
/// assert!(Scope::organization("acme corp").is_err());
/// # Ok::<(), gitguardian_api_ext::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Scope {
    /// One repository: `GET /repos/{owner}/{repo}/secret-scanning/alerts`.
    Repository {
        /// The account owning it.
        owner: String,
        /// Its name, without `.git`.
        name: String,
    },
    /// Every repository of an organization: `GET /orgs/{org}/secret-scanning/alerts`.
    Organization(String),
    /// Every repository of an enterprise (GitHub Enterprise Cloud, or Server 3.x):
    /// `GET /enterprises/{enterprise}/secret-scanning/alerts`.
    Enterprise(String),
}

impl Scope {
    /// One repository, written `OWNER/NAME` (a trailing `.git` is dropped).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] when it is not two valid names joined by one `/`.
    pub fn repository(full_name: &str) -> Result<Scope, Error> {
        let text = full_name.trim();
        let text = text.strip_suffix(".git").unwrap_or(text);
        let Some((owner, name)) = text.split_once('/') else {
            return Err(Error::InvalidInput(format!(
                "`{full_name}` is not a repository: write it OWNER/NAME, e.g. octo-org/octo-repo"
            )));
        };
        Ok(Scope::Repository {
            owner: checked("repository owner", owner)?,
            name: checked("repository name", name)?,
        })
    }

    /// Every repository of the organization with this login.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an empty login or one with characters GitHub does not allow.
    pub fn organization(login: &str) -> Result<Scope, Error> {
        Ok(Scope::Organization(checked("organization", login.trim())?))
    }

    /// Every repository of the enterprise with this slug.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an empty slug or one with characters GitHub does not allow.
    pub fn enterprise(slug: &str) -> Result<Scope, Error> {
        Ok(Scope::Enterprise(checked("enterprise", slug.trim())?))
    }

    /// `OWNER/NAME` for a repository scope.
    pub fn repository_name(&self) -> Option<String> {
        match self {
            Scope::Repository { owner, name } => Some(format!("{owner}/{name}")),
            _ => None,
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Repository { owner, name } => write!(f, "repository {owner}/{name}"),
            Scope::Organization(org) => write!(f, "organization {org}"),
            Scope::Enterprise(slug) => write!(f, "enterprise {slug}"),
        }
    }
}

/// A login, slug or repository name: ASCII letters, digits, `-`, `_` and `.`, at most 100.
fn checked(what: &str, value: &str) -> Result<String, Error> {
    let valid = !value.is_empty()
        && value.len() <= 100
        && value != "."
        && value != ".."
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if valid {
        Ok(value.to_string())
    } else {
        Err(Error::InvalidInput(format!(
            "`{value}` is not a valid {what} (letters, digits, `-`, `_` and `.`, at most 100)"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_before_anything_is_sent() {
        assert_eq!(
            Scope::repository(" acme/api.git ").unwrap(),
            Scope::Repository {
                owner: "acme".into(),
                name: "api".into()
            }
        );
        for bad in [
            "acme",
            "acme/",
            "/api",
            "acme/api/x",
            "acme/a pi",
            "",
            "acme/..",
        ] {
            let error = Scope::repository(bad).unwrap_err();
            assert!(matches!(error, Error::InvalidInput(_)), "{bad}: {error}");
        }
        assert_eq!(
            Scope::organization("acme").unwrap().to_string(),
            "organization acme"
        );
        assert!(Scope::organization("").is_err());
        assert!(Scope::enterprise("acme/corp").is_err());
        assert_eq!(
            Scope::enterprise("acme-corp").unwrap().to_string(),
            "enterprise acme-corp"
        );
    }
}
