//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::print_stderr)]

use std::path::{Path, PathBuf};

use provtrace::tagger::Tagger;
use provtrace::{Config, Input, Report, ingest, pipeline};

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/<rel>` beside the project, or `None` with a printed reason.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let path = manifest_dir().join("..").join("shared").join(rel);
    if path.exists() {
        Some(path)
    } else {
        // CI never passes a test that did not run.
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "`{}` is not present, and CI=true",
            path.display()
        );
        eprintln!("skipping: `{}` is not present", path.display());
        None
    }
}

pub fn samples_config() -> Config {
    let path = manifest_dir().join("samples/provtrace.toml");
    let text = std::fs::read_to_string(&path).expect("samples/provtrace.toml");
    let config = Config::from_toml(&text, &path).expect("valid sample configuration");
    config.validate().expect("valid sample configuration");
    config
}

/// Runs the `provtrace` binary's `analyze INPUT --format json` into a
/// temporary directory, as a user runs it, and returns the parsed
/// `report.json`.
pub fn analyze_as_run(input: &Path) -> serde_json::Value {
    let out = tempfile::tempdir().expect("temporary directory");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_provtrace"))
        .arg("analyze")
        .arg(input)
        .args(["--format", "json", "--quiet", "-o"])
        .arg(out.path())
        .status()
        .expect("provtrace runs");
    assert!(status.success(), "provtrace analyze failed: {status}");
    let text = std::fs::read_to_string(out.path().join("report.json")).expect("report.json");
    serde_json::from_str(&text).expect("report.json parses")
}

/// Reads and analyses the inputs.
pub fn analyze(inputs: &[&Path], config: &Config) -> (Report, provtrace::Corpus) {
    analyze_with(inputs, config, &Tagger::Crf)
}

/// Reads and analyses the inputs, tagging attributions with `tagger`.
pub fn analyze_with(
    inputs: &[&Path],
    config: &Config,
    tagger: &Tagger,
) -> (Report, provtrace::Corpus) {
    let inputs: Vec<Input> = inputs.iter().map(|p| Input::Path(p.to_path_buf())).collect();
    let corpus = ingest::read(&inputs, &config.ingest);
    (pipeline::analyze_with(&corpus, config, tagger), corpus)
}

/// The shipped contextual attribution model's directory.
pub fn attribution_model_dir() -> PathBuf {
    manifest_dir().join("models/attribution-minilm")
}

/// The shipped contextual attribution model, loaded.
#[cfg(feature = "contextual")]
pub fn contextual_tagger() -> Tagger {
    let model = provtrace::contextual::Contextual::load(&attribution_model_dir())
        .expect("the shipped model loads");
    Tagger::Model(Box::new(model))
}

/// Checks that every span in the report (any `span`, `copy_of`,
/// `source_span`, `target_span` pair under a document) is in bounds and on
/// character boundaries of that document's text.
pub fn assert_spans_on_boundaries(report: &Report, corpus: &provtrace::Corpus) {
    let json = serde_json::to_value(report).expect("serialisable");
    for (doc, value) in
        corpus.documents.iter().zip(json["documents"].as_array().expect("documents"))
    {
        let mut count = 0;
        walk(value, &mut |span| {
            count += 1;
            let (start, end) = span;
            assert!(
                start <= end && end <= doc.text.len(),
                "{}: span {start}..{end} out of bounds",
                doc.id
            );
            assert!(
                doc.text.is_char_boundary(start) && doc.text.is_char_boundary(end),
                "{}: span {start}..{end} splits a character",
                doc.id
            );
        });
        let _ = count;
    }
}

fn walk(value: &serde_json::Value, f: &mut impl FnMut((usize, usize))) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                if matches!(key.as_str(), "span" | "copy_of" | "source_span" | "target_span")
                    && let Some([a, b]) = v.as_array().map(Vec::as_slice)
                    && let (Some(a), Some(b)) = (a.as_u64(), b.as_u64())
                {
                    f((a as usize, b as usize));
                    continue;
                }
                walk(v, f);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, f)),
        _ => {}
    }
}
