//! Quota: the scan quota of the workspace.

use super::{client, query, reply};
use chrono::NaiveDate;
use gitguardian_openapi_httpmock::MockServerExt;
use httpmock::prelude::*;

#[tokio::test]
async fn quotas_decodes_usage_and_its_start_date() {
    let server = MockServer::start_async().await;
    let mock = server.quotas(|when, then| {
        query(when.into_inner(), &[]);
        reply(then.into_inner(), 200, "quotas");
    });

    let result = client(&server).quotas().send().await;
    mock.assert_async().await;
    let quota = result.unwrap().into_inner().content;
    assert_eq!(
        (quota.count, quota.limit, quota.remaining),
        (1289, 10000, 8711)
    );
    assert_eq!(quota.since, NaiveDate::from_ymd_opt(2024, 5, 5).unwrap());
}
