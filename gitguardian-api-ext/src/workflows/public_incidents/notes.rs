//! Notes on public secret incidents: the team's written trail of an investigation.
//!
//! Note texts are checked before sending: not blank, at most
//! [`NOTE_MAX_CHARS`](crate::workflows::NOTE_MAX_CHARS) characters (the spec's `maxLength`).

use gitguardian_openapi::types;

use super::PublicIncidents;
use crate::workflows::validate;
use crate::{Error, Items};

impl<'a> PublicIncidents<'a> {
    /// Streams the notes of a public incident, 100 per page:
    /// `GET /v1/public-incidents/secrets/{incident_id}/notes` (operation
    /// `list-public-incident-notes`).
    ///
    /// # Errors
    ///
    /// As for [`Incidents::notes`](crate::workflows::Incidents::notes).
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let notes = client.public_incidents().notes(90412).collect_all().await?;
    /// println!("{} notes", notes.len());
    /// # Ok(())
    /// # }
    /// ```
    pub fn notes(&self, incident_id: i64) -> Items<'a, types::PublicIncidentNote> {
        let request = validate::id("the incident id", incident_id).map(|id| {
            self.client
                .raw()
                .list_public_incident_notes()
                .incident_id(id)
        });
        self.client.paginate_checked(request)
    }

    /// Adds a note to a public incident:
    /// `POST /v1/public-incidents/secrets/{incident_id}/notes` (operation
    /// `create-public-incident-note`).
    ///
    /// # Errors
    ///
    /// As for [`Incidents::add_note`](crate::workflows::Incidents::add_note).
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// client.public_incidents().add_note(90412, "Opened a ticket with the repository owner.").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn add_note(
        &self,
        incident_id: i64,
        text: &str,
    ) -> Result<types::PublicIncidentNote, Error> {
        let id = validate::id("the incident id", incident_id)?;
        let text = validate::note(text)?;
        let request = self
            .client
            .raw()
            .create_public_incident_note()
            .incident_id(id)
            .body_map(|body| body.comment(text));
        self.client.send(request.send()).await
    }

    /// Replaces the text of a note of a public incident:
    /// `PATCH /v1/public-incidents/secrets/{incident_id}/notes/{note_id}` (operation
    /// `update-public-incident-note`).
    ///
    /// # Errors
    ///
    /// As for [`Incidents::update_note`](crate::workflows::Incidents::update_note).
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// client.public_incidents().update_note(90412, 318, "Rotation confirmed; old key deleted.").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn update_note(
        &self,
        incident_id: i64,
        note_id: i64,
        text: &str,
    ) -> Result<types::PublicIncidentNote, Error> {
        let id = validate::id("the incident id", incident_id)?;
        let note_id = validate::id("the note id", note_id)?;
        let text = validate::note(text)?;
        let request = self
            .client
            .raw()
            .update_public_incident_note()
            .incident_id(id)
            .note_id(note_id)
            .body_map(|body| body.comment(text));
        self.client.send(request.send()).await
    }

    /// Deletes a note of a public incident:
    /// `DELETE /v1/public-incidents/secrets/{incident_id}/notes/{note_id}` (operation
    /// `delete-public-incident-note`).
    ///
    /// # Errors
    ///
    /// As for [`Incidents::delete_note`](crate::workflows::Incidents::delete_note).
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// client.public_incidents().delete_note(90412, 318).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn delete_note(&self, incident_id: i64, note_id: i64) -> Result<(), Error> {
        let id = validate::id("the incident id", incident_id)?;
        let note_id = validate::id("the note id", note_id)?;
        let request = self
            .client
            .raw()
            .delete_public_incident_note()
            .incident_id(id)
            .note_id(note_id);
        self.client.send(request.send()).await
    }
}
