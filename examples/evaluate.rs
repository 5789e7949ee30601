//! Scores provtrace on a labelled corpus and prints the figures.
//!
//! ```text
//! cargo run --release --example evaluate -- clough-stevenson ../shared/data/clough-stevenson
//! ```
//!
//! ```text
//! cargo run --release --example evaluate -- meter ../shared/data/meter-showbiz
//! ```
//!
//! ```text
//! cargo run --release --example evaluate -- polnear ../shared/data/polnear
//! ```
//!
//! Reuse is scored as a user gets it: one `provtrace analyze` over the whole
//! corpus (the release binary beside this example, or `$PROVTRACE`), scored
//! from the `report.json` it writes. Build it first (`cargo build
//! --release`). Arguments after `--` go to `provtrace analyze` (`-- --config
//! FILE`).
//!
//! Clough & Stevenson: each answer's link from its task's source (or a member
//! of the source's duplicate cluster): reused (cut, light, heavy) against
//! non, a three-class view, and how often the best source is the source
//! itself. Then, for the ranking of the levels, mean coverage per class from
//! `compare` of each answer with its source.
//!
//! METER: wire copy dated its folder's day, newspapers the next day, in one
//! JSON Lines corpus; each labelled story's best link from a wire file gives
//! its class (wholly, partially, non-derived): the confusion matrix,
//! macro-F1, derived-vs-non F1, and source P@1 (the best source is one of the
//! story's candidate wire files) over the derived stories.
//!
//! PolNeAR: attribution cues and sources against the annotations of one
//! compartment (dev by default), precision, recall and F1 at span overlap 0.3
//! and 0.8; and wire-service credit (AP, AFP, Reuters, UPI) against the
//! `wire` column of `metadata.tsv`, over all articles and over those whose
//! text names the wire service.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;
use std::process::ExitCode;

use provtrace::gazetteer::Gazetteer;
use provtrace::ingest::Metadata;
use provtrace::page::{self, Scope};
use provtrace::tagger::Tagger;
use provtrace::{Config, Input, boilerplate, ingest};
use provtrace_evaluate::{self as evaluate, Confusion, Scores};

#[path = "support/polnear.rs"]
mod polnear;

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    // After `--`: arguments for `provtrace analyze`.
    let analyze_args: Vec<String> = match args.iter().position(|a| a == "--") {
        Some(i) => {
            let rest = args.split_off(i);
            rest[1..].to_vec()
        }
        None => Vec::new(),
    };
    ANALYZE_ARGS.set(analyze_args).unwrap_or_default();
    // `--attribution-model conv|crf|contextual|DIR`, as `analyze` takes it.
    let model = match args.iter().position(|a| a == "--attribution-model") {
        Some(i) if i + 1 < args.len() => {
            let model = args.remove(i + 1);
            args.remove(i);
            model
        }
        _ => "conv".to_string(),
    };
    let tagger = match provtrace::cli::named_tagger(&model) {
        Ok(tagger) => tagger,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::from(2);
        }
    };
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
        [corpus, dir] if corpus == "meter" => meter(&PathBuf::from(dir)),
        [corpus, dir] if corpus == "polnear" => polnear(&PathBuf::from(dir), "dev", &tagger),
        [corpus, dir, flag, compartment] if corpus == "polnear" && flag == "--compartment" => {
            polnear(&PathBuf::from(dir), compartment, &tagger)
        }
        _ => {
            eprintln!(
                "usage: evaluate clough-stevenson DIR [--config FILE] [-- ANALYZE-ARGS]\n       evaluate meter DIR [-- ANALYZE-ARGS]\n       evaluate polnear DIR [--compartment dev|train|test] [--attribution-model conv|crf|contextual|DIR]"
            );
            ExitCode::from(2)
        }
    }
}

/// Arguments given after `--`, passed to every `provtrace analyze`.
static ANALYZE_ARGS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();

/// The `provtrace` binary to run: `$PROVTRACE`, else the one built beside
/// this example.
fn binary() -> PathBuf {
    if let Some(path) = std::env::var_os("PROVTRACE") {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().unwrap_or_default();
    let dir = exe.parent().and_then(std::path::Path::parent).unwrap_or(std::path::Path::new("."));
    dir.join(format!("provtrace{}", std::env::consts::EXE_SUFFIX))
}

/// Runs `provtrace analyze INPUT [args]` into a temporary directory and
/// returns the parsed `report.json`.
fn analyze(input: &std::path::Path, args: &[&str]) -> Result<serde_json::Value, String> {
    let out = tempfile::tempdir().map_err(|e| e.to_string())?;
    let binary = binary();
    let status = std::process::Command::new(&binary)
        .arg("analyze")
        .arg(input)
        .args(["--format", "json", "--quiet", "-o"])
        .arg(out.path())
        .args(args)
        .args(ANALYZE_ARGS.get().map(Vec::as_slice).unwrap_or_default())
        .status()
        .map_err(|e| {
            format!(
                "cannot run `{}`: {e} (build it with `cargo build --release`)",
                binary.display()
            )
        })?;
    if !status.success() {
        return Err(format!("`{}` failed: {status}", binary.display()));
    }
    let text =
        std::fs::read_to_string(out.path().join("report.json")).map_err(|e| e.to_string())?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

/// [`analyze`] with the wall time it took; an error is printed.
fn timed_analyze(input: &std::path::Path) -> Option<(serde_json::Value, f64)> {
    let started = std::time::Instant::now();
    match analyze(input, &[]) {
        Ok(report) => Some((report, started.elapsed().as_secs_f64())),
        Err(e) => {
            eprintln!("error: {e}");
            None
        }
    }
}

fn binary_scores(rows: impl Iterator<Item = (bool, bool)>) -> Scores {
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for (truth, predicted) in rows {
        match (truth, predicted) {
            (true, true) => tp += 1,
            (false, true) => fp += 1,
            (true, false) => fn_ += 1,
            (false, false) => {}
        }
    }
    Scores::from_counts(tp, fp, fn_)
}

fn meter(dir: &std::path::Path) -> ExitCode {
    let (labels, corpus) =
        match (std::fs::read_to_string(dir.join("labels.tsv")), evaluate::meter_corpus(dir)) {
            (Ok(labels), Ok(corpus)) => (labels, corpus),
            (Err(e), _) | (_, Err(e)) => {
                eprintln!("error: cannot read `{}`: {e}", dir.display());
                return ExitCode::from(2);
            }
        };
    let Ok(input) = tempfile::Builder::new().suffix(".jsonl").tempfile() else {
        eprintln!("error: cannot make a temporary file");
        return ExitCode::from(2);
    };
    if let Err(e) = std::fs::write(input.path(), corpus) {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    let Some((report, seconds)) = timed_analyze(input.path()) else { return ExitCode::from(2) };
    let stories = evaluate::meter_as_run(&labels, &report);
    let classes = ["wholly_derived", "partially_derived", "non_derived"];
    let mut three = Confusion::new(&classes, &classes);
    for s in &stories {
        three.add(&s.label, &s.predicted);
    }
    println!(
        "METER: {} stories, one `provtrace analyze` over {} documents ({seconds:.1} s)\n",
        stories.len(),
        report["summary"]["documents"]
    );
    println!("{}", three.table());
    for class in classes {
        let s = three.scores(class);
        println!(
            "{class:>18}: precision {:.3}, recall {:.3}, F1 {:.3}",
            s.precision, s.recall, s.f1
        );
    }
    println!("ternary macro-F1 {:.3}", three.macro_f1());
    let derived = binary_scores(
        stories.iter().map(|s| (s.label != "non_derived", s.predicted != "non_derived")),
    );
    println!(
        "derived vs non: precision {:.3}, recall {:.3}, F1 {:.3}",
        derived.precision, derived.recall, derived.f1
    );
    let labelled: Vec<_> = stories.iter().filter(|s| s.label != "non_derived").collect();
    let right = labelled.iter().filter(|s| s.source_right).count();
    println!(
        "source P@1 over the {} derived stories: {:.3} ({right} right, {} with no wire source)",
        labelled.len(),
        right as f64 / labelled.len().max(1) as f64,
        labelled.iter().filter(|s| s.source.is_none()).count()
    );
    if std::env::var_os("PROVTRACE_EVALUATE_DETAIL").is_some() {
        for s in &stories {
            println!(
                "{} {} {} {} {}",
                s.file,
                s.label,
                s.predicted,
                s.source.as_deref().unwrap_or("-"),
                if s.source_right { "right" } else { "" }
            );
        }
    }
    ExitCode::SUCCESS
}

fn clough_stevenson(dir: &std::path::Path, config: &Config) -> ExitCode {
    let labels = match std::fs::read_to_string(dir.join("labels.csv")) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: cannot read `{}`: {e}", dir.join("labels.csv").display());
            return ExitCode::from(2);
        }
    };
    let Some((report, seconds)) = timed_analyze(&dir.join("texts")) else {
        return ExitCode::from(2);
    };
    let answers = evaluate::clough_stevenson_as_run(&labels, &report);
    println!(
        "Clough & Stevenson: {} answers, one `provtrace analyze` over {} documents ({seconds:.1} s)\n",
        answers.len(),
        report["summary"]["documents"]
    );
    let reused =
        binary_scores(answers.iter().map(|a| (a.category != "non", a.derivation != "none")));
    println!(
        "reused (cut, light, heavy) vs non, a link from the task's source: precision {:.3}, recall {:.3}, F1 {:.3}",
        reused.precision, reused.recall, reused.f1
    );
    let linked: Vec<_> = answers.iter().filter(|a| a.derivation != "none").collect();
    println!(
        "best source is the task's source itself: {} of {} linked answers",
        linked.iter().filter(|a| a.source_itself).count(),
        linked.len()
    );
    let mut as_run =
        Confusion::new(&["cut", "light", "heavy", "non"], &["wholly", "partially", "none"]);
    for a in &answers {
        as_run.add(&a.category, &a.derivation);
    }
    println!("\nderivation by class, as run:\n{}", as_run.table());
    if std::env::var_os("PROVTRACE_EVALUATE_DETAIL").is_some() {
        for a in &answers {
            println!("{} {} {} {}", a.file, a.category, a.derivation, a.source_itself);
        }
    }
    println!("\n`compare` of each answer with its source, one pair at a time:");
    clough_stevenson_pairs(dir, &labels, config)
}

fn clough_stevenson_pairs(dir: &std::path::Path, labels: &str, config: &Config) -> ExitCode {
    let corpus = ingest::read(&[Input::Path(dir.join("texts"))], &config.ingest);
    let scored = evaluate::clough_stevenson(labels, &corpus, config);
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
    ExitCode::SUCCESS
}

fn polnear(dir: &std::path::Path, compartment: &str, tagger: &Tagger) -> ExitCode {
    println!("attribution tagger: {}", tagger.name());
    let metadata = match std::fs::read_to_string(dir.join("metadata.tsv")) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: cannot read `{}`: {e}", dir.join("metadata.tsv").display());
            return ExitCode::from(2);
        }
    };
    let gazetteer = Gazetteer::new(&[]);
    let mut header = Vec::new();
    let (mut articles, mut annotated) = (0, 0);
    let mut counts = [[0usize; 3]; 4]; // cues@0.3, cues@0.8, sources@0.3, sources@0.8
    let (mut wire_tp, mut wire_fp, mut wire_fn, mut wire_fn_shown) = (0, 0, 0, 0);
    for (n, line) in metadata.lines().enumerate() {
        let fields: Vec<&str> = line.split('\t').collect();
        if n == 0 {
            header = fields.iter().map(|s| (*s).to_string()).collect();
            continue;
        }
        let field =
            |name: &str| header.iter().position(|h| h == name).and_then(|i| fields.get(i).copied());
        if field("compartment") != Some(compartment) {
            continue;
        }
        let Some(name) = field("filename") else { continue };
        let Ok(text) =
            std::fs::read_to_string(dir.join(compartment).join("text").join(format!("{name}.txt")))
        else {
            continue;
        };
        articles += 1;
        // Attributions: the first annotator's file.
        if let Some(ann) = polnear::first_annotation(&dir.join(compartment), name) {
            annotated += 1;
            let gold = evaluate::brat_attributions(&ann, &text);
            let found = evaluate::predicted_attributions(&text, &gazetteer, tagger);
            if std::env::var_os("PROVTRACE_EVALUATE_DETAIL").is_some() {
                for g in &gold.cues {
                    let hit = found.cues.iter().any(|p| evaluate::overlap(*p, *g) >= 0.3);
                    let (a, b) = (g.start.saturating_sub(80), (g.end + 40).min(text.len()));
                    let around = |i: usize| (0..=i).rev().find(|&i| text.is_char_boundary(i));
                    let (a, b) = (around(a).unwrap_or(0), around(b).unwrap_or(text.len()));
                    println!(
                        "{} cue {:?}\t{}[[{}]]{}",
                        if hit { "hit" } else { "miss" },
                        g.slice(&text).to_lowercase(),
                        text[a..g.start].replace('\n', " "),
                        g.slice(&text),
                        text[g.end..b].replace('\n', " ")
                    );
                }
                for p in &found.cues {
                    if !gold.cues.iter().any(|g| evaluate::overlap(*p, *g) >= 0.3) {
                        let near: Vec<&str> = gold
                            .cues
                            .iter()
                            .filter(|g| g.overlaps(*p))
                            .map(|g| g.slice(&text))
                            .collect();
                        println!("extra cue {:?}\t{near:?}", p.slice(&text).to_lowercase());
                    }
                }
            }
            for (k, (p, g, t)) in [
                (&found.cues, &gold.cues, 0.3),
                (&found.cues, &gold.cues, 0.8),
                (&found.sources, &gold.sources, 0.3),
                (&found.sources, &gold.sources, 0.8),
            ]
            .into_iter()
            .enumerate()
            {
                let (tp, fp, fn_) = evaluate::match_spans(p, g, t);
                counts[k][0] += tp;
                counts[k][1] += fp;
                counts[k][2] += fn_;
            }
        }
        // Wire credit.
        let truth =
            field("wire").filter(|w| !matches!(*w, "None" | "NA" | "")).map(str::to_lowercase);
        let lines = boilerplate::lines(&text);
        let page = page::parse(&text, &Metadata::default(), &lines, &gazetteer);
        let predicted: Vec<String> = page
            .credits
            .iter()
            .filter(|c| c.scope == Scope::Document && c.id.is_some_and(|id| gazetteer.is_wire(id)))
            .map(|c| wire_code(&c.outlet))
            .collect();
        match (&truth, predicted.first()) {
            (Some(t), Some(_)) if predicted.contains(t) => wire_tp += 1,
            (Some(t), Some(_)) => {
                wire_fp += 1;
                wire_fn += 1;
                wire_fn_shown += usize::from(shows_wire(&text, t));
            }
            (None, Some(_)) => wire_fp += 1,
            (Some(t), None) => {
                wire_fn += 1;
                wire_fn_shown += usize::from(shows_wire(&text, t));
            }
            (None, None) => {}
        }
    }
    println!("PolNeAR {compartment}: {articles} articles, {annotated} with annotations\n");
    println!("{:>8} {:>8} {:>10} {:>8} {:>8}", "what", "overlap", "precision", "recall", "F1");
    for (k, (what, t)) in
        [("cues", 0.3), ("cues", 0.8), ("sources", 0.3), ("sources", 0.8)].into_iter().enumerate()
    {
        let s = Scores::from_counts(counts[k][0], counts[k][1], counts[k][2]);
        println!("{what:>8} {t:>8.1} {:>10.3} {:>8.3} {:>8.3}", s.precision, s.recall, s.f1);
    }
    let all = Scores::from_counts(wire_tp, wire_fp, wire_fn);
    let shown = Scores::from_counts(wire_tp, wire_fp, wire_fn_shown);
    println!(
        "\nwire credit (AP, AFP, Reuters, UPI), {} credited articles: precision {:.3}, recall {:.3}, F1 {:.3}",
        wire_tp + wire_fn,
        all.precision,
        all.recall,
        all.f1
    );
    println!(
        "  where the text names the wire service ({} articles): precision {:.3}, recall {:.3}, F1 {:.3}",
        wire_tp + wire_fn_shown,
        shown.precision,
        shown.recall,
        shown.f1
    );
    ExitCode::SUCCESS
}

/// The `wire` column's spelling of a wire service.
fn wire_code(outlet: &str) -> String {
    match outlet {
        "Associated Press" => "ap",
        "Agence France-Presse" => "afp",
        "United Press International" => "upi",
        "Reuters" => "reuters",
        other => other,
    }
    .to_lowercase()
}

/// Whether the text names the wire service at all.
fn shows_wire(text: &str, code: &str) -> bool {
    let names: &[&str] = match code {
        "ap" => &["(AP)", "Associated Press"],
        "afp" => &["AFP", "Agence France"],
        "upi" => &["UPI", "United Press International"],
        "reuters" => &["Reuters", "REUTERS"],
        _ => &[],
    };
    names.iter().any(|n| text.contains(n))
}
