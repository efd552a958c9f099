//! Scanning the files under a directory.
//!
//! Files are listed first (cheap: names and sizes), then read only as requests need them, a
//! few ahead, so memory holds what is in flight rather than the whole tree. Every file found
//! (outside version-control directories) ends up either in the results or in the skipped
//! list, with the reason.

use std::path::{Component, Path, PathBuf};

use futures::stream::{self, StreamExt};

use super::document::{cut_filename, Document};
use super::limits::ScanLimits;
use super::options::ScanOptions;
use super::outcome::{DocumentError, DocumentScan};
use super::plan::{Input, Limits};
use crate::{Error, GitGuardian};

/// Files read ahead of the requests that will carry them.
const READ_AHEAD: usize = 8;

/// How many leading bytes are searched for a NUL to call a file binary (as git does).
const BINARY_PROBE: usize = 8000;

/// Directories not descended into: version control data, not project files.
const IGNORED_DIRECTORIES: &[&str] = &[".git", ".hg", ".svn"];

/// The outcome of [`GitGuardian::scan_directory`].
///
/// ```no_run
/// use gitguardian_api_ext::scan::ScanOptions;
///
/// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
/// let report = client.scan_directory("./src", &ScanOptions::new()).await?;
/// for file in &report.files {
///     for found in file.scan.policy_breaks() {
///         println!("{}: {}", file.path.display(), found.type_);
///     }
/// }
/// for skipped in &report.skipped {
///     eprintln!("skipped {}: {}", skipped.path.display(), skipped.reason);
/// }
/// println!("{} requests", report.requests);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct DirectoryScan {
    /// Every file sent or rejected for its size, in path order, with its outcome.
    pub files: Vec<FileScan>,
    /// Files not scanned because they are binary, unreadable or not regular files, in path
    /// order.
    pub skipped: Vec<SkippedFile>,
    /// Scan requests answered, successfully or not: the quota units used at most.
    pub requests: usize,
}

/// One file of a [`DirectoryScan`] and its outcome.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct FileScan {
    /// The path relative to the scanned directory.
    pub path: PathBuf,
    /// The outcome; its filename is the relative path with `/` separators (its last 256
    /// characters).
    pub scan: DocumentScan,
}

/// A file of a [`DirectoryScan`] that was not scanned.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SkippedFile {
    /// The path relative to the scanned directory.
    pub path: PathBuf,
    /// Why it was not scanned.
    pub reason: SkipReason,
}

/// Why a file was not scanned.
///
/// ```
/// use gitguardian_api_ext::scan::SkipReason;
///
/// assert_eq!(SkipReason::Binary.to_string(), "binary file (a NUL byte in its first 8000 bytes)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SkipReason {
    /// The file holds a NUL byte in its first 8000 bytes: not text.
    #[error("binary file (a NUL byte in its first 8000 bytes)")]
    Binary,
    /// The file or directory could not be read.
    #[error("unreadable: {0}")]
    Unreadable(String),
    /// A symbolic link, not followed (it could lead out of the directory or in a loop).
    #[error("symbolic link, not followed")]
    Symlink,
    /// A socket, FIFO or device: reading it could block or never end.
    #[error("not a regular file")]
    NotRegular,
}

/// A regular file found by the walk.
struct Found {
    path: PathBuf,
    size: u64,
}

/// A file after reading: something to scan, or a reason not to.
enum Read {
    Input(PathBuf, Input),
    Skipped(SkippedFile),
}

impl GitGuardian {
    /// Scans the files under `directory`, recursively, like
    /// [`scan_with`](Self::scan_with): each file is a document named by its path relative
    /// to `directory`.
    ///
    /// Binary files (a NUL byte in the first 8000 bytes), unreadable files, symbolic links
    /// and special files are not sent and are listed in [`DirectoryScan::skipped`]; files
    /// over the size limit are not read and get [`DocumentError::TooLarge`]. Text that is not
    /// valid UTF-8 is scanned with the invalid bytes replaced. `.git`, `.hg` and `.svn`
    /// directories are not descended into. The progress callback counts the regular files
    /// found.
    ///
    /// Unlike [`scan_with`](Self::scan_with), a first scan reads the instance's limits before
    /// anything else: they decide which files are read at all.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] when `directory` cannot be listed or the options are unusable,
    /// before anything is sent; [`Error::Unauthorized`] when the key is refused while reading
    /// the limits.
    ///
    /// ```no_run
    /// use gitguardian_api_ext::scan::ScanOptions;
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let options = ScanOptions::new()
    ///     .on_progress(|p| eprintln!("{}/{} files", p.documents_done, p.documents_total));
    /// let report = client.scan_directory("./config", &options).await?;
    /// let breaks: usize = report.files.iter().map(|f| f.scan.policy_breaks().len()).sum();
    /// println!("{breaks} policy breaks in {} files", report.files.len());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn scan_directory(
        &self,
        directory: impl AsRef<Path>,
        options: &ScanOptions,
    ) -> Result<DirectoryScan, Error> {
        options.validate()?;
        let root = directory.as_ref();
        let (found, mut skipped) = walk(root).await?;
        if found.is_empty() {
            return Ok(DirectoryScan {
                files: Vec::new(),
                skipped,
                requests: 0,
            });
        }
        let limits = self.scan_limits().await?;
        let tracker = options.tracker(found.len());

        let mut paths = Vec::with_capacity(found.len());
        let inputs = stream::iter(found)
            .map(|file| read_file(root, file, &limits))
            .buffered(READ_AHEAD)
            .filter_map(|read| {
                let input = match read {
                    Read::Input(path, input) => {
                        paths.push(path);
                        Some(input)
                    }
                    Read::Skipped(file) => {
                        skipped.push(file);
                        tracker.advance(1, 0);
                        None
                    }
                };
                futures::future::ready(input)
            });
        let scans = self
            .run_scan(inputs, Limits::Known(limits), options, &tracker)
            .await;

        skipped.sort_by(|a, b| a.path.cmp(&b.path));
        let files = paths
            .into_iter()
            .zip(scans)
            .map(|(path, scan)| FileScan { path, scan })
            .collect();
        Ok(DirectoryScan {
            files,
            skipped,
            requests: tracker.requests(),
        })
    }
}

/// Lists the regular files under `root` (sorted by path) and what was passed over.
async fn walk(root: &Path) -> Result<(Vec<Found>, Vec<SkippedFile>), Error> {
    let unlisted = |e: std::io::Error| {
        Error::InvalidInput(format!("cannot list directory {}: {e}", root.display()))
    };
    let metadata = tokio::fs::metadata(root).await.map_err(unlisted)?;
    if !metadata.is_dir() {
        return Err(Error::InvalidInput(format!(
            "{} is not a directory",
            root.display()
        )));
    }

    let mut found = Vec::new();
    let mut skipped = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let mut entries = match tokio::fs::read_dir(root.join(&relative)).await {
            Ok(entries) => entries,
            Err(e) if relative.as_os_str().is_empty() => return Err(unlisted(e)),
            Err(e) => {
                skipped.push(unreadable(relative, &e));
                continue;
            }
        };
        loop {
            let entry = match entries.next_entry().await {
                Ok(Some(entry)) => entry,
                Ok(None) => break,
                Err(e) => {
                    skipped.push(unreadable(relative.clone(), &e));
                    break;
                }
            };
            let path = relative.join(entry.file_name());
            let file_type = match entry.file_type().await {
                Ok(file_type) => file_type,
                Err(e) => {
                    skipped.push(unreadable(path, &e));
                    continue;
                }
            };
            if file_type.is_dir() {
                let name = entry.file_name();
                if !IGNORED_DIRECTORIES.iter().any(|ignored| name == *ignored) {
                    pending.push(path);
                }
            } else if file_type.is_symlink() {
                skipped.push(SkippedFile {
                    path,
                    reason: SkipReason::Symlink,
                });
            } else if file_type.is_file() {
                match entry.metadata().await {
                    Ok(metadata) => found.push(Found {
                        path,
                        size: metadata.len(),
                    }),
                    Err(e) => skipped.push(unreadable(path, &e)),
                }
            } else {
                skipped.push(SkippedFile {
                    path,
                    reason: SkipReason::NotRegular,
                });
            }
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((found, skipped))
}

/// Reads one file into something to scan, unless it is too large, unreadable or binary.
async fn read_file(root: &Path, file: Found, limits: &ScanLimits) -> Read {
    let filename = cut_filename(slash_path(&file.path));
    if file.size > limits.max_document_size {
        let error = DocumentError::TooLarge {
            size: file.size,
            limit: limits.max_document_size,
        };
        let input = Input::Rejected {
            filename: Some(filename),
            error,
        };
        return Read::Input(file.path, input);
    }
    let bytes = match tokio::fs::read(root.join(&file.path)).await {
        Ok(bytes) => bytes,
        Err(e) => return Read::Skipped(unreadable(file.path, &e)),
    };
    if bytes.iter().take(BINARY_PROBE).any(|b| *b == 0) {
        return Read::Skipped(SkippedFile {
            path: file.path,
            reason: SkipReason::Binary,
        });
    }
    let text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Read::Input(file.path, Input::Document(Document::named(filename, text)))
}

fn unreadable(path: PathBuf, error: &std::io::Error) -> SkippedFile {
    SkippedFile {
        path,
        reason: SkipReason::Unreadable(error.to_string()),
    }
}

/// `a/b/c.txt` on every platform: the filename policies expect forward slashes.
fn slash_path(path: &Path) -> String {
    let parts: Vec<_> = path
        .components()
        .filter_map(|part| match part {
            Component::Normal(name) => Some(name.to_string_lossy()),
            _ => None,
        })
        .collect();
    parts.join("/")
}
