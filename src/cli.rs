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

use crate::config::Config;
use crate::dedup;
use crate::ingest::{self, Input};
use crate::pipeline::{self, Progress};
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
    /// Trace a claim to where it came from, from a report `analyze` wrote:
    /// each text it passed through, the link and the passage, the origin
    /// and why. Exit 1 when nothing matches.
    Trace(TraceArgs),
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
    /// Worker threads (default: all cores), at most 1024. The output is the
    /// same for any count.
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// More file endings to read when walking a directory, comma-separated
    /// (`--ext md,xml`), beside txt, text, htm, html, jsonl and ndjson.
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
}

impl RunArgs {
    /// The validated configuration, after checking the thread count.
    fn config(&self) -> anyhow::Result<Config> {
        match self.threads {
            Some(0) => {
                anyhow::bail!("`--threads 0`: give at least 1, or leave it out to use every core")
            }
            Some(n) if n > MAX_THREADS => anyhow::bail!(
                "`--threads {n}`: at most {MAX_THREADS}, or leave it out to use every core"
            ),
            _ => {}
        }
        config(self.config.as_ref(), self.threshold, &self.ext)
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
    /// What tags attribution cues and sources: `auto` (the shipped
    /// contextual model, models/attribution-minilm, when the corpus has at
    /// most 1 MB of text, a minute or two of tagging; the built-in CRF,
    /// hundreds of times faster and less accurate, beyond), `crf`, or DIR,
    /// a contextual model's directory (config.json, tokenizer.json,
    /// model.safetensors) used whatever the corpus's size.
    #[arg(long, value_name = "auto|crf|DIR", default_value = "auto")]
    attribution_model: String,
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
        Command::Trace(args) => trace(&args),
    }
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

/// Text up to which `--attribution-model auto` tags with the contextual
/// model: about two minutes of tagging on two cores (it read PolNeAR dev's
/// 415 KB in 51 s), for a story's pages or a few hundred articles; beyond,
/// the CRF, which keeps a crawl's analysis at the speed of its reading.
pub const CONTEXTUAL_BYTES: usize = 1_000_000;

/// The tagger `--attribution-model MODEL` names: `None` for `auto`, which
/// [`auto_tagger`] chooses once the corpus's size is known; the CRF for
/// `crf`; else the contextual model in the directory MODEL.
pub fn named_tagger(model: &str) -> anyhow::Result<Option<Tagger>> {
    Ok(match model {
        "auto" => None,
        "crf" => Some(Tagger::Crf),
        dir => Some(contextual_tagger(Path::new(dir))?),
    })
}

/// The tagger `--attribution-model auto` takes for a corpus of `bytes` of
/// text, and what to tell the user of the choice: the shipped contextual
/// model when this build has it, it is where the build put it, and the
/// corpus is at most [`CONTEXTUAL_BYTES`]; else the CRF.
pub fn auto_tagger(bytes: usize) -> (Tagger, Option<String>) {
    let Some(dir) = shipped_model() else { return (Tagger::Crf, None) };
    if bytes > CONTEXTUAL_BYTES {
        let note = format!(
            "attributions tagged by the built-in CRF: the corpus's {:.1} MB of text is over the {} MB the contextual model takes by default (`--attribution-model {}` uses it anyway)",
            bytes as f64 / 1e6,
            CONTEXTUAL_BYTES / 1_000_000,
            dir.display()
        );
        return (Tagger::Crf, Some(note));
    }
    match contextual_tagger(&dir) {
        Ok(tagger) => (tagger, None),
        Err(e) => (
            Tagger::Crf,
            Some(format!(
                "attributions tagged by the built-in CRF: the shipped contextual model could not be loaded: {e:#}"
            )),
        ),
    }
}

/// The contextual model shipped with the source (`models/attribution-minilm`),
/// looked for beside the executable and in the directories above it (a
/// build puts the executable in `target/release/`); `None` in a build
/// without the contextual tagger.
fn shipped_model() -> Option<PathBuf> {
    if !cfg!(feature = "contextual") {
        return None;
    }
    let exe = std::env::current_exe().ok()?;
    exe.ancestors()
        .skip(1)
        .take(4)
        .map(|dir| dir.join("models").join("attribution-minilm"))
        .find(|dir| dir.join("config.json").is_file())
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
    // A named model is loaded before anything is read, so that a bad one
    // fails at once; `auto` waits for the corpus's size.
    let named = named_tagger(&args.attribution_model)?;
    let inputs = inputs(&args.inputs)?;
    report::prepare_dir(&args.output)?;
    let bars = Bars::new(!args.run.quiet && std::io::stderr().is_terminal(), args.run.timings);
    bars.stage("reading", 1);
    let corpus = ingest::read(&inputs, &config.ingest);
    warn_skipped(&corpus.skipped, corpus.passed_over, args.run.quiet);
    if corpus.documents.is_empty() {
        bars.done();
        nothing_read(corpus.skipped.len())?;
    }
    let tagger = named.unwrap_or_else(|| {
        let bytes = corpus.documents.iter().map(|d| d.text.len()).sum();
        let (tagger, note) = auto_tagger(bytes);
        if let Some(note) = note.filter(|_| !args.run.quiet) {
            eprintln!("note: {}", printable(&note));
        }
        tagger
    });
    let report =
        pipeline::analyze_with_progress(corpus, &config, &tagger, args.run.threads, &bars)?;
    bars.stage("writing reports", 1);
    let _lock = lock(&args.output, args.run.quiet)?;
    let written = report::write(&report, &args.output, &formats, &crate::Rayon)?;
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
    if !args.run.quiet {
        let mut out = std::io::stdout().lock();
        writeln!(out, "{}", report.summary.line())?;
        for path in written.written {
            writeln!(out, "wrote {}", printable(&ingest::display_path(&path)))?;
        }
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
    ingest::named(args).map_err(anyhow::Error::msg)
}

/// The error of a run that read no document at all.
fn nothing_read(skipped: usize) -> anyhow::Result<()> {
    match skipped {
        0 => anyhow::bail!("no document read: the inputs hold no file or record to read"),
        n => anyhow::bail!(
            "no document read: every input was skipped ({n}, each with its reason above)"
        ),
    }
}

fn warn_skipped(skipped: &[ingest::Skipped], passed_over: ingest::PassedOver, quiet: bool) {
    if !quiet {
        for skipped in skipped {
            eprintln!(
                "warning: skipped `{}`: {}",
                printable(&skipped.input),
                printable(&skipped.reason)
            );
        }
        if let Some(message) = passed_over.message() {
            eprintln!("note: {message}");
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
    let options =
        dedup::Options { raw: args.raw, pairs: args.pairs.is_some(), threads: args.run.threads };
    let bars = Bars::new(!args.run.quiet && std::io::stderr().is_terminal(), args.run.timings);
    let found = dedup::dedup(&inputs, &config, &options, &bars)?;
    bars.done();
    warn_skipped(&found.skipped, found.passed_over, args.run.quiet);
    if found.rows.is_empty() {
        nothing_read(found.skipped.len())?;
    }
    let format = match args.format {
        DedupFormatArg::Jsonl => report::DedupFormat::JsonLines,
        DedupFormatArg::Csv => report::DedupFormat::Csv,
    };
    let bytes = report::render_dedup(&found.rows, format).map_err(anyhow::Error::msg)?;
    // The list, its clusters and the pairs are one set: all staged, then
    // renamed together (see `report::write`).
    let mut staged = Vec::new();
    match &args.output {
        Some(path) => {
            staged.push(report::stage(path, |w| w.write_all(&bytes))?);
            let mut summary = path.clone().into_os_string();
            summary.push(".clusters.json");
            let clusters_json = report::render_dedup_clusters(&found.clusters, &found.skipped)
                .map_err(anyhow::Error::msg)?;
            staged.push(report::stage(Path::new(&summary), |w| w.write_all(&clusters_json))?);
        }
        None => std::io::stdout().lock().write_all(&bytes)?,
    }
    if let Some(path) = &args.pairs {
        let bytes = report::render_pairs(&found.pairs).map_err(anyhow::Error::msg)?;
        staged.push(report::stage(path, |w| w.write_all(&bytes))?);
    }
    let files: Vec<&Path> = args.output.iter().chain(&args.pairs).map(PathBuf::as_path).collect();
    let _locks = report::lock_dirs_of(&files, |dir| waiting(dir, args.run.quiet))?;
    report::commit(staged)?;
    if !args.run.quiet {
        let rows = &found.rows;
        let dropped = rows.iter().filter(|r| !r.keep).count();
        eprintln!(
            "{} documents ({} skipped): {} duplicate clusters, {} kept, {} dropped",
            rows.len(),
            found.skipped.len(),
            found.clusters.len(),
            rows.len() - dropped,
            dropped
        );
    }
    Ok(())
}

/// A progress bar per stage on standard error, when it is a terminal.
struct Bars {
    bar: Option<indicatif::ProgressBar>,
    /// For a stage whose length is known.
    counted: indicatif::ProgressStyle,
    /// For one whose length is not (`dedup` reading a stream).
    open: indicatif::ProgressStyle,
    /// For a stage that is one step: no count to show.
    single: indicatif::ProgressStyle,
    /// With `--timings`: the stage under way.
    timings: Option<std::sync::Mutex<Option<Stage>>>,
}

/// A stage under way: its name, when it began, and the process's CPU
/// seconds then.
struct Stage {
    name: &'static str,
    start: std::time::Instant,
    cpu: Option<f64>,
}

impl Bars {
    fn new(show: bool, timings: bool) -> Bars {
        let counted = indicatif::ProgressStyle::with_template(
            "{prefix:>20} [{bar:30}] {pos}/{len} {elapsed}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> ");
        let open =
            indicatif::ProgressStyle::with_template("{prefix:>20} {pos} documents {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner());
        let single = indicatif::ProgressStyle::with_template("{prefix:>20} {spinner} {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner());
        let bar = show.then(|| indicatif::ProgressBar::new(0).with_style(single.clone()));
        Bars { bar, counted, open, single, timings: timings.then(|| std::sync::Mutex::new(None)) }
    }

    fn done(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        self.time(None);
    }

    /// Ends the stage under way, printing its time, and starts `next`.
    fn time(&self, next: Option<&'static str>) {
        let Some(timings) = &self.timings else { return };
        let mut current = timings.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(Stage { name, start, cpu }) = current.take() {
            use std::fmt::Write as _;
            let seconds = start.elapsed().as_secs_f64();
            let mut line = format!("{name:>20} {seconds:8.3} s");
            if let (Some(then), Some(now)) = (cpu, cpu_seconds()) {
                let _ = write!(line, " {:8.2} s CPU", now - then);
            }
            if let Some((now, peak)) = memory() {
                let _ = write!(line, " {now:>7} MiB resident, {peak:>7} MiB peak");
            }
            match &self.bar {
                Some(bar) => bar.suspend(|| eprintln!("{line}")),
                None => eprintln!("{line}"),
            }
        }
        *current =
            next.map(|name| Stage { name, start: std::time::Instant::now(), cpu: cpu_seconds() });
    }
}

/// User and system CPU seconds of every thread of the process so far,
/// where the system says (`/proc/self/stat` on Linux, in the 100 ticks a
/// second that Linux reports to programs on every architecture).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may
    // hold spaces: state is the first, user and system time the 12th and
    // 13th.
    let mut fields = stat.get(stat.rfind(')')? + 1..)?.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some((user + system) as f64 / 100.0)
}

/// Resident memory now and at its peak, in MiB, where the system says
/// (`/proc/self/status` on Linux).
fn memory() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kib: u64 = line[name.len()..].trim().trim_end_matches("kB").trim().parse().ok()?;
        Some(kib / 1024)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

impl pipeline::Progress for Bars {
    fn stage(&self, name: &'static str, steps: u64) {
        self.time(Some(name));
        if let Some(bar) = &self.bar {
            // Count and length first, so that no draw in between shows the
            // last stage's count against this one's length or name.
            bar.reset();
            bar.set_length(steps);
            bar.set_style(match steps {
                0 => self.open.clone(),
                1 => self.single.clone(),
                _ => self.counted.clone(),
            });
            bar.set_prefix(name);
            // Drawn on a clock too, so that the last state is always shown
            // (a draw is skipped when another came just before it).
            bar.enable_steady_tick(std::time::Duration::from_millis(150));
        }
    }

    fn advance(&self, steps: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(steps);
        }
    }
}

fn compare(args: &CompareArgs) -> anyhow::Result<()> {
    let config = config(args.config.as_ref(), None, &[])?;
    let corpus =
        ingest::read(&[Input::Path(args.a.clone()), Input::Path(args.b.clone())], &config.ingest);
    if let Some(skipped) = corpus.skipped.first() {
        anyhow::bail!("cannot compare: `{}`: {}", skipped.input, skipped.reason);
    }
    if corpus.documents.is_empty() {
        nothing_read(0)?;
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
