//! The Route 53 operations: one [`Op`] per AWS operation, named after it, shared by the SDK
//! adapter, the runtime decorator (apigw-facade) and the simulator (apigw-sim), so the kind
//! (read / write safe to repeat / create not idempotent) and the eventual-consistency flag are
//! written once.

use apigw_core::{Op, Service};

/// `ListHostedZonesByName`: a read.
pub const LIST_HOSTED_ZONES_BY_NAME: Op = Op::read(Service::Route53, "ListHostedZonesByName");
/// `GetHostedZone`: a read.
pub const GET_HOSTED_ZONE: Op = Op::read(Service::Route53, "GetHostedZone");
/// `ListResourceRecordSets`: a read.
pub const LIST_RESOURCE_RECORD_SETS: Op = Op::read(Service::Route53, "ListResourceRecordSets");
/// A write: UPSERT converges; a repeated DELETE answers NotFound, which callers removing treat
/// as done.
pub const CHANGE_RESOURCE_RECORD_SETS: Op = Op::write(Service::Route53, "ChangeResourceRecordSets");
/// `GetChange`: a read.
pub const GET_CHANGE: Op = Op::read(Service::Route53, "GetChange");
