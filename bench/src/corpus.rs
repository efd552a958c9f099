//! The documents the scan scenario sends: source-like files, some holding a planted secret.
//! Deterministic, so every run and every contender sees the same bytes. (The members and audit
//! logs the lists serve are the stand-in's, generated from a seed.)

/// A fake AWS key id planted in some documents; the stand-in reports a policy break for every
/// document holding it, so each contender's findings can be checked.
pub const PLANTED_SECRET: &str = "AKIABENCHMARK0FAKE00";

/// Every how many documents one holds [`PLANTED_SECRET`].
const SECRET_EVERY: usize = 50;

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
