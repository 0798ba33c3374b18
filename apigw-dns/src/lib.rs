//! apigw-dns: Route 53 for apigw — find the public hosted zone of a domain, list its record
//! sets, UPSERT/DELETE alias and validation records, wait for a change to be `INSYNC`.
//!
//! - [`model`]: [`HostedZone`], [`RecordSet`] ([`RecordType`], [`AliasTarget`]), [`Change`]
//!   ([`ChangeAction`]), [`ChangeInfo`] ([`ChangeStatus`]); [`normalize_name`] (lower case,
//!   escapes decoded, no trailing dot), [`zone_id_of`], [`zone_candidates`].
//! - [`api`]: the [`Dns`] trait (`MockDns` with the `mock` feature).
//! - [`sdk`]: [`SdkDns`], the trait over `aws-sdk-route53`, every call through the
//!   [`apigw_core::Caller`].
//! - [`wait`]: [`poll_in_sync`], the `GetChange` loop every `wait_in_sync` runs.
//!
//! Route 53 is global: one client serves every region.
//!
//! ```no_run
//! # async fn example() -> apigw_core::Result<()> {
//! use std::time::Duration;
//! use apigw_dns::{AliasTarget, Change, Dns, RecordSet, RecordType, SdkDns};
//!
//! let ctx = apigw_core::AwsContext::builder().region("eu-west-1").load().await?;
//! let dns = SdkDns::new(&ctx);
//! let zone = dns.find_zone("api.example.com").await?.expect("a public zone for example.com");
//! let alias = RecordSet::alias(
//!     "api.example.com",
//!     RecordType::A,
//!     AliasTarget {
//!         dns_name: "d-abc123.execute-api.eu-west-1.amazonaws.com".into(),
//!         hosted_zone_id: "ZLY8HYME6SFDD".into(),
//!         evaluate_target_health: false,
//!     },
//! );
//! let change = dns.change_records(&zone.id, vec![Change::upsert(alias)]).await?;
//! dns.wait_in_sync(&change.id, Duration::from_secs(120), Duration::from_secs(5)).await?;
//! # Ok(()) }
//! ```

pub mod api;
pub mod model;
pub mod ops;
pub mod sdk;
pub mod wait;

pub use api::Dns;
#[cfg(any(test, feature = "mock"))]
pub use api::MockDns;
pub use model::{
    normalize_name, zone_candidates, zone_id_of, AliasTarget, Change, ChangeAction, ChangeInfo,
    ChangeStatus, HostedZone, RecordSet, RecordType,
};
pub use sdk::SdkDns;
pub use wait::poll_in_sync;
