//! The contextual attribution tagger: the shipped model loads and tags, a
//! broken model directory is refused with its reason, and `analyze` with it
//! writes the same report at any thread count.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use provtrace::contextual::Contextual;
use provtrace::error::Error;

fn model_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("models/attribution-minilm")
}

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

#[test]
fn analyze_with_the_model_is_the_same_at_any_thread_count() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let out = tempfile::tempdir().expect("a temporary directory");
    let mut reports = Vec::new();
    for threads in ["1", "2"] {
        let dir = out.path().join(threads);
        Command::cargo_bin("provtrace")
            .expect("binary built")
            .args(["analyze", "--quiet", "--format", "json", "--threads", threads])
            .arg("--attribution-model")
            .arg(model_dir())
            .arg("--config")
            .arg(samples.join("provtrace.toml"))
            .arg("--output")
            .arg(&dir)
            .arg(&samples)
            .assert()
            .success();
        reports.push(std::fs::read(dir.join("report.json")).expect("report.json"));
    }
    assert!(reports[0] == reports[1], "reports differ between 1 and 2 threads");
    let report: serde_json::Value = serde_json::from_slice(&reports[0]).expect("JSON");
    let model = report["tool"]["attribution_model"].as_str().expect("the model is recorded");
    assert!(model.starts_with("attribution-minilm sha256:"), "{model}");
    assert!(report["claims"].as_array().is_some_and(|c| !c.is_empty()));
}

#[test]
fn analyze_refuses_a_missing_model_before_reading() {
    let out = tempfile::tempdir().expect("a temporary directory");
    let assert = Command::cargo_bin("provtrace")
        .expect("binary built")
        .args(["analyze", "--quiet", "--attribution-model", "/nonexistent/model", "--output"])
        .arg(out.path().join("r"))
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("samples"))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("cannot load the attribution model"), "{stderr}");
    assert!(!out.path().join("r").exists(), "no report directory is made");
}
