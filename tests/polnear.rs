//! Attribution extraction on the PolNeAR dev compartment (../shared/data),
//! scored as `examples/evaluate.rs` scores it: cue and source spans matched
//! one to one at overlap 0.3 against the first annotator's file. Skips with
//! a printed reason where the corpus is absent.
#![allow(clippy::print_stderr)]

mod common;
#[path = "../examples/support/polnear.rs"]
mod polnear;

use provtrace::evaluate::{self, Scores};
use provtrace::gazetteer::Gazetteer;

#[test]
fn dev_cues_and_sources_are_found() {
    let Some(dir) = common::shared("data/polnear/dev") else { return };
    let gazetteer = Gazetteer::new(&[]);
    let mut names: Vec<_> = std::fs::read_dir(dir.join("text"))
        .expect("dev/text")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    names.sort();
    let (mut cues, mut sources) = ([0; 3], [0; 3]);
    let mut scored = 0;
    for path in names {
        let stem = path.file_stem().expect("a file name").to_string_lossy().into_owned();
        // The first annotator's file, as the evaluation example takes it.
        let Some(ann) = polnear::first_annotation(&dir, &stem) else { continue };
        let text = std::fs::read_to_string(&path).expect("a UTF-8 text");
        let gold = evaluate::brat_attributions(&ann, &text);
        let found = evaluate::predicted_attributions(&text, &gazetteer);
        for (sum, (p, g)) in [
            (&mut cues, (&found.cues, &gold.cues)),
            (&mut sources, (&found.sources, &gold.sources)),
        ] {
            let (tp, fp, fn_) = evaluate::match_spans(p, g, 0.3);
            sum[0] += tp;
            sum[1] += fp;
            sum[2] += fn_;
        }
        scored += 1;
    }
    assert!(scored >= 80, "only {scored} annotated dev articles read");
    let cue = Scores::from_counts(cues[0], cues[1], cues[2]);
    let source = Scores::from_counts(sources[0], sources[1], sources[2]);
    eprintln!("PolNeAR dev @0.3: cue F1 {:.3}, source F1 {:.3}", cue.f1, source.f1);
    assert!(
        source.f1 >= 0.70,
        "source F1 {:.3} (P {:.3}, R {:.3})",
        source.f1,
        source.precision,
        source.recall
    );
    // Below the 0.80 target, which is above the agreement of PolNeAR's two
    // annotators on the articles both marked (0.78); a floor under the
    // measured 0.706 that catches a regression.
    assert!(cue.f1 >= 0.68, "cue F1 {:.3} (P {:.3}, R {:.3})", cue.f1, cue.precision, cue.recall);
}
