//! Near-duplicate clusters and the rows and pairs `dedup` lists, as both
//! `analyze` and `dedup` make them.

use std::fmt::Write;

use petgraph::unionfind::UnionFind;
use rustc_hash::FxHashMap as HashMap;
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

/// What choosing an origin needs to know of a document.
pub struct Facts<'a> {
    pub id: &'a str,
    pub date: Option<&'a str>,
    pub outlet: Option<&'a str>,
    /// The outlets it credits.
    pub credits: Vec<&'a str>,
    /// Where it was published, and the original it says it republishes
    /// (a web page's canonical link to another site).
    pub url: Option<&'a str>,
    pub original: Option<&'a str>,
}

impl Facts<'_> {
    /// It credits `outlet`.
    pub fn credits(&self, outlet: &str) -> bool {
        self.credits.contains(&outlet)
    }
}

/// A cluster's origin as chosen: the member, what chose it, and why in
/// words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chosen {
    /// A position in the members; `None` when unknown.
    pub member: Option<usize>,
    pub by: ChosenBy,
    pub reason: String,
}

/// What chose a cluster's origin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChosenBy {
    /// The only member with the earliest date.
    Date,
    /// The only one (of the earliest, if dated) that the others declare
    /// they republish (its URL is their original).
    Declared,
    /// The only one (of the earliest, if dated) whose outlet the others
    /// credit.
    Credit,
    /// Nothing: the origin is unknown.
    Unknown,
}

/// The origin of a cluster, as a position in `members`: the earliest dated
/// member; among equally early ones (or when none is dated), the one the
/// others declare as their original, else the one whose outlet the others
/// credit; else unknown, said as such.
pub fn choose_origin(members: &[Facts]) -> Chosen {
    let all = 0..members.len();
    let earliest = members.iter().filter_map(|m| m.date).min();
    let mut candidates: Vec<usize> = all.clone().collect();
    let mut because = String::new();
    if let Some(earliest) = earliest {
        candidates.retain(|&m| members[m].date == Some(earliest));
        let undated = members.iter().filter(|m| m.date.is_none()).count();
        because = format!("earliest published date ({earliest})");
        if undated > 0 {
            let _ = write!(because, "; {undated} member(s) undated");
        }
        if let [only] = candidates[..] {
            return Chosen { member: Some(only), by: ChosenBy::Date, reason: because };
        }
        let _ = write!(because, ", shared by {} members; ", candidates.len());
    }
    let declared_by = |c: usize| -> Vec<&str> {
        let Some(url) = members[c].url.map(same_url) else { return Vec::new() };
        all.clone()
            .filter(|&m| m != c && members[m].original.map(same_url).as_ref() == Some(&url))
            .map(|m| members[m].id)
            .collect()
    };
    let declared: Vec<usize> =
        candidates.iter().copied().filter(|&c| !declared_by(c).is_empty()).collect();
    if let [only] = declared[..] {
        let url = members[only].url.unwrap_or_default();
        let reason = format!(
            "{because}the other members declare it their original ({url}): {}",
            declared_by(only).join(", ")
        );
        return Chosen { member: Some(only), by: ChosenBy::Declared, reason };
    }
    let credited_by = |c: usize, outlet: &str| -> Vec<&str> {
        all.clone()
            .filter(|&m| m != c && members[m].credits(outlet))
            .map(|m| members[m].id)
            .collect()
    };
    let credited: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|&c| members[c].outlet.is_some_and(|o| !credited_by(c, o).is_empty()))
        .collect();
    if let [only] = credited[..] {
        let outlet = members[only].outlet.unwrap_or_default();
        let by = credited_by(only, outlet);
        let reason =
            format!("{because}the other members credit its outlet ({outlet}): {}", by.join(", "));
        return Chosen { member: Some(only), by: ChosenBy::Credit, reason };
    }
    let why = if earliest.is_some() {
        format!("unknown: {because}none of them is credited by the others")
    } else {
        "unknown: no member has a date, and none is credited by the others".to_string()
    };
    Chosen { member: None, by: ChosenBy::Unknown, reason: why }
}

/// A URL as compared with another: without its scheme, `www.`, query,
/// fragment and trailing slash, in lower case.
fn same_url(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    rest.trim_end_matches('/').to_ascii_lowercase()
}

/// The groups of `0..n` that `unions` join, two or more members each, each
/// in ascending order, ordered by their first member.
pub fn components(n: usize, unions: impl IntoIterator<Item = (usize, usize)>) -> Vec<Vec<usize>> {
    let mut sets = UnionFind::<usize>::new(n);
    for (a, b) in unions {
        sets.union(a, b);
    }
    let mut groups: Vec<(usize, usize)> = (0..n).map(|i| (sets.find(i), i)).collect();
    groups.sort_unstable();
    let mut members: Vec<Vec<usize>> = groups
        .chunk_by(|x, y| x.0 == y.0)
        .filter(|g| g.len() > 1)
        .map(|g| g.iter().map(|&(_, i)| i).collect())
        .collect();
    members.sort_by_key(|m| m[0]);
    members
}

/// The report of duplicate cluster `k` (`dup-{k+1}`): its origin (a
/// document of `members`) chosen from `facts` (one per member), and each
/// other member's Jaccard similarity with the origin, else the first member.
pub fn duplicate_cluster(
    k: usize,
    members: &[usize],
    facts: &[Facts],
    jaccard: impl Fn(usize, usize) -> f64,
) -> (Option<usize>, DuplicateCluster) {
    let Chosen { member: origin, reason: origin_reason, .. } = choose_origin(facts);
    let anchor = origin.unwrap_or(0);
    let member_jaccard: Vec<MemberJaccard> = members
        .iter()
        .zip(facts)
        .enumerate()
        .filter(|&(i, _)| i != anchor)
        .map(|(_, (&m, f))| MemberJaccard {
            doc: f.id.to_string(),
            jaccard: round4(jaccard(members[anchor], m)),
        })
        .collect();
    let jaccard_min = member_jaccard.iter().map(|m| m.jaccard).fold(1.0, f64::min);
    let report = DuplicateCluster {
        id: format!("dup-{}", k + 1),
        members: facts.iter().map(|f| f.id.to_string()).collect(),
        origin: origin.map(|o| facts[o].id.to_string()),
        origin_reason,
        jaccard_min,
        member_jaccard,
    };
    (origin.map(|o| members[o]), report)
}

/// A duplicate cluster of a corpus, its members as document indices.
pub struct Cluster {
    pub members: Vec<usize>,
    pub origin: Option<usize>,
    /// The member that stands for the cluster: the origin; when it is
    /// unknown, the member with the most content, which the others are most
    /// likely cut from (the first such). Only the origin is reported as one.
    pub anchor: usize,
    pub report: DuplicateCluster,
}

impl Cluster {
    /// Cluster `k` of `members` ([`duplicate_cluster`]), with `size` the
    /// amount of content of a document, for the anchor.
    pub fn new(
        k: usize,
        members: Vec<usize>,
        facts: &[Facts],
        jaccard: impl Fn(usize, usize) -> f64,
        size: impl Fn(usize) -> usize,
    ) -> Cluster {
        let (origin, report) = duplicate_cluster(k, &members, facts, jaccard);
        // The first of the members with the most content.
        let anchor = origin.unwrap_or_else(|| {
            let most = members.iter().copied().rev().max_by_key(|&m| size(m));
            most.unwrap_or(members[0])
        });
        Cluster { members, origin, anchor, report }
    }
}

/// Component `k` resolved: its cluster (origin chosen from `facts`, one per
/// member) and each member's row of the keep/drop list, in member order.
/// The origin, else the first member, is kept; every other member is
/// dropped as a duplicate of it, with its Jaccard similarity.
pub fn resolve_component(
    k: usize,
    members: &[usize],
    facts: &[Facts],
    jaccard: impl Fn(usize, usize) -> f64,
) -> (DuplicateCluster, Vec<DedupRow>) {
    let (origin, cluster) = duplicate_cluster(k, members, facts, jaccard);
    let anchor = origin.unwrap_or(members[0]);
    let anchor_id = &facts[members.iter().position(|&m| m == anchor).unwrap_or(0)].id;
    let mut others = cluster.member_jaccard.iter();
    let rows = members
        .iter()
        .zip(facts)
        .map(|(&m, f)| {
            let kept = m == anchor;
            DedupRow {
                id: f.id.to_string(),
                cluster: Some(cluster.id.clone()),
                keep: kept,
                duplicate_of: (!kept).then(|| anchor_id.to_string()),
                jaccard: if kept { None } else { others.next().map(|j| j.jaccard) },
            }
        })
        .collect();
    (cluster, rows)
}

/// Clusters of at most this many distinct texts have every pair verified
/// when pairs are asked for; larger ones report the pairs LSH proposed.
pub const MAX_PAIRED_TEXTS: usize = 256;

/// Every pair `(a, b, jaccard)` of one component's `members` (ascending)
/// at or above `threshold`, `a` before `b`: copies of one text
/// (`copy_of[m]`, the first document with its text) pair at 1.0; distinct
/// texts pair as `verified` (keyed by the two texts, smaller first) or, in a
/// component of at most [`MAX_PAIRED_TEXTS`] texts, as `jaccard` finds them.
pub fn component_pairs<S: std::hash::BuildHasher>(
    members: &[usize],
    copy_of: &[u32],
    verified: &std::collections::HashMap<(usize, usize), f64, S>,
    threshold: f64,
    jaccard: impl Fn(usize, usize) -> f64,
) -> Vec<(usize, usize, f64)> {
    let mut texts: Vec<usize> = members.iter().map(|&m| copy_of[m] as usize).collect();
    texts.sort_unstable();
    texts.dedup();
    let mut similar: HashMap<(usize, usize), f64> = HashMap::default();
    if texts.len() <= MAX_PAIRED_TEXTS {
        for (i, &a) in texts.iter().enumerate() {
            for &b in &texts[i + 1..] {
                let j = verified.get(&(a, b)).copied().unwrap_or_else(|| jaccard(a, b));
                if j >= threshold {
                    similar.insert((a, b), j);
                }
            }
        }
    } else {
        similar.extend(verified.iter().filter(|(k, _)| texts.binary_search(&k.0).is_ok()));
    }
    let mut out = Vec::new();
    for (i, &a) in members.iter().enumerate() {
        for &b in &members[i + 1..] {
            let (ta, tb) = (copy_of[a] as usize, copy_of[b] as usize);
            let j =
                if ta == tb { Some(1.0) } else { similar.get(&(ta.min(tb), ta.max(tb))).copied() };
            out.extend(j.map(|j| (a, b, j)));
        }
    }
    out
}
