//! Reuse scores on the Clough & Stevenson corpus (../shared/data), with
//! default settings. Skips with a printed reason where it is absent.

mod common;

use provtrace::{Config, Input, ingest};
use provtrace_evaluate::{self as evaluate, Scores};

/// `compare` of each answer with its source ranks the levels of reuse.
#[test]
fn coverage_ranks_the_reuse_levels() {
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
}

/// One `analyze` over the whole corpus, as a user runs it: each reused
/// answer linked from its task's source (or a member of its duplicate
/// cluster), no independent answer linked. The floor is what this version
/// reaches (F1 0.944), less a margin.
#[test]
fn one_analyze_links_reused_answers_to_their_source() {
    let Some(dir) = common::shared("data/clough-stevenson") else { return };
    let labels = std::fs::read_to_string(dir.join("labels.csv")).expect("labels.csv");
    let report = common::analyze_as_run(&dir.join("texts"));
    let answers = evaluate::clough_stevenson_as_run(&labels, &report);
    assert_eq!(answers.len(), 95);
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for a in &answers {
        match (a.category != "non", a.derivation != "none") {
            (true, true) => tp += 1,
            (false, true) => fp += 1,
            (true, false) => fn_ += 1,
            (false, false) => {}
        }
    }
    let scores = Scores::from_counts(tp, fp, fn_);
    assert!(scores.precision >= 0.95, "precision {} (tp {tp}, fp {fp})", scores.precision);
    assert!(scores.f1 >= 0.92, "reused vs non F1 {} (tp {tp}, fp {fp}, fn {fn_})", scores.f1);
}
