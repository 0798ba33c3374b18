//! Unit tests of the checks over mockall mocks: a [`Fixture`] describes a healthy account
//! (plain data); each test changes what it needs, and the mocks answer from it. Naming an
//! operation in [`Fixture::denied`] makes that operation answer AccessDenied.

mod checks;
mod run_all;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use apigw_alarms::{
    Alarm, AlarmState, Datapoint, MockCloudWatch, MockTopics, Topic, METRIC_4XX, METRIC_5XX,
    METRIC_COUNT, METRIC_INTEGRATION_LATENCY, METRIC_LATENCY,
};
use apigw_certs::{
    Certificate, CertificateStatus, CertificateSummary, CertificateType, MockCertificates,
};
use apigw_core::iam::{service_trust_policy, AttachedPolicy, MockIam, Role, API_GATEWAY_SERVICE};
use apigw_core::restapi::{
    ApiKey, ApiStage, Authorization, BasePathMapping, Deployment, DomainName, DomainNameStatus,
    EndpointType, Integration, Method, MethodSetting, MockApiGateway, Resource, RestApi, Stage,
    Throttle, UsagePlan, UsagePlanKey,
};
use apigw_core::{Error, ErrorKind, Result};
use apigw_dns::{AliasTarget, HostedZone, MockDns, RecordSet, RecordType};

use crate::{
    AlarmsTarget, Diagnoser, DomainTarget, ExpectedMethod, RoleTarget, TargetBuilder,
    UsagePlanTarget,
};

pub(crate) const REGION: &str = "eu-west-1";
pub(crate) const API_ID: &str = "a1b2c3d4e5";
pub(crate) const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/orders-apigw";
pub(crate) const LAMBDA_POLICY: &str = "arn:aws:iam::aws:policy/service-role/AWSLambdaRole";
pub(crate) const CERT_ARN: &str =
    "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
pub(crate) const TOPIC_ARN: &str = "arn:aws:sns:eu-west-1:123456789012:ops-alerts";
pub(crate) const REGIONAL_TARGET: &str = "d-abcdef1234.execute-api.eu-west-1.amazonaws.com";
pub(crate) const REGIONAL_ZONE: &str = "ZLY8HYME6SFDD";

/// A healthy account: a REGIONAL API `orders` with three methods, a domain, a role, a plan with
/// one key, three alarms, and ten minutes of calm traffic.
#[derive(Debug, Clone)]
pub(crate) struct Fixture {
    pub apis: Vec<RestApi>,
    pub tree: Vec<Resource>,
    pub stage: Option<Stage>,
    pub deployment: Option<Deployment>,
    pub plans: Vec<UsagePlan>,
    pub plan_keys: BTreeMap<String, Vec<UsagePlanKey>>,
    pub api_keys: Vec<ApiKey>,
    pub domain: Option<DomainName>,
    pub mappings: Vec<BasePathMapping>,
    pub zone: Option<HostedZone>,
    pub records: Vec<RecordSet>,
    pub certs: Vec<Certificate>,
    pub roles: Vec<Role>,
    pub attached: Vec<AttachedPolicy>,
    pub alarms: Vec<Alarm>,
    pub topic: Option<Topic>,
    pub metrics: BTreeMap<&'static str, Vec<Datapoint>>,
    /// The operation (AWS name) that answers AccessDenied.
    pub denied: Option<&'static str>,
}

fn method(http: &str, auth: Authorization, key: bool, integration: Option<Integration>) -> Method {
    Method {
        http_method: http.to_owned(),
        authorization: auth,
        api_key_required: key,
        request_parameters: BTreeMap::new(),
        method_responses: vec!["200".to_owned()],
        integration,
    }
}

fn resource(id: &str, parent: Option<&str>, path: &str, methods: Vec<Method>) -> Resource {
    Resource {
        id: id.to_owned(),
        parent_id: parent.map(str::to_owned),
        path: path.to_owned(),
        path_part: path
            .rsplit('/')
            .next()
            .filter(|p| !p.is_empty())
            .map(str::to_owned),
        methods: methods
            .into_iter()
            .map(|m| (m.http_method.clone(), m))
            .collect(),
    }
}

/// `values` as one datapoint per minute over the last `values.len()` minutes.
pub(crate) fn series(values: &[(f64, f64, Option<f64>)]) -> Vec<Datapoint> {
    let now = SystemTime::now();
    values
        .iter()
        .enumerate()
        .map(|(i, (sum_or_average, samples, p99))| {
            let mut point = Datapoint::at(now - Duration::from_secs(60 * (i as u64 + 1)));
            point.sum = Some(*sum_or_average);
            point.average = Some(*sum_or_average);
            point.sample_count = Some(*samples);
            if let Some(p99) = p99 {
                point.extended.insert("p99".to_owned(), *p99);
            }
            point
        })
        .collect()
}

/// `n` minutes of `value` (sum and average), 600 samples, p99 `p99`.
pub(crate) fn steady(n: usize, value: f64, p99: Option<f64>) -> Vec<Datapoint> {
    series(&vec![(value, 600.0, p99); n])
}

impl Fixture {
    pub(crate) fn healthy() -> Self {
        let lambda_uri = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:order/invocations";
        let http = Integration::http_proxy("GET", "https://backend.example.com/orders")
            .with_timeout_millis(10_000);
        let lambda = Integration::lambda_proxy(lambda_uri).with_credentials(ROLE_ARN);
        let tree = vec![
            resource("root00", None, "/", vec![]),
            resource(
                "res001",
                Some("root00"),
                "/orders",
                vec![method("GET", Authorization::None, true, Some(http))],
            ),
            resource(
                "res002",
                Some("res001"),
                "/orders/{id}",
                vec![method("GET", Authorization::AwsIam, false, Some(lambda))],
            ),
            resource(
                "res003",
                Some("root00"),
                "/health",
                vec![method(
                    "GET",
                    Authorization::None,
                    false,
                    Some(Integration::mock()),
                )],
            ),
        ];
        let mut method_settings = BTreeMap::new();
        method_settings.insert(
            "*/*".to_owned(),
            MethodSetting {
                throttling_rate_limit: 100.0,
                throttling_burst_limit: 200,
                metrics_enabled: true,
                logging_level: None,
                data_trace_enabled: false,
            },
        );
        let alarm = |suffix: &str, metric: &str| Alarm {
            name: format!("orders-live-{suffix}"),
            arn: format!("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:orders-live-{suffix}"),
            description: None,
            state: AlarmState::Ok,
            state_reason: None,
            state_updated: None,
            actions_enabled: true,
            alarm_actions: vec![TOPIC_ARN.to_owned()],
            ok_actions: vec![TOPIC_ARN.to_owned()],
            insufficient_data_actions: Vec::new(),
            threshold: Some(1.0),
            comparison: None,
            evaluation_periods: Some(1),
            datapoints_to_alarm: None,
            treat_missing_data: None,
            metric: Some(apigw_alarms::AlarmMetric::Single(
                apigw_alarms::MetricStat {
                    metric: apigw_alarms::Metric::api_gateway(metric, "orders", Some("live")),
                    period_seconds: 300,
                    stat: "Sum".to_owned(),
                    unit: None,
                },
            )),
        };
        let mut metrics = BTreeMap::new();
        metrics.insert(METRIC_COUNT, steady(10, 600.0, None));
        metrics.insert(METRIC_4XX, steady(10, 0.0, None));
        metrics.insert(METRIC_5XX, steady(10, 0.0, None));
        metrics.insert(METRIC_LATENCY, steady(10, 100.0, Some(180.0)));
        metrics.insert(METRIC_INTEGRATION_LATENCY, steady(10, 80.0, None));
        let mut plan_keys = BTreeMap::new();
        plan_keys.insert(
            "plan01".to_owned(),
            vec![UsagePlanKey {
                id: "key0000001".to_owned(),
                key_type: "API_KEY".to_owned(),
                name: Some("partner-a".to_owned()),
            }],
        );
        Self {
            apis: vec![RestApi {
                id: API_ID.to_owned(),
                name: "orders".to_owned(),
                description: None,
                created_date: None,
                endpoint_types: vec![EndpointType::Regional],
                root_resource_id: Some("root00".to_owned()),
                tags: Default::default(),
                policy: None,
                disable_execute_api_endpoint: false,
            }],
            tree,
            stage: Some(Stage {
                name: "live".to_owned(),
                deployment_id: Some("dep001".to_owned()),
                description: None,
                method_settings,
                variables: BTreeMap::new(),
                tags: Default::default(),
                created_date: None,
                last_updated_date: None,
            }),
            deployment: Some(Deployment {
                id: "dep001".to_owned(),
                description: Some("apigw:abc123 1700000000.000000000".to_owned()),
                created_date: None,
            }),
            plans: vec![UsagePlan {
                id: "plan01".to_owned(),
                name: "partners".to_owned(),
                description: None,
                api_stages: vec![ApiStage::new(API_ID, "live")],
                throttle: Some(Throttle {
                    rate_limit: 10.0,
                    burst_limit: 20,
                }),
                quota: None,
                tags: Default::default(),
            }],
            plan_keys,
            api_keys: vec![ApiKey {
                id: "key0000001".to_owned(),
                name: "partner-a".to_owned(),
                description: None,
                enabled: true,
                created_date: None,
                tags: Default::default(),
                value: None,
            }],
            domain: Some(DomainName {
                name: "api.example.com".to_owned(),
                endpoint_type: Some(EndpointType::Regional),
                certificate_arn: None,
                regional_certificate_arn: Some(CERT_ARN.to_owned()),
                regional_domain_name: Some(REGIONAL_TARGET.to_owned()),
                regional_hosted_zone_id: Some(REGIONAL_ZONE.to_owned()),
                distribution_domain_name: None,
                distribution_hosted_zone_id: None,
                security_policy: None,
                status: Some(DomainNameStatus::Available),
                status_message: None,
                tags: Default::default(),
            }),
            mappings: vec![BasePathMapping {
                base_path: String::new(),
                rest_api_id: API_ID.to_owned(),
                stage: Some("live".to_owned()),
            }],
            zone: Some(HostedZone {
                id: "Z0EXAMPLE".to_owned(),
                name: "example.com".to_owned(),
                private: false,
                record_count: 3,
            }),
            records: vec![RecordSet::alias(
                "api.example.com",
                RecordType::A,
                AliasTarget {
                    dns_name: REGIONAL_TARGET.to_owned(),
                    hosted_zone_id: REGIONAL_ZONE.to_owned(),
                    evaluate_target_health: false,
                },
            )],
            certs: vec![Certificate {
                arn: CERT_ARN.to_owned(),
                domain_name: "api.example.com".to_owned(),
                sans: vec!["api.example.com".to_owned()],
                status: CertificateStatus::Issued,
                key_algorithm: "RSA_2048".to_owned(),
                in_use_by: vec![
                    "arn:aws:apigateway:eu-west-1::/domainnames/api.example.com".to_owned()
                ],
                not_after: Some(SystemTime::now() + Duration::from_secs(200 * 86_400)),
                region: REGION.to_owned(),
                validation: Vec::new(),
                certificate_type: CertificateType::AmazonIssued,
            }],
            roles: vec![Role {
                name: "orders-apigw".to_owned(),
                arn: ROLE_ARN.to_owned(),
                id: "AROAEXAMPLE".to_owned(),
                path: "/".to_owned(),
                description: None,
                trust_policy: Some(service_trust_policy(API_GATEWAY_SERVICE)),
                max_session_duration: None,
                created: None,
                tags: BTreeMap::new(),
            }],
            attached: vec![AttachedPolicy {
                name: "AWSLambdaRole".to_owned(),
                arn: LAMBDA_POLICY.to_owned(),
            }],
            alarms: vec![
                alarm("4XXError", METRIC_4XX),
                alarm("5XXError", METRIC_5XX),
                alarm("Latency", METRIC_LATENCY),
            ],
            topic: Some(Topic {
                arn: TOPIC_ARN.to_owned(),
                name: "ops-alerts".to_owned(),
            }),
            metrics,
            denied: None,
        }
    }

    /// The target that describes the healthy account exactly.
    pub(crate) fn target() -> TargetBuilder {
        crate::Target::builder()
            .api_name("orders")
            .stage("live")
            .domain(
                DomainTarget::new("api.example.com")
                    .hosted_zone("example.com")
                    .endpoint_type(EndpointType::Regional)
                    .base_path(""),
            )
            .role(RoleTarget::new("orders-apigw").managed_policy(LAMBDA_POLICY))
            .usage_plan(UsagePlanTarget::new("partners").api_key("partner-a"))
            .expect_method(
                ExpectedMethod::new("/orders", "GET")
                    .authorization(Authorization::None)
                    .api_key_required(true),
            )
            .expect_method(
                ExpectedMethod::new("/orders/{id}", "GET").authorization(Authorization::AwsIam),
            )
            .expect_method(ExpectedMethod::new("/health", "GET"))
            .alarms(AlarmsTarget::defaults("orders", "live").topic("ops-alerts"))
            .definition_hash("abc123")
    }

    /// The resource at `path`.
    pub(crate) fn resource_mut(&mut self, path: &str) -> &mut Resource {
        self.tree
            .iter_mut()
            .find(|r| r.path == path)
            .expect("fixture path")
    }

    /// The method `GET` at `path`.
    pub(crate) fn get_mut(&mut self, path: &str) -> &mut Method {
        self.resource_mut(path)
            .methods
            .get_mut("GET")
            .expect("fixture method")
    }

    /// A diagnoser whose six mocks answer from this fixture.
    pub(crate) fn diagnoser(&self) -> Diagnoser {
        let f = Arc::new(self.clone());
        Diagnoser::new(
            Arc::new(apigw(&f)),
            Arc::new(iam(&f)),
            Arc::new(dns(&f)),
            Arc::new(certs(&f)),
            Arc::new(cloudwatch(&f)),
            Arc::new(topics(&f)),
            REGION,
        )
    }
}

fn gate(f: &Fixture, op: &'static str) -> Result<()> {
    if f.denied == Some(op) {
        return Err(Error::new(
            ErrorKind::AccessDenied,
            op,
            "User: arn:aws:iam::123456789012:user/oncall is not authorized to perform this action",
        ));
    }
    Ok(())
}

fn missing(op: &'static str, what: &str) -> Error {
    Error::new(ErrorKind::NotFound, op, format!("{what} not found"))
}

fn apigw(f: &Arc<Fixture>) -> MockApiGateway {
    let mut m = MockApiGateway::new();
    let c = f.clone();
    m.expect_find_rest_apis().returning(move |name| {
        gate(&c, "GetRestApis")?;
        Ok(c.apis.iter().filter(|a| a.name == name).cloned().collect())
    });
    let c = f.clone();
    m.expect_get_rest_api().returning(move |id| {
        gate(&c, "GetRestApi")?;
        c.apis
            .iter()
            .find(|a| a.id == id)
            .cloned()
            .ok_or_else(|| missing("GetRestApi", id))
    });
    let c = f.clone();
    m.expect_get_resources().returning(move |_| {
        gate(&c, "GetResources")?;
        Ok(c.tree.clone())
    });
    let c = f.clone();
    m.expect_get_integration()
        .returning(move |_, resource, http| {
            gate(&c, "GetIntegration")?;
            c.tree
                .iter()
                .find(|r| r.id == resource)
                .and_then(|r| r.methods.get(http))
                .and_then(|m| m.integration.clone())
                .ok_or_else(|| missing("GetIntegration", "integration"))
        });
    let c = f.clone();
    m.expect_get_stage().returning(move |_, name| {
        gate(&c, "GetStage")?;
        c.stage
            .clone()
            .filter(|s| s.name == name)
            .ok_or_else(|| missing("GetStage", name))
    });
    let c = f.clone();
    m.expect_get_deployment().returning(move |_, id| {
        gate(&c, "GetDeployment")?;
        c.deployment
            .clone()
            .filter(|d| d.id == id)
            .ok_or_else(|| missing("GetDeployment", id))
    });
    let c = f.clone();
    m.expect_list_usage_plans().returning(move || {
        gate(&c, "GetUsagePlans")?;
        Ok(c.plans.clone())
    });
    let c = f.clone();
    m.expect_list_usage_plan_keys().returning(move |plan| {
        gate(&c, "GetUsagePlanKeys")?;
        Ok(c.plan_keys.get(plan).cloned().unwrap_or_default())
    });
    let c = f.clone();
    m.expect_find_api_keys().returning(move |name, values| {
        gate(&c, "GetApiKeys")?;
        assert!(!values, "the diagnoser never asks for key values");
        Ok(c.api_keys
            .iter()
            .filter(|k| k.name == name)
            .cloned()
            .collect())
    });
    let c = f.clone();
    m.expect_get_domain_name().returning(move |name| {
        gate(&c, "GetDomainName")?;
        c.domain
            .clone()
            .filter(|d| d.name == name)
            .ok_or_else(|| missing("GetDomainName", name))
    });
    let c = f.clone();
    m.expect_list_base_path_mappings().returning(move |name| {
        gate(&c, "GetBasePathMappings")?;
        match &c.domain {
            Some(d) if d.name == name => Ok(c.mappings.clone()),
            _ => Err(missing("GetBasePathMappings", name)),
        }
    });
    m
}

fn iam(f: &Arc<Fixture>) -> MockIam {
    let mut m = MockIam::new();
    let c = f.clone();
    m.expect_get_role().returning(move |name| {
        gate(&c, "GetRole")?;
        c.roles
            .iter()
            .find(|r| r.name == name)
            .cloned()
            .ok_or_else(|| missing("GetRole", name))
    });
    let c = f.clone();
    m.expect_list_attached_policies().returning(move |name| {
        gate(&c, "ListAttachedRolePolicies")?;
        if c.roles.iter().any(|r| r.name == name) {
            Ok(c.attached.clone())
        } else {
            Err(missing("ListAttachedRolePolicies", name))
        }
    });
    let c = f.clone();
    m.expect_list_inline_policy_names().returning(move |name| {
        gate(&c, "ListRolePolicies")?;
        if c.roles.iter().any(|r| r.name == name) {
            Ok(Vec::new())
        } else {
            Err(missing("ListRolePolicies", name))
        }
    });
    m
}

fn dns(f: &Arc<Fixture>) -> MockDns {
    let mut m = MockDns::new();
    let c = f.clone();
    m.expect_find_zone().returning(move |_| {
        gate(&c, "ListHostedZonesByName")?;
        Ok(c.zone.clone())
    });
    let c = f.clone();
    m.expect_list_records().returning(move |_, _| {
        gate(&c, "ListResourceRecordSets")?;
        Ok(c.records.clone())
    });
    m
}

fn certs(f: &Arc<Fixture>) -> MockCertificates {
    let mut m = MockCertificates::new();
    let c = f.clone();
    m.expect_list_certificates().returning(move |region| {
        gate(&c, "ListCertificates")?;
        Ok(c.certs
            .iter()
            .filter(|cert| cert.region == region)
            .map(|cert| CertificateSummary {
                arn: cert.arn.clone(),
                domain_name: cert.domain_name.clone(),
                sans: cert.sans.clone(),
                status: cert.status,
                key_algorithm: cert.key_algorithm.clone(),
                in_use: !cert.in_use_by.is_empty(),
                not_after: cert.not_after,
            })
            .collect())
    });
    let c = f.clone();
    m.expect_describe_certificate()
        .returning(move |region, arn| {
            gate(&c, "DescribeCertificate")?;
            c.certs
                .iter()
                .find(|cert| cert.arn == arn && cert.region == region)
                .cloned()
                .ok_or_else(|| missing("DescribeCertificate", arn))
        });
    m
}

fn cloudwatch(f: &Arc<Fixture>) -> MockCloudWatch {
    let mut m = MockCloudWatch::new();
    let c = f.clone();
    m.expect_get_metric_statistics().returning(move |query| {
        gate(&c, "GetMetricStatistics")?;
        assert_eq!(query.period_seconds, 60);
        assert_eq!(
            query.dimensions,
            [
                ("ApiName".to_owned(), "orders".to_owned()),
                ("Stage".to_owned(), "live".to_owned())
            ]
        );
        Ok(c.metrics
            .get(query.metric_name.as_str())
            .cloned()
            .unwrap_or_default())
    });
    let c = f.clone();
    m.expect_describe_alarms().returning(move |names| {
        gate(&c, "DescribeAlarms")?;
        Ok(c.alarms
            .iter()
            .filter(|a| names.contains(&a.name))
            .cloned()
            .collect())
    });
    m
}

fn topics(f: &Arc<Fixture>) -> MockTopics {
    let mut m = MockTopics::new();
    let c = f.clone();
    m.expect_resolve().returning(move |name| {
        gate(&c, "ListTopics")?;
        Ok(c.topic.clone().filter(|t| t.name == name || t.arn == name))
    });
    m
}
