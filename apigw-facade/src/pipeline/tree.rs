//! Resources: read the whole tree once, create what is missing parent-first (each level's
//! creates concurrently, under the runtime's pacing), delete what the spec no longer has.

use std::collections::BTreeMap;

use apigw_core::restapi::{Resource, RestApi};
use apigw_core::{ErrorKind, Result};
use futures::future::try_join_all;

use super::run::Run;
use crate::plan::{Action, Change};
use crate::spec::PathSpec;

/// Resource ids by path (`None` for resources that will only exist after apply).
pub(crate) type Ids = BTreeMap<String, Option<String>>;

/// The live tree, read once.
pub(crate) async fn read(run: &Run<'_>, api: Option<&RestApi>) -> Result<Vec<Resource>> {
    match api {
        Some(api) => run.b.apigw.get_resources(&api.id).await,
        None => Ok(Vec::new()),
    }
}

/// Converges the tree to `paths` (plus their parents); returns every desired path's id.
/// `prune` deletes resources the spec does not name (only for an API apigw owns).
pub(crate) async fn converge(
    run: &Run<'_>,
    api: Option<&RestApi>,
    live: &[Resource],
    paths: &[PathSpec],
    prune: bool,
) -> Result<Ids> {
    let wanted = crate::spec::resource_paths(paths);
    let mut ids: Ids = live
        .iter()
        .map(|r| (r.path.clone(), Some(r.id.clone())))
        .collect();
    let root = live
        .iter()
        .find(|r| r.path == "/")
        .map(|r| r.id.clone())
        .or_else(|| api.and_then(|a| a.root_resource_id.clone()));
    ids.insert("/".to_owned(), root);
    let max_depth = wanted.iter().map(|p| depth(p)).max().unwrap_or(0);
    for level in 1..=max_depth {
        let missing: Vec<&String> = wanted
            .iter()
            .filter(|p| depth(p) == level && !ids.contains_key(*p))
            .collect();
        let created = try_join_all(missing.iter().map(|path| create(run, api, &ids, path))).await?;
        for (path, id) in missing.into_iter().zip(created) {
            ids.insert(path.clone(), id);
        }
    }
    for path in wanted.iter().filter(|p| live.iter().any(|r| &r.path == *p)) {
        run.unchanged("resource", path.as_str());
    }
    if prune {
        if let Some(api) = api {
            delete_extra(run, &api.id, live, &wanted).await?;
        }
    }
    Ok(ids
        .into_iter()
        .filter(|(p, _)| p == "/" || wanted.contains(p))
        .collect())
}

async fn create(
    run: &Run<'_>,
    api: Option<&RestApi>,
    ids: &Ids,
    path: &str,
) -> Result<Option<String>> {
    let (parent_path, part) = split(path);
    let parent = ids.get(parent_path).cloned().flatten();
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

fn depth(path: &str) -> usize {
    path.matches('/').count()
}

fn split(path: &str) -> (&str, &str) {
    match path.rfind('/') {
        Some(0) => ("/", &path[1..]),
        Some(i) => (&path[..i], &path[i + 1..]),
        None => ("/", path),
    }
}
