//! The scan pipeline: documents in, packed into requests, sent a few at a time, results put
//! back in input order.
//!
//! Documents flow through a stream, so a directory scan reads files only as requests need
//! them: memory holds the requests in flight, not the whole input. Each request's failure
//! stays with its own documents; a failure that every later request would repeat (wrong
//! key, missing scope, quota used up) stops the requests not yet sent.

use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use futures::stream::{self, Stream, StreamExt};
use futures::FutureExt;
use gitguardian_openapi::types;

use super::document::{Document, Prepared};
use super::limits::ScanLimits;
use super::options::{ScanOptions, Tracker};
use super::outcome::{DocumentError, DocumentScan};
use super::plan::{fits, Answer, Input, Limits, Planner, Work};
use crate::{Error, GitGuardian};

/// What the request stage hands back: outcomes with their input positions.
type Outcomes = Vec<(usize, DocumentScan)>;

impl GitGuardian {
    /// Scans documents for secrets with the default [`ScanOptions`]; see
    /// [`scan_with`](Self::scan_with).
    ///
    /// # Errors
    ///
    /// As for [`scan_with`](Self::scan_with).
    ///
    /// ```no_run
    /// use gitguardian_api_ext::scan::Document;
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let scans = client
    ///     .scan([
    ///         Document::named("app/settings.py", "DB_PASSWORD = 'hunter2'"),
    ///         Document::named("README.md", "# Hello"),
    ///     ])
    ///     .await?;
    /// for scan in &scans {
    ///     println!("{:?}: {} policy breaks", scan.filename, scan.policy_breaks().len());
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn scan<I>(&self, documents: I) -> Result<Vec<DocumentScan>, Error>
    where
        I: IntoIterator,
        I::Item: Into<Document>,
    {
        self.scan_with(documents, &ScanOptions::default()).await
    }

    /// Scans any number of documents for secrets with `POST /v1/multiscan` (operation
    /// `multiple_scan`), within the instance's limits ([`scan_limits`](Self::scan_limits)).
    ///
    /// * Documents are packed in input order into requests of at most
    ///   `maximum_documents_per_scan` documents and under the payload limit: each request
    ///   costs one quota unit, so requests are as full as allowed.
    /// * A client's first scan does not wait for the limits: requests packed by the documented
    ///   defaults ([`ScanLimits::DEFAULT`](super::ScanLimits::DEFAULT)) go out while they are
    ///   asked for, which saves a round trip. A document larger than the defaults allow waits
    ///   for the instance's answer, and a request the instance refuses because its limits are
    ///   stricter is packed again and resent.
    /// * At most [`ScanOptions::concurrency`] requests are in flight at once (4 by default).
    /// * The result has one [`DocumentScan`] per document, in input order. A document over
    ///   the size limit gets [`DocumentError::TooLarge`] and is not sent; the documents of a
    ///   failed request get its error, and the others keep their results.
    /// * NUL bytes are replaced with `U+001A` and filenames cut to their last 256 characters,
    ///   as the API requires.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for unusable options, before anything is sent;
    /// [`Error::Unauthorized`] when the key is refused while reading the limits. Failures of
    /// scan requests are reported per document.
    ///
    /// ```no_run
    /// use gitguardian_api_ext::scan::{Document, ScanOptions};
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian, files: Vec<(String, String)>) -> Result<(), gitguardian_api_ext::Error> {
    /// let documents = files.into_iter().map(|(path, text)| Document::named(path, text));
    /// let options = ScanOptions::new()
    ///     .concurrency(2)
    ///     .on_progress(|p| eprintln!("{}/{}", p.documents_done, p.documents_total));
    /// for scan in client.scan_with(documents, &options).await? {
    ///     if let Err(error) = &scan.result {
    ///         eprintln!("{:?} not scanned: {error}", scan.filename);
    ///     }
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn scan_with<I>(
        &self,
        documents: I,
        options: &ScanOptions,
    ) -> Result<Vec<DocumentScan>, Error>
    where
        I: IntoIterator,
        I::Item: Into<Document>,
    {
        options.validate()?;
        let inputs: Vec<Input> = documents
            .into_iter()
            .map(|document| Input::Document(document.into()))
            .collect();
        if inputs.is_empty() {
            return Ok(Vec::new());
        }
        let tracker = options.tracker(inputs.len());
        if let Some(limits) = self.cached_scan_limits() {
            let limits = Limits::Known(limits);
            return Ok(self
                .run_scan(stream::iter(inputs), limits, options, &tracker)
                .await);
        }
        // The first scan of this client: ask for the limits and start sending meanwhile.
        let refused = Mutex::new(None);
        let scans = {
            let answer: Answer<'_> = async {
                match self.scan_limits().await {
                    Ok(limits) => Some(limits),
                    Err(error) => {
                        *refused.lock().unwrap_or_else(PoisonError::into_inner) = Some(error);
                        None
                    }
                }
            }
            .boxed()
            .shared();
            let pipeline = self.run_scan(
                stream::iter(inputs),
                Limits::Pending(answer.clone()),
                options,
                &tracker,
            );
            futures::join!(answer, pipeline).1
        };
        match refused.into_inner().unwrap_or_else(PoisonError::into_inner) {
            Some(error) => Err(error),
            None => Ok(scans),
        }
    }

    /// Runs the pipeline over `inputs`; the outcome of the `i`-th input is at position `i`.
    /// The options must have been validated.
    pub(crate) async fn run_scan<S>(
        &self,
        inputs: S,
        limits: Limits<'_>,
        options: &ScanOptions,
        tracker: &Tracker,
    ) -> Vec<DocumentScan>
    where
        S: Stream<Item = Input> + Send,
    {
        let own_max = options.get_max_documents_per_request();
        let planner = Planner::new(limits.clone(), own_max);
        // A `None` after the last input flushes the last, partly filled request.
        let items = inputs
            .enumerate()
            .map(Some)
            .chain(stream::once(async { None }));
        let works = stream::unfold(
            (Box::pin(items), planner),
            |(mut items, mut planner)| async move {
                let item = items.next().await?;
                let works = planner.plan(item).await;
                Some((stream::iter(works), (items, planner)))
            },
        )
        .flatten()
        // Boxed so the scan stays `Send`: without it rustc cannot prove the unfold closure
        // `Send` for every lifetime (rust-lang/rust#102211).
        .boxed();

        tracker.advance(0, 0);
        let stop: OnceLock<Arc<Error>> = OnceLock::new();
        let mut outcomes: Outcomes = works
            .map(|work| self.perform(work, &limits, options, &stop, tracker))
            .buffer_unordered(options.get_concurrency())
            .flat_map(stream::iter)
            .collect()
            .await;
        outcomes.sort_by_key(|(index, _)| *index);
        outcomes.into_iter().map(|(_, scan)| scan).collect()
    }

    /// Sends one request (or records one rejected document) and reports progress.
    async fn perform(
        &self,
        work: Work,
        limits: &Limits<'_>,
        options: &ScanOptions,
        stop: &OnceLock<Arc<Error>>,
        tracker: &Tracker,
    ) -> Outcomes {
        match work {
            Work::Rejected(index, filename, error) => {
                tracker.advance(1, 0);
                vec![(index, DocumentScan::new(filename, Err(error)))]
            }
            Work::Request {
                documents,
                provisional,
            } => {
                if let Some(cause) = stop.get() {
                    let error = DocumentError::NotSent(cause.clone());
                    tracker.advance(documents.len(), 0);
                    let slots = documents.iter().map(|doc| (doc.index, doc.filename()));
                    return fail_all(slots.collect(), error);
                }
                // Kept to be packed again if the instance refuses what the defaults allowed.
                let kept = provisional.then(|| documents.clone());
                let outcomes = self.send_request(documents, options, stop).await;
                if let Some(kept) = kept.filter(|_| refused_as_too_big(&outcomes)) {
                    let limits = limits.settled().await;
                    if !fits(&kept, &limits) {
                        return self.resend(kept, limits, options, stop, tracker).await;
                    }
                }
                tracker.advance(outcomes.len(), 1);
                outcomes
            }
        }
    }

    /// Packs the documents of a refused provisional request by the instance's limits and
    /// sends them again, one request after the other (they hold a single slot of the
    /// concurrency).
    async fn resend(
        &self,
        documents: Vec<Prepared>,
        limits: ScanLimits,
        options: &ScanOptions,
        stop: &OnceLock<Arc<Error>>,
        tracker: &Tracker,
    ) -> Outcomes {
        tracing::debug!(
            documents = documents.len(),
            "a request packed by the default limits was refused; packing it again by the instance's"
        );
        let known = Limits::Known(limits);
        let mut planner = Planner::new(known.clone(), options.get_max_documents_per_request());
        let mut works = Vec::new();
        for prepared in documents {
            let input = Input::Document(Document::from(prepared.body));
            works.extend(planner.plan(Some((prepared.index, input))).await);
        }
        works.extend(planner.plan(None).await);
        let mut outcomes = Vec::new();
        for work in works {
            let done = Box::pin(self.perform(work, &known, options, stop, tracker)).await;
            outcomes.extend(done);
        }
        outcomes
    }

    /// `POST /v1/multiscan` with `documents`, and each document's outcome.
    async fn send_request(
        &self,
        documents: Vec<Prepared>,
        options: &ScanOptions,
        stop: &OnceLock<Arc<Error>>,
    ) -> Outcomes {
        let (slots, bodies): (Vec<Slot>, Vec<types::ScanDocument>) = documents
            .into_iter()
            .map(|doc| ((doc.index, doc.filename()), doc.body))
            .unzip();
        let (all_secrets, ignore_known_secrets) = options.flags();
        let mut request = self.raw().multiple_scan().body(bodies);
        if let Some(all) = all_secrets {
            request = request.all_secrets(all);
        }
        if let Some(ignore) = ignore_known_secrets {
            request = request.ignore_known_secrets(ignore);
        }
        match self.send(request.send()).await {
            Ok(results) if results.len() == slots.len() => slots
                .into_iter()
                .zip(results)
                .map(|((index, filename), result)| (index, DocumentScan::new(filename, Ok(result))))
                .collect(),
            Ok(results) => {
                let error = DocumentError::Mismatch {
                    sent: slots.len(),
                    received: results.len(),
                };
                fail_all(slots, error)
            }
            Err(error) => {
                let error = Arc::new(error);
                // Failures every later request would repeat stop the requests not yet sent.
                if error.is_access_denied() {
                    let _ = stop.set(error.clone());
                }
                fail_all(slots, DocumentError::Request(error))
            }
        }
    }
}

/// Whether a request failed as one too big for the instance: `400` (too many documents, a
/// document too large) or `413` (payload too large).
fn refused_as_too_big(outcomes: &Outcomes) -> bool {
    outcomes
        .first()
        .is_some_and(|(_, scan)| match &scan.result {
            Err(DocumentError::Request(error)) => {
                matches!(error.status().map(|s| s.as_u16()), Some(400 | 413))
            }
            _ => false,
        })
}

/// The input position and filename (as sent) of a document in a request.
type Slot = (usize, Option<String>);

/// The same error for every document of a request.
fn fail_all(slots: Vec<Slot>, error: DocumentError) -> Outcomes {
    slots
        .into_iter()
        .map(|(index, filename)| (index, DocumentScan::new(filename, Err(error.clone()))))
        .collect()
}
