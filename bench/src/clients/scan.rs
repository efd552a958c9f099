//! Scanning every document: our scanner, the hand-written loop, the official client.
//! Each reports how many documents came back scanned and how many policy breaks it saw, so
//! a contender that drops documents or results is caught.

use futures::stream::{self, StreamExt};
use gitguardian_api_ext::scan::{Document, ScanOptions};
use gitguardian_api_ext::GitGuardian;
use gitguardian_client::api::api::v1::multiscan::MultiScan;
use serde::Serialize;

use crate::corpus::SourceFile;

/// Documents per request for the loops written by hand (the API's limit, which
/// `/v1/metadata` also announces).
pub const CHUNK: usize = 20;

/// Requests in flight for the loops written by hand: the same as our scanner's default, so
/// they send the same requests the same way and differ only in the client.
pub const CONCURRENCY: usize = gitguardian_api_ext::scan::DEFAULT_CONCURRENCY;

/// The outcome of one scan of the corpus.
#[derive(Debug, Default)]
pub struct ScanRun {
    /// Documents with a result.
    pub scanned: usize,
    pub policy_breaks: usize,
    /// The first failure, if any document got none.
    pub error: Option<String>,
}

impl ScanRun {
    /// `Ok` when all `documents` were scanned and `planted` breaks found.
    pub fn check(&self, documents: usize, planted: usize) -> Result<(), String> {
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        if self.scanned != documents || self.policy_breaks != planted {
            return Err(format!(
                "{} of {documents} documents scanned, {} of {planted} breaks found",
                self.scanned, self.policy_breaks
            ));
        }
        Ok(())
    }
}

/// Our documents, built before the clock starts (as a caller holds its inputs).
pub fn ext_documents(corpus: &[SourceFile]) -> Vec<Document> {
    corpus
        .iter()
        .map(|file| Document::named(file.filename.clone(), file.content.clone()))
        .collect()
}

/// Our scanner with its defaults: `client.scan_with(documents, &ScanOptions::default())`.
pub async fn ext(client: &GitGuardian, documents: Vec<Document>) -> ScanRun {
    match client.scan_with(documents, &ScanOptions::default()).await {
        Ok(scans) => {
            let mut run = ScanRun::default();
            for scan in &scans {
                match &scan.result {
                    Ok(result) => {
                        run.scanned += 1;
                        run.policy_breaks += result.policy_breaks.len();
                    }
                    Err(error) => {
                        run.error.get_or_insert_with(|| error.to_string());
                    }
                }
            }
            run
        }
        Err(error) => ScanRun {
            error: Some(error.to_string()),
            ..ScanRun::default()
        },
    }
}

#[derive(Serialize)]
struct RawDocument<'a> {
    filename: &'a str,
    document: &'a str,
}

/// The limit: chunks of 20 posted by hand, 4 at a time, decoded into our generated types.
pub async fn raw(http: &reqwest::Client, api_url: &str, corpus: &[SourceFile]) -> ScanRun {
    let authorization = super::authorization();
    let url = format!("{api_url}/multiscan");
    let answers: Vec<Result<Vec<gitguardian_openapi::types::ScanResult>, String>> =
        stream::iter(corpus.chunks(CHUNK))
            .map(|chunk| {
                let request = http
                    .post(&url)
                    .header(reqwest::header::AUTHORIZATION, &authorization)
                    .json(
                        &chunk
                            .iter()
                            .map(|file| RawDocument {
                                filename: &file.filename,
                                document: &file.content,
                            })
                            .collect::<Vec<_>>(),
                    );
                async move {
                    let response = request.send().await.map_err(|e| e.to_string())?;
                    if !response.status().is_success() {
                        return Err(format!("HTTP {}", response.status()));
                    }
                    response.json().await.map_err(|e| e.to_string())
                }
            })
            .buffered(CONCURRENCY)
            .collect()
            .await;
    let mut run = ScanRun::default();
    for answer in answers {
        match answer {
            Ok(results) => {
                run.scanned += results.len();
                run.policy_breaks += results.iter().map(|r| r.policy_breaks.len()).sum::<usize>();
            }
            Err(error) => {
                run.error.get_or_insert(error);
            }
        }
    }
    run
}

/// The official client's documents, built before the clock starts.
pub fn official_documents(
    corpus: &[SourceFile],
) -> Vec<gitguardian_client::api::models::document::Document> {
    corpus
        .iter()
        .map(|file| {
            gitguardian_client::api::models::document::Document::new(file.content.clone())
                .with_filename(file.filename.clone())
        })
        .collect()
}

/// The official client: one `MultiScan` call per chunk of 20, 4 at a time (it has no scan
/// helper, so this is what its users write).
pub async fn official(
    client: &gitguardian_client::reqwest::Client,
    documents: Vec<gitguardian_client::api::models::document::Document>,
) -> ScanRun {
    let mut calls = Vec::with_capacity(documents.len().div_ceil(CHUNK));
    let mut documents = documents.into_iter();
    loop {
        let chunk: MultiScan = documents.by_ref().take(CHUNK).collect();
        if chunk.documents.is_empty() {
            break;
        }
        calls.push(chunk);
    }
    let answers: Vec<_> = stream::iter(calls.iter())
        .map(|call| client.send(call))
        .buffered(CONCURRENCY)
        .collect()
        .await;
    let mut run = ScanRun::default();
    for answer in answers {
        match answer {
            Ok(results) => {
                run.scanned += results.len();
                run.policy_breaks += results.iter().map(|r| r.policy_breaks.len()).sum::<usize>();
            }
            Err(error) => {
                run.error.get_or_insert_with(|| error.to_string());
            }
        }
    }
    run
}
