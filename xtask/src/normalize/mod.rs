//! Normalization: named, idempotent fix-ups that make a vendor spec safe to generate from.
//!
//! The published GitGuardian spec has known classes of defects (see the README's maintainer
//! section). Progenitor and typify panic or produce unusable code on several of them, so every
//! spec goes through these steps before generation. Each step is a no-op when its problem is
//! absent, reports every change it makes (with the operation and the JSON pointer), and running
//! the whole list twice changes nothing the second time.
//!
//! Problems that cannot be fixed safely are reported by [`validate`] as errors instead.

mod additional_properties;
mod dangling_refs;
mod default_values;
mod invalid_defaults;
mod nullable_enums;
mod odd_formats;
pub mod openapi31;
mod request_media_types;
mod response_descriptions;
mod responses;
mod security_scheme;
mod validate;
pub mod walk;

pub(crate) use responses::is_success;
pub use validate::{validate, Problem};

use openapiv3::OpenAPI;
use std::fmt;

/// One change a step made to the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// The step that made the change.
    pub step: &'static str,
    /// The operation concerned, when the change is inside one.
    pub operation_id: Option<String>,
    /// JSON pointer of the changed node, in the spec as written.
    pub pointer: String,
    /// What was wrong and what was done.
    pub message: String,
}

impl fmt::Display for Fix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] ", self.step)?;
        if let Some(id) = &self.operation_id {
            write!(f, "{id}: ")?;
        }
        write!(f, "{} (at #{})", self.message, self.pointer)
    }
}

/// A named normalization step.
pub trait Step {
    /// Short kebab-case name, shown in reports.
    fn name(&self) -> &'static str;
    /// Applies the step, returning what it changed (empty when nothing was wrong).
    fn apply(&self, spec: &mut OpenAPI) -> Vec<Change>;
}

/// A change reported by a step, before the runner stamps it with the step's name.
pub struct Change {
    pub operation_id: Option<String>,
    pub pointer: String,
    pub message: String,
}

impl Change {
    pub fn at(site: &walk::Site, message: impl Into<String>) -> Self {
        Change {
            operation_id: site.operation_id.clone(),
            pointer: site.pointer.clone(),
            message: message.into(),
        }
    }
}

/// The steps an API opts into in `openapi/apis.toml`, on top of those every spec goes through.
/// The default (every option off) is what a spec of unknown origin gets (`regen --spec`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The `security-scheme` step: an HTTP scheme becomes an API key in the `Authorization`
    /// header (`Token <key>`). Right for GitGuardian's published spec, which declares `bearer`;
    /// wrong for an API that does want `Bearer` (GitHub).
    pub bearer_as_token: bool,
}

/// The steps `options` selects, in the order they run. Order matters only where a step cleans
/// up after another (dangling refs are resolved before responses are compared, for instance).
pub fn steps(options: Options) -> Vec<Box<dyn Step>> {
    let mut steps: Vec<Box<dyn Step>> = Vec::new();
    if options.bearer_as_token {
        steps.push(Box::new(security_scheme::SecurityScheme));
    }
    steps.extend(every_spec_steps());
    steps
}

/// The steps that run on every spec.
fn every_spec_steps() -> Vec<Box<dyn Step>> {
    vec![
        Box::new(dangling_refs::DanglingRefs),
        Box::new(odd_formats::OddFormats),
        Box::new(additional_properties::AdditionalPropertiesFalse),
        Box::new(nullable_enums::NullableEnums),
        Box::new(invalid_defaults::InvalidDefaults),
        Box::new(request_media_types::RequestMediaTypes),
        Box::new(responses::SingleSuccessResponse),
        Box::new(responses::SingleErrorShape),
    ]
}

/// Reads a spec into the OpenAPI 3.0 model the steps work on: a 3.1 document is brought down
/// to 3.0 first ([`openapi31`]) and responses without a description get an empty one; what
/// that changed is returned as fixes.
pub fn read(spec: &serde_json::Value) -> anyhow::Result<(OpenAPI, Vec<Fix>)> {
    let (mut spec, mut fixes) = openapi31::downgrade(spec);
    crate::spec::check_version(&spec)?;
    fixes.extend(response_descriptions::fill(&mut spec));
    Ok((crate::spec::to_openapi(&spec)?, fixes))
}

/// Runs the steps `options` selects over the spec and returns what changed.
pub fn normalize(spec: &mut OpenAPI, options: Options) -> Vec<Fix> {
    let mut fixes = Vec::new();
    for step in steps(options) {
        for change in step.apply(spec) {
            fixes.push(Fix {
                step: step.name(),
                operation_id: change.operation_id,
                pointer: change.pointer,
                message: change.message,
            });
        }
    }
    fixes
}
