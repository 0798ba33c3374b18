//! Emulator tests for the certs concern.
