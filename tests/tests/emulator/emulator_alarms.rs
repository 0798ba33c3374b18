//! Emulator tests for the alarms concern.
