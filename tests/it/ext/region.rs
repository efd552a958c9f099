//! Region and URL mapping: what users paste becomes the right API root.

use gitguardian_api_ext::{Error, Region};

#[test]
fn pasted_urls_map_to_api_roots() {
    let cases: &[(Region, &str)] = &[
        (Region::Us, "https://api.gitguardian.com"),
        (Region::Eu, "https://api.eu1.gitguardian.com"),
        // SaaS dashboards map to their API host, whatever path or trailing slash.
        (
            Region::instance("https://dashboard.gitguardian.com"),
            "https://api.gitguardian.com",
        ),
        (
            Region::instance("https://dashboard.gitguardian.com/"),
            "https://api.gitguardian.com",
        ),
        (
            Region::instance("https://dashboard.eu1.gitguardian.com"),
            "https://api.eu1.gitguardian.com",
        ),
        (
            Region::instance("https://dashboard.eu1.gitguardian.com/workspace/7/incidents?x=1#top"),
            "https://api.eu1.gitguardian.com",
        ),
        (
            Region::instance("https://DASHBOARD.GitGuardian.com"),
            "https://api.gitguardian.com",
        ),
        (
            Region::instance("https://dashboard-staging.gitguardian.tech/"),
            "https://api-staging.gitguardian.tech",
        ),
        (
            Region::instance("dashboard.gitguardian.com"),
            "https://api.gitguardian.com",
        ),
        // An API URL pasted as the instance is recognised.
        (
            Region::instance("https://api.gitguardian.com/v1"),
            "https://api.gitguardian.com",
        ),
        (
            Region::instance("https://api.eu1.gitguardian.com/v1/"),
            "https://api.eu1.gitguardian.com",
        ),
        // Self-hosted: the API lives under /exposed.
        (
            Region::instance("https://gg.example.com"),
            "https://gg.example.com/exposed",
        ),
        (
            Region::instance("https://gg.example.com/"),
            "https://gg.example.com/exposed",
        ),
        (
            Region::instance("  https://gg.example.com/  "),
            "https://gg.example.com/exposed",
        ),
        (
            Region::instance("gg.example.com"),
            "https://gg.example.com/exposed",
        ),
        (
            Region::instance("https://gg.example.com:8443"),
            "https://gg.example.com:8443/exposed",
        ),
        (
            Region::instance("https://gg.example.com/exposed"),
            "https://gg.example.com/exposed",
        ),
        (
            Region::instance("https://gg.example.com/exposed/v1/"),
            "https://gg.example.com/exposed",
        ),
        (
            Region::instance("https://example.com/gitguardian"),
            "https://example.com/gitguardian/exposed",
        ),
        (
            Region::instance("http://localhost:3000"),
            "http://localhost:3000/exposed",
        ),
        // Look-alikes are not SaaS.
        (
            Region::instance("https://dashboard.example.com"),
            "https://dashboard.example.com/exposed",
        ),
        (
            Region::instance("https://dashboard.gitguardian.com.evil.io"),
            "https://dashboard.gitguardian.com.evil.io/exposed",
        ),
        (
            Region::instance("https://gitguardian.mycorp.gitguardian.com"),
            "https://gitguardian.mycorp.gitguardian.com/exposed",
        ),
        // Explicit API URLs: `/v1` and trailing slashes go, the rest stays.
        (
            Region::api_url("https://api.gitguardian.com/v1"),
            "https://api.gitguardian.com",
        ),
        (
            Region::api_url("https://api.gitguardian.com/v1/"),
            "https://api.gitguardian.com",
        ),
        (
            Region::api_url("https://api.eu1.gitguardian.com"),
            "https://api.eu1.gitguardian.com",
        ),
        (
            Region::api_url("https://dashboard.gitguardian.com"),
            "https://api.gitguardian.com",
        ),
        (
            Region::api_url("https://gg.example.com/exposed/v1"),
            "https://gg.example.com/exposed",
        ),
        (
            Region::api_url("https://gg.example.com/exposed/"),
            "https://gg.example.com/exposed",
        ),
        (
            Region::api_url("https://proxy.example.com/gg/v1"),
            "https://proxy.example.com/gg",
        ),
        (
            Region::api_url("http://localhost:8080"),
            "http://localhost:8080",
        ),
        (
            Region::api_url("http://127.0.0.1:8080/v1/"),
            "http://127.0.0.1:8080",
        ),
        (
            Region::api_url("http://127.9.8.7:8080"),
            "http://127.9.8.7:8080",
        ),
        (Region::api_url("http://[::1]:9000/"), "http://[::1]:9000"),
    ];
    for (region, expected) in cases {
        let endpoint = region
            .endpoint()
            .unwrap_or_else(|e| panic!("{region:?}: {e}"));
        assert_eq!(endpoint.root(), *expected, "{region:?}");
        assert_eq!(endpoint.api_url(), format!("{expected}/v1"), "{region:?}");
    }
}

#[test]
fn endpoints_know_their_dashboard() {
    let cases: &[(Region, &str, bool)] = &[
        (Region::Us, "https://dashboard.gitguardian.com", true),
        (Region::Eu, "https://dashboard.eu1.gitguardian.com", true),
        (
            Region::instance("https://dashboard-staging.gitguardian.tech"),
            "https://dashboard-staging.gitguardian.tech",
            true,
        ),
        (
            Region::instance("https://gg.example.com/"),
            "https://gg.example.com",
            false,
        ),
        (
            Region::api_url("https://gg.example.com/exposed/v1"),
            "https://gg.example.com",
            false,
        ),
    ];
    for (region, dashboard, saas) in cases {
        let endpoint = region.endpoint().expect("valid");
        assert_eq!(endpoint.dashboard_url(), *dashboard, "{region:?}");
        assert_eq!(endpoint.is_saas(), *saas, "{region:?}");
    }
}

#[test]
fn plain_http_is_refused_except_for_loopback() {
    let refused = [
        "http://gg.example.com",
        "http://api.gitguardian.com/v1",
        "http://dashboard.gitguardian.com",
        "http://10.0.0.7:8080",
        "http://192.168.1.10",
        "http://localhost.example.com",
        "http://[::2]:80",
        "http://0.0.0.0:8080",
    ];
    for url in refused {
        for region in [Region::api_url(url), Region::instance(url)] {
            match region.endpoint() {
                Err(Error::InvalidConfig(message)) => {
                    assert!(message.contains("https"), "{url}: {message}");
                }
                other => panic!("{url}: expected InvalidConfig, got {other:?}"),
            }
        }
    }
}

#[test]
fn unusable_urls_are_refused_with_a_reason() {
    let cases = [
        ("", "empty"),
        ("   ", "empty"),
        ("ftp://gg.example.com", "scheme"),
        ("https://", "valid URL"),
        ("https://exa mple.com", "valid URL"),
    ];
    for (url, reason) in cases {
        match Region::api_url(url).endpoint() {
            Err(Error::InvalidConfig(message)) => {
                assert!(message.contains(reason), "{url:?}: {message}");
            }
            other => panic!("{url:?}: expected InvalidConfig, got {other:?}"),
        }
    }
}

#[test]
fn credentials_in_urls_are_refused_without_being_repeated() {
    let err = Region::instance("https://admin:hunter2@gg.example.com")
        .endpoint()
        .unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, Error::InvalidConfig(_)), "{err:?}");
    assert!(!message.contains("hunter2"), "{message}");
    assert!(!format!("{err:?}").contains("hunter2"));
}

#[test]
fn region_display_names_it() {
    assert_eq!(Region::Us.to_string(), "US");
    assert_eq!(Region::Eu.to_string(), "EU");
    assert_eq!(Region::default(), Region::Us);
    assert_eq!(
        Region::instance("https://gg.example.com").to_string(),
        "instance https://gg.example.com"
    );
}
