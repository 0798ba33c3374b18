//! The Gateway spec (DESIGN §3): serde types, a Rust builder, and validation that reports every
//! violation with its field path before any AWS call.
//!
//! ```
//! use apigw_facade::spec::GatewaySpec;
//! let spec = GatewaySpec::from_toml_str(r#"
//!     name = "orders"
//!     [[paths]]
//!     path = "/users/{id}"
//!     methods = ["GET"]
//!     integration = { type = "HTTP_PROXY", uri = "https://backend.example.com/users/{id}" }
//! "#).unwrap();
//! assert_eq!(spec.resource_paths(), ["/users", "/users/{id}"]);
//!
//! let err = GatewaySpec::from_toml_str(r#"
//!     name = "orders"
//!     [[paths]]
//!     path = "/users/{id"
//!     methods = ["FETCH"]
//!     integration = { type = "MOCK" }
//! "#).unwrap_err();
//! assert_eq!(err.violations.len(), 2);
//! assert_eq!(err.violations[0].field, "paths[0].path");
//! ```

mod builder;
mod error;
mod model;
mod rules;
mod validate;

use std::collections::BTreeSet;
use std::path::Path;

pub use builder::GatewaySpecBuilder;
pub use error::{SpecError, Violation};
pub use model::*;
pub use validate::{MAX_INTEGRATION_TIMEOUT_MS, MAX_PLANS_PER_KEY, MAX_RESOURCES};

/// A spec type that can be read from TOML or JSON and validated.
pub trait SpecDocument: serde::de::DeserializeOwned {
    /// Every violation, or `Ok`.
    fn check(&self) -> Result<(), SpecError>;

    /// Parses TOML and validates.
    fn from_toml_str(text: &str) -> Result<Self, SpecError> {
        let deserializer =
            toml::Deserializer::parse(text).map_err(|e| parse_error("toml", &e.to_string()))?;
        let spec: Self = serde_path_to_error::deserialize(deserializer).map_err(|e| {
            SpecError::single(field_of(e.path()), first_line(&e.inner().to_string()))
        })?;
        spec.check()?;
        Ok(spec)
    }

    /// Parses JSON and validates.
    fn from_json_str(text: &str) -> Result<Self, SpecError> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let spec: Self = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            SpecError::single(field_of(e.path()), first_line(&e.inner().to_string()))
        })?;
        spec.check()?;
        Ok(spec)
    }

    /// Reads a `.toml` or `.json` file; errors name the file.
    fn from_file(path: impl AsRef<Path>) -> Result<Self, SpecError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            SpecError::single("(file)", format!("cannot read the spec: {e}")).in_file(&name)
        })?;
        let is_json = path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("json"));
        let parsed = if is_json {
            Self::from_json_str(&text)
        } else {
            Self::from_toml_str(&text)
        };
        parsed.map_err(|e| e.in_file(name))
    }
}

impl SpecDocument for GatewaySpec {
    fn check(&self) -> Result<(), SpecError> {
        self.validate()
    }
}

impl SpecDocument for RestPathSpec {
    fn check(&self) -> Result<(), SpecError> {
        self.validate()
    }
}

impl GatewaySpec {
    /// Parses TOML and validates (see [`SpecDocument`]).
    pub fn from_toml_str(text: &str) -> Result<Self, SpecError> {
        <Self as SpecDocument>::from_toml_str(text)
    }

    /// Parses JSON and validates.
    pub fn from_json_str(text: &str) -> Result<Self, SpecError> {
        <Self as SpecDocument>::from_json_str(text)
    }

    /// Reads and validates a `.toml` or `.json` file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, SpecError> {
        <Self as SpecDocument>::from_file(path)
    }

    /// Starts a builder for a spec named `name`.
    pub fn builder(name: impl Into<String>) -> GatewaySpecBuilder {
        GatewaySpecBuilder::new(name)
    }

    /// Every resource path the spec needs (parents included, root excluded), parent-first.
    pub fn resource_paths(&self) -> Vec<String> {
        resource_paths(&self.paths)
    }

    /// The full custom domain name (`api.example.com`), when a domain is configured by zone name.
    pub fn domain_name(&self, zone_name: &str) -> Option<String> {
        let domain = self.domain.as_ref()?;
        let zone = zone_name.trim_end_matches('.').to_ascii_lowercase();
        Some(if domain.sub_domain.is_empty() {
            zone
        } else {
            format!("{}.{zone}", domain.sub_domain)
        })
    }
}

impl RestPathSpec {
    /// Parses TOML and validates.
    pub fn from_toml_str(text: &str) -> Result<Self, SpecError> {
        <Self as SpecDocument>::from_toml_str(text)
    }

    /// Reads and validates a `.toml` or `.json` file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, SpecError> {
        <Self as SpecDocument>::from_file(path)
    }
}

/// Every resource path of `paths`, parents included, sorted so parents come first.
pub fn resource_paths(paths: &[PathSpec]) -> Vec<String> {
    let mut all = BTreeSet::new();
    for spec in paths {
        let parts: Vec<&str> = spec
            .path
            .trim_matches('/')
            .split('/')
            .filter(|p| !p.is_empty())
            .collect();
        for depth in 1..=parts.len() {
            all.insert((depth, format!("/{}", parts[..depth].join("/"))));
        }
    }
    all.into_iter().map(|(_, path)| path).collect()
}

fn parse_error(format: &str, message: &str) -> SpecError {
    SpecError::single(format!("({format})"), first_line(message))
}

fn field_of(path: &serde_path_to_error::Path) -> String {
    let text = path.to_string();
    if text == "." || text.is_empty() {
        "(top level)".to_owned()
    } else {
        text
    }
}

fn first_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests;
