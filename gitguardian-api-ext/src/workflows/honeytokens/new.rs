//! What a new honeytoken is made of: its name and description, and for a honeytoken in
//! context, the file it is planted in.

use gitguardian_openapi::types;

use crate::workflows::validate::{self, Invalid};

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
    pub(super) fn checked(self) -> Result<CheckedToken, Invalid> {
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
pub(super) struct CheckedToken {
    pub(super) name: String,
    pub(super) kind: types::HoneytokenType,
    pub(super) description: Option<String>,
    pub(super) custom_tags: Vec<types::CustomTagRequest>,
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
    pub(super) language: Option<String>,
    pub(super) filename: Option<String>,
    pub(super) project_extensions: Vec<String>,
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
