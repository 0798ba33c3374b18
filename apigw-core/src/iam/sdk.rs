//! [`SdkIam`]: the [`Iam`] trait over `aws-sdk-iam`. The only file of the IAM concern that
//! imports `aws_sdk_iam`.

use std::collections::BTreeMap;
use std::time::SystemTime;

use aws_sdk_iam::types::Tag;
use serde_json::Value;

use super::api::Iam;
use super::model::{AttachedPolicy, Role, RoleSpec};
use super::ops::{
    ATTACH_ROLE_POLICY, CREATE_ROLE, DELETE_ROLE, DELETE_ROLE_POLICY, DETACH_ROLE_POLICY, GET_ROLE,
    LIST_ATTACHED_ROLE_POLICIES, LIST_ROLE_POLICIES,
};
use crate::runtime::{from_sdk, Caller};
use crate::{AwsContext, Error, ErrorKind, Result};

/// IAM through the AWS SDK.
#[derive(Debug, Clone)]
pub struct SdkIam {
    client: aws_sdk_iam::Client,
    caller: Caller,
    page_size: Option<i32>,
}

impl SdkIam {
    /// Uses the context's client and shared caller.
    pub fn new(ctx: &AwsContext) -> Self {
        Self::from_client(ctx.iam().clone(), ctx.caller().clone())
    }

    /// For tests (aws-smithy-mocks clients) and custom clients.
    pub fn from_client(client: aws_sdk_iam::Client, caller: Caller) -> Self {
        Self {
            client,
            caller,
            page_size: None,
        }
    }

    /// Asks for at most `size` items per list page (`MaxItems`, 1–1000; IAM's default is 100).
    ///
    /// Results are the same whatever the size; tests use a small one to cross page boundaries.
    pub fn with_page_size(mut self, size: u32) -> Self {
        self.page_size = Some(i32::try_from(size.clamp(1, 1000)).unwrap_or(1000));
        self
    }
}

#[async_trait::async_trait]
impl Iam for SdkIam {
    async fn get_role(&self, name: &str) -> Result<Role> {
        let out = self
            .caller
            .call(GET_ROLE, name, || async {
                self.client
                    .get_role()
                    .role_name(name)
                    .send()
                    .await
                    .map_err(|e| from_sdk(GET_ROLE.name, e))
            })
            .await?;
        let role = out.role().ok_or_else(|| {
            Error::new(ErrorKind::Other, GET_ROLE.name, "answer had no role").with_resource(name)
        })?;
        Ok(role_from_sdk(role))
    }

    async fn create_role(&self, spec: &RoleSpec) -> Result<Role> {
        let tags = spec
            .tags
            .iter()
            .map(|(key, value)| {
                Tag::builder().key(key).value(value).build().map_err(|e| {
                    Error::new(ErrorKind::Invalid, CREATE_ROLE.name, "invalid tag")
                        .with_resource(spec.name.clone())
                        .with_source(e)
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let trust = spec.trust_policy().to_string();
        let lookup = || async {
            match self.get_role(&spec.name).await {
                Ok(role) => Ok(Some(role)),
                Err(e) if e.is_not_found() => Ok(None),
                Err(e) => Err(e),
            }
        };
        let create = || async {
            let out = self
                .client
                .create_role()
                .role_name(&spec.name)
                .assume_role_policy_document(&trust)
                .set_path(spec.path.clone())
                .set_description(spec.description.clone())
                .set_tags((!tags.is_empty()).then(|| tags.clone()))
                .send()
                .await
                .map_err(|e| from_sdk(CREATE_ROLE.name, e))?;
            out.role()
                .map(role_from_sdk)
                .ok_or_else(|| Error::new(ErrorKind::Other, CREATE_ROLE.name, "answer had no role"))
        };
        self.caller
            .create(CREATE_ROLE, &spec.name, lookup, create)
            .await
    }

    async fn attach_managed_policy(&self, role: &str, policy_arn: &str) -> Result<()> {
        self.caller
            .call(ATTACH_ROLE_POLICY, role, || async {
                self.client
                    .attach_role_policy()
                    .role_name(role)
                    .policy_arn(policy_arn)
                    .send()
                    .await
                    .map_err(|e| from_sdk(ATTACH_ROLE_POLICY.name, e))
            })
            .await?;
        Ok(())
    }

    async fn detach_managed_policy(&self, role: &str, policy_arn: &str) -> Result<()> {
        self.caller
            .call(DETACH_ROLE_POLICY, role, || async {
                self.client
                    .detach_role_policy()
                    .role_name(role)
                    .policy_arn(policy_arn)
                    .send()
                    .await
                    .map_err(|e| from_sdk(DETACH_ROLE_POLICY.name, e))
            })
            .await?;
        Ok(())
    }

    async fn list_attached_policies(&self, role: &str) -> Result<Vec<AttachedPolicy>> {
        let mut policies = Vec::new();
        let mut marker: Option<String> = None;
        loop {
            let out = self
                .caller
                .call(LIST_ATTACHED_ROLE_POLICIES, role, || async {
                    self.client
                        .list_attached_role_policies()
                        .role_name(role)
                        .set_marker(marker.clone())
                        .set_max_items(self.page_size)
                        .send()
                        .await
                        .map_err(|e| from_sdk(LIST_ATTACHED_ROLE_POLICIES.name, e))
                })
                .await?;
            policies.extend(out.attached_policies().iter().filter_map(|p| {
                Some(AttachedPolicy {
                    name: p.policy_name()?.to_owned(),
                    arn: p.policy_arn()?.to_owned(),
                })
            }));
            marker = next_marker(
                LIST_ATTACHED_ROLE_POLICIES.name,
                role,
                out.is_truncated(),
                out.marker(),
                marker.as_deref(),
            )?;
            if marker.is_none() {
                return Ok(policies);
            }
        }
    }

    async fn list_inline_policy_names(&self, role: &str) -> Result<Vec<String>> {
        let mut names = Vec::new();
        let mut marker: Option<String> = None;
        loop {
            let out = self
                .caller
                .call(LIST_ROLE_POLICIES, role, || async {
                    self.client
                        .list_role_policies()
                        .role_name(role)
                        .set_marker(marker.clone())
                        .set_max_items(self.page_size)
                        .send()
                        .await
                        .map_err(|e| from_sdk(LIST_ROLE_POLICIES.name, e))
                })
                .await?;
            names.extend(out.policy_names().iter().cloned());
            marker = next_marker(
                LIST_ROLE_POLICIES.name,
                role,
                out.is_truncated(),
                out.marker(),
                marker.as_deref(),
            )?;
            if marker.is_none() {
                return Ok(names);
            }
        }
    }

    async fn delete_inline_policy(&self, role: &str, policy_name: &str) -> Result<()> {
        self.caller
            .call(DELETE_ROLE_POLICY, role, || async {
                self.client
                    .delete_role_policy()
                    .role_name(role)
                    .policy_name(policy_name)
                    .send()
                    .await
                    .map_err(|e| from_sdk(DELETE_ROLE_POLICY.name, e))
            })
            .await?;
        Ok(())
    }

    async fn delete_role(&self, name: &str) -> Result<()> {
        self.caller
            .call(DELETE_ROLE, name, || async {
                self.client
                    .delete_role()
                    .role_name(name)
                    .send()
                    .await
                    .map_err(|e| from_sdk(DELETE_ROLE.name, e))
            })
            .await?;
        Ok(())
    }
}

/// The marker for the next page, `None` when the listing is complete.
///
/// A truncated answer without a marker, or one repeating the marker just sent, would loop
/// forever: that is an error, not a silent stop.
fn next_marker(
    operation: &'static str,
    role: &str,
    is_truncated: bool,
    marker: Option<&str>,
    sent: Option<&str>,
) -> Result<Option<String>> {
    if !is_truncated {
        return Ok(None);
    }
    match marker.filter(|m| !m.is_empty()) {
        Some(next) if Some(next) != sent => Ok(Some(next.to_owned())),
        _ => Err(Error::new(
            ErrorKind::Other,
            operation,
            "answer was truncated but gave no new marker",
        )
        .with_resource(role)),
    }
}

fn role_from_sdk(role: &aws_sdk_iam::types::Role) -> Role {
    let trust_policy =
        role.assume_role_policy_document()
            .and_then(|raw| match decode_policy_document(raw) {
                Some(policy) => Some(policy),
                None => {
                    tracing::warn!(
                        role = role.role_name(),
                        "the role's trust policy could not be decoded"
                    );
                    None
                }
            });
    Role {
        name: role.role_name().to_owned(),
        arn: role.arn().to_owned(),
        id: role.role_id().to_owned(),
        path: role.path().to_owned(),
        description: role.description().map(str::to_owned),
        trust_policy,
        max_session_duration: role.max_session_duration(),
        created: SystemTime::try_from(*role.create_date()).ok(),
        tags: role
            .tags()
            .iter()
            .map(|t| (t.key().to_owned(), t.value().to_owned()))
            .collect::<BTreeMap<_, _>>(),
    }
}

/// IAM returns policy documents URL-encoded (RFC 3986 percent-encoding) JSON. A document that
/// is already plain JSON (starts with `{`; an encoded one starts with `%7B`) is parsed as is.
fn decode_policy_document(raw: &str) -> Option<Value> {
    let trimmed = raw.trim();
    if trimmed.starts_with('{') {
        return serde_json::from_str(trimmed).ok();
    }
    serde_json::from_str(&percent_decode(trimmed)?).ok()
}

/// Decodes `%XX` escapes; `+` stays a plus (IAM encodes spaces as `%20`). `None` on a broken
/// escape or on bytes that are not UTF-8.
fn percent_decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let digit = |b: u8| char::from(b).to_digit(16);
            let value = digit(hex[0])? * 16 + digit(hex[1])?;
            out.push(u8::try_from(value).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::model::API_GATEWAY_SERVICE;
    use crate::runtime::{PacingConfig, RetryPolicy, RuntimeConfig};
    use aws_sdk_iam::config::retry::RetryConfig;
    use aws_sdk_iam::operation::create_role::CreateRoleOutput;
    use aws_sdk_iam::operation::get_role::{GetRoleError, GetRoleOutput};
    use aws_sdk_iam::operation::list_attached_role_policies::ListAttachedRolePoliciesOutput;
    use aws_sdk_iam::operation::list_role_policies::ListRolePoliciesOutput;
    use aws_sdk_iam::types::error::NoSuchEntityException;
    use aws_sdk_iam::types::AttachedPolicy as SdkAttachedPolicy;
    use aws_sdk_iam::Client;
    use aws_smithy_mocks::{mock, mock_client, Rule, RuleMode};
    use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;
    use aws_smithy_types::error::ErrorMetadata;
    use serde_json::json;

    fn caller(max_attempts: u32) -> Caller {
        Caller::new(RuntimeConfig {
            pacing: PacingConfig::disabled(),
            retry: RetryPolicy::default()
                .with_max_attempts(max_attempts)
                .with_jitter_seed(1),
            ..Default::default()
        })
    }

    /// A mock client with the SDK's own retries off, as [`AwsContext`] builds them.
    fn client(mode: RuleMode, rules: &[&Rule]) -> Client {
        mock_client!(aws_sdk_iam, mode, rules, |conf| conf
            .retry_config(RetryConfig::disabled()))
    }

    fn iam(rules: &[&Rule]) -> SdkIam {
        SdkIam::from_client(client(RuleMode::Sequential, rules), caller(1))
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters, as IAM does.
    fn url_encode(text: &str) -> String {
        text.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                    char::from(b).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    }

    fn sdk_role(name: &str, trust: Option<&str>) -> aws_sdk_iam::types::Role {
        aws_sdk_iam::types::Role::builder()
            .role_name(name)
            .role_id("AROAEXAMPLE")
            .arn(format!("arn:aws:iam::123456789012:role/{name}"))
            .path("/")
            .create_date(aws_smithy_types::DateTime::from_secs(1_700_000_000))
            .set_assume_role_policy_document(trust.map(str::to_owned))
            .description("execution role")
            .max_session_duration(3600)
            .tags(
                Tag::builder()
                    .key("apigw:owner")
                    .value("orders")
                    .build()
                    .expect("tag"),
            )
            .build()
            .expect("role")
    }

    /// An IAM (awsQuery, XML) error answer.
    fn iam_error(status: u16, code: &str, message: &str) -> HttpResponse {
        let body = format!(
            "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type>\
             <Code>{code}</Code><Message>{message}</Message></Error><RequestId>req-1</RequestId></ErrorResponse>"
        );
        HttpResponse::new(
            StatusCode::try_from(status).expect("status"),
            SdkBody::from(body),
        )
    }

    #[tokio::test]
    async fn get_role_decodes_the_url_encoded_trust_policy_with_a_list_principal() {
        let trust = json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": {"Service": ["lambda.amazonaws.com", "apigateway.amazonaws.com"]},
                "Action": "sts:AssumeRole",
            }],
        });
        let encoded = url_encode(&trust.to_string());
        assert!(encoded.starts_with("%7B%22Version%22"));
        let rule = mock!(Client::get_role)
            .match_requests(|req| req.role_name() == Some("orders-apigw"))
            .then_output(move || {
                GetRoleOutput::builder()
                    .role(sdk_role("orders-apigw", Some(&encoded)))
                    .build()
            });
        let role = iam(&[&rule]).get_role("orders-apigw").await.expect("role");
        assert_eq!(role.name, "orders-apigw");
        assert_eq!(role.arn, "arn:aws:iam::123456789012:role/orders-apigw");
        assert_eq!(role.id, "AROAEXAMPLE");
        assert_eq!(role.path, "/");
        assert_eq!(role.description.as_deref(), Some("execution role"));
        assert_eq!(role.max_session_duration, Some(3600));
        assert_eq!(
            role.created,
            Some(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000))
        );
        assert_eq!(
            role.tags.get("apigw:owner").map(String::as_str),
            Some("orders")
        );
        assert_eq!(role.trust_policy.as_ref(), Some(&trust));
        assert!(role.trusts_service(API_GATEWAY_SERVICE));
    }

    #[tokio::test]
    async fn get_role_understands_a_string_principal_and_a_missing_or_broken_document() {
        let string_principal = url_encode(
            r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": "apigateway.amazonaws.com"}, "Action": ["sts:AssumeRole"]}}"#,
        );
        let other_service = url_encode(
            r#"{"Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#,
        );
        let answers = [
            (Some(string_principal), true, true),
            (Some(other_service), true, false),
            (None, false, false),
            (Some("%7B%ZZ".to_owned()), false, false),
        ];
        for (document, parsed, trusted) in answers {
            let rule = mock!(Client::get_role).then_output(move || {
                GetRoleOutput::builder()
                    .role(sdk_role("r", document.as_deref()))
                    .build()
            });
            let role = iam(&[&rule]).get_role("r").await.expect("role");
            assert_eq!(role.trust_policy.is_some(), parsed);
            assert_eq!(role.trusts_service(API_GATEWAY_SERVICE), trusted);
        }
    }

    #[test]
    fn percent_decoding_handles_utf8_plus_and_broken_escapes() {
        assert_eq!(percent_decode("a%20b+c").as_deref(), Some("a b+c"));
        assert_eq!(percent_decode("%C3%A9t%C3%A9").as_deref(), Some("été"));
        assert_eq!(percent_decode("%7b%7D").as_deref(), Some("{}"));
        assert_eq!(percent_decode("%2"), None);
        assert_eq!(percent_decode("%+1"), None);
        assert_eq!(percent_decode("%FF"), None);
        assert_eq!(
            decode_policy_document(r#"{"Version":"2012-10-17"}"#),
            Some(json!({"Version": "2012-10-17"}))
        );
    }

    #[tokio::test]
    async fn create_role_sends_the_trust_policy_description_and_tags() {
        let rule = mock!(Client::create_role)
            .match_requests(|req| {
                let trust: Option<Value> = req
                    .assume_role_policy_document()
                    .and_then(|d| serde_json::from_str(d).ok());
                req.role_name() == Some("orders-apigw")
                    && req.description() == Some("apigw execution role")
                    && req.path().is_none()
                    && req.tags().len() == 1
                    && req.tags()[0].key() == "apigw:owner"
                    && trust.is_some_and(|t| {
                        crate::iam::model::trust_allows_service(&t, API_GATEWAY_SERVICE)
                    })
            })
            .then_output(|| {
                CreateRoleOutput::builder()
                    .role(sdk_role("orders-apigw", None))
                    .build()
            });
        let spec = RoleSpec::for_api_gateway("orders-apigw")
            .with_description("apigw execution role")
            .with_tag("apigw:owner", "orders");
        let role = iam(&[&rule]).create_role(&spec).await.expect("created");
        assert_eq!(role.name, "orders-apigw");
        assert_eq!(rule.num_calls(), 1);
    }

    #[tokio::test]
    async fn create_role_that_exists_is_already_exists_and_not_retried() {
        let rule = mock!(Client::create_role).then_http_response(|| {
            iam_error(
                409,
                "EntityAlreadyExists",
                "Role with name orders-apigw already exists.",
            )
        });
        let sdk = SdkIam::from_client(client(RuleMode::MatchAny, &[&rule]), caller(5));
        let err = sdk
            .create_role(&RoleSpec::for_api_gateway("orders-apigw"))
            .await
            .expect_err("exists");
        assert_eq!(err.kind(), ErrorKind::AlreadyExists);
        assert_eq!(rule.num_calls(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn create_role_after_a_transient_failure_adopts_the_role_it_created() {
        let failed = mock!(Client::create_role)
            .then_http_response(|| iam_error(500, "ServiceFailure", "internal"));
        let lookup = mock!(Client::get_role).then_output(|| {
            GetRoleOutput::builder()
                .role(sdk_role("orders-apigw", None))
                .build()
        });
        let sdk = SdkIam::from_client(client(RuleMode::Sequential, &[&failed, &lookup]), caller(5));
        let role = sdk
            .create_role(&RoleSpec::for_api_gateway("orders-apigw"))
            .await
            .expect("adopted");
        assert_eq!(role.name, "orders-apigw");
        assert_eq!(failed.num_calls(), 1);
        assert_eq!(lookup.num_calls(), 1);
    }

    #[tokio::test]
    async fn list_attached_policies_follows_markers_across_pages() {
        let page = |names: &[&str], marker: Option<&str>| {
            let mut out = ListAttachedRolePoliciesOutput::builder()
                .is_truncated(marker.is_some())
                .set_marker(marker.map(str::to_owned));
            for name in names {
                out = out.attached_policies(
                    SdkAttachedPolicy::builder()
                        .policy_name(*name)
                        .policy_arn(format!("arn:aws:iam::aws:policy/{name}"))
                        .build(),
                );
            }
            out.build()
        };
        let first = mock!(Client::list_attached_role_policies)
            .match_requests(|req| req.marker().is_none() && req.max_items() == Some(2))
            .then_output(move || page(&["A", "B"], Some("m1")));
        let second = mock!(Client::list_attached_role_policies)
            .match_requests(|req| req.marker() == Some("m1"))
            .then_output(move || page(&["C"], None));
        let sdk = iam(&[&first, &second]).with_page_size(2);
        let policies = sdk.list_attached_policies("r").await.expect("policies");
        let names: Vec<_> = policies.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["A", "B", "C"]);
        assert_eq!(policies[2].arn, "arn:aws:iam::aws:policy/C");
    }

    #[tokio::test]
    async fn list_inline_policy_names_follows_markers_and_rejects_a_stuck_marker() {
        let first = mock!(Client::list_role_policies).then_output(|| {
            ListRolePoliciesOutput::builder()
                .policy_names("one")
                .is_truncated(true)
                .marker("m1")
                .build()
                .expect("output")
        });
        let second = mock!(Client::list_role_policies)
            .match_requests(|req| req.marker() == Some("m1"))
            .then_output(|| {
                ListRolePoliciesOutput::builder()
                    .policy_names("two")
                    .is_truncated(false)
                    .build()
                    .expect("output")
            });
        let names = iam(&[&first, &second])
            .list_inline_policy_names("r")
            .await
            .expect("names");
        assert_eq!(names, ["one", "two"]);

        let stuck = mock!(Client::list_role_policies).then_output(|| {
            ListRolePoliciesOutput::builder()
                .set_policy_names(Some(Vec::new()))
                .is_truncated(true)
                .build()
                .expect("output")
        });
        let err = iam(&[&stuck])
            .list_inline_policy_names("r")
            .await
            .expect_err("no marker");
        assert_eq!(err.kind(), ErrorKind::Other);
    }

    #[tokio::test]
    async fn writes_send_role_and_policy() {
        let attach = mock!(Client::attach_role_policy)
            .match_requests(|r| r.role_name() == Some("r") && r.policy_arn() == Some("arn:p"))
            .then_output(|| {
                aws_sdk_iam::operation::attach_role_policy::AttachRolePolicyOutput::builder()
                    .build()
            });
        let detach = mock!(Client::detach_role_policy)
            .match_requests(|r| r.role_name() == Some("r") && r.policy_arn() == Some("arn:p"))
            .then_output(|| {
                aws_sdk_iam::operation::detach_role_policy::DetachRolePolicyOutput::builder()
                    .build()
            });
        let delete_inline = mock!(Client::delete_role_policy)
            .match_requests(|r| r.role_name() == Some("r") && r.policy_name() == Some("inline"))
            .then_output(|| {
                aws_sdk_iam::operation::delete_role_policy::DeleteRolePolicyOutput::builder()
                    .build()
            });
        let delete = mock!(Client::delete_role)
            .match_requests(|r| r.role_name() == Some("r"))
            .then_output(|| {
                aws_sdk_iam::operation::delete_role::DeleteRoleOutput::builder().build()
            });
        let sdk = iam(&[&attach, &detach, &delete_inline, &delete]);
        sdk.attach_managed_policy("r", "arn:p")
            .await
            .expect("attach");
        sdk.detach_managed_policy("r", "arn:p")
            .await
            .expect("detach");
        sdk.delete_inline_policy("r", "inline")
            .await
            .expect("inline");
        sdk.delete_role("r").await.expect("delete");
        for rule in [&attach, &detach, &delete_inline, &delete] {
            assert_eq!(rule.num_calls(), 1);
        }
    }

    #[tokio::test]
    async fn answers_are_classified() {
        let cases: &[(u16, &str, &str, ErrorKind)] = &[
            (400, "Throttling", "Rate exceeded", ErrorKind::Throttled),
            (
                409,
                "ConcurrentModification",
                "concurrent",
                ErrorKind::Conflict,
            ),
            (
                404,
                "NoSuchEntity",
                "The role with name r cannot be found.",
                ErrorKind::NotFound,
            ),
            (
                409,
                "LimitExceeded",
                "Cannot exceed quota for PoliciesPerRole: 10",
                ErrorKind::LimitExceeded,
            ),
            (
                403,
                "AccessDenied",
                "not authorized to perform: iam:GetRole",
                ErrorKind::AccessDenied,
            ),
            (400, "MalformedPolicyDocument", "bad", ErrorKind::Invalid),
            (
                400,
                "ValidationError",
                "1 validation error",
                ErrorKind::Invalid,
            ),
            (400, "InvalidInput", "bad", ErrorKind::Invalid),
            (
                409,
                "DeleteConflict",
                "Cannot delete entity, must detach all policies first.",
                ErrorKind::Invalid,
            ),
            (500, "ServiceFailure", "", ErrorKind::Transient),
            (429, "", "", ErrorKind::Throttled),
        ];
        for (status, code, message, want) in cases.iter().copied() {
            let rule = mock!(Client::delete_role)
                .then_http_response(move || iam_error(status, code, message));
            let err = iam(&[&rule]).delete_role("r").await.expect_err("fails");
            assert_eq!(err.kind(), want, "{status} {code}");
            assert_eq!(err.operation(), "DeleteRole");
            assert_eq!(err.resource(), Some("r"));
        }
    }

    #[tokio::test]
    async fn modeled_not_found_is_not_found() {
        let rule = mock!(Client::get_role).then_error(|| {
            GetRoleError::NoSuchEntityException(
                NoSuchEntityException::builder()
                    .message("The role with name nope cannot be found.")
                    .meta(
                        ErrorMetadata::builder()
                            .code("NoSuchEntity")
                            .message("The role with name nope cannot be found.")
                            .build(),
                    )
                    .build(),
            )
        });
        let err = iam(&[&rule]).get_role("nope").await.expect_err("missing");
        assert!(err.is_not_found());
        assert_eq!(
            err.to_string(),
            "GetRole (nope): The role with name nope cannot be found."
        );
    }

    #[tokio::test(start_paused = true)]
    async fn throttling_is_retried_then_succeeds() {
        let rule = mock!(Client::get_role)
            .sequence()
            .http_response(|| iam_error(400, "Throttling", "Rate exceeded"))
            .times(2)
            .output(|| GetRoleOutput::builder().role(sdk_role("r", None)).build())
            .build();
        let sdk = SdkIam::from_client(client(RuleMode::Sequential, &[&rule]), caller(5));
        let role = sdk.get_role("r").await.expect("third attempt");
        assert_eq!(role.name, "r");
        assert_eq!(rule.num_calls(), 3);
    }
}
