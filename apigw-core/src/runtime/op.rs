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
}

impl Op {
    /// A read.
    pub const fn read(service: Service, name: &'static str) -> Self {
        Self {
            service,
            name,
            mutation: Mutation::Read,
            retry_eventual: false,
        }
    }

    /// A write that is safe to repeat.
    pub const fn write(service: Service, name: &'static str) -> Self {
        Self {
            service,
            name,
            mutation: Mutation::IdempotentWrite,
            retry_eventual: false,
        }
    }

    /// A create that is not idempotent.
    pub const fn create(service: Service, name: &'static str) -> Self {
        Self {
            service,
            name,
            mutation: Mutation::Create,
            retry_eventual: false,
        }
    }

    /// Opts in to retrying "not propagated yet" answers (a role ARN used right after creation).
    pub const fn eventually_consistent(mut self) -> Self {
        self.retry_eventual = true;
        self
    }

    /// Whether this call changes anything.
    pub const fn is_write(&self) -> bool {
        !matches!(self.mutation, Mutation::Read)
    }
}
