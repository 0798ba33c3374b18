//! [`Run`]: one pass of the pipeline, in plan mode (reads only, changes recorded) or apply mode
//! (changes recorded and carried out). One code path serves both, so `plan` shows exactly what
//! `provision` would do.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use apigw_core::Result;

use crate::events::{Event, EventSink};
use crate::plan::{Action, Change};
use crate::spec::GatewaySpec;
use crate::Backends;

/// Waits and deadlines of a pipeline run.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Options {
    /// How long to wait for a requested certificate to be ISSUED.
    pub certificate_timeout: Duration,
    /// How often waits poll.
    pub poll_interval: Duration,
    /// Wait for Route 53 changes to reach INSYNC before returning.
    pub wait_dns_in_sync: bool,
    /// How long to wait for INSYNC.
    pub dns_timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            certificate_timeout: Duration::from_secs(15 * 60),
            poll_interval: Duration::from_secs(10),
            wait_dns_in_sync: false,
            dns_timeout: Duration::from_secs(5 * 60),
        }
    }
}

impl Options {
    /// Sets the poll interval of every wait.
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.poll_interval = interval;
        self
    }

    /// Sets the certificate deadline.
    pub fn certificate_timeout(mut self, timeout: Duration) -> Self {
        self.certificate_timeout = timeout;
        self
    }

    /// Waits for DNS changes to be INSYNC.
    pub fn wait_dns_in_sync(mut self, wait: bool) -> Self {
        self.wait_dns_in_sync = wait;
        self
    }
}

/// State shared by the steps of one run.
pub(crate) struct Run<'a> {
    pub spec: &'a GatewaySpec,
    pub b: &'a Backends,
    pub options: &'a Options,
    pub apply: bool,
    events: &'a EventSink,
    changes: Mutex<Vec<Change>>,
    writes: AtomicUsize,
    account: Mutex<Option<String>>,
}

impl<'a> Run<'a> {
    pub(crate) fn new(
        spec: &'a GatewaySpec,
        b: &'a Backends,
        options: &'a Options,
        events: &'a EventSink,
        apply: bool,
    ) -> Self {
        Self {
            spec,
            b,
            options,
            apply,
            events,
            changes: Mutex::new(Vec::new()),
            writes: AtomicUsize::new(0),
            account: Mutex::new(None),
        }
    }

    /// Records `change` and, in apply mode, performs `write`. `Ok(None)` in plan mode.
    pub(crate) async fn write<T>(
        &self,
        change: Change,
        write: impl Future<Output = Result<T>>,
    ) -> Result<Option<T>> {
        tracing::debug!(action = ?change.action, object = change.object, name = %change.name, apply = self.apply, "change");
        self.push(change);
        if !self.apply {
            return Ok(None);
        }
        let value = write.await?;
        self.writes.fetch_add(1, Ordering::SeqCst);
        Ok(Some(value))
    }

    /// Records that `object` `name` is already as desired.
    pub(crate) fn unchanged(&self, object: &'static str, name: impl Into<String>) {
        self.push(Change::new(Action::Unchanged, object, name));
    }

    fn push(&self, change: Change) {
        self.changes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(change);
    }

    /// Changes (not `unchanged`) recorded so far for these kinds of object.
    pub(crate) fn pending_changes_of(&self, objects: &[&str]) -> usize {
        let changes = self.changes.lock().unwrap_or_else(|p| p.into_inner());
        changes
            .iter()
            .filter(|c| c.action != Action::Unchanged && objects.contains(&c.object))
            .count()
    }

    /// Writes made so far by this run.
    pub(crate) fn writes(&self) -> usize {
        self.writes.load(Ordering::SeqCst)
    }

    pub(crate) fn emit(&self, event: Event) {
        self.events.emit(event);
    }

    /// Notes the account id from an ARN seen while provisioning (`arn:aws:svc:region:ACCOUNT:…`).
    pub(crate) fn learn_account(&self, arn: &str) {
        if let Some(account) = arn
            .split(':')
            .nth(4)
            .filter(|a| a.len() == 12 && a.chars().all(|c| c.is_ascii_digit()))
        {
            *self.account.lock().unwrap_or_else(|p| p.into_inner()) = Some(account.to_owned());
        }
    }

    pub(crate) fn account(&self) -> Option<String> {
        self.account
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub(crate) fn into_changes(self) -> Vec<Change> {
        self.changes.into_inner().unwrap_or_else(|p| p.into_inner())
    }

    /// The tags apigw puts on what it creates for this spec.
    pub(crate) fn tags(&self) -> std::collections::BTreeMap<String, String> {
        crate::owner::owned_tags(&self.spec.name, &self.spec.tags)
    }
}

/// A create answered "already exists" made no change but converged: an earlier attempt (whose
/// answer was lost) or an earlier run made the object. `Ok(None)` then; the caller re-reads if
/// it needs the object.
pub(crate) fn adopt_existing<T>(result: Result<Option<T>>) -> Result<Option<T>> {
    match result {
        Err(e) if e.kind() == apigw_core::ErrorKind::AlreadyExists => Ok(None),
        other => other,
    }
}

/// Runs `step`, announcing start and finish with the writes it made.
pub(crate) async fn step<T>(
    run: &Run<'_>,
    name: &'static str,
    total: usize,
    step: impl Future<Output = Result<T>>,
) -> Result<T> {
    run.emit(Event::StepStarted { step: name, total });
    let before = run.writes();
    let value = step.await?;
    run.emit(Event::StepFinished {
        step: name,
        writes: run.writes().saturating_sub(before),
    });
    Ok(value)
}
