//! The [`Iam`] trait: what apigw needs from IAM for the API Gateway execution role.

use super::model::{AttachedPolicy, Role, RoleSpec};
use crate::Result;

/// IAM operations on the execution role API Gateway assumes for integrations.
///
/// IAM is global: one implementation serves every region. Roles are addressed by name.
/// Implemented by [`super::SdkIam`] (AWS) and by the simulator; `MockIam` with the `mock`
/// feature.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait::async_trait]
pub trait Iam: Send + Sync {
    /// The role named `name`, with its decoded trust policy and its tags (`GetRole`).
    ///
    /// A role that does not exist is `Err` with [`crate::ErrorKind::NotFound`].
    async fn get_role(&self, name: &str) -> Result<Role>;

    /// Creates the role with a trust policy for `spec.trusted_service` (`CreateRole`), tags
    /// included in the same call.
    ///
    /// Role names are unique, so a role that already exists is `Err` with
    /// [`crate::ErrorKind::AlreadyExists`] (never retried): the caller adopts it with
    /// [`Iam::get_role`] and checks its trust. After a transient failure the implementation
    /// looks the role up before sending again and returns it if the first attempt took effect.
    async fn create_role(&self, spec: &RoleSpec) -> Result<Role>;

    /// Attaches the managed policy `policy_arn` to the role (`AttachRolePolicy`).
    ///
    /// Attaching an already attached policy succeeds (IAM is idempotent here). A missing role or
    /// policy is `Err` with [`crate::ErrorKind::NotFound`].
    async fn attach_managed_policy(&self, role: &str, policy_arn: &str) -> Result<()>;

    /// Detaches the managed policy `policy_arn` from the role (`DetachRolePolicy`).
    ///
    /// A policy that is not attached (or a missing role) is `Err` with
    /// [`crate::ErrorKind::NotFound`]; callers converging on "detached" treat it as done.
    async fn detach_managed_policy(&self, role: &str, policy_arn: &str) -> Result<()>;

    /// Every managed policy attached to the role (`ListAttachedRolePolicies`, all pages).
    ///
    /// A missing role is `Err` with [`crate::ErrorKind::NotFound`].
    async fn list_attached_policies(&self, role: &str) -> Result<Vec<AttachedPolicy>>;

    /// The names of every inline policy of the role (`ListRolePolicies`, all pages).
    ///
    /// A missing role is `Err` with [`crate::ErrorKind::NotFound`].
    async fn list_inline_policy_names(&self, role: &str) -> Result<Vec<String>>;

    /// Deletes one inline policy of the role (`DeleteRolePolicy`).
    ///
    /// A missing policy or role is `Err` with [`crate::ErrorKind::NotFound`].
    async fn delete_inline_policy(&self, role: &str, policy_name: &str) -> Result<()>;

    /// Deletes the role (`DeleteRole`), and only that.
    ///
    /// IAM refuses to delete a role that still has managed policies attached or inline
    /// policies: the caller first detaches every policy from
    /// [`Iam::list_attached_policies`] and deletes every one from
    /// [`Iam::list_inline_policy_names`]; otherwise this is `Err` with
    /// [`crate::ErrorKind::Invalid`] (`DeleteConflict`, never retried). A missing role is
    /// `Err` with [`crate::ErrorKind::NotFound`].
    async fn delete_role(&self, name: &str) -> Result<()>;
}
