//! Where the API lives: regions, self-hosted instances and the URL rules that map what users
//! paste (a dashboard URL, an API URL with or without `/v1`, a trailing slash) to the API root.

use std::fmt;
use std::net::Ipv6Addr;

use url::{Host, Url};

use crate::error::Error;

/// API root of the US SaaS region, without `/v1`.
const US_API_ROOT: &str = "https://api.gitguardian.com";
/// API root of the EU SaaS region, without `/v1`.
const EU_API_ROOT: &str = "https://api.eu1.gitguardian.com";

/// Which GitGuardian instance the client talks to.
///
/// Building a client resolves the region to an [`Endpoint`]; a URL that cannot be used (not
/// `https`, unparsable, carrying credentials) is an [`Error::InvalidConfig`] before any request.
///
/// ```
/// use gitguardian_api_ext::Region;
///
/// let eu = Region::Eu.endpoint()?;
/// assert_eq!(eu.api_url(), "https://api.eu1.gitguardian.com/v1");
///
/// let on_prem = Region::instance("https://gitguardian.example.com/").endpoint()?;
/// assert_eq!(on_prem.api_url(), "https://gitguardian.example.com/exposed/v1");
/// # Ok::<(), gitguardian_api_ext::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Region {
    /// The US SaaS region, `https://api.gitguardian.com` (the default).
    #[default]
    Us,
    /// The EU SaaS region, `https://api.eu1.gitguardian.com`.
    Eu,
    /// An instance given by its dashboard URL, as in `GITGUARDIAN_INSTANCE`.
    ///
    /// SaaS dashboards (`https://dashboard.eu1.gitguardian.com`) map to their API host; any
    /// other host is self-hosted and its API is served under `/exposed`. An API URL pasted here
    /// is recognised and kept.
    Instance(String),
    /// An explicit API URL, as in `GITGUARDIAN_API_URL`, with or without `/v1`.
    ///
    /// The path is kept as given (minus `/v1` and trailing slashes), so a proxy or a local
    /// mock server can be used; a SaaS dashboard host pasted here is still mapped to its API
    /// host.
    ApiUrl(String),
}

impl Region {
    /// A self-hosted (or SaaS) instance given by its dashboard URL.
    ///
    /// ```
    /// use gitguardian_api_ext::Region;
    ///
    /// let region = Region::instance("https://dashboard.gitguardian.com");
    /// assert_eq!(region.endpoint()?.api_url(), "https://api.gitguardian.com/v1");
    /// # Ok::<(), gitguardian_api_ext::Error>(())
    /// ```
    pub fn instance(dashboard_url: impl Into<String>) -> Self {
        Region::Instance(dashboard_url.into())
    }

    /// An explicit API URL, with or without `/v1`.
    ///
    /// ```
    /// use gitguardian_api_ext::Region;
    ///
    /// let region = Region::api_url("https://gg.example.com/exposed/v1/");
    /// assert_eq!(region.endpoint()?.root(), "https://gg.example.com/exposed");
    /// # Ok::<(), gitguardian_api_ext::Error>(())
    /// ```
    pub fn api_url(api_url: impl Into<String>) -> Self {
        Region::ApiUrl(api_url.into())
    }

    /// Resolves the region to the endpoint requests are sent to.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] when the URL cannot be parsed, is not `https` (plain `http` is
    /// accepted for loopback hosts only), has no host, or carries credentials.
    ///
    /// ```
    /// use gitguardian_api_ext::Region;
    ///
    /// let err = Region::api_url("http://gg.example.com").endpoint().unwrap_err();
    /// assert!(err.to_string().contains("https"));
    /// ```
    pub fn endpoint(&self) -> Result<Endpoint, Error> {
        match self {
            Region::Us => Endpoint::parse_root(US_API_ROOT),
            Region::Eu => Endpoint::parse_root(EU_API_ROOT),
            Region::Instance(url) => Endpoint::from_pasted(url, UrlKind::Dashboard),
            Region::ApiUrl(url) => Endpoint::from_pasted(url, UrlKind::Api),
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Region::Us => f.write_str("US"),
            Region::Eu => f.write_str("EU"),
            Region::Instance(url) => write!(f, "instance {url}"),
            Region::ApiUrl(url) => write!(f, "API URL {url}"),
        }
    }
}

/// What a pasted URL was given as.
#[derive(Clone, Copy, PartialEq, Eq)]
enum UrlKind {
    Dashboard,
    Api,
}

/// A resolved API location: the root URL the generated client prefixes to its `/v1/...` paths.
///
/// ```
/// use gitguardian_api_ext::Region;
///
/// let endpoint = Region::instance("https://gg.example.com").endpoint()?;
/// assert_eq!(endpoint.root(), "https://gg.example.com/exposed");
/// assert_eq!(endpoint.api_url(), "https://gg.example.com/exposed/v1");
/// assert_eq!(endpoint.dashboard_url(), "https://gg.example.com");
/// assert!(!endpoint.is_saas());
/// # Ok::<(), gitguardian_api_ext::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// Scheme, host, port and path prefix; never ends with `/`, never includes `/v1`.
    root: String,
    saas: bool,
}

impl Endpoint {
    /// The API root without `/v1` and without a trailing slash, e.g.
    /// `https://api.gitguardian.com` or `https://gg.example.com/exposed`.
    pub fn root(&self) -> &str {
        &self.root
    }

    /// The versioned API URL, e.g. `https://api.gitguardian.com/v1`.
    pub fn api_url(&self) -> String {
        format!("{}/v1", self.root)
    }

    /// Whether this is a GitGuardian SaaS host (as opposed to a self-hosted instance).
    pub fn is_saas(&self) -> bool {
        self.saas
    }

    /// The dashboard URL matching this API, e.g. `https://dashboard.gitguardian.com`.
    pub fn dashboard_url(&self) -> String {
        if self.saas {
            // A SaaS root is `scheme://api[-x].<domain>` with no path: swap the first label.
            if let Some((scheme, rest)) = self.root.split_once("://") {
                if let Some(host_rest) = rest.strip_prefix("api") {
                    return format!("{scheme}://dashboard{host_rest}");
                }
            }
            self.root.clone()
        } else {
            self.root
                .strip_suffix("/exposed")
                .unwrap_or(&self.root)
                .to_string()
        }
    }

    fn parse_root(root: &str) -> Result<Endpoint, Error> {
        Endpoint::from_pasted(root, UrlKind::Api)
    }

    fn from_pasted(input: &str, kind: UrlKind) -> Result<Endpoint, Error> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(Error::InvalidConfig(
                "the GitGuardian URL is empty: give a dashboard or API URL such as \
                 https://dashboard.gitguardian.com"
                    .into(),
            ));
        }
        // Users paste host names without a scheme; assume https (the only scheme allowed for
        // remote hosts anyway).
        let with_scheme = if trimmed.contains("://") {
            trimmed.to_string()
        } else {
            format!("https://{trimmed}")
        };
        let mut url = Url::parse(&with_scheme).map_err(|e| {
            Error::InvalidConfig(format!(
                "`{}` is not a valid URL ({e}): give a dashboard or API URL such as \
                 https://dashboard.gitguardian.com",
                redact_userinfo(trimmed)
            ))
        })?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Error::InvalidConfig(
                "the GitGuardian URL must not carry a user name or password: pass the API key \
                 to the client instead"
                    .into(),
            ));
        }
        // Queries and fragments mean nothing here, and might hold something private: drop
        // them before the URL is quoted in any message.
        url.set_query(None);
        url.set_fragment(None);
        let host = match url.host() {
            Some(host) => host.to_owned(),
            None => {
                return Err(Error::InvalidConfig(format!(
                    "`{url}` has no host: give a URL such as https://dashboard.gitguardian.com"
                )))
            }
        };
        match url.scheme() {
            "https" => {}
            "http" if is_loopback(&host) => {}
            "http" => {
                return Err(Error::InvalidConfig(format!(
                    "refusing `{url}`: the API key may only be sent over https (plain http is \
                     allowed for localhost, 127.0.0.0/8 and [::1] only); use https://{}",
                    url.host_str().unwrap_or_default()
                )))
            }
            other => {
                return Err(Error::InvalidConfig(format!(
                    "refusing `{url}`: unsupported scheme `{other}`, the GitGuardian API is \
                     reached over https"
                )))
            }
        }

        let saas = match &host {
            Host::Domain(domain) => saas_api_host(domain),
            _ => None,
        };
        if let Some(api_host) = saas {
            // SaaS: the API is at the root of the api host, whatever path was pasted.
            url.set_path("");
            url.set_host(Some(&api_host))
                .map_err(|e| Error::InvalidConfig(format!("cannot use host `{api_host}`: {e}")))?;
            return Ok(Endpoint {
                root: trim_root(&url),
                saas: true,
            });
        }

        let mut segments: Vec<String> = url
            .path_segments()
            .map(|s| s.filter(|s| !s.is_empty()).map(str::to_string).collect())
            .unwrap_or_default();
        if segments.last().is_some_and(|s| s == "v1") {
            segments.pop();
        }
        if kind == UrlKind::Dashboard && segments.last().is_none_or(|s| s != "exposed") {
            segments.push("exposed".to_string());
        }
        let path = segments.join("/");
        url.set_path(&path);
        Ok(Endpoint {
            root: trim_root(&url),
            saas: false,
        })
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.root)
    }
}

/// The URL as a string without the trailing slash `Url` adds to an empty path.
fn trim_root(url: &Url) -> String {
    url.as_str().trim_end_matches('/').to_string()
}

/// For a SaaS host, the matching API host; `None` for self-hosted instances.
///
/// A host is SaaS when it ends with `.gitguardian.com` or `.gitguardian.tech` and its first
/// label is `dashboard`, `api`, `dashboard-*` or `api-*`.
fn saas_api_host(domain: &str) -> Option<String> {
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    let is_saas_domain =
        domain.ends_with(".gitguardian.com") || domain.ends_with(".gitguardian.tech");
    if !is_saas_domain {
        return None;
    }
    let (first, rest) = domain.split_once('.')?;
    if first == "api" || first.starts_with("api-") {
        Some(domain.clone())
    } else if first == "dashboard" || first.starts_with("dashboard-") {
        let suffix = &first["dashboard".len()..];
        Some(format!("api{suffix}.{rest}"))
    } else {
        None
    }
}

/// Whether plain http is acceptable for this host: localhost, 127.0.0.0/8 or `[::1]`.
pub(crate) fn is_loopback(host: &Host<String>) -> bool {
    match host {
        Host::Domain(domain) => domain.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => *ip == Ipv6Addr::LOCALHOST,
    }
}

/// Whether `url` may carry the API key: https, or http to a loopback host.
pub(crate) fn is_secure_url(url: &Url) -> bool {
    match (url.scheme(), url.host()) {
        ("https", Some(_)) => true,
        ("http", Some(host)) => is_loopback(&host.to_owned()),
        _ => false,
    }
}

/// Removes `user:password@` from an unparsable URL before quoting it in an error.
fn redact_userinfo(input: &str) -> String {
    match (input.find("://"), input.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            format!("{}://***@{}", &input[..scheme_end], &input[at + 1..])
        }
        (None, Some(at)) => format!("***@{}", &input[at + 1..]),
        _ => input.to_string(),
    }
}
