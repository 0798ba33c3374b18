//! Whole-spec validation: every rule of DESIGN §3, every violation reported, no AWS call.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::error::{SpecError, Violations};
use super::model::*;
use super::rules::*;

/// API Gateway's quota of resources per REST API (the root included).
pub const MAX_RESOURCES: usize = 300;
/// API Gateway's quota of usage plans one API key may belong to.
pub const MAX_PLANS_PER_KEY: usize = 10;
/// The longest integration timeout API Gateway allows by default.
pub const MAX_INTEGRATION_TIMEOUT_MS: u32 = 29_000;

impl GatewaySpec {
    /// Checks the whole spec and reports every violation with its field path.
    pub fn validate(&self) -> Result<(), SpecError> {
        let mut v = Violations::default();
        if self.name.trim().is_empty() || self.name.len() > 128 {
            v.add("name", "must be 1 to 128 characters");
        }
        if let Some(region) = &self.region {
            if !is_region(region) {
                v.add(
                    "region",
                    format!("'{region}' is not an AWS region name (like us-west-2)"),
                );
            }
        }
        if !is_stage_name(&self.stage) {
            v.add(
                "stage",
                format!(
                    "'{}' must be 1 to 128 letters, digits, '-' or '_'",
                    self.stage
                ),
            );
        }
        check_tags(&mut v, "tags", &self.tags);
        if let Some(domain) = &self.domain {
            check_domain(&mut v, domain, self.endpoint, self.region.as_deref());
        }
        if let Some(monitoring) = &self.monitoring {
            check_monitoring(&mut v, monitoring);
        }
        if let Some(throttling) = &self.throttling {
            check_throttle(&mut v, "throttling", Some(throttling.rate_limit));
        }
        check_usage_plans(&mut v, &self.usage_plans);
        if let Some(role) = &self.execution_role {
            check_role(&mut v, role);
        }
        check_paths(&mut v, "paths", &self.paths, self.execution_role.is_some());
        check_gateway_responses(&mut v, &self.gateway_responses);
        v.into_result()
    }
}

impl RestPathSpec {
    /// Checks the spec and reports every violation with its field path.
    pub fn validate(&self) -> Result<(), SpecError> {
        let mut v = Violations::default();
        match (&self.api_id, &self.api_name) {
            (None, None) => v.add("api_id", "name the existing API with api_id or api_name"),
            (Some(_), Some(_)) => v.add("api_name", "give api_id or api_name, not both"),
            _ => {}
        }
        if let Some(region) = self.region.as_deref().filter(|r| !is_region(r)) {
            v.add(
                "region",
                format!("'{region}' is not an AWS region name (like us-west-2)"),
            );
        }
        if !is_stage_name(&self.stage) {
            v.add(
                "stage",
                format!(
                    "'{}' must be 1 to 128 letters, digits, '-' or '_'",
                    self.stage
                ),
            );
        }
        if self.paths.is_empty() {
            v.add("paths", "attach at least one path");
        }
        check_paths(&mut v, "paths", &self.paths, false);
        v.into_result()
    }
}

fn check_tags(v: &mut Violations, field: &str, tags: &BTreeMap<String, String>) {
    if tags.len() > 50 {
        v.add(field, format!("{} tags; AWS allows at most 50", tags.len()));
    }
    for (key, value) in tags {
        if key.is_empty() || key.len() > 128 || key.to_ascii_lowercase().starts_with("aws:") {
            v.add(
                format!("{field}.{key}"),
                "tag keys are 1 to 128 characters and may not start with 'aws:'",
            );
        } else if !is_tag_text(key) {
            v.add(
                format!("{field}.{key}"),
                "tag keys may only hold letters, digits, spaces and '_.:/=+-@'",
            );
        }
        if value.len() > 256 {
            v.add(
                format!("{field}.{key}"),
                "tag values are at most 256 characters",
            );
        } else if !is_tag_text(value) {
            v.add(
                format!("{field}.{key}"),
                format!(
                    "'{value}': tag values may only hold letters, digits, spaces and '_.:/=+-@'"
                ),
            );
        }
    }
}

fn check_domain(v: &mut Violations, domain: &DomainSpec, endpoint: Endpoint, region: Option<&str>) {
    let zone = domain.hosted_zone.trim_end_matches('.');
    let zone_is_id = zone.starts_with('Z')
        && zone
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if !zone_is_id {
        if let Some(problem) = domain_problem(zone) {
            v.add(
                "domain.hosted_zone",
                format!(
                    "{problem} (give the zone name, like example.com, or its id, like Z123ABC)"
                ),
            );
        }
    }
    if !domain.sub_domain.is_empty() {
        let bad: Vec<&str> = domain
            .sub_domain
            .split('.')
            .filter(|l| !is_dns_label(l))
            .collect();
        if !bad.is_empty() {
            v.add(
                "domain.sub_domain",
                format!(
                    "invalid label(s) {bad:?}: use lower-case letters, digits and inner hyphens, 1 to 63 characters"
                ),
            );
        } else if !zone_is_id && domain.sub_domain.len() + zone.len() + 1 > 253 {
            v.add(
                "domain.sub_domain",
                "the full domain name is longer than 253 characters",
            );
        }
    }
    if let Some(arn) = &domain.certificate_arn {
        match parse_arn(arn) {
            Some(parsed)
                if parsed.service == "acm"
                    && is_region(parsed.region)
                    && is_account_id(parsed.account)
                    && parsed.resource.starts_with("certificate/") =>
            {
                check_certificate_region(v, parsed.region, endpoint, region);
            }
            _ => v.add("domain.certificate_arn", format!("'{arn}' is not an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID)")),
        }
    }
    if !domain.base_path.is_empty()
        && !domain
            .base_path
            .split('/')
            .all(|p| matches!(parse_path_part(p), Some(PathPart::Literal(_))))
    {
        v.add("domain.base_path", format!("'{}' must be segments of letters, digits, '.', '_', '~' or '-' separated by '/', without a leading slash", domain.base_path));
    }
}

fn check_certificate_region(
    v: &mut Violations,
    cert_region: &str,
    endpoint: Endpoint,
    region: Option<&str>,
) {
    match endpoint {
        Endpoint::Edge if cert_region != "us-east-1" => v.add(
            "domain.certificate_arn",
            format!("an EDGE endpoint needs a certificate in us-east-1 (CloudFront); this one is in {cert_region}"),
        ),
        Endpoint::Regional if region.is_some_and(|r| r != cert_region) => v.add(
            "domain.certificate_arn",
            format!("a REGIONAL endpoint needs a certificate in the API's region {}; this one is in {cert_region}", region.unwrap_or_default()),
        ),
        _ => {}
    }
}

fn check_monitoring(v: &mut Violations, monitoring: &MonitoringSpec) {
    match (&monitoring.mode, &monitoring.sns_topic) {
        (MonitoringMode::Disabled, _) => {}
        (_, None) => v.add(
            "monitoring.sns_topic",
            "required unless mode = \"disabled\": name or ARN of an existing SNS topic",
        ),
        (_, Some(topic)) if topic.starts_with("arn:") => {
            if !parse_arn(topic).is_some_and(|a| a.service == "sns" && !a.resource.contains(':')) {
                v.add(
                    "monitoring.sns_topic",
                    format!("'{topic}' is not an SNS topic ARN"),
                );
            }
        }
        (_, Some(topic)) => {
            if topic.is_empty()
                || topic.len() > 256
                || !topic
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                v.add(
                    "monitoring.sns_topic",
                    format!("'{topic}' is not a topic name (1 to 256 letters, digits, '-' or '_')"),
                );
            }
        }
    }
    let custom = [
        monitoring.client_errors.is_some(),
        monitoring.server_errors.is_some(),
        monitoring.latency.is_some(),
    ];
    if monitoring.mode != MonitoringMode::Custom && custom.contains(&true) {
        v.add(
            "monitoring.mode",
            "thresholds are given but mode is not \"custom\": set mode = \"custom\" to use them",
        );
    }
    for (field, alarm) in [
        ("client_errors", &monitoring.client_errors),
        ("server_errors", &monitoring.server_errors),
    ] {
        if let Some(alarm) = alarm {
            let field = format!("monitoring.{field}");
            if !(alarm.threshold_percent.is_finite()
                && alarm.threshold_percent > 0.0
                && alarm.threshold_percent <= 100.0)
            {
                v.add(
                    format!("{field}.threshold_percent"),
                    format!(
                        "{} must be a percentage above 0 and at most 100",
                        alarm.threshold_percent
                    ),
                );
            }
            check_period(v, &field, alarm.period_seconds, alarm.evaluation_periods);
        }
    }
    if let Some(latency) = &monitoring.latency {
        if !(latency.threshold_ms.is_finite()
            && latency.threshold_ms > 0.0
            && latency.threshold_ms <= 3_600_000.0)
        {
            v.add(
                "monitoring.latency.threshold_ms",
                format!(
                    "{} must be a number of milliseconds above 0",
                    latency.threshold_ms
                ),
            );
        }
        check_period(
            v,
            "monitoring.latency",
            latency.period_seconds,
            latency.evaluation_periods,
        );
    }
}

fn check_period(v: &mut Violations, field: &str, period: u32, evaluation_periods: u32) {
    if !is_alarm_period(period) {
        v.add(
            format!("{field}.period_seconds"),
            format!("{period} must be 10, 30 or a multiple of 60 up to 86400"),
        );
    }
    if evaluation_periods == 0 {
        v.add(format!("{field}.evaluation_periods"), "must be at least 1");
    } else if u64::from(period) * u64::from(evaluation_periods) > 7 * 86_400 {
        v.add(
            format!("{field}.evaluation_periods"),
            "period x evaluation_periods may not exceed 7 days",
        );
    }
}

fn check_throttle(v: &mut Violations, field: &str, rate: Option<f64>) {
    if let Some(rate) = rate {
        if !(rate.is_finite() && rate >= 0.0) {
            v.add(
                format!("{field}.rate_limit"),
                format!("{rate} must be a finite number of requests per second, 0 or more"),
            );
        }
    }
}

fn check_usage_plans(v: &mut Violations, plans: &[UsagePlanSpec]) {
    let mut names = BTreeSet::new();
    let mut plans_per_key: HashMap<&str, usize> = HashMap::new();
    for (i, plan) in plans.iter().enumerate() {
        let field = format!("usage_plans[{i}]");
        if plan.name.trim().is_empty() {
            v.add(format!("{field}.name"), "must not be empty");
        } else if !names.insert(plan.name.as_str()) {
            v.add(
                format!("{field}.name"),
                format!("'{}' is used by another usage plan", plan.name),
            );
        }
        check_throttle(v, &field, plan.rate_limit);
        if plan.quota.is_some_and(|q| q.limit == 0) {
            v.add(format!("{field}.quota.limit"), "must be at least 1");
        }
        let mut keys = BTreeSet::new();
        for (k, key) in plan.api_keys.iter().enumerate() {
            if key.trim().is_empty() || key.len() > 1024 {
                v.add(
                    format!("{field}.api_keys[{k}]"),
                    "API key names are 1 to 1024 characters",
                );
            } else if !keys.insert(key.as_str()) {
                v.add(
                    format!("{field}.api_keys[{k}]"),
                    format!("'{key}' is listed twice"),
                );
            } else {
                *plans_per_key.entry(key.as_str()).or_default() += 1;
            }
        }
    }
    for (key, count) in plans_per_key
        .into_iter()
        .filter(|(_, n)| *n > MAX_PLANS_PER_KEY)
    {
        v.add(
            "usage_plans",
            format!("API key '{key}' is in {count} usage plans; AWS allows {MAX_PLANS_PER_KEY}"),
        );
    }
}

fn check_role(v: &mut Violations, role: &RoleSpec) {
    if !is_role_name(&role.name) {
        v.add(
            "execution_role.name",
            format!(
                "'{}' must be 1 to 64 letters, digits or '_+=,.@-'",
                role.name
            ),
        );
    }
    for (i, policy) in role.managed_policies.iter().enumerate() {
        let ok = parse_arn(policy).is_some_and(|a| {
            a.service == "iam" && a.region.is_empty() && a.resource.starts_with("policy/")
        });
        if !ok {
            v.add(
                format!("execution_role.managed_policies[{i}]"),
                format!("'{policy}' is not an IAM policy ARN (arn:aws:iam::aws:policy/NAME)"),
            );
        }
    }
}

/// Checks paths, methods and integrations, and the resource tree they make.
pub(crate) fn check_paths(v: &mut Violations, field: &str, paths: &[PathSpec], has_role: bool) {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut tree = BTreeSet::new();
    let mut variables_at: BTreeMap<String, (String, String)> = BTreeMap::new();
    for (i, spec) in paths.iter().enumerate() {
        let field = format!("{field}[{i}]");
        let parts = check_path(v, &field, &spec.path);
        check_methods(v, &field, &spec.methods);
        check_integration(v, &field, spec, parts.as_deref(), has_role);
        let Some(parts) = parts else { continue };
        let normal = format!("/{}", parts.join("/"));
        if let Some(first) = seen.insert(normal.clone(), i) {
            v.add(
                format!("{field}.path"),
                format!("'{normal}' is already defined by paths[{first}]: merge their methods"),
            );
        }
        for depth in 1..=parts.len() {
            let parent = format!("/{}", parts[..depth - 1].join("/"));
            let resource = format!("/{}", parts[..depth].join("/"));
            tree.insert(resource);
            let part = parts[depth - 1];
            if matches!(
                parse_path_part(part),
                Some(PathPart::Variable(_) | PathPart::Greedy(_))
            ) {
                match variables_at.get(&parent) {
                    Some((other, origin)) if other != part => v.add(format!("{field}.path"), format!(
                        "'{part}' and '{other}' (from {origin}) are sibling variables under '{parent}': API Gateway allows one variable per level"
                    )),
                    _ => { variables_at.insert(parent, (part.to_owned(), format!("paths[{i}]"))); }
                }
            }
        }
    }
    if tree.len() + 1 > MAX_RESOURCES {
        v.add(field, format!("the paths make {} resources (root included); API Gateway allows {MAX_RESOURCES} per API", tree.len() + 1));
    }
}

fn check_path<'a>(v: &mut Violations, field: &str, path: &'a str) -> Option<Vec<&'a str>> {
    let Some(rest) = path.strip_prefix('/') else {
        v.add(
            format!("{field}.path"),
            format!("'{path}' must start with '/'"),
        );
        return None;
    };
    let parts: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
    if parts == [""] {
        return Some(Vec::new());
    }
    let mut ok = true;
    for (n, part) in parts.iter().enumerate() {
        match parse_path_part(part) {
            None => {
                ok = false;
                v.add(format!("{field}.path"), format!("'{part}' is not a valid path part: use letters, digits, '._~-', or {{name}} / {{name+}}"));
            }
            Some(PathPart::Greedy(_)) if n + 1 != parts.len() => {
                ok = false;
                v.add(
                    format!("{field}.path"),
                    format!("'{part}' is greedy and must be the last part of '{path}'"),
                );
            }
            _ => {}
        }
    }
    ok.then_some(parts)
}

fn check_methods(v: &mut Violations, field: &str, methods: &[String]) {
    if methods.is_empty() {
        v.add(
            format!("{field}.methods"),
            "list at least one method (or \"ANY\")",
        );
    }
    let mut seen = BTreeSet::new();
    for (m, method) in methods.iter().enumerate() {
        if !HTTP_METHODS.contains(&method.as_str()) {
            v.add(
                format!("{field}.methods[{m}]"),
                format!("'{method}' is not one of {HTTP_METHODS:?} (upper case)"),
            );
        } else if !seen.insert(method.as_str()) {
            v.add(
                format!("{field}.methods[{m}]"),
                format!("'{method}' is listed twice"),
            );
        }
    }
}

/// `parts` is `None` when the path itself is invalid: URI placeholders are not checked then.
fn check_integration(
    v: &mut Violations,
    field: &str,
    spec: &PathSpec,
    parts: Option<&[&str]>,
    has_role: bool,
) {
    let field = format!("{field}.integration");
    let integration = &spec.integration;
    match (integration.kind, integration.uri.as_deref()) {
        (IntegrationKind::Mock, Some(_)) => {
            v.add(format!("{field}.uri"), "a MOCK integration takes no uri")
        }
        (IntegrationKind::Mock, None) => {}
        (kind, None) => v.add(
            format!("{field}.uri"),
            format!("a {} integration needs a uri", kind.as_aws()),
        ),
        (IntegrationKind::Http | IntegrationKind::HttpProxy, Some(uri)) => {
            check_http_uri(v, &field, uri, parts)
        }
        (IntegrationKind::Aws | IntegrationKind::AwsProxy, Some(uri)) => {
            if !parse_arn(uri).is_some_and(|a| {
                a.service == "apigateway"
                    && (a.resource.starts_with("path/") || a.resource.starts_with("action/"))
            }) {
                v.add(format!("{field}.uri"), format!("'{uri}' must be an arn:aws:apigateway:REGION:SERVICE:path/… or :action/… URI"));
            }
        }
    }
    if let Some(method) = &integration.http_method {
        if !HTTP_METHODS.contains(&method.as_str()) {
            v.add(
                format!("{field}.http_method"),
                format!("'{method}' is not an HTTP method"),
            );
        }
    }
    if !(50..=MAX_INTEGRATION_TIMEOUT_MS).contains(&integration.timeout_ms) {
        v.add(
            format!("{field}.timeout_ms"),
            format!(
                "{} must be between 50 and {MAX_INTEGRATION_TIMEOUT_MS}",
                integration.timeout_ms
            ),
        );
    }
    match integration.credentials.as_deref() {
        None => {}
        Some("execution_role") if has_role => {}
        Some("execution_role") => v.add(
            format!("{field}.credentials"),
            "\"execution_role\" needs an [execution_role] section",
        ),
        Some(other)
            if parse_arn(other)
                .is_some_and(|a| a.service == "iam" && a.resource.starts_with("role/")) => {}
        Some(other) => v.add(
            format!("{field}.credentials"),
            format!("'{other}' must be \"execution_role\" or an IAM role ARN"),
        ),
    }
}

fn check_http_uri(v: &mut Violations, field: &str, uri: &str, parts: Option<&[&str]>) {
    let Some(rest) = uri
        .strip_prefix("https://")
        .or_else(|| uri.strip_prefix("http://"))
    else {
        v.add(
            format!("{field}.uri"),
            format!("'{uri}' must be an http:// or https:// URL"),
        );
        return;
    };
    let host = rest.split(['/', '?', ':']).next().unwrap_or_default();
    if host.is_empty() || host.contains(char::is_whitespace) {
        v.add(format!("{field}.uri"), format!("'{uri}' has no host"));
    }
    let Some(parts) = parts else { return };
    let variables: BTreeSet<&str> = parts
        .iter()
        .filter_map(|p| match parse_path_part(p) {
            Some(PathPart::Variable(name) | PathPart::Greedy(name)) => Some(name),
            _ => None,
        })
        .collect();
    for placeholder in rest.split('{').skip(1).filter_map(|s| s.split('}').next()) {
        let name = placeholder.trim_end_matches('+');
        if !variables.contains(name) {
            v.add(
                format!("{field}.uri"),
                format!("'{{{placeholder}}}' is not a variable of the path"),
            );
        }
    }
}

fn check_gateway_responses(v: &mut Violations, responses: &[GatewayResponseSpec]) {
    let mut seen = BTreeSet::new();
    for (i, response) in responses.iter().enumerate() {
        let field = format!("gateway_responses[{i}]");
        if !GATEWAY_RESPONSE_TYPES.contains(&response.kind.as_str()) {
            v.add(
                format!("{field}.type"),
                format!(
                    "'{}' is not a gateway response type (e.g. DEFAULT_4XX, THROTTLED)",
                    response.kind
                ),
            );
        } else if !seen.insert(response.kind.as_str()) {
            v.add(
                format!("{field}.type"),
                format!("'{}' is customised twice", response.kind),
            );
        }
        if response
            .status_code
            .is_some_and(|s| !(100..=599).contains(&s))
        {
            v.add(
                format!("{field}.status_code"),
                "must be an HTTP status between 100 and 599",
            );
        }
    }
}
