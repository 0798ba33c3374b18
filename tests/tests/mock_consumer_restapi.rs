//! A consumer of the restapi concern tested through `MockApiGateway` (apigw-core `mock`
//! feature), the way a crate depending on apigw-core would test its own logic.

use std::collections::BTreeMap;
use std::sync::Arc;

use apigw_core::restapi::{ApiGateway, Deployment, MockApiGateway, Stage};
use apigw_core::{Error, ErrorKind};

/// Consumer logic under test: the content hash the stage currently serves (the pipeline stores
/// it in the deployment description), or `None` when the stage does not exist yet.
async fn served_hash(
    apigw: &dyn ApiGateway,
    api_id: &str,
    stage: &str,
) -> apigw_core::Result<Option<String>> {
    let stage = match apigw.get_stage(api_id, stage).await {
        Ok(stage) => stage,
        Err(err) if err.kind() == ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(err),
    };
    let Some(deployment_id) = stage.deployment_id else {
        return Ok(None);
    };
    Ok(apigw
        .get_deployment(api_id, &deployment_id)
        .await?
        .description)
}

fn stage(name: &str, deployment_id: &str) -> Stage {
    Stage {
        name: name.to_owned(),
        deployment_id: Some(deployment_id.to_owned()),
        description: None,
        method_settings: BTreeMap::new(),
        variables: BTreeMap::new(),
        tags: BTreeMap::new(),
        created_date: None,
        last_updated_date: None,
    }
}

#[tokio::test]
async fn mock_consumer_restapi_reads_the_hash_the_stage_serves() {
    let mut mock = MockApiGateway::new();
    mock.expect_get_stage()
        .withf(|api, stage| api == "api1" && stage == "live")
        .times(1)
        .returning(|_, name| Ok(stage(name, "dep7")));
    mock.expect_get_deployment()
        .withf(|api, deployment| api == "api1" && deployment == "dep7")
        .times(1)
        .returning(|_, id| {
            Ok(Deployment {
                id: id.to_owned(),
                description: Some("sha256:abc".into()),
                created_date: None,
            })
        });
    mock.expect_get_stage()
        .withf(|_, stage| stage == "missing")
        .returning(|_, _| {
            Err(Error::new(
                ErrorKind::NotFound,
                "GetStage",
                "Invalid stage identifier specified",
            ))
        });
    let apigw: Arc<dyn ApiGateway> = Arc::new(mock);

    let hash = served_hash(apigw.as_ref(), "api1", "live")
        .await
        .expect("read");
    assert_eq!(hash.as_deref(), Some("sha256:abc"));
    let none = served_hash(apigw.as_ref(), "api1", "missing")
        .await
        .expect("read");
    assert_eq!(
        none, None,
        "a missing stage is not an error for this consumer"
    );
}
