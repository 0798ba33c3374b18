//! API Gateway (REST, v1) domain types: the API, its resource tree, methods and integrations,
//! deployments and stages, usage plans and API keys, custom domain names and base path mappings.
//!
//! Plain data with serde, no SDK types. Enums that map AWS strings have `as_str()` (the exact
//! AWS spelling) and `FromStr`; the ones a spec configures are `#[non_exhaustive]`. Ids are
//! `String`s, timestamps `SystemTime`, maps `BTreeMap` (stable order for plans and diffs).
//!
//! Types named `New*` (and [`MethodSpec`]) are what a create/put takes; the others are what AWS
//! answers. [`Integration`], [`MethodResponse`], [`IntegrationResponse`], [`GatewayResponse`]
//! and [`BasePathMapping`] serve both ways, so a desired definition compares directly with the
//! live one.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

/// Tags as key → value.
pub type Tags = BTreeMap<String, String>;

/// The method-settings key of stage-wide settings (every resource, every method).
pub const ALL_METHODS: &str = "*/*";

/// The largest page API Gateway serves (`limit` on every `Get*s` call).
pub const MAX_PAGE_SIZE: i32 = 500;

/// A string that names no variant of a model enum.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{value}' is not a valid {what} (expected one of: {})",
    .expected.trim_end_matches([',', ' '])
)]
pub struct UnknownVariant {
    /// What was being parsed ("endpoint type", …).
    pub what: &'static str,
    /// The string given.
    pub value: String,
    /// The accepted spellings, comma separated.
    pub expected: &'static str,
}

/// Declares a string-mapped enum with `as_str`, `Display`, `FromStr` and serde in the AWS
/// spelling.
macro_rules! aws_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal { $( $(#[$vmeta:meta])* $variant:ident => $text:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant, )+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The AWS spelling.
            pub const fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $text, )+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownVariant;

            /// Parses the AWS spelling, ignoring ASCII case.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $( if s.eq_ignore_ascii_case($text) { return Ok($name::$variant); } )+
                Err(UnknownVariant {
                    what: $what,
                    value: s.to_owned(),
                    expected: concat!($($text, ", "),+),
                })
            }
        }
    };
}

aws_enum! {
    /// Where an API (or a custom domain name) is served from.
    #[non_exhaustive]
    EndpointType, "endpoint type" {
        /// In the API's region (`REGIONAL`).
        Regional => "REGIONAL",
        /// Through CloudFront (`EDGE`): certificates must live in us-east-1.
        Edge => "EDGE",
        /// Only from VPC endpoints (`PRIVATE`).
        Private => "PRIVATE",
    }
}

aws_enum! {
    /// How a method authorizes callers (`authorizationType`).
    #[non_exhaustive]
    Authorization, "authorization type" {
        /// Open to anyone (`NONE`).
        None => "NONE",
        /// SigV4-signed callers allowed by IAM (`AWS_IAM`).
        AwsIam => "AWS_IAM",
        /// A Lambda authorizer (`CUSTOM`).
        Custom => "CUSTOM",
        /// A Cognito user pool authorizer (`COGNITO_USER_POOLS`).
        CognitoUserPools => "COGNITO_USER_POOLS",
    }
}

aws_enum! {
    /// What an integration calls.
    #[non_exhaustive]
    IntegrationType, "integration type" {
        /// An HTTP backend, request and response passed through (`HTTP_PROXY`).
        HttpProxy => "HTTP_PROXY",
        /// An HTTP backend with mapping templates (`HTTP`).
        Http => "HTTP",
        /// A Lambda proxy integration (`AWS_PROXY`).
        AwsProxy => "AWS_PROXY",
        /// An AWS service action with mapping templates (`AWS`).
        Aws => "AWS",
        /// Answered by API Gateway itself (`MOCK`).
        Mock => "MOCK",
    }
}

impl IntegrationType {
    /// Whether API Gateway passes requests and responses through (`*_PROXY`). Non-proxy types
    /// need a method response and an integration response before they answer.
    pub const fn is_proxy(self) -> bool {
        matches!(self, Self::HttpProxy | Self::AwsProxy)
    }

    /// Whether the type calls out over the network and so takes an integration HTTP method and
    /// a URI (everything but `MOCK`).
    pub const fn has_backend(self) -> bool {
        !matches!(self, Self::Mock)
    }
}

aws_enum! {
    /// What a non-proxy integration does with a request whose content type has no template.
    #[non_exhaustive]
    PassthroughBehavior, "passthrough behavior" {
        /// Pass the body through when no template matches (`WHEN_NO_MATCH`, the default).
        WhenNoMatch => "WHEN_NO_MATCH",
        /// Pass through only when no template at all is defined (`WHEN_NO_TEMPLATES`).
        WhenNoTemplates => "WHEN_NO_TEMPLATES",
        /// Reject unmapped content types with 415 (`NEVER`).
        Never => "NEVER",
    }
}

aws_enum! {
    /// The period a usage plan quota counts over.
    #[non_exhaustive]
    QuotaPeriod, "quota period" {
        /// Per day (`DAY`).
        Day => "DAY",
        /// Per week (`WEEK`).
        Week => "WEEK",
        /// Per month (`MONTH`).
        Month => "MONTH",
    }
}

aws_enum! {
    /// CloudWatch execution logging of a stage.
    #[non_exhaustive]
    LoggingLevel, "logging level" {
        /// No execution logs (`OFF`).
        Off => "OFF",
        /// Errors only (`ERROR`).
        Error => "ERROR",
        /// Errors and informational events (`INFO`).
        Info => "INFO",
    }
}

aws_enum! {
    /// The TLS policy of a custom domain name.
    #[non_exhaustive]
    SecurityPolicy, "security policy" {
        /// TLS 1.0 and later (`TLS_1_0`).
        Tls10 => "TLS_1_0",
        /// TLS 1.2 and later (`TLS_1_2`).
        Tls12 => "TLS_1_2",
    }
}

aws_enum! {
    /// The state of a custom domain name.
    #[non_exhaustive]
    DomainNameStatus, "domain name status" {
        /// Serving (`AVAILABLE`).
        Available => "AVAILABLE",
        /// Being created (`PENDING`).
        Pending => "PENDING",
        /// Being updated (`UPDATING`).
        Updating => "UPDATING",
        /// Failed (`FAILED`); see the status message.
        Failed => "FAILED",
        /// Waiting for a reimported certificate (`PENDING_CERTIFICATE_REIMPORT`).
        PendingCertificateReimport => "PENDING_CERTIFICATE_REIMPORT",
        /// Waiting for ownership verification (`PENDING_OWNERSHIP_VERIFICATION`).
        PendingOwnershipVerification => "PENDING_OWNERSHIP_VERIFICATION",
    }
}

aws_enum! {
    /// Which gateway response (the answer API Gateway gives itself, before any integration).
    #[non_exhaustive]
    GatewayResponseType, "gateway response type" {
        /// Every 4XX without a more specific response (`DEFAULT_4XX`).
        Default4xx => "DEFAULT_4XX",
        /// Every 5XX without a more specific response (`DEFAULT_5XX`).
        Default5xx => "DEFAULT_5XX",
        /// `ACCESS_DENIED` (403).
        AccessDenied => "ACCESS_DENIED",
        /// `API_CONFIGURATION_ERROR` (500).
        ApiConfigurationError => "API_CONFIGURATION_ERROR",
        /// `AUTHORIZER_CONFIGURATION_ERROR` (500).
        AuthorizerConfigurationError => "AUTHORIZER_CONFIGURATION_ERROR",
        /// `AUTHORIZER_FAILURE` (500).
        AuthorizerFailure => "AUTHORIZER_FAILURE",
        /// `BAD_REQUEST_BODY` (400).
        BadRequestBody => "BAD_REQUEST_BODY",
        /// `BAD_REQUEST_PARAMETERS` (400).
        BadRequestParameters => "BAD_REQUEST_PARAMETERS",
        /// `EXPIRED_TOKEN` (403).
        ExpiredToken => "EXPIRED_TOKEN",
        /// `INTEGRATION_FAILURE` (504).
        IntegrationFailure => "INTEGRATION_FAILURE",
        /// `INTEGRATION_TIMEOUT` (504).
        IntegrationTimeout => "INTEGRATION_TIMEOUT",
        /// `INVALID_API_KEY` (403).
        InvalidApiKey => "INVALID_API_KEY",
        /// `INVALID_SIGNATURE` (403).
        InvalidSignature => "INVALID_SIGNATURE",
        /// `MISSING_AUTHENTICATION_TOKEN` (403): also what an unknown path answers.
        MissingAuthenticationToken => "MISSING_AUTHENTICATION_TOKEN",
        /// `QUOTA_EXCEEDED` (429).
        QuotaExceeded => "QUOTA_EXCEEDED",
        /// `REQUEST_TOO_LARGE` (413).
        RequestTooLarge => "REQUEST_TOO_LARGE",
        /// `RESOURCE_NOT_FOUND` (404).
        ResourceNotFound => "RESOURCE_NOT_FOUND",
        /// `THROTTLED` (429).
        Throttled => "THROTTLED",
        /// `UNAUTHORIZED` (401).
        Unauthorized => "UNAUTHORIZED",
        /// `UNSUPPORTED_MEDIA_TYPE` (415).
        UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
        /// `WAF_FILTERED` (403).
        WafFiltered => "WAF_FILTERED",
    }
}

// ---------------------------------------------------------------------------------------------
// REST API

/// A REST API as `GetRestApi(s)` / `CreateRestApi` describe it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RestApi {
    /// The API id (`a1b2c3d4e5`).
    pub id: String,
    /// The name (not unique in AWS).
    pub name: String,
    /// The description, when one is set.
    pub description: Option<String>,
    /// When the API was created.
    pub created_date: Option<SystemTime>,
    /// The endpoint types (one in practice).
    pub endpoint_types: Vec<EndpointType>,
    /// The id of the `/` resource.
    pub root_resource_id: Option<String>,
    /// Tags (they come inline in `GetRestApis` items).
    pub tags: Tags,
    /// The resource policy document, JSON-unescaped (AWS answers it escaped).
    pub policy: Option<String>,
    /// Whether the default `execute-api` endpoint is turned off.
    pub disable_execute_api_endpoint: bool,
}

impl RestApi {
    /// The first (in practice the only) endpoint type.
    pub fn endpoint_type(&self) -> Option<EndpointType> {
        self.endpoint_types.first().copied()
    }

    /// Whether every tag in `wanted` is on this API with the same value (ownership check).
    pub fn has_tags(&self, wanted: &Tags) -> bool {
        wanted.iter().all(|(k, v)| self.tags.get(k) == Some(v))
    }

    /// `arn:aws:apigateway:{region}::/restapis/{id}`.
    pub fn arn(&self, region: &str) -> String {
        rest_api_arn(region, &self.id)
    }
}

/// `arn:aws:apigateway:{region}::/restapis/{api_id}`.
pub fn rest_api_arn(region: &str, api_id: &str) -> String {
    format!("arn:aws:apigateway:{region}::/restapis/{api_id}")
}

/// `arn:aws:apigateway:{region}::/restapis/{api_id}/stages/{stage}`: what `TagResource` takes
/// for a stage.
pub fn stage_arn(region: &str, api_id: &str, stage: &str) -> String {
    format!("arn:aws:apigateway:{region}::/restapis/{api_id}/stages/{stage}")
}

/// What `create_rest_api` creates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRestApi {
    /// The name.
    pub name: String,
    /// The description.
    pub description: Option<String>,
    /// Where the API is served from.
    pub endpoint_type: EndpointType,
    /// Tags, passed in the create call; they are also the ownership tags the create's
    /// after-failure lookup matches on.
    pub tags: Tags,
}

/// One change to a REST API (`UpdateRestApi` patch operation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum RestApiPatch {
    /// Replace `/name`.
    Name(String),
    /// Replace `/description`.
    Description(String),
    /// Replace `/policy` with this policy document (plain JSON).
    Policy(String),
}

// ---------------------------------------------------------------------------------------------
// Resources and methods

/// One node of an API's resource tree, with its methods (`GetResources?embed=methods`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resource {
    /// The resource id.
    pub id: String,
    /// The parent's id; `None` for `/`.
    pub parent_id: Option<String>,
    /// The full path (`/users/{id}`).
    pub path: String,
    /// The last segment (`{id}`); `None` for `/`.
    pub path_part: Option<String>,
    /// Methods by HTTP method (`GET`, `ANY`, …).
    pub methods: BTreeMap<String, Method>,
}

/// A method of a resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Method {
    /// `GET`, `POST`, …, `ANY`.
    pub http_method: String,
    /// How callers are authorized.
    pub authorization: Authorization,
    /// Whether callers must send an API key of a usage plan on the stage.
    pub api_key_required: bool,
    /// Request parameters (`method.request.path.id`) → required.
    pub request_parameters: BTreeMap<String, bool>,
    /// The status codes of the method responses.
    pub method_responses: Vec<String>,
    /// The integration, when one is set (and, in `GetResources`, embedded).
    pub integration: Option<Integration>,
}

/// What `put_method` sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodSpec {
    /// `GET`, `POST`, …, `ANY`.
    pub http_method: String,
    /// How callers are authorized.
    pub authorization: Authorization,
    /// Whether callers must send an API key.
    pub api_key_required: bool,
    /// Request parameters (`method.request.path.id`) → required.
    pub request_parameters: BTreeMap<String, bool>,
}

impl MethodSpec {
    /// A method with `authorization`, no API key, no declared parameters.
    pub fn new(http_method: impl Into<String>, authorization: Authorization) -> Self {
        Self {
            http_method: http_method.into(),
            authorization,
            api_key_required: false,
            request_parameters: BTreeMap::new(),
        }
    }
}

/// One change to a method (`UpdateMethod` patch operation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum MethodPatch {
    /// Replace `/authorizationType`.
    Authorization(Authorization),
    /// Replace `/apiKeyRequired`.
    ApiKeyRequired(bool),
    /// Add `/requestParameters/{name}` with `required`.
    AddRequestParameter {
        /// `method.request.path.id`, `method.request.querystring.q`, …
        name: String,
        /// Whether the parameter is required.
        required: bool,
    },
    /// Remove `/requestParameters/{name}`.
    RemoveRequestParameter(String),
}

/// A method's integration: what `put_integration` sets and `get_integration` answers.
///
/// `responses` is answer-only (set integration responses with
/// `put_integration_response`); it is ignored by `put_integration`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Integration {
    /// What the integration calls.
    pub integration_type: IntegrationType,
    /// The HTTP method used towards the backend (`POST` for Lambda); `None` for `MOCK`.
    pub http_method: Option<String>,
    /// The backend URI (`https://…`, `arn:aws:apigateway:…:lambda:path/…`); `None` for `MOCK`.
    pub uri: Option<String>,
    /// The role ARN API Gateway assumes to call the backend.
    pub credentials: Option<String>,
    /// Backend timeout; `None` means the AWS default (29 000 ms).
    pub timeout_in_millis: Option<u32>,
    /// Request mapping templates, content type → template.
    pub request_templates: BTreeMap<String, String>,
    /// Request parameter mappings, `integration.request.*` → `method.request.*`.
    pub request_parameters: BTreeMap<String, String>,
    /// What to do with unmapped content types (non-proxy types).
    pub passthrough_behavior: Option<PassthroughBehavior>,
    /// Integration responses by status code (answer-only).
    pub responses: BTreeMap<String, IntegrationResponse>,
}

impl Integration {
    /// The MOCK request template that makes API Gateway answer 200.
    pub const MOCK_TEMPLATE: &'static str = r#"{"statusCode": 200}"#;

    /// An integration of `integration_type` and nothing else set.
    pub fn new(integration_type: IntegrationType) -> Self {
        Self {
            integration_type,
            http_method: None,
            uri: None,
            credentials: None,
            timeout_in_millis: None,
            request_templates: BTreeMap::new(),
            request_parameters: BTreeMap::new(),
            passthrough_behavior: None,
            responses: BTreeMap::new(),
        }
    }

    /// An `HTTP_PROXY` integration calling `uri` with `http_method`.
    pub fn http_proxy(http_method: impl Into<String>, uri: impl Into<String>) -> Self {
        Self {
            http_method: Some(http_method.into()),
            uri: Some(uri.into()),
            ..Self::new(IntegrationType::HttpProxy)
        }
    }

    /// An `AWS_PROXY` (Lambda proxy) integration: always `POST` to the invocation URI.
    pub fn lambda_proxy(invocation_uri: impl Into<String>) -> Self {
        Self {
            http_method: Some("POST".to_owned()),
            uri: Some(invocation_uri.into()),
            ..Self::new(IntegrationType::AwsProxy)
        }
    }

    /// A `MOCK` integration answering 200 (`application/json` → `{"statusCode": 200}`, which
    /// API Gateway requires to pick the status).
    pub fn mock() -> Self {
        let mut integration = Self::new(IntegrationType::Mock);
        integration.request_templates.insert(
            "application/json".to_owned(),
            Self::MOCK_TEMPLATE.to_owned(),
        );
        integration
    }

    /// Sets the role API Gateway assumes.
    pub fn with_credentials(mut self, role_arn: impl Into<String>) -> Self {
        self.credentials = Some(role_arn.into());
        self
    }

    /// Sets the backend timeout.
    pub fn with_timeout_millis(mut self, millis: u32) -> Self {
        self.timeout_in_millis = Some(millis);
        self
    }
}

/// A method response (status code the method declares, with its header parameters and models).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodResponse {
    /// `200`, `404`, …
    pub status_code: String,
    /// Response parameters (`method.response.header.X`) → required.
    pub response_parameters: BTreeMap<String, bool>,
    /// Response models, content type → model name.
    pub response_models: BTreeMap<String, String>,
}

impl MethodResponse {
    /// A method response for `status_code` with no parameters or models.
    pub fn new(status_code: impl Into<String>) -> Self {
        Self {
            status_code: status_code.into(),
            response_parameters: BTreeMap::new(),
            response_models: BTreeMap::new(),
        }
    }
}

/// An integration response (how a backend answer maps to a method response).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntegrationResponse {
    /// The method response status code this maps to.
    pub status_code: String,
    /// Regex on the backend status/error selecting this response; `None` = the default one.
    pub selection_pattern: Option<String>,
    /// Response mapping templates, content type → template.
    pub response_templates: BTreeMap<String, String>,
    /// Response parameter mappings, `method.response.header.X` → expression.
    pub response_parameters: BTreeMap<String, String>,
}

impl IntegrationResponse {
    /// The default integration response for `status_code`.
    pub fn new(status_code: impl Into<String>) -> Self {
        Self {
            status_code: status_code.into(),
            selection_pattern: None,
            response_templates: BTreeMap::new(),
            response_parameters: BTreeMap::new(),
        }
    }
}

/// A gateway response: what `put_gateway_response` sets and the list answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatewayResponse {
    /// Which response.
    pub response_type: GatewayResponseType,
    /// The status code to answer with; `None` keeps the type's default.
    pub status_code: Option<String>,
    /// Response templates, content type → template.
    pub response_templates: BTreeMap<String, String>,
    /// Response headers, `gatewayresponse.header.X` → value expression.
    pub response_parameters: BTreeMap<String, String>,
    /// Whether this is AWS's default (never customized) response (answer-only).
    pub default_response: bool,
}

impl GatewayResponse {
    /// A customized response of `response_type` with nothing set.
    pub fn new(response_type: GatewayResponseType) -> Self {
        Self {
            response_type,
            status_code: None,
            response_templates: BTreeMap::new(),
            response_parameters: BTreeMap::new(),
            default_response: false,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Deployments and stages

/// A deployment (an immutable snapshot of the API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deployment {
    /// The deployment id.
    pub id: String,
    /// The description (the pipeline stores the definition's content hash here).
    pub description: Option<String>,
    /// When it was created.
    pub created_date: Option<SystemTime>,
}

/// What `create_deployment` creates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDeployment {
    /// Also point (creating it if needed) this stage at the new deployment.
    pub stage_name: Option<String>,
    /// The description; the after-failure lookup matches on it, so make it identify the
    /// content (a hash).
    pub description: String,
}

/// Settings of methods on a stage (`methodSettings` value).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MethodSetting {
    /// Steady-state requests per second.
    pub throttling_rate_limit: f64,
    /// Burst size.
    pub throttling_burst_limit: i32,
    /// Whether detailed CloudWatch metrics are on.
    pub metrics_enabled: bool,
    /// Execution logging level, when set.
    pub logging_level: Option<LoggingLevel>,
    /// Whether full request/response data is logged.
    pub data_trace_enabled: bool,
}

/// A stage: a named pointer to a deployment, with settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    /// The stage name.
    pub name: String,
    /// The deployment it serves.
    pub deployment_id: Option<String>,
    /// The description.
    pub description: Option<String>,
    /// Method settings by `{resource_path}/{http_method}` key ([`ALL_METHODS`] = stage-wide).
    pub method_settings: BTreeMap<String, MethodSetting>,
    /// Stage variables.
    pub variables: BTreeMap<String, String>,
    /// Tags.
    pub tags: Tags,
    /// When the stage was created.
    pub created_date: Option<SystemTime>,
    /// When the stage last changed.
    pub last_updated_date: Option<SystemTime>,
}

impl Stage {
    /// The stage-wide (`*/*`) method settings, when any are set.
    pub fn all_methods(&self) -> Option<&MethodSetting> {
        self.method_settings.get(ALL_METHODS)
    }
}

/// What `create_stage` creates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewStage {
    /// The stage name.
    pub name: String,
    /// The deployment it serves.
    pub deployment_id: String,
    /// The description.
    pub description: Option<String>,
    /// Stage variables.
    pub variables: BTreeMap<String, String>,
    /// Tags, passed in the create call.
    pub tags: Tags,
}

/// One change to a stage (`UpdateStage` patch operations).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum StagePatch {
    /// Replace `/deploymentId`: serve another deployment.
    DeploymentId(String),
    /// Replace `/*/*/throttling/rateLimit` and `/*/*/throttling/burstLimit`.
    Throttling {
        /// Steady-state requests per second.
        rate_limit: f64,
        /// Burst size.
        burst_limit: i32,
    },
    /// Replace `/*/*/metrics/enabled`.
    MetricsEnabled(bool),
    /// Replace `/*/*/logging/loglevel`.
    LoggingLevel(LoggingLevel),
    /// Replace `/description`.
    Description(String),
    /// Replace `/variables/{name}` (`Some`) or remove it (`None`).
    Variable {
        /// The variable name.
        name: String,
        /// The new value; `None` removes the variable.
        value: Option<String>,
    },
}

// ---------------------------------------------------------------------------------------------
// Usage plans and API keys

/// Request-rate limits.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Throttle {
    /// Steady-state requests per second.
    pub rate_limit: f64,
    /// Burst size.
    pub burst_limit: i32,
}

/// A request quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quota {
    /// Requests per period.
    pub limit: i32,
    /// The period.
    pub period: QuotaPeriod,
    /// Requests subtracted in the first period.
    pub offset: i32,
}

/// A stage a usage plan applies to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ApiStage {
    /// The REST API id.
    pub api_id: String,
    /// The stage name.
    pub stage: String,
}

impl ApiStage {
    /// `api_id` / `stage`.
    pub fn new(api_id: impl Into<String>, stage: impl Into<String>) -> Self {
        Self {
            api_id: api_id.into(),
            stage: stage.into(),
        }
    }
}

impl fmt::Display for ApiStage {
    /// `{api_id}:{stage}`, as usage plan patches spell it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.api_id, self.stage)
    }
}

/// A usage plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UsagePlan {
    /// The plan id.
    pub id: String,
    /// The name (not unique in AWS).
    pub name: String,
    /// The description.
    pub description: Option<String>,
    /// The stages it applies to.
    pub api_stages: Vec<ApiStage>,
    /// Plan-wide throttling.
    pub throttle: Option<Throttle>,
    /// The quota.
    pub quota: Option<Quota>,
    /// Tags.
    pub tags: Tags,
}

/// What `create_usage_plan` creates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewUsagePlan {
    /// The name; the after-failure lookup matches on it.
    pub name: String,
    /// The description.
    pub description: Option<String>,
    /// Plan-wide throttling.
    pub throttle: Option<Throttle>,
    /// The quota.
    pub quota: Option<Quota>,
    /// The stages it applies to.
    pub api_stages: Vec<ApiStage>,
    /// Tags, passed in the create call.
    pub tags: Tags,
}

/// One change to a usage plan (`UpdateUsagePlan` patch operations).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum UsagePlanPatch {
    /// Add `/apiStages` `{api_id}:{stage}`.
    AddApiStage(ApiStage),
    /// Remove `/apiStages` `{api_id}:{stage}`.
    RemoveApiStage(ApiStage),
    /// Replace `/throttle/rateLimit` and `/throttle/burstLimit`.
    Throttle(Throttle),
    /// Remove `/throttle`.
    RemoveThrottle,
    /// Replace `/quota/limit`, `/quota/offset` and `/quota/period`.
    Quota(Quota),
    /// Remove `/quota`.
    RemoveQuota,
    /// Replace `/description`.
    Description(String),
}

/// The value of an API key: a secret.
///
/// `Debug` never shows it and there is no `Display`; read it with [`ApiKeyValue::expose`].
/// Serializing it (serde) writes the value: only do that on an explicit request.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ApiKeyValue(String);

impl ApiKeyValue {
    /// Wraps a key value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKeyValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKeyValue(<redacted>)")
    }
}

/// An API key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKey {
    /// The key id (not the secret).
    pub id: String,
    /// The name.
    pub name: String,
    /// The description.
    pub description: Option<String>,
    /// Whether callers may use it.
    pub enabled: bool,
    /// When it was created.
    pub created_date: Option<SystemTime>,
    /// Tags.
    pub tags: Tags,
    /// The secret value: only present when explicitly asked for (`include_values`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<ApiKeyValue>,
}

/// What `create_api_key` creates (AWS generates the value).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewApiKey {
    /// The name; the after-failure lookup matches on it.
    pub name: String,
    /// The description.
    pub description: Option<String>,
    /// Whether callers may use it.
    pub enabled: bool,
    /// Tags, passed in the create call.
    pub tags: Tags,
}

/// An API key's membership in a usage plan. The key value is deliberately not carried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsagePlanKey {
    /// The API key id.
    pub id: String,
    /// The key type (`API_KEY`).
    pub key_type: String,
    /// The API key's name.
    pub name: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Custom domain names

/// A custom domain name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainName {
    /// The domain (`api.example.com`).
    pub name: String,
    /// REGIONAL or EDGE.
    pub endpoint_type: Option<EndpointType>,
    /// The EDGE certificate (us-east-1).
    pub certificate_arn: Option<String>,
    /// The REGIONAL certificate (the API's region).
    pub regional_certificate_arn: Option<String>,
    /// REGIONAL alias target (`d-xxxx.execute-api.{region}.amazonaws.com`).
    pub regional_domain_name: Option<String>,
    /// REGIONAL alias target's hosted zone.
    pub regional_hosted_zone_id: Option<String>,
    /// EDGE alias target (`dxxxx.cloudfront.net`).
    pub distribution_domain_name: Option<String>,
    /// EDGE alias target's hosted zone (CloudFront's `Z2FDTNDATAQYW2`).
    pub distribution_hosted_zone_id: Option<String>,
    /// The TLS policy, when AWS reports one this crate names.
    pub security_policy: Option<SecurityPolicy>,
    /// The state.
    pub status: Option<DomainNameStatus>,
    /// Why the state is what it is.
    pub status_message: Option<String>,
    /// Tags.
    pub tags: Tags,
}

impl DomainName {
    /// The alias target (DNS name, hosted zone id) for the domain's endpoint type: regional
    /// for REGIONAL, distribution for EDGE.
    pub fn alias_target(&self) -> Option<(&str, &str)> {
        let (name, zone) = match self.endpoint_type {
            Some(EndpointType::Edge) => (
                &self.distribution_domain_name,
                &self.distribution_hosted_zone_id,
            ),
            _ => (&self.regional_domain_name, &self.regional_hosted_zone_id),
        };
        Some((name.as_deref()?, zone.as_deref()?))
    }

    /// The certificate the endpoint type uses.
    pub fn active_certificate_arn(&self) -> Option<&str> {
        match self.endpoint_type {
            Some(EndpointType::Edge) => self.certificate_arn.as_deref(),
            _ => self.regional_certificate_arn.as_deref(),
        }
    }
}

/// What `create_domain_name` creates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDomainName {
    /// The domain.
    pub name: String,
    /// REGIONAL (certificate in the API's region, sent as `regionalCertificateArn`) or EDGE
    /// (certificate in us-east-1, sent as `certificateArn`).
    pub endpoint_type: EndpointType,
    /// The ACM certificate.
    pub certificate_arn: String,
    /// The TLS policy.
    pub security_policy: SecurityPolicy,
    /// Tags, passed in the create call.
    pub tags: Tags,
}

/// A base path mapping of a custom domain to a stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BasePathMapping {
    /// The base path; `""` is the root mapping (AWS spells it `(none)`).
    pub base_path: String,
    /// The REST API id.
    pub rest_api_id: String,
    /// The stage; `None` lets callers choose the stage in the path.
    pub stage: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_round_trip_their_aws_spelling() {
        for t in IntegrationType::ALL {
            assert_eq!(t.as_str().parse::<IntegrationType>(), Ok(*t));
        }
        assert_eq!("regional".parse(), Ok(EndpointType::Regional));
        assert_eq!(
            serde_json::to_string(&QuotaPeriod::Month).ok().as_deref(),
            Some("\"MONTH\"")
        );
        let err = "TLS_9".parse::<SecurityPolicy>().unwrap_err();
        assert!(err.to_string().contains("TLS_1_2"), "{err}");
    }

    #[test]
    fn api_key_value_never_reaches_debug() {
        let key = ApiKey {
            id: "k1".into(),
            name: "partner-a".into(),
            description: None,
            enabled: true,
            created_date: None,
            tags: Tags::new(),
            value: Some(ApiKeyValue::new("s3cr3t-value-1234567890")),
        };
        let shown = format!("{key:?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
    }

    #[test]
    fn domain_alias_target_follows_endpoint_type() {
        let mut domain = DomainName {
            name: "api.example.com".into(),
            endpoint_type: Some(EndpointType::Regional),
            certificate_arn: Some("edge-cert".into()),
            regional_certificate_arn: Some("regional-cert".into()),
            regional_domain_name: Some("d-1.execute-api.eu-west-1.amazonaws.com".into()),
            regional_hosted_zone_id: Some("ZREGIONAL".into()),
            distribution_domain_name: Some("d1.cloudfront.net".into()),
            distribution_hosted_zone_id: Some("Z2FDTNDATAQYW2".into()),
            security_policy: Some(SecurityPolicy::Tls12),
            status: Some(DomainNameStatus::Available),
            status_message: None,
            tags: Tags::new(),
        };
        assert_eq!(
            domain.alias_target(),
            Some(("d-1.execute-api.eu-west-1.amazonaws.com", "ZREGIONAL"))
        );
        assert_eq!(domain.active_certificate_arn(), Some("regional-cert"));
        domain.endpoint_type = Some(EndpointType::Edge);
        assert_eq!(
            domain.alias_target(),
            Some(("d1.cloudfront.net", "Z2FDTNDATAQYW2"))
        );
        assert_eq!(domain.active_certificate_arn(), Some("edge-cert"));
    }
}
