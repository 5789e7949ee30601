//! Word shingles: every run of `k` consecutive tokens, hashed.
//!
//! Input: token hashes of a document's content (boilerplate and repeated
//! copies already left out). Output: the shingle hashes in text order, and
//! the sorted set of distinct shingles that similarity is computed on. A text
//! shorter than `k` tokens has one shingle of all its tokens, so that short
//! texts can still match each other exactly.

/// Hashes of every `k`-token window, in text order.
pub fn sequence(tokens: &[u64], k: usize) -> Vec<u64> {
    if tokens.is_empty() {
        return Vec::new();
    }
    let k = k.min(tokens.len()).max(1);
    tokens.windows(k).map(window_hash).collect()
}

/// The same hashes as [`sequence`], without collecting them.
pub fn hashes(tokens: &[u64], k: usize) -> impl Iterator<Item = u64> + '_ {
    let k = k.min(tokens.len()).max(1);
    tokens.windows(k).map(window_hash)
}

/// A 128-bit hash of a whole token sequence, to find identical texts at
/// once (`None` for no tokens).
pub fn content_hash(tokens: &[u64]) -> Option<u128> {
    if tokens.is_empty() {
        return None;
    }
    let (mut a, mut b) = (0x243f_6a88_85a3_08d3_u64, 0x1319_8a2e_0370_7344_u64);
    for &t in tokens {
        a = (a.rotate_left(23) ^ t).wrapping_mul(0xff51_afd7_ed55_8ccd);
        b = (b.rotate_left(31) ^ t).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    }
    let len = tokens.len() as u64;
    Some(u128::from(finalize(a ^ len)) << 64 | u128::from(finalize(b)))
}

/// The sorted, distinct shingles of a sequence.
pub fn set(sequence: &[u64]) -> Vec<u64> {
    let mut set = sequence.to_vec();
    set.sort_unstable();
    set.dedup();
    set
}

/// Size of the intersection of two sorted, distinct sets. On sorted lists
/// with repeats it counts each value as often as the list with fewer of it
/// holds it (the intersection of two multisets).
pub fn intersection(a: &[u64], b: &[u64]) -> usize {
    // Branch-free steps: which side advances is a coin toss the processor
    // cannot predict, and a mispredicted branch costs more than the step.
    let (mut left, mut right, mut shared) = (0, 0, 0);
    while left < a.len() && right < b.len() {
        let (x, y) = (a[left], b[right]);
        shared += usize::from(x == y);
        left += usize::from(x <= y);
        right += usize::from(x >= y);
    }
    shared
}

/// Exact Jaccard similarity of two sorted, distinct sets (0 when both empty).
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    similarity(intersection(a, b), a.len(), b.len())
}

/// Jaccard similarity of two sets of these sizes that share `shared`.
fn similarity(shared: usize, len_a: usize, len_b: usize) -> f64 {
    let union = len_a + len_b - shared;
    if union == 0 { 0.0 } else { shared as f64 / union as f64 }
}

/// [`jaccard`] of two sorted, distinct sets when it is at least `floor`,
/// else `None`: the merge stops as soon as the sets left cannot bring the
/// similarity up to `floor`, and a pair whose sizes alone rule it out is
/// not merged at all.
pub fn jaccard_at_least(a: &[u64], b: &[u64], floor: f64) -> Option<f64> {
    // It grows with `shared`.
    let of = |shared: usize| similarity(shared, a.len(), b.len());
    if of(a.len().min(b.len())) < floor {
        return None;
    }
    let (mut left, mut right, mut shared) = (0, 0, 0);
    loop {
        let (rest_a, rest_b) = (a.len() - left, b.len() - right);
        if rest_a == 0 || rest_b == 0 {
            break;
        }
        if of(shared + rest_a.min(rest_b)) < floor {
            return None;
        }
        // Each step moves either side by at most one: this many cannot
        // run past either end.
        for _ in 0..rest_a.min(rest_b).min(16) {
            let (x, y) = (a[left], b[right]);
            shared += usize::from(x == y);
            left += usize::from(x <= y);
            right += usize::from(x >= y);
        }
    }
    let similarity = of(shared);
    (similarity >= floor).then_some(similarity)
}

/// A window's hash: each token hash times a multiplier of its position,
/// summed, then mixed. The products are independent of each other, so the
/// processor computes them side by side rather than one after another.
fn window_hash(window: &[u64]) -> u64 {
    const POSITION: [u64; 8] = [
        0x9e37_79b9_7f4a_7c15,
        0xc2b2_ae3d_27d4_eb4f,
        0x1656_67b1_9e37_79f9,
        0x85eb_ca77_c2b2_ae63,
        0x27d4_eb2f_1656_67c5,
        0xff51_afd7_ed55_8ccd,
        0xc4ce_b9fe_1a85_ec53,
        0x94d0_49bb_1331_11eb,
    ];
    let mut h = window.len() as u64;
    for (i, &t) in window.iter().enumerate() {
        h = h.wrapping_add(t.rotate_left((i / 8) as u32).wrapping_mul(POSITION[i % 8]));
    }
    finalize(h)
}

pub use provtrace_text::normalize::finalize;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequences_and_sets() {
        assert!(sequence(&[], 5).is_empty());
        assert_eq!(sequence(&[1, 2], 5).len(), 1, "short text is one shingle");
        let s = sequence(&[1, 2, 3, 1, 2, 3], 3);
        assert_eq!(s.len(), 4);
        assert_eq!(s[0], s[3], "same words, same shingle");
        assert_ne!(s[0], s[1]);
        assert_ne!(sequence(&[1, 2], 2), sequence(&[2, 1], 2), "order matters");
        assert_eq!(set(&s).len(), 3);
        assert_eq!(hashes(&[1, 2, 3, 1, 2, 3], 3).collect::<Vec<_>>(), s);
        assert_eq!(hashes(&[1, 2], 5).collect::<Vec<_>>(), sequence(&[1, 2], 5));
        assert_eq!(hashes(&[], 5).count(), 0);
    }

    #[test]
    fn jaccard_of_sets() {
        let cases: &[(&[u64], &[u64], f64)] = &[
            (&[], &[], 0.0),
            (&[1, 2], &[1, 2], 1.0),
            (&[1, 2, 3], &[2, 3, 4], 0.5),
            (&[1], &[2], 0.0),
        ];
        for (a, b, want) in cases {
            assert!((jaccard(a, b) - want).abs() < 1e-12, "{a:?} {b:?}");
        }
    }

    #[test]
    fn jaccard_at_least_agrees_with_jaccard() {
        // Sets of 0 to 40 values from a small range, so that they overlap.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let set = |next: &mut dyn FnMut() -> u64| {
            let n = next() % 41;
            let mut s: Vec<u64> = (0..n).map(|_| next() % 60).collect();
            s.sort_unstable();
            s.dedup();
            s
        };
        for _ in 0..5_000 {
            let (a, b) = (set(&mut next), set(&mut next));
            let exact = jaccard(&a, &b);
            for floor in [0.0, 0.05, 0.3, 0.5, 0.8, 1.0] {
                let want = (exact >= floor).then_some(exact);
                assert_eq!(jaccard_at_least(&a, &b, floor), want, "{a:?} {b:?} {floor}");
            }
        }
    }
}
