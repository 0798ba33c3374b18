//! The simulated IAM: roles with trust policies, managed policy attachments, inline policies.
//!
//! AWS behaviour modelled:
//! - Role names are unique per account **case-insensitively** (`Orders` and `orders` are the
//!   same role); the role keeps the spelling it was created with. A second `CreateRole` is
//!   `EntityAlreadyExists` -> [`ErrorKind::AlreadyExists`]; a missing role is `NoSuchEntity`
//!   -> [`ErrorKind::NotFound`].
//! - ARNs `arn:aws:iam::{account}:role{path}{name}`, unique ids `AROA` + 17 characters.
//! - `AttachRolePolicy` is idempotent; AWS managed policies (`arn:aws:iam::aws:policy/…`)
//!   always exist, any other policy ARN is `NoSuchEntity` (the simulator holds no customer
//!   managed policies); a malformed ARN is `InvalidInput` -> [`ErrorKind::Invalid`]. The
//!   eleventh managed policy on one role is `LimitExceeded` (quota `PoliciesPerRole`, 10).
//! - `DeleteRole` of a role that still has managed or inline policies is IAM's
//!   `DeleteConflict` (HTTP 409). The trait maps it to [`ErrorKind::Invalid`], not
//!   `Conflict`: `Conflict` is retried by the runtime, and no retry can detach a policy.
//! - 1,000 roles per account (`RolesPerAccount`) and 50 tags per role -> `LimitExceeded`.
//!
//! Listings (`ListAttachedRolePolicies`, `ListRolePolicies`) answer every page in one call:
//! one journal entry per trait method.

use std::collections::BTreeMap;
use std::time::SystemTime;

use apigw_core::iam::ops::{
    ATTACH_ROLE_POLICY, CREATE_ROLE, DELETE_ROLE, DELETE_ROLE_POLICY, DETACH_ROLE_POLICY, GET_ROLE,
    LIST_ATTACHED_ROLE_POLICIES, LIST_ROLE_POLICIES,
};
use apigw_core::iam::{AttachedPolicy, Iam, Role, RoleSpec};
use apigw_core::{Error, ErrorKind, Result};
use serde_json::Value;

use crate::world::World;
use crate::Sim;

/// IAM quota `PoliciesPerRole` (managed policies attached to one role).
pub(crate) const MANAGED_POLICIES_PER_ROLE: usize = 10;
/// IAM quota `RolesPerAccount` (default).
pub(crate) const ROLES_PER_ACCOUNT: usize = 1000;
/// Tags per IAM role.
const TAGS_PER_ROLE: usize = 50;
/// The prefix of every AWS managed policy ARN.
const AWS_MANAGED_PREFIX: &str = "arn:aws:iam::aws:policy/";
/// IAM's default maximum session duration, in seconds.
const DEFAULT_MAX_SESSION: i32 = 3600;

/// What the simulated account holds for IAM.
#[derive(Debug, Default)]
pub(crate) struct State {
    /// Roles by lower-cased name (IAM names are case-insensitive).
    roles: BTreeMap<String, RoleRecord>,
}

#[derive(Debug, Clone)]
struct RoleRecord {
    role: Role,
    /// Managed policies in the order they were attached.
    attached: Vec<AttachedPolicy>,
    /// Inline policies by name.
    inline: BTreeMap<String, Value>,
}

impl State {
    /// Lists the roles for the invariant checker.
    pub(crate) fn inventory(&self, inv: &mut crate::invariants::Inventory) {
        inv.roles.extend(
            self.roles
                .values()
                .map(|r| (r.role.name.clone(), r.role.tags.clone())),
        );
    }

    fn role(&self, name: &str, op: &'static str) -> Result<&RoleRecord> {
        self.roles
            .get(&name.to_ascii_lowercase())
            .ok_or_else(|| no_such_role(op, name))
    }

    fn role_mut(&mut self, name: &str, op: &'static str) -> Result<&mut RoleRecord> {
        self.roles
            .get_mut(&name.to_ascii_lowercase())
            .ok_or_else(|| no_such_role(op, name))
    }
}

fn no_such_role(op: &'static str, name: &str) -> Error {
    Error::new(
        ErrorKind::NotFound,
        op,
        format!("The role with name {name} cannot be found."),
    )
    .with_resource(name)
}

/// Whether a role with this ARN exists (the API Gateway simulator checks integration
/// credentials with it). The comparison ignores the case of the role name, as IAM does.
pub(crate) fn role_exists(world: &World, role_arn: &str) -> bool {
    world
        .iam
        .roles
        .values()
        .any(|r| r.role.arn.eq_ignore_ascii_case(role_arn.trim()))
}

/// IAM's role name rule: 1–64 of `[A-Za-z0-9+=,.@_-]`.
fn valid_role_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c))
}

/// IAM's path rule: `/` or `/…/`, at most 512 characters of printable ASCII.
fn valid_path(path: &str) -> bool {
    path.len() <= 512
        && path.starts_with('/')
        && path.ends_with('/')
        && !path.contains("//")
        && path.chars().all(|c| ('!'..='~').contains(&c))
}

fn create_role(
    world: &mut World,
    spec: &RoleSpec,
    trust_policy: Value,
    op: &'static str,
) -> Result<Role> {
    let invalid = |message: String| {
        Error::new(ErrorKind::Invalid, op, message).with_resource(spec.name.clone())
    };
    if !valid_role_name(&spec.name) {
        return Err(invalid(format!(
            "1 validation error detected: Value '{}' at 'roleName' failed to satisfy constraint: \
             Member must satisfy regular expression pattern: [\\w+=,.@-]+ and have length 1 to 64",
            spec.name
        )));
    }
    let path = spec.path.clone().unwrap_or_else(|| "/".to_owned());
    if !valid_path(&path) {
        return Err(invalid(format!(
            "The specified value for path is invalid: {path:?} must begin and end with '/'"
        )));
    }
    if spec
        .description
        .as_ref()
        .is_some_and(|d| d.chars().count() > 1000)
    {
        return Err(invalid(
            "the description is longer than 1000 characters".to_owned(),
        ));
    }
    if spec.tags.len() > TAGS_PER_ROLE {
        return Err(Error::new(
            ErrorKind::LimitExceeded,
            op,
            format!("Cannot exceed quota for TagsPerRole: {TAGS_PER_ROLE}"),
        )
        .with_resource(spec.name.clone()));
    }
    let key = spec.name.to_ascii_lowercase();
    if world.iam.roles.contains_key(&key) {
        return Err(Error::new(
            ErrorKind::AlreadyExists,
            op,
            format!("Role with name {} already exists.", spec.name),
        )
        .with_resource(spec.name.clone()));
    }
    if world.iam.roles.len() >= ROLES_PER_ACCOUNT {
        return Err(Error::new(
            ErrorKind::LimitExceeded,
            op,
            format!("Cannot exceed quota for RolesPerAccount: {ROLES_PER_ACCOUNT}"),
        )
        .with_resource(spec.name.clone()));
    }
    let role = Role {
        name: spec.name.clone(),
        arn: format!("arn:aws:iam::{}:role{path}{}", world.account_id, spec.name),
        id: world.iam_id("AROA"),
        path,
        description: spec.description.clone(),
        trust_policy: Some(trust_policy),
        max_session_duration: Some(DEFAULT_MAX_SESSION),
        created: Some(SystemTime::now()),
        tags: spec.tags.clone(),
    };
    world.iam.roles.insert(
        key,
        RoleRecord {
            role: role.clone(),
            attached: Vec::new(),
            inline: BTreeMap::new(),
        },
    );
    Ok(role)
}

/// Checks a policy ARN: `Ok(name)` for an AWS managed policy, `NotFound` for a well-formed
/// customer managed one (none exist here), `Invalid` for anything else.
fn managed_policy_name(policy_arn: &str, op: &'static str) -> Result<String> {
    let arn = policy_arn.trim();
    if let Some(rest) = arn.strip_prefix(AWS_MANAGED_PREFIX) {
        let name = rest.rsplit('/').next().unwrap_or_default();
        if !name.is_empty() {
            return Ok(name.to_owned());
        }
    }
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", "aws", "iam", "", _account, resource]
            if resource.starts_with("policy/") && resource.len() > "policy/".len() =>
        {
            Err(Error::new(
                ErrorKind::NotFound,
                op,
                format!("Policy {arn} does not exist or is not attachable."),
            )
            .with_resource(arn))
        }
        _ => Err(
            Error::new(ErrorKind::Invalid, op, format!("ARN {arn} is not valid."))
                .with_resource(arn),
        ),
    }
}

#[async_trait::async_trait]
impl Iam for Sim {
    async fn get_role(&self, name: &str) -> Result<Role> {
        self.serve(GET_ROLE, |w| {
            Ok(w.iam.role(name, GET_ROLE.name)?.role.clone())
        })
        .await
    }

    async fn create_role(&self, spec: &RoleSpec) -> Result<Role> {
        self.serve(CREATE_ROLE, |w| {
            create_role(w, spec, spec.trust_policy(), CREATE_ROLE.name)
        })
        .await
    }

    async fn attach_managed_policy(&self, role: &str, policy_arn: &str) -> Result<()> {
        self.serve(ATTACH_ROLE_POLICY, |w| {
            let op = ATTACH_ROLE_POLICY.name;
            let record = w.iam.role_mut(role, op)?;
            let name = managed_policy_name(policy_arn, op)?;
            let arn = policy_arn.trim();
            if record.attached.iter().any(|p| p.arn == arn) {
                return Ok(());
            }
            if record.attached.len() >= MANAGED_POLICIES_PER_ROLE {
                return Err(Error::new(
                    ErrorKind::LimitExceeded,
                    op,
                    format!("Cannot exceed quota for PoliciesPerRole: {MANAGED_POLICIES_PER_ROLE}"),
                )
                .with_resource(role));
            }
            record.attached.push(AttachedPolicy {
                name,
                arn: arn.to_owned(),
            });
            Ok(())
        })
        .await
    }

    async fn detach_managed_policy(&self, role: &str, policy_arn: &str) -> Result<()> {
        self.serve(DETACH_ROLE_POLICY, |w| {
            let op = DETACH_ROLE_POLICY.name;
            let record = w.iam.role_mut(role, op)?;
            let arn = policy_arn.trim();
            let Some(index) = record.attached.iter().position(|p| p.arn == arn) else {
                return Err(Error::new(
                    ErrorKind::NotFound,
                    op,
                    format!("Policy {arn} was not found."),
                )
                .with_resource(role));
            };
            record.attached.remove(index);
            Ok(())
        })
        .await
    }

    async fn list_attached_policies(&self, role: &str) -> Result<Vec<AttachedPolicy>> {
        self.serve(LIST_ATTACHED_ROLE_POLICIES, |w| {
            Ok(w.iam
                .role(role, LIST_ATTACHED_ROLE_POLICIES.name)?
                .attached
                .clone())
        })
        .await
    }

    async fn list_inline_policy_names(&self, role: &str) -> Result<Vec<String>> {
        self.serve(LIST_ROLE_POLICIES, |w| {
            Ok(w.iam
                .role(role, LIST_ROLE_POLICIES.name)?
                .inline
                .keys()
                .cloned()
                .collect())
        })
        .await
    }

    async fn delete_inline_policy(&self, role: &str, policy_name: &str) -> Result<()> {
        self.serve(DELETE_ROLE_POLICY, |w| {
            let op = DELETE_ROLE_POLICY.name;
            let record = w.iam.role_mut(role, op)?;
            match record.inline.remove(policy_name) {
                Some(_) => Ok(()),
                None => Err(Error::new(
                    ErrorKind::NotFound,
                    op,
                    format!("The role policy with name {policy_name} cannot be found."),
                )
                .with_resource(role)),
            }
        })
        .await
    }

    async fn delete_role(&self, name: &str) -> Result<()> {
        self.serve(DELETE_ROLE, |w| {
            let op = DELETE_ROLE.name;
            let record = w.iam.role(name, op)?;
            if !record.attached.is_empty() || !record.inline.is_empty() {
                let mut blocking: Vec<String> = record
                    .attached
                    .iter()
                    .map(|p| format!("managed policy {}", p.arn))
                    .collect();
                blocking.extend(record.inline.keys().map(|n| format!("inline policy {n}")));
                return Err(Error::new(
                    ErrorKind::Invalid,
                    op,
                    format!(
                        "DeleteConflict: Cannot delete entity, must detach all policies first \
                         (still attached: {}); detach the managed policies and delete the \
                         inline policies, then delete the role",
                        blocking.join(", ")
                    ),
                )
                .with_resource(name));
            }
            w.iam.roles.remove(&name.to_ascii_lowercase());
            Ok(())
        })
        .await
    }
}

/// Set-up helpers for tests and demos ("pre-existing infrastructure"): not journaled, never
/// faulted.
impl Sim {
    /// Creates a role with an arbitrary trust policy (for instance one that does not trust
    /// API Gateway) and returns its ARN; an existing role of that name is replaced.
    pub fn create_role_with_trust(&self, name: &str, trust_policy: Value) -> String {
        self.with_world(|w| {
            w.iam.roles.remove(&name.to_ascii_lowercase());
            let spec = RoleSpec::for_api_gateway(name);
            match create_role(w, &spec, trust_policy, "CreateRole") {
                Ok(role) => role.arn,
                // Only an invalid name or the account quota get here: no role, no ARN.
                Err(_) => String::new(),
            }
        })
    }

    /// Adds (or replaces) an inline policy on a role (`PutRolePolicy`); `false` when the role
    /// does not exist.
    pub fn put_role_policy(&self, role: &str, policy_name: &str, document: Value) -> bool {
        self.with_world(|w| match w.iam.role_mut(role, "PutRolePolicy") {
            Ok(record) => {
                record.inline.insert(policy_name.to_owned(), document);
                true
            }
            Err(_) => false,
        })
    }
}

#[cfg(test)]
#[path = "iam_tests.rs"]
mod tests;
