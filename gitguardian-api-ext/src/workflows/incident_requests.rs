//! The operations that internal and public incidents share, written once for both.
//!
//! [`Incidents`](super::Incidents) and [`PublicIncidents`](super::PublicIncidents) offer the
//! same actions (assign, unassign, reopen, share, unshare, notes) with the same checks and the
//! same request assembly. The generated client has a distinct builder for each operation, with
//! the same method names but no common trait, so a generic function cannot take them: these
//! macros write the method bodies instead. Each method is still declared where it belongs,
//! with its own documentation, name, operation and result type:
//!
//! ```text
//! incident_request! {
//!     /// Reopens ...
//!     pub async fn reopen => reopen_incident -> Result<types::IncidentWithoutOccurrences, Error>;
//! }
//! ```
//!
//! Where the two APIs differ (resolving and ignoring take other arguments, only internal
//! incidents come with their occurrences) the methods are written out in each file.

/// A method that checks the incident id, then sends the operation for it, with no body:
/// `pub async fn name(&self, incident_id: i64) -> Result<Output, Error>`.
macro_rules! incident_request {
    ($(#[$doc:meta])* $vis:vis async fn $name:ident => $operation:ident -> $output:ty;) => {
        $(#[$doc])*
        $vis async fn $name(&self, incident_id: i64) -> $output {
            let id = $crate::workflows::validate::id("the incident id", incident_id)?;
            let request = self.client.raw().$operation().incident_id(id);
            self.client.send(request.send()).await
        }
    };
}

/// The method behind `assign` and `assign_without_email`:
/// `async fn name(&self, incident_id: i64, assignee: Assignee, send_email: Option<bool>)`.
/// The assignee goes by email or by member id, whichever it was given as; `send_email` is set
/// only when given, so the API's default (email the assignee) applies otherwise.
macro_rules! assign_request {
    ($vis:vis async fn $name:ident => $operation:ident -> $output:ty;) => {
        $vis async fn $name(
            &self,
            incident_id: i64,
            assignee: $crate::workflows::Assignee,
            send_email: Option<bool>,
        ) -> $output {
            use $crate::workflows::{validate, Assignee};
            let id = validate::id("the incident id", incident_id)?;
            let assignee = assignee.checked()?;
            let mut request = self
                .client
                .raw()
                .$operation()
                .incident_id(id)
                .body_map(|body| match assignee {
                    Assignee::Email(email) => body.email(Some(email)),
                    Assignee::MemberId(member_id) => body.member_id(Some(member_id)),
                });
            if let Some(send_email) = send_email {
                request = request.send_email(send_email);
            }
            self.client.send(request.send()).await
        }
    };
}

/// A `share` method: `pub async fn name(&self, incident_id: i64, options: ShareOptions)`.
/// Only the options that are set go into the body, so the API's defaults (which are not the
/// same for internal and public incidents) apply to the others. `lifespan` converts the hours
/// to the operation's type (a `u64` for internal incidents, an optional `f64` for public ones).
macro_rules! share_request {
    (
        $(#[$doc:meta])*
        $vis:vis async fn $name:ident => $operation:ident -> $output:ty, lifespan: $lifespan:expr;
    ) => {
        $(#[$doc])*
        $vis async fn $name(
            &self,
            incident_id: i64,
            options: $crate::workflows::ShareOptions,
        ) -> $output {
            let id = $crate::workflows::validate::id("the incident id", incident_id)?;
            let request = self
                .client
                .raw()
                .$operation()
                .incident_id(id)
                .body_map(|mut body| {
                    if let Some(hours) = options.lifespan_hours {
                        body = body.lifespan($lifespan(hours));
                    }
                    if let Some(allowed) = options.auto_healing {
                        body = body.auto_healing(allowed);
                    }
                    if let Some(allowed) = options.feedback_collection {
                        body = body.feedback_collection(allowed);
                    }
                    body
                });
            self.client.send(request.send()).await
        }
    };
}

/// The four note methods, one arm each, matched by the method's name. Note ids and texts are
/// checked, in argument order, before anything is sent.
macro_rules! note_request {
    ($(#[$doc:meta])* pub fn notes => $operation:ident -> $output:ty;) => {
        $(#[$doc])*
        pub fn notes(&self, incident_id: i64) -> $output {
            let request = $crate::workflows::validate::id("the incident id", incident_id)
                .map(|id| self.client.raw().$operation().incident_id(id));
            self.client
                .paginate($crate::workflows::checked::Checked::from(request))
        }
    };
    ($(#[$doc:meta])* pub async fn add_note => $operation:ident -> $output:ty;) => {
        $(#[$doc])*
        pub async fn add_note(&self, incident_id: i64, text: &str) -> $output {
            let id = $crate::workflows::validate::id("the incident id", incident_id)?;
            let request = self.client.raw().$operation().incident_id(id);
            $crate::workflows::incident_requests::note_request!(@send_comment self, text, request)
        }
    };
    ($(#[$doc:meta])* pub async fn update_note => $operation:ident -> $output:ty;) => {
        $(#[$doc])*
        pub async fn update_note(
            &self,
            incident_id: i64,
            note_id: i64,
            text: &str,
        ) -> $output {
            use $crate::workflows::validate;
            let id = validate::id("the incident id", incident_id)?;
            let note_id = validate::id("the note id", note_id)?;
            let request = self.client.raw().$operation().incident_id(id).note_id(note_id);
            $crate::workflows::incident_requests::note_request!(@send_comment self, text, request)
        }
    };
    ($(#[$doc:meta])* pub async fn delete_note => $operation:ident -> $output:ty;) => {
        $(#[$doc])*
        pub async fn delete_note(
            &self,
            incident_id: i64,
            note_id: i64,
        ) -> $output {
            use $crate::workflows::validate;
            let id = validate::id("the incident id", incident_id)?;
            let note_id = validate::id("the note id", note_id)?;
            let request = self
                .client
                .raw()
                .$operation()
                .incident_id(id)
                .note_id(note_id);
            self.client.send(request.send()).await
        }
    };
    // Adding and editing a note: the text checked (after the ids), then sent as the `comment`.
    (@send_comment $self:ident, $text:ident, $request:expr) => {{
        let text = $crate::workflows::validate::note($text)?;
        let request = $request.body_map(|body| body.comment(text));
        $self.client.send(request.send()).await
    }};
}

pub(super) use {assign_request, incident_request, note_request, share_request};
