//! Writes what the convolutional attribution tagger reads of each word, for
//! its training (`benches/train_conv.sh`): each sequence of
//! `examples/train_tagger.rs` or `examples/distill_tagger.rs` (JSON Lines
//! with the words `w` and their labels `y`) as its words' pieces `p`, their
//! last three letters in lower case `s` and their flags `f`, with `y` (and
//! `q`, the contextual model's scores, where there) unchanged.
//!
//! ```text
//! cargo run --release --example conv_inputs < SEQUENCES.jsonl > INPUTS.jsonl
//! ```
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{BufRead, Write};
use std::process::ExitCode;

use provtrace::tagger::{self, convolution};

fn main() -> ExitCode {
    match run() {
        Ok(n) => {
            eprintln!("{n} sequences written");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<usize, String> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut n = 0;
    for (number, line) in std::io::stdin().lock().lines().enumerate() {
        let line = line.map_err(|e| e.to_string())?;
        let record: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| format!("line {}: {e}", number + 1))?;
        let words: Vec<&str> = record["w"]
            .as_array()
            .ok_or_else(|| format!("line {}: no `w`", number + 1))?
            .iter()
            .filter_map(serde_json::Value::as_str)
            .collect();
        let pieces: Vec<Vec<u32>> = words
            .iter()
            .map(|w| {
                let mut p = Vec::new();
                convolution::pieces(w, &mut p);
                p
            })
            .collect();
        let suffixes: Vec<String> =
            words.iter().map(|w| tagger::suffix(&w.to_lowercase()).to_string()).collect();
        let flags = tagger::word_flags(&words);
        let mut json =
            serde_json::json!({ "p": pieces, "s": suffixes, "f": flags, "y": record["y"] });
        // The contextual model's log-probabilities, where
        // `examples/teacher_scores.rs` added them.
        if let Some(q) = record.get("q") {
            json["q"] = q.clone();
        }
        writeln!(out, "{json}").map_err(|e| e.to_string())?;
        n += 1;
    }
    out.flush().map_err(|e| e.to_string())?;
    Ok(n)
}
