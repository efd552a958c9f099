//! SCIM Metadata: what the SCIM service provider supports, its resource types and schemas.

use super::{client, query, reply, serve};
use gitguardian_openapi::types;
use httpmock::prelude::*;

const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const LIST_RESPONSE: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

/// The `User` resource type of the list and detail fixtures.
fn assert_user_resource_type(resource: &types::ScimResourceType) {
    assert_eq!(resource.id.as_deref(), Some("User"));
    assert_eq!(resource.name, "User");
    assert_eq!(resource.endpoint, "/Users");
    assert_eq!(resource.description.as_deref(), Some("Workspace member"));
    assert_eq!(resource.schema, USER_SCHEMA);
    assert_eq!(
        resource.schemas,
        ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"]
    );
    let meta = resource.meta.as_ref().unwrap();
    assert_eq!(
        meta.location.as_deref(),
        Some("https://api.gitguardian.com/v1/scim/v2/ResourceTypes/User")
    );
    assert_eq!(meta.resource_type.as_deref(), Some("ResourceType"));
    assert_eq!((meta.created, meta.last_modified), (None, None));
}

/// The `User` schema of the list and detail fixtures, with its four attributes.
fn assert_user_schema(schema: &types::ScimSchema) {
    assert_eq!(schema.id, USER_SCHEMA);
    assert_eq!(schema.name.as_deref(), Some("User"));
    assert_eq!(schema.description.as_deref(), Some("User account"));
    assert_eq!(
        schema.schemas,
        ["urn:ietf:params:scim:schemas:core:2.0:Schema"]
    );
    assert_eq!(
        schema.meta.as_ref().unwrap().location.as_deref(),
        Some("https://api.gitguardian.com/v1/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")
    );
    let names: Vec<_> = schema.attributes.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["userName", "active", "emails", "id"]);
    let user_name = &schema.attributes[0];
    assert_eq!(user_name.type_, types::ScimAttributeType::String);
    assert_eq!(
        (
            user_name.required,
            user_name.case_exact,
            user_name.multi_valued
        ),
        (Some(true), Some(false), Some(false))
    );
    assert_eq!(user_name.mutability, Some(types::ScimMutability::ReadWrite));
    assert_eq!(user_name.returned, Some(types::ScimReturned::Default));
    assert_eq!(user_name.uniqueness, Some(types::ScimUniqueness::Server));
    assert_eq!(
        schema.attributes[1].type_,
        types::ScimAttributeType::Boolean
    );
    let emails = &schema.attributes[2];
    assert_eq!(
        (emails.type_.clone(), emails.multi_valued),
        (types::ScimAttributeType::Complex, Some(true))
    );
    assert_eq!(emails.uniqueness, Some(types::ScimUniqueness::None));
    let id = &schema.attributes[3];
    assert_eq!(id.description, None);
    assert_eq!(id.mutability, Some(types::ScimMutability::ReadOnly));
    assert_eq!(id.returned, Some(types::ScimReturned::Always));
}

#[tokio::test]
async fn scim_service_provider_config_decodes_features_and_schemes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path("/v1/scim/v2/ServiceProviderConfig"),
                &[],
            );
            reply(then, 200, "scim-service-provider-config");
        })
        .await;

    let result = client(&server).scim_service_provider_config().send().await;
    mock.assert_async().await;
    let config = result.unwrap().into_inner();
    assert_eq!(
        config.schemas,
        ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"]
    );
    let bulk = config.bulk.unwrap();
    assert_eq!(
        (bulk.supported, bulk.max_operations, bulk.max_payload_size),
        (false, Some(0), Some(0))
    );
    let filter = config.filter.unwrap();
    assert_eq!((filter.supported, filter.max_results), (true, Some(100)));
    assert!(config.patch.unwrap().supported);
    assert!(!config.change_password.unwrap().supported);
    assert!(!config.etag.unwrap().supported);
    assert!(!config.sort.unwrap().supported);
    let meta = config.meta.unwrap();
    assert_eq!(
        meta.location.as_deref(),
        Some("https://api.gitguardian.com/v1/scim/v2/ServiceProviderConfig")
    );
    assert_eq!(meta.resource_type.as_deref(), Some("ServiceProviderConfig"));

    assert_eq!(config.authentication_schemes.len(), 2);
    let token = &config.authentication_schemes[0];
    assert_eq!(token.name.as_deref(), Some("GitGuardian API token"));
    assert_eq!(
        token.description.as_deref(),
        Some("Service account token sent in the Authorization header.")
    );
    assert_eq!(token.primary, Some(true));
    assert_eq!(
        token.type_,
        Some(types::ScimAuthenticationSchemeType::Unrecognized(
            "apitoken".into()
        ))
    );
    let bearer = &config.authentication_schemes[1];
    assert_eq!(bearer.name.as_deref(), Some("OAuth Bearer Token"));
    assert_eq!(bearer.primary, Some(false));
    assert_eq!(
        bearer.type_,
        Some(types::ScimAuthenticationSchemeType::Oauthbearertoken)
    );
}

#[tokio::test]
async fn scim_resource_types_list_decodes_users_and_groups() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        "/v1/scim/v2/ResourceTypes",
        200,
        "scim-resource-types-list",
    )
    .await;

    let result = client(&server).scim_resource_types_list().send().await;
    mock.assert_async().await;
    let list = result.unwrap().into_inner();
    assert_eq!(list.schemas, [LIST_RESPONSE]);
    assert_eq!(list.items_per_page, Some(2));
    assert_eq!((list.start_index, list.total_results), (None, None));
    assert_eq!(list.resources.len(), 2);
    assert_user_resource_type(&list.resources[0]);
    let group = &list.resources[1];
    assert_eq!(
        (group.id.as_deref(), group.endpoint.as_str()),
        (Some("Group"), "/Groups")
    );
    assert_eq!(group.description, None);
    assert_eq!(group.schema, "urn:ietf:params:scim:schemas:core:2.0:Group");
}

#[tokio::test]
async fn scim_resource_types_detail_puts_the_name_in_the_path() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        "/v1/scim/v2/ResourceTypes/User",
        200,
        "scim-resource-types-detail",
    )
    .await;

    let result = client(&server)
        .scim_resource_types_detail()
        .name("User")
        .send()
        .await;
    mock.assert_async().await;
    assert_user_resource_type(&result.unwrap().into_inner());
}

#[tokio::test]
async fn scim_schema_list_decodes_attributes_and_unknown_returned_value() {
    let server = MockServer::start_async().await;
    let mock = serve(&server, GET, "/v1/scim/v2/Schemas", 200, "scim-schema-list").await;

    let result = client(&server).scim_schema_list().send().await;
    mock.assert_async().await;
    let list = result.unwrap().into_inner();
    assert_eq!(list.schemas, [LIST_RESPONSE]);
    assert_eq!((list.items_per_page, list.total_results), (Some(2), None));
    assert_eq!(list.resources.len(), 2);
    assert_user_schema(&list.resources[0]);
    let group = &list.resources[1];
    assert_eq!(group.id, "urn:ietf:params:scim:schemas:core:2.0:Group");
    assert_eq!(group.description.as_deref(), Some("Group"));
    assert_eq!(group.attributes.len(), 2);
    let members = &group.attributes[1];
    assert_eq!(members.name, "members");
    assert_eq!(members.type_, types::ScimAttributeType::Complex);
    // RFC 7643 spells it "request"; the fixture carries a value the spec does not know.
    assert_eq!(
        members.returned,
        Some(types::ScimReturned::Unrecognized("onRequest".into()))
    );
}

#[tokio::test]
async fn scim_schema_detail_puts_the_urn_in_the_path() {
    let server = MockServer::start_async().await;
    let path = format!("/v1/scim/v2/Schemas/{USER_SCHEMA}");
    let mock = serve(&server, GET, &path, 200, "scim-schema-detail").await;

    let result = client(&server)
        .scim_schema_detail()
        .name(USER_SCHEMA)
        .send()
        .await;
    mock.assert_async().await;
    assert_user_schema(&result.unwrap().into_inner());
}
