//! The archive: documents kept once, with what analysis needs of them, so
//! that new documents are checked against them without reading their
//! sources again.
//!
//! An archive is one `SQLite` file (the library compiled in: no server, no
//! system library). Each document is kept with its text (compressed), what
//! its input declared, its MinHash band keys, its winnowed fingerprints, its
//! distinct words (as the rewrite channel's 32-bit terms) and the
//! statistics of its short lines; corpus-wide counts are kept beside them
//! and updated as documents come and go: how many documents hold each
//! fingerprint and each term, and each line key's statistics
//! ([`LineStats`]). The features are computed by the engine, which knows the
//! parameters; the archive records those parameters and refuses a run with
//! others ([`Error::Parameters`]).
//!
//! Every change is a transaction: a batch is committed whole or not at
//! all, a process killed mid-batch leaves the archive at its last commit,
//! a reader sees one snapshot while a writer adds (the write-ahead log),
//! and a second writer waits for the first. `docs/archive.md` describes
//! the format.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension as _, Transaction, TransactionBehavior};
use rustc_hash::FxHashMap as HashMap;
use sha2::{Digest as _, Sha256};

use provtrace_common::Metadata;
pub use provtrace_similarity::boilerplate::LineStats;

/// The version of the archive's tables; an archive of another is refused.
pub const FORMAT_VERSION: u32 = 1;

/// What the `meta` table's `format` row says of every archive.
const FORMAT_NAME: &str = "provtrace-archive";

/// Why an archive cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No archive at the path.
    #[error("no archive at `{path}` (`provtrace archive add` creates one)")]
    Missing { path: PathBuf },
    /// A file that is not an archive.
    #[error("`{path}` is not a provtrace archive: {reason}")]
    Foreign { path: PathBuf, reason: String },
    /// A file that `SQLite` finds damaged (cut short, overwritten).
    #[error("archive `{path}` is damaged ({reason}); it cannot be read")]
    Corrupt { path: PathBuf, reason: String },
    /// An archive of another format version.
    #[error(
        "`{path}` is a provtrace archive of format {found}; this build reads format {FORMAT_VERSION}"
    )]
    Version { path: PathBuf, found: String },
    /// An archive made with other parameters than the run's.
    #[error(
        "`{path}` was made with other parameters than this run's ({differences}); run with the archive's, or re-derive it with these: `provtrace archive rebuild ARCHIVE --config FILE`"
    )]
    Parameters { path: PathBuf, differences: String },
    /// The store failed (a full disk, a damaged file, a lock held too long).
    #[error("archive `{path}`: {source}")]
    Store { path: PathBuf, source: rusqlite::Error },
    /// A stored document could not be read back.
    #[error("archive `{path}`: document {seq} is damaged: {reason}")]
    Damaged { path: PathBuf, seq: i64, reason: String },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The store's failure at `path`; a damaged file says so.
    fn store(path: PathBuf, source: rusqlite::Error) -> Error {
        match &source {
            rusqlite::Error::SqliteFailure(failure, message)
                if matches!(
                    failure.code,
                    rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase
                ) =>
            {
                let reason = message.clone().unwrap_or_else(|| failure.to_string());
                Error::Corrupt { path, reason }
            }
            _ => Error::Store { path, source },
        }
    }
}

/// The parameters an archive's features depend on, by name, each as text.
pub type Parameters = std::collections::BTreeMap<String, String>;

/// A document as its input gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub id: String,
    pub input: String,
    pub text: String,
    pub encoding: String,
    pub bytes: usize,
    pub metadata: Metadata,
}

/// What analysis needs of a document, computed by the engine.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Features {
    /// Hash of its content's words (none when it has none).
    pub exact: Option<u128>,
    /// Whether it counts in the fingerprint and term frequencies: it has
    /// shingles to compare and is not a near-copy of a counted document
    /// (analysis counts one text a duplicate cluster). A copy of a counted
    /// document's very content is not counted either, whatever this says.
    pub compared: bool,
    /// MinHash band keys.
    pub bands: Vec<u64>,
    /// Sorted distinct winnowed fingerprints.
    pub fingerprints: Vec<u64>,
    /// Sorted distinct terms.
    pub vocabulary: Vec<u32>,
    /// The statistics of each of its counted line keys, sorted by key.
    pub lines: Vec<(u64, LineStats)>,
}

/// A stored document: its place in the archive, as given and as analysed.
#[derive(Clone, Debug)]
pub struct Stored {
    /// Its number in the archive, in the order documents were added.
    pub seq: i64,
    pub record: Record,
    pub features: Features,
}

/// What adding one document did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Added {
    /// A new document.
    New,
    /// The same id with the same text: nothing changed.
    Unchanged,
    /// The same id with another text, put in place of the old (`--replace`).
    Replaced,
    /// The same id with another text, not added.
    Conflict,
}

/// The archive's counts and parameters, the same for two archives with the
/// same content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Info {
    pub format_version: u32,
    pub documents: u64,
    /// Documents whose content is not that of an earlier document.
    pub distinct_texts: u64,
    /// Bytes of text, uncompressed.
    pub text_bytes: u64,
    pub band_keys: u64,
    pub fingerprints: u64,
    pub terms: u64,
    pub line_keys: u64,
    pub parameters: Parameters,
}

/// The corpus-wide counts analysis scales by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub documents: usize,
    /// Documents in the fingerprint and term counts: compared, and not a
    /// copy of an earlier one's content.
    pub counted: usize,
    /// Terms summed over the counted documents.
    pub terms: usize,
}

const SCHEMA: &str = "
CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents(
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    input TEXT NOT NULL,
    encoding TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    metadata TEXT NOT NULL,
    text_bytes INTEGER NOT NULL,
    text BLOB NOT NULL,
    exact BLOB,
    compared INTEGER NOT NULL,
    counted INTEGER NOT NULL,
    terms INTEGER NOT NULL,
    bands BLOB NOT NULL,
    fingerprints BLOB NOT NULL,
    vocabulary BLOB NOT NULL,
    lines BLOB NOT NULL
);
CREATE INDEX documents_exact ON documents(exact);
CREATE TABLE bands(key INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY(key, seq)) WITHOUT ROWID;
CREATE TABLE fingerprints(hash INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY(hash, seq)) WITHOUT ROWID;
CREATE TABLE terms(term INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY(term, seq)) WITHOUT ROWID;
CREATE TABLE term_frequency(term INTEGER PRIMARY KEY, documents INTEGER NOT NULL);
CREATE TABLE lines(
    key INTEGER PRIMARY KEY,
    documents INTEGER NOT NULL,
    before INTEGER NOT NULL,
    before_varied INTEGER NOT NULL,
    after INTEGER NOT NULL,
    after_varied INTEGER NOT NULL
);
";

/// An open archive.
pub struct Archive {
    connection: Connection,
    path: PathBuf,
}

impl Archive {
    /// Opens the archive at `path`, creating it when absent, and checks its
    /// parameters against `parameters` (which a new archive records).
    pub fn create_or_open(path: &Path, parameters: &Parameters) -> Result<Archive> {
        if path.exists() {
            return Archive::open(path, Some(parameters));
        }
        let store = |source| Error::store(path.to_path_buf(), source);
        // Made under a temporary name and renamed: a kill during creation
        // leaves no half-made archive at `path`.
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let staged = tempfile::Builder::new()
            .prefix(".provtrace-archive")
            .tempfile_in(dir)
            .map_err(|e| Error::Foreign { path: path.to_path_buf(), reason: e.to_string() })?;
        {
            let connection = Connection::open(staged.path()).map_err(store)?;
            connection.execute_batch(SCHEMA).map_err(store)?;
            let mut meta = connection
                .prepare("INSERT INTO meta(name, value) VALUES (?1, ?2)")
                .map_err(store)?;
            meta.execute(("format", FORMAT_NAME)).map_err(store)?;
            meta.execute(("format_version", FORMAT_VERSION.to_string())).map_err(store)?;
            let parameters = serde_json::to_string(parameters).unwrap_or_default();
            meta.execute(("parameters", parameters)).map_err(store)?;
        }
        // Readable as any file the user makes (a temporary file is the
        // owner's alone).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let _ = std::fs::set_permissions(staged.path(), std::fs::Permissions::from_mode(0o644));
        }
        match staged.persist_noclobber(path) {
            Ok(_) => {}
            // Another process made it first: this one uses theirs.
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => {
                return Err(Error::Foreign {
                    path: path.to_path_buf(),
                    reason: e.error.to_string(),
                });
            }
        }
        Archive::open(path, Some(parameters))
    }

    /// Opens the archive at `path`; with `parameters`, refuses it when they
    /// are not the archive's.
    pub fn open(path: &Path, parameters: Option<&Parameters>) -> Result<Archive> {
        let foreign =
            |reason: &str| Error::Foreign { path: path.to_path_buf(), reason: reason.to_string() };
        if !path.exists() {
            return Err(Error::Missing { path: path.to_path_buf() });
        }
        if !path.is_file() {
            return Err(foreign("not a file"));
        }
        let mut header = [0u8; 16];
        let read = std::fs::File::open(path).and_then(|mut f| f.read(&mut header));
        match read {
            Ok(16) if &header == b"SQLite format 3\0" => {}
            Ok(_) => return Err(foreign("not an SQLite file")),
            Err(e) => return Err(foreign(&e.to_string())),
        }
        let store = |source| Error::store(path.to_path_buf(), source);
        let connection = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(store)?;
        let archive = Archive { connection, path: path.to_path_buf() };
        let meta = |name: &str| -> Result<Option<String>> {
            archive
                .connection
                .query_row("SELECT value FROM meta WHERE name = ?1", [name], |r| r.get(0))
                .optional()
                .map_err(|e| match e {
                    rusqlite::Error::SqliteFailure(failure, _)
                        if failure.code == rusqlite::ErrorCode::Unknown =>
                    {
                        foreign("it has no provtrace tables")
                    }
                    e => store(e),
                })
        };
        if meta("format")?.as_deref() != Some(FORMAT_NAME) {
            return Err(foreign("it has no provtrace format mark"));
        }
        let version = meta("format_version")?.unwrap_or_default();
        if version != FORMAT_VERSION.to_string() {
            return Err(Error::Version { path: path.to_path_buf(), found: version });
        }
        archive.connection.pragma_update(None, "journal_mode", "WAL").map_err(store)?;
        archive.connection.pragma_update(None, "synchronous", "NORMAL").map_err(store)?;
        // 16 MiB of pages cached for reading (the default is 2 MiB); a
        // writer takes more (`write`).
        archive.connection.pragma_update(None, "cache_size", -16_384).map_err(store)?;
        if let Some(wanted) = parameters {
            let kept = archive.parameters()?;
            let differences = differences(&kept, wanted);
            if !differences.is_empty() {
                return Err(Error::Parameters { path: path.to_path_buf(), differences });
            }
        }
        Ok(archive)
    }

    /// The path it was opened at.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The parameters the archive was made with.
    pub fn parameters(&self) -> Result<Parameters> {
        let text: String = self
            .connection
            .query_row("SELECT value FROM meta WHERE name = 'parameters'", [], |r| r.get(0))
            .map_err(|source| self.store(source))?;
        serde_json::from_str(&text).map_err(|e| Error::Foreign {
            path: self.path.clone(),
            reason: format!("its parameters cannot be read: {e}"),
        })
    }

    /// A consistent view for reading: what was committed when it began,
    /// whatever a writer commits meanwhile.
    pub fn snapshot(&mut self) -> Result<Snapshot<'_>> {
        let path = self.path.clone();
        let store = |source| Error::store(path.clone(), source);
        let tx = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Deferred)
            .map_err(store)?;
        // The snapshot is taken at the first read.
        tx.query_row("SELECT count(*) FROM meta", [], |r| r.get::<_, i64>(0)).map_err(store)?;
        Ok(Snapshot { tx, path })
    }

    /// Begins a batch of changes; when another process is writing, calls
    /// `waiting` once and waits for it.
    pub fn write(&mut self, waiting: impl FnOnce()) -> Result<Writer<'_>> {
        let path = self.path.clone();
        let store = |source| Error::store(path.clone(), source);
        let connection = &self.connection;
        // 128 MiB of pages cached: a batch writes its index keys at many
        // places.
        connection.pragma_update(None, "cache_size", -131_072).map_err(store)?;
        connection.busy_timeout(Duration::ZERO).map_err(store)?;
        let begin = || Transaction::new_unchecked(connection, TransactionBehavior::Immediate);
        let tx = match begin() {
            Ok(tx) => tx,
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy =>
            {
                waiting();
                connection.busy_timeout(Duration::from_hours(24)).map_err(store)?;
                begin().map_err(store)?
            }
            Err(e) => return Err(store(e)),
        };
        connection.busy_timeout(Duration::from_hours(24)).map_err(store)?;
        Ok(Writer {
            tx,
            path,
            lines_stale: false,
            posting_limit: i64::MAX,
            pending: Pending::default(),
        })
    }

    fn store(&self, source: rusqlite::Error) -> Error {
        Error::store(self.path.clone(), source)
    }
}

/// The kept parameters that differ from the wanted, said.
fn differences(kept: &Parameters, wanted: &Parameters) -> String {
    let names: std::collections::BTreeSet<&String> = kept.keys().chain(wanted.keys()).collect();
    names
        .into_iter()
        .filter(|n| kept.get(*n) != wanted.get(*n))
        .map(|n| {
            let show = |v: Option<&String>| v.map_or("none".to_string(), Clone::clone);
            format!("{n}: archive {}, this run {}", show(kept.get(n)), show(wanted.get(n)))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// What was committed when the snapshot began.
pub struct Snapshot<'a> {
    tx: Transaction<'a>,
    path: PathBuf,
}

impl Snapshot<'_> {
    /// Reads the snapshot.
    pub fn view(&self) -> View<'_> {
        View { connection: &self.tx, path: &self.path }
    }
}

/// A batch of changes, committed whole by [`Writer::commit`] or not at all.
pub struct Writer<'a> {
    tx: Transaction<'a>,
    path: PathBuf,
    /// Whether a removal left the line statistics to be counted again.
    lines_stale: bool,
    /// A term held by more documents than this keeps no postings (see
    /// [`Writer::limit_postings`]).
    posting_limit: i64,
    /// Additions gathered over the batch and written sorted at its end:
    /// an index takes keys in order far faster than one at a time at
    /// random, and a term's count is written once a batch.
    pending: Pending,
}

#[derive(Default)]
struct Pending {
    bands: Vec<(i64, i64)>,
    fingerprints: Vec<(i64, i64)>,
    terms: Vec<(i64, i64)>,
    frequency: HashMap<u32, i64>,
    lines: HashMap<u64, LineStats>,
}

impl Writer<'_> {
    /// Reads the archive as the batch has left it so far.
    pub fn view(&self) -> View<'_> {
        View { connection: &self.tx, path: &self.path }
    }

    /// Keeps no more postings of a term once more than `limit` documents
    /// hold it: no frequency cap lets a search look it up (most of a
    /// corpus's postings are of its commonest words). The term's count is
    /// still kept.
    pub fn limit_postings(&mut self, limit: u64) {
        self.posting_limit = i64::try_from(limit).unwrap_or(i64::MAX);
    }

    fn store(&self, source: rusqlite::Error) -> Error {
        Error::store(self.path.clone(), source)
    }

    /// Adds a document; one already there under its id is kept when its
    /// text is the same, and replaced by this one only with `replace`.
    pub fn add(&mut self, record: &Record, features: &Features, replace: bool) -> Result<Added> {
        let sha = format!("{:x}", Sha256::digest(record.text.as_bytes()));
        let kept: Option<String> = self
            .tx
            .query_row("SELECT sha256 FROM documents WHERE id = ?1", [&record.id], |r| r.get(0))
            .optional()
            .map_err(|e| self.store(e))?;
        let outcome = match kept {
            Some(kept) if kept == sha => return Ok(Added::Unchanged),
            Some(_) if !replace => return Ok(Added::Conflict),
            Some(_) => {
                self.remove(&record.id)?;
                Added::Replaced
            }
            None => Added::New,
        };
        self.insert(record, features, &sha)?;
        Ok(outcome)
    }

    fn insert(&mut self, record: &Record, features: &Features, sha: &str) -> Result<()> {
        let exact = features.exact.map(|e| e.to_le_bytes().to_vec());
        let earlier: bool = match &exact {
            Some(e) => self
                .tx
                .query_row("SELECT 1 FROM documents WHERE exact = ?1 AND counted = 1", [e], |_| {
                    Ok(())
                })
                .optional()
                .map_err(|e| self.store(e))?
                .is_some(),
            None => false,
        };
        let counted = features.compared && !earlier;
        let metadata = metadata_json(&record.metadata);
        let text = compress(record.text.as_bytes());
        self.tx
            .execute(
                "INSERT INTO documents(id, sha256, input, encoding, bytes, metadata, text_bytes, text, exact, compared, counted, terms, bands, fingerprints, vocabulary, lines)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                rusqlite::params![
                    record.id,
                    sha,
                    record.input,
                    record.encoding,
                    count(record.bytes),
                    metadata,
                    count(record.text.len()),
                    text,
                    exact,
                    features.compared,
                    counted,
                    count(features.vocabulary.len()),
                    u64s(&features.bands),
                    u64s(&features.fingerprints),
                    u32s(&features.vocabulary),
                    line_bytes(&features.lines),
                ],
            )
            .map_err(|e| self.store(e))?;
        let seq = self.tx.last_insert_rowid();
        self.pending.bands.extend(features.bands.iter().map(|&k| (signed(k), seq)));
        if counted {
            self.count(seq, &features.fingerprints, &features.vocabulary, 1)?;
        }
        if !self.lines_stale {
            for (key, stats) in &features.lines {
                self.pending.lines.entry(*key).or_default().merge(stats);
            }
        }
        Ok(())
    }

    /// Writes the gathered additions, each table's in key order.
    fn flush(&mut self) -> Result<()> {
        let path = self.path.clone();
        let store = |source| Error::store(path.clone(), source);
        let mut pending = std::mem::take(&mut self.pending);
        // Counts first: a term's postings are kept while its count is
        // within the limit.
        let mut frequency: Vec<(u32, i64)> = pending.frequency.into_iter().collect();
        frequency.sort_unstable();
        let mut common: rustc_hash::FxHashSet<i64> = rustc_hash::FxHashSet::default();
        {
            let mut upsert = self
                .tx
                .prepare_cached(
                    "INSERT INTO term_frequency(term, documents) VALUES (?1, ?2)
                     ON CONFLICT(term) DO UPDATE SET documents = documents + ?2
                     RETURNING documents",
                )
                .map_err(store)?;
            for (t, n) in frequency {
                let now: i64 = upsert.query_row((i64::from(t), n), |r| r.get(0)).map_err(store)?;
                if now > self.posting_limit {
                    common.insert(i64::from(t));
                }
            }
        }
        pending.terms.retain(|(t, _)| !common.contains(t));
        for (sql, rows) in [
            ("INSERT OR IGNORE INTO bands(key, seq) VALUES (?1, ?2)", &mut pending.bands),
            (
                "INSERT OR IGNORE INTO fingerprints(hash, seq) VALUES (?1, ?2)",
                &mut pending.fingerprints,
            ),
            ("INSERT OR IGNORE INTO terms(term, seq) VALUES (?1, ?2)", &mut pending.terms),
        ] {
            rows.sort_unstable();
            let mut insert = self.tx.prepare_cached(sql).map_err(store)?;
            for row in rows.iter() {
                insert.execute(*row).map_err(store)?;
            }
        }
        if !self.lines_stale {
            let mut lines: Vec<(u64, LineStats)> = pending.lines.into_iter().collect();
            lines.sort_unstable_by_key(|&(k, _)| k);
            self.merge_lines(&lines)?;
        }
        Ok(())
    }

    /// Adds (`sign` 1) or takes out (-1) a counted document's fingerprints
    /// and terms.
    fn count(
        &mut self,
        seq: i64,
        fingerprints: &[u64],
        vocabulary: &[u32],
        sign: i64,
    ) -> Result<()> {
        let path = self.path.clone();
        let store = |source| Error::store(path.clone(), source);
        if sign > 0 {
            let pending = &mut self.pending;
            pending.fingerprints.extend(fingerprints.iter().map(|&f| (signed(f), seq)));
            pending.terms.extend(vocabulary.iter().map(|&t| (i64::from(t), seq)));
            for &t in vocabulary {
                *pending.frequency.entry(t).or_default() += 1;
            }
            return Ok(());
        }
        // Taken out at once, after what the batch has gathered is written.
        self.flush()?;
        let (fp, term, frequency) = (
            "DELETE FROM fingerprints WHERE hash = ?1 AND seq = ?2",
            "DELETE FROM terms WHERE term = ?1 AND seq = ?2",
            "UPDATE term_frequency SET documents = documents - 1 WHERE term = ?1",
        );
        let mut fp = self.tx.prepare_cached(fp).map_err(store)?;
        for &f in fingerprints {
            fp.execute((signed(f), seq)).map_err(store)?;
        }
        let mut term = self.tx.prepare_cached(term).map_err(store)?;
        let mut frequency = self.tx.prepare_cached(frequency).map_err(store)?;
        for &t in vocabulary {
            term.execute((i64::from(t), seq)).map_err(store)?;
            frequency.execute([i64::from(t)]).map_err(store)?;
        }
        self.tx.execute("DELETE FROM term_frequency WHERE documents <= 0", []).map_err(store)?;
        Ok(())
    }

    fn merge_lines(&mut self, lines: &[(u64, LineStats)]) -> Result<()> {
        let path = self.path.clone();
        let store = |source| Error::store(path.clone(), source);
        let keys: Vec<u64> = lines.iter().map(|&(k, _)| k).collect();
        let mut kept = self.view().line_stats(&keys)?;
        let mut put = self
            .tx
            .prepare_cached(
                "INSERT OR REPLACE INTO lines(key, documents, before, before_varied, after, after_varied)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .map_err(store)?;
        for (key, stats) in lines {
            let merged = kept.entry(*key).or_default();
            merged.merge(stats);
            put.execute(rusqlite::params![
                signed(*key),
                merged.documents,
                signed(merged.before.0),
                merged.before.1,
                signed(merged.after.0),
                merged.after.1
            ])
            .map_err(store)?;
        }
        Ok(())
    }

    /// Removes the document `id`; false when there is none. Its copies'
    /// first one left takes its place in the counts; the line statistics
    /// are counted again from every document's at commit (they can be
    /// merged but not taken apart).
    pub fn remove(&mut self, id: &str) -> Result<bool> {
        self.flush()?;
        let path = self.path.clone();
        let store = |source| Error::store(path.clone(), source);
        let Some(seq) = self
            .tx
            .query_row("SELECT seq FROM documents WHERE id = ?1", [id], |r| r.get::<_, i64>(0))
            .optional()
            .map_err(store)?
        else {
            return Ok(false);
        };
        let gone = self.view().load(&[seq])?.pop().ok_or_else(|| Error::Damaged {
            path: path.clone(),
            seq,
            reason: "it cannot be read".to_string(),
        })?;
        let counted: bool = self
            .tx
            .query_row("SELECT counted FROM documents WHERE seq = ?1", [seq], |r| r.get(0))
            .map_err(store)?;
        {
            let mut band = self
                .tx
                .prepare_cached("DELETE FROM bands WHERE key = ?1 AND seq = ?2")
                .map_err(store)?;
            for &key in &gone.features.bands {
                band.execute((signed(key), seq)).map_err(store)?;
            }
        }
        if counted {
            self.count(seq, &gone.features.fingerprints, &gone.features.vocabulary, -1)?;
        }
        self.tx.execute("DELETE FROM documents WHERE seq = ?1", [seq]).map_err(store)?;
        if counted && let Some(exact) = gone.features.exact {
            let next: Option<i64> = self
                .tx
                .query_row(
                    "SELECT seq FROM documents WHERE exact = ?1 AND compared = 1 ORDER BY seq LIMIT 1",
                    [exact.to_le_bytes().to_vec()],
                    |r| r.get(0),
                )
                .optional()
                .map_err(store)?;
            if let Some(next) = next {
                let heir = self.view().load(&[next])?.pop().ok_or_else(|| Error::Damaged {
                    path: path.clone(),
                    seq: next,
                    reason: "it cannot be read".to_string(),
                })?;
                self.tx
                    .execute("UPDATE documents SET counted = 1 WHERE seq = ?1", [next])
                    .map_err(store)?;
                self.count(next, &heir.features.fingerprints, &heir.features.vocabulary, 1)?;
            }
        }
        self.lines_stale = true;
        Ok(true)
    }

    /// Commits the batch.
    pub fn commit(mut self) -> Result<()> {
        self.flush()?;
        if self.lines_stale {
            self.recount_lines()?;
        }
        let path = self.path.clone();
        self.tx.commit().map_err(|source| Error::Store { path, source })
    }

    /// The line statistics counted again from every document's.
    fn recount_lines(&mut self) -> Result<()> {
        let path = self.path.clone();
        let store = |source| Error::store(path.clone(), source);
        self.tx.execute("DELETE FROM lines", []).map_err(store)?;
        let mut all: HashMap<u64, LineStats> = HashMap::default();
        {
            let mut rows =
                self.tx.prepare("SELECT lines FROM documents ORDER BY seq").map_err(store)?;
            let mut rows = rows.query([]).map_err(store)?;
            while let Some(row) = rows.next().map_err(store)? {
                let bytes: Vec<u8> = row.get(0).map_err(store)?;
                for (key, stats) in lines_of(&bytes) {
                    all.entry(key).or_default().merge(&stats);
                }
            }
        }
        let mut sorted: Vec<(u64, LineStats)> = all.into_iter().collect();
        sorted.sort_unstable_by_key(|&(k, _)| k);
        self.lines_stale = false;
        self.merge_lines(&sorted)
    }
}

/// A 64-bit hash as `SQLite`'s signed integer, bit for bit.
pub(crate) fn signed(value: u64) -> i64 {
    i64::from_ne_bytes(value.to_ne_bytes())
}

/// `SQLite`'s signed integer as the 64-bit hash it stores.
pub(crate) fn unsigned(value: i64) -> u64 {
    u64::from_ne_bytes(value.to_ne_bytes())
}

/// A count as `SQLite`'s integer.
fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn compress(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    // Writing to a vector cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

pub(crate) fn decompress(bytes: &[u8]) -> Result<String, String> {
    let mut text = String::new();
    flate2::read::ZlibDecoder::new(bytes).read_to_string(&mut text).map_err(|e| e.to_string())?;
    Ok(text)
}

/// What an input declared, as a JSON object of [`Metadata::FIELDS`].
fn metadata_json(metadata: &Metadata) -> String {
    let object: serde_json::Map<String, serde_json::Value> = Metadata::FIELDS
        .iter()
        .zip(metadata.values())
        .filter_map(|(name, value)| {
            Some((name.to_string(), serde_json::Value::from(value.clone()?)))
        })
        .collect();
    serde_json::Value::Object(object).to_string()
}

pub(crate) fn metadata_of(json: &str) -> Result<Metadata, String> {
    let object: HashMap<String, String> = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let field = |name: &str| object.get(name).cloned();
    Ok(Metadata {
        title: field("title"),
        url: field("url"),
        outlet: field("outlet"),
        published: field("published"),
        original: field("original"),
        source: field("source"),
        author: field("author"),
        language: field("language"),
        modified: field("modified"),
    })
}

fn u64s(values: &[u64]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn u32s(values: &[u32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

pub(crate) fn of_u64s(bytes: &[u8]) -> Vec<u64> {
    bytes.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default())).collect()
}

pub(crate) fn of_u32s(bytes: &[u8]) -> Vec<u32> {
    bytes.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().unwrap_or_default())).collect()
}

/// Line statistics as 32 bytes each: key, key before, key after, and the
/// two "varied" bits.
fn line_bytes(lines: &[(u64, LineStats)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(lines.len() * 32);
    for (key, s) in lines {
        let flags = u64::from(s.before.1) | u64::from(s.after.1) << 1 | u64::from(s.documents) << 2;
        for v in [*key, s.before.0, s.after.0, flags] {
            out.extend(v.to_le_bytes());
        }
    }
    out
}

pub(crate) fn lines_of(bytes: &[u8]) -> Vec<(u64, LineStats)> {
    of_u64s(bytes)
        .chunks_exact(4)
        .map(|v| {
            let stats = LineStats {
                documents: (v[3] >> 2) as u32,
                before: (v[1], v[3] & 1 == 1),
                after: (v[2], v[3] & 2 == 2),
            };
            (v[0], stats)
        })
        .collect()
}

mod view;

pub use view::View;

#[cfg(test)]
mod tests;
