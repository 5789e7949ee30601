//! Wire-to-newspaper reuse on METER's showbiz domain (../shared/data), as a
//! user runs it: one `analyze` over the wire copy (dated its folder's day)
//! and the newspapers (the next day), scored from the report. Skips with a
//! printed reason where the data is absent. The floors are what this version
//! reaches (macro-F1 0.665, derived-vs-non F1 0.851, source P@1 0.815), less
//! a margin.

mod common;

use provtrace_evaluate::{self as evaluate, Confusion, Scores};

#[test]
fn one_analyze_finds_the_wire_copy_behind_the_stories() {
    let Some(dir) = common::shared("data/meter-showbiz") else { return };
    let labels = std::fs::read_to_string(dir.join("labels.tsv")).expect("labels.tsv");
    let corpus = evaluate::meter_corpus(&dir).expect("METER reads");
    let input = tempfile::Builder::new().suffix(".jsonl").tempfile().expect("temporary file");
    std::fs::write(input.path(), &corpus).expect("corpus written");
    let report = common::analyze_as_run(input.path());
    quotations_marked_by_hand(&corpus, &report);
    let stories = evaluate::meter_as_run(&labels, &report);
    assert_eq!(stories.len(), 175);

    let classes = ["wholly_derived", "partially_derived", "non_derived"];
    let mut three = Confusion::new(&classes, &classes);
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for s in &stories {
        three.add(&s.label, &s.predicted);
        match (s.label != "non_derived", s.predicted != "non_derived") {
            (true, true) => tp += 1,
            (false, true) => fp += 1,
            (true, false) => fn_ += 1,
            (false, false) => {}
        }
    }
    let macro_f1 = three.macro_f1();
    assert!(macro_f1 >= 0.64, "ternary macro-F1 {macro_f1}\n{}", three.table());
    let derived = Scores::from_counts(tp, fp, fn_);
    assert!(derived.f1 >= 0.81, "derived vs non F1 {} (tp {tp}, fp {fp}, fn {fn_})", derived.f1);
    let labelled: Vec<_> = stories.iter().filter(|s| s.label != "non_derived").collect();
    let right = labelled.iter().filter(|s| s.source_right).count();
    let p_at_1 = right as f64 / labelled.len() as f64;
    assert!(p_at_1 >= 0.78, "source P@1 {p_at_1} ({right} of {})", labelled.len());
    // Where a source is named, it is one of the story's wire files.
    let named = labelled.iter().filter(|s| s.source.is_some()).count();
    assert!(right as f64 >= 0.9 * named as f64, "{right} right of {named} named");
}

/// The 44 stories whose quotations were marked by hand
/// (`benches/quotes/meter_showbiz.tsv`), scored from the same report as
/// `benches/quote_scores.py` scores them. The floors are what the default
/// tagger, the convolutional network, reaches (F1 0.815, speaker right
/// 0.712), less a margin.
fn quotations_marked_by_hand(corpus: &str, report: &serde_json::Value) {
    let judged =
        std::fs::read_to_string(common::manifest_dir().join("benches/quotes/meter_showbiz.tsv"))
            .expect("meter_showbiz.tsv");
    let texts: std::collections::BTreeMap<String, String> = corpus
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|r| Some((r["id"].as_str()?.to_string(), r["text"].as_str()?.to_string())))
        .collect();
    let s = evaluate::quotes::quotes_as_run(&judged, report, &texts);
    assert_eq!(s.marked, 139);
    assert!(s.f1() >= 0.76, "quotation F1 {:.3} ({s:?})", s.f1());
    assert!(s.speaker() >= 0.69, "speaker right {:.3} ({s:?})", s.speaker());
}
