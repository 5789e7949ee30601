//! Near-duplicates: verified pairs from MinHash-LSH candidates and
//! identical content, joined into clusters with their origins.

use rayon::prelude::*;

use provtrace_common::config::Config;
use provtrace_ingest::ingest::Document;
use provtrace_similarity::duplicates::{Cluster, Facts, components};
use provtrace_similarity::minhash;

use crate::Rayon;
use crate::document::{Analysed, Content, facts_of};
use provtrace_similarity::shingle;

/// Verified near-duplicate pairs `(a, b, jaccard)` with `a < b`, sorted.
pub(crate) fn near_duplicate_edges(
    content: &[Content],
    config: &Config,
) -> Vec<(usize, usize, f64)> {
    let nd = &config.near_duplicate;
    let (bands, rows) = match (nd.bands, nd.rows) {
        (Some(b), Some(r)) => (b, r),
        _ => minhash::bands_for(nd.threshold, nd.permutations),
    };
    let docs: Vec<u32> =
        (0..content.len()).filter(|&i| !content[i].shingles.is_empty()).map(|i| i as u32).collect();
    let keys: Vec<u64> = docs
        .par_iter()
        .flat_map_iter(|&i| minhash::band_keys(&content[i as usize].signature, bands, rows))
        .collect();
    let mut pairs = minhash::candidates(&keys, bands, &docs, &Rayon);
    // Identical content, however short.
    let mut exact: Vec<(u128, u32)> =
        content.iter().enumerate().filter_map(|(i, c)| c.exact.map(|e| (e, i as u32))).collect();
    exact.sort_unstable();
    for group in exact.chunk_by(|x, y| x.0 == y.0) {
        pairs.extend(group[1..].iter().map(|&(_, b)| (group[0].1, b)));
    }
    for pair in &mut pairs {
        *pair = (pair.0.min(pair.1), pair.0.max(pair.1));
    }
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
        .par_iter()
        .filter_map(|&(a, b)| {
            let (a, b) = (a as usize, b as usize);
            let same = content[a].exact.is_some() && content[a].exact == content[b].exact;
            let j = if same {
                1.0
            } else {
                shingle::jaccard(&content[a].shingles, &content[b].shingles)
            };
            (j >= nd.threshold).then_some((a, b, j))
        })
        .collect()
}

/// The duplicate clusters of the near-duplicate `edges`.
pub(crate) fn clusters(
    n: usize,
    edges: &[(usize, usize, f64)],
    docs: &[Document],
    analysed: &[Analysed],
    content: &[Content],
) -> Vec<Cluster> {
    components(n, edges.iter().map(|&(a, b, _)| (a, b)))
        .into_iter()
        .enumerate()
        .map(|(k, members)| {
            let facts: Vec<Facts> = members
                .iter()
                .map(|&m| facts_of(&docs[m].id, &analysed[m].page, &docs[m].metadata))
                .collect();
            let jaccard =
                |a: usize, b: usize| shingle::jaccard(&content[a].shingles, &content[b].shingles);
            Cluster::new(k, members, &facts, jaccard, |m| content[m].shingles.len())
        })
        .collect()
}
