//! Progress events: what the pipeline is doing, for a caller's progress bars or logs.
//! Libraries never print; the CLI turns these into progress bars.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

/// One pipeline step's progress.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Event {
    /// A step began; `total` objects to converge when known.
    StepStarted {
        /// Step name (`rest_api`, `resources`, `methods`, `certificate`, …).
        step: &'static str,
        /// Objects the step will look at.
        total: usize,
    },
    /// Some objects of a step converged.
    Progress {
        /// Step name.
        step: &'static str,
        /// Objects done so far.
        done: usize,
        /// Objects in all.
        total: usize,
    },
    /// A step finished.
    StepFinished {
        /// Step name.
        step: &'static str,
        /// Writes it made.
        writes: usize,
    },
    /// A step was not needed.
    StepSkipped {
        /// Step name.
        step: &'static str,
        /// Why.
        reason: String,
    },
}

/// A subscriber to [`Event`]s.
#[derive(Clone, Default)]
pub struct EventSink(Option<Arc<dyn Fn(Event) + Send + Sync>>);

impl fmt::Debug for EventSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "EventSink(subscribed)"
        } else {
            "EventSink(none)"
        })
    }
}

impl EventSink {
    /// Calls `f` for every event.
    pub fn new(f: impl Fn(Event) + Send + Sync + 'static) -> Self {
        Self(Some(Arc::new(f)))
    }

    pub(crate) fn emit(&self, event: Event) {
        if let Some(f) = &self.0 {
            f(event);
        }
    }
}
