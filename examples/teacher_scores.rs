//! Adds the contextual model's label log-probabilities to each sequence of
//! `examples/train_tagger.rs` or `examples/distill_tagger.rs`: for each
//! word of `w`, `q`, its five log-probabilities in the order of
//! `tagger::LABELS`, which the convolutional tagger's training
//! (`benches/train_conv.py`) learns to approach beside the labels `y`.
//!
//! ```text
//! cargo run --release --features contextual --example teacher_scores -- \
//!     models/attribution-minilm < SEQUENCES.jsonl > SCORED.jsonl
//! ```
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{BufRead, Write};
use std::process::ExitCode;

use provtrace::Rayon;
use provtrace::parallel::Parallel;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [model] = args.as_slice() else {
        eprintln!("usage: teacher_scores MODEL_DIR < SEQUENCES.jsonl > SCORED.jsonl");
        return ExitCode::from(2);
    };
    match run(model) {
        Ok(n) => {
            eprintln!("{n} sequences scored");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(model: &str) -> Result<usize, String> {
    let model =
        provtrace::contextual::Contextual::load(model.as_ref()).map_err(|e| e.to_string())?;
    let mut records: Vec<serde_json::Value> = Vec::new();
    for (n, line) in std::io::stdin().lock().lines().enumerate() {
        let line = line.map_err(|e| e.to_string())?;
        records.push(serde_json::from_str(&line).map_err(|e| format!("line {}: {e}", n + 1))?);
    }
    let score = |_, record: &serde_json::Value| -> String {
        let words: Vec<&str> = record["w"]
            .as_array()
            .map(|w| w.iter().filter_map(serde_json::Value::as_str).collect())
            .unwrap_or_default();
        let q = model.word_scores(&words).unwrap_or_default();
        // Rounded: three decimals are plenty for a target, and a tenth of the file.
        let q: Vec<Vec<f32>> = q
            .iter()
            .map(|row| row.iter().map(|x| (x.max(-30.0) * 1000.0).round() / 1000.0).collect())
            .collect();
        serde_json::json!({ "w": record["w"], "y": record["y"], "q": q }).to_string()
    };
    let lines = Rayon.map(&records, score);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in &lines {
        writeln!(out, "{line}").map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())?;
    Ok(lines.len())
}
