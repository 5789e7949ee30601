//! Reuse between documents, run on all cores: candidate pairs from shared
//! passages and shared rare words, verified, turned, weighed, aligned and
//! ranked by the rules of [`provtrace_similarity::reuse`].

use rayon::prelude::*;

use provtrace_common::config::Config;
use provtrace_common::progress::{Progress, Stage};
use provtrace_ingest::ingest::Document;
use provtrace_similarity::align::{self, Side};
use provtrace_similarity::duplicates::Cluster;
use provtrace_similarity::fingerprint;
use provtrace_similarity::reuse::{self as rules, Check, Known, Pair, Reuse};
use provtrace_similarity::terms;
use provtrace_text::normalize;

use crate::Rayon;
use crate::document::{Analysed, Content, Pages, outside};
use crate::wide::Wide;

/// Per-document lists taken out of the content for the reuse stage, each
/// dropped once it is no longer needed.
pub(crate) struct Gathered {
    pub(crate) shingles: Vec<Vec<u64>>,
    pub(crate) fingerprints: Vec<Vec<u64>>,
    pub(crate) vocabularies: Vec<Vec<u32>>,
}

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
    (config, wide): (&Config, Option<&Wide>),
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
        0 => (wide.map_or(docs.len(), |w| w.documents) / 100).clamp(50, 1000),
        n => n,
    };
    let frequency = |f: u64| wide?.fingerprint_frequency.get(&f).map(|&n| n as usize);
    let fingerprint::Found { pairs: verbatim, echoed: echoed_representatives } =
        fingerprint::candidate_pairs_within(
            representatives.iter().map(|&i| std::mem::take(&mut fingerprints[i])).collect(),
            max_df,
            2,
            wide.is_some().then_some(&frequency as &dyn Fn(u64) -> Option<usize>),
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
    let pages = Pages(analysed);
    let known = Known { facts: &pages, shingles: &shingles, echoed: &echoed };
    let limits = terms::Limits {
        max_document_frequency: max_df,
        terms_per_document: config.reuse.rewrite_terms,
        candidates_per_document: config.reuse.rewrite_candidates,
        min_shared_terms: config.reuse.rewrite_min_shared_terms,
        min_share: config.reuse.rewrite_min_share,
    };
    let words: Vec<&[u32]> = representatives.iter().map(|&i| vocabularies[i].as_slice()).collect();
    let rarity = match wide {
        Some(w) => terms::Rarity::from_frequencies(w.term_frequency.clone(), w.counted, w.terms),
        None => terms::Rarity::new(&words),
    };
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
            let pair = rules::pair::verify((a, b), rewrite, known, config)?;
            Some(rules::pair::best_member(pair, &cluster_of, clusters, known, config))
        })
        .collect();
    stage.end();
    for cluster in clusters {
        let others = cluster.members.iter().filter(|&&m| m != cluster.anchor);
        pairs
            .extend(others.filter_map(|&m| rules::pair::within_cluster(cluster, m, known, config)));
    }
    pairs.sort_by_key(|p| (p.source, p.target));
    pairs.dedup_by_key(|p| (p.source, p.target));
    rules::pair::turn_by_partners(&mut pairs, docs.len());
    let window = config.reuse.rewrite_window_days;
    pairs.par_iter_mut().for_each(|p| {
        rules::pair::weigh_words(p, &rarity, &vocabularies, &pages, window);
    });
    drop(rarity);
    // A rewrite candidate that cannot reach `partially` either way is not
    // aligned. Each target's sentences are summarised once for all its
    // candidate sources.
    let mut checks: Vec<(usize, usize, usize)> = Vec::new();
    let mut keep = vec![false; pairs.len()];
    for (i, p) in pairs.iter().enumerate() {
        match rules::pair::check(p, config.align.partially_terms) {
            Check::Align => keep[i] = true,
            Check::Derives { both_ways } => {
                checks.push((p.target, p.source, i));
                if both_ways {
                    checks.push((p.source, p.target, i));
                }
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
    let pairs: Vec<Pair> =
        pairs.into_iter().zip(keep).filter(|&(_, keep)| keep).map(|(p, _)| p).collect();
    drop(vocabularies);
    let stage = Stage::begin(progress, "aligning", "pairs", pairs.len() as u64);
    let measured: Vec<(bool, rules::Order, Reuse)> = pairs
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
            let swapped =
                (pair.direction.by == rules::By::Unknown).then(|| rules::pair::reversed(&pair));
            let mut reuse = measure(pair, docs, content, &shingles, config);
            if let Some(swapped) = swapped {
                let source = swapped.source;
                let other = measure(swapped, docs, content, &shingles, config);
                let turned;
                (reuse, turned) = rules::pair::by_coverage(reuse, other);
                if turned {
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
    let (order, measured): (Vec<rules::Order>, Vec<Reuse>) =
        measured.into_iter().map(|(_, order, r)| (order, r)).unzip();
    rules::rank(measured, &order, config.align.partially, &text_of)
}

/// Measures and aligns a verified pair of `docs`.
pub(crate) fn measure(
    pair: Pair,
    docs: &[Document],
    content: &[Content],
    shingles: &[Vec<u64>],
    config: &Config,
) -> Reuse {
    let tokens = |i: usize| outside(&normalize::tokens(&docs[i].text), &content[i].excluded);
    let (source, target) = (pair.source, pair.target);
    let (source_tokens, target_tokens) = (tokens(source), tokens(target));
    let side =
        |i: usize, tokens| Side { text: &docs[i].text, tokens, sentences: &content[i].sentences };
    let sides = (&side(source, &source_tokens), &side(target, &target_tokens));
    rules::pair::measure(pair, sides, (&docs[source].id, &docs[target].id), shingles, config)
}
