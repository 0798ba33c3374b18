//! What a case knows about where it runs: the backend tag (for moto-only skips), the regions,
//! a unique name prefix, and the pre-existing infrastructure a case needs (hosted zones, SNS
//! topics), created the same way a user would have before running apigw.

use std::time::Duration;

use apigw_core::AwsContext;
use apigw_sim::Sim;

/// Which implementation the traits talk to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The in-memory simulator (follows AWS).
    Sim,
    /// moto, through the AWS SDK adapters.
    Moto,
}

/// Where set-up calls go: they are not part of the traits.
#[derive(Debug)]
enum Infra {
    Sim(Sim),
    Aws(Box<AwsContext>),
}

/// The environment of one case.
#[derive(Debug)]
pub struct Env {
    /// The backend, for `moto-only-skipped` early returns.
    pub backend: Backend,
    /// The API's (primary) region.
    pub region: String,
    /// Where EDGE certificates live (us-east-1).
    pub edge_region: String,
    /// A prefix no other case (or earlier run against the same moto) uses.
    pub prefix: String,
    infra: Infra,
}

impl Env {
    /// The environment of a case on the simulator.
    pub fn sim(sim: Sim) -> Self {
        Self {
            backend: Backend::Sim,
            region: sim.config().region.clone(),
            edge_region: "us-east-1".to_owned(),
            prefix: unique_prefix(),
            infra: Infra::Sim(sim),
        }
    }

    /// The environment of a case on moto.
    pub fn moto(ctx: AwsContext) -> Self {
        Self {
            backend: Backend::Moto,
            region: ctx.region().to_owned(),
            edge_region: ctx.secondary_region().to_owned(),
            prefix: unique_prefix(),
            infra: Infra::Aws(Box::new(ctx)),
        }
    }

    /// `{prefix}-{what}`: a name unique to this case.
    pub fn name(&self, what: &str) -> String {
        format!("{}-{what}", self.prefix)
    }

    /// `{prefix}.example.com`: a domain unique to this case (lower case, as DNS names are
    /// normalised).
    pub fn zone_name(&self) -> String {
        format!("{}.example.com", self.prefix)
    }

    /// How long to wait for a certificate: ACM takes seconds to minutes; moto issues after
    /// `MOTO_ACM_VALIDATION_WAIT` (2 s under `scripts/test`); the simulator runs on a paused clock.
    pub fn certificate_timeout(&self) -> Duration {
        Duration::from_secs(60)
    }

    /// Creates a public hosted zone named `name` and returns its id (without `/hostedzone/`).
    pub async fn create_hosted_zone(&self, name: &str) -> String {
        match &self.infra {
            Infra::Sim(sim) => sim.create_hosted_zone(name),
            Infra::Aws(ctx) => {
                let out = ctx
                    .route53()
                    .create_hosted_zone()
                    .name(name)
                    .caller_reference(self.name(&format!("zone-{:08x}", rand::random::<u32>())))
                    .send()
                    .await
                    .expect("CreateHostedZone (set-up)");
                let id = out
                    .hosted_zone()
                    .expect("CreateHostedZone answers a zone")
                    .id();
                id.trim_start_matches("/hostedzone/").to_owned()
            }
        }
    }

    /// Creates an SNS topic named `name` in the primary region and returns its ARN.
    pub async fn create_topic(&self, name: &str) -> String {
        match &self.infra {
            Infra::Sim(sim) => sim.create_topic(name),
            Infra::Aws(ctx) => ctx
                .sns()
                .create_topic()
                .name(name)
                .send()
                .await
                .expect("CreateTopic (set-up)")
                .topic_arn()
                .expect("CreateTopic answers an ARN")
                .to_owned(),
        }
    }
}

fn unique_prefix() -> String {
    format!("cf{:08x}", rand::random::<u32>())
}
