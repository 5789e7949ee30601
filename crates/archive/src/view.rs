//! Reading an archive: the corpus-wide counts, lookups by key, stored
//! documents.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension as _};
use rustc_hash::FxHashMap as HashMap;

use crate::{
    Error, FORMAT_VERSION, Features, Info, LineStats, Record, Result, Stored, Totals, decompress,
    lines_of, metadata_of, of_u32s, of_u64s, signed, unsigned,
};

/// Reading an archive, inside a snapshot or a batch.
pub struct View<'a> {
    pub(crate) connection: &'a Connection,
    pub(crate) path: &'a Path,
}

impl View<'_> {
    fn store(&self, source: rusqlite::Error) -> Error {
        Error::store(self.path.to_path_buf(), source)
    }

    /// The corpus-wide counts.
    pub fn totals(&self) -> Result<Totals> {
        self.connection
            .query_row(
                "SELECT count(*), coalesce(sum(counted), 0), coalesce(sum(CASE WHEN counted THEN terms ELSE 0 END), 0) FROM documents",
                [],
                |r| {
                    Ok(Totals {
                        documents: r.get::<_, i64>(0)? as usize,
                        counted: r.get::<_, i64>(1)? as usize,
                        terms: r.get::<_, i64>(2)? as usize,
                    })
                },
            )
            .map_err(|e| self.store(e))
    }

    /// The archive's counts and parameters.
    pub fn info(&self) -> Result<Info> {
        let count = |sql: &str| -> Result<u64> {
            self.connection
                .query_row(sql, [], |r| r.get::<_, i64>(0))
                .map(|n| n as u64)
                .map_err(|e| self.store(e))
        };
        let text: String = self
            .connection
            .query_row("SELECT value FROM meta WHERE name = 'parameters'", [], |r| r.get(0))
            .map_err(|e| self.store(e))?;
        Ok(Info {
            format_version: FORMAT_VERSION,
            documents: count("SELECT count(*) FROM documents")?,
            distinct_texts: count("SELECT count(DISTINCT coalesce(exact, sha256)) FROM documents")?,
            text_bytes: count("SELECT coalesce(sum(text_bytes), 0) FROM documents")?,
            band_keys: count("SELECT count(*) FROM bands")?,
            fingerprints: count("SELECT count(*) FROM fingerprints")?,
            terms: count("SELECT count(*) FROM term_frequency")?,
            line_keys: count("SELECT count(*) FROM lines")?,
            parameters: serde_json::from_str(&text).unwrap_or_default(),
        })
    }

    /// The statistics kept for each of `keys` that the archive has seen.
    pub fn line_stats(&self, keys: &[u64]) -> Result<HashMap<u64, LineStats>> {
        let sql = "SELECT documents, before, before_varied, after, after_varied FROM lines WHERE key = ?1";
        self.lookup(sql, keys, signed, |r| {
            Ok(LineStats {
                documents: r.get(0)?,
                before: (unsigned(r.get(1)?), r.get(2)?),
                after: (unsigned(r.get(3)?), r.get(4)?),
            })
        })
    }

    /// How many counted documents hold each of `terms` (those held by none
    /// are left out).
    pub fn term_frequencies(&self, terms: &[u32]) -> Result<HashMap<u32, u32>> {
        let sql = "SELECT documents FROM term_frequency WHERE term = ?1";
        self.lookup(sql, terms, i64::from, |r| r.get(0))
    }

    /// The row `sql` finds for each of `keys` (bound as `param` makes
    /// them), read by `read`; keys without one are left out.
    fn lookup<K: Copy + Eq + std::hash::Hash, V>(
        &self,
        sql: &str,
        keys: &[K],
        param: impl Fn(K) -> i64,
        read: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<V>,
    ) -> Result<HashMap<K, V>> {
        let mut query = self.connection.prepare_cached(sql).map_err(|e| self.store(e))?;
        let mut found = HashMap::default();
        for &key in keys {
            let row = query.query_row([param(key)], &read).optional().map_err(|e| self.store(e))?;
            if let Some(row) = row {
                found.insert(key, row);
            }
        }
        Ok(found)
    }

    /// The counted documents that hold `fingerprint`, by number.
    pub fn fingerprint_holders(&self, fingerprint: u64) -> Result<Vec<i64>> {
        self.holders("SELECT seq FROM fingerprints WHERE hash = ?1", signed(fingerprint))
    }

    /// The counted documents that hold `term`, by number.
    pub fn term_holders(&self, term: u32) -> Result<Vec<i64>> {
        self.holders("SELECT seq FROM terms WHERE term = ?1", i64::from(term))
    }

    /// The documents with the band key `key`, by number.
    pub fn band_holders(&self, key: u64) -> Result<Vec<i64>> {
        self.holders("SELECT seq FROM bands WHERE key = ?1", signed(key))
    }

    /// The counted documents with the band key `key`, by number.
    pub fn counted_band_holders(&self, key: u64) -> Result<Vec<i64>> {
        self.holders(
            "SELECT b.seq FROM bands b JOIN documents d ON d.seq = b.seq WHERE b.key = ?1 AND d.counted = 1",
            signed(key),
        )
    }

    /// The documents whose content hashes to `exact`, by number.
    pub fn exact_holders(&self, exact: u128) -> Result<Vec<i64>> {
        let mut query = self
            .connection
            .prepare_cached("SELECT seq FROM documents WHERE exact = ?1")
            .map_err(|e| self.store(e))?;
        let rows = query
            .query_map([exact.to_le_bytes().to_vec()], |r| r.get(0))
            .map_err(|e| self.store(e))?;
        rows.collect::<rusqlite::Result<Vec<i64>>>().map_err(|e| self.store(e))
    }

    fn holders(&self, sql: &str, value: i64) -> Result<Vec<i64>> {
        let mut query = self.connection.prepare_cached(sql).map_err(|e| self.store(e))?;
        let rows = query.query_map([value], |r| r.get(0)).map_err(|e| self.store(e))?;
        rows.collect::<rusqlite::Result<Vec<i64>>>().map_err(|e| self.store(e))
    }

    /// The number of the document `id`, and its text's SHA-256.
    pub fn find(&self, id: &str) -> Result<Option<(i64, String)>> {
        self.connection
            .query_row("SELECT seq, sha256 FROM documents WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()
            .map_err(|e| self.store(e))
    }

    /// The documents numbered `seqs`, in that order (a number with no
    /// document is left out).
    pub fn load(&self, seqs: &[i64]) -> Result<Vec<Stored>> {
        let mut query = self
            .connection
            .prepare_cached(
                "SELECT seq, id, input, encoding, bytes, metadata, text, exact, compared, bands, fingerprints, vocabulary, lines
                 FROM documents WHERE seq = ?1",
            )
            .map_err(|e| self.store(e))?;
        let mut out = Vec::with_capacity(seqs.len());
        for &seq in seqs {
            let row = query.query_row([seq], Row::read).optional().map_err(|e| self.store(e))?;
            if let Some(row) = row {
                out.push(row.stored(self.path)?);
            }
        }
        Ok(out)
    }

    /// Calls `each` with every document, in the order they were added.
    pub fn each(&self, mut each: impl FnMut(Stored) -> Result<()>) -> Result<()> {
        let mut query = self
            .connection
            .prepare(
                "SELECT seq, id, input, encoding, bytes, metadata, text, exact, compared, bands, fingerprints, vocabulary, lines
                 FROM documents ORDER BY seq",
            )
            .map_err(|e| self.store(e))?;
        let mut rows = query.query([]).map_err(|e| self.store(e))?;
        while let Some(row) = rows.next().map_err(|e| self.store(e))? {
            let row = Row::read(row).map_err(|e| self.store(e))?;
            each(row.stored(self.path)?)?;
        }
        Ok(())
    }
}

/// A `documents` row as stored.
struct Row {
    seq: i64,
    id: String,
    input: String,
    encoding: String,
    bytes: i64,
    metadata: String,
    text: Vec<u8>,
    exact: Option<Vec<u8>>,
    compared: bool,
    bands: Vec<u8>,
    fingerprints: Vec<u8>,
    vocabulary: Vec<u8>,
    lines: Vec<u8>,
}

impl Row {
    fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
        Ok(Row {
            seq: r.get(0)?,
            id: r.get(1)?,
            input: r.get(2)?,
            encoding: r.get(3)?,
            bytes: r.get(4)?,
            metadata: r.get(5)?,
            text: r.get(6)?,
            exact: r.get(7)?,
            compared: r.get(8)?,
            bands: r.get(9)?,
            fingerprints: r.get(10)?,
            vocabulary: r.get(11)?,
            lines: r.get(12)?,
        })
    }

    fn stored(self, path: &Path) -> Result<Stored> {
        let damaged =
            |reason: String| Error::Damaged { path: path.to_path_buf(), seq: self.seq, reason };
        let text = decompress(&self.text).map_err(|e| damaged(format!("its text: {e}")))?;
        let metadata =
            metadata_of(&self.metadata).map_err(|e| damaged(format!("its metadata: {e}")))?;
        let exact = match &self.exact {
            Some(bytes) => Some(u128::from_le_bytes(
                bytes.as_slice().try_into().map_err(|_| damaged("its content hash".to_string()))?,
            )),
            None => None,
        };
        Ok(Stored {
            seq: self.seq,
            record: Record {
                id: self.id,
                input: self.input,
                text,
                encoding: self.encoding,
                bytes: self.bytes as usize,
                metadata,
            },
            features: Features {
                exact,
                compared: self.compared,
                bands: of_u64s(&self.bands),
                fingerprints: of_u64s(&self.fingerprints),
                vocabulary: of_u32s(&self.vocabulary),
                lines: lines_of(&self.lines),
            },
        })
    }
}
