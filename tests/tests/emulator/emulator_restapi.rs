//! Emulator tests for the restapi concern.
