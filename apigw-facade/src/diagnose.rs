//! The bridge from a Gateway spec to a diagnose [`Target`]: everything the spec promises
//! (paths and their authorization, domain, role and policies, usage plans and keys, alarms and
//! their topic, thresholds, the deployed definition's hash) becomes something to check.

use apigw_core::restapi::Authorization as LiveAuth;
use apigw_core::{Error, ErrorKind, Result};
use apigw_diagnose::{
    AlarmsTarget, DomainTarget, ExpectedMethod, RoleTarget, Target, Thresholds, UsagePlanTarget,
};

use crate::pipeline::{definition_hash_for, endpoint_type};
use crate::spec::{Authorization, GatewaySpec, MonitoringMode};
use crate::Backends;

/// The diagnose target a spec describes; reads the zone (for a zone given by id) and the role
/// (whose ARN is part of the deployed definition).
pub async fn target_for(
    spec: &GatewaySpec,
    backends: &Backends,
    window: std::time::Duration,
) -> Result<Target> {
    let mut builder = Target::builder()
        .api_name(spec.name.clone())
        .stage(spec.stage.clone())
        .since(window);
    for path in &spec.paths {
        for method in &path.methods {
            let auth = match path.authorization {
                Authorization::AwsIam => LiveAuth::AwsIam,
                _ => LiveAuth::None,
            };
            builder = builder.expect_method(
                ExpectedMethod::new(crate::pipeline::normalise(&path.path), method.clone())
                    .authorization(auth)
                    .api_key_required(path.api_key_required),
            );
        }
    }
    if let Some(domain) = &spec.domain {
        let zone = backends.dns.find_zone(&domain.hosted_zone).await?;
        let zone_name = zone
            .as_ref()
            .map_or_else(|| domain.hosted_zone.clone(), |z| z.name.clone());
        let name = if domain.sub_domain.is_empty() {
            zone_name.clone()
        } else {
            format!("{}.{zone_name}", domain.sub_domain)
        };
        let mut target = DomainTarget::new(name)
            .hosted_zone(zone.map_or(zone_name, |z| z.id))
            .endpoint_type(endpoint_type(spec.endpoint))
            .base_path(domain.base_path.clone());
        if let Some(arn) = &domain.certificate_arn {
            target = target.certificate_arn(arn.clone());
        }
        builder = builder.domain(target);
    }
    let mut role_arn = None;
    if let Some(role) = &spec.execution_role {
        builder = builder.role(
            RoleTarget::new(role.name.clone()).managed_policies(role.managed_policies.clone()),
        );
        role_arn = match backends.iam.get_role(&role.name).await {
            Ok(role) => Some(role.arn),
            Err(e) if e.is_not_found() => None,
            Err(e) => return Err(e),
        };
    }
    for plan in &spec.usage_plans {
        builder = builder
            .usage_plan(UsagePlanTarget::new(plan.name.clone()).api_keys(plan.api_keys.clone()));
    }
    if let Some(monitoring) = spec
        .monitoring
        .as_ref()
        .filter(|m| m.mode != MonitoringMode::Disabled)
    {
        let mut alarms = AlarmsTarget::defaults(&spec.name, &spec.stage);
        if let Some(topic) = &monitoring.sns_topic {
            alarms = alarms.topic(topic.clone());
        }
        let thresholds = Thresholds::default()
            .client_errors_percent(monitoring.client_errors().threshold_percent)
            .server_errors_percent(monitoring.server_errors().threshold_percent)
            .latency_ms(monitoring.latency().threshold_ms);
        builder = builder.alarms(alarms).thresholds(thresholds);
    }
    builder = builder.definition_hash(definition_hash_for(spec, role_arn.as_deref()));
    builder
        .build()
        .map_err(|e| Error::new(ErrorKind::Invalid, "DiagnoseTarget", e.to_string()))
}
