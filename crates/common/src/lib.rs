//! What every stage of provtrace is handed: the run's [`Config`], the
//! [`Error`] that can stop a run, and a [`Parallel`] runner, so that a stage
//! is a plain function of its input whether the caller runs it on one thread,
//! on all cores, or inside a Spark executor; the [`Progress`] it tells; the
//! types more than one stage speaks of ([`Metadata`], [`Skipped`]); and the
//! process's [`temporary`] files, removed on an interrupt.

pub mod config;
pub mod error;
pub mod parallel;
pub mod progress;
pub mod temporary;

pub use config::Config;
pub use error::{Error, Result};
pub use parallel::{Parallel, Sequential};
pub use progress::{Progress, Silent, Stage};

/// An input that could not be read, and why.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Skipped {
    pub input: String,
    pub reason: String,
}

/// What an input says of a document besides its text (a JSON Lines
/// record's fields of the same names, [`Metadata::FIELDS`]; what a web page
/// declares): read by ingest, taken by the page's reading over what the
/// text shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    pub title: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    /// The URL of the original a page says it republishes (a canonical link
    /// to another site, `original-source`, `syndication-source`, JSON-LD
    /// `isBasedOn`).
    pub original: Option<String>,
    /// The outlet a page says its article comes from (JSON-LD
    /// `sourceOrganization`).
    pub source: Option<String>,
    pub author: Option<String>,
    /// The language the page says it is in, as written (`en-GB`).
    pub language: Option<String>,
    /// When the page says it was last changed, apart from `published`.
    pub modified: Option<String>,
}

impl Metadata {
    /// The fields' names, as JSON Lines records and `provtrace extract`
    /// spell them, in the order of [`Metadata::values`].
    pub const FIELDS: [&'static str; 9] = [
        "title",
        "url",
        "outlet",
        "published",
        "original",
        "source",
        "author",
        "language",
        "modified",
    ];

    /// The fields' values, in the order of [`Metadata::FIELDS`].
    pub fn values(&self) -> [&Option<String>; 9] {
        [
            &self.title,
            &self.url,
            &self.outlet,
            &self.published,
            &self.original,
            &self.source,
            &self.author,
            &self.language,
            &self.modified,
        ]
    }

    /// The fields of `self`, each filled from `other` where `self` has none.
    #[must_use]
    pub fn or(self, other: Metadata) -> Metadata {
        Metadata {
            title: self.title.or(other.title),
            url: self.url.or(other.url),
            outlet: self.outlet.or(other.outlet),
            published: self.published.or(other.published),
            original: self.original.or(other.original),
            source: self.source.or(other.source),
            author: self.author.or(other.author),
            language: self.language.or(other.language),
            modified: self.modified.or(other.modified),
        }
    }
}

/// `n` and the noun in its number: `count(1, "document", "documents")` is
/// "1 document", `count(3, ...)` "3 documents".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The name serde gives a unit variant (`Derivation::Wholly` is
/// "wholly"), as the report's JSON spells it; empty for anything else.
pub fn json_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
