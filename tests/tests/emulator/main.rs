//! Emulator suite: every trait method and the runtime against moto (started by `scripts/test`).
//!
//! Test names carry `emulator` (module names `emulator_*`) so `scripts/test` can check that the
//! suite really ran instead of silently skipping.

mod support;

mod emulator_alarms;
mod emulator_certs;
mod emulator_diagnose;
mod emulator_dns;
mod emulator_iam;
mod emulator_pipeline;
mod emulator_restapi;
mod emulator_smoke;
