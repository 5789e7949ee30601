//! Scores provtrace on a labelled corpus and prints the figures.
//!
//! ```text
//! cargo run --release --example evaluate -- clough-stevenson ../shared/data/clough-stevenson
//! ```
//!
//! Clough & Stevenson: each answer against its task's source, with default
//! settings. Prints mean coverage per class, the confusion matrix of the
//! derivation classes, reused (cut, light, heavy) against non with
//! `derivation != none` as the decision, and a three-class view.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;
use std::process::ExitCode;

use provtrace::align::Derivation;
use provtrace::evaluate::{self, Confusion, Scores};
use provtrace::{Config, Input, ingest};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [corpus, dir] if corpus == "clough-stevenson" => {
            clough_stevenson(&PathBuf::from(dir), &Config::default())
        }
        [corpus, dir, flag, file] if corpus == "clough-stevenson" && flag == "--config" => {
            let config = std::fs::read_to_string(file)
                .map_err(|e| e.to_string())
                .and_then(|t| Config::from_toml(&t, file.as_ref()).map_err(|e| e.to_string()))
                .and_then(|c| c.validate().map(|()| c).map_err(|e| e.to_string()));
            match config {
                Ok(config) => clough_stevenson(&PathBuf::from(dir), &config),
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
        _ => {
            eprintln!("usage: evaluate clough-stevenson DIR [--config FILE]");
            ExitCode::from(2)
        }
    }
}

fn clough_stevenson(dir: &std::path::Path, config: &Config) -> ExitCode {
    let labels = match std::fs::read_to_string(dir.join("labels.csv")) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: cannot read `{}`: {e}", dir.join("labels.csv").display());
            return ExitCode::from(2);
        }
    };
    let corpus = ingest::read(&[Input::Path(dir.join("texts"))], &config.ingest);
    for skipped in &corpus.skipped {
        eprintln!("warning: skipped `{}`: {}", skipped.input, skipped.reason);
    }
    let scored = evaluate::clough_stevenson(&labels, &corpus, config);
    println!("Clough & Stevenson: {} answers scored against their sources\n", scored.len());
    println!(
        "{:>8} {:>6} {:>14} {:>22}",
        "class", "count", "mean coverage", "mean verbatim coverage"
    );
    for class in ["cut", "light", "heavy", "non"] {
        let rows: Vec<_> = scored.iter().filter(|s| s.category == class).collect();
        let mean = |f: &dyn Fn(&evaluate::Scored) -> f64| {
            rows.iter().map(|s| f(s)).sum::<f64>() / rows.len().max(1) as f64
        };
        println!(
            "{class:>8} {:>6} {:>14.3} {:>22.3}",
            rows.len(),
            mean(&|s| s.coverage),
            mean(&|s| s.verbatim_coverage)
        );
    }
    let name = |d: Derivation| match d {
        Derivation::Wholly => "wholly",
        Derivation::Partially => "partially",
        Derivation::None => "none",
    };
    let mut matrix =
        Confusion::new(&["cut", "light", "heavy", "non"], &["wholly", "partially", "none"]);
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    let mut three =
        Confusion::new(&["wholly", "partially", "none"], &["wholly", "partially", "none"]);
    for s in &scored {
        matrix.add(&s.category, name(s.derivation));
        let reused = s.category != "non";
        let predicted = s.derivation != Derivation::None;
        match (reused, predicted) {
            (true, true) => tp += 1,
            (false, true) => fp += 1,
            (true, false) => fn_ += 1,
            (false, false) => {}
        }
        let truth = match s.category.as_str() {
            "cut" | "light" => "wholly",
            "heavy" => "partially",
            _ => "none",
        };
        three.add(truth, name(s.derivation));
    }
    println!("\nderivation by class:\n{}", matrix.table());
    let binary = Scores::from_counts(tp, fp, fn_);
    println!(
        "reused (cut, light, heavy) vs non, decision derivation != none: precision {:.3}, recall {:.3}, F1 {:.3}",
        binary.precision, binary.recall, binary.f1
    );
    println!(
        "\nthree classes (cut, light → wholly; heavy → partially; non → none):\n{}",
        three.table()
    );
    for class in ["wholly", "partially", "none"] {
        let s = three.scores(class);
        println!(
            "{class:>10}: precision {:.3}, recall {:.3}, F1 {:.3}",
            s.precision, s.recall, s.f1
        );
    }
    println!("macro-F1 {:.3}", three.macro_f1());
    if std::env::var_os("PROVTRACE_EVALUATE_DETAIL").is_some() {
        for s in &scored {
            println!(
                "{} {} {:.3} {:.3} {}",
                s.file,
                s.category,
                s.coverage,
                s.verbatim_coverage,
                name(s.derivation)
            );
        }
    }
    ExitCode::SUCCESS
}
