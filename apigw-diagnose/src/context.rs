//! [`Ctx`]: one diagnosis's view of the account. Reads that several checks need (the API, its
//! resource tree, the stage, the usage plans with their keys, the request count, the custom
//! domain, roles) are made once, lazily, by whichever check asks first; the others wait for
//! that answer instead of asking again.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use apigw_alarms::{Datapoint, MetricQuery, Statistic, METRIC_COUNT};
use apigw_core::iam::Role;
use apigw_core::restapi::{
    ApiKey, ApiStage, DomainName, Resource, RestApi, Stage, UsagePlan, UsagePlanKey,
};
use apigw_core::{Error, ErrorKind};
use futures::future::join_all;
use tokio::sync::OnceCell;

use crate::{Diagnoser, Target};

/// A read shared between checks: its error is shared too.
pub(crate) type Shared<T> = Result<T, Arc<Error>>;

/// The metric period of every metric read (seconds).
pub(crate) const PERIOD: u32 = 60;

/// The usage plans of the region, with the keys of the plans that matter to the target.
#[derive(Debug)]
pub(crate) struct Plans {
    /// Every usage plan of the region.
    pub all: Vec<UsagePlan>,
    /// Plan id -> its keys, for the plans on the stage and the plans the target names.
    pub keys: BTreeMap<String, Vec<UsagePlanKey>>,
    /// API keys by name, for the keys of those plans and the keys the target names.
    pub api_keys: BTreeMap<String, Vec<ApiKey>>,
}

impl Plans {
    /// The plans that apply to `api_id` / `stage`.
    pub fn on_stage<'p>(
        &'p self,
        api_id: &'p str,
        stage: &'p str,
    ) -> impl Iterator<Item = &'p UsagePlan> + 'p {
        let wanted = ApiStage::new(api_id, stage);
        self.all
            .iter()
            .filter(move |p| p.api_stages.contains(&wanted))
    }

    /// The keys of plan `plan_id` (empty when they were not read).
    pub fn keys_of(&self, plan_id: &str) -> &[UsagePlanKey] {
        self.keys
            .get(plan_id)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The API key with id `key_id`, when it was looked up.
    pub fn api_key(&self, key_id: &str) -> Option<&ApiKey> {
        self.api_keys.values().flatten().find(|k| k.id == key_id)
    }
}

/// One diagnosis: the diagnoser, the target and the reads made so far.
pub(crate) struct Ctx<'a> {
    pub d: &'a Diagnoser,
    pub t: &'a Target,
    api: OnceCell<Shared<RestApi>>,
    tree: OnceCell<Shared<Vec<Resource>>>,
    stage: OnceCell<Shared<Stage>>,
    plans: OnceCell<Shared<Plans>>,
    requests: OnceCell<Shared<Vec<Datapoint>>>,
    domain: OnceCell<Shared<DomainName>>,
    roles: Mutex<HashMap<String, Arc<OnceCell<Shared<Role>>>>>,
}

impl<'a> Ctx<'a> {
    pub fn new(d: &'a Diagnoser, t: &'a Target) -> Self {
        Self {
            d,
            t,
            api: OnceCell::new(),
            tree: OnceCell::new(),
            stage: OnceCell::new(),
            plans: OnceCell::new(),
            requests: OnceCell::new(),
            domain: OnceCell::new(),
            roles: Mutex::new(HashMap::new()),
        }
    }

    /// The REST API: by id, or by name when exactly one API has it.
    pub async fn api(&self) -> Shared<&RestApi> {
        share(
            self.api
                .get_or_init(|| async { self.resolve().await })
                .await,
        )
    }

    async fn resolve(&self) -> Shared<RestApi> {
        const OP: &str = "ResolveRestApi";
        let region = self.d.region();
        if let Some(id) = &self.t.api_id {
            let api = self.d.apigw.get_rest_api(id).await.map_err(|e| {
                Arc::new(if e.is_not_found() {
                    Error::new(
                        ErrorKind::NotFound,
                        OP,
                        format!("no REST API has the id {id} in {region}"),
                    )
                    .with_resource(id.clone())
                    .with_source(e)
                } else {
                    e
                })
            })?;
            if let Some(name) = self.t.api_name.as_ref().filter(|n| **n != api.name) {
                return Err(Arc::new(
                    Error::new(
                        ErrorKind::Invalid,
                        OP,
                        format!(
                            "the REST API {id} is named '{}', not '{name}': fix the name or the id",
                            api.name
                        ),
                    )
                    .with_resource(id.clone()),
                ));
            }
            return Ok(api);
        }
        let name = self.t.api_name.clone().unwrap_or_default();
        let mut found = self.d.apigw.find_rest_apis(&name).await.map_err(Arc::new)?;
        match found.len() {
            1 => Ok(found.remove(0)),
            0 => Err(Arc::new(
                Error::new(
                    ErrorKind::NotFound,
                    OP,
                    format!("no REST API is named '{name}' in {region}"),
                )
                .with_resource(name),
            )),
            n => {
                let ids: Vec<&str> = found.iter().map(|a| a.id.as_str()).collect();
                Err(Arc::new(
                    Error::new(
                        ErrorKind::Invalid,
                        OP,
                        format!(
                            "{n} REST APIs are named '{name}' in {region} (ids {}): name one by its id",
                            ids.join(", ")
                        ),
                    )
                    .with_resource(name),
                ))
            }
        }
    }

    /// The resource tree with methods and integrations (`GetResources`, embed methods).
    pub async fn tree(&self) -> Shared<&[Resource]> {
        let api = self.api().await?;
        let tree = self
            .tree
            .get_or_init(|| async { self.d.apigw.get_resources(&api.id).await.map_err(Arc::new) })
            .await;
        share(tree).map(Vec::as_slice)
    }

    /// The target's stage (`GetStage`); a missing stage is `NotFound`.
    pub async fn stage(&self) -> Shared<&Stage> {
        let api = self.api().await?;
        let stage = self
            .stage
            .get_or_init(|| async {
                self.d
                    .apigw
                    .get_stage(&api.id, &self.t.stage)
                    .await
                    .map_err(Arc::new)
            })
            .await;
        share(stage)
    }

    /// The usage plans with the keys that matter (see [`Plans`]).
    pub async fn plans(&self) -> Shared<&Plans> {
        let api = self.api().await?;
        share(
            self.plans
                .get_or_init(|| async { self.read_plans(api).await })
                .await,
        )
    }

    async fn read_plans(&self, api: &RestApi) -> Shared<Plans> {
        let apigw = &self.d.apigw;
        let all = apigw.list_usage_plans().await.map_err(Arc::new)?;
        let wanted = ApiStage::new(api.id.clone(), self.t.stage.clone());
        let relevant: Vec<&UsagePlan> = all
            .iter()
            .filter(|p| {
                p.api_stages.contains(&wanted)
                    || self.t.usage_plans.iter().any(|t| t.name == p.name)
            })
            .collect();
        let target_keys: BTreeSet<&str> = self
            .t
            .usage_plans
            .iter()
            .flat_map(|p| p.api_keys.iter().map(String::as_str))
            .collect();
        let (plan_keys, named) = futures::join!(
            join_all(relevant.iter().map(|p| apigw.list_usage_plan_keys(&p.id))),
            join_all(
                target_keys
                    .iter()
                    .map(|name| apigw.find_api_keys(name, false))
            ),
        );
        let mut keys = BTreeMap::new();
        for (plan, answer) in relevant.iter().zip(plan_keys) {
            keys.insert(plan.id.clone(), answer.map_err(Arc::new)?);
        }
        let mut api_keys = BTreeMap::new();
        for (name, answer) in target_keys.iter().zip(named) {
            api_keys.insert((*name).to_owned(), answer.map_err(Arc::new)?);
        }
        let more: BTreeSet<String> = keys
            .values()
            .flatten()
            .filter_map(|k| k.name.clone())
            .filter(|name| !api_keys.contains_key(name))
            .collect();
        let answers = join_all(more.iter().map(|name| apigw.find_api_keys(name, false))).await;
        for (name, answer) in more.into_iter().zip(answers) {
            api_keys.insert(name, answer.map_err(Arc::new)?);
        }
        Ok(Plans {
            all,
            keys,
            api_keys,
        })
    }

    /// `Count` `Sum` per minute over the window (`ApiName` + `Stage`).
    pub async fn requests(&self) -> Shared<&[Datapoint]> {
        let api = self.api().await?;
        let points = self
            .requests
            .get_or_init(|| async {
                let query = self.metric_query(&api.name, METRIC_COUNT, &[Statistic::Sum]);
                self.d
                    .cloudwatch
                    .get_metric_statistics(&query)
                    .await
                    .map_err(Arc::new)
            })
            .await;
        share(points).map(Vec::as_slice)
    }

    /// A metric read of the API over the target's window, period [`PERIOD`].
    pub fn metric_query(
        &self,
        api_name: &str,
        metric: &str,
        statistics: &[Statistic],
    ) -> MetricQuery {
        MetricQuery::api_gateway(
            metric,
            api_name,
            Some(&self.t.stage),
            self.t.window.start,
            self.t.window.end,
            PERIOD,
        )
        .with_statistics(statistics.iter().copied())
    }

    /// The target's custom domain name (`GetDomainName`); `None` when the target has none.
    pub async fn domain(&self) -> Option<Shared<&DomainName>> {
        let name = &self.t.domain.as_ref()?.name;
        let domain = self
            .domain
            .get_or_init(|| async { self.d.apigw.get_domain_name(name).await.map_err(Arc::new) })
            .await;
        Some(share(domain))
    }

    /// The role `name` (`GetRole`), read once per name.
    pub async fn role(&self, name: &str) -> Shared<Role> {
        let cell = {
            let mut roles = self.roles.lock().unwrap_or_else(|p| p.into_inner());
            roles.entry(name.to_owned()).or_default().clone()
        };
        cell.get_or_init(|| async { self.d.iam.get_role(name).await.map_err(Arc::new) })
            .await
            .clone()
    }
}

fn share<T>(value: &Shared<T>) -> Shared<&T> {
    value.as_ref().map_err(Arc::clone)
}

/// The role name of an IAM role ARN (`arn:aws:iam::123:role/path/name` -> `name`); `None` for
/// anything else (a user ARN, the caller pass-through `arn:aws:iam::*:user/*`).
pub(crate) fn role_name_of(arn: &str) -> Option<&str> {
    let resource = arn.strip_prefix("arn:")?.splitn(5, ':').nth(4)?;
    let path = resource.strip_prefix("role/")?;
    path.rsplit('/')
        .next()
        .filter(|n| !n.is_empty() && !n.contains('*'))
}

#[cfg(test)]
mod tests {
    use super::role_name_of;

    #[test]
    fn role_names_come_from_role_arns_only() {
        assert_eq!(
            role_name_of("arn:aws:iam::123456789012:role/orders-apigw"),
            Some("orders-apigw")
        );
        assert_eq!(
            role_name_of("arn:aws:iam::123456789012:role/service-role/x"),
            Some("x")
        );
        assert_eq!(role_name_of("arn:aws:iam::*:user/*"), None);
        assert_eq!(role_name_of("orders-apigw"), None);
    }
}
