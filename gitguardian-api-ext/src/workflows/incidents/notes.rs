//! Notes on secret incidents: the team's written trail of an investigation.
//!
//! Note texts are checked before sending: not blank, at most
//! [`NOTE_MAX_CHARS`](crate::workflows::NOTE_MAX_CHARS) characters (the spec's `maxLength`).

use gitguardian_openapi::types;

use super::Incidents;
use crate::workflows::validate;
use crate::{Error, Items};

impl<'a> Incidents<'a> {
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
    pub fn notes(&self, incident_id: i64) -> Items<'a, types::IncidentNote> {
        let request = validate::id("the incident id", incident_id)
            .map(|id| self.client.raw().list_incident_notes().incident_id(id));
        self.client.paginate_checked(request)
    }

    /// Adds a note to an incident:
    /// `POST /v1/incidents/secrets/{incident_id}/notes` (operation `create-incident-note`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an id that is not positive or a text that is blank or
    /// longer than [`NOTE_MAX_CHARS`](crate::workflows::NOTE_MAX_CHARS) (nothing is sent);
    /// [`Error::NotFound`] for an unknown incident.
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let note = client.incidents().add_note(81234, "Owner contacted, waiting for rotation.").await?;
    /// println!("note {}", note.id);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn add_note(
        &self,
        incident_id: i64,
        text: &str,
    ) -> Result<types::IncidentNote, Error> {
        let id = validate::id("the incident id", incident_id)?;
        let text = validate::note(text)?;
        let request = self
            .client
            .raw()
            .create_incident_note()
            .incident_id(id)
            .body_map(|body| body.comment(text));
        self.client.send(request.send()).await
    }

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
    pub async fn update_note(
        &self,
        incident_id: i64,
        note_id: i64,
        text: &str,
    ) -> Result<types::IncidentNote, Error> {
        let id = validate::id("the incident id", incident_id)?;
        let note_id = validate::id("the note id", note_id)?;
        let text = validate::note(text)?;
        let request = self
            .client
            .raw()
            .update_incident_note()
            .incident_id(id)
            .note_id(note_id)
            .body_map(|body| body.comment(text));
        self.client.send(request.send()).await
    }

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
    pub async fn delete_note(&self, incident_id: i64, note_id: i64) -> Result<(), Error> {
        let id = validate::id("the incident id", incident_id)?;
        let note_id = validate::id("the note id", note_id)?;
        let request = self
            .client
            .raw()
            .delete_incident_note()
            .incident_id(id)
            .note_id(note_id);
        self.client.send(request.send()).await
    }
}
