//! The execution role API Gateway assumes for integrations: ensure it exists, trusts API Gateway
//! and carries the spec's managed policies.

use apigw_core::iam::{Role, RoleSpec, API_GATEWAY_SERVICE};
use apigw_core::{Error, ErrorKind, Result};

use super::run::Run;
use crate::owner::is_owned;
use crate::plan::{Action, Change, FieldDiff};

/// The role's ARN (`None` when the spec has no role, or in plan mode before it exists).
pub(crate) async fn ensure(run: &Run<'_>) -> Result<Option<String>> {
    let Some(spec) = &run.spec.execution_role else {
        return Ok(None);
    };
    let role = match run.b.iam.get_role(&spec.name).await {
        Ok(role) => {
            check_trust(&role)?;
            run.unchanged("iam_role", &spec.name);
            Some(role)
        }
        Err(e) if e.is_not_found() => create(run, &spec.name).await?,
        Err(e) => return Err(e),
    };
    let Some(role) = role else {
        for policy in &spec.managed_policies {
            run.write(
                Change::new(
                    Action::Create,
                    "role_policy",
                    format!("{} {policy}", spec.name),
                ),
                async { Ok(()) },
            )
            .await?;
        }
        return Ok(None);
    };
    run.learn_account(&role.arn);
    converge_policies(run, &role, &spec.managed_policies).await?;
    Ok(Some(role.arn))
}

async fn create(run: &Run<'_>, name: &str) -> Result<Option<Role>> {
    let mut spec = RoleSpec::for_api_gateway(name)
        .with_description(format!("API Gateway execution role of {}", run.spec.name));
    spec.tags = run.tags();
    let change = Change::new(Action::Create, "iam_role", name);
    match run.write(change, run.b.iam.create_role(&spec)).await {
        Err(e) if e.kind() == ErrorKind::AlreadyExists => run.b.iam.get_role(name).await.map(Some),
        other => other,
    }
}

fn check_trust(role: &Role) -> Result<()> {
    if role.trusts_service(API_GATEWAY_SERVICE) {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::Invalid,
        "EnsureExecutionRole",
        format!("role {} exists but its trust policy does not allow {API_GATEWAY_SERVICE} to assume it: add it to the trust policy or name another role", role.name),
    )
    .with_resource(role.arn.clone()))
}

async fn converge_policies(run: &Run<'_>, role: &Role, wanted: &[String]) -> Result<()> {
    let attached: Vec<String> = run
        .b
        .iam
        .list_attached_policies(&role.name)
        .await?
        .into_iter()
        .map(|p| p.arn)
        .collect();
    for policy in wanted.iter().filter(|p| !attached.contains(p)) {
        let change = Change::new(
            Action::Create,
            "role_policy",
            format!("{} {policy}", role.name),
        );
        run.write(change, run.b.iam.attach_managed_policy(&role.name, policy))
            .await?;
    }
    if is_owned(&role.tags, &run.spec.name) {
        for policy in attached.iter().filter(|p| !wanted.contains(p)) {
            let change = Change::new(
                Action::Delete,
                "role_policy",
                format!("{} {policy}", role.name),
            )
            .with_diff(vec![FieldDiff::new(
                "attached",
                Some(policy),
                None::<String>,
            )]);
            run.write(change, run.b.iam.detach_managed_policy(&role.name, policy))
                .await?;
        }
    }
    Ok(())
}
