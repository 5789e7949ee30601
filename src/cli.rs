//! The command line: arguments to a validated [`Config`], then a run.
//!
//! This is the only module that prints, and what it prints has its control
//! characters escaped ([`printable`]), so that neither a file name nor an
//! article's text can send a terminal escape sequences. Exit codes: 0 when
//! the run finished (inputs that could not be read are listed in the report
//! and on standard error), 2 when it could not be done (bad arguments or
//! configuration, a named input that does not exist, no document read at
//! all, an output that cannot be written), 128 + the signal's number when
//! interrupted (130 for Ctrl-C), with no temporary file left. A closed
//! standard output (a broken pipe) ends the run quietly with 0.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::borrow::Cow;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};

use provtrace_archive::Archive;
use provtrace_engine::archive as engine_archive;

mod archive;

use crate::bars::Bars;
use crate::config::Config;
use crate::dedup;
use crate::ingest::{self, Input, Metadata};
use crate::pipeline::{self, Stage};
use crate::read;
use crate::report::{self, ComparisonFormat, Format};
use crate::tagger::Tagger;

/// Find copied news text within and across documents, and trace where it came from.
#[derive(Debug, Parser)]
#[command(name = "provtrace", version, arg_required_else_help = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Analyse a corpus: duplicates within and across documents, credits, outlets.
    Analyze(AnalyzeArgs),
    /// Compare two texts: aligned passages side by side, coverage, derivation, direction.
    Compare(CompareArgs),
    /// The fast path: near-duplicate clusters and a keep/drop list.
    Dedup(DedupArgs),
    /// Each input as the other commands read it, one JSON Lines record a
    /// document (id, text, title, url, outlet, published, original): a web page's
    /// article and what the page declares, ready to inspect, filter and
    /// read again.
    Extract(ExtractArgs),
    /// Trace a claim to where it came from, from a report `analyze` wrote:
    /// each text it passed through, the link and the passage, the origin
    /// and why. Exit 1 when nothing matches.
    Trace(TraceArgs),
    /// Keep documents in an archive, once, and check new ones against it
    /// (`analyze NEW --archive ARCHIVE`).
    #[command(subcommand)]
    Archive(archive::ArchiveCommand),
}

#[derive(Debug, Args)]
#[command(arg_required_else_help = true)]
struct TraceArgs {
    /// The directory `analyze` wrote (holding report.json), or the
    /// report.json itself.
    report: PathBuf,
    /// A claim id (c3-2), a claim cluster id (k7), or words of the claim's
    /// sentence.
    #[arg(value_name = "CLAIM_OR_CLUSTER_ID_OR_WORDS", required = true, num_args = 1..)]
    query: Vec<String>,
}

#[derive(Debug, Args)]
#[command(arg_required_else_help = true)]
struct ExtractArgs {
    /// Files, directories, `.jsonl` files, or `-` for JSON Lines on standard input.
    #[arg(value_name = "INPUT", required = true)]
    inputs: Vec<String>,
    /// Where to write the records (default: standard output).
    #[arg(short, long, value_name = "FILE.jsonl")]
    output: Option<PathBuf>,
    #[command(flatten)]
    read: ReadArgs,
}

#[derive(Debug, Args)]
#[command(arg_required_else_help = true)]
struct DedupArgs {
    /// Files, directories, `.jsonl` files, or `-` for JSON Lines on standard input.
    #[arg(value_name = "INPUT", required = true)]
    inputs: Vec<String>,
    /// Where to write the list (default: standard output); the clusters go
    /// beside it as FILE.clusters.json.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// jsonl (one object a line) or csv.
    #[arg(long, default_value = "jsonl")]
    format: DedupFormatArg,
    /// Also write every pair of documents at or above the threshold, as CSV
    /// (a, b, jaccard).
    #[arg(long, value_name = "FILE")]
    pairs: Option<PathBuf>,
    /// Shingle each text whole, as given: no boilerplate lines or repeated
    /// passages left out.
    #[arg(long)]
    raw: bool,
    #[command(flatten)]
    run: RunArgs,
}

/// Settings `analyze` and `dedup` share.
#[derive(Debug, Args)]
struct RunArgs {
    /// Jaccard threshold for near-duplicates, in (0, 1]; overrides the configuration.
    #[arg(long, value_name = "J")]
    threshold: Option<f64>,
    #[command(flatten)]
    read: ReadArgs,
}

/// Settings of every command that reads a corpus.
#[derive(Debug, Args)]
struct ReadArgs {
    /// Worker threads (default: all cores), at most 1024. The output is the
    /// same for any count.
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// More file endings to read when walking a directory, comma-separated
    /// (`--ext md,xml`), beside txt, text, htm, html, jsonl, ndjson, warc and warc.gz.
    #[arg(long, value_name = "EXT", value_delimiter = ',')]
    ext: Vec<String>,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
    /// Print each stage's wall time (and, on Linux, resident memory) on
    /// standard error as it ends.
    #[arg(long)]
    timings: bool,
    /// A TOML configuration file (thresholds, shingle size, outlets).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The JSON Lines field that holds each record's text, when it is not
    /// `text` (`--text-field body`).
    #[arg(long, value_name = "NAME")]
    text_field: Option<String>,
}

impl RunArgs {
    /// The validated configuration, after checking the thread count.
    fn config(&self) -> anyhow::Result<Config> {
        self.read.config(self.threshold)
    }
}

impl ReadArgs {
    /// The validated configuration with `threshold`, after checking the
    /// thread count.
    fn config(&self, threshold: Option<f64>) -> anyhow::Result<Config> {
        match self.threads {
            Some(0) => {
                anyhow::bail!("`--threads 0`: give at least 1, or leave it out to use every core")
            }
            Some(n) if n > MAX_THREADS => anyhow::bail!(
                "`--threads {n}`: at most {MAX_THREADS}, or leave it out to use every core"
            ),
            _ => {}
        }
        let mut config = config(self.config.as_ref(), threshold, &self.ext)?;
        if let Some(name) = &self.text_field {
            if name.trim().is_empty() {
                anyhow::bail!("`--text-field`: give the name of the field that holds the text");
            }
            config.ingest.text_field = Some(name.clone());
        }
        Ok(config)
    }
}

/// More threads than this are refused: they would only contend for the
/// cores, and creating tens of thousands of them can take minutes.
const MAX_THREADS: usize = 1024;

#[derive(Clone, Copy, Debug, ValueEnum)]
enum DedupFormatArg {
    Jsonl,
    Csv,
}

#[derive(Debug, Args)]
#[command(arg_required_else_help = true)]
struct CompareArgs {
    /// The first text (a file; a JSON Lines file holding one record).
    a: PathBuf,
    /// The second text.
    b: PathBuf,
    /// Output format on standard output.
    #[arg(long, default_value = "text")]
    format: CompareFormatArg,
    /// Take A as the source instead of inferring the direction.
    #[arg(long)]
    as_given: bool,
    /// A TOML configuration file.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum CompareFormatArg {
    /// Side by side for a terminal.
    Text,
    /// Markdown tables.
    Md,
    /// The comparison as JSON.
    Json,
    /// A self-contained HTML page.
    Html,
}

#[derive(Debug, Args)]
#[command(arg_required_else_help = true)]
struct AnalyzeArgs {
    /// Files, directories (walked recursively), `.jsonl` files, or `-` for
    /// JSON Lines on standard input.
    #[arg(value_name = "INPUT", required = true)]
    inputs: Vec<String>,
    /// Directory for the reports.
    #[arg(short, long, value_name = "DIR", default_value = "provtrace-report")]
    output: PathBuf,
    /// Report formats, comma-separated: json, md, html, dot, csv.
    #[arg(long, value_delimiter = ',', default_value = "json,html,md")]
    format: Vec<FormatArg>,
    /// What tags attribution cues and sources: `conv`, the built-in
    /// convolutional network (`auto` is the same); `crf`, the built-in CRF,
    /// faster and less accurate; `contextual`, the transformer shipped in
    /// models/attribution-minilm (found beside the executable), about eighty
    /// times slower; or DIR, a contextual model's directory (config.json,
    /// tokenizer.json, model.safetensors).
    #[arg(long, value_name = "conv|crf|contextual|DIR", default_value = "conv")]
    attribution_model: String,
    /// Check the inputs against this archive (made by `provtrace archive
    /// add`): the report holds them and the archived documents they touch.
    #[arg(long, value_name = "ARCHIVE")]
    archive: Option<PathBuf>,
    /// With `--archive`, add the inputs to the archive after the reports
    /// are written.
    #[arg(long, requires = "archive")]
    add: bool,
    #[command(flatten)]
    run: RunArgs,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
    /// report.json, for machines.
    Json,
    /// report.md, with the graph as Mermaid.
    Md,
    /// report.html, self-contained, with the graph as SVG.
    Html,
    /// graph.dot, for Graphviz.
    Dot,
    /// reuse.csv and claims.csv.
    Csv,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Json => Format::Json,
            FormatArg::Md => Format::Markdown,
            FormatArg::Html => Format::Html,
            FormatArg::Dot => Format::Dot,
            FormatArg::Csv => Format::Csv,
        }
    }
}

/// Runs the command line and returns the process's exit code.
pub fn main() -> ExitCode {
    crate::temporary::remove_on_signal();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let said = e.to_string();
            eprintln!("error: {}", printable(&said));
            // A cause the message already quotes is not said twice.
            for cause in e.chain().skip(1).map(ToString::to_string) {
                if !said.contains(&cause) {
                    eprintln!("  caused by: {}", printable(&cause));
                }
            }
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Analyze(args) => analyze(&args),
        Command::Compare(args) => compare(&args),
        Command::Dedup(args) => dedup(&args),
        Command::Extract(args) => extract(&args),
        Command::Trace(args) => trace(&args),
        Command::Archive(command) => archive::run(command),
    }
}

/// `provtrace extract`: each document read, as a JSON Lines record.
fn extract(args: &ExtractArgs) -> anyhow::Result<()> {
    let config = args.read.config(None)?;
    let inputs = inputs(&args.inputs)?;
    if let Some(path) = &args.output {
        report::check_writable(path)?;
        let shown = ingest::display_path(path);
        crate::temporary::on_signal(format!("nothing was written; `{shown}` unchanged"));
    }
    let bars = Bars::new(!args.read.quiet && std::io::stderr().is_terminal(), args.read.timings);
    let corpus =
        pipeline::in_pool(args.read.threads, || read::read(&inputs, &config.ingest, &bars))?;
    bars.done();
    warn_skipped(&bars, &corpus.skipped, &corpus.passed_over, args.read.quiet);
    if corpus.documents.is_empty() {
        nothing_read(&corpus.skipped, args.read.quiet)?;
    }
    let mut out = Vec::new();
    for doc in &corpus.documents {
        write_record(&mut out, &doc.id, &doc.text, &doc.metadata)?;
    }
    match &args.output {
        Some(path) => {
            let staged = report::stage(path, |w| w.write_all(&out))?;
            let _lock =
                report::lock_dirs_of(&[path.as_path()], |dir| waiting(dir, args.read.quiet))?;
            report::commit(vec![staged])?;
            if !args.read.quiet {
                eprintln!(
                    "{} ({} skipped) written to {}",
                    provtrace_common::count(corpus.documents.len(), "document", "documents"),
                    corpus.skipped.len(),
                    ingest::display_path(path)
                );
            }
        }
        None => std::io::stdout().lock().write_all(&out)?,
    }
    Ok(())
}

/// One document as a JSON Lines record, as `extract` and `archive export`
/// write it: `id`, `text` and each declared field it has.
fn write_record(
    out: &mut (impl Write + ?Sized),
    id: &str,
    text: &str,
    metadata: &Metadata,
) -> std::io::Result<()> {
    let mut record = serde_json::Map::new();
    record.insert("id".into(), id.into());
    record.insert("text".into(), text.into());
    for (name, value) in Metadata::FIELDS.into_iter().zip(metadata.values()) {
        if let Some(value) = value {
            record.insert(name.into(), value.clone().into());
        }
    }
    serde_json::to_writer(&mut *out, &record)?;
    out.write_all(b"\n")
}

/// `provtrace trace`: prints the way of each matching claim; exits 1 when
/// none matches.
fn trace(args: &TraceArgs) -> anyhow::Result<()> {
    let path =
        if args.report.is_dir() { args.report.join("report.json") } else { args.report.clone() };
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!("cannot read `{}` (give the directory `analyze` wrote)", path.display())
    })?;
    let report: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("`{}` is not a provtrace report", path.display()))?;
    let query = args.query.join(" ");
    let Some(out) = crate::trace::trace(&report, &query) else {
        eprintln!(
            "nothing in `{}` matches {:?}: no claim or claim cluster with that id, no claim whose sentence holds those words",
            path.display(),
            printable(&query)
        );
        std::process::exit(1);
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(printable(&out).as_bytes())?;
    Ok(())
}

/// The effective configuration: defaults, then the file, then flags; validated.
fn config(
    file: Option<&PathBuf>,
    threshold: Option<f64>,
    extensions: &[String],
) -> anyhow::Result<Config> {
    let config = match file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read configuration `{}`", path.display()))?;
            Config::from_toml(&text, path)?
        }
        None => Config::default(),
    };
    Ok(config.with_flags(threshold, extensions)?)
}

/// The tagger `--attribution-model MODEL` names: the built-in
/// convolutional network for `conv` (the default, also `auto`), the CRF for
/// `crf`, the contextual model shipped with the source for `contextual`, and
/// else the contextual model in the directory MODEL. A model that cannot be
/// found or loaded is an error that says where it was looked for.
pub fn named_tagger(model: &str) -> anyhow::Result<Tagger> {
    Ok(match model {
        "conv" | "auto" => Tagger::Convolutional,
        "crf" => Tagger::Crf,
        // A build without the contextual tagger says so, below.
        #[cfg(feature = "contextual")]
        "contextual" => contextual_tagger(&shipped_model()?)?,
        dir => contextual_tagger(Path::new(dir))?,
    })
}

/// The contextual model shipped with the source (`models/attribution-minilm`),
/// looked for beside the executable and in the directories above it (a
/// build puts the executable in `target/release/`).
#[cfg(feature = "contextual")]
fn shipped_model() -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe().context("cannot find this executable's path")?;
    let places: Vec<PathBuf> = exe
        .ancestors()
        .skip(1)
        .take(4)
        .map(|dir| dir.join("models").join("attribution-minilm"))
        .collect();
    if let Some(dir) = places.iter().find(|dir| dir.join("config.json").is_file()) {
        return Ok(dir.clone());
    }
    let places: Vec<String> = places.iter().map(|p| format!("`{}`", p.display())).collect();
    anyhow::bail!(
        "`--attribution-model contextual`: the contextual model was not found beside the \
         executable (looked in {}); `--attribution-model DIR` names its directory",
        places.join(", ")
    )
}

/// The contextual tagger in `dir`.
#[cfg(feature = "contextual")]
fn contextual_tagger(dir: &Path) -> anyhow::Result<Tagger> {
    Ok(Tagger::Model(Box::new(crate::contextual::Contextual::load(dir)?)))
}

/// This build has no contextual tagger: said, with how to build one.
#[cfg(not(feature = "contextual"))]
fn contextual_tagger(dir: &Path) -> anyhow::Result<Tagger> {
    anyhow::bail!(
        "`--attribution-model {}`: this build has no contextual tagger (it was built \
         with `--no-default-features`); `cargo build --release` builds one",
        dir.display()
    )
}

fn analyze(args: &AnalyzeArgs) -> anyhow::Result<()> {
    let config = args.run.config()?;
    let mut formats: Vec<Format> = args.format.iter().copied().map(Format::from).collect();
    formats.sort();
    formats.dedup();
    // The model is loaded before anything is read, so that a bad one fails
    // at once.
    let tagger = named_tagger(&args.attribution_model)?;
    let inputs = inputs(&args.inputs)?;
    let created = !args.output.exists();
    report::prepare_dir(&args.output)?;
    if created {
        crate::temporary::remove_dir_on_signal(&args.output);
    }
    let shown = ingest::display_path(&args.output);
    crate::temporary::on_signal(format!(
        "nothing was written: `{shown}` holds what it held before the run"
    ));
    let result = analyze_into(args, &config, &formats, &tagger, &inputs);
    if result.is_err() && created {
        // Only an empty directory goes: one this run made and wrote nothing in.
        let _ = std::fs::remove_dir(&args.output);
    }
    result
}

/// `analyze` once its output directory is ready.
fn analyze_into(
    args: &AnalyzeArgs,
    config: &Config,
    formats: &[Format],
    tagger: &Tagger,
    inputs: &[Input],
) -> anyhow::Result<()> {
    let bars =
        Bars::new(!args.run.read.quiet && std::io::stderr().is_terminal(), args.run.read.timings);
    let corpus =
        pipeline::in_pool(args.run.read.threads, || read::read(inputs, &config.ingest, &bars))?;
    warn_skipped(&bars, &corpus.skipped, &corpus.passed_over, args.run.read.quiet);
    if corpus.documents.is_empty() {
        bars.done();
        nothing_read(&corpus.skipped, args.run.read.quiet)?;
    }
    let threads = args.run.read.threads;
    let (report, added) = match &args.archive {
        Some(path) => {
            let mut archive = Archive::open(path, Some(&engine_archive::parameters(config)))?;
            let new = args.add.then(|| corpus.documents.clone());
            let report = pipeline::in_pool(threads, || {
                engine_archive::analyze(corpus, &mut archive, config, tagger, &bars)
            })??;
            (report, new.map(|docs| (archive, docs)))
        }
        None => (pipeline::analyze_with_progress(corpus, config, tagger, threads, &bars)?, None),
    };
    let stage = Stage::begin(&bars, "writing reports", "", 1);
    let _lock = lock(&args.output, args.run.read.quiet)?;
    // On a pool of `--threads`, as the analysis was: the global pool is
    // sized by nothing.
    let written = pipeline::in_pool(args.run.read.threads, || {
        report::write(&report, &args.output, formats, &crate::Rayon)
    })??;
    crate::temporary::on_signal("the reports had been written".to_string());
    stage.end();
    bars.done();
    for path in &written.removed {
        eprintln!(
            "removed {}: an earlier run's, in a format not asked for this time",
            printable(&ingest::display_path(path))
        );
    }
    for (path, why) in &written.kept {
        eprintln!(
            "warning: {} is an earlier run's, in a format not asked for this time, and could not be removed: {why}",
            printable(&ingest::display_path(path))
        );
    }
    if !args.run.read.quiet {
        let mut out = std::io::stdout().lock();
        writeln!(out, "{}", report.summary.line())?;
        for path in written.written {
            writeln!(out, "wrote {}", printable(&ingest::display_path(&path)))?;
        }
    }
    if let Some((mut archive, docs)) = added {
        let bars = Bars::new(!args.run.read.quiet && std::io::stderr().is_terminal(), false);
        let summary = archive::add_to(&mut archive, &docs, config, (false, threads), &bars)?;
        bars.done();
        archive::say_added(&summary, archive.path(), args.run.read.quiet);
    }
    // The process ends next: freeing a large report (which holds the
    // corpus's texts) piece by piece takes longer than the operating system
    // takes to reclaim it.
    std::mem::forget(report);
    Ok(())
}

/// The inputs named on the command line (`-` is standard input); an error
/// for the first that does not exist, before anything is read.
fn inputs(args: &[String]) -> anyhow::Result<Vec<Input>> {
    Ok(ingest::named(args)?)
}

/// The error of a run that read no document at all; with `quiet`, which
/// printed no warning, it says why the inputs were skipped (counted by
/// reason).
fn nothing_read(skipped: &[ingest::Skipped], quiet: bool) -> anyhow::Result<()> {
    const NAMED: usize = 3;
    if skipped.is_empty() {
        anyhow::bail!("no document read: the inputs hold no file or record to read");
    }
    if !quiet {
        anyhow::bail!(
            "no document read: every input was skipped ({}, each with its reason above)",
            skipped.len()
        );
    }
    // Reasons in the order first met, each with its count and first input.
    let mut reasons: Vec<(&str, &str, usize)> = Vec::new();
    for s in skipped {
        match reasons.iter_mut().find(|(reason, _, _)| *reason == s.reason) {
            Some((_, _, n)) => *n += 1,
            None => reasons.push((&s.reason, &s.input, 1)),
        }
    }
    let mut said: Vec<String> = reasons
        .iter()
        .take(NAMED)
        .map(|(reason, input, n)| match n {
            1 => format!("`{input}`: {reason}"),
            n => format!("{n} like `{input}`: {reason}"),
        })
        .collect();
    if reasons.len() > NAMED {
        let more: usize = reasons[NAMED..].iter().map(|r| r.2).sum();
        said.push(format!(
            "{} for other reasons",
            provtrace_common::count(more, "input", "inputs")
        ));
    }
    anyhow::bail!(
        "no document read: every input was skipped ({}): {}",
        skipped.len(),
        said.join("; ")
    )
}

fn warn_skipped(
    bars: &Bars,
    skipped: &[ingest::Skipped],
    passed_over: &ingest::PassedOver,
    quiet: bool,
) {
    if !quiet {
        for skipped in skipped {
            bars.note(&format!(
                "warning: skipped `{}`: {}",
                printable(&skipped.input),
                printable(&skipped.reason)
            ));
        }
        if let Some(message) = passed_over.message() {
            bars.note(&format!("note: {}", printable(&message)));
        }
    }
}

/// Locks the output directory `dir` for the write, saying so when another
/// run holds it.
fn lock(dir: &Path, quiet: bool) -> anyhow::Result<Option<std::fs::File>> {
    Ok(report::lock_dir(dir, || waiting(dir, quiet))?)
}

/// Says that another run holds the lock on `dir`.
fn waiting(dir: &Path, quiet: bool) {
    if !quiet {
        eprintln!(
            "waiting for another provtrace run writing to `{}`",
            printable(&ingest::display_path(dir))
        );
    }
}

/// `text` with control characters other than line ends and tabs written as
/// escapes (`\u{1b}`), so that printing it cannot drive a terminal.
pub fn printable(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.contains(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn dedup(args: &DedupArgs) -> anyhow::Result<()> {
    let config = args.run.config()?;
    let inputs = inputs(&args.inputs)?;
    for path in args.output.iter().chain(&args.pairs) {
        report::check_writable(path)?;
    }
    let options = dedup::Options {
        raw: args.raw,
        pairs: args.pairs.is_some(),
        threads: args.run.read.threads,
    };
    let unchanged: Vec<String> = args
        .output
        .iter()
        .chain(&args.pairs)
        .map(|p| format!("`{}`", ingest::display_path(p)))
        .collect();
    if !unchanged.is_empty() {
        crate::temporary::on_signal(format!(
            "nothing was written; {} unchanged",
            unchanged.join(" and ")
        ));
    }
    let bars =
        Bars::new(!args.run.read.quiet && std::io::stderr().is_terminal(), args.run.read.timings);
    let found = dedup::dedup(&inputs, &config, &options, &bars)?;
    bars.done();
    warn_skipped(&bars, &found.skipped, &found.passed_over, args.run.read.quiet);
    if found.rows.is_empty() {
        nothing_read(&found.skipped, args.run.read.quiet)?;
    }
    let format = match args.format {
        DedupFormatArg::Jsonl => report::DedupFormat::JsonLines,
        DedupFormatArg::Csv => report::DedupFormat::Csv,
    };
    let bytes = report::render_dedup(&found.rows, format)?;
    // The list, its clusters and the pairs are one set: all staged, then
    // renamed together (see `report::write`).
    let mut staged = Vec::new();
    match &args.output {
        Some(path) => {
            staged.push(report::stage(path, |w| w.write_all(&bytes))?);
            let mut summary = path.clone().into_os_string();
            summary.push(".clusters.json");
            let clusters_json = report::render_dedup_clusters(&found.clusters, &found.skipped)?;
            staged.push(report::stage(Path::new(&summary), |w| w.write_all(&clusters_json))?);
        }
        None => std::io::stdout().lock().write_all(&bytes)?,
    }
    if let Some(path) = &args.pairs {
        let bytes = report::render_pairs(&found.pairs)?;
        staged.push(report::stage(path, |w| w.write_all(&bytes))?);
    }
    let files: Vec<&Path> = args.output.iter().chain(&args.pairs).map(PathBuf::as_path).collect();
    let _locks = report::lock_dirs_of(&files, |dir| waiting(dir, args.run.read.quiet))?;
    report::commit(staged)?;
    if !args.run.read.quiet {
        let rows = &found.rows;
        let dropped = rows.iter().filter(|r| !r.keep).count();
        eprintln!(
            "{} ({} skipped): {}, {} kept, {} dropped",
            provtrace_common::count(rows.len(), "document", "documents"),
            found.skipped.len(),
            provtrace_common::count(
                found.clusters.len(),
                "duplicate cluster",
                "duplicate clusters"
            ),
            rows.len() - dropped,
            dropped
        );
    }
    Ok(())
}

fn compare(args: &CompareArgs) -> anyhow::Result<()> {
    let config = config(args.config.as_ref(), None, &[])?;
    let corpus =
        ingest::read(&[Input::Path(args.a.clone()), Input::Path(args.b.clone())], &config.ingest);
    if let Some(skipped) = corpus.skipped.first() {
        anyhow::bail!("cannot compare: `{}`: {}", skipped.input, skipped.reason);
    }
    if corpus.documents.is_empty() {
        nothing_read(&[], false)?;
    }
    if corpus.documents.len() != 2 {
        anyhow::bail!(
            "`compare` takes two texts; the inputs hold {} (a JSON Lines file must hold one record)",
            corpus.documents.len()
        );
    }
    let comparison = pipeline::compare(&corpus, &config, args.as_given);
    let format = match args.format {
        CompareFormatArg::Text => ComparisonFormat::Text,
        CompareFormatArg::Md => ComparisonFormat::Markdown,
        CompareFormatArg::Json => ComparisonFormat::Json,
        CompareFormatArg::Html => ComparisonFormat::Html,
    };
    let rendered = report::render_comparison(&comparison, format)?;
    // JSON escapes control characters itself (and `\u{..}` is no JSON
    // escape); the other formats show the texts.
    let shown = if matches!(format, ComparisonFormat::Json) {
        Cow::Borrowed(rendered.as_str())
    } else {
        printable(&rendered)
    };
    std::io::stdout().lock().write_all(shown.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }

    #[test]
    fn threshold_flag_overrides_and_is_validated() {
        assert!(
            (config(None, Some(0.9), &[]).unwrap().near_duplicate.threshold - 0.9).abs() < 1e-12
        );
        let err = config(None, Some(1.5), &[]).unwrap_err().to_string();
        assert!(err.contains("`--threshold 1.5`"), "named by the flag typed, not the key: {err}");
    }
}
