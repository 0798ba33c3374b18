//! The invariant checker: what must hold of the simulated account after any converged run of
//! the pipeline (and after `destroy`): no duplicate API for one spec, nothing orphaned.
//!
//! Each concern module lists what it holds into an [`Inventory`]; the rules below read only the
//! inventory, so they are written once and read in one place.

use std::collections::{BTreeMap, BTreeSet};

use apigw_dns::{RecordSet, RecordType};

use crate::{lock, Sim};

/// apigw's ownership tag (apigw-facade's `owner::OWNER_TAG`; the sim cannot depend on the facade).
pub const OWNER_TAG: &str = "apigw:owner";

type Tags = BTreeMap<String, String>;
/// `(id, name, tags, stage names)`.
type InvApi = (String, String, Tags, Vec<String>);
/// `(id, name, tags, (api id, stage) pairs, key ids)`.
type InvPlan = (String, String, Tags, Vec<(String, String)>, Vec<String>);

/// Everything the account holds, flattened for the rules.
#[derive(Debug, Default)]
pub(crate) struct Inventory {
    pub apis: Vec<InvApi>,
    pub plans: Vec<InvPlan>,
    pub keys: Vec<(String, String, Tags)>,
    pub domains: Vec<InvDomain>,
    pub records: Vec<(String, RecordSet)>,
    pub certificates: Vec<InvCert>,
    pub alarms: Vec<(String, Option<String>, Tags)>,
    pub roles: Vec<(String, Tags)>,
}

/// A custom domain name.
#[derive(Debug, Default)]
pub(crate) struct InvDomain {
    pub name: String,
    pub tags: Tags,
    pub targets: Vec<String>,
    pub mappings: Vec<(String, String, Option<String>)>,
}

/// A certificate.
#[derive(Debug, Default)]
pub(crate) struct InvCert {
    pub arn: String,
    pub domain: String,
    pub imported: bool,
    pub in_use: bool,
    pub validation_values: Vec<String>,
}

impl Sim {
    /// Every invariant violation in the account now, each as a sentence naming the object.
    pub fn check_invariants(&self) -> Vec<String> {
        let inventory = self.inventory();
        let mut found = Vec::new();
        duplicates(&inventory, &mut found);
        dangling_references(&inventory, &mut found);
        dangling_records(&inventory, &mut found);
        orphans(&inventory, &mut found);
        found
    }

    /// Every object carrying the tag `key` = `value` (APIs, usage plans, API keys, domain
    /// names, alarms, roles), as `kind name` lines: after `destroy`, nothing of the spec's is left.
    pub fn objects_tagged(&self, key: &str, value: &str) -> Vec<String> {
        let inventory = self.inventory();
        let has = |tags: &Tags| tags.get(key).is_some_and(|v| v == value);
        let mut out = Vec::new();
        out.extend(
            inventory
                .apis
                .iter()
                .filter(|a| has(&a.2))
                .map(|a| format!("rest_api {} ({})", a.1, a.0)),
        );
        out.extend(
            inventory
                .plans
                .iter()
                .filter(|p| has(&p.2))
                .map(|p| format!("usage_plan {} ({})", p.1, p.0)),
        );
        out.extend(
            inventory
                .keys
                .iter()
                .filter(|k| has(&k.2))
                .map(|k| format!("api_key {} ({})", k.1, k.0)),
        );
        out.extend(
            inventory
                .domains
                .iter()
                .filter(|d| has(&d.tags))
                .map(|d| format!("domain_name {}", d.name)),
        );
        out.extend(
            inventory
                .alarms
                .iter()
                .filter(|a| has(&a.2))
                .map(|a| format!("alarm {}", a.0)),
        );
        out.extend(
            inventory
                .roles
                .iter()
                .filter(|r| has(&r.1))
                .map(|r| format!("iam_role {}", r.0)),
        );
        out
    }

    fn inventory(&self) -> Inventory {
        let world = lock(&self.shared.world);
        let mut inventory = Inventory::default();
        world.restapi.inventory(&mut inventory);
        world.dns.inventory(&mut inventory);
        crate::certs::inventory(&world, &mut inventory);
        world.alarms.inventory(&mut inventory);
        world.iam.inventory(&mut inventory);
        inventory
    }
}

/// Two APIs with one name and one owner: the spec would no longer know which is its own.
fn duplicates(inv: &Inventory, found: &mut Vec<String>) {
    let mut seen: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for (id, name, tags, _) in &inv.apis {
        if let Some(owner) = tags.get(OWNER_TAG) {
            seen.entry((name, owner)).or_default().push(id);
        }
    }
    for ((name, owner), ids) in seen.into_iter().filter(|(_, ids)| ids.len() > 1) {
        found.push(format!(
            "duplicate REST API '{name}' owned by {owner}: {ids:?}"
        ));
    }
}

/// Mappings, usage plan stages and plan keys that point at nothing.
fn dangling_references(inv: &Inventory, found: &mut Vec<String>) {
    let stage_exists = |api: &str, stage: &str| {
        inv.apis
            .iter()
            .any(|a| a.0 == api && a.3.iter().any(|s| s == stage))
    };
    for domain in &inv.domains {
        for (base, api, stage) in &domain.mappings {
            let ok = match stage {
                Some(stage) => stage_exists(api, stage),
                None => inv.apis.iter().any(|a| &a.0 == api),
            };
            if !ok {
                found.push(format!(
                    "base path mapping {}/{base} points at missing {api}:{stage:?}",
                    domain.name
                ));
            }
        }
    }
    for (id, name, _, stages, keys) in &inv.plans {
        for (api, stage) in stages
            .iter()
            .filter(|(api, stage)| !stage_exists(api, stage))
        {
            found.push(format!(
                "usage plan {name} ({id}) lists missing stage {api}:{stage}"
            ));
        }
        for key in keys
            .iter()
            .filter(|k| !inv.keys.iter().any(|(id, ..)| id == *k))
        {
            found.push(format!(
                "usage plan {name} ({id}) lists missing API key {key}"
            ));
        }
    }
}

/// Alias records to API Gateway / CloudFront targets no domain has, and ACM validation CNAMEs
/// no certificate needs.
fn dangling_records(inv: &Inventory, found: &mut Vec<String>) {
    let norm = |s: &str| s.trim_end_matches('.').to_ascii_lowercase();
    let targets: BTreeSet<String> = inv
        .domains
        .iter()
        .flat_map(|d| d.targets.iter().map(|t| norm(t)))
        .collect();
    let validations: BTreeSet<String> = inv
        .certificates
        .iter()
        .flat_map(|c| c.validation_values.iter().map(|v| norm(v)))
        .collect();
    for (zone, record) in &inv.records {
        if let Some(alias) = &record.alias {
            let target = norm(&alias.dns_name);
            let ours = target.ends_with(".cloudfront.net") || target.contains(".execute-api.");
            if ours
                && matches!(record.record_type, RecordType::A | RecordType::Aaaa)
                && !targets.contains(&target)
            {
                found.push(format!(
                    "alias {} {} in zone {zone} points at {target}, which no domain name has",
                    record.record_type.as_str(),
                    record.name
                ));
            }
        }
        if record.record_type == RecordType::Cname {
            for value in record
                .values
                .iter()
                .map(|v| norm(v))
                .filter(|v| v.ends_with("acm-validations.aws") && !validations.contains(v))
            {
                found.push(format!(
                    "validation CNAME {} in zone {zone} -> {value} belongs to no certificate",
                    record.name
                ));
            }
        }
    }
}

/// Objects apigw created whose API is gone, and requested certificates nothing uses.
fn orphans(inv: &Inventory, found: &mut Vec<String>) {
    let live_owners: BTreeSet<&str> = inv
        .apis
        .iter()
        .filter_map(|a| a.2.get(OWNER_TAG).map(String::as_str))
        .collect();
    let orphaned = |tags: &Tags| {
        tags.get(OWNER_TAG)
            .is_some_and(|owner| !live_owners.contains(owner.as_str()))
    };
    found.extend(
        inv.plans
            .iter()
            .filter(|p| orphaned(&p.2))
            .map(|p| format!("usage plan {} outlived its API", p.1)),
    );
    found.extend(
        inv.keys
            .iter()
            .filter(|k| orphaned(&k.2))
            .map(|k| format!("API key {} outlived its API", k.1)),
    );
    found.extend(
        inv.domains
            .iter()
            .filter(|d| orphaned(&d.tags))
            .map(|d| format!("domain name {} outlived its API", d.name)),
    );
    found.extend(
        inv.alarms
            .iter()
            .filter(|a| orphaned(&a.2))
            .map(|a| format!("alarm {} outlived its API", a.0)),
    );
    found.extend(
        inv.roles
            .iter()
            .filter(|r| orphaned(&r.1))
            .map(|r| format!("role {} outlived its API", r.0)),
    );
    let api_names: BTreeSet<&str> = inv.apis.iter().map(|a| a.1.as_str()).collect();
    for (name, api_name, _) in &inv.alarms {
        if let Some(api) = api_name.as_deref().filter(|api| !api_names.contains(api)) {
            found.push(format!(
                "alarm {name} watches API '{api}', which does not exist"
            ));
        }
    }
    for cert in inv.certificates.iter().filter(|c| !c.imported && !c.in_use) {
        found.push(format!(
            "certificate {} ({}) is used by no domain name",
            cert.arn, cert.domain
        ));
    }
}
