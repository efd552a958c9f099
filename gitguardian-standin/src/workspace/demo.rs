//! The demo workspace: 30 made-up incidents of a small company and 4 members, the data the
//! remediation example shows when it runs without an account.

use chrono::{DateTime, Utc};

use super::{Detector, Incident, Member, Occurrence, Status, Workspace};

/// `(name, display name, family, category, nature)`.
type DetectorRow = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
);

const AWS: DetectorRow = (
    "aws_iam",
    "AWS Keys",
    "apikey",
    Some("cloud_provider"),
    "specific",
);
const GITHUB: DetectorRow = (
    "github_token",
    "GitHub Token",
    "apikey",
    Some("version_control_platform"),
    "specific",
);
const SLACK: DetectorRow = (
    "slack_bot_token",
    "Slack Bot Token",
    "apikey",
    Some("communication"),
    "specific",
);
const STRIPE: DetectorRow = (
    "stripe_keys",
    "Stripe Keys",
    "apikey",
    Some("payment_system"),
    "specific",
);
const PASSWORD: DetectorRow = (
    "generic_password",
    "Generic Password",
    "password",
    None,
    "generic",
);
const POSTGRES: DetectorRow = (
    "postgresql_credentials",
    "PostgreSQL Credentials",
    "credentials",
    Some("data_storage"),
    "specific",
);
const RSA: DetectorRow = (
    "private_key_rsa",
    "RSA Private Key",
    "private_key",
    Some("cryptographic_key"),
    "specific",
);
const GOOGLE: DetectorRow = (
    "google_api_key",
    "Google API Key",
    "apikey",
    Some("cloud_provider"),
    "specific",
);
const SENDGRID: DetectorRow = (
    "sendgrid_key",
    "SendGrid Key",
    "apikey",
    Some("communication"),
    "specific",
);
const ENTROPY: DetectorRow = (
    "generic_high_entropy_secret",
    "Generic High Entropy Secret",
    "other",
    None,
    "generic",
);

/// `(id, detector, repository, severity, validity, status, occurrences, date)`.
type Row = (
    i64,
    DetectorRow,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    &'static str,
);

/// Newest first: 25 `TRIGGERED`, 5 in other states. 84231 has a severity the spec does not
/// know (`urgent`).
#[rustfmt::skip]
const INCIDENTS: &[Row] = &[
    (84390, AWS, "acme/payments-api", "critical", "valid", "TRIGGERED", 3, "2025-06-20T16:42:11Z"),
    (84377, GITHUB, "acme/web-storefront", "high", "valid", "TRIGGERED", 1, "2025-06-20T09:05:47Z"),
    (84361, PASSWORD, "acme/infra-terraform", "medium", "no_checker", "TRIGGERED", 2, "2025-06-19T22:31:02Z"),
    (84352, SLACK, "acme/internal-tools", "high", "invalid", "TRIGGERED", 1, "2025-06-19T14:12:38Z"),
    (84340, STRIPE, "acme/payments-api", "critical", "valid", "ASSIGNED", 4, "2025-06-19T08:47:19Z"),
    (84333, POSTGRES, "acme/data-pipelines", "high", "failed_to_check", "TRIGGERED", 6, "2025-06-18T17:20:54Z"),
    (84318, ENTROPY, "acme/mobile-app", "low", "no_checker", "TRIGGERED", 1, "2025-06-18T11:03:27Z"),
    (84302, RSA, "acme/infra-terraform", "critical", "no_checker", "TRIGGERED", 2, "2025-06-17T19:58:40Z"),
    (84297, GOOGLE, "acme/mobile-app", "medium", "valid", "TRIGGERED", 5, "2025-06-17T10:14:06Z"),
    (84285, AWS, "acme/data-pipelines", "high", "invalid", "RESOLVED", 1, "2025-06-16T21:36:52Z"),
    (84271, SENDGRID, "acme/web-storefront", "medium", "valid", "TRIGGERED", 2, "2025-06-16T13:09:15Z"),
    (84266, GITHUB, "acme/internal-tools", "high", "valid", "TRIGGERED", 1, "2025-06-15T23:44:31Z"),
    (84250, PASSWORD, "acme/payments-api", "low", "no_checker", "TRIGGERED", 9, "2025-06-15T08:27:03Z"),
    (84243, AWS, "acme/web-storefront", "critical", "valid", "TRIGGERED", 2, "2025-06-14T18:51:49Z"),
    (84231, SLACK, "acme/data-pipelines", "urgent", "valid", "TRIGGERED", 1, "2025-06-14T07:16:22Z"),
    (84226, ENTROPY, "acme/internal-tools", "info", "no_checker", "IGNORED", 1, "2025-06-13T20:40:58Z"),
    (84214, STRIPE, "acme/mobile-app", "high", "invalid", "TRIGGERED", 3, "2025-06-13T12:05:34Z"),
    (84209, POSTGRES, "acme/payments-api", "critical", "valid", "TRIGGERED", 2, "2025-06-12T16:29:10Z"),
    (84195, GITHUB, "acme/infra-terraform", "medium", "invalid", "TRIGGERED", 1, "2025-06-12T06:53:45Z"),
    (84188, GOOGLE, "acme/web-storefront", "low", "failed_to_check", "TRIGGERED", 4, "2025-06-11T15:18:21Z"),
    (84172, RSA, "acme/data-pipelines", "high", "no_checker", "TRIGGERED", 1, "2025-06-10T22:42:57Z"),
    (84169, AWS, "acme/mobile-app", "critical", "valid", "ASSIGNED", 2, "2025-06-10T09:07:33Z"),
    (84157, PASSWORD, "acme/web-storefront", "medium", "no_checker", "TRIGGERED", 7, "2025-06-09T17:31:08Z"),
    (84140, SENDGRID, "acme/internal-tools", "low", "invalid", "TRIGGERED", 1, "2025-06-09T04:55:44Z"),
    (84136, ENTROPY, "acme/payments-api", "unknown", "no_checker", "TRIGGERED", 2, "2025-06-08T13:20:19Z"),
    (84121, GITHUB, "acme/data-pipelines", "high", "valid", "TRIGGERED", 1, "2025-06-07T21:44:55Z"),
    (84113, SLACK, "acme/infra-terraform", "medium", "valid", "TRIGGERED", 3, "2025-06-07T10:09:30Z"),
    (84104, STRIPE, "acme/web-storefront", "critical", "valid", "RESOLVED", 1, "2025-06-06T18:34:06Z"),
    (84098, AWS, "acme/internal-tools", "high", "failed_to_check", "TRIGGERED", 2, "2025-06-06T07:58:42Z"),
    (84085, POSTGRES, "acme/mobile-app", "medium", "invalid", "TRIGGERED", 1, "2025-06-05T15:23:17Z"),];

/// `(id, name, email, access level, active, last login)`.
type MemberRow = (
    i64,
    &'static str,
    &'static str,
    &'static str,
    bool,
    Option<&'static str>,
);

#[rustfmt::skip]
const MEMBERS: &[MemberRow] = &[
    (5101, "Alice Martin", "alice.martin@example.com", "owner", true, Some("2025-06-20T08:12:44Z")),
    (5188, "Bruno Keller", "bruno.keller@example.com", "restricted", false, None),
    (5240, "Chen Wei", "chen.wei@example.com", "manager", true, Some("2025-06-18T16:40:09Z")),
    (5302, "Dana Lee", "dana.lee@example.com", "member", true, Some("2025-06-19T10:02:31Z")),
];

fn date(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .map(|date| date.with_timezone(&Utc))
        .unwrap_or_default()
}

impl Workspace {
    /// The demo workspace (30 incidents, 4 members, of which one inactive), identical on every
    /// call. Incidents that are `ASSIGNED` are assigned to Dana Lee (5302).
    pub fn demo() -> Workspace {
        let members = MEMBERS
            .iter()
            .map(
                |&(id, name, email, access_level, active, last_login)| Member {
                    id,
                    name: name.into(),
                    email: email.into(),
                    access_level: access_level.into(),
                    active,
                    created_at: date("2024-02-12T09:14:03Z"),
                    last_login: last_login.map(date),
                },
            )
            .collect();
        let incidents = INCIDENTS.iter().map(demo_incident).collect();
        Workspace {
            incidents,
            members,
            ..Workspace::default()
        }
    }
}

fn demo_incident(row: &Row) -> Incident {
    let &(
        id,
        (name, display, family, category, nature),
        repository,
        severity,
        validity,
        status,
        occurrences,
        when,
    ) = row;
    let when = date(when);
    let status = Status::parse(status).unwrap_or(Status::Triggered);
    let mut tags = vec!["DEFAULT_BRANCH".to_string()];
    if repository.ends_with("web-storefront") {
        tags.push("PUBLICLY_EXPOSED".into());
    }
    if nature == "generic" {
        tags.push("TEST_FILE".into());
    }
    Incident {
        date: when,
        detector: Detector::new(name, display, family, category, nature),
        source: repository.into(),
        severity: severity.into(),
        validity: validity.into(),
        status,
        assignee_id: (status == Status::Assigned).then_some(5302),
        occurrences: (0..occurrences)
            .map(|n| Occurrence::sample(id * 100 + n, when))
            .collect(),
        tags,
        risk_score: (id % 61) + 30,
        resolved_at: (status == Status::Resolved).then_some(when),
        secret_revoked: status == Status::Resolved,
        ignored_at: (status == Status::Ignored).then_some(when),
        ignore_reason: (status == Status::Ignored).then(|| "test_credential".into()),
        ..Incident::sample(id)
    }
}
