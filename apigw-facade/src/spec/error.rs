//! [`SpecError`]: every violation of a spec, each with its field path, found before any AWS call.

use std::fmt;

/// One thing wrong with a spec.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Violation {
    /// Field path, e.g. `paths[3].path`.
    pub field: String,
    /// What is wrong and what to do.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// A spec that cannot be used, with every reason at once.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub struct SpecError {
    /// The file the spec came from, when it came from one.
    pub source_name: Option<String>,
    /// Every violation found.
    pub violations: Vec<Violation>,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.violations.len();
        let plural = if count == 1 { "" } else { "s" };
        match &self.source_name {
            Some(name) => write!(f, "{name}: {count} problem{plural} in the spec")?,
            None => write!(f, "{count} problem{plural} in the spec")?,
        }
        for violation in &self.violations {
            write!(f, "\n  {violation}")?;
        }
        Ok(())
    }
}

impl SpecError {
    /// A spec error with a single violation.
    pub fn single(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            source_name: None,
            violations: vec![Violation {
                field: field.into(),
                message: message.into(),
            }],
        }
    }

    /// Names the file the spec came from.
    pub fn in_file(mut self, name: impl Into<String>) -> Self {
        self.source_name = Some(name.into());
        self
    }
}

/// Collects violations while walking a spec.
#[derive(Debug, Default)]
pub(crate) struct Violations(Vec<Violation>);

impl Violations {
    pub(crate) fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(Violation {
            field: field.into(),
            message: message.into(),
        });
    }

    pub(crate) fn into_result(self) -> Result<(), SpecError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(SpecError {
                source_name: None,
                violations: self.0,
            })
        }
    }
}
