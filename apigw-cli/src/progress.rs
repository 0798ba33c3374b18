//! Progress bars on stderr from the pipeline's events; off when stderr is not a terminal or
//! with `--no-progress`.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::sync::{Arc, Mutex};

use apigw_facade::{Event, EventSink};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Turns events into one bar per step.
pub fn sink(disabled: bool) -> EventSink {
    if disabled || !std::io::stderr().is_terminal() {
        return EventSink::default();
    }
    let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
    let bars: Arc<Mutex<HashMap<&'static str, ProgressBar>>> = Arc::default();
    let style = ProgressStyle::with_template("{prefix:>18} {bar:30} {pos}/{len} {msg}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    EventSink::new(move |event| {
        let mut bars = bars.lock().unwrap_or_else(|p| p.into_inner());
        match event {
            Event::StepStarted { step, total } => {
                let bar = multi.add(
                    ProgressBar::new(total as u64)
                        .with_style(style.clone())
                        .with_prefix(step),
                );
                bars.insert(step, bar);
            }
            Event::Progress { step, done, .. } => {
                if let Some(bar) = bars.get(step) {
                    bar.set_position(done as u64);
                }
            }
            Event::StepFinished { step, writes } => {
                if let Some(bar) = bars.get(step) {
                    bar.set_position(bar.length().unwrap_or(0));
                    bar.finish_with_message(format!("{writes} writes"));
                }
            }
            Event::StepSkipped { step, reason } => {
                let bar = multi.add(
                    ProgressBar::new(0)
                        .with_style(style.clone())
                        .with_prefix(step),
                );
                bar.finish_with_message(format!("skipped: {reason}"));
            }
            _ => {}
        }
    })
}
