//! [`Diagnoser`]: the checks over the six concern traits, one pub async fn each, and
//! [`Diagnoser::run_all`] that runs them together.

use std::fmt;
use std::sync::Arc;

use apigw_alarms::{CloudWatch, Topics};
use apigw_certs::Certificates;
use apigw_core::iam::Iam;
use apigw_core::restapi::ApiGateway;
use apigw_dns::Dns;
use futures::future::join_all;

use crate::checks;
use crate::context::Ctx;
use crate::model::{CheckId, CheckReport, Report};
use crate::target::Target;

/// Where EDGE custom domains' certificates live.
pub const EDGE_CERTIFICATE_REGION: &str = "us-east-1";

/// Runs the runbook checks against one account and region. Cheap to clone.
///
/// Every check only reads. Each check returns a [`CheckReport`] whatever happens: a failed read
/// makes that check `error` (with the reason) and never stops the others.
#[derive(Clone)]
pub struct Diagnoser {
    pub(crate) apigw: Arc<dyn ApiGateway>,
    pub(crate) iam: Arc<dyn Iam>,
    pub(crate) dns: Arc<dyn Dns>,
    pub(crate) certs: Arc<dyn Certificates>,
    pub(crate) cloudwatch: Arc<dyn CloudWatch>,
    pub(crate) topics: Arc<dyn Topics>,
    region: String,
    edge_region: String,
}

impl fmt::Debug for Diagnoser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Diagnoser")
            .field("region", &self.region)
            .field("edge_region", &self.edge_region)
            .finish_non_exhaustive()
    }
}

impl Diagnoser {
    /// A diagnoser over six backends; `region` is the API's region (API Gateway, CloudWatch,
    /// SNS, REGIONAL certificates).
    pub fn new(
        apigw: Arc<dyn ApiGateway>,
        iam: Arc<dyn Iam>,
        dns: Arc<dyn Dns>,
        certs: Arc<dyn Certificates>,
        cloudwatch: Arc<dyn CloudWatch>,
        topics: Arc<dyn Topics>,
        region: impl Into<String>,
    ) -> Self {
        Self {
            apigw,
            iam,
            dns,
            certs,
            cloudwatch,
            topics,
            region: region.into(),
            edge_region: EDGE_CERTIFICATE_REGION.to_owned(),
        }
    }

    /// One value that implements every trait (the simulator) for all six.
    pub fn uniform<T>(backend: T, region: impl Into<String>) -> Self
    where
        T: ApiGateway + Iam + Dns + Certificates + CloudWatch + Topics + 'static,
    {
        let backend = Arc::new(backend);
        Self::new(
            backend.clone(),
            backend.clone(),
            backend.clone(),
            backend.clone(),
            backend.clone(),
            backend,
            region,
        )
    }

    /// Where EDGE certificates must live (default `us-east-1`; another partition's equivalent).
    pub fn with_edge_region(mut self, region: impl Into<String>) -> Self {
        self.edge_region = region.into();
        self
    }

    /// The API's region.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// Where EDGE certificates must live.
    pub fn edge_region(&self) -> &str {
        &self.edge_region
    }

    /// Every check, concurrently: resolves the API once, then runs the eleven checks together,
    /// sharing the reads several of them need.
    pub async fn run_all(&self, target: &Target) -> Report {
        self.run_only(target, &CheckId::ALL).await
    }

    /// The checks in `ids` (in report order, each once), concurrently.
    pub async fn run_only(&self, target: &Target, ids: &[CheckId]) -> Report {
        let cx = Ctx::new(self, target);
        let api = cx.api().await.ok().cloned();
        let selected = CheckId::ALL.into_iter().filter(|id| ids.contains(id));
        let checks = join_all(selected.map(|id| checks::run(&cx, id))).await;
        Report {
            api_name: api
                .as_ref()
                .map(|a| a.name.clone())
                .or_else(|| target.api_name.clone()),
            api_id: api.map(|a| a.id),
            stage: target.stage.clone(),
            window: target.window,
            checks,
        }
    }

    /// One check by id.
    pub async fn run(&self, target: &Target, id: CheckId) -> CheckReport {
        checks::run(&Ctx::new(self, target), id).await
    }

    /// `client-errors`: `Sum` of `4XXError` and `Count` per minute over the window; fails when
    /// `100 * errors / requests` is above the threshold, warns on any 4XX.
    pub async fn client_errors(&self, target: &Target) -> CheckReport {
        self.run(target, CheckId::ClientErrors).await
    }

    /// `server-errors`: as `client-errors` with `5XXError`.
    pub async fn server_errors(&self, target: &Target) -> CheckReport {
        self.run(target, CheckId::ServerErrors).await
    }

    /// `latency`: `Latency` average and p99, `IntegrationLatency` average; fails when the
    /// average is above the threshold, warns when p99 is; the evidence says whether the backend
    /// or API Gateway spends the time.
    pub async fn latency(&self, target: &Target) -> CheckReport {
        self.run(target, CheckId::Latency).await
    }

    /// `dns`: the alias A (and AAAA) record of the custom domain points at the domain's
    /// distribution (EDGE) or regional (REGIONAL) target.
    pub async fn dns(&self, target: &Target) -> CheckReport {
        self.run(target, CheckId::Dns).await
    }

    /// `certificate`: the domain's certificate is ISSUED, in the region its endpoint type
    /// needs, covers the domain, is used by the custom domain name, and is not about to expire.
    pub async fn certificate(&self, target: &Target) -> CheckReport {
        self.run(target, CheckId::Certificate).await
    }

    /// `iam-role`: the execution role exists, trusts `apigateway.amazonaws.com` and has the
    /// expected managed policies.
    pub async fn iam_role(&self, target: &Target) -> CheckReport {
        self.run(target, CheckId::IamRole).await
    }

    /// `forbidden`: causes of 403 (signed methods, API keys without a usable plan or key,
    /// a denying resource policy, a missing credentials role).
    pub async fn forbidden(&self, target: &Target) -> CheckReport {
        self.run(target, CheckId::Forbidden).await
    }

    /// `not-found`: causes of 404 (missing paths or methods, stage, deployment, base path
    /// mapping; undeployed changes when the target knows the definition hash).
    pub async fn not_found(&self, target: &Target) -> CheckReport {
        self.run(target, CheckId::NotFound).await
    }

    /// `integration`: every method has an integration with a valid URI, a timeout within
    /// 29 s and an existing credentials role.
    pub async fn integration(&self, target: &Target) -> CheckReport {
        self.run(target, CheckId::Integration).await
    }

    /// `throttling`: the expected usage plans are on the stage with their keys enabled, the
    /// stage has throttling, and the peak traffic is not near the stage limit.
    pub async fn throttling(&self, target: &Target) -> CheckReport {
        self.run(target, CheckId::Throttling).await
    }

    /// `alarms`: the expected alarms exist, notify the topic and are not in ALARM.
    pub async fn alarms(&self, target: &Target) -> CheckReport {
        self.run(target, CheckId::Alarms).await
    }
}
