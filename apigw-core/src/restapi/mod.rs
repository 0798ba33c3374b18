//! The API Gateway concern: REST APIs (v1) and everything provisioned or diagnosed on them.
//!
//! - [`model`]: [`RestApi`], the resource tree ([`Resource`], [`Method`], [`Integration`]),
//!   [`GatewayResponse`], [`Deployment`], [`Stage`] with [`StagePatch`], [`UsagePlan`],
//!   [`ApiKey`] (its value redacted in `Debug`), [`DomainName`], [`BasePathMapping`], and the
//!   enums mapping AWS strings ([`EndpointType`], [`IntegrationType`], [`Authorization`], …).
//! - [`api`]: the [`ApiGateway`] trait (`MockApiGateway` with the `mock` feature).
//! - [`sdk`]: [`SdkApiGateway`], the trait over `aws-sdk-apigateway`: pagination inside, every
//!   call through the shared [`crate::Caller`], non-idempotent creates with an after-failure
//!   lookup.
//! - [`lookup`]: those after-failure lookups ([`lookup::created_rest_api`], …), shared by
//!   every implementation that retries a create.
//!
//! ```no_run
//! # async fn example(ctx: &apigw_core::AwsContext) -> apigw_core::Result<()> {
//! use apigw_core::restapi::{ApiGateway, SdkApiGateway, StagePatch};
//!
//! let apigw = SdkApiGateway::new(ctx);
//! for api in apigw.find_rest_apis("orders").await? {
//!     let tree = apigw.get_resources(&api.id).await?;
//!     let methods: usize = tree.iter().map(|r| r.methods.len()).sum();
//!     println!("{} ({}): {} resources, {methods} methods", api.name, api.id, tree.len());
//!     let patches = [StagePatch::Throttling { rate_limit: 100.0, burst_limit: 200 }];
//!     apigw.update_stage(&api.id, "live", &patches).await?;
//! }
//! # Ok(()) }
//! ```

pub mod api;
pub mod lookup;
pub mod model;
pub mod ops;
pub mod sdk;

pub use api::ApiGateway;
#[cfg(any(test, feature = "mock"))]
pub use api::MockApiGateway;
pub use model::{
    rest_api_arn, stage_arn, ApiKey, ApiKeyValue, ApiStage, Authorization, BasePathMapping,
    Deployment, DomainName, DomainNameStatus, EndpointType, GatewayResponse, GatewayResponseType,
    Integration, IntegrationResponse, IntegrationType, LoggingLevel, Method, MethodPatch,
    MethodResponse, MethodSetting, MethodSpec, NewApiKey, NewDeployment, NewDomainName, NewRestApi,
    NewStage, NewUsagePlan, PassthroughBehavior, Quota, QuotaPeriod, Resource, RestApi,
    RestApiPatch, SecurityPolicy, Stage, StagePatch, Tags, Throttle, UnknownVariant, UsagePlan,
    UsagePlanKey, UsagePlanPatch, ALL_METHODS, MAX_PAGE_SIZE,
};
pub use ops::{create_rest_api_op, method_target, put_integration_op};
pub use sdk::SdkApiGateway;
