//! The examples run as tests against the embedded stand-in (being written).
