//! provtrace finds copied text in a corpus of news articles, within and
//! across documents, and traces where it came from.
//!
//! The pipeline runs `ingest` → `page` → `normalize` → `boilerplate` →
//! `selfdup` → `shingle` / `minhash` / `fingerprint` → `report`, wired by
//! `pipeline`; `cli` is the command line. The stages live in the workspace's
//! crates (`provtrace-text`, `-ingest`, `-similarity`, `-attribution`,
//! `-provenance`, `-report`, `-engine`; see ARCHITECTURE.md); this crate is
//! the command line, and names each stage module at its old place so that
//! `provtrace::minhash` is the same module as `provtrace_similarity::minhash`.
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

mod bars;
pub mod cli;
pub mod trace;

pub use provtrace_attribution::{claims, gazetteer, page, tagger};
pub use provtrace_common::{config, error, parallel};
#[cfg(feature = "contextual")]
pub use provtrace_contextual as contextual;
pub use provtrace_engine::{Rayon, dedup, pipeline, read};
pub use provtrace_ingest::{ingest, temporary};
pub use provtrace_provenance as provenance;
pub use provtrace_report as report;
pub use provtrace_similarity::{
    align, boilerplate, duplicates, fingerprint, minhash, selfdup, shingle, terms,
};
pub use provtrace_text::{normalize, sentence, span};

pub use config::Config;
pub use error::{Error, Result};
pub use ingest::{Corpus, Document, Input};
pub use report::Report;
