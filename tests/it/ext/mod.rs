//! Tests of gitguardian-api-ext (helper-owned).
