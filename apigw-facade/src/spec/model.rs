//! The spec a user writes (DESIGN §3), as serde types. Unknown keys are errors everywhere.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One REST API with everything around it: the input of `Gateway::plan` / `provision`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GatewaySpec {
    /// REST API name (not unique in AWS: apigw tags what it creates to find it again).
    pub name: String,
    /// REST API description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Primary region; default from the AWS configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Endpoint type.
    #[serde(default)]
    pub endpoint: Endpoint,
    /// Stage name.
    #[serde(default = "default_stage")]
    pub stage: String,
    /// Tags put on everything apigw creates (beside its own ownership tags).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// Custom domain; omitted means no ACM and no Route 53.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<DomainSpec>,
    /// CloudWatch alarms on an SNS topic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitoring: Option<MonitoringSpec>,
    /// Stage-wide `*/*` throttling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throttling: Option<Throttling>,
    /// Usage plans with their API keys.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub usage_plans: Vec<UsagePlanSpec>,
    /// The IAM role API Gateway assumes for integrations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_role: Option<RoleSpec>,
    /// Paths with their methods and integrations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<PathSpec>,
    /// Customised gateway responses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gateway_responses: Vec<GatewayResponseSpec>,
}

pub(crate) fn default_stage() -> String {
    "live".to_owned()
}

/// API Gateway endpoint type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Endpoint {
    /// Served from the API's region.
    #[default]
    Regional,
    /// Served through CloudFront; its certificate must live in us-east-1.
    Edge,
}

impl Endpoint {
    /// The AWS spelling (`REGIONAL` / `EDGE`).
    pub fn as_aws(self) -> &'static str {
        match self {
            Self::Regional => "REGIONAL",
            Self::Edge => "EDGE",
        }
    }
}

/// `[domain]`: custom domain, certificate and DNS.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DomainSpec {
    /// Public hosted zone, by name (`example.com`) or id (`Z…`).
    pub hosted_zone: String,
    /// Label(s) under the zone: `api` gives `api.example.com`; `""` is the apex.
    #[serde(default)]
    pub sub_domain: String,
    /// Bring your own certificate; otherwise a DNS-validated one is requested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_arn: Option<String>,
    /// Manage the alias A/AAAA and validation CNAME records in Route 53.
    #[serde(default = "yes")]
    pub manage_dns: bool,
    /// Base path of the mapping; `""` maps the root.
    #[serde(default)]
    pub base_path: String,
    /// TLS policy of the custom domain.
    #[serde(default)]
    pub security_policy: SecurityPolicy,
}

fn yes() -> bool {
    true
}

/// TLS security policy of a custom domain.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum SecurityPolicy {
    /// TLS 1.0 and later (legacy clients).
    #[serde(rename = "TLS_1_0")]
    Tls10,
    /// TLS 1.2 and later.
    #[default]
    #[serde(rename = "TLS_1_2")]
    Tls12,
}

impl SecurityPolicy {
    /// The AWS spelling.
    pub fn as_aws(self) -> &'static str {
        match self {
            Self::Tls10 => "TLS_1_0",
            Self::Tls12 => "TLS_1_2",
        }
    }
}

/// `[monitoring]`: the three rate/latency alarms and their topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonitoringSpec {
    /// How thresholds are chosen.
    #[serde(default)]
    pub mode: MonitoringMode,
    /// Existing SNS topic (name or ARN) for alarm and OK actions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sns_topic: Option<String>,
    /// 4XX rate alarm (custom mode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_errors: Option<RateAlarm>,
    /// 5XX rate alarm (custom mode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_errors: Option<RateAlarm>,
    /// Average latency alarm (custom mode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency: Option<LatencyAlarm>,
}

/// How alarm thresholds are chosen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum MonitoringMode {
    /// The defaults of DESIGN §3.
    #[default]
    Automated,
    /// The thresholds given in the spec (defaults for sections left out).
    Custom,
    /// No alarms.
    Disabled,
}

/// An error-rate alarm: `100 * errors / requests` against a percent threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateAlarm {
    /// Percent of requests, 0 < x <= 100.
    pub threshold_percent: f64,
    /// Period in seconds: 10, 30 or a multiple of 60.
    #[serde(default = "default_period")]
    pub period_seconds: u32,
    /// Periods that must breach.
    #[serde(default = "one")]
    pub evaluation_periods: u32,
}

/// An average-latency alarm.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LatencyAlarm {
    /// Average latency in milliseconds.
    pub threshold_ms: f64,
    /// Period in seconds: 10, 30 or a multiple of 60.
    #[serde(default = "default_period")]
    pub period_seconds: u32,
    /// Periods that must breach.
    #[serde(default = "one")]
    pub evaluation_periods: u32,
}

pub(crate) fn default_period() -> u32 {
    300
}

fn one() -> u32 {
    1
}

impl MonitoringSpec {
    /// The 4XX alarm in force (the spec's in custom mode, else the default: 5 %).
    pub fn client_errors(&self) -> RateAlarm {
        self.pick(
            self.client_errors,
            RateAlarm {
                threshold_percent: 5.0,
                period_seconds: default_period(),
                evaluation_periods: 1,
            },
        )
    }

    /// The 5XX alarm in force (default: 1 %).
    pub fn server_errors(&self) -> RateAlarm {
        self.pick(
            self.server_errors,
            RateAlarm {
                threshold_percent: 1.0,
                period_seconds: default_period(),
                evaluation_periods: 1,
            },
        )
    }

    /// The latency alarm in force (default: 1000 ms average).
    pub fn latency(&self) -> LatencyAlarm {
        let default = LatencyAlarm {
            threshold_ms: 1000.0,
            period_seconds: default_period(),
            evaluation_periods: 1,
        };
        self.pick(self.latency, default)
    }

    fn pick<T>(&self, custom: Option<T>, default: T) -> T {
        match (self.mode, custom) {
            (MonitoringMode::Custom, Some(custom)) => custom,
            _ => default,
        }
    }
}

/// Stage-wide or usage-plan throttling.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Throttling {
    /// Steady-state requests per second.
    pub rate_limit: f64,
    /// Burst capacity.
    pub burst_limit: u32,
}

/// `[[usage_plans]]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsagePlanSpec {
    /// Usage plan name (unique within the spec).
    pub name: String,
    /// Requests per second per key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<f64>,
    /// Burst per key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub burst_limit: Option<u32>,
    /// Request quota per period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota: Option<QuotaSpec>,
    /// Names of the API keys apigw creates (values are generated by AWS, never printed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub api_keys: Vec<String>,
}

/// A usage plan quota.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuotaSpec {
    /// Requests allowed per period.
    pub limit: u32,
    /// The quota period.
    pub period: QuotaPeriod,
}

/// A usage plan quota period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[non_exhaustive]
pub enum QuotaPeriod {
    /// Per day.
    Day,
    /// Per week.
    Week,
    /// Per month.
    Month,
}

/// `[execution_role]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleSpec {
    /// IAM role name.
    pub name: String,
    /// Managed policy ARNs to attach.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub managed_policies: Vec<String>,
}

/// `[[paths]]`: one path with the same settings for each of its methods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathSpec {
    /// `/users/{id}`; parents are created as needed; `{proxy+}` only last.
    pub path: String,
    /// HTTP methods, or `["ANY"]`.
    pub methods: Vec<String>,
    /// Method authorization.
    #[serde(default)]
    pub authorization: Authorization,
    /// Whether callers must send an API key.
    #[serde(default)]
    pub api_key_required: bool,
    /// The backend.
    pub integration: IntegrationSpec,
}

/// Method authorization.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum Authorization {
    /// Open.
    #[default]
    None,
    /// SigV4-signed callers with IAM permission.
    AwsIam,
}

impl Authorization {
    /// The AWS spelling.
    pub fn as_aws(self) -> &'static str {
        match self {
            Self::None => "NONE",
            Self::AwsIam => "AWS_IAM",
        }
    }
}

/// A method's integration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntegrationSpec {
    /// Integration type.
    #[serde(rename = "type")]
    pub kind: IntegrationKind,
    /// Backend URI (HTTP URL, or an `arn:aws:apigateway:…` URI); none for MOCK.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Integration HTTP method; default: the method's own (POST for AWS integrations).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_method: Option<String>,
    /// Timeout, 50..=29000 ms.
    #[serde(default = "default_timeout")]
    pub timeout_ms: u32,
    /// `"execution_role"` to call the backend as the spec's execution role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<String>,
}

pub(crate) fn default_timeout() -> u32 {
    29_000
}

/// Integration type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum IntegrationKind {
    /// HTTP backend, request and response passed through.
    HttpProxy,
    /// HTTP backend with mapping templates.
    Http,
    /// Lambda proxy integration.
    AwsProxy,
    /// AWS service integration.
    Aws,
    /// Answered by API Gateway itself.
    Mock,
}

impl IntegrationKind {
    /// The AWS spelling.
    pub fn as_aws(self) -> &'static str {
        match self {
            Self::HttpProxy => "HTTP_PROXY",
            Self::Http => "HTTP",
            Self::AwsProxy => "AWS_PROXY",
            Self::Aws => "AWS",
            Self::Mock => "MOCK",
        }
    }
}

/// `[[gateway_responses]]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GatewayResponseSpec {
    /// Gateway response type, e.g. `DEFAULT_4XX`.
    #[serde(rename = "type")]
    pub kind: String,
    /// HTTP status code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_code: Option<u16>,
    /// `application/json` response template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
}

/// `rest-path` spec: paths attached to an API owned elsewhere.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RestPathSpec {
    /// The existing API's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_id: Option<String>,
    /// The existing API's name (must match exactly one API).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_name: Option<String>,
    /// Region of the API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Stage to redeploy.
    #[serde(default = "default_stage")]
    pub stage: String,
    /// Paths to add.
    pub paths: Vec<PathSpec>,
}
