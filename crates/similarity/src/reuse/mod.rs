//! Reuse between documents: a candidate pair verified on its shingles,
//! turned the way dates, credits and the texts say ([`direction`]),
//! weighed and measured ([`pair`]) into a [`Reuse`] as the report gives
//! it, and each target's sources ranked ([`mod@rank`]).

use serde::Serialize;

pub mod direction;
pub mod pair;
pub mod rank;

pub use direction::{By, Direction, PageFacts, days_apart};
pub use pair::{Check, Known, MEMBERS_TRIED, Order, Pair};
pub use rank::rank;

use crate::align::{Derivation, Passage};

/// Two documents that share text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reuse {
    pub source: String,
    pub target: String,
    /// Exact Jaccard similarity of the shingle sets.
    pub jaccard: f64,
    pub containment: Containment,
    /// Shingles the two share.
    pub shared_shingles: usize,
    /// Share of the target's words inside aligned passages.
    pub coverage: f64,
    /// Share of the target's words inside verbatim passages.
    pub verbatim_coverage: f64,
    /// Share of the target's information the source holds beyond chance: its
    /// distinct words weighted by rarity in the corpus (ln N/df), wherever
    /// they are, less what a text of the source's size holds by chance.
    /// `null` from `compare`, which has no corpus to weigh words by.
    pub term_coverage: Option<f64>,
    pub derivation: Derivation,
    pub direction_reason: String,
    /// Whether the pair is in one duplicate cluster.
    pub near_duplicate: bool,
    /// The duplicate cluster of the source, when the source has copies
    /// elsewhere in the corpus: `source` is its member that shares most
    /// with the target.
    pub source_cluster: Option<String>,
    /// The source's rank among the target's sources, by coverage: 1 is the
    /// target's source; a lower-ranked one adds passages the better ones
    /// do not cover.
    pub rank: usize,
    pub passages: Vec<Passage>,
}

/// How much of each side lies inside the other, by shingles.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Containment {
    pub source_in_target: f64,
    pub target_in_source: f64,
}
