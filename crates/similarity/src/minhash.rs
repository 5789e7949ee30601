//! MinHash signatures and LSH banding.
//!
//! Input: a document's shingle set. Output: a [`Signature`] of `bins`
//! minimum hash values, and band keys that put documents whose Jaccard
//! similarity is above a threshold into the same bucket with high
//! probability.
//!
//! Signatures are one-permutation MinHash with optimal densification
//! (Shrivastava, ICML 2017): each shingle's 64-bit hash picks a bin with its
//! high bits and competes for that bin's minimum with its low 32 bits, so a
//! document costs one pass over its shingles instead of one per permutation.
//! A bin no shingle fell into borrows the value of the first filled bin on a
//! probe sequence that depends only on the bin, the same for every document;
//! two documents then agree on any bin with probability equal to their
//! Jaccard similarity, as with independent permutations. Everything is
//! seeded by constants, so signatures are the same on every run and machine.
//!
//! Banding never decides anything alone: every candidate pair is verified on
//! the exact shingle sets by the caller.

use provtrace_common::Parallel;

use crate::shingle::finalize;

/// Seed of the densification probes.
const PROBE_SEED: u64 = 0x6d69_6e68_6173_6801;

/// The least probability, under the banding S-curve, that a pair exactly at
/// the threshold becomes a candidate. Candidates are verified exactly, so a
/// spurious one costs a comparison while a missed one is a lost duplicate.
pub const CANDIDATE_PROBABILITY: f64 = 0.99;

/// `bins` minimum hash values of one shingle set.
pub type Signature = Vec<u32>;

/// Computes signatures of a fixed number of bins.
#[derive(Clone, Debug)]
pub struct MinHasher {
    bins: usize,
    /// The first [`PROBES`] bins each bin's probe sequence visits, bin after
    /// bin.
    probes: Vec<u16>,
}

/// Probes remembered per bin; a sequence that finds no filled bin among them
/// goes on computing.
const PROBES: usize = 16;

impl MinHasher {
    pub fn new(bins: usize) -> MinHasher {
        let probes = (0..bins)
            .flat_map(|bin| (1..=PROBES as u64).map(move |attempt| probe(bin, attempt, bins)))
            .map(|to| u16::try_from(to).unwrap_or(u16::MAX))
            .collect();
        MinHasher { bins, probes }
    }

    /// The signature of a set of well-mixed 64-bit hashes (all `u32::MAX`
    /// when it is empty).
    pub fn signature(&self, shingles: &[u64]) -> Signature {
        self.signature_of(shingles.iter().copied())
    }

    /// The signature of the set of hashes `shingles` yields; repeats change
    /// nothing, so a document's shingles need not be sorted or made distinct.
    pub fn signature_of(&self, shingles: impl Iterator<Item = u64>) -> Signature {
        let k = self.bins;
        let mut mins = vec![u32::MAX; k];
        if k == 0 {
            return mins;
        }
        let mut filled = vec![false; k];
        let mut any = false;
        for x in shingles {
            any = true;
            let bin = bin_of(x >> 32, k);
            // Truncation intended: the low half is the value.
            let value = x as u32;
            filled[bin] = true;
            if value < mins[bin] {
                mins[bin] = value;
            }
        }
        if !any {
            return mins;
        }
        for bin in 0..k {
            if filled[bin] {
                continue;
            }
            let remembered = self.probes.get(bin * PROBES..(bin + 1) * PROBES).unwrap_or_default();
            let from = match remembered.iter().map(|&p| usize::from(p)).find(|&p| filled[p]) {
                Some(from) => from,
                // Some bin is filled, so the probes end; the bound only
                // guards against a bug.
                None => (PROBES as u64 + 1..=u64::from(u32::MAX))
                    .map(|attempt| probe(bin, attempt, k))
                    .find(|&p| filled[p])
                    .unwrap_or(bin),
            };
            mins[bin] = mins[from];
        }
        mins
    }
}

/// The bin that `bin`'s probe sequence visits at `attempt`.
fn probe(bin: usize, attempt: u64, k: usize) -> usize {
    bin_of(finalize(PROBE_SEED ^ ((bin as u64) << 32) ^ attempt) >> 32, k)
}

/// `high` (a 32-bit value) mapped onto `0..k` without division.
fn bin_of(high: u64, k: usize) -> usize {
    ((high * k as u64) >> 32) as usize
}

/// The share of positions where two signatures agree: an estimate of the
/// Jaccard similarity of the sets behind them.
pub fn estimate(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() {
        return 0.0;
    }
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / a.len() as f64
}

/// One key per band: the hash of that band's rows, mixed with the band
/// number so equal rows in different bands do not collide.
pub fn band_keys(signature: &[u32], bands: usize, rows: usize) -> impl Iterator<Item = u64> + '_ {
    (0..bands).map(move |band| {
        let mut h = finalize(band as u64 + 1);
        for &v in &signature[band * rows..(band + 1) * rows] {
            h = finalize(h ^ u64::from(v));
        }
        h
    })
}

/// Largest LSH bucket whose members are all paired with each other; a
/// larger bucket (a large group of near-copies) pairs each member with the
/// first, which keeps the work linear and still joins them in one cluster.
pub const MAX_BUCKET: usize = 256;

/// Candidate pairs `(a, b)`, `a < b`, sorted and distinct: documents that
/// share a band key. `keys` holds `bands` keys for each document of `docs`,
/// document after document.
pub fn candidates(
    keys: &[u64],
    bands: usize,
    docs: &[u32],
    run: &impl Parallel,
) -> Vec<(u32, u32)> {
    debug_assert_eq!(keys.len(), bands * docs.len());
    let band_ids: Vec<usize> = (0..bands).collect();
    let mut pairs: Vec<(u32, u32)> = run.flat_map(&band_ids, |_, &band| {
        let mut column: Vec<(u64, u32)> =
            docs.iter().enumerate().map(|(i, &d)| (keys[i * bands + band], d)).collect();
        column.sort_unstable();
        let mut pairs = Vec::new();
        let mut bucket_docs = Vec::new();
        for bucket in column.chunk_by(|x, y| x.0 == y.0) {
            bucket_docs.clear();
            bucket_docs.extend(bucket.iter().map(|&(_, d)| d));
            bucket_pairs(&bucket_docs, &mut pairs);
        }
        pairs
    });
    run.sort_unstable(&mut pairs);
    pairs.dedup();
    pairs
}

/// The candidate pairs of one LSH bucket, `(smaller, larger)`, added to
/// `pairs`: every pair of its documents (ascending), or, in a bucket of
/// more than [`MAX_BUCKET`] documents, each with the first only, so that a
/// text that recurs in thousands of documents costs linear, not quadratic,
/// work (the first joins them all into one component all the same).
pub fn bucket_pairs(docs: &[u32], pairs: &mut Vec<(u32, u32)>) {
    let Some(&first) = docs.first() else { return };
    if docs.len() > MAX_BUCKET {
        pairs.extend(docs[1..].iter().map(|&b| (first.min(b), first.max(b))));
    } else {
        for (i, &a) in docs.iter().enumerate() {
            pairs.extend(docs[i + 1..].iter().map(|&b| (a.min(b), a.max(b))));
        }
    }
}

/// Bands and rows for a Jaccard threshold: the most rows per band (the
/// fewest spurious candidates) for which a pair exactly at the threshold
/// becomes a candidate with probability at least [`CANDIDATE_PROBABILITY`],
/// under the S-curve `1 - (1 - s^r)^b` with `b = bins / r`.
pub fn bands_for(threshold: f64, bins: usize) -> (usize, usize) {
    let probability = |bands: usize, rows: usize| {
        let (r, b) =
            (i32::try_from(rows).unwrap_or(i32::MAX), i32::try_from(bands).unwrap_or(i32::MAX));
        1.0 - (1.0 - threshold.powi(r)).powi(b)
    };
    (1..=bins.max(1))
        .rev()
        .map(|rows| (bins.max(1) / rows, rows))
        .find(|&(bands, rows)| probability(bands, rows) >= CANDIDATE_PROBABILITY)
        .unwrap_or((bins.max(1), 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_and_disjoint_sets() {
        let perms = MinHasher::new(64);
        let a: Vec<u64> = (0..200).map(finalize).collect();
        let b: Vec<u64> = (1000..1200).map(finalize).collect();
        assert!((estimate(&perms.signature(&a), &perms.signature(&a)) - 1.0).abs() < 1e-12);
        assert!(estimate(&perms.signature(&a), &perms.signature(&b)) < 0.1);
        assert!(perms.signature(&[]).iter().all(|&v| v == u32::MAX));
    }

    #[test]
    fn bands_favour_recall_at_the_threshold() {
        let cases =
            [(0.5, 128, (42, 3)), (0.7, 128, (32, 4)), (0.8, 128, (21, 6)), (0.9, 256, (18, 14))];
        for (threshold, bins, want) in cases {
            assert_eq!(bands_for(threshold, bins), want, "t={threshold} bins={bins}");
        }
        assert_eq!(bands_for(0.3, 2), (2, 1), "too few bins: one row per band");
    }

    #[test]
    fn empty_bins_borrow_the_same_way_in_every_document() {
        let perms = MinHasher::new(128);
        // Three shingles fill at most three bins; the rest are borrowed.
        let a: Vec<u64> = (0..3).map(finalize).collect();
        let sig = perms.signature(&a);
        assert!(sig.iter().all(|&v| v != u32::MAX));
        assert_eq!(sig, perms.signature(&a));
        let mut b = a.clone();
        b.push(finalize(99));
        let agree = estimate(&sig, &perms.signature(&b));
        assert!((0.5..1.0).contains(&agree), "3 of 4 shared: {agree}");
    }
}
