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

/// The target for the default dev cue F1 (the contextual model: 0.805, see
/// the README).
#[cfg(feature = "contextual")]
const CONTEXTUAL_CUE_FLOOR: f64 = 0.80;

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

/// With the defaults, as `analyze` and `examples/evaluate.rs` take them:
/// `--attribution-model auto` chooses on the size of the texts, and for the
/// dev compartment's 415 KB it takes the shipped contextual model, which
/// meets the targets (cue F1 0.80, source F1 0.78).
#[cfg(feature = "contextual")]
#[test]
fn dev_cues_and_sources_are_found_by_the_default_tagger() {
    let Some(dir) = common::shared("data/polnear/dev") else { return };
    let bytes: usize = std::fs::read_dir(dir.join("text"))
        .expect("dev/text")
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .map(|m| usize::try_from(m.len()).unwrap_or(usize::MAX))
        .sum();
    let (tagger, note) = provtrace::cli::auto_tagger(bytes);
    assert!(
        tagger.name().starts_with("attribution-minilm"),
        "the default for {bytes} bytes: {note:?}"
    );
    let Some((cue, source)) = dev_scores(&tagger) else { return };
    eprintln!("PolNeAR dev @0.3, default: cue F1 {:.3}, source F1 {:.3}", cue.f1, source.f1);
    assert!(source.f1 >= 0.78, "source F1 {:.3}", source.f1);
    assert!(
        cue.f1 >= CONTEXTUAL_CUE_FLOOR,
        "cue F1 {:.3} (P {:.3}, R {:.3})",
        cue.f1,
        cue.precision,
        cue.recall
    );
}
