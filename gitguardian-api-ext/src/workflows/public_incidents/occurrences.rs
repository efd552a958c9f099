//! Occurrences of a public incident: each public place where its secret was found.

use gitguardian_openapi::types;

use super::PublicIncidents;
use crate::workflows::validate;
use crate::{Error, Items};

impl<'a> PublicIncidents<'a> {
    /// Streams the occurrences of a public incident, 100 per page:
    /// `GET /v1/public-incidents/secrets/{incident_id}/occurrences` (operation
    /// `list-public-secret-occurrences`). For its filters, use the raw operation with
    /// [`GitGuardian::paginate`](crate::GitGuardian::paginate).
    ///
    /// # Errors
    ///
    /// The stream yields [`Error::InvalidInput`] (and sends nothing) for an id that is not
    /// positive; otherwise errors as for [`GitGuardian::paginate`](crate::GitGuardian::paginate).
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let occurrences = client.public_incidents().occurrences(90412).collect_all().await?;
    /// for occurrence in occurrences {
    ///     println!("{:?}", occurrence.url);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn occurrences(&self, incident_id: i64) -> Items<'a, types::PublicOccurrence> {
        let request = validate::id("the incident id", incident_id).map(|id| {
            self.client
                .raw()
                .list_public_secret_occurrences()
                .incident_id(id)
        });
        self.client.paginate_checked(request)
    }

    /// One occurrence of a public incident:
    /// `GET /v1/public-incidents/secrets/{incident_id}/occurrences/{occurrence_id}` (operation
    /// `retrieve-public-secret-occurrence`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for ids that are not positive; [`Error::NotFound`] for an
    /// unknown incident or occurrence.
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let occurrence = client.public_incidents().occurrence(90412, 660021).await?;
    /// println!("{:?}", occurrence.filepath);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn occurrence(
        &self,
        incident_id: i64,
        occurrence_id: i64,
    ) -> Result<types::PublicOccurrence, Error> {
        let id = validate::id("the incident id", incident_id)?;
        let occurrence_id = validate::id("the occurrence id", occurrence_id)?;
        let request = self
            .client
            .raw()
            .retrieve_public_secret_occurrence()
            .incident_id(id)
            .occurrence_id(occurrence_id);
        self.client.send(request.send()).await
    }
}
