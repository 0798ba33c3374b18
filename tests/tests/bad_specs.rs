//! The bad-spec corpus (`tests/bad-specs/NN-short-name.toml`): realistic specs with one thing
//! wrong each, whose first line `# expect: FIELD` names the field the error must name.
//!
//! Every file must be refused by the `apigw` binary (exit 2, the file and the field on stderr,
//! nothing on stdout) and by the library before any AWS call: a simulator that a valid spec
//! would keep busy answers no call at all.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use apigw_facade::spec::{GatewaySpec, SpecError};
use apigw_facade::{Backends, Gateway, Options};
use apigw_sim::{Sim, SimConfig};

/// The issue asks for at least this many distinct rules.
const MIN_RULES: usize = 25;
const REGION: &str = "us-west-2";

/// One file of the corpus.
#[derive(Debug)]
struct Case {
    path: PathBuf,
    file: String,
    expect: String,
}

fn corpus() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("bad-specs");
    let mut cases: Vec<Case> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable");
            let file = path
                .file_name()
                .and_then(|n| n.to_str())
                .expect("utf-8 name")
                .to_owned();
            let expect = text
                .lines()
                .next()
                .and_then(|l| l.strip_prefix("# expect: "))
                .map(|f| f.trim().to_owned())
                .unwrap_or_else(|| panic!("{file}: the first line must be `# expect: FIELD`"));
            Case { path, file, expect }
        })
        .collect();
    cases.sort_by(|a, b| a.file.cmp(&b.file));
    cases
}

/// What the library says about the file: it must refuse it.
fn refusal(case: &Case) -> SpecError {
    match GatewaySpec::from_file(&case.path) {
        Ok(_) => panic!(
            "{}: accepted, expected an error at {}",
            case.file, case.expect
        ),
        Err(e) => e,
    }
}

/// The message of a rule with the values it quotes masked, and list indices dropped from the
/// field, so that two files hitting one rule with other values count once.
fn rule_of(field: &str, message: &str) -> (String, String) {
    fn mask(text: &str, open: char, close: char) -> String {
        let mut out = String::new();
        let mut inside = false;
        for c in text.chars() {
            match (inside, c) {
                (false, c) if c == open => {
                    inside = true;
                    out.push(open);
                }
                (true, c) if c == close => {
                    inside = false;
                    out.push('…');
                    out.push(close);
                }
                (true, _) => {}
                (false, c) => out.push(c),
            }
        }
        out
    }
    let field = mask(field, '[', ']');
    let mut message = mask(&mask(&mask(message, '\'', '\''), '`', '`'), '[', ']');
    for word in ["NaN", "-inf", "inf"] {
        message = message.replace(word, "#");
    }
    let message: String = message
        .split(|c: char| c.is_ascii_digit() || c == '.' || c == '-')
        .filter(|piece| !piece.is_empty())
        .collect::<Vec<_>>()
        .join("#");
    (field, message)
}

#[test]
fn the_corpus_has_one_violation_per_file_at_the_expected_field_and_distinct_rules() {
    let cases = corpus();
    assert!(
        cases.len() >= MIN_RULES,
        "only {} bad specs in tests/bad-specs",
        cases.len()
    );
    let mut problems = Vec::new();
    let mut numbers = BTreeSet::new();
    let mut literal: BTreeMap<(String, String), &str> = BTreeMap::new();
    let mut rules: BTreeMap<(String, String), Vec<&str>> = BTreeMap::new();
    for case in &cases {
        let number = case.file.split('-').next().unwrap_or_default();
        if number.len() != 2 || !number.chars().all(|c| c.is_ascii_digit()) {
            problems.push(format!("{}: name it NN-short-name.toml", case.file));
        } else if !numbers.insert(number.to_owned()) {
            problems.push(format!("{}: number {number} is used twice", case.file));
        }
        let error = refusal(case);
        let [violation] = error.violations.as_slice() else {
            problems.push(format!(
                "{}: one thing wrong should give one violation, got {:?}",
                case.file, error.violations
            ));
            continue;
        };
        if violation.field != case.expect {
            problems.push(format!(
                "{}: expected field {}, got {violation}",
                case.file, case.expect
            ));
        }
        let key = (violation.field.clone(), violation.message.clone());
        if let Some(first) = literal.insert(key, &case.file) {
            problems.push(format!(
                "{}: same field and message as {first}: {violation}",
                case.file
            ));
        }
        rules
            .entry(rule_of(&violation.field, &violation.message))
            .or_default()
            .push(&case.file);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let shared: Vec<String> = rules
        .values()
        .filter(|files| files.len() > 1)
        .map(|files| files.join(" + "))
        .collect();
    assert!(
        rules.len() >= MIN_RULES,
        "{} distinct rules (field + message shape) among {} files, want {MIN_RULES}; variants \
         of one rule: {shared:?}",
        rules.len(),
        cases.len()
    );
}

/// The `apigw` binary of this build (`target/<profile>/apigw`, beside the test's `deps/`).
/// It belongs to another package, so cargo does not build it for this test: ask cargo to build
/// it (a no-op when it is up to date, a rebuild when it is missing or stale).
fn apigw_binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let exe = std::env::current_exe().expect("the test executable's path");
        let profile_dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("the test runs from target/<profile>/deps");
        let binary = profile_dir.join(format!("apigw{}", std::env::consts::EXE_SUFFIX));
        let mut cargo = std::process::Command::new(env!("CARGO"));
        cargo
            .args(["build", "--quiet", "-p", "apigw-cli", "--bin", "apigw"])
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        if let Some(target_dir) = profile_dir.parent() {
            cargo.env("CARGO_TARGET_DIR", target_dir);
        }
        if profile_dir
            .file_name()
            .is_some_and(|name| name == "release")
        {
            cargo.arg("--release");
        }
        let status = cargo.status().expect("cargo runs");
        assert!(
            status.success() && binary.is_file(),
            "cargo build -p apigw-cli failed ({status}) or left no {}",
            binary.display()
        );
        binary
    })
}

/// `apigw` with no AWS configuration from the environment: a bad spec must not need any.
fn apigw() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(apigw_binary());
    for var in [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_ENDPOINT_URL",
        "RUST_LOG",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("AWS_CONFIG_FILE", "/nonexistent/apigw-test-config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/apigw-test-credentials",
        )
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("NO_COLOR", "1")
        // A regression that reached the network would retry against port 9 for minutes.
        .timeout(Duration::from_secs(60));
    cmd
}

#[test]
fn the_cli_refuses_every_bad_spec_with_exit_2_naming_the_file_and_the_field() {
    let mut problems = Vec::new();
    for case in corpus() {
        let violation = refusal(&case).violations.remove(0);
        let output = apigw()
            .arg("provision")
            .arg("--config")
            .arg(&case.path)
            .args(["--endpoint-url", "http://127.0.0.1:9", "--no-progress"])
            .output()
            .expect("apigw runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let mut wrong = Vec::new();
        if output.status.code() != Some(2) {
            wrong.push(format!("exit {:?}, want 2", output.status.code()));
        }
        if !stdout.is_empty() {
            wrong.push(format!("stdout not empty: {stdout}"));
        }
        if !stderr.contains(&case.path.display().to_string()) {
            wrong.push("stderr does not name the file".to_owned());
        }
        if !stderr.contains(&format!("{}: ", case.expect)) {
            wrong.push(format!("stderr does not name {}", case.expect));
        }
        if !stderr.contains(&violation.message) {
            wrong.push(format!("stderr lacks the message `{}`", violation.message));
        }
        if !wrong.is_empty() {
            problems.push(format!("{}: {}\n{stderr}", case.file, wrong.join("; ")));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A simulated account ready for a real spec: the zone and topic the corpus refers to exist, so
/// that a spec which got through validation would make calls.
fn account() -> Sim {
    let sim = Sim::new(SimConfig::default().region(REGION));
    sim.create_hosted_zone("example.com");
    sim.create_topic("ops-alerts");
    sim
}

/// What a consumer does with a spec file: parse it, and only if that succeeds provision it.
async fn parse_and_provision(path: &Path, backends: Backends) -> Result<(), String> {
    let spec = GatewaySpec::from_file(path).map_err(|e| e.to_string())?;
    let options = Options::default()
        .poll_interval(Duration::from_millis(200))
        .certificate_timeout(Duration::from_secs(120));
    Gateway::new(spec, backends)
        .with_options(options)
        .provision()
        .await
        .map(drop)
        .map_err(|e| e.to_string())
}

#[tokio::test(start_paused = true)]
async fn the_library_refuses_every_bad_spec_before_any_aws_call() {
    // The harness can see calls: a valid spec taken down the same path keeps the account busy.
    let control = account();
    let minimal = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/minimal.toml");
    parse_and_provision(&minimal, Backends::uniform(control.clone(), REGION))
        .await
        .expect("the control spec provisions");
    assert!(
        control.journal().successful_writes() > 0,
        "the control made no call: the journal cannot prove anything"
    );

    let mut problems = Vec::new();
    for case in corpus() {
        let sim = account();
        let backends = Backends::uniform(sim.clone(), REGION);
        match parse_and_provision(&case.path, backends).await {
            Ok(()) => problems.push(format!("{}: provisioned", case.file)),
            Err(message) => {
                if !message.contains(&format!("{}: ", case.expect)) {
                    problems.push(format!(
                        "{}: error does not name {}: {message}",
                        case.file, case.expect
                    ));
                }
                if !message.contains(&case.file) {
                    problems.push(format!(
                        "{}: error does not name the file: {message}",
                        case.file
                    ));
                }
            }
        }
        let calls = sim.journal().calls().to_vec();
        if !calls.is_empty() {
            let operations: Vec<&str> = calls.iter().map(|c| c.operation).collect();
            problems.push(format!(
                "{}: {} AWS calls: {operations:?}",
                case.file,
                calls.len()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
