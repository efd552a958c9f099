//! GitGuardian's published spec declares an HTTP bearer scheme; the API wants
//! `Authorization: Token <key>`. Only APIs whose manifest entry sets `bearer_as_token` run this
//! step ([`super::Options`]): GitHub, which does want `Bearer`, keeps its scheme.

use super::{walk::Site, Change, Step};
use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityScheme as Scheme};

pub struct SecurityScheme;

impl Step for SecurityScheme {
    fn name(&self) -> &'static str {
        "security-scheme"
    }

    fn apply(&self, spec: &mut OpenAPI) -> Vec<Change> {
        let mut changes = Vec::new();
        let Some(components) = spec.components.as_mut() else {
            return changes;
        };
        for (name, scheme) in components.security_schemes.iter_mut() {
            let ReferenceOr::Item(item) = scheme else {
                continue;
            };
            if let Scheme::HTTP { scheme, .. } = item {
                let was = scheme.clone();
                *item = Scheme::APIKey {
                    location: APIKeyLocation::Header,
                    name: "Authorization".into(),
                    description: Some("API key sent as `Authorization: Token <key>`.".to_string()),
                    extensions: Default::default(),
                };
                let site = Site {
                    operation_id: None,
                    pointer: format!("/components/securitySchemes/{}", super::walk::escape(name)),
                };
                changes.push(Change::at(
                    &site,
                    format!(
                        "HTTP `{was}` scheme replaced by an API key in the Authorization header \
                         (`Token <key>`)"
                    ),
                ));
            }
        }
        changes
    }
}
