//! Reuse scores on the Clough & Stevenson corpus (../shared/data), with
//! default settings. Skips with a printed reason where it is absent.

mod common;

use provtrace::align::Derivation;
use provtrace::evaluate::{self, Scores};
use provtrace::{Config, Input, ingest};

#[test]
fn coverage_ranks_the_reuse_levels_and_separates_reuse() {
    let Some(dir) = common::shared("data/clough-stevenson") else { return };
    let labels = std::fs::read_to_string(dir.join("labels.csv")).expect("labels.csv");
    let config = Config::default();
    let corpus = ingest::read(&[Input::Path(dir.join("texts"))], &config.ingest);
    let scored = evaluate::clough_stevenson(&labels, &corpus, &config);
    assert_eq!(scored.len(), 95);
    let mean = |class: &str| {
        let rows: Vec<f64> =
            scored.iter().filter(|s| s.category == class).map(|s| s.coverage).collect();
        rows.iter().sum::<f64>() / rows.len() as f64
    };
    let (cut, light, heavy, non) = (mean("cut"), mean("light"), mean("heavy"), mean("non"));
    assert!(
        cut > light && light > heavy && heavy > non,
        "cut {cut}, light {light}, heavy {heavy}, non {non}"
    );

    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for s in &scored {
        match (s.category != "non", s.derivation != Derivation::None) {
            (true, true) => tp += 1,
            (false, true) => fp += 1,
            (true, false) => fn_ += 1,
            (false, false) => {}
        }
    }
    let f1 = Scores::from_counts(tp, fp, fn_).f1;
    assert!(f1 >= 0.95, "reused vs non F1 {f1} (tp {tp}, fp {fp}, fn {fn_})");
}
