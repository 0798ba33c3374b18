//! apigw-core: the call runtime shared by every apigw crate, plus the API Gateway and IAM
//! concerns.
//!
//! - [`runtime`]: [`AwsContext`], [`Caller`] (pacing → timeout → retry → span), [`Error`] and
//!   [`ErrorKind`].
//! - [`iam`]: the execution role API Gateway assumes: the [`iam::Iam`] trait, [`iam::SdkIam`],
//!   [`iam::Role`] with its decoded trust policy.
//! - [`restapi`]: API Gateway REST APIs: the [`restapi::ApiGateway`] trait,
//!   [`restapi::SdkApiGateway`], and the model (resource tree, stages, usage plans, API keys,
//!   custom domain names, base path mappings).
//!
//! ```no_run
//! # async fn example() -> apigw_core::Result<()> {
//! use apigw_core::AwsContext;
//! let ctx = AwsContext::builder().region("eu-west-1").load().await?;
//! assert_eq!(ctx.secondary_region(), "us-east-1");
//! # Ok(()) }
//! ```

pub mod iam;
pub mod restapi;
pub mod runtime;

pub use runtime::{AwsContext, Caller, Error, ErrorKind, Op, Result, RuntimeConfig, Service};
