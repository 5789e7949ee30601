//! Writes the training sequences of the attribution tagger
//! (`src/tagger.rs`) from the PolNeAR train compartment, one JSON line per
//! sentence: `{"w": [word, ...], "x": [[attribute, ...] per word], "y": [label per word]}`.
//! `benches/train_tagger.sh` runs it and trains the model with `CRFsuite`.
//!
//! ```text
//! cargo run --release --example train_tagger -- ../shared/data/polnear > sequences.jsonl
//! ```
//!
//! Each article's first annotator's file gives the cue and source spans;
//! the article is cut into sentences as `analyze` cuts it, and each
//! sentence is one training sequence. The features come from the same
//! `tagger::features` that tags at run time, so the two cannot drift apart.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use provtrace::{sentence, tagger};
use provtrace_evaluate as evaluate;

#[path = "support/polnear.rs"]
mod polnear;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (dir, compartment) = match args.as_slice() {
        [dir] => (dir, "train"),
        [dir, flag, compartment] if flag == "--compartment" => (dir, compartment.as_str()),
        _ => {
            eprintln!(
                "usage: train_tagger POLNEAR_DIR [--compartment train|dev] > SEQUENCES.jsonl"
            );
            return ExitCode::from(2);
        }
    };
    let stdout = std::io::stdout().lock();
    match write(Path::new(dir), compartment, &mut std::io::BufWriter::new(stdout)) {
        Ok(n) => {
            eprintln!("{n} {compartment} sentences written");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn write(dir: &Path, compartment: &str, out: &mut impl Write) -> std::io::Result<usize> {
    let texts = dir.join(compartment).join("text");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&texts)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    let mut sequences = 0;
    for path in names {
        let Some(name) = path.file_stem().map(|s| s.to_string_lossy().into_owned()) else {
            continue;
        };
        let text = std::fs::read_to_string(&path)?;
        let Some(ann) = polnear::first_annotation(&dir.join(compartment), &name) else { continue };
        let gold = evaluate::brat_attributions(&ann, &text);
        for span in sentence::sentences(&text, "eng") {
            let inside = |spans: &[provtrace::span::Span]| -> Vec<(usize, usize)> {
                spans
                    .iter()
                    .filter(|g| g.start < span.end && g.end > span.start)
                    .map(|g| {
                        (g.start.max(span.start) - span.start, g.end.min(span.end) - span.start)
                    })
                    .collect()
            };
            let sentence = span.slice(&text);
            let words = tagger::words(sentence);
            if words.is_empty() {
                continue;
            }
            let labels = tagger::labels(&words, &inside(&gold.cues), &inside(&gold.sources));
            let mut x: Vec<Vec<String>> = vec![Vec::new(); words.len()];
            tagger::features(sentence, &words, |k, name| x[k].push(name.to_string()));
            let w: Vec<&str> = words.iter().map(|&(a, b)| &sentence[a..b]).collect();
            serde_json::to_writer(&mut *out, &serde_json::json!({ "w": w, "x": x, "y": labels }))?;
            out.write_all(b"\n")?;
            sequences += 1;
        }
    }
    out.flush()?;
    Ok(sequences)
}
