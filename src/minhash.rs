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
}

impl MinHasher {
    pub fn new(bins: usize) -> MinHasher {
        MinHasher { bins }
    }

    pub fn len(&self) -> usize {
        self.bins
    }

    pub fn is_empty(&self) -> bool {
        self.bins == 0
    }

    /// The signature of a set of well-mixed 64-bit hashes (all `u32::MAX`
    /// when it is empty).
    pub fn signature(&self, shingles: &[u64]) -> Signature {
        let k = self.bins;
        let mut mins = vec![u32::MAX; k];
        if shingles.is_empty() || k == 0 {
            return mins;
        }
        let mut filled = vec![false; k];
        for &x in shingles {
            let bin = bin_of(x >> 32, k);
            // Truncation intended: the low half is the value.
            let value = x as u32;
            filled[bin] = true;
            if value < mins[bin] {
                mins[bin] = value;
            }
        }
        for bin in 0..k {
            if filled[bin] {
                continue;
            }
            let mut attempt: u64 = 0;
            mins[bin] = loop {
                attempt += 1;
                let probe = finalize(PROBE_SEED ^ ((bin as u64) << 32) ^ attempt);
                let from = bin_of(probe >> 32, k);
                if filled[from] {
                    break mins[from];
                }
            };
        }
        mins
    }
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
