//! Emulator tests for the dns concern.
