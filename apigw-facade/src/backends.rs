//! [`Backends`]: the six concern traits the pipeline talks to, as trait objects, so the same
//! pipeline runs on AWS, on the simulator or on mocks.

use std::fmt;
use std::sync::Arc;

use apigw_alarms::{CloudWatch, SdkCloudWatch, SdkTopics, Topics};
use apigw_certs::{Certificates, SdkCertificates};
use apigw_core::iam::{Iam, SdkIam};
use apigw_core::restapi::{ApiGateway, SdkApiGateway};
use apigw_core::{AwsContext, Caller};
use apigw_dns::{Dns, SdkDns};

use crate::layer::WithRuntime;

/// Where the pipeline's calls go.
#[derive(Clone)]
pub struct Backends {
    /// API Gateway.
    pub apigw: Arc<dyn ApiGateway>,
    /// IAM.
    pub iam: Arc<dyn Iam>,
    /// Route 53.
    pub dns: Arc<dyn Dns>,
    /// ACM.
    pub certs: Arc<dyn Certificates>,
    /// CloudWatch.
    pub cloudwatch: Arc<dyn CloudWatch>,
    /// SNS topic lookup.
    pub topics: Arc<dyn Topics>,
    /// The API's region.
    pub region: String,
}

impl fmt::Debug for Backends {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Backends")
            .field("region", &self.region)
            .finish_non_exhaustive()
    }
}

impl Backends {
    /// The AWS SDK adapters over one context.
    pub fn aws(ctx: &AwsContext) -> Self {
        Self {
            apigw: Arc::new(SdkApiGateway::new(ctx)),
            iam: Arc::new(SdkIam::new(ctx)),
            dns: Arc::new(SdkDns::new(ctx)),
            certs: Arc::new(SdkCertificates::new(ctx)),
            cloudwatch: Arc::new(SdkCloudWatch::new(ctx)),
            topics: Arc::new(SdkTopics::new(ctx)),
            region: ctx.region().to_owned(),
        }
    }

    /// One value that implements every trait (the simulator) for all six.
    pub fn uniform<T>(backend: T, region: impl Into<String>) -> Self
    where
        T: ApiGateway + Iam + Dns + Certificates + CloudWatch + Topics + 'static,
    {
        let backend = Arc::new(backend);
        Self {
            apigw: backend.clone(),
            iam: backend.clone(),
            dns: backend.clone(),
            certs: backend.clone(),
            cloudwatch: backend.clone(),
            topics: backend,
            region: region.into(),
        }
    }

    /// [`Backends::uniform`] with every call sent through `caller` ([`WithRuntime`]: pacing,
    /// per-attempt timeout, retry, look-up-before-create), for a backend that has no runtime of
    /// its own (the simulator, test doubles). Not for the SDK adapters: they already have one.
    pub fn uniform_with_runtime<T>(backend: T, region: impl Into<String>, caller: Caller) -> Self
    where
        T: ApiGateway + Iam + Dns + Certificates + CloudWatch + Topics + 'static,
    {
        Self::uniform(WithRuntime::new(backend, caller), region)
    }

    /// A [`apigw_diagnose::Diagnoser`] over the same six backends.
    pub fn diagnoser(&self) -> apigw_diagnose::Diagnoser {
        apigw_diagnose::Diagnoser::new(
            self.apigw.clone(),
            self.iam.clone(),
            self.dns.clone(),
            self.certs.clone(),
            self.cloudwatch.clone(),
            self.topics.clone(),
            self.region.clone(),
        )
    }
}
