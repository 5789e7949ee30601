//! Winnowed fingerprints and the index that pairs documents by them.
//!
//! Input: each document's shingle sequence. Output: candidate pairs of
//! documents that share enough fingerprints to be worth verifying for
//! partial reuse, however small the shared part is relative to either
//! document (an excerpt of a long story has a tiny Jaccard similarity but
//! shares many fingerprints).
//!
//! Winnowing (Schleimer, Wilkerson and Aiken, 2003) keeps the minimum hash of
//! every window of `window` shingles, so any shared run of at least `window`
//! shingles yields a shared fingerprint. A fingerprint found in more than
//! `max_document_frequency` documents is dropped from pairing: it is a stock
//! phrase or boilerplate, and expanding it would make pairs quadratic in its
//! frequency. Memory is the sorted fingerprint list, not the pairs.

/// The winnowed fingerprints of a shingle sequence, sorted and distinct.
pub fn winnow(sequence: &[u64], window: usize) -> Vec<u64> {
    if sequence.len() <= window {
        return sequence.iter().min().copied().into_iter().collect();
    }
    let mut picked: Vec<u64> = Vec::with_capacity(sequence.len() * 2 / (window + 1) + 1);
    let mut last: Option<usize> = None;
    for start in 0..=sequence.len() - window {
        // The rightmost minimum of the window, as the paper chooses it.
        let mut at = start;
        for i in start..start + window {
            if sequence[i] <= sequence[at] {
                at = i;
            }
        }
        if last != Some(at) {
            picked.push(sequence[at]);
            last = Some(at);
        }
    }
    picked.sort_unstable();
    picked.dedup();
    picked
}

/// What the index finds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Found {
    /// Pairs `(a, b)` with `a < b` of items sharing at least `min_shared`
    /// fingerprints, each with the number shared, sorted.
    pub pairs: Vec<(u32, u32, u32)>,
    /// For each item, its fingerprints summed over the other items that
    /// hold them (within the frequency cap): how much of it is echoed
    /// elsewhere. Between two items, what they share counts for both alike.
    pub echoed: Vec<u32>,
}

/// Candidate pairs of items and how echoed each is. `fingerprints[i]` is
/// item `i`'s sorted fingerprint set; the sets are consumed.
pub fn candidate_pairs(
    fingerprints: Vec<Vec<u64>>,
    max_document_frequency: usize,
    min_shared: u32,
) -> Found {
    candidate_pairs_within(fingerprints, max_document_frequency, min_shared, None)
}

/// [`candidate_pairs`] among items drawn from a larger corpus whose
/// document frequency of each fingerprint `frequency` gives (the items'
/// own count when it has none): a fingerprint is capped, and echoes, by how
/// many of the whole corpus hold it.
pub fn candidate_pairs_within(
    fingerprints: Vec<Vec<u64>>,
    max_document_frequency: usize,
    min_shared: u32,
    frequency: Option<&dyn Fn(u64) -> Option<usize>>,
) -> Found {
    let total: usize = fingerprints.iter().map(Vec::len).sum();
    let fingerprints_len = fingerprints.len();
    let mut postings: Vec<(u64, u32)> = Vec::with_capacity(total);
    // Each set is dropped as soon as it is in the postings.
    for (item, set) in fingerprints.into_iter().enumerate() {
        postings.extend(set.into_iter().map(|f| (f, item as u32)));
    }
    postings.sort_unstable();
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut echoed = vec![0u32; fingerprints_len];
    for group in postings.chunk_by(|x, y| x.0 == y.0) {
        let df = frequency.and_then(|f| f(group[0].0)).unwrap_or(group.len()).max(group.len());
        if df < 2 || df > max_document_frequency {
            continue;
        }
        for &(_, a) in group {
            echoed[a as usize] += df as u32 - 1;
        }
        for (i, &(_, a)) in group.iter().enumerate() {
            for &(_, b) in &group[i + 1..] {
                pairs.push((a, b));
            }
        }
    }
    drop(postings);
    pairs.sort_unstable();
    let pairs = pairs
        .chunk_by(|x, y| x == y)
        .filter(|run| run.len() >= min_shared as usize)
        .map(|run| (run[0].0, run[0].1, run.len() as u32))
        .collect();
    Found { pairs, echoed }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shingle::finalize;

    #[test]
    fn shared_runs_share_fingerprints() {
        let story: Vec<u64> = (0..400).map(finalize).collect();
        let excerpt = story[100..140].to_vec();
        let other: Vec<u64> = (1000..1400).map(finalize).collect();
        let fp = [winnow(&story, 4), winnow(&excerpt, 4), winnow(&other, 4)];
        // About 2 / (window + 1) of the shingles are picked.
        assert!((100..=220).contains(&fp[0].len()), "{}", fp[0].len());
        let found = candidate_pairs(fp.to_vec(), 10, 2);
        // Each is echoed by what the other holds of it.
        assert_eq!(found.echoed[0], found.pairs[0].2);
        assert_eq!(found.echoed[1], found.pairs[0].2);
        assert_eq!(found.echoed[2], 0);
        let pairs = found.pairs;
        assert_eq!(pairs.len(), 1);
        assert_eq!((pairs[0].0, pairs[0].1), (0, 1));
        assert!(pairs[0].2 >= 10);
    }

    #[test]
    fn frequent_fingerprints_are_capped() {
        let common: Vec<u64> = (0..20).map(finalize).collect();
        let sets: Vec<Vec<u64>> = (0..5).map(|_| winnow(&common, 4)).collect();
        let found = candidate_pairs(sets.clone(), 10, 1);
        assert_eq!(found.pairs.len(), 10);
        assert!(found.echoed.iter().all(|&e| e as usize == 4 * winnow(&common, 4).len()));
        let capped = candidate_pairs(sets, 4, 1);
        assert!(capped.pairs.is_empty());
        assert_eq!(capped.echoed, vec![0; 5]);
    }

    #[test]
    fn short_sequences() {
        assert!(winnow(&[], 4).is_empty());
        assert_eq!(winnow(&[9, 3, 7], 4), vec![3]);
    }
}
