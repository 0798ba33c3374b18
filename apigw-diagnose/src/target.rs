//! What to diagnose: [`Target`] (built with [`TargetBuilder`]) and the [`Thresholds`] the
//! metric checks compare with.
//!
//! A target names the API (by name or id) and the stage; everything else is optional, and a
//! check whose input is absent reports `skipped` (no domain: no `dns`, no `certificate`). The
//! facade derives a target from a Gateway spec; the builder has a method for every field a spec
//! can set.

use std::time::{Duration, SystemTime};

use apigw_core::restapi::{Authorization, EndpointType};

use crate::model::Window;

/// The thresholds of the metric checks. Defaults are DESIGN §3's alarm defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Thresholds {
    /// `client-errors` fails above this percentage of requests answered 4XX (default 5).
    pub client_errors_percent: f64,
    /// `server-errors` fails above this percentage of requests answered 5XX (default 1).
    pub server_errors_percent: f64,
    /// `latency` fails when the average latency is above this, in ms (default 1000).
    pub latency_ms: f64,
    /// `certificate` warns when the certificate expires within this many days (default 30).
    pub certificate_expiry_days: u32,
    /// `throttling` warns when the peak request rate passes this percentage of the stage's
    /// rate limit (default 80).
    pub throttling_peak_percent: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            client_errors_percent: 5.0,
            server_errors_percent: 1.0,
            latency_ms: 1000.0,
            certificate_expiry_days: 30,
            throttling_peak_percent: 80.0,
        }
    }
}

impl Thresholds {
    /// Sets the 4XX rate threshold (percent).
    pub fn client_errors_percent(mut self, percent: f64) -> Self {
        self.client_errors_percent = percent;
        self
    }

    /// Sets the 5XX rate threshold (percent).
    pub fn server_errors_percent(mut self, percent: f64) -> Self {
        self.server_errors_percent = percent;
        self
    }

    /// Sets the average latency threshold (ms).
    pub fn latency_ms(mut self, ms: f64) -> Self {
        self.latency_ms = ms;
        self
    }

    /// Sets how many days before expiry `certificate` warns.
    pub fn certificate_expiry_days(mut self, days: u32) -> Self {
        self.certificate_expiry_days = days;
        self
    }

    /// Sets the share of the stage rate limit at which `throttling` warns (percent).
    pub fn throttling_peak_percent(mut self, percent: f64) -> Self {
        self.throttling_peak_percent = percent;
        self
    }
}

/// The custom domain in front of the API.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DomainTarget {
    /// The domain (`orders.example.com`).
    pub name: String,
    /// The public hosted zone, by name or id; `None`: the zone with the longest name that is a
    /// suffix of the domain.
    pub hosted_zone: Option<String>,
    /// EDGE (certificate in us-east-1, alias at the CloudFront distribution) or REGIONAL
    /// (certificate in the API's region, alias at the regional name); `None`: the domain
    /// name's own type.
    pub endpoint_type: Option<EndpointType>,
    /// The base path mapped to the stage (`""` = root); `None`: any mapping to the stage.
    pub base_path: Option<String>,
    /// The certificate the domain should use (a spec's bring-your-own `certificate_arn`);
    /// `None`: the one the custom domain name uses.
    pub certificate_arn: Option<String>,
}

impl DomainTarget {
    /// The domain `name` (lower-cased, without trailing dot), nothing else known.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: normalize_domain(&name.into()),
            hosted_zone: None,
            endpoint_type: None,
            base_path: None,
            certificate_arn: None,
        }
    }

    /// Sets the hosted zone (name or id).
    pub fn hosted_zone(mut self, zone: impl Into<String>) -> Self {
        self.hosted_zone = Some(zone.into());
        self
    }

    /// Sets the endpoint type.
    pub fn endpoint_type(mut self, endpoint_type: EndpointType) -> Self {
        self.endpoint_type = Some(endpoint_type);
        self
    }

    /// Sets the base path (`""` = root).
    pub fn base_path(mut self, base_path: impl Into<String>) -> Self {
        self.base_path = Some(base_path.into());
        self
    }

    /// Sets the certificate ARN the domain should use.
    pub fn certificate_arn(mut self, arn: impl Into<String>) -> Self {
        self.certificate_arn = Some(arn.into());
        self
    }
}

/// The execution role API Gateway assumes for integrations.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RoleTarget {
    /// The role name.
    pub name: String,
    /// Managed policy ARNs that must be attached.
    pub managed_policies: Vec<String>,
}

impl RoleTarget {
    /// The role `name`, no policy expected.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            managed_policies: Vec::new(),
        }
    }

    /// Expects the managed policy `arn` to be attached.
    pub fn managed_policy(mut self, arn: impl Into<String>) -> Self {
        self.managed_policies.push(arn.into());
        self
    }

    /// Expects every one of `arns`.
    pub fn managed_policies<S: Into<String>>(mut self, arns: impl IntoIterator<Item = S>) -> Self {
        self.managed_policies
            .extend(arns.into_iter().map(Into::into));
        self
    }
}

/// A usage plan that must apply to the stage, with the API keys it must hold.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UsagePlanTarget {
    /// The plan name.
    pub name: String,
    /// Names of the API keys that must be in the plan and enabled.
    pub api_keys: Vec<String>,
}

impl UsagePlanTarget {
    /// The plan `name`, no key expected.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            api_keys: Vec::new(),
        }
    }

    /// Expects the key named `name` in the plan.
    pub fn api_key(mut self, name: impl Into<String>) -> Self {
        self.api_keys.push(name.into());
        self
    }

    /// Expects every one of `names`.
    pub fn api_keys<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.api_keys.extend(names.into_iter().map(Into::into));
        self
    }
}

/// A method that must exist, with how it is expected to authorize callers.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExpectedMethod {
    /// The resource path (`/orders/{orderId}`).
    pub path: String,
    /// `GET`, `POST`, …, `ANY` (upper case).
    pub http_method: String,
    /// The authorization it is meant to have; `None`: not known (an `AWS_IAM` method then
    /// makes `forbidden` warn).
    pub authorization: Option<Authorization>,
    /// Whether it is meant to require an API key; `None`: not known.
    pub api_key_required: Option<bool>,
}

impl ExpectedMethod {
    /// `http_method` on `path`, authorization unknown.
    pub fn new(path: impl Into<String>, http_method: impl Into<String>) -> Self {
        Self {
            path: normalize_path(&path.into()),
            http_method: http_method.into().trim().to_ascii_uppercase(),
            authorization: None,
            api_key_required: None,
        }
    }

    /// Sets the expected authorization.
    pub fn authorization(mut self, authorization: Authorization) -> Self {
        self.authorization = Some(authorization);
        self
    }

    /// Sets whether an API key is expected.
    pub fn api_key_required(mut self, required: bool) -> Self {
        self.api_key_required = Some(required);
        self
    }

    /// `GET /orders`.
    pub fn label(&self) -> String {
        format!("{} {}", self.http_method, self.path)
    }
}

/// The CloudWatch alarms that must exist, and the topic they must notify.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct AlarmsTarget {
    /// Alarm names (`orders-live-5XXError`, …).
    pub names: Vec<String>,
    /// The SNS topic (name or ARN) their ALARM actions must notify; `None`: not checked.
    pub topic: Option<String>,
}

impl AlarmsTarget {
    /// The alarms `names`, topic not checked.
    pub fn new<S: Into<String>>(names: impl IntoIterator<Item = S>) -> Self {
        Self {
            names: names.into_iter().map(Into::into).collect(),
            topic: None,
        }
    }

    /// DESIGN §3's three alarms of `api_name` / `stage`: `{api}-{stage}-4XXError`,
    /// `-5XXError`, `-Latency`.
    pub fn defaults(api_name: &str, stage: &str) -> Self {
        Self::new(
            ["4XXError", "5XXError", "Latency"]
                .map(|suffix| apigw_alarms::alarm_name(api_name, stage, suffix)),
        )
    }

    /// Sets the topic (name or ARN).
    pub fn topic(mut self, topic: impl Into<String>) -> Self {
        self.topic = Some(topic.into());
        self
    }
}

/// What a diagnosis looks at. Build it with [`Target::builder`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Target {
    /// The REST API's name (also the `ApiName` metric dimension).
    pub api_name: Option<String>,
    /// The REST API's id; when set it is used to resolve the API (and must carry `api_name`
    /// when both are given).
    pub api_id: Option<String>,
    /// The stage.
    pub stage: String,
    /// The custom domain, if any.
    pub domain: Option<DomainTarget>,
    /// The execution role, if any.
    pub role: Option<RoleTarget>,
    /// Usage plans expected on the stage.
    pub usage_plans: Vec<UsagePlanTarget>,
    /// Methods expected to exist; empty: `forbidden` and `integration` look at every method.
    pub methods: Vec<ExpectedMethod>,
    /// Alarms expected, if any.
    pub alarms: Option<AlarmsTarget>,
    /// Metric thresholds.
    pub thresholds: Thresholds,
    /// The metric window.
    pub window: Window,
    /// The definition hash the stage's deployment should carry (the pipeline writes
    /// `apigw:{hash} …` into deployment descriptions); `None`: not compared.
    pub definition_hash: Option<String>,
}

impl Target {
    /// A builder; `api_name` or `api_id` is required, the stage defaults to `live` and the
    /// window to the last 15 minutes.
    pub fn builder() -> TargetBuilder {
        TargetBuilder::default()
    }

    /// The name or id, for messages.
    pub fn api_label(&self) -> String {
        match (&self.api_name, &self.api_id) {
            (Some(name), Some(id)) => format!("{name} ({id})"),
            (Some(name), None) => name.clone(),
            (None, Some(id)) => id.clone(),
            (None, None) => "(no API named)".to_owned(),
        }
    }
}

/// A target that cannot be diagnosed, with every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid diagnose target: {}", .problems.join("; "))]
pub struct TargetError {
    /// Each problem, naming the field.
    pub problems: Vec<String>,
}

/// Builds a [`Target`]; every setter has the name of the field it sets.
#[derive(Debug, Clone, Default)]
pub struct TargetBuilder {
    api_name: Option<String>,
    api_id: Option<String>,
    stage: Option<String>,
    domain: Option<DomainTarget>,
    role: Option<RoleTarget>,
    usage_plans: Vec<UsagePlanTarget>,
    methods: Vec<ExpectedMethod>,
    alarms: Option<AlarmsTarget>,
    thresholds: Option<Thresholds>,
    window: Option<Window>,
    definition_hash: Option<String>,
}

impl TargetBuilder {
    /// The REST API's name.
    pub fn api_name(mut self, name: impl Into<String>) -> Self {
        self.api_name = Some(name.into());
        self
    }

    /// The REST API's id.
    pub fn api_id(mut self, id: impl Into<String>) -> Self {
        self.api_id = Some(id.into());
        self
    }

    /// The stage (default `live`).
    pub fn stage(mut self, stage: impl Into<String>) -> Self {
        self.stage = Some(stage.into());
        self
    }

    /// The custom domain.
    pub fn domain(mut self, domain: DomainTarget) -> Self {
        self.domain = Some(domain);
        self
    }

    /// The execution role.
    pub fn role(mut self, role: RoleTarget) -> Self {
        self.role = Some(role);
        self
    }

    /// Adds a usage plan expected on the stage.
    pub fn usage_plan(mut self, plan: UsagePlanTarget) -> Self {
        self.usage_plans.push(plan);
        self
    }

    /// Adds `http_method` on `path` as expected (authorization unknown).
    pub fn method(self, path: impl Into<String>, http_method: impl Into<String>) -> Self {
        self.expect_method(ExpectedMethod::new(path, http_method))
    }

    /// Adds an expected method with its authorization.
    pub fn expect_method(mut self, method: ExpectedMethod) -> Self {
        self.methods.push(method);
        self
    }

    /// The alarms.
    pub fn alarms(mut self, alarms: AlarmsTarget) -> Self {
        self.alarms = Some(alarms);
        self
    }

    /// The thresholds (default: DESIGN §3's).
    pub fn thresholds(mut self, thresholds: Thresholds) -> Self {
        self.thresholds = Some(thresholds);
        self
    }

    /// The metric window (default: the last 15 minutes).
    pub fn window(mut self, window: Window) -> Self {
        self.window = Some(window);
        self
    }

    /// The metric window: the `length` before now.
    pub fn since(self, length: Duration) -> Self {
        self.window(Window::last(length))
    }

    /// The definition hash the stage's deployment should carry.
    pub fn definition_hash(mut self, hash: impl Into<String>) -> Self {
        self.definition_hash = Some(hash.into());
        self
    }

    /// Checks the fields and builds the target; every problem is listed at once.
    pub fn build(self) -> Result<Target, TargetError> {
        let mut problems = Vec::new();
        let blank = |v: &Option<String>| v.as_deref().is_some_and(|s| s.trim().is_empty());
        if self.api_name.is_none() && self.api_id.is_none() {
            problems.push("api_name or api_id: one is required".to_owned());
        }
        if blank(&self.api_name) {
            problems.push("api_name: must not be empty".to_owned());
        }
        if blank(&self.api_id) {
            problems.push("api_id: must not be empty".to_owned());
        }
        let stage = self.stage.unwrap_or_else(|| "live".to_owned());
        if stage.trim().is_empty() {
            problems.push("stage: must not be empty".to_owned());
        }
        if let Some(domain) = &self.domain {
            if domain.name.is_empty() || !domain.name.contains('.') {
                problems.push(format!(
                    "domain.name: '{}' is not a domain name",
                    domain.name
                ));
            }
        }
        if self.role.as_ref().is_some_and(|r| r.name.trim().is_empty()) {
            problems.push("role.name: must not be empty".to_owned());
        }
        for (i, plan) in self.usage_plans.iter().enumerate() {
            if plan.name.trim().is_empty() {
                problems.push(format!("usage_plans[{i}].name: must not be empty"));
            }
        }
        for (i, method) in self.methods.iter().enumerate() {
            if !method.path.starts_with('/') {
                problems.push(format!(
                    "methods[{i}].path: '{}' must start with '/'",
                    method.path
                ));
            }
            if method.http_method.is_empty()
                || !method.http_method.chars().all(|c| c.is_ascii_uppercase())
            {
                problems.push(format!(
                    "methods[{i}].http_method: '{}' is not an HTTP method",
                    method.http_method
                ));
            }
        }
        let thresholds = self.thresholds.unwrap_or_default();
        for (field, value) in [
            ("client_errors_percent", thresholds.client_errors_percent),
            ("server_errors_percent", thresholds.server_errors_percent),
            ("latency_ms", thresholds.latency_ms),
            (
                "throttling_peak_percent",
                thresholds.throttling_peak_percent,
            ),
        ] {
            if !value.is_finite() || value < 0.0 {
                problems.push(format!(
                    "thresholds.{field}: {value} must be a finite number >= 0"
                ));
            }
        }
        let window = self.window.unwrap_or_default();
        if window.start >= window.end {
            problems.push("window: start must be before end".to_owned());
        }
        if window.end > SystemTime::now() + Duration::from_secs(3600) {
            problems.push("window: end is more than an hour in the future".to_owned());
        }
        if !problems.is_empty() {
            return Err(TargetError { problems });
        }
        Ok(Target {
            api_name: self.api_name,
            api_id: self.api_id,
            stage,
            domain: self.domain,
            role: self.role,
            usage_plans: self.usage_plans,
            methods: self.methods,
            alarms: self.alarms,
            thresholds,
            window,
            definition_hash: self.definition_hash,
        })
    }
}

/// Lower case, no trailing dot.
pub(crate) fn normalize_domain(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// `/a/b` without a trailing slash (`/` stays `/`).
pub(crate) fn normalize_path(path: &str) -> String {
    let trimmed = path.trim();
    if trimmed.len() > 1 {
        trimmed.trim_end_matches('/').to_owned()
    } else {
        trimmed.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_design_section_3() {
        let target = Target::builder().api_name("orders").build().expect("valid");
        assert_eq!(target.stage, "live");
        assert_eq!(target.thresholds.client_errors_percent, 5.0);
        assert_eq!(target.thresholds.server_errors_percent, 1.0);
        assert_eq!(target.thresholds.latency_ms, 1000.0);
        assert_eq!(target.window.length(), Duration::from_secs(900));
        assert_eq!(
            AlarmsTarget::defaults("orders", "live").names,
            [
                "orders-live-4XXError",
                "orders-live-5XXError",
                "orders-live-Latency"
            ]
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let err = Target::builder()
            .stage("")
            .method("orders", "get me")
            .thresholds(Thresholds::default().latency_ms(f64::NAN))
            .domain(DomainTarget::new("localhost"))
            .build()
            .expect_err("invalid");
        let fields: Vec<&str> = err
            .problems
            .iter()
            .filter_map(|p| p.split(':').next())
            .collect();
        assert_eq!(
            fields,
            [
                "api_name or api_id",
                "stage",
                "domain.name",
                "methods[0].path",
                "methods[0].http_method",
                "thresholds.latency_ms"
            ],
            "{err}"
        );
    }

    #[test]
    fn names_and_paths_are_normalized() {
        let method = ExpectedMethod::new("/orders/", "get");
        assert_eq!(method.label(), "GET /orders");
        assert_eq!(
            DomainTarget::new("API.Example.com.").name,
            "api.example.com"
        );
        assert_eq!(normalize_path("/"), "/");
    }
}
