//! The builder-style setters of the list filters ([`IncidentFilter`](super::IncidentFilter),
//! [`PublicIncidentFilter`](super::PublicIncidentFilter),
//! [`OccurrenceFilter`](super::OccurrenceFilter)).
//!
//! Every setter of these filters stores its argument in one field and returns the filter; only
//! the documentation and the field's type differ. Written by hand they were dozens of copies of
//! the same three lines, so a filter lists its setters (docs, name, type) and this macro writes
//! the bodies. What the criteria *mean* stays in each filter's `apply`.

/// Builder-style setters, each from its docs and `name: kind`:
/// - `name: Type` stores `Some(value)`;
/// - `name: [Item]` stores the items of any `IntoIterator`, replacing earlier ones;
/// - `name: impl Into<String>` stores `Some(value.into())`.
///
/// `name => field: kind` stores into a field with another name.
macro_rules! setters {
    () => {};
    ($(#[$doc:meta])* $name:ident: $($rest:tt)*) => {
        $crate::workflows::setters::setters!($(#[$doc])* $name => $name: $($rest)*);
    };
    ($(#[$doc:meta])* $name:ident => $field:ident: [$item:ty]; $($rest:tt)*) => {
        $(#[$doc])*
        pub fn $name(mut self, values: impl IntoIterator<Item = $item>) -> Self {
            self.$field = values.into_iter().collect();
            self
        }
        $crate::workflows::setters::setters!($($rest)*);
    };
    ($(#[$doc:meta])* $name:ident => $field:ident: impl Into<String>; $($rest:tt)*) => {
        $(#[$doc])*
        pub fn $name(mut self, value: impl Into<String>) -> Self {
            self.$field = Some(value.into());
            self
        }
        $crate::workflows::setters::setters!($($rest)*);
    };
    ($(#[$doc:meta])* $name:ident => $field:ident: $ty:ty; $($rest:tt)*) => {
        $(#[$doc])*
        pub fn $name(mut self, value: $ty) -> Self {
            self.$field = Some(value);
            self
        }
        $crate::workflows::setters::setters!($($rest)*);
    };
}

pub(crate) use setters;
