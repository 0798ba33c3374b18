//! Secrets stay secret: API key values and AWS credentials never appear in `Debug`, in errors
//! (Display and Debug of the whole source chain), in artifacts and plans, or in logs — neither
//! through the library nor through the `apigw` binary at `-vvv`.
//!
//! Credentials are fake (`AKIAFAKESECRET123456` / `very-secret-value-xyz`) and go through the
//! real SDK path: to a loopback stand-in for AWS that records the requests (so the test can see
//! that the credentials were really used to sign them) and to a closed port.
//!
//! Logs are captured at TRACE twice: everything, and apigw's own crates. The secret key must
//! appear in neither. The access key id and response bodies (which carry API key values on
//! CreateApiKey / GetApiKeys) are printed by the AWS SDK's own trace events, which apigw cannot
//! change: the library's promise is about its own events, and the CLI's subscriber keeps SDK
//! bodies out and masks key ids (checked end to end below).

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use apigw_facade::core::restapi::{ApiGateway, ApiKey, NewApiKey, SdkApiGateway};
use apigw_facade::core::runtime::{RetryPolicy, RuntimeConfig};
use apigw_facade::core::AwsContext;
use apigw_facade::spec::GatewaySpec;
use apigw_facade::{Backends, Event, EventSink, Gateway, Options};
use apigw_sim::{Faults, Sim, SimConfig};
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::Layer;

const ACCESS_KEY_ID: &str = "AKIAFAKESECRET123456";
const SECRET_ACCESS_KEY: &str = "very-secret-value-xyz";
/// A closed port: every connection is refused.
const UNREACHABLE: &str = "http://127.0.0.1:9";
const REGION: &str = "us-west-2";
/// Shorter pieces of a secret that must not leak either (a truncated "abcd…" print).
const WINDOW: usize = 16;

// --- What is checked, and where ---------------------------------------------------------------

/// Every place (by description) where one of `secrets`, or a 16-character piece of it, appears.
fn leaks(secrets: &[&str], places: &[(String, String)]) -> Vec<String> {
    let mut found = Vec::new();
    for secret in secrets {
        let pieces: Vec<&str> = if secret.len() > WINDOW {
            (0..=secret.len() - WINDOW)
                .map(|i| &secret[i..i + WINDOW])
                .collect()
        } else {
            vec![secret]
        };
        for (place, text) in places {
            if let Some(piece) = pieces.iter().find(|p| text.contains(**p)) {
                found.push(format!("{place} shows {piece:?} (of secret {secret:?})"));
            }
        }
    }
    found
}

fn assert_no_leaks(secrets: &[&str], places: &[(String, String)]) {
    let found = leaks(secrets, places);
    assert!(found.is_empty(), "secrets leaked:\n{}", found.join("\n"));
}

/// Display and Debug of an error and of every error in its source chain.
fn error_texts(what: &str, error: &(dyn std::error::Error + 'static)) -> Vec<(String, String)> {
    let mut texts = Vec::new();
    let mut current = Some(error);
    let mut depth = 0;
    while let Some(e) = current {
        texts.push((format!("{what} [source {depth}] Display"), e.to_string()));
        texts.push((format!("{what} [source {depth}] Debug"), format!("{e:?}")));
        texts.push((format!("{what} [source {depth}] Debug#"), format!("{e:#?}")));
        current = e.source();
        depth += 1;
    }
    texts
}

// --- Log capture ----------------------------------------------------------------------------

/// A buffer the fmt layer writes into.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Buffer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("log buffer")).into_owned()
    }
}

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Buffer {
    type Writer = Buffer;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// TRACE logs of this thread (the tests run on a current-thread runtime): `all` of them, and
/// `ours`, the events of apigw's crates; closing spans are logged too, with their fields.
struct Logs {
    all: Buffer,
    ours: Buffer,
    _guard: tracing::subscriber::DefaultGuard,
}

impl Logs {
    fn capture() -> Self {
        let (all, ours) = (Buffer::default(), Buffer::default());
        let apigw_crates = [
            "apigw_core",
            "apigw_dns",
            "apigw_certs",
            "apigw_alarms",
            "apigw_diagnose",
            "apigw_facade",
            "apigw_sim",
        ]
        .into_iter()
        .fold(Targets::new(), |t, name| {
            t.with_target(name, LevelFilter::TRACE)
        });
        let subscriber = tracing_subscriber::registry()
            .with(
                tracing_subscriber::fmt::layer()
                    .with_writer(all.clone())
                    .with_ansi(false)
                    .with_span_events(FmtSpan::CLOSE)
                    .with_filter(LevelFilter::TRACE),
            )
            .with(
                tracing_subscriber::fmt::layer()
                    .with_writer(ours.clone())
                    .with_ansi(false)
                    .with_span_events(FmtSpan::CLOSE)
                    .with_filter(apigw_crates),
            );
        let _guard = tracing::subscriber::set_default(subscriber);
        Self { all, ours, _guard }
    }

    fn places(&self) -> [(String, String); 2] {
        [
            ("TRACE logs (all crates)".to_owned(), self.all.text()),
            ("TRACE logs (apigw crates)".to_owned(), self.ours.text()),
        ]
    }
}

// --- API key values, on the simulator -------------------------------------------------------

fn example(name: &str) -> GatewaySpec {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples")
        .join(name);
    GatewaySpec::from_file(path).expect("example spec is valid")
}

fn key_names(spec: &GatewaySpec) -> Vec<String> {
    let mut names: Vec<String> = spec
        .usage_plans
        .iter()
        .flat_map(|p| p.api_keys.iter().cloned())
        .collect();
    names.sort();
    names.dedup();
    names
}

#[tokio::test(start_paused = true)]
async fn api_key_values_stay_out_of_debug_artifacts_plans_events_errors_and_logs() {
    let logs = Logs::capture();
    let spec = example("full.toml");
    let region = spec.region.clone().expect("full.toml names its region");
    let sim = Sim::new(SimConfig::default().region(&region));
    sim.create_hosted_zone("example.com");
    sim.create_topic("ops-alerts");
    let events: Arc<Mutex<Vec<Event>>> = Arc::default();
    let sink = {
        let events = Arc::clone(&events);
        EventSink::new(move |e| events.lock().expect("events").push(e))
    };
    let options = Options::default()
        .poll_interval(Duration::from_millis(200))
        .certificate_timeout(Duration::from_secs(120));
    let gateway = Gateway::new(spec.clone(), Backends::uniform(sim.clone(), &region))
        .with_options(options)
        .with_events(sink);
    let (artifact, plan) = gateway.provision_with_plan().await.expect("provision");

    // The values, as only an explicit request gets them.
    let mut keys: Vec<ApiKey> = Vec::new();
    for name in key_names(&spec) {
        keys.extend(sim.find_api_keys(&name, true).await.expect("find keys"));
    }
    let values: Vec<String> = keys
        .iter()
        .map(|k| {
            k.value
                .as_ref()
                .expect("asked with values")
                .expose()
                .to_owned()
        })
        .collect();
    assert_eq!(values.len(), 3, "partner-a, partner-b, backoffice");
    assert!(values.iter().all(|v| v.len() >= 20), "real-looking values");
    let secrets: Vec<&str> = values.iter().map(String::as_str).collect();

    let mut places: Vec<(String, String)> = Vec::new();
    let mut add = |place: &str, text: String| places.push((place.to_owned(), text));
    for key in &keys {
        let value = key.value.as_ref().expect("value");
        add("ApiKey Debug", format!("{key:?}"));
        add("ApiKey Debug#", format!("{key:#?}"));
        add("ApiKeyValue Debug", format!("{value:?}"));
    }
    add(
        "Artifact JSON",
        serde_json::to_string_pretty(&artifact).expect("artifact JSON"),
    );
    add("Artifact Debug", format!("{artifact:#?}"));
    add("Plan Debug", format!("{plan:#?}"));
    add(
        "Plan JSON",
        serde_json::to_string(&plan).expect("plan JSON"),
    );
    let changes: Vec<String> = plan.changes.iter().map(ToString::to_string).collect();
    add("Plan changes Display", changes.join("\n"));
    let replan = gateway.plan().await.expect("plan after provision");
    add("second Plan Debug", format!("{replan:?}"));
    add(
        "events Debug",
        format!("{:?}", events.lock().expect("events")),
    );
    add("Sim Debug", format!("{sim:?}"));
    add("journal Debug", format!("{:?}", sim.journal()));
    add(
        "journal JSON",
        serde_json::to_string(&sim.journal()).expect("journal JSON"),
    );

    // Errors around keys: on key operations directly, and a whole provision that fails.
    let plan_id = artifact.usage_plans[0].id.clone();
    let key_id = artifact.usage_plans[0].api_keys[0].id.clone();
    let errors = [
        sim.create_usage_plan_key(&plan_id, &key_id).await.map(drop),
        sim.delete_api_key("no-such-key").await,
        {
            sim.set_faults(Faults::flaky(0.0, 1.0));
            let failed = gateway.provision().await.map(drop);
            sim.restart();
            failed
        },
        {
            sim.set_faults(Faults::crash_after(1));
            let failed = gateway.destroy().await.map(drop);
            sim.restart();
            failed
        },
    ];
    for (i, result) in errors.iter().enumerate() {
        let error = result.as_ref().expect_err("each of these fails");
        places.extend(error_texts(&format!("error {i}"), error));
    }
    places.extend(logs.places());

    assert_no_leaks(&secrets, &places);
    // The checks looked at something: the value was inside what was printed, and logs flowed.
    let debug = format!("{:?}", keys[0]);
    assert!(debug.contains("redacted"), "{debug}");
    let ours = logs.ours.text();
    assert!(
        ours.contains("api_key") && ours.contains("partner-a"),
        "apigw's events about the keys were captured: {ours}"
    );
}

// --- Credentials and key values through the AWS SDK path ---------------------------------------

/// The fake credentials, in this process's environment, with nothing else for the SDK's
/// credential chain to find. Set once, before any test of this binary loads an AWS config.
fn fake_credentials_in_env() {
    static SET: OnceLock<()> = OnceLock::new();
    SET.get_or_init(|| {
        for var in [
            "AWS_PROFILE",
            "AWS_SESSION_TOKEN",
            "AWS_ENDPOINT_URL",
            "AWS_WEB_IDENTITY_TOKEN_FILE",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        ] {
            std::env::remove_var(var);
        }
        for (var, value) in fake_aws_env() {
            std::env::set_var(var, value);
        }
    });
}

fn fake_aws_env() -> [(&'static str, &'static str); 5] {
    [
        ("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID),
        ("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY),
        ("AWS_CONFIG_FILE", "/nonexistent/apigw-test-config"),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/apigw-test-credentials",
        ),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ]
}

/// What the stand-in answers.
struct Answer {
    status: u16,
    error_type: Option<&'static str>,
    body: String,
}

impl Answer {
    fn ok(status: u16, body: impl Into<String>) -> Self {
        Self {
            status,
            error_type: None,
            body: body.into(),
        }
    }

    /// What AWS answers to a request signed with an unknown access key.
    fn bad_credentials() -> Self {
        Self {
            status: 403,
            error_type: Some("UnrecognizedClientException"),
            body: r#"{"message":"The security token included in the request is invalid."}"#
                .to_owned(),
        }
    }
}

/// A stand-in for AWS on loopback: records every request head, answers from `route`
/// (`"GET /restapis?limit=500"` -> answer). Lives until the test process ends.
struct FakeAws {
    url: String,
    requests: Arc<Mutex<Vec<String>>>,
}

impl FakeAws {
    fn start(route: fn(&str) -> Answer) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let requests: Arc<Mutex<Vec<String>>> = Arc::default();
        let seen = Arc::clone(&requests);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let seen = Arc::clone(&seen);
                std::thread::spawn(move || serve(stream, &seen, route));
            }
        });
        Self { url, requests }
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().expect("requests").clone()
    }

    /// Whether some request was signed with the fake access key id.
    fn saw_the_fake_credentials(&self) -> bool {
        let credential = format!("credential={ACCESS_KEY_ID}/");
        self.requests().iter().any(|head| {
            head.to_ascii_lowercase()
                .contains(&credential.to_ascii_lowercase())
        })
    }
}

fn serve(mut stream: std::net::TcpStream, seen: &Mutex<Vec<String>>, route: fn(&str) -> Answer) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut data = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => data.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0);
    while data.len() < head_end + length {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => data.extend_from_slice(&chunk[..n]),
        }
    }
    let request_line = head.lines().next().unwrap_or_default().to_owned();
    seen.lock().expect("requests").push(head);
    let answer = route(
        request_line
            .rsplit_once(' ')
            .map_or(request_line.as_str(), |(l, _)| l),
    );
    let mut response = format!(
        "HTTP/1.1 {} Fake\r\nContent-Type: application/json\r\nx-amzn-RequestId: fake-request\r\n",
        answer.status
    );
    if let Some(kind) = answer.error_type {
        response.push_str(&format!("x-amzn-ErrorType: {kind}\r\n"));
    }
    response.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n{}",
        answer.body.len(),
        answer.body
    ));
    let _ = stream.write_all(response.as_bytes());
}

/// The values the stand-in answers CreateApiKey and GetApiKeys with.
const CREATED_KEY_VALUE: &str = "CreatedKeyValue0123456789abcdefghijklmn";
const FOUND_KEY_VALUE: &str = "FoundKeyValue0123456789abcdefghijklmnopq";

/// API Gateway for API keys; every other request is refused as AWS refuses unknown credentials.
fn api_keys_route(request: &str) -> Answer {
    let key = |value: &str| {
        format!(
            r#"{{"id":"k3y1d","name":"partner-a","enabled":true,"createdDate":1700000000,"tags":{{"apigw:owner":"apigw/orders"}},"value":"{value}"}}"#
        )
    };
    if request.starts_with("POST /apikeys") {
        Answer::ok(201, key(CREATED_KEY_VALUE))
    } else if request.starts_with("GET /apikeys") {
        Answer::ok(200, format!(r#"{{"item":[{}]}}"#, key(FOUND_KEY_VALUE)))
    } else {
        Answer::bad_credentials()
    }
}

/// A context on `endpoint` with the fake credentials and a short retry budget.
async fn context(endpoint: &str) -> AwsContext {
    fake_credentials_in_env();
    let retry = RetryPolicy::default()
        .with_max_attempts(2)
        .with_delays(Duration::from_millis(10), Duration::from_millis(50))
        .with_deadline(Duration::from_secs(10));
    AwsContext::builder()
        .region(REGION)
        .endpoint_url(endpoint)
        .runtime(RuntimeConfig {
            retry,
            attempt_timeout: Duration::from_secs(10),
            ..RuntimeConfig::default()
        })
        .load()
        .await
        .expect("the context loads")
}

#[tokio::test]
async fn the_sdk_path_keeps_credentials_and_key_values_out_of_debug_errors_and_logs() {
    let logs = Logs::capture();
    let aws = FakeAws::start(api_keys_route);
    let ctx = context(&aws.url).await;
    let mut places = vec![
        ("AwsContext Debug".to_owned(), format!("{ctx:#?}")),
        (
            "Backends Debug".to_owned(),
            format!("{:?}", Backends::aws(&ctx)),
        ),
        ("Caller Debug".to_owned(), format!("{:?}", ctx.caller())),
    ];

    // Key values come back from AWS; apigw keeps them only when asked, and never shows them.
    let sdk = SdkApiGateway::new(&ctx);
    let new = NewApiKey {
        name: "partner-a".to_owned(),
        description: None,
        enabled: true,
        tags: Default::default(),
    };
    let created = sdk.create_api_key(&new).await.expect("CreateApiKey");
    assert!(
        created.value.is_none(),
        "the create answer's value is dropped"
    );
    let found = sdk
        .find_api_keys("partner-a", true)
        .await
        .expect("GetApiKeys");
    assert_eq!(
        found
            .first()
            .and_then(|k| k.value.as_ref())
            .map(|v| v.expose()),
        Some(FOUND_KEY_VALUE),
        "values reach the caller who asks"
    );
    places.push(("created ApiKey Debug".to_owned(), format!("{created:#?}")));
    places.push(("found ApiKey Debug".to_owned(), format!("{found:#?}")));

    // A provision that fails: refused credentials, then a closed port.
    let spec = example("minimal.toml");
    let refused = Gateway::new(spec.clone(), Backends::aws(&ctx))
        .provision()
        .await
        .expect_err("the stand-in refuses the credentials");
    places.extend(error_texts("refused provision", &refused));
    let unreachable = context(UNREACHABLE).await;
    places.push((
        "unreachable AwsContext Debug".to_owned(),
        format!("{unreachable:?}"),
    ));
    let failed = Gateway::new(spec, Backends::aws(&unreachable))
        .provision()
        .await
        .expect_err("nothing listens on port 9");
    places.extend(error_texts("unreachable provision", &failed));

    // The checks are about something: the credentials signed the requests, errors say why.
    assert!(
        aws.saw_the_fake_credentials(),
        "requests were signed with the fake key: {:?}",
        aws.requests()
    );
    let refused_text = places
        .iter()
        .filter(|(p, _)| p.starts_with("refused provision"))
        .map(|(_, t)| t.as_str())
        .collect::<String>();
    assert!(refused_text.contains("security token"), "{refused_text}");
    let failed_chain = error_texts("", &failed)
        .into_iter()
        .map(|(_, t)| t)
        .collect::<String>();
    assert!(
        failed_chain.to_ascii_lowercase().contains("connect"),
        "{failed_chain}"
    );
    let ours = logs.ours.text();
    assert!(
        ours.contains("CreateApiKey") && ours.contains("GetRestApis"),
        "apigw's events were captured: {ours}"
    );

    let [all_logs, our_logs] = logs.places();
    let secret_places: Vec<(String, String)> =
        places.iter().cloned().chain([our_logs.clone()]).collect();
    assert_no_leaks(
        &[
            ACCESS_KEY_ID,
            SECRET_ACCESS_KEY,
            CREATED_KEY_VALUE,
            FOUND_KEY_VALUE,
        ],
        &secret_places,
    );
    // The secret key is redacted everywhere, even in the SDK's own trace events.
    assert_no_leaks(&[SECRET_ACCESS_KEY], &[all_logs]);
}

// --- The binary -----------------------------------------------------------------------------

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

/// A spec with API keys, written where the binary can read it.
fn spec_file() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("apigw-secrets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("orders.toml");
    std::fs::write(
        &path,
        r#"
name   = "orders"
region = "us-west-2"

[[usage_plans]]
name     = "partners"
api_keys = ["partner-a"]

[[paths]]
path    = "/orders"
methods = ["GET"]
api_key_required = true
integration = { type = "MOCK" }
"#,
    )
    .expect("write the spec");
    path
}

/// `apigw -vvv provision` with the fake credentials in its environment, against `endpoint`.
fn provision_vvv(endpoint: &str, timeout: Duration) -> (Option<i32>, String, String) {
    let mut cmd = assert_cmd::Command::new(apigw_binary());
    for var in [
        "AWS_PROFILE",
        "AWS_SESSION_TOKEN",
        "AWS_ENDPOINT_URL",
        "RUST_LOG",
    ] {
        cmd.env_remove(var);
    }
    for (var, value) in fake_aws_env() {
        cmd.env(var, value);
    }
    let output = cmd
        .env("NO_COLOR", "1")
        .arg("provision")
        .arg("--config")
        .arg(spec_file())
        .args(["--endpoint-url", endpoint, "--no-progress", "-vvv"])
        .timeout(timeout)
        .output()
        .expect("apigw runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A value in a response body: what CreateApiKey and GetApiKeys answers carry. The SDK logs
/// whole bodies at trace; `apigw -vvv` must not print them.
const BODY_SECRET: &str = "KeyValueInResponseBody0123456789abcdefgh";

/// No API named like the spec (with a secret in the body), then every write is refused.
fn refusing_route(request: &str) -> Answer {
    if request.starts_with("GET /restapis") {
        Answer::ok(200, format!(r#"{{"item":[],"value":"{BODY_SECRET}"}}"#))
    } else {
        Answer::bad_credentials()
    }
}

#[test]
fn the_cli_at_vvv_prints_no_credentials_and_no_response_bodies() {
    let aws = FakeAws::start(refusing_route);
    let (code, stdout, stderr) = provision_vvv(&aws.url, Duration::from_secs(120));
    assert_eq!(code, Some(3), "an AWS error after retries: {stderr}");
    assert!(
        aws.saw_the_fake_credentials(),
        "the binary signed with the fake key: {:?}",
        aws.requests()
    );
    assert!(
        stderr.contains("DEBUG") && stderr.contains("security token"),
        "logs and the error are on stderr: {stderr}"
    );
    assert_no_leaks(
        &[ACCESS_KEY_ID, SECRET_ACCESS_KEY, BODY_SECRET],
        &[("stdout".to_owned(), stdout), ("stderr".to_owned(), stderr)],
    );
}

#[test]
fn the_cli_at_vvv_against_an_unreachable_endpoint_prints_no_credentials() {
    // The default retry budget against a closed port is about a minute: ten seconds of attempts
    // (signed, refused, retried, all logged at trace) is enough to look at, then it is stopped.
    let (code, stdout, stderr) = provision_vvv(UNREACHABLE, Duration::from_secs(10));
    assert!(
        code.is_none() || code == Some(3),
        "stopped by the test or failed as an AWS error: {code:?}\n{stderr}"
    );
    assert!(
        stderr.contains("GetRestApis") && stderr.contains("127.0.0.1:9"),
        "the attempts are logged: {stderr}"
    );
    assert_no_leaks(
        &[ACCESS_KEY_ID, SECRET_ACCESS_KEY],
        &[("stdout".to_owned(), stdout), ("stderr".to_owned(), stderr)],
    );
}
