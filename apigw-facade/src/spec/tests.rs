//! Spec parsing and validation: the examples parse; bad specs report every violation by field.

use super::*;

fn example(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples")
        .join(name)
}

fn fields(err: &SpecError) -> Vec<&str> {
    err.violations.iter().map(|v| v.field.as_str()).collect()
}

#[test]
fn the_examples_parse_and_validate() {
    let full = GatewaySpec::from_file(example("full.toml")).expect("full.toml");
    assert_eq!(full.endpoint, Endpoint::Edge);
    assert!(full.paths.len() >= 20);
    assert!(full
        .resource_paths()
        .iter()
        .any(|p| p.matches('/').count() >= 3));
    let kinds: std::collections::BTreeSet<_> =
        full.paths.iter().map(|p| p.integration.kind).collect();
    assert!(
        kinds.contains(&IntegrationKind::HttpProxy)
            && kinds.contains(&IntegrationKind::AwsProxy)
            && kinds.contains(&IntegrationKind::Mock)
    );
    assert_eq!(
        full.monitoring
            .as_ref()
            .map(|m| m.server_errors().evaluation_periods),
        Some(3)
    );

    let minimal = GatewaySpec::from_file(example("minimal.toml")).expect("minimal.toml");
    assert_eq!(minimal.stage, "live");
    assert_eq!(minimal.resource_paths(), ["/pets", "/pets/{petId}"]);

    let attach = RestPathSpec::from_file(example("rest-path.toml")).expect("rest-path.toml");
    assert_eq!(attach.api_name.as_deref(), Some("orders"));
}

#[test]
fn json_and_toml_give_the_same_spec() {
    let toml_spec = GatewaySpec::from_file(example("full.toml")).expect("full.toml");
    let json = serde_json::to_string(&toml_spec).expect("serialises");
    assert_eq!(GatewaySpec::from_json_str(&json).expect("json"), toml_spec);
}

#[test]
fn every_violation_is_reported_with_its_field_path() {
    let err = GatewaySpec::from_toml_str(
        r#"
        name = "orders"
        region = "mars-1"
        endpoint = "edge"
        stage = "live!"
        [domain]
        hosted_zone = "Example..com"
        sub_domain = "API"
        certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
        [monitoring]
        mode = "custom"
        [monitoring.server_errors]
        threshold_percent = -1.0
        period_seconds = 45
        [[paths]]
        path = "/a/{proxy+}/b"
        methods = ["GET", "GET"]
        integration = { type = "HTTP_PROXY", uri = "ftp://x" }
        [[paths]]
        path = "/a/{proxy+}/b"
        methods = ["GET"]
        integration = { type = "MOCK", uri = "https://x.example.com", timeout_ms = 40000, credentials = "execution_role" }
        "#,
    )
    .expect_err("invalid");
    let got = fields(&err);
    for want in [
        "region",
        "stage",
        "domain.hosted_zone",
        "domain.sub_domain",
        "domain.certificate_arn",
        "monitoring.sns_topic",
        "monitoring.server_errors.threshold_percent",
        "monitoring.server_errors.period_seconds",
        "paths[0].path",
        "paths[0].methods[1]",
        "paths[1].integration.uri",
        "paths[1].integration.timeout_ms",
        "paths[1].integration.credentials",
    ] {
        assert!(got.contains(&want), "missing {want} in {got:?}");
    }
    let text = err.to_string();
    assert!(
        text.contains("EDGE endpoint needs a certificate in us-east-1"),
        "{text}"
    );
}

#[test]
fn structural_errors_name_the_field() {
    let err =
        GatewaySpec::from_toml_str("name = \"x\"\ncolour = \"blue\"\n").expect_err("unknown key");
    assert_eq!(fields(&err), ["colour"]);
    assert!(err.to_string().contains("unknown field `colour`"), "{err}");

    let err = GatewaySpec::from_toml_str(
        "name = \"x\"\n[[paths]]\npath = \"/a\"\nmethods = [\"GET\"]\nintegration = { type = \"SOAP\" }\n",
    )
    .expect_err("bad enum");
    assert_eq!(fields(&err), ["paths[0].integration.type"]);

    let err = GatewaySpec::from_toml_str("name = ").expect_err("malformed");
    assert_eq!(fields(&err), ["(toml)"]);
}

#[test]
fn duplicate_paths_sibling_variables_and_resource_quota() {
    let err = GatewaySpec::builder("x")
        .path("/users/{id}", ["GET"], IntegrationSpec::mock())
        .path("/users/{userId}/orders", ["GET"], IntegrationSpec::mock())
        .path("/users/{id}/", ["POST"], IntegrationSpec::mock())
        .build()
        .expect_err("invalid");
    let text = err.to_string();
    assert!(text.contains("sibling variables"), "{text}");
    assert!(text.contains("already defined by paths[0]"), "{text}");

    let mut builder = GatewaySpec::builder("big");
    for i in 0..300 {
        builder = builder.path(format!("/r{i}"), ["GET"], IntegrationSpec::mock());
    }
    let err = builder.build().expect_err("301 resources");
    assert!(err.to_string().contains("301 resources"), "{err}");
}

#[test]
fn uri_placeholders_must_be_path_variables() {
    let err = GatewaySpec::builder("x")
        .path(
            "/users/{id}",
            ["GET"],
            IntegrationSpec::http_proxy("https://b.example.com/users/{userId}"),
        )
        .build()
        .expect_err("unknown placeholder");
    assert!(
        err.to_string()
            .contains("'{userId}' is not a variable of the path"),
        "{err}"
    );
    GatewaySpec::builder("x")
        .path(
            "/files/{proxy+}",
            ["ANY"],
            IntegrationSpec::http_proxy("https://b.example.com/{proxy}"),
        )
        .build()
        .expect("greedy variable maps to {proxy}");
}

#[test]
fn monitoring_defaults_apply_unless_custom() {
    let spec = GatewaySpec::from_toml_str("name = \"x\"\n[monitoring]\nsns_topic = \"ops\"\n")
        .expect("valid");
    let monitoring = spec.monitoring.expect("monitoring");
    assert_eq!(monitoring.client_errors().threshold_percent, 5.0);
    assert_eq!(monitoring.server_errors().threshold_percent, 1.0);
    assert_eq!(monitoring.latency().threshold_ms, 1000.0);
    let err = GatewaySpec::from_toml_str(
        "name = \"x\"\n[monitoring]\nsns_topic = \"ops\"\n[monitoring.latency]\nthreshold_ms = 5\n",
    )
    .expect_err("thresholds without custom mode");
    assert_eq!(fields(&err), ["monitoring.mode"]);
}
