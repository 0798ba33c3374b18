//! Custom domain names and base path mappings.
//!
//! AWS behaviour modelled:
//! - `CreateDomainName` needs an ACM certificate that is ISSUED, lives in the right region
//!   (EDGE: us-east-1, sent as `certificateArn`; REGIONAL: the API's region, sent as
//!   `regionalCertificateArn`) and covers the name (`*.example.com` covers `api.example.com`,
//!   not `example.com` nor `a.b.example.com`); anything else is `BadRequestException`. The
//!   certificate comes from the ACM simulator ([`crate::certs::issued_certificate_domains`]).
//! - An existing name is `ConflictException` "The domain name you provided already exists."
//!   (`AlreadyExists`); 120 custom domain names per region `LimitExceededException`.
//! - Alias targets as AWS answers them: REGIONAL `d-{10}.execute-api.{region}.amazonaws.com`
//!   with the region's API Gateway hosted zone (`Z1UJRXOUMOOFQ8` in us-east-1, …), EDGE
//!   `d{13}.cloudfront.net` with CloudFront's `Z2FDTNDATAQYW2`. Status `AVAILABLE` at once.
//! - `DeleteDomainName` removes the domain's base path mappings with it.
//! - `CreateBasePathMapping`: unknown domain `NotFoundException`; unknown API or stage
//!   `BadRequestException`; a base path already mapped `ConflictException` "Base path already
//!   exists for this domain name" (`AlreadyExists`). `""` (AWS: `(none)`) is the root mapping.
//!   Strict where AWS is undocumented: a root mapping excludes every other mapping of the
//!   domain (AWS: "Only one base path mapping is allowed if the base path is empty").

use apigw_core::restapi::{
    BasePathMapping, DomainName, DomainNameStatus, EndpointType, NewDomainName,
};
use apigw_core::Op;

use super::{
    check_tags, exists, invalid, limit, not_found, Domain, Result, State, World,
    CREATE_BASE_PATH_MAPPING, CREATE_DOMAIN_NAME, DELETE_BASE_PATH_MAPPING,
};

/// Custom domain names per region.
pub(super) const DOMAINS_PER_REGION: usize = 120;
/// CloudFront's hosted zone: the alias target zone of every EDGE domain.
pub(super) const CLOUDFRONT_ZONE: &str = "Z2FDTNDATAQYW2";
/// Where EDGE certificates live.
const EDGE_CERTIFICATE_REGION: &str = "us-east-1";

/// The Route 53 hosted zone of API Gateway's regional endpoints
/// (<https://docs.aws.amazon.com/general/latest/gr/apigateway.html>).
pub(super) fn regional_zone(region: &str) -> Option<&'static str> {
    Some(match region {
        "us-east-1" => "Z1UJRXOUMOOFQ8",
        "us-east-2" => "ZOJJZC49E0EPZ",
        "us-west-1" => "Z2MUQ32089INYE",
        "us-west-2" => "Z2OJLYMUO9EFXC",
        "af-south-1" => "Z2DHW2332DAMTN",
        "ap-east-1" => "Z3FD1VL90ND7K5",
        "ap-south-1" => "Z3VO1THU9YC4UR",
        "ap-northeast-1" => "Z1YSHQZHG15GKL",
        "ap-northeast-2" => "Z20JF4UZKIW1U8",
        "ap-northeast-3" => "Z22ILHG95FLSZ2",
        "ap-southeast-1" => "ZL327KTPIQFUL",
        "ap-southeast-2" => "Z2RPCDW04V8134",
        "ca-central-1" => "Z19DQILCV0OWEC",
        "eu-central-1" => "Z1U9ULNL0V5AJ3",
        "eu-central-2" => "Z09222482MK253X48U76H",
        "eu-west-1" => "ZLY8HYME6SFDD",
        "eu-west-2" => "ZJ5UAJN8Y3Z2Q",
        "eu-west-3" => "Z3KY65QIEKYHQQ",
        "eu-north-1" => "Z3UWIKFBOOGXPP",
        "eu-south-1" => "Z3BT4WSQ9TDYZV",
        "eu-south-2" => "Z02499852UI5HEQ5JVWX3",
        "me-south-1" => "Z20ZBPC0SS8806",
        "me-central-1" => "Z08780021BKYYY8U0YHTV",
        "sa-east-1" => "ZCMLWB8V5SYIT",
        "us-gov-east-1" => "Z3SE9ATJYCRCZJ",
        "us-gov-west-1" => "Z1K6XKP9SAGWDV",
        _ => return None,
    })
}

/// Whether a certificate name (`api.example.com`, `*.example.com`) covers `domain`.
pub(super) fn covers(certificate_name: &str, domain: &str) -> bool {
    let (pattern, domain) = (
        certificate_name.to_ascii_lowercase(),
        domain.to_ascii_lowercase(),
    );
    if pattern == domain {
        return true;
    }
    match (pattern.strip_prefix("*."), domain.split_once('.')) {
        (Some(parent), Some((label, rest))) => {
            rest == parent && !label.is_empty() && !label.contains('*')
        }
        _ => false,
    }
}

/// RFC 1123 labels, lower case, at most 253 characters, at least two labels; a leading `*`
/// label makes a wildcard custom domain.
fn valid_domain_name(name: &str) -> bool {
    let labels: Vec<&str> = name.split('.').collect();
    name.len() <= 253
        && labels.len() >= 2
        && labels.iter().enumerate().all(|(i, label)| {
            (i == 0 && *label == "*")
                || (!label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
        })
}

pub(super) fn domain<'a>(state: &'a State, op: Op, name: &str) -> Result<&'a Domain> {
    state.domains.get(name).ok_or_else(|| {
        not_found(op, "Invalid domain name identifier specified").with_resource(name)
    })
}

/// The custom domain names (in this account's API Gateway region) that use the certificate
/// `arn`: what ACM reports as the certificate's `InUseBy`.
pub(crate) fn domains_using_certificate(world: &World, arn: &str) -> Vec<String> {
    world
        .restapi
        .domains
        .values()
        .filter(|d| {
            d.domain.certificate_arn.as_deref() == Some(arn)
                || d.domain.regional_certificate_arn.as_deref() == Some(arn)
        })
        .map(|d| d.domain.name.clone())
        .collect()
}

/// Checks the certificate for `new` against the ACM simulator.
fn check_certificate(w: &World, op: Op, new: &NewDomainName, region: &str) -> Result<()> {
    let arn = new.certificate_arn.as_str();
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let Some(arn_region) = (match parts.as_slice() {
        ["arn", "aws", "acm", region, _account, resource]
            if resource.starts_with("certificate/") =>
        {
            Some(*region)
        }
        _ => None,
    }) else {
        return Err(invalid(
            op,
            format!("Invalid certificate ARN specified: {arn}"),
        ));
    };
    if arn_region != region {
        return Err(invalid(
            op,
            format!(
                "Certificate {arn} is in {arn_region}: a {} custom domain name needs a \
                 certificate in {region}",
                new.endpoint_type
            ),
        ));
    }
    let names = crate::certs::issued_certificate_domains(w, region, arn)
        .map_err(|why| invalid(op, format!("Invalid certificate {arn}: {why}")))?;
    if names.iter().any(|n| covers(n, &new.name)) {
        Ok(())
    } else {
        Err(invalid(
            op,
            format!(
                "Certificate {arn} does not cover {} (it covers {})",
                new.name,
                names.join(", ")
            ),
        ))
    }
}

pub(super) fn create_domain(w: &mut World, new: &NewDomainName) -> Result<DomainName> {
    let op = CREATE_DOMAIN_NAME;
    let name = new.name.as_str();
    if !valid_domain_name(name) {
        return Err(
            invalid(op, format!("Invalid domain name specified: {name}")).with_resource(name),
        );
    }
    check_tags(op, &new.tags)?;
    let edge = match new.endpoint_type {
        EndpointType::Edge => true,
        EndpointType::Regional => false,
        other => {
            return Err(invalid(
                op,
                format!("Custom domain names of endpoint type {other} are not supported"),
            )
            .with_resource(name))
        }
    };
    if w.restapi.domains.contains_key(name) {
        return Err(exists(op, "The domain name you provided already exists.").with_resource(name));
    }
    if w.restapi.domains.len() >= DOMAINS_PER_REGION {
        return Err(limit(
            op,
            format!(
                "Cannot create more than {DOMAINS_PER_REGION} custom domain names in {}",
                w.region
            ),
        )
        .with_resource(name));
    }
    let certificate_region = if edge {
        EDGE_CERTIFICATE_REGION.to_owned()
    } else {
        w.region.clone()
    };
    check_certificate(w, op, new, &certificate_region).map_err(|e| e.with_resource(name))?;
    let mut domain = DomainName {
        name: name.to_owned(),
        endpoint_type: Some(new.endpoint_type),
        certificate_arn: None,
        regional_certificate_arn: None,
        regional_domain_name: None,
        regional_hosted_zone_id: None,
        distribution_domain_name: None,
        distribution_hosted_zone_id: None,
        security_policy: Some(new.security_policy),
        status: Some(DomainNameStatus::Available),
        status_message: None,
        tags: new.tags.clone(),
    };
    if edge {
        let suffix = w.id6();
        domain.certificate_arn = Some(new.certificate_arn.clone());
        domain.distribution_domain_name =
            Some(format!("d{}{}.cloudfront.net", w.id10(), &suffix[..3]));
        domain.distribution_hosted_zone_id = Some(CLOUDFRONT_ZONE.to_owned());
    } else {
        let zone = regional_zone(&w.region)
            .map(str::to_owned)
            .unwrap_or_else(|| synthetic_zone(&w.region));
        domain.regional_certificate_arn = Some(new.certificate_arn.clone());
        domain.regional_domain_name = Some(format!(
            "d-{}.execute-api.{}.amazonaws.com",
            w.id10(),
            w.region
        ));
        domain.regional_hosted_zone_id = Some(zone);
    }
    w.restapi.domains.insert(
        name.to_owned(),
        Domain {
            domain: domain.clone(),
            mappings: Default::default(),
        },
    );
    Ok(domain)
}

/// A stable, zone-shaped id for a region the table above does not know.
fn synthetic_zone(region: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in region.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("Z{hash:016X}")
}

/// `(none)` and `""` are the root; otherwise segments of `[A-Za-z0-9._~$+-]` joined by `/`.
fn normalize_base_path(op: Op, base_path: &str) -> Result<String> {
    let path = if base_path == "(none)" { "" } else { base_path };
    let valid = path.is_empty()
        || path.split('/').all(|segment| {
            !segment.is_empty()
                && segment
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._~$+-".contains(c))
        });
    if valid {
        Ok(path.to_owned())
    } else {
        Err(invalid(
            op,
            format!("Invalid base path specified: '{base_path}'"),
        ))
    }
}

pub(super) fn create_mapping(
    w: &mut World,
    domain_name: &str,
    mapping: &BasePathMapping,
) -> Result<BasePathMapping> {
    let op = CREATE_BASE_PATH_MAPPING;
    let state = &w.restapi;
    let found = domain(state, op, domain_name)?;
    let base_path = normalize_base_path(op, &mapping.base_path)?;
    let target = format!("{domain_name}/{base_path}");
    let Some(api) = state.apis.get(&mapping.rest_api_id) else {
        return Err(invalid(op, "Invalid REST API identifier specified").with_resource(target));
    };
    if let Some(stage) = &mapping.stage {
        if !api.stages.contains_key(stage) {
            return Err(invalid(op, "Invalid stage identifier specified").with_resource(target));
        }
    }
    if found.mappings.contains_key(&base_path) {
        return Err(
            exists(op, "Base path already exists for this domain name").with_resource(target)
        );
    }
    if !found.mappings.is_empty() && (base_path.is_empty() || found.mappings.contains_key("")) {
        return Err(invalid(
            op,
            "Only one base path mapping is allowed if the base path is empty.",
        )
        .with_resource(target));
    }
    let stored = BasePathMapping {
        base_path: base_path.clone(),
        rest_api_id: mapping.rest_api_id.clone(),
        stage: mapping.stage.clone(),
    };
    if let Some(found) = w.restapi.domains.get_mut(domain_name) {
        found.mappings.insert(base_path, stored.clone());
    }
    Ok(stored)
}

pub(super) fn delete_mapping(w: &mut World, domain_name: &str, base_path: &str) -> Result<()> {
    let op = DELETE_BASE_PATH_MAPPING;
    domain(&w.restapi, op, domain_name)?;
    let path = if base_path == "(none)" { "" } else { base_path };
    let removed = w
        .restapi
        .domains
        .get_mut(domain_name)
        .and_then(|d| d.mappings.remove(path));
    match removed {
        Some(_) => Ok(()),
        None => Err(
            not_found(op, "Invalid base path mapping identifier specified")
                .with_resource(format!("{domain_name}/{base_path}")),
        ),
    }
}
