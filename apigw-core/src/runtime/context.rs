//! [`AwsContext`]: AWS configuration loaded once, the SDK clients built once, and the
//! [`Caller`] they all share.
//!
//! The SDK clients are built with their own retries **disabled**: the [`Caller`] owns every
//! retry, so attempts never multiply (3 SDK attempts inside 12 of ours would be 36).

use std::fmt;
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};

use super::caller::{Caller, RuntimeConfig};
use super::error::{Error, ErrorKind, Result};

/// The region AWS requires for EDGE certificates (CloudFront) and where Route 53 lives.
pub const US_EAST_1: &str = "us-east-1";

/// Loaded AWS configuration and the clients built from it.
#[derive(Clone)]
pub struct AwsContext {
    region: String,
    secondary_region: String,
    endpoint_url: Option<String>,
    caller: Caller,
    apigateway: aws_sdk_apigateway::Client,
    iam: aws_sdk_iam::Client,
    route53: aws_sdk_route53::Client,
    acm: aws_sdk_acm::Client,
    acm_secondary: aws_sdk_acm::Client,
    cloudwatch: aws_sdk_cloudwatch::Client,
    sns: aws_sdk_sns::Client,
}

impl fmt::Debug for AwsContext {
    /// Regions and endpoint only: credentials never reach Debug output.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AwsContext")
            .field("region", &self.region)
            .field("secondary_region", &self.secondary_region)
            .field("endpoint_url", &self.endpoint_url)
            .finish_non_exhaustive()
    }
}

/// Builds an [`AwsContext`]; every setting falls back to the usual AWS configuration chain.
#[derive(Debug, Clone, Default)]
pub struct AwsContextBuilder {
    region: Option<String>,
    secondary_region: Option<String>,
    endpoint_url: Option<String>,
    profile: Option<String>,
    connect_timeout: Option<Duration>,
    runtime: RuntimeConfig,
}

impl AwsContextBuilder {
    /// The primary region (the API's). Default: `AWS_REGION` / the profile's region.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The secondary region, for EDGE certificates. Default: `us-east-1`.
    pub fn secondary_region(mut self, region: impl Into<String>) -> Self {
        self.secondary_region = Some(region.into());
        self
    }

    /// Sends every call to this endpoint (an emulator). Default: `AWS_ENDPOINT_URL` if set.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// The shared-config profile to load credentials and region from.
    pub fn profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = Some(profile.into());
        self
    }

    /// Pacing, retry and per-attempt timeout.
    pub fn runtime(mut self, runtime: RuntimeConfig) -> Self {
        self.runtime = runtime;
        self
    }

    /// Time allowed to open a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Loads the AWS configuration and builds the clients.
    pub async fn load(self) -> Result<AwsContext> {
        let endpoint_url = self.endpoint_url.or_else(|| {
            std::env::var("AWS_ENDPOINT_URL")
                .ok()
                .filter(|url| !url.trim().is_empty())
        });
        let timeouts = TimeoutConfig::builder()
            .connect_timeout(self.connect_timeout.unwrap_or(Duration::from_secs(5)))
            .operation_attempt_timeout(self.runtime.attempt_timeout)
            .build();
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .retry_config(RetryConfig::disabled())
            .timeout_config(timeouts);
        if let Some(region) = &self.region {
            loader = loader.region(Region::new(region.clone()));
        }
        if let Some(profile) = &self.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(url) = &endpoint_url {
            loader = loader.endpoint_url(url);
        }
        let config = loader.load().await;
        let region = config.region().map(ToString::to_string).ok_or_else(|| {
            Error::new(
                ErrorKind::Invalid,
                "LoadAwsConfig",
                "no AWS region configured: pass --region, set AWS_REGION, or set `region` in the spec",
            )
        })?;
        let secondary_region = self
            .secondary_region
            .unwrap_or_else(|| US_EAST_1.to_owned());
        Ok(AwsContext::from_sdk_config(
            &config,
            region,
            secondary_region,
            endpoint_url,
            self.runtime,
        ))
    }
}

impl AwsContext {
    /// Starts a builder.
    pub fn builder() -> AwsContextBuilder {
        AwsContextBuilder::default()
    }

    /// Builds the clients from an already loaded `SdkConfig`.
    pub fn from_sdk_config(
        config: &SdkConfig,
        region: String,
        secondary_region: String,
        endpoint_url: Option<String>,
        runtime: RuntimeConfig,
    ) -> Self {
        let secondary = config
            .to_builder()
            .region(Region::new(secondary_region.clone()))
            .build();
        Self {
            apigateway: aws_sdk_apigateway::Client::new(config),
            iam: aws_sdk_iam::Client::new(config),
            route53: aws_sdk_route53::Client::new(config),
            acm: aws_sdk_acm::Client::new(config),
            acm_secondary: aws_sdk_acm::Client::new(&secondary),
            cloudwatch: aws_sdk_cloudwatch::Client::new(config),
            sns: aws_sdk_sns::Client::new(config),
            caller: Caller::new(runtime),
            region,
            secondary_region,
            endpoint_url,
        }
    }

    /// The primary region.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The secondary region (EDGE certificates).
    pub fn secondary_region(&self) -> &str {
        &self.secondary_region
    }

    /// The emulator endpoint, when one is configured.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// The runtime every adapter sends its calls through.
    pub fn caller(&self) -> &Caller {
        &self.caller
    }

    /// API Gateway (REST, v1) in the primary region.
    pub fn apigateway(&self) -> &aws_sdk_apigateway::Client {
        &self.apigateway
    }

    /// IAM (global).
    pub fn iam(&self) -> &aws_sdk_iam::Client {
        &self.iam
    }

    /// Route 53 (global).
    pub fn route53(&self) -> &aws_sdk_route53::Client {
        &self.route53
    }

    /// ACM in `region`: the primary or the secondary one; other regions get a new client.
    pub fn acm_in(&self, region: &str) -> aws_sdk_acm::Client {
        if region == self.region {
            self.acm.clone()
        } else if region == self.secondary_region {
            self.acm_secondary.clone()
        } else {
            let config = self
                .acm
                .config()
                .to_builder()
                .region(Region::new(region.to_owned()))
                .build();
            aws_sdk_acm::Client::from_conf(config)
        }
    }

    /// CloudWatch in the primary region.
    pub fn cloudwatch(&self) -> &aws_sdk_cloudwatch::Client {
        &self.cloudwatch
    }

    /// SNS in the primary region.
    pub fn sns(&self) -> &aws_sdk_sns::Client {
        &self.sns
    }
}
