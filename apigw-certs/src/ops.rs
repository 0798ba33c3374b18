//! The ACM operations: one [`Op`] per AWS operation, named after it, shared by the SDK
//! adapter, the runtime decorator (apigw-facade) and the simulator (apigw-sim), so the kind
//! (read / write safe to repeat / create not idempotent) and the eventual-consistency flag are
//! written once.

use apigw_core::{Op, Service};

/// `ListCertificates`: a read.
pub const LIST_CERTIFICATES: Op = Op::read(Service::Acm, "ListCertificates");
/// `DescribeCertificate`: a read.
pub const DESCRIBE_CERTIFICATE: Op = Op::read(Service::Acm, "DescribeCertificate");
/// A write, not a create: idempotent thanks to the idempotency token (a repeat within one hour
/// returns the same ARN).
pub const REQUEST_CERTIFICATE: Op = Op::write(Service::Acm, "RequestCertificate");
/// `DeleteCertificate`: a write, safe to repeat.
pub const DELETE_CERTIFICATE: Op = Op::write(Service::Acm, "DeleteCertificate");
