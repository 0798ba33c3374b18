//! The journal: every call the simulator answered, in order, with its timing and outcome.

use std::collections::BTreeMap;
use std::time::Duration;

use apigw_core::{ErrorKind, Service};
use serde::Serialize;

/// One answered call.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Call {
    /// Position in the journal, from 0.
    pub seq: u64,
    /// The service called.
    pub service: Service,
    /// The AWS operation name.
    pub operation: &'static str,
    /// Whether the call changes anything.
    pub write: bool,
    /// When the call arrived, from the simulator's start (tokio clock).
    pub start: Duration,
    /// When it was answered.
    pub end: Duration,
    /// `None` for success, else the error kind answered.
    pub error: Option<ErrorKind>,
}

/// Every call, in order of answer.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Journal {
    calls: Vec<Call>,
}

impl Journal {
    pub(crate) fn push(&mut self, mut call: Call) {
        call.seq = self.calls.len() as u64;
        self.calls.push(call);
    }

    /// All calls.
    pub fn calls(&self) -> &[Call] {
        &self.calls
    }

    /// Calls answered with success that changed something.
    pub fn successful_writes(&self) -> usize {
        self.calls
            .iter()
            .filter(|c| c.write && c.error.is_none())
            .count()
    }

    /// Write calls, whatever their outcome.
    pub fn writes(&self) -> usize {
        self.calls.iter().filter(|c| c.write).count()
    }

    /// Read calls, whatever their outcome.
    pub fn reads(&self) -> usize {
        self.calls.iter().filter(|c| !c.write).count()
    }

    /// Calls answered with `kind`.
    pub fn errors_of(&self, kind: ErrorKind) -> usize {
        self.calls.iter().filter(|c| c.error == Some(kind)).count()
    }

    /// Number of calls per operation.
    pub fn counts_by_operation(&self) -> BTreeMap<&'static str, usize> {
        let mut counts = BTreeMap::new();
        for call in &self.calls {
            *counts.entry(call.operation).or_default() += 1;
        }
        counts
    }

    /// The sum of every call's latency (what a strictly sequential client would wait).
    pub fn total_latency(&self) -> Duration {
        self.calls
            .iter()
            .map(|c| c.end.saturating_sub(c.start))
            .sum()
    }

    /// The calls from `seq` on (to look at what one step did).
    pub fn since(&self, seq: usize) -> &[Call] {
        &self.calls[seq.min(self.calls.len())..]
    }
}
