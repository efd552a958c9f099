//! `next_cursor`: what a `Link` header says about the next page.

use gitguardian_api_ext::next_cursor;
use reqwest::header::{HeaderMap, HeaderValue, LINK};

fn cursor_of(links: &[&str]) -> Option<String> {
    let mut headers = HeaderMap::new();
    for link in links {
        headers.append(
            LINK,
            HeaderValue::from_str(link).expect("valid header value"),
        );
    }
    next_cursor(&headers)
}

fn cursor(link: &str) -> Option<String> {
    cursor_of(&[link])
}

const NEXT: &str =
    r#"<https://api.gitguardian.com/v1/incidents/secrets?cursor=bmV4dA&per_page=100>; rel="next""#;
const PREV: &str =
    r#"<https://api.gitguardian.com/v1/incidents/secrets?cursor=cHJldg&per_page=100>; rel="prev""#;

#[test]
fn no_link_header_means_no_next_page() {
    assert_eq!(next_cursor(&HeaderMap::new()), None);
    let mut headers = HeaderMap::new();
    headers.insert("x-next-page", HeaderValue::from_static("3"));
    assert_eq!(next_cursor(&headers), None);
}

#[test]
fn empty_link_header_means_no_next_page() {
    assert_eq!(cursor(""), None);
    assert_eq!(cursor("   "), None);
    assert_eq!(cursor(","), None);
}

#[test]
fn only_a_previous_page_means_no_next_page() {
    assert_eq!(cursor(PREV), None);
    assert_eq!(cursor_of(&[PREV, PREV]), None);
}

#[test]
fn garbage_means_no_next_page() {
    for garbage in [
        "garbage",
        "<>",
        r#"<>; rel="next""#,
        "rel=next",
        // No relation at all, or another one.
        "<https://api.gitguardian.com/v1/members?cursor=abc>",
        r#"<https://api.gitguardian.com/v1/members?cursor=abc>; rel="nextpage""#,
        r#"<https://api.gitguardian.com/v1/members?cursor=abc>; title="next""#,
        // The URL without its angle brackets, or with one missing.
        r#"https://api.gitguardian.com/v1/members?cursor=abc; rel="next""#,
        r#"<https://api.gitguardian.com/v1/members?cursor=abc; rel="next""#,
    ] {
        assert_eq!(cursor(garbage), None, "{garbage:?}");
    }
    // A value that is not text is skipped rather than misread.
    let mut headers = HeaderMap::new();
    headers.insert(
        LINK,
        HeaderValue::from_bytes(b"<https://x/?cursor=\xff\xfe>; rel=\"next\"").unwrap(),
    );
    assert_eq!(next_cursor(&headers), None);
}

#[test]
fn next_link_without_cursor_means_no_next_page() {
    assert_eq!(
        cursor(r#"<https://api.gitguardian.com/v1/members?per_page=100>; rel="next""#),
        None
    );
    assert_eq!(
        cursor(r#"<https://api.gitguardian.com/v1/members>; rel="next""#),
        None
    );
    // `cursor` must be the parameter's whole name.
    assert_eq!(
        cursor(r#"<https://api.gitguardian.com/v1/members?next_cursor=abc>; rel="next""#),
        None
    );
}

#[test]
fn empty_cursor_means_no_next_page() {
    assert_eq!(
        cursor(r#"<https://api.gitguardian.com/v1/members?cursor=&per_page=100>; rel="next""#),
        None
    );
    assert_eq!(
        cursor(r#"<https://api.gitguardian.com/v1/members?cursor>; rel="next""#),
        None
    );
}

#[test]
fn next_is_found_with_prev_before_or_after_it() {
    assert_eq!(cursor(NEXT).as_deref(), Some("bmV4dA"));
    assert_eq!(
        cursor(&format!("{PREV}, {NEXT}")).as_deref(),
        Some("bmV4dA")
    );
    assert_eq!(
        cursor(&format!("{NEXT}, {PREV}")).as_deref(),
        Some("bmV4dA")
    );
    assert_eq!(cursor(&format!("{PREV},{NEXT}")).as_deref(), Some("bmV4dA"));
    // The same links as separate `Link` header lines.
    assert_eq!(cursor_of(&[PREV, NEXT]).as_deref(), Some("bmV4dA"));
    assert_eq!(cursor_of(&[NEXT, PREV]).as_deref(), Some("bmV4dA"));
}

#[test]
fn relative_urls_still_carry_the_cursor() {
    assert_eq!(
        cursor(r#"</v1/incidents/secrets?cursor=cmVs&status=TRIGGERED>; rel="next""#).as_deref(),
        Some("cmVs")
    );
    assert_eq!(
        cursor(r#"<?cursor=cmVs>; rel="next""#).as_deref(),
        Some("cmVs")
    );
    assert_eq!(
        cursor(r#"<incidents/secrets?per_page=5&cursor=cmVs>; rel="next""#).as_deref(),
        Some("cmVs")
    );
}

#[test]
fn the_host_of_the_link_does_not_matter() {
    for host in [
        "http://localhost",
        "http://localhost:1",
        "https://wrong.example.com",
        "http://127.0.0.1:8000/exposed",
    ] {
        let link = format!(r#"<{host}/v1/members?cursor=aG9zdA>; rel="next""#);
        assert_eq!(cursor(&link).as_deref(), Some("aG9zdA"), "{link}");
    }
}

#[test]
fn the_cursor_is_url_decoded_exactly_once() {
    let decoded = |raw: &str| {
        cursor(&format!(
            r#"<https://api.gitguardian.com/v1/members?cursor={raw}>; rel="next""#
        ))
    };
    assert_eq!(
        decoded("cD0yMDI0LTA2LTAz%3D").as_deref(),
        Some("cD0yMDI0LTA2LTAz=")
    );
    assert_eq!(decoded("cj0xJnA9Mg%3D%3D").as_deref(), Some("cj0xJnA9Mg=="));
    assert_eq!(decoded("YS%2BYi%2Fc").as_deref(), Some("YS+Yi/c"));
    // Encoded twice by the server: decoded once, the `%3D` stays.
    assert_eq!(decoded("abc%253D").as_deref(), Some("abc%3D"));
    // Already plain: kept as it is.
    assert_eq!(decoded("abc=").as_deref(), Some("abc="));
}

#[test]
fn a_comma_inside_the_url_does_not_split_the_link() {
    let link = r#"<https://api.gitguardian.com/v1/incidents/secrets?status=TRIGGERED,ASSIGNED&cursor=Y29tbWE>; rel="next""#;
    assert_eq!(cursor(link).as_deref(), Some("Y29tbWE"));
    assert_eq!(
        cursor(&format!(
            r#"<https://x/?cursor=cHJldg,x>; rel="prev"; title="a, b", {link}"#
        ))
        .as_deref(),
        Some("Y29tbWE")
    );
}

#[test]
fn relation_spellings_are_understood() {
    for params in [
        "rel=next",
        r#"rel="next""#,
        r#"REL="NEXT""#,
        r#" rel = "next" "#,
        r#"rel="next last""#,
        r#"title="page 2"; rel="next""#,
    ] {
        let link = format!("<https://api.gitguardian.com/v1/members?cursor=cmVs>;{params}");
        assert_eq!(cursor(&link).as_deref(), Some("cmVs"), "{link}");
    }
}
