//! What the spec asks API Gateway to hold, in the concern crate's model: one entry per
//! path x method, with its integration. Also the content hash stored in the deployment
//! description, so a redeploy happens only when the definition changed.

use std::collections::BTreeMap;

use apigw_core::restapi::{Authorization as LiveAuth, Integration, IntegrationType, MethodSpec};
use sha2::{Digest, Sha256};

use crate::spec::{Authorization, GatewaySpec, IntegrationKind, PathSpec};

/// Stand-in for the role ARN in plan mode, before the role exists.
pub(crate) const ROLE_PLACEHOLDER: &str = "(execution role ARN)";

/// One method as the spec wants it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DesiredMethod {
    /// Normalised resource path, `/users/{id}`.
    pub path: String,
    pub method: MethodSpec,
    pub integration: Integration,
}

impl DesiredMethod {
    pub(crate) fn label(&self) -> String {
        format!("{} {}", self.method.http_method, self.path)
    }

    /// Non-proxy integrations need a method response and an integration response to answer.
    pub(crate) fn needs_responses(&self) -> bool {
        matches!(
            self.integration.integration_type,
            IntegrationType::Http | IntegrationType::Aws | IntegrationType::Mock
        )
    }
}

/// `/users/{id}/` -> `/users/{id}`.
pub(crate) fn normalise(path: &str) -> String {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    format!("/{}", parts.join("/"))
}

/// Every method of `paths`, in spec order.
pub(crate) fn methods(paths: &[PathSpec], role_arn: Option<&str>) -> Vec<DesiredMethod> {
    paths
        .iter()
        .flat_map(|spec| spec.methods.iter().map(move |m| desired(spec, m, role_arn)))
        .collect()
}

fn desired(spec: &PathSpec, http_method: &str, role_arn: Option<&str>) -> DesiredMethod {
    let path = normalise(&spec.path);
    let variables = path_variables(&path);
    let mut method = MethodSpec::new(
        http_method,
        match spec.authorization {
            Authorization::AwsIam => LiveAuth::AwsIam,
            _ => LiveAuth::None,
        },
    );
    method.api_key_required = spec.api_key_required;
    method.request_parameters = variables
        .iter()
        .map(|v| (format!("method.request.path.{v}"), true))
        .collect();
    DesiredMethod {
        path,
        method,
        integration: integration(spec, http_method, &variables, role_arn),
    }
}

fn integration(
    spec: &PathSpec,
    http_method: &str,
    variables: &[String],
    role_arn: Option<&str>,
) -> Integration {
    let source = &spec.integration;
    let uri = source.uri.clone().unwrap_or_default();
    let backend_method = || {
        source
            .http_method
            .clone()
            .unwrap_or_else(|| http_method.to_owned())
    };
    let mut integration = match source.kind {
        IntegrationKind::Mock => Integration::mock(),
        IntegrationKind::AwsProxy => Integration::lambda_proxy(uri),
        IntegrationKind::Aws => Integration {
            http_method: Some(
                source
                    .http_method
                    .clone()
                    .unwrap_or_else(|| "POST".to_owned()),
            ),
            uri: Some(uri),
            ..Integration::new(IntegrationType::Aws)
        },
        IntegrationKind::HttpProxy | IntegrationKind::Http => {
            let kind = if source.kind == IntegrationKind::Http {
                IntegrationType::Http
            } else {
                IntegrationType::HttpProxy
            };
            let mut http = Integration {
                http_method: Some(backend_method()),
                uri: Some(uri.clone()),
                ..Integration::new(kind)
            };
            http.request_parameters = variables
                .iter()
                .filter(|v| uri.contains(&format!("{{{v}}}")))
                .map(|v| {
                    (
                        format!("integration.request.path.{v}"),
                        format!("method.request.path.{v}"),
                    )
                })
                .collect();
            http
        }
    };
    integration.timeout_in_millis = Some(source.timeout_ms);
    if source.credentials.is_some() {
        let arn = match source.credentials.as_deref() {
            Some("execution_role") | None => role_arn.unwrap_or(ROLE_PLACEHOLDER).to_owned(),
            Some(explicit) => explicit.to_owned(),
        };
        integration.credentials = Some(arn);
    }
    integration
}

/// Variable names along a path: `/a/{id}/b/{proxy+}` -> `["id", "proxy"]`.
fn path_variables(path: &str) -> Vec<String> {
    path.split('/')
        .filter_map(|p| {
            p.strip_prefix('{')?
                .strip_suffix('}')
                .map(|v| v.trim_end_matches('+').to_owned())
        })
        .collect()
}

/// Hash of everything a deployment snapshots: methods, integrations, gateway responses.
pub(crate) fn definition_hash(spec: &GatewaySpec, methods: &[DesiredMethod]) -> String {
    let mut hasher = Sha256::new();
    for m in methods {
        hasher.update(format!("{:?}|{:?}\n", m.method, comparable(&m.integration)));
    }
    let responses: BTreeMap<&str, String> = spec
        .gateway_responses
        .iter()
        .map(|r| {
            (
                r.kind.as_str(),
                format!("{:?}", (r.status_code, &r.template)),
            )
        })
        .collect();
    hasher.update(format!("{responses:?}"));
    let digest = hasher.finalize();
    digest.iter().take(12).map(|b| format!("{b:02x}")).collect()
}

/// The fields of an integration apigw sets, with AWS defaults filled in, for comparison.
pub(crate) fn comparable(integration: &Integration) -> Vec<(&'static str, String)> {
    let join = |m: &BTreeMap<String, String>| {
        m.iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    vec![
        ("type", integration.integration_type.as_str().to_owned()),
        (
            "http_method",
            integration.http_method.clone().unwrap_or_default(),
        ),
        ("uri", integration.uri.clone().unwrap_or_default()),
        (
            "credentials",
            integration.credentials.clone().unwrap_or_default(),
        ),
        (
            "timeout_ms",
            integration.timeout_in_millis.unwrap_or(29_000).to_string(),
        ),
        ("request_templates", join(&integration.request_templates)),
        ("request_parameters", join(&integration.request_parameters)),
    ]
}
