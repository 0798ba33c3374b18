//! The IAM concern: the execution role API Gateway assumes for integrations.
//!
//! - [`model`]: [`Role`] (decoded trust policy, [`Role::trusts_service`]), [`RoleSpec`],
//!   [`AttachedPolicy`], [`trust_allows_service`].
//! - [`api`]: the [`Iam`] trait (`MockIam` with the `mock` feature).
//! - [`sdk`]: [`SdkIam`], the trait over `aws-sdk-iam`.
//!
//! ```no_run
//! # async fn example(ctx: &apigw_core::AwsContext) -> apigw_core::Result<()> {
//! use apigw_core::iam::{Iam, RoleSpec, SdkIam, API_GATEWAY_SERVICE};
//! use apigw_core::ErrorKind;
//!
//! let iam = SdkIam::new(ctx);
//! let role = match iam.create_role(&RoleSpec::for_api_gateway("orders-apigw")).await {
//!     Ok(role) => role,
//!     Err(e) if e.kind() == ErrorKind::AlreadyExists => iam.get_role("orders-apigw").await?,
//!     Err(e) => return Err(e),
//! };
//! assert!(role.trusts_service(API_GATEWAY_SERVICE));
//! iam.attach_managed_policy(&role.name, "arn:aws:iam::aws:policy/service-role/AWSLambdaRole").await?;
//! # Ok(()) }
//! ```

pub mod api;
pub mod model;
pub mod ops;
pub mod sdk;

pub use api::Iam;
#[cfg(any(test, feature = "mock"))]
pub use api::MockIam;
pub use model::{
    service_trust_policy, trust_allows_service, AttachedPolicy, Role, RoleSpec,
    API_GATEWAY_SERVICE, POLICY_VERSION,
};
pub use sdk::SdkIam;
