//! The `github-sync` example run as a test: its command line and its run on the embedded
//! stand-ins. The example's own modules are included from
//! `gitguardian-api-ext/examples/github-sync/`, and `run::main` is what its `main.rs` calls
//! (with the process's arguments and environment), so what is tested is what
//! `cargo run -p gitguardian-api-ext --example github-sync` runs. The environment is given
//! explicitly: without keys, so that nothing leaves the machine.

#[path = "../../../gitguardian-api-ext/examples/github-sync/cli.rs"]
mod cli;
#[path = "../../../gitguardian-api-ext/examples/github-sync/run.rs"]
mod run;

/// One run: exit status, stdout, stderr.
struct Output {
    code: u8,
    out: String,
    err: String,
}

async fn example(args: &[&str], env: &[(&str, &str)]) -> Output {
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let lookup = move |name: &str| env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let args = args.iter().map(|a| a.to_string()).collect();
    let code = run::main(args, &lookup, &mut out, &mut err).await;
    Output {
        code,
        out: String::from_utf8(out).unwrap(),
        err: String::from_utf8(err).unwrap(),
    }
}

/// The rows of the plan table: lines starting with a demo repository and holding `#N`.
fn rows(out: &str) -> Vec<&str> {
    out.lines()
        .filter(|l| l.starts_with("acme/") && l.contains(" #"))
        .collect()
}

#[tokio::test]
async fn without_keys_it_runs_on_both_stand_ins_and_prints_the_plan() {
    let run = example(&[], &[]).await;
    assert_eq!(run.code, 0, "{}{}", run.out, run.err);
    let out = &run.out;
    assert!(out.starts_with("No GITHUB_TOKEN or GITGUARDIAN_API_KEY set: using embedded stand-ins"));
    assert!(out.contains("http://127.0.0.1:"), "{out}");
    assert!(
        out.contains("enterprise acme-corp") && out.contains("dry run"),
        "{out}"
    );
    let header = out.lines().find(|l| l.starts_with("REPOSITORY")).unwrap();
    assert!(
        header.contains("LOCATIONS") && header.contains("INCIDENTS") && header.contains("PLAN")
    );
    let rows = rows(out);
    assert_eq!(rows.len(), 10, "{out}");
    let row = |repo: &str, n: &str| {
        *rows
            .iter()
            .find(|r| r.starts_with(repo) && r.contains(&format!(" #{n} ")))
            .unwrap_or_else(|| panic!("{repo} #{n} in {out}"))
    };
    assert!(row("acme/data-pipelines", "1").ends_with("resolve as revoked"));
    assert!(row("acme/mobile-app", "1").ends_with("resolve as false_positive"));
    assert!(row("acme/internal-tools", "1").ends_with("resolve as used_in_tests"));
    assert!(row("acme/payments-api", "1").contains("2 commits"));
    assert!(row("acme/infra-terraform", "1").contains("none"));
    assert!(row("acme/mobile-app", "2").ends_with("no GitGuardian occurrence at its locations"));
    assert!(row("acme/web-storefront", "1").ends_with("not triaged it yet"));
    assert!(out.contains("8 matched, 5 would change, 2 without a match, 0 conflicting."));
    assert!(out.contains("summary: alerts=10 matched=8 changes=5 conflicts=0 unmatched=2"));
    assert!(!out.contains("applied:"), "a dry run applies nothing");
}

#[tokio::test]
async fn apply_resolves_each_matched_triaged_alert_with_one_patch() {
    let run = example(&["--apply"], &[]).await;
    assert_eq!(run.code, 0, "{}{}", run.out, run.err);
    let out = &run.out;
    assert!(out.contains("applied: changed=5 failed=0"), "{out}");
    assert!(out.contains("stand-in: github patches=5"), "{out}");
    let changed: Vec<&str> = out.lines().filter(|l| l.ends_with(" changed")).collect();
    assert_eq!(changed.len(), 5, "{out}");
    for (repo, n, resolution) in [
        ("acme/data-pipelines", 1, "revoked"),
        ("acme/internal-tools", 1, "used_in_tests"),
        ("acme/internal-tools", 2, "wont_fix"),
        ("acme/mobile-app", 1, "false_positive"),
        ("acme/payments-api", 1, "wont_fix"),
    ] {
        let line = changed
            .iter()
            .find(|l| l.starts_with(repo) && l.contains(&format!(" #{n} ")))
            .unwrap_or_else(|| panic!("{repo} #{n} changed in {out}"));
        assert!(line.contains(resolution), "{line}");
    }
}

#[tokio::test]
async fn a_scope_narrows_the_run() {
    let run = example(&["--repo", "acme/payments-api"], &[]).await;
    assert_eq!(run.code, 0, "{}", run.err);
    assert!(run.out.contains("repository acme/payments-api"));
    let rows = rows(&run.out);
    assert_eq!(rows.len(), 3, "{}", run.out);
    assert!(rows.iter().all(|r| r.starts_with("acme/payments-api ")));
    let run = example(&["--org=acme"], &[]).await;
    assert_eq!(run.code, 0, "{}", run.err);
    assert_eq!(self::rows(&run.out).len(), 10);
}

#[tokio::test]
async fn help_lists_every_option() {
    let run = example(&["--help"], &[]).await;
    assert_eq!(run.code, 0);
    for option in [
        "--repo <OWNER/NAME>",
        "--org <ORG>",
        "--enterprise <SLUG>",
        "--ghes-url <URL>",
        "--concurrency <N>",
        "--apply",
        "GITHUB_TOKEN",
        "GITGUARDIAN_API_KEY",
    ] {
        assert!(run.out.contains(option), "{option} in {}", run.out);
    }
    assert!(run.err.is_empty());
}

/// Arguments, environment, and what the error says.
type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);

#[tokio::test]
async fn bad_arguments_are_refused_with_exit_2_before_anything_starts() {
    let keys = [("GITHUB_TOKEN", "ghp_x"), ("GITGUARDIAN_API_KEY", "gg_x")];
    let cases: [Case; 9] = [
        (&["--frobnicate"], &[], "unexpected argument '--frobnicate'"),
        (
            &["--repo", "acme"],
            &[],
            "for '--repo <OWNER/NAME>': `acme` is not a repository",
        ),
        (&["--org"], &[], "a value is required for '--org <ORG>'"),
        (&["--enterprise", "a b"], &[], "is not a valid enterprise"),
        (
            &["--repo", "a/b", "--org", "c"],
            &[],
            "'--repo <OWNER/NAME>' cannot be used with '--org <ORG>'",
        ),
        (
            &["--concurrency", "0"],
            &[],
            "for '--concurrency <N>': 0 is not in 1..=16",
        ),
        (
            &["--org", "acme", "--ghes-url", "http://ghes.example"],
            &keys,
            "must use https",
        ),
        (
            &[],
            &keys[..1],
            "GITHUB_TOKEN is set but GITGUARDIAN_API_KEY is not",
        ),
        // With both keys (and so the real services) a scope is needed: refused before any
        // client is built, so nothing is sent.
        (
            &["--apply"],
            &keys,
            "choose what to sync: --repo, --org or --enterprise",
        ),
    ];
    for (args, env, message) in cases {
        let run = example(args, env).await;
        assert_eq!(run.code, 2, "{args:?}: {}{}", run.out, run.err);
        assert!(run.err.starts_with("error: "), "{}", run.err);
        assert!(run.err.contains(message), "{args:?}: {}", run.err);
        assert!(run.err.contains("try '--help'"), "{}", run.err);
        assert!(run.out.is_empty(), "{args:?} printed {}", run.out);
    }
}

#[test]
fn the_ghes_url_is_taken_as_a_host_or_an_api_root() {
    for (given, root) in [
        ("ghes.example.com", "https://ghes.example.com/api/v3"),
        (
            "https://ghes.example.com/",
            "https://ghes.example.com/api/v3",
        ),
        (
            "https://ghes.example.com/api/v3",
            "https://ghes.example.com/api/v3",
        ),
    ] {
        let Ok(cli::Command::Run(options)) =
            cli::parse(["--ghes-url".to_string(), given.to_string()])
        else {
            panic!("{given} refused");
        };
        assert_eq!(options.ghes_url.as_deref(), Some(root));
    }
    assert!(cli::parse(["--ghes-url".into(), "https://ghes.example.com/x".into()]).is_err());
}
