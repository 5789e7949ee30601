//! The effective configuration of a run.
//!
//! One [`Config`] holds every threshold and size the stages use. It comes from
//! defaults, then an optional TOML file, then command-line flags, and is
//! checked once by [`Config::validate`] before any work; the stages trust it.
//! The whole configuration is echoed into every report. Run settings that do
//! not change the result (thread count, quiet) are not part of it.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Every setting that shapes a report.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub ingest: IngestConfig,
    pub shingle: ShingleConfig,
    pub near_duplicate: NearDuplicateConfig,
    pub reuse: ReuseConfig,
    pub selfdup: SelfdupConfig,
    pub boilerplate: BoilerplateConfig,
    pub align: AlignConfig,
    /// Outlets added to the built-in gazetteer.
    pub outlets: Vec<OutletEntry>,
}

/// Limits on what is read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IngestConfig {
    /// A document larger than this many bytes is skipped with a reason.
    pub max_document_bytes: usize,
    /// File endings read in a directory walk besides the built-in ones
    /// (`txt`, `text`, `htm`, `html`, `jsonl`, `ndjson`, and none), without
    /// the dot: `["md", "xml"]`. A file named on the command line is read
    /// whatever its ending.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<String>,
    /// The JSON Lines field holding a record's text, when not `text`
    /// (`--text-field body`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_field: Option<String>,
}

/// The largest `max_document_bytes` allowed.
pub const MAX_DOCUMENT_BYTES: usize = 1 << 30;

impl Default for IngestConfig {
    fn default() -> Self {
        IngestConfig {
            max_document_bytes: 16 * 1024 * 1024,
            extensions: Vec::new(),
            text_field: None,
        }
    }
}

/// Word shingles for similarity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ShingleConfig {
    /// Words per shingle.
    pub k: usize,
}

impl Default for ShingleConfig {
    fn default() -> Self {
        ShingleConfig { k: 5 }
    }
}

/// Near-duplicate detection: `MinHash` with LSH banding, verified exactly.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NearDuplicateConfig {
    /// Two documents are near-duplicates when the exact Jaccard similarity
    /// of their shingle sets is at least this.
    pub threshold: f64,
    /// Signature length: MinHash values (bins of one-permutation hashing).
    pub permutations: usize,
    /// LSH bands; when absent, derived from `threshold` so that a pair at the
    /// threshold is a candidate with probability at least 0.99.
    pub bands: Option<usize>,
    /// Signature rows per band; derived from `threshold` when absent.
    pub rows: Option<usize>,
}

impl Default for NearDuplicateConfig {
    fn default() -> Self {
        NearDuplicateConfig { threshold: 0.7, permutations: 128, bands: None, rows: None }
    }
}

/// Partial reuse: winnowed fingerprints, verified on shingle sets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReuseConfig {
    /// Winnowing window, in shingles: any run of `window` shingles shared by
    /// two documents yields at least one shared fingerprint.
    pub window: usize,
    /// A fingerprint found in more documents than this is not used to pair
    /// documents (it is boilerplate or a stock phrase). 0 means
    /// `documents / 100`, at least 50 and at most 1,000.
    pub max_document_frequency: usize,
    /// A pair shares at least this many shingles to be reported.
    pub min_shared_shingles: usize,
    /// And at least this share of the smaller side's shingles.
    pub min_containment: f64,
    /// Rewrites share few shingles: a second channel pairs documents by
    /// the rare words they share (names, numbers, uncommon words; rarity is
    /// inverse document frequency, so no word list is assumed). Each
    /// document is reduced to this many of its rarest words...
    pub rewrite_terms: usize,
    /// ...keeps at most this many partners, best first (0 turns the channel
    /// off)...
    pub rewrite_candidates: usize,
    /// ...each sharing at least this many of those words...
    pub rewrite_min_shared_terms: usize,
    /// ...and at least this share of them: a rewrite keeps most of its
    /// names and numbers from its source (on METER, one half or more for
    /// 95% of the wholly derived stories), a story on another subject almost
    /// none (one in fifty). Alignment then decides: a pair is reported only
    /// when it derives something.
    pub rewrite_min_share: f64,
    /// Term coverage derives a target from a source only when the two were
    /// published within this many days of each other (or are not both
    /// dated): a paper rewrites wire copy the same day or the next, a weekly
    /// within the week, while a wire's stories on one subject months apart
    /// share its names and no more. Verbatim passages count at any distance;
    /// dates never decide alone. 0 sets no window.
    pub rewrite_window_days: u32,
}

impl Default for ReuseConfig {
    fn default() -> Self {
        ReuseConfig {
            window: 4,
            max_document_frequency: 0,
            min_shared_shingles: 8,
            min_containment: 0.1,
            rewrite_terms: 48,
            rewrite_candidates: 8,
            rewrite_min_shared_terms: 3,
            rewrite_min_share: 0.2,
            rewrite_window_days: 7,
        }
    }
}

/// Text repeated inside one document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SelfdupConfig {
    /// Words per shingle when looking for repeats.
    pub k: usize,
    /// A repeated passage is reported when it is at least this many words.
    pub min_words: usize,
}

impl Default for SelfdupConfig {
    fn default() -> Self {
        SelfdupConfig { k: 8, min_words: 30 }
    }
}

/// Lines that recur across documents.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BoilerplateConfig {
    /// A line is boilerplate when it recurs in at least this many documents
    /// (or in 0.5% of them, whichever is more) with different neighbours...
    pub min_documents: usize,
    /// ...and has at most this many words. Longer shared lines are article
    /// text that was copied, not site chrome.
    pub max_words: usize,
}

impl Default for BoilerplateConfig {
    fn default() -> Self {
        BoilerplateConfig { min_documents: 3, max_words: 12 }
    }
}

/// Alignment of reused passages and the derivation classes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AlignConfig {
    /// A target sentence this similar to a source sentence (0 to 1: the mean
    /// of content-word Dice and character-bigram Dice) is a rewrite of it.
    pub min_rewrite_similarity: f64,
    /// Coverage at or above which the target is `wholly` derived: most of
    /// its words come from the source.
    pub wholly: f64,
    /// Coverage at or above which the target is `partially` derived: the
    /// source is one of its materials. In `analyze`, which weighs words by
    /// their rarity in the corpus, only verbatim passages outside quotations
    /// count toward it;
    /// sentences that only resemble the source's count through
    /// `partially_terms` (independent reports of one event word some
    /// sentences alike).
    pub partially: f64,
    /// Term coverage (the share of the target's information, words weighted
    /// by rarity, that the source holds beyond what a text of its size holds
    /// by chance) at or above which the target is `wholly` derived, aligned
    /// or not: a rewrite that keeps most of its source's names, numbers and
    /// uncommon words and changes the rest, down to every sentence's wording.
    /// The same share as `wholly`, of information rather than words.
    pub wholly_terms: f64,
    /// Term coverage at or above which the target is `partially` derived
    /// when a passage is aligned: the same least share as `partially`. An
    /// independent report of the same event shares its names and brings as
    /// many of its own. With it, one `analyze` links no independent answer
    /// of Clough & Stevenson to its task's source, no seed page (independent
    /// reports of one event) to another, and 84% of the METER stories
    /// journalists judged derived to a wire file.
    pub partially_terms: f64,
}

impl Default for AlignConfig {
    fn default() -> Self {
        AlignConfig {
            min_rewrite_similarity: 0.55,
            wholly: 0.6,
            partially: 0.15,
            wholly_terms: 0.6,
            partially_terms: 0.15,
        }
    }
}

/// An outlet for the gazetteer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutletEntry {
    /// The canonical name, as reports show it.
    pub name: String,
    /// Other names it goes by in text ("NYT", "New York Times").
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Short names that mean this outlet only once the document has named it
    /// in full ("the Times").
    #[serde(default)]
    pub contextual: Vec<String>,
    /// Web domains ("nytimes.com").
    #[serde(default)]
    pub domains: Vec<String>,
    /// A wire service (AP, Reuters, AFP, UPI).
    #[serde(default)]
    pub wire: bool,
}

impl Config {
    /// Parses a TOML configuration; absent keys keep their defaults.
    pub fn from_toml(text: &str, path: &std::path::Path) -> Result<Config> {
        toml::from_str(text)
            .map_err(|e| Error::ConfigParse { path: path.to_path_buf(), message: e.to_string() })
    }

    /// The command line's settings over the file's: `--threshold` (refused
    /// under the flag's name when out of range) and more file endings
    /// (`--ext`); then the whole validated. `provtrace` and `provtrace-spark`
    /// both take their flags through this.
    pub fn with_flags(mut self, threshold: Option<f64>, extensions: &[String]) -> Result<Config> {
        if let Some(threshold) = threshold {
            if !(threshold > 0.0 && threshold <= 1.0) {
                let reason = "must be in (0, 1]".to_string();
                return Err(Error::Flag { flag: format!("--threshold {threshold}"), reason });
            }
            self.near_duplicate.threshold = threshold;
        }
        let extensions = extensions.iter().map(|e| e.trim_start_matches('.').to_string());
        self.ingest.extensions.extend(extensions);
        self.validate()?;
        Ok(self)
    }

    /// Refuses impossible values, naming the setting and the value.
    pub fn validate(&self) -> Result<()> {
        fn bad(field: &'static str, value: impl std::fmt::Display, reason: &str) -> Error {
            Error::Config { field, value: value.to_string(), reason: reason.to_string() }
        }
        if !(1..=64).contains(&self.shingle.k) {
            return Err(bad("shingle.k", self.shingle.k, "must be from 1 to 64"));
        }
        let nd = &self.near_duplicate;
        if !(nd.threshold > 0.0 && nd.threshold <= 1.0) {
            return Err(bad("near_duplicate.threshold", nd.threshold, "must be in (0, 1]"));
        }
        if !(8..=1024).contains(&nd.permutations) {
            return Err(bad(
                "near_duplicate.permutations",
                nd.permutations,
                "must be from 8 to 1024",
            ));
        }
        match (nd.bands, nd.rows) {
            (Some(0), _) => return Err(bad("near_duplicate.bands", 0, "must be at least 1")),
            (_, Some(0)) => return Err(bad("near_duplicate.rows", 0, "must be at least 1")),
            (Some(b), Some(r)) if b * r > nd.permutations => {
                return Err(bad(
                    "near_duplicate.bands",
                    b,
                    &format!("bands × rows = {} exceeds permutations = {}", b * r, nd.permutations),
                ));
            }
            (Some(_), None) | (None, Some(_)) => {
                return Err(bad(
                    "near_duplicate.bands",
                    format!("{:?}/{:?}", nd.bands, nd.rows),
                    "give both bands and rows, or neither",
                ));
            }
            _ => {}
        }
        if self.reuse.window == 0 {
            return Err(bad("reuse.window", 0, "must be at least 1"));
        }
        if !(self.reuse.min_containment > 0.0 && self.reuse.min_containment <= 1.0) {
            return Err(bad(
                "reuse.min_containment",
                self.reuse.min_containment,
                "must be in (0, 1]",
            ));
        }
        if self.reuse.min_shared_shingles == 0 {
            return Err(bad("reuse.min_shared_shingles", 0, "must be at least 1"));
        }
        if !(1..=1024).contains(&self.reuse.rewrite_terms) {
            return Err(bad(
                "reuse.rewrite_terms",
                self.reuse.rewrite_terms,
                "must be from 1 to 1024",
            ));
        }
        if self.reuse.rewrite_candidates > 1024 {
            return Err(bad(
                "reuse.rewrite_candidates",
                self.reuse.rewrite_candidates,
                "must be at most 1024",
            ));
        }
        if !(0.0..=1.0).contains(&self.reuse.rewrite_min_share) {
            return Err(bad(
                "reuse.rewrite_min_share",
                self.reuse.rewrite_min_share,
                "must be in [0, 1]",
            ));
        }
        if self.reuse.rewrite_min_shared_terms == 0 {
            return Err(bad("reuse.rewrite_min_shared_terms", 0, "must be at least 1"));
        }
        if !(2..=64).contains(&self.selfdup.k) {
            return Err(bad("selfdup.k", self.selfdup.k, "must be from 2 to 64"));
        }
        if self.selfdup.min_words < self.selfdup.k {
            return Err(bad(
                "selfdup.min_words",
                self.selfdup.min_words,
                "must be at least selfdup.k",
            ));
        }
        if self.boilerplate.min_documents < 2 {
            return Err(bad(
                "boilerplate.min_documents",
                self.boilerplate.min_documents,
                "must be at least 2",
            ));
        }
        let al = &self.align;
        if !(al.min_rewrite_similarity > 0.0 && al.min_rewrite_similarity <= 1.0) {
            return Err(bad(
                "align.min_rewrite_similarity",
                al.min_rewrite_similarity,
                "must be in (0, 1]",
            ));
        }
        if !(al.partially > 0.0 && al.partially < al.wholly && al.wholly <= 1.0) {
            return Err(bad(
                "align.partially",
                format!("{}/{}", al.partially, al.wholly),
                "need 0 < align.partially < align.wholly <= 1",
            ));
        }
        // Term thresholds above 1 turn the route off: coverage alone decides.
        if !(al.partially_terms > 0.0 && al.partially_terms < al.wholly_terms) {
            return Err(bad(
                "align.partially_terms",
                format!("{}/{}", al.partially_terms, al.wholly_terms),
                "need 0 < align.partially_terms < align.wholly_terms",
            ));
        }
        if self.ingest.max_document_bytes == 0 {
            return Err(bad("ingest.max_document_bytes", 0, "must be at least 1"));
        }
        // Token offsets are 32-bit, and decoding a legacy encoding can
        // triple a text's bytes.
        if self.ingest.max_document_bytes > MAX_DOCUMENT_BYTES {
            return Err(bad(
                "ingest.max_document_bytes",
                self.ingest.max_document_bytes,
                "must be at most 1073741824 (1 GiB)",
            ));
        }
        for ext in &self.ingest.extensions {
            if ext.is_empty() || ext.contains(['.', '/', '\\']) {
                return Err(bad(
                    "ingest.extensions",
                    ext,
                    "an ending without its dot, such as `md`",
                ));
            }
        }
        for outlet in &self.outlets {
            if outlet.name.trim().is_empty() {
                return Err(bad("outlets.name", "", "an outlet needs a name"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        Config::default().validate().unwrap();
    }

    #[test]
    fn refuses_impossible_values() {
        type Change = Box<dyn Fn(&mut Config)>;
        let cases: Vec<(&str, Change)> = vec![
            ("shingle.k", Box::new(|c| c.shingle.k = 0)),
            ("near_duplicate.threshold", Box::new(|c| c.near_duplicate.threshold = 0.0)),
            ("near_duplicate.threshold", Box::new(|c| c.near_duplicate.threshold = 1.5)),
            (
                "near_duplicate.bands",
                Box::new(|c| {
                    c.near_duplicate.bands = Some(20);
                    c.near_duplicate.rows = Some(10);
                }),
            ),
            ("near_duplicate.bands", Box::new(|c| c.near_duplicate.bands = Some(4))),
            ("reuse.window", Box::new(|c| c.reuse.window = 0)),
            ("reuse.min_containment", Box::new(|c| c.reuse.min_containment = 2.0)),
            ("selfdup.min_words", Box::new(|c| c.selfdup.min_words = 3)),
            ("boilerplate.min_documents", Box::new(|c| c.boilerplate.min_documents = 1)),
            ("ingest.max_document_bytes", Box::new(|c| c.ingest.max_document_bytes = 0)),
            (
                "ingest.max_document_bytes",
                Box::new(|c| c.ingest.max_document_bytes = MAX_DOCUMENT_BYTES + 1),
            ),
        ];
        for (field, change) in cases {
            let mut config = Config::default();
            change(&mut config);
            let err = config.validate().unwrap_err().to_string();
            assert!(err.contains(field), "{field}: {err}");
        }
    }

    #[test]
    fn toml_overrides_and_rejects_unknown_keys() {
        let path = std::path::Path::new("x.toml");
        let config = Config::from_toml(
            "[near_duplicate]\nthreshold = 0.9\n[[outlets]]\nname = \"Example Wire\"\naliases = [\"EW\"]\n",
            path,
        )
        .unwrap();
        assert!((config.near_duplicate.threshold - 0.9).abs() < 1e-12);
        assert_eq!(config.shingle.k, 5);
        assert_eq!(config.outlets[0].aliases, ["EW"]);
        assert!(Config::from_toml("[shingle]\nsize = 3\n", path).is_err());
    }
}
