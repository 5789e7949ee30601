//! Writes training sequences for the attribution tagger labelled by the
//! contextual model instead of annotators: each sentence of an unlabelled
//! corpus, tagged by the model in `MODEL_DIR`, in the format of
//! `examples/train_tagger.rs`. Training the CRF on these beside PolNeAR's
//! train compartment distils the slower model into the faster one.
//!
//! ```text
//! cargo run --release --example distill_tagger -- \
//!     models/attribution-minilm CORPUS.jsonl [--every N] > silver.jsonl
//! ```
//!
//! CORPUS is JSON Lines with a `text` field. `--every N` keeps every Nth
//! document, for a smaller sample spread over the whole corpus.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{BufRead, Write};
use std::process::ExitCode;

use provtrace::parallel::Parallel;
use provtrace::{Rayon, sentence, tagger};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (model, corpus, every) = match args.as_slice() {
        [model, corpus] => (model, corpus, 1),
        [model, corpus, flag, n]
            if flag == "--every" && n.parse::<usize>().is_ok_and(|n| n > 0) =>
        {
            (model, corpus, n.parse().unwrap_or(1))
        }
        _ => {
            eprintln!("usage: distill_tagger MODEL_DIR CORPUS.jsonl [--every N] > SEQUENCES.jsonl");
            return ExitCode::from(2);
        }
    };
    match run(model, corpus, every) {
        Ok(n) => {
            eprintln!("{n} sentences written");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(model: &str, corpus: &str, every: usize) -> Result<usize, String> {
    let model =
        provtrace::contextual::Contextual::load(model.as_ref()).map_err(|e| e.to_string())?;
    let file = std::fs::File::open(corpus).map_err(|e| format!("{corpus}: {e}"))?;
    let mut texts: Vec<String> = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| format!("{corpus}: {e}"))?;
        if n % every != 0 {
            continue;
        }
        let record: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| format!("{corpus}:{}: {e}", n + 1))?;
        if let Some(text) = record.get("text").and_then(|t| t.as_str()) {
            texts.push(text.to_string());
        }
    }
    let tag = |_, text: &String| {
        let mut out = Vec::new();
        for span in sentence::sentences(text, "eng") {
            let sentence = span.slice(text);
            let words = tagger::words(sentence);
            if words.is_empty() || words.len() > 120 {
                continue;
            }
            let tagged = model.tag(sentence);
            let labels = tagger::labels(&words, &tagged.cues, &tagged.sources);
            let mut x: Vec<Vec<String>> = vec![Vec::new(); words.len()];
            tagger::features(sentence, &words, |k, name| x[k].push(name.to_string()));
            let w: Vec<&str> = words.iter().map(|&(a, b)| &sentence[a..b]).collect();
            out.push(serde_json::json!({ "w": w, "x": x, "y": labels }).to_string());
        }
        out
    };
    let lines: Vec<Vec<String>> = Rayon.map(&texts, tag);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut n = 0;
    for line in lines.iter().flatten() {
        writeln!(out, "{line}").map_err(|e| e.to_string())?;
        n += 1;
    }
    out.flush().map_err(|e| e.to_string())?;
    Ok(n)
}
