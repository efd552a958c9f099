//! IPs: GitGuardian's egress addresses, kept as free-form JSON by the spec.

use super::{client, query, reply};
use gitguardian_openapi_httpmock::MockServerExt;
use httpmock::prelude::*;
use serde_json::json;

#[tokio::test]
async fn list_ip_addresses_keeps_the_answer_as_json() {
    let server = MockServer::start_async().await;
    let mock = server.list_ip_addresses(|when, then| {
        query(when.into_inner(), &[]);
        reply(then.into_inner(), 200, "list_ip_addresses");
    });

    let result = client(&server).list_ip_addresses().send().await;
    mock.assert_async().await;
    let ips = result.unwrap().into_inner().0;
    assert_eq!(
        ips,
        json!({"ipv4": ["192.0.2.10", "192.0.2.11", "198.51.100.200/30"]})
    );
    assert_eq!(ips["ipv4"][2], "198.51.100.200/30");
}
