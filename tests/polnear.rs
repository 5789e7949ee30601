//! Attribution extraction on the PolNeAR dev compartment (../shared/data),
//! scored as `examples/evaluate.rs` scores it: cue and source spans matched
//! one to one at overlap 0.3 against the first annotator's file. Skips with
//! a printed reason where the corpus is absent.
#![allow(clippy::print_stderr)]

mod common;
#[path = "../examples/support/polnear.rs"]
mod polnear;

use provtrace::Rayon;
use provtrace::gazetteer::Gazetteer;
use provtrace::parallel::Parallel;
use provtrace::tagger::Tagger;
use provtrace_evaluate::{self as evaluate, Scores};

/// The contextual model's dev cue F1 is 0.805 (docs/attribution.md).
#[cfg(feature = "contextual")]
const CONTEXTUAL_CUE_FLOOR: f64 = 0.80;
/// Under the default tagger's measured dev F1 (docs/attribution.md).
const DEFAULT_CUE_FLOOR: f64 = 0.75;
const DEFAULT_SOURCE_FLOOR: f64 = 0.77;

/// Cue and source scores at overlap 0.3 on the annotated dev articles, or
/// `None` where the corpus is absent.
fn dev_scores(tagger: &Tagger) -> Option<(Scores, Scores)> {
    let dir = common::shared("data/polnear/dev")?;
    let gazetteer = Gazetteer::new(&[]);
    let mut names: Vec<_> = std::fs::read_dir(dir.join("text"))
        .expect("dev/text")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    names.sort();
    let counts: Vec<[usize; 6]> = Rayon
        .map(&names, |_, path| {
            let stem = path.file_stem().expect("a file name").to_string_lossy().into_owned();
            // The first annotator's file, as the evaluation example takes it.
            let ann = polnear::first_annotation(&dir, &stem)?;
            let text = std::fs::read_to_string(path).expect("a UTF-8 text");
            let gold = evaluate::brat_attributions(&ann, &text);
            let found = evaluate::predicted_attributions(&text, &gazetteer, tagger);
            let (c, s) = (
                evaluate::match_spans(&found.cues, &gold.cues, 0.3),
                evaluate::match_spans(&found.sources, &gold.sources, 0.3),
            );
            Some([c.0, c.1, c.2, s.0, s.1, s.2])
        })
        .into_iter()
        .flatten()
        .collect();
    assert!(counts.len() >= 80, "only {} annotated dev articles read", counts.len());
    let sum = |i: usize| counts.iter().map(|c| c[i]).sum::<usize>();
    Some((Scores::from_counts(sum(0), sum(1), sum(2)), Scores::from_counts(sum(3), sum(4), sum(5))))
}

#[test]
fn dev_cues_and_sources_are_found() {
    let Some((cue, source)) = dev_scores(&Tagger::Crf) else { return };
    eprintln!("PolNeAR dev @0.3, CRF: cue F1 {:.3}, source F1 {:.3}", cue.f1, source.f1);
    assert!(
        source.f1 >= 0.70,
        "source F1 {:.3} (P {:.3}, R {:.3})",
        source.f1,
        source.precision,
        source.recall
    );
    // Below the 0.80 target, which is above the agreement of PolNeAR's two
    // annotators on the articles both marked (0.78); a floor under the
    // measured 0.734 that catches a regression.
    assert!(cue.f1 >= 0.71, "cue F1 {:.3} (P {:.3}, R {:.3})", cue.f1, cue.precision, cue.recall);
}

/// With the default tagger, the built-in convolutional network, as
/// `analyze` and `examples/evaluate.rs` take it whatever the corpus's size.
#[test]
fn dev_cues_and_sources_are_found_by_the_default_tagger() {
    let tagger = Tagger::default();
    assert!(tagger.name().starts_with("built-in convolutional"), "{}", tagger.name());
    let Some((cue, source)) = dev_scores(&tagger) else { return };
    eprintln!("PolNeAR dev @0.3, default: cue F1 {:.3}, source F1 {:.3}", cue.f1, source.f1);
    // Floors under the measured figures (docs/attribution.md) that catch a
    // regression; the targets are 0.80 and 0.78.
    assert!(source.f1 >= DEFAULT_SOURCE_FLOOR, "source F1 {:.3}", source.f1);
    assert!(
        cue.f1 >= DEFAULT_CUE_FLOOR,
        "cue F1 {:.3} (P {:.3}, R {:.3})",
        cue.f1,
        cue.precision,
        cue.recall
    );
}

/// The contextual model, by flag (`--attribution-model contextual`).
#[cfg(feature = "contextual")]
#[test]
fn dev_cues_and_sources_are_found_by_the_contextual_model() {
    if common::shared("data/polnear/dev").is_none() {
        return;
    }
    let tagger = common::contextual_tagger();
    let Some((cue, source)) = dev_scores(&tagger) else { return };
    eprintln!("PolNeAR dev @0.3, contextual: cue F1 {:.3}, source F1 {:.3}", cue.f1, source.f1);
    assert!(source.f1 >= 0.78, "source F1 {:.3}", source.f1);
    assert!(
        cue.f1 >= CONTEXTUAL_CUE_FLOOR,
        "cue F1 {:.3} (P {:.3}, R {:.3})",
        cue.f1,
        cue.precision,
        cue.recall
    );
}
