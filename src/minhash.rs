//! MinHash signatures and LSH banding.
//!
//! Input: a document's shingle set. Output: a [`Signature`] of
//! `permutations` minimum values, and band keys that put documents whose
//! Jaccard similarity is above a threshold into the same bucket with high
//! probability. Each permutation is a multiply-add on the shingle's 64-bit
//! hash (one hash per shingle, cheap permutations after it), keeping the high
//! 32 bits; multipliers come from a constant seed, so signatures are the same
//! on every run and machine.
//!
//! Banding never decides anything alone: every candidate pair is verified on
//! the exact shingle sets by the caller.

use crate::shingle::finalize;

/// Seed of the permutation parameters.
const PERMUTATION_SEED: u64 = 0x6d69_6e68_6173_6801;

/// `permutations` minimum hash values of one shingle set.
pub type Signature = Vec<u32>;

/// The permutation family: `h_i(x) = (a_i * x + b_i) >> 32`, with odd `a_i`.
#[derive(Clone, Debug)]
pub struct Permutations {
    a: Vec<u64>,
    b: Vec<u64>,
}

impl Permutations {
    pub fn new(count: usize) -> Permutations {
        let mut state = PERMUTATION_SEED;
        let mut next = || {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            finalize(state)
        };
        let mut a = Vec::with_capacity(count);
        let mut b = Vec::with_capacity(count);
        for _ in 0..count {
            a.push(next() | 1);
            b.push(next());
        }
        Permutations { a, b }
    }

    pub fn len(&self) -> usize {
        self.a.len()
    }

    pub fn is_empty(&self) -> bool {
        self.a.is_empty()
    }

    /// The signature of a shingle set (all `u32::MAX` when it is empty).
    pub fn signature(&self, shingles: &[u64]) -> Signature {
        let mut mins = vec![u32::MAX; self.a.len()];
        for &x in shingles {
            for ((min, &a), &b) in mins.iter_mut().zip(&self.a).zip(&self.b) {
                let h = (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32;
                if h < *min {
                    *min = h;
                }
            }
        }
        mins
    }
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

/// Bands and rows for a Jaccard threshold: the pair that minimises the
/// equally weighted areas of false positives below the threshold and false
/// negatives above it, under the S-curve `1 - (1 - s^r)^b`.
pub fn optimal_bands(threshold: f64, permutations: usize) -> (usize, usize) {
    let mut best = (1, permutations);
    let mut best_error = f64::INFINITY;
    for bands in 1..=permutations {
        for rows in 1..=permutations / bands {
            let (r, b) =
                (i32::try_from(rows).unwrap_or(i32::MAX), i32::try_from(bands).unwrap_or(i32::MAX));
            let candidate = |s: f64| 1.0 - (1.0 - s.powi(r)).powi(b);
            let false_positive = integrate(candidate, 0.0, threshold);
            let false_negative = integrate(|s| 1.0 - candidate(s), threshold, 1.0);
            let error = 0.5 * false_positive + 0.5 * false_negative;
            if error < best_error {
                best_error = error;
                best = (bands, rows);
            }
        }
    }
    best
}

fn integrate(f: impl Fn(f64) -> f64, from: f64, to: f64) -> f64 {
    const STEPS: usize = 64;
    let step = (to - from) / STEPS as f64;
    (0..STEPS).map(|i| f(from + (i as f64 + 0.5) * step) * step).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_and_disjoint_sets() {
        let perms = Permutations::new(64);
        let a: Vec<u64> = (0..200).map(finalize).collect();
        let b: Vec<u64> = (1000..1200).map(finalize).collect();
        assert!((estimate(&perms.signature(&a), &perms.signature(&a)) - 1.0).abs() < 1e-12);
        assert!(estimate(&perms.signature(&a), &perms.signature(&b)) < 0.1);
        assert!(perms.signature(&[]).iter().all(|&v| v == u32::MAX));
    }

    #[test]
    fn bands_fit_the_threshold() {
        for (threshold, permutations) in [(0.5, 128), (0.7, 128), (0.8, 128), (0.9, 256)] {
            let (b, r) = optimal_bands(threshold, permutations);
            assert!(b * r <= permutations);
            // The S-curve's steepest point, (1/b)^(1/r), sits near the threshold.
            let knee = (1.0 / b as f64).powf(1.0 / r as f64);
            assert!((knee - threshold).abs() < 0.1, "t={threshold}: b={b} r={r} knee={knee}");
        }
    }
}
