//! Unit tests of the checks over mockall mocks.
