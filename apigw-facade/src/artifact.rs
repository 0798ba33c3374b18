//! The artifact `provision` returns (DESIGN §4): what a downstream stack needs to know.

use serde::{Deserialize, Serialize};

/// The provisioned API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Artifact {
    /// `arn:aws:apigateway:{region}::/restapis/{id}`.
    pub arn: String,
    /// `arn:aws:apigateway:{region}::/restapis/{id}/stages/{stage}`.
    pub stage_arn: String,
    /// Id of the `/` resource.
    pub root_resource_id: String,
    /// REST API id.
    pub rest_api_id: String,
    /// REST API name.
    pub name: String,
    /// Region.
    pub region: String,
    /// `regional` or `edge`.
    pub endpoint: String,
    /// Stage name.
    pub stage: String,
    /// `https://{id}.execute-api.{region}.amazonaws.com/{stage}`.
    pub invoke_url: String,
    /// `arn:aws:execute-api:{region}:{account}:{id}` when the account is known (from any ARN
    /// seen while provisioning), for IAM policies and Lambda permissions.
    pub execution_arn: Option<String>,
    /// The custom domain, when configured.
    pub domain: Option<DomainArtifact>,
    /// The alarms, when monitoring is on.
    pub alarms: Vec<AlarmArtifact>,
    /// The usage plans with their key ids (never key values).
    pub usage_plans: Vec<UsagePlanArtifact>,
    /// The execution role, when configured.
    pub execution_role_arn: Option<String>,
}

/// The custom domain part of the artifact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DomainArtifact {
    /// `api.example.com`.
    pub name: String,
    /// `https://api.example.com/{base_path}`.
    pub url: String,
    /// The regional or distribution domain name the alias points at.
    pub target: String,
    /// The target's hosted zone id (for the alias).
    pub hosted_zone_id: String,
    /// The certificate serving the domain.
    pub certificate_arn: String,
}

/// One alarm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlarmArtifact {
    /// Alarm name.
    pub name: String,
    /// Alarm ARN.
    pub arn: String,
    /// The watched metric (`4XXError`, `5XXError`, `Latency`).
    pub metric: String,
}

/// One usage plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UsagePlanArtifact {
    /// Plan name.
    pub name: String,
    /// Plan id.
    pub id: String,
    /// API key ids by name.
    pub api_keys: Vec<ApiKeyArtifact>,
}

/// An API key, by id only: values are secrets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiKeyArtifact {
    /// Key name.
    pub name: String,
    /// Key id.
    pub id: String,
}
