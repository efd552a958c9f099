//! The data the benchmarks move: workspace members for the lists, source-like documents for
//! the scans. Deterministic, so every run and every contender sees the same bytes.

/// A fake AWS key id planted in some documents; the server reports a policy break for every
/// document holding it, so each contender's findings can be checked.
pub const PLANTED_SECRET: &str = "AKIABENCHMARK0FAKE00";

/// Every how many documents one holds [`PLANTED_SECRET`].
const SECRET_EVERY: usize = 50;

/// The id of the first member; member `i` (from 0) has id `FIRST_MEMBER_ID + i`.
pub const FIRST_MEMBER_ID: u64 = 1;

/// Member `index` as `GET /v1/members` returns it, valid for our types and the official
/// client's (which requires `role`, and knows four access levels).
pub fn member_json(index: usize) -> String {
    const FIRST: [&str; 8] = [
        "Alice", "Bruno", "Chen", "Dana", "Emeka", "Farah", "Goran", "Hana",
    ];
    const LAST: [&str; 6] = ["Martin", "Keller", "Wei", "Okafor", "Silva", "Novak"];
    const LEVELS: [&str; 4] = ["owner", "manager", "member", "restricted"];
    let first = FIRST[index % FIRST.len()];
    let last = LAST[(index / FIRST.len()) % LAST.len()];
    let level = LEVELS[index % LEVELS.len()];
    let last_login = if index.is_multiple_of(7) {
        "null".to_owned()
    } else {
        format!(
            "\"2025-{:02}-{:02}T{:02}:{:02}:07.554Z\"",
            1 + index % 12,
            1 + index % 28,
            index % 24,
            index % 60
        )
    };
    format!(
        concat!(
            "{{\"id\":{id},\"name\":\"{first} {last}\",",
            "\"email\":\"{lower_first}.{lower_last}.{index}@example.com\",",
            "\"role\":\"{level}\",\"access_level\":\"{level}\",\"active\":{active},",
            "\"created_at\":\"2024-{month:02}-{day:02}T09:14:03.120Z\",\"last_login\":{last_login}}}"
        ),
        id = FIRST_MEMBER_ID + index as u64,
        first = first,
        last = last,
        lower_first = first.to_lowercase(),
        lower_last = last.to_lowercase(),
        index = index,
        level = level,
        active = !index.is_multiple_of(5),
        month = 1 + index % 12,
        day = 1 + index % 28,
        last_login = last_login,
    )
}

/// The date of the first audit log entry; entry `i` is `i` minutes later.
pub const FIRST_AUDIT_LOG: &str = "2026-01-01T00:00:00Z";

/// The date of audit log entry `index` (from 0): one a minute from [`FIRST_AUDIT_LOG`].
pub fn audit_log_date(index: usize) -> chrono::DateTime<chrono::Utc> {
    let first = chrono::DateTime::parse_from_rfc3339(FIRST_AUDIT_LOG)
        .map(|d| d.to_utc())
        .unwrap_or_default();
    first + chrono::TimeDelta::minutes(index as i64)
}

/// Audit log entry `index` as `GET /v1/audit_logs` returns it; its id is `index + 1`.
pub fn audit_log_json(index: usize) -> String {
    format!(
        concat!(
            "{{\"id\":{id},\"date\":\"{date}\",\"member_email\":\"eve.{index}@example.com\",",
            "\"member_name\":\"Eve\",\"member_id\":{member},\"api_token_id\":null,",
            "\"ip_address\":\"10.0.{a}.{b}\",\"target_ids\":[\"{member}\"],",
            "\"action_type\":\"READ\",\"event_name\":\"user.logged_in\",\"data\":null}}"
        ),
        id = FIRST_MEMBER_ID as usize + index,
        date = audit_log_date(index).format("%Y-%m-%dT%H:%M:%SZ"),
        index = index,
        member = 1 + index % 40,
        a = index / 256 % 256,
        b = index % 256,
    )
}

/// One document to scan.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub filename: String,
    pub content: String,
}

/// `count` documents of about `size` bytes of Python-like source; every 50th holds
/// [`PLANTED_SECRET`].
pub fn documents(count: usize, size: usize) -> Vec<SourceFile> {
    (0..count).map(|index| document(index, size)).collect()
}

/// How many of the first `count` documents hold the planted secret.
pub fn planted_count(count: usize) -> usize {
    count.div_ceil(SECRET_EVERY)
}

fn document(index: usize, size: usize) -> SourceFile {
    let mut content = String::with_capacity(size + 128);
    content.push_str(&format!(
        "\"\"\"Module {index} of the benchmark corpus.\"\"\"\nimport os\nimport sys\n\n"
    ));
    if index.is_multiple_of(SECRET_EVERY) {
        content.push_str(&format!("AWS_ACCESS_KEY_ID = \"{PLANTED_SECRET}\"\n\n"));
    }
    let mut line = 0;
    while content.len() < size {
        content.push_str(&format!(
            "def handler_{index}_{line}(request, retries={r}):\n    \
             value = request.get(\"field_{line}\", {line}) * {r}\n    \
             return {{\"status\": \"ok\", \"value\": value, \"line\": {line}}}\n\n",
            r = line % 7
        ));
        line += 1;
    }
    SourceFile {
        filename: format!("services/pkg_{}/module_{index}.py", index % 37),
        content,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_decode_as_ours_and_the_official_clients() {
        for index in 0..64 {
            let json = member_json(index);
            let ours: gitguardian_openapi::types::Member = serde_json::from_str(&json).unwrap();
            assert_eq!(ours.id as u64, FIRST_MEMBER_ID + index as u64);
            let theirs: gitguardian_client::api::models::member::Member =
                serde_json::from_str(&json).unwrap();
            assert_eq!(u64::from(theirs.id), FIRST_MEMBER_ID + index as u64);
        }
    }

    #[test]
    fn audit_logs_decode_as_ours_one_minute_apart() {
        for index in [0, 1, 59, 1000] {
            let ours: gitguardian_openapi::types::AuditLog =
                serde_json::from_str(&audit_log_json(index)).unwrap();
            assert_eq!(ours.id as usize, index + 1);
            assert_eq!(ours.date, audit_log_date(index));
        }
        assert_eq!(
            audit_log_date(61) - audit_log_date(0),
            chrono::TimeDelta::minutes(61)
        );
    }

    #[test]
    fn documents_have_the_requested_size_and_planted_secrets() {
        let docs = documents(120, 10_000);
        assert!(docs
            .iter()
            .all(|d| (10_000..10_400).contains(&d.content.len())));
        let planted = docs
            .iter()
            .filter(|d| d.content.contains(PLANTED_SECRET))
            .count();
        assert_eq!(planted, planted_count(120));
        assert_eq!(planted, 3);
    }
}
