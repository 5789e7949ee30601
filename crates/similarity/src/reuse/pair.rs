//! A candidate pair verified on its shingles, turned the way the rules
//! say, weighed by its words, and measured into a [`Reuse`].

use provtrace_common::config::Config;

use super::direction::{By, Direction, PageFacts, days_apart, direction};
use super::{Containment, Reuse};
use crate::align::{self, Side};
use crate::duplicates::{Cluster, round4};
use crate::shingle;
use crate::terms::Rarity;

/// A verified pair before alignment.
pub struct Pair {
    pub source: usize,
    pub target: usize,
    /// Shingles the two share.
    pub shared: usize,
    pub near_duplicate: bool,
    /// Found by the rewrite channel only: reported only when alignment
    /// finds the target derives something from the source.
    pub rewrite: bool,
    pub direction: Direction,
    /// The share of the target's information the source holds, and of the
    /// source's the target holds ([`Rarity::share`]); `None` without a
    /// corpus to weigh words by.
    pub term_coverage: Option<(f64, f64)>,
    /// What the dates and credits of the two say.
    pub order: Order,
}

/// What the dates and credits of a pair say.
#[derive(Clone, Copy, Debug)]
pub struct Order {
    /// Term coverage may derive the target: the two are published within
    /// `reuse.rewrite_window_days` of each other, or not both dated.
    pub within: bool,
    /// The direction was settled by dates or credits.
    pub settled: bool,
}

/// What verifying and ordering a pair reads of each document.
#[derive(Clone, Copy)]
pub struct Known<'a> {
    pub facts: &'a dyn PageFacts,
    /// Each document's sorted distinct shingles.
    pub shingles: &'a [Vec<u64>],
    /// How much of each document recurs in others
    /// ([`crate::fingerprint::Found::echoed`]); may be empty.
    pub echoed: &'a [u32],
}

/// At most this many members of a source's duplicate cluster are tried for
/// the one that covers a target best.
pub const MEMBERS_TRIED: usize = 64;

/// Verifies a candidate pair on exact shingle sets and orders it; `None`
/// when it shares too little (unless `force`).
pub fn verify((a, b): (usize, usize), force: bool, known: Known, config: &Config) -> Option<Pair> {
    let (sa, sb) = (&known.shingles[a], &known.shingles[b]);
    let shared = shingle::intersection(sa, sb);
    let smaller = sa.len().min(sb.len()).max(1);
    let enough = shared >= config.reuse.min_shared_shingles.min(smaller)
        && shared as f64 / smaller as f64 >= config.reuse.min_containment;
    if !force && !enough {
        return None;
    }
    let (source, target, direction, settled) =
        direction(a, b, shared, (sa.len(), sb.len()), known.facts, known.echoed);
    Some(Pair {
        source,
        target,
        shared,
        near_duplicate: false,
        rewrite: !enough,
        direction,
        term_coverage: None,
        order: Order { within: true, settled },
    })
}

/// Moves a pair's source to the member of its duplicate cluster that
/// shares most shingles with the target (the anchor on a tie), among those
/// that the direction rules still make the source. `cluster_of` gives each
/// document's cluster in `clusters`.
pub fn best_member(
    pair: Pair,
    cluster_of: &[Option<usize>],
    clusters: &[Cluster],
    known: Known,
    config: &Config,
) -> Pair {
    let Some(k) = cluster_of[pair.source] else { return pair };
    let target = pair.target;
    let mut best = pair;
    for &m in clusters[k].members.iter().take(MEMBERS_TRIED) {
        if m == best.source {
            continue;
        }
        let shared = shingle::intersection(&known.shingles[m], &known.shingles[target]);
        if shared <= best.shared {
            continue;
        }
        if let Some(other) = verify((m, target), true, known, config)
            && other.source == m
        {
            best = Pair { rewrite: best.rewrite && other.rewrite, ..other };
        }
    }
    best
}

/// The pair between a duplicate cluster's anchor and one of its other
/// members, turned from the cluster's origin when it has one.
pub fn within_cluster(
    cluster: &Cluster,
    member: usize,
    known: Known,
    config: &Config,
) -> Option<Pair> {
    let mut pair = verify((cluster.anchor, member), true, known, config)?;
    pair.near_duplicate = true;
    pair.rewrite = false;
    if let Some(origin) = cluster.origin {
        if pair.source != origin {
            (pair.source, pair.target) = (pair.target, pair.source);
        }
        let reason = format!("origin of {}: {}", cluster.report.id, cluster.report.origin_reason);
        pair.direction = Direction::new(By::ClusterOrigin, reason);
    }
    Some(pair)
}

/// A text that many others share material with is their common source
/// more often than one of its copies is: with nothing else to go on, the
/// side with more partners is the source. `pairs` cover `documents`.
pub fn turn_by_partners(pairs: &mut [Pair], documents: usize) {
    let mut partners = vec![0usize; documents];
    for p in pairs.iter() {
        partners[p.source] += 1;
        partners[p.target] += 1;
    }
    for p in pairs.iter_mut() {
        let (s, t) = (partners[p.source], partners[p.target]);
        if p.direction.by == By::Unknown && s != t {
            if t > s {
                (p.source, p.target) = (p.target, p.source);
            }
            let reason = format!(
                "the source shares material with more documents ({} against {})",
                s.max(t),
                s.min(t)
            );
            p.direction = Direction::new(By::Partners, reason);
        }
    }
}

/// What each side's words tell that the other holds, both ways (the
/// direction may still turn on coverage), and whether the two are
/// published within `window_days` of each other (0: no window).
pub fn weigh_words(
    pair: &mut Pair,
    rarity: &Rarity,
    vocabularies: &[Vec<u32>],
    facts: &dyn PageFacts,
    window_days: u32,
) {
    let (s, t) = (&vocabularies[pair.source], &vocabularies[pair.target]);
    pair.term_coverage = Some((rarity.share(s, t), rarity.share(t, s)));
    let window = i64::from(window_days);
    pair.order.within = window == 0
        || days_apart(facts.date(pair.source), facts.date(pair.target))
            .is_none_or(|days| days <= window);
}

/// Whether a pair is aligned as it is, or its target's sentences must
/// first show they could derive from the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// Aligned: its words already reach `partially`, or it was found by
    /// shared passages.
    Align,
    /// A rewrite candidate: checked on its target's sentences, and, when
    /// its direction is unknown, on its source's too.
    Derives { both_ways: bool },
}

/// What a pair needs before it is aligned; `partially_terms` is the term
/// coverage that counts as partial derivation.
pub fn check(pair: &Pair, partially_terms: f64) -> Check {
    let unknown = pair.direction.by == By::Unknown;
    let (held, holds) = pair.term_coverage.unwrap_or_default();
    let reaches = held >= partially_terms || (unknown && holds >= partially_terms);
    if !pair.rewrite || (pair.order.within && reaches) {
        Check::Align
    } else {
        Check::Derives { both_ways: unknown }
    }
}

/// Measures and aligns a verified pair: `sides` are its source and
/// target, `ids` their ids, `shingles` every document's.
pub fn measure(
    pair: Pair,
    sides: (&Side, &Side),
    ids: (&str, &str),
    shingles: &[Vec<u64>],
    config: &Config,
) -> Reuse {
    let Pair { source, target, shared, near_duplicate, direction, term_coverage, order, .. } = pair;
    let (s, t) = (&shingles[source], &shingles[target]);
    let union = s.len() + t.len() - shared;
    let term_coverage = term_coverage.map(|(held, _)| held);
    // Outside the window the words still show, and derive nothing.
    let counted = term_coverage.map(|t| if order.within { t } else { 0.0 });
    let alignment = align::align(sides.0, sides.1, counted, config.shingle.k, &config.align);
    Reuse {
        source: ids.0.to_string(),
        target: ids.1.to_string(),
        jaccard: round4(shared as f64 / union.max(1) as f64),
        containment: Containment {
            source_in_target: round4(shared as f64 / s.len().max(1) as f64),
            target_in_source: round4(shared as f64 / t.len().max(1) as f64),
        },
        shared_shingles: shared,
        coverage: round4(alignment.coverage),
        verbatim_coverage: round4(alignment.verbatim_coverage),
        term_coverage: term_coverage.map(round4),
        derivation: alignment.derivation,
        direction_reason: direction.reason,
        near_duplicate,
        source_cluster: None,
        rank: 1,
        passages: alignment
            .passages
            .into_iter()
            .map(|mut p| {
                p.similarity = round4(p.similarity);
                p
            })
            .collect(),
    }
}

/// The same pair the other way round, for a direction nothing settled:
/// [`by_coverage`] keeps whichever way builds more of its target.
pub fn reversed(pair: &Pair) -> Pair {
    Pair {
        source: pair.target,
        target: pair.source,
        direction: Direction::new(By::Unknown, String::new()),
        term_coverage: pair.term_coverage.map(|(held, holds)| (holds, held)),
        ..*pair
    }
}

/// Of a pair measured both ways, the way that builds more of its target;
/// `true` when that is `other`. Neither date, credit, echo nor shared
/// shingles told.
pub fn by_coverage(reuse: Reuse, other: Reuse) -> (Reuse, bool) {
    if other.coverage <= reuse.coverage {
        return (reuse, false);
    }
    let worse = reuse.coverage;
    let mut reuse = other;
    reuse.direction_reason = format!(
        "coverage: {:.0}% of the target is built from the source, {:.0}% the other way",
        reuse.coverage * 100.0,
        worse * 100.0
    );
    (reuse, true)
}
