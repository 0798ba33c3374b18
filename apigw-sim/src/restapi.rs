//! The simulated restapi concern.

/// What the simulated account holds for this concern.
#[derive(Debug, Default)]
pub(crate) struct State {}
