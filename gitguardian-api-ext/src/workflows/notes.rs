//! Notes on secret incidents, internal and public: the team's written trail of an
//! investigation.
//!
//! Note texts are checked before sending: not blank, at most
//! [`NOTE_MAX_CHARS`](super::NOTE_MAX_CHARS) characters (the spec's `maxLength`).

use gitguardian_api::types;

use super::incident_requests::note_request;
use super::{Incidents, PublicIncidents};
use crate::{Error, Items};

impl<'a> Incidents<'a> {
    note_request! {
        /// Streams the notes of an incident, 100 per page:
        /// `GET /v1/incidents/secrets/{incident_id}/notes` (operation `list-incident-notes`).
        ///
        /// # Errors
        ///
        /// The stream yields [`Error::InvalidInput`] (and sends nothing) for an id that is not
        /// positive; otherwise errors as for
        /// [`GitGuardian::paginate`](crate::GitGuardian::paginate).
        ///
        /// ```no_run
        /// use futures::TryStreamExt;
        ///
        /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
        /// let mut notes = client.incidents().notes(81234);
        /// while let Some(note) = notes.try_next().await? {
        ///     println!("{}: {}", note.created_at, note.comment);
        /// }
        /// # Ok(())
        /// # }
        /// ```
        pub fn notes => list_incident_notes -> Items<'a, types::IncidentNote>;
    }

    note_request! {
        /// Adds a note to an incident:
        /// `POST /v1/incidents/secrets/{incident_id}/notes` (operation `create-incident-note`).
        ///
        /// # Errors
        ///
        /// [`Error::InvalidInput`] for an id that is not positive or a text that is blank or
        /// longer than [`NOTE_MAX_CHARS`](super::NOTE_MAX_CHARS) (nothing is sent);
        /// [`Error::NotFound`] for an unknown incident.
        ///
        /// ```no_run
        /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
        /// let note = client.incidents().add_note(81234, "Owner contacted, waiting for rotation.").await?;
        /// println!("note {}", note.id);
        /// # Ok(())
        /// # }
        /// ```
        pub async fn add_note => create_incident_note -> Result<types::IncidentNote, Error>;
    }

    note_request! {
        /// Replaces the text of a note:
        /// `PATCH /v1/incidents/secrets/{incident_id}/notes/{note_id}` (operation
        /// `update-incident-note`). Only the note's author can edit it.
        ///
        /// # Errors
        ///
        /// As for [`add_note`](Self::add_note); [`Error::Forbidden`] for someone else's note.
        ///
        /// ```no_run
        /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
        /// client.incidents().update_note(81234, 640, "Owner rotated the token.").await?;
        /// # Ok(())
        /// # }
        /// ```
        pub async fn update_note => update_incident_note -> Result<types::IncidentNote, Error>;
    }

    note_request! {
        /// Deletes a note:
        /// `DELETE /v1/incidents/secrets/{incident_id}/notes/{note_id}` (operation
        /// `delete-incident-note`).
        ///
        /// # Errors
        ///
        /// [`Error::InvalidInput`] for ids that are not positive; [`Error::NotFound`] for an
        /// unknown incident or note; [`Error::Forbidden`] for someone else's note.
        ///
        /// ```no_run
        /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
        /// client.incidents().delete_note(81234, 640).await?;
        /// # Ok(())
        /// # }
        /// ```
        pub async fn delete_note => delete_incident_note -> Result<(), Error>;
    }
}

impl<'a> PublicIncidents<'a> {
    note_request! {
        /// Streams the notes of a public incident, 100 per page:
        /// `GET /v1/public-incidents/secrets/{incident_id}/notes` (operation
        /// `list-public-incident-notes`).
        ///
        /// # Errors
        ///
        /// As for [`Incidents::notes`].
        ///
        /// ```no_run
        /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
        /// let notes = client.public_incidents().notes(90412).collect_all().await?;
        /// println!("{} notes", notes.len());
        /// # Ok(())
        /// # }
        /// ```
        pub fn notes => list_public_incident_notes -> Items<'a, types::PublicIncidentNote>;
    }

    note_request! {
        /// Adds a note to a public incident:
        /// `POST /v1/public-incidents/secrets/{incident_id}/notes` (operation
        /// `create-public-incident-note`).
        ///
        /// # Errors
        ///
        /// As for [`Incidents::add_note`].
        ///
        /// ```no_run
        /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
        /// client.public_incidents().add_note(90412, "Opened a ticket with the repository owner.").await?;
        /// # Ok(())
        /// # }
        /// ```
        pub async fn add_note => create_public_incident_note
            -> Result<types::PublicIncidentNote, Error>;
    }

    note_request! {
        /// Replaces the text of a note of a public incident:
        /// `PATCH /v1/public-incidents/secrets/{incident_id}/notes/{note_id}` (operation
        /// `update-public-incident-note`).
        ///
        /// # Errors
        ///
        /// As for [`Incidents::update_note`].
        ///
        /// ```no_run
        /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
        /// client.public_incidents().update_note(90412, 318, "Rotation confirmed; old key deleted.").await?;
        /// # Ok(())
        /// # }
        /// ```
        pub async fn update_note => update_public_incident_note
            -> Result<types::PublicIncidentNote, Error>;
    }

    note_request! {
        /// Deletes a note of a public incident:
        /// `DELETE /v1/public-incidents/secrets/{incident_id}/notes/{note_id}` (operation
        /// `delete-public-incident-note`).
        ///
        /// # Errors
        ///
        /// As for [`Incidents::delete_note`].
        ///
        /// ```no_run
        /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
        /// client.public_incidents().delete_note(90412, 318).await?;
        /// # Ok(())
        /// # }
        /// ```
        pub async fn delete_note => delete_public_incident_note -> Result<(), Error>;
    }
}
