//! The change list `plan` returns and `provision` carries out.

use std::fmt;

use serde::Serialize;

/// What happens to an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// It will be created.
    Create,
    /// Some of its fields will change.
    Update,
    /// It will be removed.
    Delete,
    /// It is already as the spec says.
    Unchanged,
}

/// One field that differs between the live object and the spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldDiff {
    /// Field name.
    pub field: String,
    /// Live value (`None`: absent).
    pub from: Option<String>,
    /// Desired value (`None`: absent).
    pub to: Option<String>,
}

impl FieldDiff {
    /// A diff of `field` from `from` to `to`.
    pub fn new(
        field: impl Into<String>,
        from: Option<impl ToString>,
        to: Option<impl ToString>,
    ) -> Self {
        Self {
            field: field.into(),
            from: from.map(|v| v.to_string()),
            to: to.map(|v| v.to_string()),
        }
    }
}

/// One object and what happens to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// What happens.
    pub action: Action,
    /// The kind of object (`rest_api`, `resource`, `method`, `integration`, `alarm`, …).
    pub object: &'static str,
    /// Which one (`/users/{id}`, `GET /users`, `orders-live-5XXError`).
    pub name: String,
    /// The differing fields, for updates.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diff: Vec<FieldDiff>,
}

impl Change {
    /// A change of `object` named `name`.
    pub fn new(action: Action, object: &'static str, name: impl Into<String>) -> Self {
        Self {
            action,
            object,
            name: name.into(),
            diff: Vec::new(),
        }
    }

    /// The same change with field diffs.
    pub fn with_diff(mut self, diff: Vec<FieldDiff>) -> Self {
        self.diff = diff;
        self
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = match self.action {
            Action::Create => "+",
            Action::Update => "~",
            Action::Delete => "-",
            Action::Unchanged => "=",
        };
        write!(f, "{sign} {} {}", self.object, self.name)?;
        for d in &self.diff {
            let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".to_owned());
            write!(f, "\n    {}: {} -> {}", d.field, show(&d.from), show(&d.to))?;
        }
        Ok(())
    }
}

/// Every change, in pipeline order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Plan {
    /// The changes, `unchanged` ones included.
    pub changes: Vec<Change>,
}

impl Plan {
    /// The changes that are not `unchanged`.
    pub fn pending(&self) -> impl Iterator<Item = &Change> {
        self.changes
            .iter()
            .filter(|c| c.action != Action::Unchanged)
    }

    /// Whether applying the plan would change nothing.
    pub fn is_empty(&self) -> bool {
        self.pending().next().is_none()
    }
}
