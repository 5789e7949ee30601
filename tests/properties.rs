//! Property tests for the probabilistic and offset-keeping parts.

mod common;

use proptest::prelude::*;
use provtrace::minhash::{MinHasher, estimate};
use provtrace::normalize::{normalize, tokens};
use provtrace::shingle::{finalize, jaccard};
use provtrace::{Config, Corpus, pipeline};

/// Two sets over one universe: `shared` items in both, `only_a` and `only_b`
/// in one each.
fn sets(shared: u64, only_a: u64, only_b: u64, salt: u64) -> (Vec<u64>, Vec<u64>) {
    let item = |i: u64| finalize(i ^ salt.rotate_left(17));
    let mut a: Vec<u64> = (0..shared + only_a).map(item).collect();
    let mut b: Vec<u64> =
        (0..shared).chain(shared + only_a..shared + only_a + only_b).map(item).collect();
    a.sort_unstable();
    b.sort_unstable();
    (a, b)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    // With 512 permutations the estimate's standard error is at most
    // sqrt(0.25 / 512) = 0.022, so 0.1 is 4.5 standard errors.
    #[test]
    fn minhash_estimate_is_within_0_1_of_exact_jaccard(
        shared in 0u64..400, only_a in 0u64..400, only_b in 0u64..400, salt in any::<u64>()
    ) {
        prop_assume!(shared + only_a > 0 && shared + only_b > 0);
        let (a, b) = sets(shared, only_a, only_b, salt);
        let perms = MinHasher::new(512);
        let exact = jaccard(&a, &b);
        let est = estimate(&perms.signature(&a), &perms.signature(&b));
        prop_assert!((est - exact).abs() <= 0.1, "estimate {est}, exact {exact}");
    }

    #[test]
    fn normalize_is_idempotent(text in "\\PC{0,200}") {
        let once = normalize(&text);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn token_spans_are_in_bounds_and_on_boundaries(text in "\\PC{0,300}") {
        for t in tokens(&text) {
            prop_assert!(t.span().start < t.span().end && t.span().end <= text.len());
            prop_assert!(text.is_char_boundary(t.span().start) && text.is_char_boundary(t.span().end));
        }
    }

    #[test]
    fn report_spans_are_on_boundaries(
        lines in proptest::collection::vec("(Source: |Read more: |Photo: |[A-Z]{2,6} \\(AP\\) — |told )?\\PC{0,80}", 1..12)
    ) {
        let text = lines.join("\n");
        let corpus = Corpus::from_texts(&[text.clone(), format!("{text}\n{text}"), format!("Share this article\n{text}")]);
        let report = pipeline::analyze(&corpus, &Config::default());
        common::assert_spans_on_boundaries(&report, &corpus);
    }
}

/// With the default 128 permutations the estimate is unbiased and its
/// typical error small: the mean absolute error over many pairs stays under
/// 0.05 (the expected value is about 0.03 at Jaccard 0.5).
#[test]
fn default_signatures_estimate_well_on_average() {
    let perms = MinHasher::new(128);
    let mut total = 0.0;
    let mut bias = 0.0;
    let n = 300;
    for i in 0..n {
        let (a, b) = sets(50 + i % 200, 10 + (i * 7) % 150, 5 + (i * 13) % 170, i);
        let err = estimate(&perms.signature(&a), &perms.signature(&b)) - jaccard(&a, &b);
        total += err.abs();
        bias += err;
    }
    let n = n as f64;
    assert!(total / n < 0.05, "mean absolute error {}", total / n);
    assert!((bias / n).abs() < 0.02, "bias {}", bias / n);
}

/// LSH recall: pairs well above the threshold become candidates and are
/// clustered, however the words are drawn.
#[test]
fn near_duplicates_above_the_threshold_are_found() {
    let mut texts = Vec::new();
    for pair in 0..60u64 {
        // Words from a vocabulary of 2,000, so stories share words but not runs.
        let words: Vec<String> =
            (0..300).map(|i| format!("w{}", finalize(pair * 1000 + i) % 2000)).collect();
        let base: Vec<&str> = words.iter().map(String::as_str).collect();
        let mut copy = base.clone();
        // Change one word in 100: exact Jaccard about 0.9 on 5-word shingles.
        for i in (50..300).step_by(100) {
            copy[i] = "changed";
        }
        texts.push(base.join(" "));
        texts.push(copy.join(" "));
    }
    let corpus = Corpus::from_texts(&texts);
    let report = pipeline::analyze(&corpus, &Config::default());
    let found = report.duplicate_clusters.iter().filter(|c| c.members.len() == 2).count();
    assert!(found >= 57, "found {found} of 60 planted pairs");
}
