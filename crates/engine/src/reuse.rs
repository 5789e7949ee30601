//! Reuse between documents: candidate pairs verified, directed, measured
//! (passages, coverage, derivation) and ranked for each target.

use rayon::prelude::*;

use provtrace_common::config::Config;
use provtrace_ingest::ingest::Document;
use provtrace_similarity::align::{self, Side};
use provtrace_similarity::fingerprint;
use provtrace_text::normalize;

use crate::Rayon;
use crate::document::{Analysed, Content, credits, date_of, days_apart, outlet_of, outside};
use crate::near::Cluster;
use provtrace_common::progress::{Progress, Stage};
use provtrace_report::{Containment, Reuse, round4};
use provtrace_similarity::shingle;
use provtrace_similarity::terms;
use provtrace_text::span::{self, Span};

/// What decided which of two documents is the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum By {
    /// The earlier publication date.
    Date,
    /// One credits the other's outlet.
    Credit,
    /// The source's passages recur more in other documents.
    Echo,
    /// The target is mostly made of the source.
    Containment,
    /// The origin of their duplicate cluster.
    ClusterOrigin,
    /// The source shares material with more documents.
    Partners,
    /// The user said which is the source (`compare --as-given`).
    Given,
    /// Nothing yet: the texts are weighed again (coverage both ways).
    Unknown,
}

/// Which way a pair points: what decided it, and the reason as the report
/// says it.
pub(crate) struct Direction {
    pub(crate) by: By,
    pub(crate) reason: String,
}

impl Direction {
    pub(crate) fn new(by: By, reason: String) -> Direction {
        Direction { by, reason }
    }
}

/// Which of two documents is the source, why, and whether dates or credits
/// settled it (the other reasons weigh the texts alone).
pub(crate) fn direction(
    a: usize,
    b: usize,
    shared: usize,
    sizes: (usize, usize),
    analysed: &[Analysed],
    echoed: &[u32],
) -> (usize, usize, Direction, bool) {
    if let (Some(da), Some(db)) = (date_of(&analysed[a]), date_of(&analysed[b]))
        && da != db
    {
        let (s, t, ds, dt) = if da < db { (a, b, da, db) } else { (b, a, db, da) };
        let reason = format!("published earlier ({ds} before {dt})");
        return (s, t, Direction::new(By::Date, reason), true);
    }
    let a_credits_b = outlet_of(&analysed[b]).is_some_and(|o| credits(&analysed[a], o));
    let b_credits_a = outlet_of(&analysed[a]).is_some_and(|o| credits(&analysed[b], o));
    if a_credits_b != b_credits_a {
        let (s, t) = if b_credits_a { (a, b) } else { (b, a) };
        let outlet = outlet_of(&analysed[s]).unwrap_or_default();
        let reason = format!("the target credits the source's outlet ({outlet})");
        return (s, t, Direction::new(By::Credit, reason), true);
    }
    // A source's text recurs in its other copies; a copy's own additions
    // recur nowhere, and what it took recurs no more than the source it
    // took it from. What the two share counts for both alike.
    let (ea, eb) = (echoed.get(a).copied().unwrap_or(0), echoed.get(b).copied().unwrap_or(0));
    if ea.max(eb) >= 4 * ea.min(eb) / 3 + 2 {
        let (s, t, es, et) = if ea > eb { (a, b, ea, eb) } else { (b, a, eb, ea) };
        return (
            s,
            t,
            Direction::new(
                By::Echo,
                format!(
                    "echo: the source's passages recur {es} times in other documents, the target's {et}"
                ),
            ),
            false,
        );
    }
    let a_in_b = shared as f64 / sizes.0.max(1) as f64;
    let b_in_a = shared as f64 / sizes.1.max(1) as f64;
    if (a_in_b - b_in_a).abs() >= 0.1 {
        // The copy is the side mostly made of the other.
        let (s, t, t_in_s, s_in_t) =
            if a_in_b > b_in_a { (b, a, a_in_b, b_in_a) } else { (a, b, b_in_a, a_in_b) };
        return (
            s,
            t,
            Direction::new(
                By::Containment,
                format!(
                    "containment: {:.0}% of the target lies in the source, {:.0}% of the source in the target",
                    t_in_s * 100.0,
                    s_in_t * 100.0
                ),
            ),
            false,
        );
    }
    let dates = match (date_of(&analysed[a]), date_of(&analysed[b])) {
        (Some(_), Some(_)) => "both dated the same day",
        (Some(_), None) | (None, Some(_)) => "only one is dated",
        (None, None) => "neither is dated",
    };
    (
        a.min(b),
        a.max(b),
        Direction::new(
            By::Unknown,
            format!("unknown: {dates}, neither credits the other, and containment is symmetric"),
        ),
        false,
    )
}

/// A verified pair before alignment.
pub(crate) struct Pair {
    pub(crate) source: usize,
    pub(crate) target: usize,
    /// Shingles the two share.
    pub(crate) shared: usize,
    pub(crate) near_duplicate: bool,
    /// Found by the rewrite channel only: reported only when alignment
    /// finds the target derives something from the source.
    pub(crate) rewrite: bool,
    pub(crate) direction: Direction,
    /// The share of the target's information the source holds, and of the
    /// source's the target holds ([`terms::Rarity::share`]); `None` without
    /// a corpus to weigh words by.
    pub(crate) term_coverage: Option<(f64, f64)>,
    /// What the dates and credits of the two say.
    pub(crate) order: Order,
}

/// Verifies a candidate pair on exact shingle sets and orders it; `None`
/// when it shares too little (unless `force`).
pub(crate) fn verify(
    (a, b): (usize, usize),
    force: bool,
    (analysed, shingles, echoed): (&[Analysed], &[Vec<u64>], &[u32]),
    config: &Config,
) -> Option<Pair> {
    let (sa, sb) = (&shingles[a], &shingles[b]);
    let shared = shingle::intersection(sa, sb);
    let smaller = sa.len().min(sb.len()).max(1);
    let enough = shared >= config.reuse.min_shared_shingles.min(smaller)
        && shared as f64 / smaller as f64 >= config.reuse.min_containment;
    if !force && !enough {
        return None;
    }
    let (source, target, direction, settled) =
        direction(a, b, shared, (sa.len(), sb.len()), analysed, echoed);
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

/// Measures and aligns a verified pair.
pub(crate) fn measure(
    pair: Pair,
    docs: &[Document],
    content: &[Content],
    shingles: &[Vec<u64>],
    config: &Config,
) -> Reuse {
    let Pair { source, target, shared, near_duplicate, direction, term_coverage, order, .. } = pair;
    let (s, t) = (&shingles[source], &shingles[target]);
    let union = s.len() + t.len() - shared;
    let tokens = |i: usize| outside(&normalize::tokens(&docs[i].text), &content[i].excluded);
    let (source_tokens, target_tokens) = (tokens(source), tokens(target));
    let side =
        |i: usize, tokens| Side { text: &docs[i].text, tokens, sentences: &content[i].sentences };
    let term_coverage = term_coverage.map(|(held, _)| held);
    // Outside the window the words still show, and derive nothing.
    let counted = term_coverage.map(|t| if order.within { t } else { 0.0 });
    let alignment = align::align(
        &side(source, &source_tokens),
        &side(target, &target_tokens),
        counted,
        config.shingle.k,
        &config.align,
    );
    Reuse {
        source: docs[source].id.clone(),
        target: docs[target].id.clone(),
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

/// Per-document lists taken out of the content for the reuse stage, each
/// dropped once it is no longer needed.
pub(crate) struct Gathered {
    pub(crate) shingles: Vec<Vec<u64>>,
    pub(crate) fingerprints: Vec<Vec<u64>>,
    pub(crate) vocabularies: Vec<Vec<u32>>,
}

/// At most this many members of a source's duplicate cluster are tried for
/// the one that covers a target best.
pub(crate) const MEMBERS_TRIED: usize = 64;

/// Reuse pairs: between cluster representatives, found by shared
/// fingerprints (verbatim passages) or shared rare words (rewrites), with
/// the source moved to the member of its duplicate cluster that shares most
/// with the target; and between each cluster's anchor and its members. Each
/// target's sources are ranked by coverage; a lower-ranked one is kept only
/// when most of what it covers is not covered by a better one (a story built
/// from several versions lists each; a sibling copied from the same source
/// is not a source).
pub(crate) fn reuse(
    docs: &[Document],
    analysed: &[Analysed],
    content: &[Content],
    gathered: Gathered,
    clusters: &[Cluster],
    config: &Config,
    progress: &dyn Progress,
) -> Vec<Reuse> {
    let stage = Stage::begin(progress, "reuse candidates", "pairs", 0);
    let Gathered { shingles, mut fingerprints, vocabularies } = gathered;
    let mut cluster_of: Vec<Option<usize>> = vec![None; docs.len()];
    for (k, cluster) in clusters.iter().enumerate() {
        for &m in &cluster.members {
            cluster_of[m] = Some(k);
        }
    }
    let representatives: Vec<usize> = (0..docs.len())
        .filter(|&i| {
            cluster_of[i].is_none_or(|k| clusters[k].anchor == i) && !shingles[i].is_empty()
        })
        .collect();
    let max_df = match config.reuse.max_document_frequency {
        // A phrase in 1% of a large corpus is a stock phrase; past a
        // thousand documents its pairs would grow as the square of the
        // corpus.
        0 => (docs.len() / 100).clamp(50, 1000),
        n => n,
    };
    let fingerprint::Found { pairs: verbatim, echoed: echoed_representatives } =
        fingerprint::candidate_pairs(
            representatives.iter().map(|&i| std::mem::take(&mut fingerprints[i])).collect(),
            max_df,
            2,
        );
    drop(fingerprints);
    // A cluster's members are echoed as its anchor is.
    let mut echoed = vec![0; docs.len()];
    for (&i, &e) in representatives.iter().zip(&echoed_representatives) {
        echoed[i] = e;
    }
    for cluster in clusters {
        for &m in &cluster.members {
            echoed[m] = echoed[cluster.anchor];
        }
    }
    let facts = (analysed, shingles.as_slice(), echoed.as_slice());
    let limits = terms::Limits {
        max_document_frequency: max_df,
        terms_per_document: config.reuse.rewrite_terms,
        candidates_per_document: config.reuse.rewrite_candidates,
        min_shared_terms: config.reuse.rewrite_min_shared_terms,
        min_share: config.reuse.rewrite_min_share,
    };
    let words: Vec<&[u32]> = representatives.iter().map(|&i| vocabularies[i].as_slice()).collect();
    let rarity = terms::Rarity::new(&words);
    let rewrite = if limits.candidates_per_document == 0 {
        Vec::new()
    } else {
        let rare = terms::rare_terms(&words, &rarity, &limits, &Rayon);
        terms::candidate_pairs(&rare, &limits, &Rayon)
    };
    drop(words);
    let mut candidates: Vec<(u32, u32, bool)> = verbatim
        .into_iter()
        .map(|(a, b, _)| (a, b, false))
        .chain(rewrite.into_iter().map(|(a, b)| (a, b, true)))
        .collect();
    candidates.par_sort_unstable();
    candidates.dedup_by(|later, kept| {
        let same = (later.0, later.1) == (kept.0, kept.1);
        kept.2 |= same && later.2;
        same
    });
    stage.resize(candidates.len() as u64);
    let mut pairs: Vec<Pair> = candidates
        .par_iter()
        .filter_map(|&(x, y, rewrite)| {
            let (a, b) = (representatives[x as usize], representatives[y as usize]);
            stage.advance(1);
            let pair = verify((a, b), rewrite, facts, config)?;
            Some(best_member(pair, &cluster_of, clusters, facts, config))
        })
        .collect();
    stage.end();
    for (k, cluster) in clusters.iter().enumerate() {
        let anchor = cluster.anchor;
        for &m in cluster.members.iter().filter(|&&m| m != anchor) {
            let Some(mut pair) = verify((anchor, m), true, facts, config) else {
                continue;
            };
            pair.near_duplicate = true;
            pair.rewrite = false;
            if let Some(origin) = cluster.origin {
                if pair.source != origin {
                    (pair.source, pair.target) = (pair.target, pair.source);
                }
                pair.direction = Direction::new(
                    By::ClusterOrigin,
                    format!(
                        "origin of {}: {}",
                        clusters[k].report.id, cluster.report.origin_reason
                    ),
                );
            }
            pairs.push(pair);
        }
    }
    pairs.sort_by_key(|p| (p.source, p.target));
    pairs.dedup_by_key(|p| (p.source, p.target));
    // A text that many others share material with is their common source
    // more often than one of its copies is: with nothing else to go on, the
    // side with more partners is the source.
    let mut partners = vec![0usize; docs.len()];
    for p in &pairs {
        partners[p.source] += 1;
        partners[p.target] += 1;
    }
    for p in &mut pairs {
        let (s, t) = (partners[p.source], partners[p.target]);
        if p.direction.by == By::Unknown && s != t {
            if t > s {
                (p.source, p.target) = (p.target, p.source);
            }
            p.direction = Direction::new(
                By::Partners,
                format!(
                    "the source shares material with more documents ({} against {})",
                    s.max(t),
                    s.min(t)
                ),
            );
        }
    }
    // What each side's words tell that the other holds, both ways: the
    // direction may still turn on coverage.
    let window = i64::from(config.reuse.rewrite_window_days);
    pairs.par_iter_mut().for_each(|p| {
        let (s, t) = (&vocabularies[p.source], &vocabularies[p.target]);
        p.term_coverage = Some((rarity.share(s, t), rarity.share(t, s)));
        p.order.within = window == 0
            || days_apart(date_of(&analysed[p.source]), date_of(&analysed[p.target]))
                .is_none_or(|days| days <= window);
    });
    drop(rarity);
    let partially_terms = config.align.partially_terms;
    // A rewrite candidate that cannot reach `partially` either way is not
    // aligned. Each target's sentences are summarised once for all its
    // candidate sources.
    let mut checks: Vec<(usize, usize, usize)> = Vec::new();
    let mut keep = vec![false; pairs.len()];
    for (i, p) in pairs.iter().enumerate() {
        let unknown = p.direction.by == By::Unknown;
        let (held, holds) = p.term_coverage.unwrap_or_default();
        if p.order.within && (held >= partially_terms || (unknown && holds >= partially_terms)) {
            keep[i] = true;
        } else if p.rewrite {
            checks.push((p.target, p.source, i));
            if unknown {
                checks.push((p.source, p.target, i));
            }
        }
    }
    checks.par_sort_unstable();
    let passed: Vec<usize> = checks
        .par_chunk_by(|a, b| a.0 == b.0)
        .flat_map_iter(|group| {
            let t = group[0].0;
            let summary = align::TargetSummary::new(&docs[t].text, &content[t].sentences);
            let k = config.shingle.k;
            group
                .iter()
                .filter(|&&(_, s, i)| {
                    summary.could_derive(&vocabularies[s], (pairs[i].shared, k), &config.align)
                })
                .map(|&(_, _, i)| i)
                .collect::<Vec<usize>>()
        })
        .collect();
    for i in passed {
        keep[i] = true;
    }
    let pairs: Vec<Pair> = pairs
        .into_iter()
        .zip(keep)
        .filter(|(p, keep)| !p.rewrite || *keep)
        .map(|(p, _)| p)
        .collect();
    drop(vocabularies);
    let stage = Stage::begin(progress, "aligning", "pairs", pairs.len() as u64);
    let measured: Vec<(bool, Order, Reuse)> = pairs
        .into_par_iter()
        .map(|pair| {
            stage.advance(1);
            let rewrite = pair.rewrite;
            let order = pair.order;
            let near_duplicate = pair.near_duplicate;
            let cluster_of_source = |source: usize| {
                cluster_of[source]
                    .filter(|&k| clusters[k].members.len() > 1 && !near_duplicate)
                    .map(|k| clusters[k].report.id.clone())
            };
            let mut cluster = cluster_of_source(pair.source);
            let unknown = pair.direction.by == By::Unknown;
            let swapped = unknown.then(|| Pair {
                source: pair.target,
                target: pair.source,
                direction: Direction::new(By::Unknown, String::new()),
                term_coverage: pair.term_coverage.map(|(held, holds)| (holds, held)),
                ..pair
            });
            let mut reuse = measure(pair, docs, content, &shingles, config);
            if let Some(swapped) = swapped {
                // Neither date, credit, echo nor shared shingles tell: the
                // target is the side the other builds more of.
                let source = swapped.source;
                let other = measure(swapped, docs, content, &shingles, config);
                if other.coverage > reuse.coverage {
                    let worse = reuse.coverage;
                    reuse = other;
                    reuse.direction_reason = format!(
                        "coverage: {:.0}% of the target is built from the source, {:.0}% the other way",
                        reuse.coverage * 100.0,
                        worse * 100.0
                    );
                    cluster = cluster_of_source(source);
                }
            }
            reuse.source_cluster = cluster;
            (rewrite, order, reuse)
        })
        .filter(|(rewrite, _, r)| !rewrite || r.derivation != align::Derivation::None)
        .collect();
    stage.end();
    // Freed here rather than held to the end of the run.
    drop(shingles);
    // A document stands for its duplicate cluster when sources are ranked.
    let text_of: rustc_hash::FxHashMap<&str, &str> = clusters
        .iter()
        .flat_map(|c| c.members.iter().map(|&m| (docs[m].id.as_str(), docs[c.anchor].id.as_str())))
        .collect();
    let (order, measured): (Vec<Order>, Vec<Reuse>) =
        measured.into_iter().map(|(_, order, r)| (order, r)).unzip();
    rank(measured, &order, config.align.partially, &text_of)
}

/// Moves a pair's source to the member of its duplicate cluster that
/// shares most shingles with the target (the anchor on a tie), among those
/// that the direction rules still make the source.
pub(crate) fn best_member(
    pair: Pair,
    cluster_of: &[Option<usize>],
    clusters: &[Cluster],
    facts: (&[Analysed], &[Vec<u64>], &[u32]),
    config: &Config,
) -> Pair {
    let shingles = facts.1;
    let Some(k) = cluster_of[pair.source] else { return pair };
    let target = pair.target;
    let mut best = pair;
    for &m in clusters[k].members.iter().take(MEMBERS_TRIED) {
        if m == best.source {
            continue;
        }
        let shared = shingle::intersection(&shingles[m], &shingles[target]);
        if shared <= best.shared {
            continue;
        }
        if let Some(other) = verify((m, target), true, facts, config)
            && other.source == m
        {
            best = Pair { rewrite: best.rewrite && other.rewrite, ..other };
        }
    }
    best
}

/// What the dates and credits of a pair say.
#[derive(Clone, Copy)]
pub(crate) struct Order {
    /// Term coverage may derive the target: the two are published within
    /// `reuse.rewrite_window_days` of each other, or not both dated.
    pub(crate) within: bool,
    /// The direction was settled by dates or credits.
    pub(crate) settled: bool,
}

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
pub(crate) fn rank(
    reuse: Vec<Reuse>,
    order: &[Order],
    partially: f64,
    text_of: &rustc_hash::FxHashMap<&str, &str>,
) -> Vec<Reuse> {
    use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};
    use std::hash::BuildHasher;
    // A text by the hash of its anchor's id: no string copied per pair (a
    // collision would cost a ranking penalty at most).
    let text = |id: &str| -> u64 { FxBuildHasher.hash_one(text_of.get(id).copied().unwrap_or(id)) };
    let derived: FxHashSet<(u64, u64)> = reuse
        .iter()
        .filter(|r| r.derivation != align::Derivation::None)
        .map(|r| (text(&r.source), text(&r.target)))
        .collect();
    // Wholly derived pairs that only the texts ordered, with the coverage.
    let unordered: FxHashMap<(u64, u64), f32> = reuse
        .iter()
        .zip(order)
        .filter(|(r, o)| r.derivation == align::Derivation::Wholly && !o.settled)
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
                .filter(|&i| order[i].within && reuse[i].derivation != align::Derivation::None)
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
pub(crate) fn overlap(spans: &[Span], span: Span) -> usize {
    spans.iter().map(|s| s.end.min(span.end).saturating_sub(s.start.max(span.start))).sum()
}
