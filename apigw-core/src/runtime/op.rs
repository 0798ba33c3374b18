//! Describes one AWS call to the runtime: which service, which operation, and how safe it is to
//! send again.

use std::fmt;

/// The AWS services apigw talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum Service {
    /// Amazon API Gateway (REST APIs, v1).
    ApiGateway,
    /// AWS Identity and Access Management.
    Iam,
    /// Amazon Route 53.
    Route53,
    /// AWS Certificate Manager.
    Acm,
    /// Amazon CloudWatch.
    CloudWatch,
    /// Amazon SNS.
    Sns,
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::ApiGateway => "apigateway",
            Self::Iam => "iam",
            Self::Route53 => "route53",
            Self::Acm => "acm",
            Self::CloudWatch => "cloudwatch",
            Self::Sns => "sns",
        })
    }
}

/// Whether sending a call twice can do harm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mutation {
    /// Reads nothing can go wrong with.
    Read,
    /// Writes that converge when repeated (Put*, Update*, Delete*, UPSERT).
    IdempotentWrite,
    /// Creates that make a second object when repeated: after a transient failure the runtime
    /// looks the object up before sending again ([`super::Caller::create`]).
    Create,
}

/// One AWS operation as the runtime sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Op {
    /// The service called.
    pub service: Service,
    /// The operation name as in the AWS API reference, e.g. `CreateResource`.
    pub name: &'static str,
    /// How safe a repeat is.
    pub mutation: Mutation,
    /// Retry [`super::ErrorKind::EventuallyConsistent`] answers for a short window.
    pub retry_eventual: bool,
    /// The pacing bucket, when it is not the operation's own (EDGE `CreateRestApi` has a
    /// quota of its own: 1 per 30 s instead of 1 per 3 s).
    pub quota_key: Option<&'static str>,
}

impl Op {
    /// A read.
    pub const fn read(service: Service, name: &'static str) -> Self {
        Self {
            service,
            name,
            mutation: Mutation::Read,
            retry_eventual: false,
            quota_key: None,
        }
    }

    /// A write that is safe to repeat.
    pub const fn write(service: Service, name: &'static str) -> Self {
        Self {
            service,
            name,
            mutation: Mutation::IdempotentWrite,
            retry_eventual: false,
            quota_key: None,
        }
    }

    /// A create that is not idempotent.
    pub const fn create(service: Service, name: &'static str) -> Self {
        Self {
            service,
            name,
            mutation: Mutation::Create,
            retry_eventual: false,
            quota_key: None,
        }
    }

    /// Opts in to retrying "not propagated yet" answers (a role ARN used right after creation).
    pub const fn eventually_consistent(mut self) -> Self {
        self.retry_eventual = true;
        self
    }

    /// Paces this call from the bucket `key` of the quota table instead of its own name's.
    pub const fn paced_as(mut self, key: &'static str) -> Self {
        self.quota_key = Some(key);
        self
    }

    /// The quota table key this call is paced by.
    pub const fn quota_name(&self) -> &'static str {
        match self.quota_key {
            Some(key) => key,
            None => self.name,
        }
    }

    /// Whether this call changes anything.
    pub const fn is_write(&self) -> bool {
        !matches!(self.mutation, Mutation::Read)
    }
}
