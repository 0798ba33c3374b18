//! [`Iam`] for [`WithRuntime`]: the operations and kinds of `SdkIam`. Resources are role
//! names.

use apigw_core::iam::ops::{
    ATTACH_ROLE_POLICY, CREATE_ROLE, DELETE_ROLE, DELETE_ROLE_POLICY, DETACH_ROLE_POLICY, GET_ROLE,
    LIST_ATTACHED_ROLE_POLICIES, LIST_ROLE_POLICIES,
};
use apigw_core::iam::{AttachedPolicy, Iam, Role, RoleSpec};
use apigw_core::Result;

use super::WithRuntime;

#[async_trait::async_trait]
impl<T: Iam> Iam for WithRuntime<T> {
    async fn get_role(&self, name: &str) -> Result<Role> {
        self.caller
            .call(GET_ROLE, name, || self.inner.get_role(name))
            .await
    }

    async fn create_role(&self, spec: &RoleSpec) -> Result<Role> {
        // The lost attempt's role, through the decorated (retried) GetRole.
        let lookup = || async {
            match self.get_role(&spec.name).await {
                Ok(role) => Ok(Some(role)),
                Err(e) if e.is_not_found() => Ok(None),
                Err(e) => Err(e),
            }
        };
        self.caller
            .create(CREATE_ROLE, &spec.name, lookup, || {
                self.inner.create_role(spec)
            })
            .await
    }

    async fn attach_managed_policy(&self, role: &str, policy_arn: &str) -> Result<()> {
        self.caller
            .call(ATTACH_ROLE_POLICY, role, || {
                self.inner.attach_managed_policy(role, policy_arn)
            })
            .await
    }

    async fn detach_managed_policy(&self, role: &str, policy_arn: &str) -> Result<()> {
        self.caller
            .call(DETACH_ROLE_POLICY, role, || {
                self.inner.detach_managed_policy(role, policy_arn)
            })
            .await
    }

    async fn list_attached_policies(&self, role: &str) -> Result<Vec<AttachedPolicy>> {
        self.caller
            .call(LIST_ATTACHED_ROLE_POLICIES, role, || {
                self.inner.list_attached_policies(role)
            })
            .await
    }

    async fn list_inline_policy_names(&self, role: &str) -> Result<Vec<String>> {
        self.caller
            .call(LIST_ROLE_POLICIES, role, || {
                self.inner.list_inline_policy_names(role)
            })
            .await
    }

    async fn delete_inline_policy(&self, role: &str, policy_name: &str) -> Result<()> {
        self.caller
            .call(DELETE_ROLE_POLICY, role, || {
                self.inner.delete_inline_policy(role, policy_name)
            })
            .await
    }

    async fn delete_role(&self, name: &str) -> Result<()> {
        self.caller
            .call(DELETE_ROLE, name, || self.inner.delete_role(name))
            .await
    }
}
