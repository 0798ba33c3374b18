//! Resources and their methods: read the whole tree once, then walk it from the root. Each
//! resource that is missing is created as soon as its parent exists, and its methods and its
//! children proceed at once, concurrently, under the runtime's pacing: a 300-resource API does
//! not wait for the whole tree before its first method. Then delete what the spec dropped.

use std::collections::BTreeMap;

use apigw_core::restapi::{Resource, RestApi};
use apigw_core::{ErrorKind, Result};
use futures::future::{try_join, try_join_all, BoxFuture, FutureExt};

use super::desired::DesiredMethod;
use super::methods;
use super::run::Run;
use crate::plan::{Action, Change};
use crate::spec::PathSpec;

/// The live tree, read once.
pub(crate) async fn read(run: &Run<'_>, api: Option<&RestApi>) -> Result<Vec<Resource>> {
    match api {
        Some(api) => run.b.apigw.get_resources(&api.id).await,
        None => Ok(Vec::new()),
    }
}

/// What the walk shares.
struct Walk<'r, 'a> {
    run: &'r Run<'a>,
    api: Option<&'r RestApi>,
    live: &'r [Resource],
    desired: &'r [DesiredMethod],
    children: BTreeMap<String, Vec<String>>,
}

/// Converges the tree to `paths` (plus their parents) and every desired method. `prune`
/// deletes resources and methods the spec does not name (only for an API apigw owns).
pub(crate) async fn converge(
    run: &Run<'_>,
    api: Option<&RestApi>,
    live: &[Resource],
    paths: &[PathSpec],
    desired: &[DesiredMethod],
    prune: bool,
) -> Result<()> {
    let wanted = crate::spec::resource_paths(paths);
    let mut children: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for path in &wanted {
        children
            .entry(split(path).0.to_owned())
            .or_default()
            .push(path.clone());
    }
    let root = live
        .iter()
        .find(|r| r.path == "/")
        .map(|r| r.id.clone())
        .or_else(|| api.and_then(|a| a.root_resource_id.clone()));
    let walk = Walk {
        run,
        api,
        live,
        desired,
        children,
    };
    walk.subtree("/".to_owned(), root).await?;
    for path in wanted.iter().filter(|p| live.iter().any(|r| &r.path == *p)) {
        run.unchanged("resource", path.as_str());
    }
    if let (true, Some(api)) = (prune, api) {
        delete_extra(run, &api.id, live, &wanted).await?;
        methods::delete_extra(run, &api.id, live, desired).await?;
    }
    Ok(())
}

impl Walk<'_, '_> {
    /// The methods at `path` and, concurrently, each child: created if missing, then walked.
    fn subtree(&self, path: String, id: Option<String>) -> BoxFuture<'_, Result<()>> {
        async move {
            let own = self.desired.iter().filter(|d| d.path == path).map(|d| {
                let live = self
                    .live
                    .iter()
                    .find(|r| r.path == path)
                    .and_then(|r| r.methods.get(&d.method.http_method));
                methods::converge_one(
                    self.run,
                    self.api.map(|a| a.id.as_str()),
                    id.clone(),
                    live,
                    d,
                )
            });
            let children = self.children.get(&path).into_iter().flatten().map(|child| {
                let parent = id.clone();
                async move {
                    let child_id = match self.live.iter().find(|r| &r.path == child) {
                        Some(existing) => Some(existing.id.clone()),
                        None => create(self.run, self.api, parent, child).await?,
                    };
                    self.subtree(child.clone(), child_id).await
                }
            });
            try_join(try_join_all(own), try_join_all(children))
                .await
                .map(drop)
        }
        .boxed()
    }
}

async fn create(
    run: &Run<'_>,
    api: Option<&RestApi>,
    parent: Option<String>,
    path: &str,
) -> Result<Option<String>> {
    let (parent_path, part) = split(path);
    let change = Change::new(Action::Create, "resource", path);
    let (Some(api), Some(parent)) = (api, parent) else {
        if run.apply {
            let message = format!("cannot create {path}: its parent {parent_path} has no id");
            return Err(apigw_core::Error::new(
                ErrorKind::Other,
                "CreateResource",
                message,
            ));
        }
        return run
            .write(change, async { Ok(None) })
            .await
            .map(Option::flatten);
    };
    let created = run
        .write(change, run.b.apigw.create_resource(&api.id, &parent, part))
        .await;
    match created {
        Ok(resource) => Ok(resource.map(|r| r.id)),
        // Created by an earlier attempt whose answer was lost: adopt it.
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            let tree = run.b.apigw.get_resources(&api.id).await?;
            Ok(tree.into_iter().find(|r| r.path == path).map(|r| r.id))
        }
        Err(e) => Err(e),
    }
}

/// Deletes resources no desired path needs, topmost first (a delete removes the subtree).
async fn delete_extra(
    run: &Run<'_>,
    api_id: &str,
    live: &[Resource],
    wanted: &[String],
) -> Result<()> {
    let extra: Vec<&Resource> = live
        .iter()
        .filter(|r| r.path != "/" && !wanted.contains(&r.path))
        .collect();
    let topmost = extra.iter().filter(|r| {
        !extra
            .iter()
            .any(|o| r.path.starts_with(&format!("{}/", o.path)))
    });
    for resource in topmost {
        let change = Change::new(Action::Delete, "resource", resource.path.as_str());
        match run
            .write(change, run.b.apigw.delete_resource(api_id, &resource.id))
            .await
        {
            Err(e) if e.is_not_found() => {}
            other => {
                other?;
            }
        }
    }
    Ok(())
}

fn split(path: &str) -> (&str, &str) {
    match path.rfind('/') {
        Some(0) => ("/", &path[1..]),
        Some(i) => (&path[..i], &path[i + 1..]),
        None => ("/", path),
    }
}
