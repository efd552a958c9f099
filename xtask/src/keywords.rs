//! How OpenAPI objects nest, for walks over raw JSON documents (`upstream`, the 3.1 downgrade):
//! which keywords hold maps keyed by names, and which hold data that is never a schema.

/// Keywords whose value is an object keyed by names (property names, paths, status codes,
/// media types...), each value being a keyword object again. `components` is one level more:
/// groups of such maps.
pub const NAMED: [&str; 10] = [
    "properties",
    "patternProperties",
    "paths",
    "responses",
    "content",
    "headers",
    "encoding",
    "variables",
    "callbacks",
    "dependentSchemas",
];

/// Keywords whose value is data (values, defaults, requirement lists, mappings): never visited.
pub const DATA: [&str; 7] = [
    "enum", "const", "default", "example", "required", "security", "mapping",
];

/// Lowercase letters, digits and dashes, not empty: names of APIs and record entries.
pub fn is_kebab_case(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}
