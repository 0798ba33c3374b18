//! Emulator tests for the iam concern.
