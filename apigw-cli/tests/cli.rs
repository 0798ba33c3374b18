//! The `apigw` binary as an operator runs it: exit codes, stdout/stderr discipline, and the
//! whole provision -> diagnose -> destroy story against moto (`emulator_cli`, run by
//! scripts/test).

use assert_cmd::Command;

fn apigw() -> Command {
    let mut cmd = Command::cargo_bin("apigw").expect("the apigw binary is built");
    cmd.env_remove("AWS_ENDPOINT_URL").env("NO_COLOR", "1");
    cmd
}

fn example(name: &str) -> String {
    format!("{}/../examples/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn invalid_spec_exits_2_naming_every_violation_and_the_file() {
    let dir = std::env::temp_dir().join(format!("apigw-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "name = \"x\"\nregion = \"nowhere\"\n[[paths]]\npath = \"/a/{proxy+}/b\"\nmethods = [\"FETCH\"]\nintegration = { type = \"MOCK\" }\n").expect("write");
    let output = apigw()
        .args(["provision", "--config"])
        .arg(&bad)
        .args(["--endpoint-url", "http://127.0.0.1:9"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty(), "nothing on stdout");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("bad.toml"), "{stderr}");
    for field in ["region", "paths[0].path", "paths[0].methods[0]"] {
        assert!(
            stderr.contains(&format!("{field}: ")),
            "{field} missing from {stderr}"
        );
    }
}

#[test]
fn usage_errors_exit_2_and_global_flags_go_anywhere() {
    let output = apigw().args(["provision"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2), "missing --config");
    let output = apigw()
        .args([
            "--no-progress",
            "plan",
            "--config",
            "/nonexistent.toml",
            "--region",
            "eu-west-1",
        ])
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(2),
        "unreadable spec is a spec error"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("/nonexistent.toml"));
}

#[test]
fn demo_runs_on_the_simulator_and_shows_a_failing_check() {
    let output = apigw()
        .args(["demo", "--no-progress"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "stderr: {stderr}");
    let artifact_end = stdout
        .find("\n}\n")
        .map(|i| i + 3)
        .expect("artifact JSON first");
    let artifact: serde_json::Value =
        serde_json::from_str(&stdout[..artifact_end]).expect("artifact JSON");
    for field in ["arn", "stage_arn", "root_resource_id"] {
        assert!(
            artifact[field].as_str().is_some_and(|v| !v.is_empty()),
            "{field}"
        );
    }
    assert!(
        stdout.contains("server-errors"),
        "the failing check is shown: {stdout}"
    );
    assert!(stdout.contains("FAIL"), "{stdout}");
}

mod emulator_cli {
    use super::{apigw, example};

    fn endpoint() -> Option<String> {
        match std::env::var("APIGW_EMULATOR_ENDPOINT") {
            Ok(url) => Some(url),
            Err(_) => {
                assert!(
                    std::env::var("APIGW_REQUIRE_EMULATOR").as_deref() != Ok("1"),
                    "APIGW_REQUIRE_EMULATOR=1 but no endpoint"
                );
                None
            }
        }
    }

    fn run(args: &[&str], endpoint: &str) -> std::process::Output {
        apigw()
            .args(args)
            .args(["--endpoint-url", endpoint, "--no-progress"])
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .output()
            .expect("runs")
    }

    /// examples/full.toml exactly as a user would run it: zone and topic first (they are
    /// pre-existing infrastructure), then provision, diagnose, destroy.
    #[test]
    fn provision_diagnose_destroy_full_example() {
        let Some(endpoint) = endpoint() else { return };
        let setup = std::process::Command::new(format!("{}/../.venv/bin/python", env!("CARGO_MANIFEST_DIR")))
            .args(["-c", &format!(
                "import boto3\nkw=dict(endpoint_url='{endpoint}',aws_access_key_id='t',aws_secret_access_key='t')\n\
                 boto3.client('route53',region_name='us-east-1',**kw).create_hosted_zone(Name='example.com',CallerReference='cli')\n\
                 boto3.client('sns',region_name='eu-west-1',**kw).create_topic(Name='ops-alerts')"
            )])
            .status()
            .expect("python from the emulator venv");
        assert!(setup.success());
        let full = example("full.toml");

        let out = run(&["provision", "--config", &full, "--json"], &endpoint);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let artifact: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("only the artifact JSON on stdout");
        for field in ["arn", "stage_arn", "root_resource_id"] {
            assert!(
                artifact[field].as_str().is_some_and(|v| !v.is_empty()),
                "{field}"
            );
        }

        let out = run(&["diagnose", "--config", &full, "--json"], &endpoint);
        let report: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("only the report JSON on stdout");
        let failing: Vec<_> = report["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .filter(|c| c["status"] == "fail" || c["status"] == "error")
            .collect();
        assert_eq!(out.status.code(), Some(0), "healthy API: {failing:#?}");
        for key in ["api_name", "api_id", "stage", "window", "checks"] {
            assert!(report.get(key).is_some(), "Report.{key}");
        }

        // Break it: a deleted alarm makes the `alarms` check fail, and diagnose exit 1.
        let broke = std::process::Command::new(format!("{}/../.venv/bin/python", env!("CARGO_MANIFEST_DIR")))
            .args(["-c", &format!(
                "import boto3\nboto3.client('cloudwatch',region_name='eu-west-1',endpoint_url='{endpoint}',aws_access_key_id='t',aws_secret_access_key='t').delete_alarms(AlarmNames=['orders-live-5XXError'])"
            )])
            .status()
            .expect("python");
        assert!(broke.success());
        let out = run(&["diagnose", "--config", &full], &endpoint);
        assert_eq!(out.status.code(), Some(1), "a failing check exits 1");
        let table = String::from_utf8_lossy(&out.stdout);
        assert!(
            table.contains("alarms") && table.contains("orders-live-5XXError"),
            "{table}"
        );

        let out = run(&["destroy", "--config", &full, "--yes"], &endpoint);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = run(&["plan", "--config", &full, "--json"], &endpoint);
        let plan: serde_json::Value = serde_json::from_slice(&out.stdout).expect("plan JSON");
        let creates = plan["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .filter(|c| c["action"] == "create")
            .count();
        assert!(
            creates > 50,
            "after destroy everything is to be created again ({creates})"
        );
    }
}
