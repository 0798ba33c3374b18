//! IAM domain types: the execution role API Gateway assumes, its trust policy and its policies.
//!
//! Plain data, no SDK types. The trust policy is kept as parsed JSON (`serde_json::Value`)
//! because IAM policy grammar is open-ended; [`trust_allows_service`] answers the one question
//! apigw asks of it.

use std::collections::BTreeMap;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// The service principal API Gateway assumes roles as.
pub const API_GATEWAY_SERVICE: &str = "apigateway.amazonaws.com";

/// The IAM policy language version every document apigw writes uses.
pub const POLICY_VERSION: &str = "2012-10-17";

/// An IAM role as `GetRole` / `CreateRole` describe it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Role {
    /// The role name (unique per account, case-insensitive in IAM).
    pub name: String,
    /// `arn:aws:iam::{account}:role{path}{name}`.
    pub arn: String,
    /// The stable unique id (`AROA…`).
    pub id: String,
    /// The path, `/` by default.
    pub path: String,
    /// The description, when one was set.
    pub description: Option<String>,
    /// The trust (assume-role) policy, decoded from IAM's URL-encoded JSON; `None` when the
    /// answer carried none or it could not be parsed.
    pub trust_policy: Option<Value>,
    /// Maximum session duration in seconds, when IAM reported it.
    pub max_session_duration: Option<i32>,
    /// When the role was created.
    pub created: Option<SystemTime>,
    /// The role's tags (`GetRole` returns them; `CreateRole` echoes those passed).
    pub tags: BTreeMap<String, String>,
}

impl Role {
    /// Whether the trust policy lets `service` (e.g. [`API_GATEWAY_SERVICE`]) assume the role.
    ///
    /// See [`trust_allows_service`] for the rules applied.
    pub fn trusts_service(&self, service: &str) -> bool {
        self.trust_policy
            .as_ref()
            .is_some_and(|policy| trust_allows_service(policy, service))
    }
}

/// What `create_role` creates: a role that `trusted_service` may assume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleSpec {
    /// The role name.
    pub name: String,
    /// The path; `None` lets IAM use `/`.
    pub path: Option<String>,
    /// A description.
    pub description: Option<String>,
    /// The service principal written into the trust policy.
    pub trusted_service: String,
    /// Tags set at creation (so ownership is recorded atomically with the role).
    pub tags: BTreeMap<String, String>,
}

impl RoleSpec {
    /// A role API Gateway can assume (trust `apigateway.amazonaws.com`, `sts:AssumeRole`).
    pub fn for_api_gateway(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            path: None,
            description: None,
            trusted_service: API_GATEWAY_SERVICE.to_owned(),
            tags: BTreeMap::new(),
        }
    }

    /// Sets the description.
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets the path (`/service-role/` …).
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Adds one tag.
    pub fn with_tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.insert(key.into(), value.into());
        self
    }

    /// The trust policy document this spec creates the role with.
    pub fn trust_policy(&self) -> Value {
        service_trust_policy(&self.trusted_service)
    }
}

/// A managed policy attached to a role.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct AttachedPolicy {
    /// The policy name (`AWSLambdaRole`).
    pub name: String,
    /// The policy ARN (`arn:aws:iam::aws:policy/service-role/AWSLambdaRole`).
    pub arn: String,
}

/// The trust policy that lets `service` assume a role:
/// `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]}`.
pub fn service_trust_policy(service: &str) -> Value {
    json!({
        "Version": POLICY_VERSION,
        "Statement": [{
            "Effect": "Allow",
            "Principal": { "Service": service },
            "Action": "sts:AssumeRole",
        }],
    })
}

/// Whether a trust policy lets `service` call `sts:AssumeRole`.
///
/// True when some statement has `"Effect": "Allow"`, a `Principal.Service` (a string or a list)
/// naming `service`, and an `Action` (a string or a list) of `sts:AssumeRole`, `sts:*` or `*`
/// (actions compare case-insensitively, as IAM does), and no `Deny` statement matches the same
/// service and action. `Statement` may be one object or a list. Statements using
/// `NotPrincipal` / `NotAction` and wildcard principals (`"*"`) are not counted as trusting a
/// service: apigw wants the service named explicitly. Conditions are not evaluated.
pub fn trust_allows_service(policy: &Value, service: &str) -> bool {
    let statements: Vec<&Value> = match policy.get("Statement") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(single @ Value::Object(_)) => vec![single],
        _ => return false,
    };
    let matches = |statement: &&Value| {
        names_service(statement.get("Principal"), service)
            && allows_assume_role(statement.get("Action"))
    };
    let effect = |statement: &&Value, want: &str| {
        statement.get("Effect").and_then(Value::as_str) == Some(want)
    };
    let allowed = statements.iter().any(|s| effect(s, "Allow") && matches(s));
    let denied = statements.iter().any(|s| effect(s, "Deny") && matches(s));
    allowed && !denied
}

fn one_or_many(value: Option<&Value>) -> Vec<&str> {
    match value {
        Some(Value::String(one)) => vec![one.as_str()],
        Some(Value::Array(many)) => many.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn names_service(principal: Option<&Value>, service: &str) -> bool {
    let service_principals = principal.and_then(|p| p.get("Service"));
    one_or_many(service_principals)
        .iter()
        .any(|s| s.eq_ignore_ascii_case(service))
}

fn allows_assume_role(action: Option<&Value>) -> bool {
    one_or_many(action).iter().any(|a| {
        a.eq_ignore_ascii_case("sts:AssumeRole") || a.eq_ignore_ascii_case("sts:*") || *a == "*"
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_created_trust_policy_trusts_its_service() {
        let spec = RoleSpec::for_api_gateway("orders-apigw");
        assert!(trust_allows_service(
            &spec.trust_policy(),
            API_GATEWAY_SERVICE
        ));
        assert!(!trust_allows_service(
            &spec.trust_policy(),
            "lambda.amazonaws.com"
        ));
    }

    #[test]
    fn principal_and_action_may_be_strings_or_lists() {
        let list = json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": {"Service": ["lambda.amazonaws.com", "apigateway.amazonaws.com"]},
                "Action": ["sts:TagSession", "sts:AssumeRole"],
            }],
        });
        assert!(trust_allows_service(&list, API_GATEWAY_SERVICE));
        let single_statement = json!({
            "Statement": {"Effect": "Allow", "Principal": {"Service": "apigateway.amazonaws.com"}, "Action": "sts:*"},
        });
        assert!(trust_allows_service(&single_statement, API_GATEWAY_SERVICE));
        let star = json!({
            "Statement": [{"Effect": "Allow", "Principal": {"Service": "apigateway.amazonaws.com"}, "Action": "*"}],
        });
        assert!(trust_allows_service(&star, API_GATEWAY_SERVICE));
    }

    #[test]
    fn deny_wrong_action_and_other_principals_do_not_trust() {
        let cases = [
            json!({"Statement": [{"Effect": "Deny", "Principal": {"Service": "apigateway.amazonaws.com"}, "Action": "sts:AssumeRole"}]}),
            json!({"Statement": [{"Effect": "Allow", "Principal": {"Service": "apigateway.amazonaws.com"}, "Action": "sts:TagSession"}]}),
            json!({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]}),
            json!({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]}),
            json!({"Statement": [
                {"Effect": "Allow", "Principal": {"Service": "apigateway.amazonaws.com"}, "Action": "sts:AssumeRole"},
                {"Effect": "Deny", "Principal": {"Service": ["apigateway.amazonaws.com"]}, "Action": ["sts:*"]},
            ]}),
            json!({"Version": "2012-10-17"}),
            json!("not a policy"),
        ];
        for policy in cases {
            assert!(
                !trust_allows_service(&policy, API_GATEWAY_SERVICE),
                "{policy}"
            );
        }
    }

    #[test]
    fn role_without_a_trust_policy_trusts_nobody() {
        let role = Role {
            name: "r".into(),
            arn: "arn:aws:iam::123456789012:role/r".into(),
            id: "AROA".into(),
            path: "/".into(),
            description: None,
            trust_policy: None,
            max_session_duration: None,
            created: None,
            tags: BTreeMap::new(),
        };
        assert!(!role.trusts_service(API_GATEWAY_SERVICE));
    }
}
