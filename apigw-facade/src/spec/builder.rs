//! [`GatewaySpecBuilder`]: a spec from Rust, validated like a file.

use super::error::SpecError;
use super::model::*;

/// Builds a [`GatewaySpec`]; `build` validates it.
#[derive(Debug, Clone)]
pub struct GatewaySpecBuilder {
    spec: GatewaySpec,
}

impl GatewaySpecBuilder {
    pub(crate) fn new(name: impl Into<String>) -> Self {
        Self {
            spec: GatewaySpec {
                name: name.into(),
                description: None,
                region: None,
                endpoint: Endpoint::default(),
                stage: default_stage(),
                tags: Default::default(),
                domain: None,
                monitoring: None,
                throttling: None,
                usage_plans: Vec::new(),
                execution_role: None,
                paths: Vec::new(),
                gateway_responses: Vec::new(),
            },
        }
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.spec.description = Some(description.into());
        self
    }

    /// Sets the region.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.spec.region = Some(region.into());
        self
    }

    /// Sets the endpoint type.
    pub fn endpoint(mut self, endpoint: Endpoint) -> Self {
        self.spec.endpoint = endpoint;
        self
    }

    /// Sets the stage name.
    pub fn stage(mut self, stage: impl Into<String>) -> Self {
        self.spec.stage = stage.into();
        self
    }

    /// Adds a tag.
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.spec.tags.insert(key.into(), value.into());
        self
    }

    /// Sets the custom domain.
    pub fn domain(mut self, domain: DomainSpec) -> Self {
        self.spec.domain = Some(domain);
        self
    }

    /// Sets monitoring.
    pub fn monitoring(mut self, monitoring: MonitoringSpec) -> Self {
        self.spec.monitoring = Some(monitoring);
        self
    }

    /// Sets stage throttling.
    pub fn throttling(mut self, rate_limit: f64, burst_limit: u32) -> Self {
        self.spec.throttling = Some(Throttling {
            rate_limit,
            burst_limit,
        });
        self
    }

    /// Adds a usage plan.
    pub fn usage_plan(mut self, plan: UsagePlanSpec) -> Self {
        self.spec.usage_plans.push(plan);
        self
    }

    /// Sets the execution role.
    pub fn execution_role(mut self, role: RoleSpec) -> Self {
        self.spec.execution_role = Some(role);
        self
    }

    /// Adds a path whose methods all use `integration`.
    pub fn path<M: Into<String>>(
        mut self,
        path: impl Into<String>,
        methods: impl IntoIterator<Item = M>,
        integration: IntegrationSpec,
    ) -> Self {
        self.spec.paths.push(PathSpec {
            path: path.into(),
            methods: methods.into_iter().map(Into::into).collect(),
            authorization: Authorization::None,
            api_key_required: false,
            integration,
        });
        self
    }

    /// Adds a fully described path.
    pub fn path_spec(mut self, path: PathSpec) -> Self {
        self.spec.paths.push(path);
        self
    }

    /// Adds a gateway response.
    pub fn gateway_response(mut self, response: GatewayResponseSpec) -> Self {
        self.spec.gateway_responses.push(response);
        self
    }

    /// Validates and returns the spec.
    pub fn build(self) -> Result<GatewaySpec, SpecError> {
        self.spec.validate()?;
        Ok(self.spec)
    }
}

impl IntegrationSpec {
    /// An integration of `kind` calling `uri`, with the default timeout.
    pub fn new(kind: IntegrationKind, uri: Option<&str>) -> Self {
        Self {
            kind,
            uri: uri.map(str::to_owned),
            http_method: None,
            timeout_ms: default_timeout(),
            credentials: None,
        }
    }

    /// `HTTP_PROXY` to `uri`.
    pub fn http_proxy(uri: &str) -> Self {
        Self::new(IntegrationKind::HttpProxy, Some(uri))
    }

    /// `MOCK`.
    pub fn mock() -> Self {
        Self::new(IntegrationKind::Mock, None)
    }
}
