//! Near-duplicate clusters and the rows and pairs `dedup` lists, as both
//! `analyze` and `dedup` make them.

use serde::Serialize;

/// Documents that are near-duplicates of each other.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DuplicateCluster {
    pub id: String,
    /// Document ids, in corpus order.
    pub members: Vec<String>,
    /// The member the others copy, or `null` when the evidence does not say.
    pub origin: Option<String>,
    pub origin_reason: String,
    /// The lowest exact Jaccard similarity of a member with the origin (or,
    /// with no origin, with the first member).
    pub jaccard_min: f64,
    /// Each member's exact Jaccard similarity with the origin.
    pub member_jaccard: Vec<MemberJaccard>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MemberJaccard {
    pub doc: String,
    pub jaccard: f64,
}

/// One document in `dedup`'s keep/drop list.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DedupRow {
    pub id: String,
    /// The duplicate cluster (`dup-N`), `null` for a document with no copy.
    pub cluster: Option<String>,
    /// Keep this one: it has no copy, or it stands for its cluster (the
    /// origin as `analyze` picks it, else the first member).
    pub keep: bool,
    /// The document it duplicates, when dropped.
    pub duplicate_of: Option<String>,
    /// Exact Jaccard similarity with `duplicate_of`.
    pub jaccard: Option<f64>,
}

/// Two documents at or above the threshold.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DuplicatePair {
    pub a: String,
    pub b: String,
    pub jaccard: f64,
}

/// A ratio rounded to four decimals, so reports read well and stay stable.
pub fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}
