//! The contextual attribution tagger: the shipped model loads and tags, and
//! a broken model directory is refused with its reason. `tests/cli.rs` runs
//! `analyze` with it.

#![cfg(feature = "contextual")]

mod common;

use std::path::Path;

use common::attribution_model_dir as model_dir;
use provtrace::contextual::Contextual;
use provtrace::error::Error;

fn texts<'a>(sentence: &'a str, spans: &[(usize, usize)]) -> Vec<&'a str> {
    spans.iter().map(|&(s, e)| &sentence[s..e]).collect()
}

#[test]
fn the_shipped_model_tags_cues_and_sources() {
    let model = Contextual::load(&model_dir()).expect("the shipped model loads");
    assert!(model.name().starts_with("attribution-minilm sha256:"), "{}", model.name());
    for (sentence, cues, sources) in [
        (
            "The senator said on Monday that the bill would pass.",
            &["said"][..],
            &["The senator"][..],
        ),
        (
            "The plan would cost $2 billion, according to two officials briefed on it.",
            &["according to"],
            &["two officials"],
        ),
        ("It rained in Paris on Monday.", &[], &[]),
    ] {
        // What must be there is, inside a marked span ("said on" holds
        // "said"); a model may mark more ("briefed").
        let tagged = model.tag(sentence);
        let (found_cues, found_sources) =
            (texts(sentence, &tagged.cues), texts(sentence, &tagged.sources));
        let holds = |found: &[&str], want: &str| found.iter().any(|f| f.contains(want));
        assert!(cues.iter().all(|c| holds(&found_cues, c)), "{sentence:?}: {found_cues:?}");
        assert!(
            sources.iter().all(|s| holds(&found_sources, s)),
            "{sentence:?}: {found_sources:?}"
        );
        if cues.is_empty() {
            assert!(found_cues.is_empty() && found_sources.is_empty(), "{sentence:?}: {tagged:?}");
        }
    }
    // Nothing to tag, or nothing but marks: no spans, no error.
    for sentence in ["", "   ", "—", "\u{200b}\u{200b}"] {
        assert_eq!(model.tag(sentence), provtrace::tagger::Tagged::default());
    }
    // A sentence far longer than the model reads is tagged up to its limit.
    let long = "Officials said the river rose. ".repeat(200);
    assert!(!model.tag(&long).cues.is_empty());
}

#[test]
fn a_broken_model_directory_is_refused_with_its_reason() {
    let missing = Contextual::load(Path::new("/nonexistent/model")).expect_err("no directory");
    assert!(matches!(missing, Error::Model { .. }), "{missing}");
    assert!(missing.to_string().contains("config.json"), "{missing}");

    let dir = tempfile::tempdir().expect("a temporary directory");
    for name in ["config.json", "tokenizer.json"] {
        std::fs::copy(model_dir().join(name), dir.path().join(name)).expect("copied");
    }
    std::fs::write(dir.path().join("model.safetensors"), b"not a safetensors file")
        .expect("written");
    let corrupt = Contextual::load(dir.path()).expect_err("corrupt weights");
    assert!(corrupt.to_string().contains("model.safetensors"), "{corrupt}");
}
