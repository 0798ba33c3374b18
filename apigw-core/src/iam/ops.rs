//! The IAM operations: one [`Op`] per AWS operation, named after it, shared by the SDK
//! adapter, the runtime decorator (apigw-facade) and the simulator (apigw-sim), so the kind
//! (read / write safe to repeat / create not idempotent) and the eventual-consistency flag are
//! written once.

use crate::runtime::{Op, Service};

/// `GetRole`: a read.
pub const GET_ROLE: Op = Op::read(Service::Iam, "GetRole");
/// `CreateRole`: a create. Role names are unique, but a lost attempt answers AlreadyExists on
/// the repeat: the caller looks the role up.
pub const CREATE_ROLE: Op = Op::create(Service::Iam, "CreateRole");
/// `AttachRolePolicy`: a write, safe to repeat.
pub const ATTACH_ROLE_POLICY: Op = Op::write(Service::Iam, "AttachRolePolicy");
/// `DetachRolePolicy`: a write, safe to repeat.
pub const DETACH_ROLE_POLICY: Op = Op::write(Service::Iam, "DetachRolePolicy");
/// `ListAttachedRolePolicies`: a read.
pub const LIST_ATTACHED_ROLE_POLICIES: Op = Op::read(Service::Iam, "ListAttachedRolePolicies");
/// `ListRolePolicies`: a read.
pub const LIST_ROLE_POLICIES: Op = Op::read(Service::Iam, "ListRolePolicies");
/// `DeleteRolePolicy`: a write, safe to repeat.
pub const DELETE_ROLE_POLICY: Op = Op::write(Service::Iam, "DeleteRolePolicy");
/// `DeleteRole`: a write, safe to repeat.
pub const DELETE_ROLE: Op = Op::write(Service::Iam, "DeleteRole");
