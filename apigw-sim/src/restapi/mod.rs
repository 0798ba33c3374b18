//! The simulated API Gateway (REST APIs, v1): [`apigw_core::restapi::ApiGateway`] for
//! [`crate::Sim`].
//!
//! - [`apis`]: REST APIs (names not unique, 600 regional / 120 edge per region, tags inline).
//! - [`tree`]: resources, methods, integrations, method and integration responses.
//! - [`deploy`]: gateway responses, deployments (snapshots), stages, `TagResource`.
//! - [`plans`]: usage plans, API keys, usage plan keys.
//! - [`gateway`]: the trait impl, one `serve` call per method.
//! - [`domains`]: custom domain names (certificate checked against the ACM simulator,
//!   AWS-shaped alias targets) and base path mappings.
//!
//! Every trait method is one [`crate::Sim::serve`] call, so one journal entry. Listings that
//! AWS pages (`GetResources`, `GetRestApis`, `GetGatewayResponses`, `GetDeployments`,
//! `GetUsagePlans`, `GetApiKeys`, `GetUsagePlanKeys`, `GetBasePathMappings`) are journaled as
//! one call: at AWS's largest page size (500) they are one page for anything within the
//! object quotas, except `GetRestApis` past 500 APIs and `GetApiKeys` past 500 keys.
//!
//! Errors carry the kind the SDK adapter would classify AWS's answer as (a
//! `ConflictException` "already exists" is [`ErrorKind::AlreadyExists`], a
//! `BadRequestException` is [`ErrorKind::Invalid`], a `LimitExceededException` is
//! [`ErrorKind::LimitExceeded`]), with AWS's message where it is known. Where AWS's behaviour
//! is not documented the simulator is strict (see each module's docs): what works here works
//! on AWS.

mod apis;
mod deploy;
mod domains;
mod gateway;
mod plans;
mod tree;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use apigw_core::restapi::ops::*;
use apigw_core::restapi::{
    ApiKey, BasePathMapping, Deployment, DomainName, GatewayResponse, GatewayResponseType, Method,
    MethodResponse, Resource, RestApi, Stage, Tags, UsagePlan,
};
use apigw_core::{Error, ErrorKind, Op, Result};

use crate::world::World;

/// Called by the ACM simulator (certs.rs) for a certificate's `InUseBy`.
pub(crate) use domains::domains_using_certificate;

/// What the simulated account holds for API Gateway (one region).
#[derive(Debug, Default)]
pub(crate) struct State {
    apis: BTreeMap<String, Api>,
    plans: BTreeMap<String, Plan>,
    keys: BTreeMap<String, Key>,
    domains: BTreeMap<String, Domain>,
    /// Creation counter: listings answer in creation order.
    seq: u64,
}

/// One REST API and everything in it.
#[derive(Debug)]
struct Api {
    seq: u64,
    rest: RestApi,
    resources: BTreeMap<String, Node>,
    gateway_responses: BTreeMap<GatewayResponseType, GatewayResponse>,
    deployments: BTreeMap<String, Snapshot>,
    stages: BTreeMap<String, Stage>,
}

/// One resource of the tree.
#[derive(Debug)]
struct Node {
    seq: u64,
    parent_id: Option<String>,
    path_part: Option<String>,
    methods: BTreeMap<String, MethodState>,
}

/// A method, its integration (inside `method`) and its method responses.
#[derive(Debug, Clone)]
struct MethodState {
    method: Method,
    responses: BTreeMap<String, MethodResponse>,
}

/// A deployment: what it froze of the tree.
#[derive(Debug)]
struct Snapshot {
    seq: u64,
    deployment: Deployment,
    tree: Vec<Resource>,
}

#[derive(Debug)]
struct Plan {
    plan: UsagePlan,
    /// Ids of the API keys in the plan.
    keys: BTreeSet<String>,
}

#[derive(Debug)]
struct Key {
    seq: u64,
    /// The key with its value (`value` is `Some`): stripped on answers unless asked for.
    key: ApiKey,
}

#[derive(Debug)]
struct Domain {
    domain: DomainName,
    /// Mappings by base path (`""` = root).
    mappings: BTreeMap<String, BasePathMapping>,
}

impl State {
    /// Lists what API Gateway holds for the invariant checker.
    pub(crate) fn inventory(&self, inv: &mut crate::invariants::Inventory) {
        for (id, api) in &self.apis {
            inv.apis.push((
                id.clone(),
                api.rest.name.clone(),
                api.rest.tags.clone(),
                api.stages.keys().cloned().collect(),
            ));
        }
        for (id, plan) in &self.plans {
            let stages = plan
                .plan
                .api_stages
                .iter()
                .map(|s| (s.api_id.clone(), s.stage.clone()))
                .collect();
            inv.plans.push((
                id.clone(),
                plan.plan.name.clone(),
                plan.plan.tags.clone(),
                stages,
                plan.keys.iter().cloned().collect(),
            ));
        }
        for (id, key) in &self.keys {
            inv.keys
                .push((id.clone(), key.key.name.clone(), key.key.tags.clone()));
        }
        for domain in self.domains.values() {
            let d = &domain.domain;
            inv.domains.push(crate::invariants::InvDomain {
                name: d.name.clone(),
                tags: d.tags.clone(),
                targets: [&d.regional_domain_name, &d.distribution_domain_name]
                    .into_iter()
                    .flatten()
                    .cloned()
                    .collect(),
                mappings: domain
                    .mappings
                    .values()
                    .map(|m| (m.base_path.clone(), m.rest_api_id.clone(), m.stage.clone()))
                    .collect(),
            });
        }
    }

    fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    fn api(&self, op: Op, api_id: &str) -> Result<&Api> {
        self.apis.get(api_id).ok_or_else(|| no_api(op, api_id))
    }

    fn api_mut(&mut self, op: Op, api_id: &str) -> Result<&mut Api> {
        self.apis.get_mut(api_id).ok_or_else(|| no_api(op, api_id))
    }
}

fn no_api(op: Op, api_id: &str) -> Error {
    not_found(op, format!("Invalid API identifier specified: {api_id}")).with_resource(api_id)
}

impl Api {
    fn node(&self, op: Op, resource_id: &str) -> Result<&Node> {
        self.resources.get(resource_id).ok_or_else(|| {
            not_found(
                op,
                format!("Invalid Resource identifier specified: {resource_id}"),
            )
            .with_resource(resource_id)
        })
    }

    fn node_mut(&mut self, op: Op, resource_id: &str) -> Result<&mut Node> {
        self.resources.get_mut(resource_id).ok_or_else(|| {
            not_found(
                op,
                format!("Invalid Resource identifier specified: {resource_id}"),
            )
            .with_resource(resource_id)
        })
    }

    fn method(&self, op: Op, resource_id: &str, http_method: &str) -> Result<&MethodState> {
        self.node(op, resource_id)?
            .methods
            .get(http_method)
            .ok_or_else(|| no_method(op, resource_id, http_method))
    }

    fn method_mut(
        &mut self,
        op: Op,
        resource_id: &str,
        http_method: &str,
    ) -> Result<&mut MethodState> {
        self.node_mut(op, resource_id)?
            .methods
            .get_mut(http_method)
            .ok_or_else(|| no_method(op, resource_id, http_method))
    }

    /// `/users/{id}` of a resource, from its parents.
    fn path_of(&self, resource_id: &str) -> String {
        let mut parts = Vec::new();
        let mut current = self.resources.get(resource_id);
        while let Some(node) = current {
            parts.extend(node.path_part.as_deref());
            current = node
                .parent_id
                .as_deref()
                .and_then(|id| self.resources.get(id));
        }
        parts.reverse();
        format!("/{}", parts.join("/"))
    }

    /// The model of one resource, methods and integrations embedded.
    fn resource(&self, resource_id: &str, node: &Node) -> Resource {
        Resource {
            id: resource_id.to_owned(),
            parent_id: node.parent_id.clone(),
            path: self.path_of(resource_id),
            path_part: node.path_part.clone(),
            methods: node
                .methods
                .iter()
                .map(|(verb, m)| (verb.clone(), m.method.clone()))
                .collect(),
        }
    }

    /// The whole tree in creation order (parents before children).
    fn tree(&self) -> Vec<Resource> {
        let mut nodes: Vec<(&String, &Node)> = self.resources.iter().collect();
        nodes.sort_by_key(|(_, node)| node.seq);
        nodes
            .into_iter()
            .map(|(id, node)| self.resource(id, node))
            .collect()
    }
}

fn no_method(op: Op, resource_id: &str, http_method: &str) -> Error {
    not_found(op, "Invalid Method identifier specified")
        .with_resource(format!("{resource_id} {http_method}"))
}

// --- errors ----------------------------------------------------------------------------------

fn not_found(op: Op, message: impl Into<String>) -> Error {
    Error::new(ErrorKind::NotFound, op.name, message)
}

fn invalid(op: Op, message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Invalid, op.name, message)
}

fn exists(op: Op, message: impl Into<String>) -> Error {
    Error::new(ErrorKind::AlreadyExists, op.name, message)
}

fn limit(op: Op, message: impl Into<String>) -> Error {
    Error::new(ErrorKind::LimitExceeded, op.name, message)
}

// --- shared rules ----------------------------------------------------------------------------

/// Tags per API Gateway resource.
const TAGS_PER_RESOURCE: usize = 50;

/// API Gateway's tag rules: at most 50, keys 1–128 characters not starting with `aws:`,
/// values at most 256 characters.
fn check_tags(op: Op, tags: &Tags) -> Result<()> {
    if tags.len() > TAGS_PER_RESOURCE {
        return Err(invalid(
            op,
            format!("Too many tags: at most {TAGS_PER_RESOURCE} per resource"),
        ));
    }
    for (key, value) in tags {
        if key.is_empty() || key.chars().count() > 128 || key.starts_with("aws:") {
            return Err(invalid(op, format!("Invalid tag key: '{key}'")));
        }
        if value.chars().count() > 256 {
            return Err(invalid(op, format!("Invalid tag value for key '{key}'")));
        }
    }
    Ok(())
}

/// A new id from `draw` that `taken` does not already know (collisions are improbable, but a
/// simulator must not merge two objects).
fn fresh(
    w: &mut World,
    draw: fn(&mut World) -> String,
    taken: impl Fn(&World, &str) -> bool,
) -> String {
    loop {
        let id = draw(w);
        if !taken(w, &id) {
            return id;
        }
    }
}
