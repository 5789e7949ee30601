//! provtrace finds copied text in a corpus of news articles, within and
//! across documents, and traces where it came from.
//!
//! The pipeline runs `ingest` → `page` → `normalize` → `boilerplate` →
//! `selfdup` → `shingle` / `minhash` / `fingerprint` → `report`, wired by
//! `pipeline`; `cli` is the command line. Each stage is a module with one
//! main function from typed input to typed output.
//!
//! ```
//! use provtrace::{Config, Corpus, pipeline};
//!
//! let story = "Officials said on Monday that the river had risen four metres in two days, \
//!              flooding more than 300 homes in the lower valley and closing the main bridge.";
//! let corpus = Corpus::from_texts(&[
//!     story.to_string(),
//!     format!("Share this article\n{story}\nRead more: NBC"),
//!     "An unrelated note about the weather at the coast this weekend.".to_string(),
//! ]);
//! let report = pipeline::analyze(&corpus, &Config::default());
//! assert_eq!(report.duplicate_clusters.len(), 1);
//! assert_eq!(report.duplicate_clusters[0].members, ["doc-1", "doc-2"]);
//! assert_eq!(report.documents[1].credits[0].outlet, "NBC News");
//! ```

pub mod align;
pub mod boilerplate;
pub mod claims;
pub mod cli;
pub mod config;
pub mod contextual;
pub mod dedup;
pub mod error;
pub mod evaluate;
pub mod fingerprint;
pub mod gazetteer;
pub mod ingest;
pub mod minhash;
pub mod normalize;
pub mod page;
pub mod pipeline;
pub mod provenance;
pub mod report;
pub mod selfdup;
pub mod sentence;
pub mod shingle;
pub mod span;
pub mod tagger;
pub mod temporary;
pub mod terms;

pub use config::Config;
pub use error::{Error, Result};
pub use ingest::{Corpus, Document, Input};
pub use report::Report;
