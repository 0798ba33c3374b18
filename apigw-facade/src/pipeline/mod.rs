//! The pipeline (DESIGN §4): [`Gateway::plan`], [`Gateway::provision`], [`Gateway::destroy`].
//!
//! Three branches run concurrently and join at the end: the API (role, REST API, tree,
//! methods, integrations, gateway responses, deployment, stage, usage plans), the domain (zone,
//! certificate, validation, domain name; base path and alias after the join) and monitoring
//! (topic, alarms). The live account is the state: a second `provision` writes nothing.

mod attach;
mod deploy;
mod desired;
mod destroy;
mod domain;
mod methods;
mod monitoring;
mod restapi;
mod role;
mod run;
mod tree;
mod usage;

use apigw_core::restapi::{rest_api_arn, stage_arn};
use apigw_core::{Error, ErrorKind, Result};

use crate::artifact::{Artifact, UsagePlanArtifact};
use crate::events::EventSink;
use crate::plan::Plan;
use crate::spec::GatewaySpec;
use crate::Backends;
pub use attach::RestPath;
pub(crate) use desired::normalise;
pub(crate) use restapi::endpoint_type;

/// The hash `provision` writes into the deployment it makes for `spec` (role ARN resolved).
pub(crate) fn definition_hash_for(spec: &GatewaySpec, role_arn: Option<&str>) -> String {
    desired::definition_hash(spec, &desired::methods(&spec.paths, role_arn))
}
pub use run::Options;
use run::{step, Run};

/// One spec bound to its backends.
#[derive(Debug, Clone)]
pub struct Gateway {
    spec: GatewaySpec,
    backends: Backends,
    options: Options,
    events: EventSink,
}

/// What the API branch hands to the join.
struct ApiOutcome {
    api: Option<apigw_core::restapi::RestApi>,
    role_arn: Option<String>,
    usage_plans: Vec<UsagePlanArtifact>,
}

impl Gateway {
    /// Binds a (validated) spec to backends.
    pub fn new(spec: GatewaySpec, backends: Backends) -> Self {
        Self {
            spec,
            backends,
            options: Options::default(),
            events: EventSink::default(),
        }
    }

    /// Sets waits and deadlines.
    pub fn with_options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// Subscribes to progress events.
    pub fn with_events(mut self, events: EventSink) -> Self {
        self.events = events;
        self
    }

    /// The spec.
    pub fn spec(&self) -> &GatewaySpec {
        &self.spec
    }

    /// Reads only, and returns every change `provision` would make.
    pub async fn plan(&self) -> Result<Plan> {
        let run = Run::new(
            &self.spec,
            &self.backends,
            &self.options,
            &self.events,
            false,
        );
        converge(&run).await?;
        Ok(Plan {
            changes: run.into_changes(),
        })
    }

    /// Converges the account to the spec and returns the artifact.
    pub async fn provision(&self) -> Result<Artifact> {
        self.provision_with_plan()
            .await
            .map(|(artifact, _)| artifact)
    }

    /// Like [`Gateway::provision`], also returning the changes made.
    pub async fn provision_with_plan(&self) -> Result<(Artifact, Plan)> {
        let run = Run::new(
            &self.spec,
            &self.backends,
            &self.options,
            &self.events,
            true,
        );
        let artifact = converge(&run).await?.ok_or_else(|| {
            Error::new(
                ErrorKind::Other,
                "Provision",
                "the REST API was not created",
            )
        })?;
        Ok((
            artifact,
            Plan {
                changes: run.into_changes(),
            },
        ))
    }

    /// Removes what apigw created for this spec, in reverse order; foreign objects stay.
    pub async fn destroy(&self) -> Result<Plan> {
        let run = Run::new(
            &self.spec,
            &self.backends,
            &self.options,
            &self.events,
            true,
        );
        destroy::destroy(&run).await?;
        Ok(Plan {
            changes: run.into_changes(),
        })
    }

    /// What `destroy` would remove, without removing it.
    pub async fn plan_destroy(&self) -> Result<Plan> {
        let run = Run::new(
            &self.spec,
            &self.backends,
            &self.options,
            &self.events,
            false,
        );
        destroy::destroy(&run).await?;
        Ok(Plan {
            changes: run.into_changes(),
        })
    }
}

/// The three branches, joined; `None` in plan mode when the API does not exist yet.
async fn converge(run: &Run<'_>) -> Result<Option<Artifact>> {
    let domain_spec = run.spec.domain.as_ref();
    let domain_branch = async {
        match domain_spec {
            Some(spec) => domain::prepare(run, spec).await.map(Some),
            None => Ok(None),
        }
    };
    let monitoring_branch = step(run, "alarms", 3, monitoring::converge(run));
    let (api, prepared, alarms) =
        tokio::try_join!(api_branch(run), domain_branch, monitoring_branch)?;
    let domain = match (domain_spec, &prepared) {
        (Some(spec), Some(prepared)) => {
            step(
                run,
                "domain_mapping",
                2,
                domain::finish(run, spec, prepared, api.api.as_ref()),
            )
            .await?
        }
        _ => None,
    };
    let Some(rest_api) = api.api else {
        return Ok(None);
    };
    let region = run.b.region.clone();
    let stage = run.spec.stage.clone();
    Ok(Some(Artifact {
        arn: rest_api_arn(&region, &rest_api.id),
        stage_arn: stage_arn(&region, &rest_api.id, &stage),
        root_resource_id: rest_api.root_resource_id.clone().unwrap_or_default(),
        invoke_url: format!(
            "https://{}.execute-api.{region}.amazonaws.com/{stage}",
            rest_api.id
        ),
        execution_arn: run
            .account()
            .map(|account| format!("arn:aws:execute-api:{region}:{account}:{}", rest_api.id)),
        rest_api_id: rest_api.id,
        name: run.spec.name.clone(),
        endpoint: format!("{:?}", run.spec.endpoint).to_ascii_lowercase(),
        region,
        stage,
        domain,
        alarms,
        usage_plans: api.usage_plans,
        execution_role_arn: api.role_arn,
    }))
}

/// The objects a deployment snapshots.
const DEFINITION_OBJECTS: &[&str] = &[
    "resource",
    "method",
    "integration",
    "method_response",
    "integration_response",
    "gateway_response",
];

async fn api_branch(run: &Run<'_>) -> Result<ApiOutcome> {
    let (role_arn, api) = tokio::try_join!(
        step(run, "execution_role", 1, role::ensure(run)),
        step(run, "rest_api", 1, restapi::ensure(run))
    )?;
    let desired = desired::methods(&run.spec.paths, role_arn.as_deref());
    let live = tree::read(run, api.as_ref()).await?;
    let total = run.spec.resource_paths().len() + desired.len();
    step(
        run,
        "resources_and_methods",
        total,
        tree::converge(run, api.as_ref(), &live, &run.spec.paths, &desired, true),
    )
    .await?;
    step(
        run,
        "gateway_responses",
        run.spec.gateway_responses.len(),
        deploy::gateway_responses(run, api.as_ref()),
    )
    .await?;
    let hash = desired::definition_hash(run.spec, &desired);
    // Counted from this branch's own changes: the other branches write concurrently.
    let definition_written = run.pending_changes_of(DEFINITION_OBJECTS) > 0;
    step(
        run,
        "stage",
        1,
        deploy::deploy_and_stage(run, api.as_ref(), &hash, definition_written),
    )
    .await?;
    let usage_plans = step(
        run,
        "usage_plans",
        run.spec.usage_plans.len(),
        usage::converge(run, api.as_ref()),
    )
    .await?;
    Ok(ApiOutcome {
        api,
        role_arn,
        usage_plans,
    })
}
