//! [`RestPath`]: attach paths to an API owned by someone else, without touching its other
//! paths, then redeploy its stage (the rest-path bundle's job).

use apigw_core::restapi::{NewDeployment, RestApi};
use apigw_core::{Error, ErrorKind, Result};

use super::run::{step, Options, Run};
use super::{desired, tree};
use crate::events::EventSink;
use crate::plan::{Action, Change, Plan};
use crate::spec::{GatewaySpec, RestPathSpec};
use crate::Backends;

/// Paths to attach to an existing API.
#[derive(Debug, Clone)]
pub struct RestPath {
    spec: RestPathSpec,
    backends: Backends,
    events: EventSink,
}

impl RestPath {
    /// Binds a (validated) spec to backends.
    pub fn new(spec: RestPathSpec, backends: Backends) -> Self {
        Self {
            spec,
            backends,
            events: EventSink::default(),
        }
    }

    /// Subscribes to progress events.
    pub fn with_events(mut self, events: EventSink) -> Self {
        self.events = events;
        self
    }

    /// What `attach` would change (reads only).
    pub async fn plan(&self) -> Result<Plan> {
        self.run(false).await
    }

    /// Adds the paths and redeploys the stage when anything changed.
    pub async fn attach(&self) -> Result<Plan> {
        self.run(true).await
    }

    async fn run(&self, apply: bool) -> Result<Plan> {
        let api = self.find_api().await?;
        // The tree and method steps read only `paths` and `stage` of the spec they run for.
        let mut as_gateway = GatewaySpec::builder("rest-path")
            .stage(self.spec.stage.clone())
            .build()
            .map_err(|e| Error::new(ErrorKind::Invalid, "AttachRestPath", e.to_string()))?;
        as_gateway.paths = self.spec.paths.clone();
        let options = Options::default();
        let run = Run::new(&as_gateway, &self.backends, &options, &self.events, apply);
        let live = tree::read(&run, Some(&api)).await?;
        let wanted = desired::methods(&self.spec.paths, None);
        let total = as_gateway.resource_paths().len() + wanted.len();
        step(
            &run,
            "resources_and_methods",
            total,
            tree::converge(&run, Some(&api), &live, &self.spec.paths, &wanted, false),
        )
        .await?;
        if run.pending_changes_of(super::DEFINITION_OBJECTS) > 0 {
            self.redeploy(&run, &api).await?;
        }
        Ok(Plan {
            changes: run.into_changes(),
        })
    }

    async fn redeploy(&self, run: &Run<'_>, api: &RestApi) -> Result<()> {
        let stage = &self.spec.stage;
        if let Err(e) = self.backends.apigw.get_stage(&api.id, stage).await {
            return Err(if e.is_not_found() {
                Error::new(ErrorKind::NotFound, "AttachRestPath", format!("API {} has no stage '{stage}' to redeploy: fix `stage` or create the stage first", api.id))
            } else {
                e
            });
        }
        let new = NewDeployment {
            stage_name: Some(stage.clone()),
            description: "apigw rest-path attach".to_owned(),
        };
        run.write(
            Change::new(Action::Create, "deployment", stage.as_str()),
            self.backends.apigw.create_deployment(&api.id, &new),
        )
        .await
        .map(drop)
    }

    async fn find_api(&self) -> Result<RestApi> {
        if let Some(id) = &self.spec.api_id {
            return self.backends.apigw.get_rest_api(id).await;
        }
        let name = self.spec.api_name.as_deref().unwrap_or_default();
        let mut found = self.backends.apigw.find_rest_apis(name).await?;
        match found.len() {
            1 => Ok(found.remove(0)),
            0 => Err(Error::new(
                ErrorKind::NotFound,
                "AttachRestPath",
                format!("no REST API named '{name}': fix api_name or use api_id"),
            )),
            n => Err(Error::new(
                ErrorKind::Conflict,
                "AttachRestPath",
                format!(
                    "{n} REST APIs are named '{name}' ({}): use api_id to say which",
                    found
                        .iter()
                        .map(|a| a.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }
}
