//! Each target's sources ranked, and the ones that add nothing left out.

use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};
use std::hash::BuildHasher;

use super::Reuse;
use super::pair::Order;
use crate::align::Derivation;
use provtrace_text::span::{self, Span};

/// Ranks each target's sources and keeps a lower-ranked source only when
/// at least half of the target text it covers is not covered by the sources
/// ranked above it. Sources rank by coverage, less `partially` for a source
/// that itself derives from another of the target's sources: a sibling that
/// copied the same original ranks above the original only when it covers
/// clearly more, by at least the least share that counts as derivation.
/// Ties go to verbatim coverage, then source id. Near-duplicate pairs are
/// always kept, and so is one other version of the target's best source,
/// published within the rewrite window of the target (`order`): the first
/// text the best source derives from, or else, of the texts wholly derived
/// from it in an order the texts alone gave (no date or credit settled
/// it), the one it covers most: which of the two is the original only
/// dates could tell. A document and its duplicates are one text here:
/// `text_of` maps each cluster member to its cluster's anchor. The result
/// is sorted by source and target.
pub fn rank<S: BuildHasher>(
    reuse: Vec<Reuse>,
    order: &[Order],
    partially: f64,
    text_of: &std::collections::HashMap<&str, &str, S>,
) -> Vec<Reuse> {
    // A text by the hash of its anchor's id: no string copied per pair (a
    // collision would cost a ranking penalty at most).
    let text = |id: &str| -> u64 { FxBuildHasher.hash_one(text_of.get(id).copied().unwrap_or(id)) };
    let derived: FxHashSet<(u64, u64)> = reuse
        .iter()
        .filter(|r| r.derivation != Derivation::None)
        .map(|r| (text(&r.source), text(&r.target)))
        .collect();
    // Wholly derived pairs that only the texts ordered, with the coverage.
    let unordered: FxHashMap<(u64, u64), f32> = reuse
        .iter()
        .zip(order)
        .filter(|(r, o)| r.derivation == Derivation::Wholly && !o.settled)
        .map(|(r, _)| ((text(&r.source), text(&r.target)), r.coverage as f32))
        .collect();
    let mut sources_of: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
    for r in &reuse {
        sources_of.entry(&r.target).or_default().push(&r.source);
    }
    let score: Vec<f64> = reuse
        .iter()
        .map(|r| {
            let source = text(&r.source);
            let copied = sources_of[r.target.as_str()].iter().any(|&other| {
                let other = text(other);
                other != source && derived.contains(&(other, source))
            });
            r.coverage - if copied { partially } else { 0.0 }
        })
        .collect();
    let mut ranked: Vec<usize> = (0..reuse.len()).collect();
    ranked.sort_by(|&a, &b| {
        let (ra, rb) = (&reuse[a], &reuse[b]);
        ra.target
            .cmp(&rb.target)
            .then(score[b].total_cmp(&score[a]))
            .then(rb.verbatim_coverage.total_cmp(&ra.verbatim_coverage))
            .then(ra.source.cmp(&rb.source))
    });
    drop((sources_of, score));
    // Another version of the best source: the first ranked that the best
    // source derives from; else, of those wholly derived from it in an
    // order the texts alone gave, the one it covers most.
    let mut version = vec![false; reuse.len()];
    for group in ranked.chunk_by(|&a, &b| reuse[a].target == reuse[b].target) {
        let best = text(&reuse[group[0]].source);
        let candidates = || {
            group[1..]
                .iter()
                .copied()
                .filter(|&i| order[i].within && reuse[i].derivation != Derivation::None)
        };
        let upstream = candidates().find(|&i| derived.contains(&(text(&reuse[i].source), best)));
        let found = upstream.or_else(|| {
            candidates()
                .filter_map(|i| {
                    unordered.get(&(best, text(&reuse[i].source))).map(|&coverage| (i, coverage))
                })
                .reduce(|a, b| if b.1 > a.1 { b } else { a })
                .map(|(i, _)| i)
        });
        if let Some(i) = found {
            version[i] = true;
        }
    }
    drop((derived, unordered));
    // Each pair's rank, 0 for a pair left out; the pairs are kept in place.
    let mut ranks = vec![0usize; reuse.len()];
    let mut covered: Vec<Span> = Vec::new();
    let mut rank = 0;
    let mut previous: Option<&str> = None;
    for i in ranked {
        let r = &reuse[i];
        if previous != Some(r.target.as_str()) {
            covered.clear();
            rank = 0;
            previous = Some(r.target.as_str());
        }
        let spans = span::merge(r.passages.iter().map(|p| p.target_span).collect());
        let total: usize = spans.iter().map(|s| s.end - s.start).sum();
        let new: usize = spans.iter().map(|&s| s.end - s.start - overlap(&covered, s)).sum();
        // The story names both the copy it is closest to and where that
        // copy came from, or, when only the texts ordered the two, the
        // other candidate for the original.
        if rank > 0 && !r.near_duplicate && new * 2 < total && !version[i] {
            continue;
        }
        rank += 1;
        ranks[i] = rank;
        covered = span::merge(covered.iter().copied().chain(spans).collect());
    }
    let mut kept = reuse;
    let mut ranks = ranks.into_iter();
    kept.retain_mut(|r| {
        r.rank = ranks.next().unwrap_or(0);
        r.rank > 0
    });
    kept.sort_by(|a, b| a.source.cmp(&b.source).then(a.target.cmp(&b.target)));
    kept
}

/// Bytes of `span` inside the sorted, merged `spans`.
pub fn overlap(spans: &[Span], span: Span) -> usize {
    spans.iter().map(|s| s.end.min(span.end).saturating_sub(s.start.max(span.start))).sum()
}
