//! `provtrace archive`: adding to an archive, its counts, removing,
//! exporting, rebuilding.
#![allow(clippy::print_stderr, clippy::print_stdout)]

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, Subcommand};
use provtrace_archive::Archive;
use provtrace_engine::archive as engine_archive;

use super::{
    ReadArgs, config, inputs, nothing_read, printable, waiting, warn_skipped, write_record,
};
use crate::bars::Bars;
use crate::config::Config;
use crate::ingest;
use crate::pipeline;
use crate::report;

#[derive(Debug, Subcommand)]
pub(super) enum ArchiveCommand {
    /// Add documents to ARCHIVE, creating it when absent, in batches each
    /// committed whole. A document already there with the same text is
    /// left as it is; the same id with another text is reported and
    /// skipped unless `--replace`.
    Add(ArchiveAddArgs),
    /// The archive's counts, parameters and format version.
    Info {
        /// The archive.
        archive: PathBuf,
    },
    /// Remove documents by id.
    Remove(ArchiveRemoveArgs),
    /// Write the archived documents out as JSON Lines, as `extract` writes
    /// them, in the order they were added.
    Export(ArchiveExportArgs),
    /// Derive everything the archive keeps again from its stored texts,
    /// with this run's parameters (`--config`): what to do when `analyze
    /// --archive` says the archive was made with other parameters.
    Rebuild {
        /// The archive, replaced whole when the rebuild is done.
        archive: PathBuf,
        /// A TOML configuration file whose parameters the archive takes.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
#[command(arg_required_else_help = true)]
pub(super) struct ArchiveAddArgs {
    /// The archive (one file), created when absent.
    archive: PathBuf,
    /// Files, directories, `.jsonl` files, or `-` for JSON Lines on standard input.
    #[arg(value_name = "INPUT", required = true)]
    inputs: Vec<String>,
    /// Put a document whose id is archived with another text in place of
    /// the archived one.
    #[arg(long)]
    replace: bool,
    #[command(flatten)]
    read: ReadArgs,
}

#[derive(Debug, Args)]
#[command(arg_required_else_help = true)]
pub(super) struct ArchiveRemoveArgs {
    /// The archive.
    archive: PathBuf,
    /// Ids of the documents to remove.
    ids: Vec<String>,
    /// A file of ids to remove, one a line.
    #[arg(long, value_name = "FILE")]
    from: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(arg_required_else_help = true)]
pub(super) struct ArchiveExportArgs {
    /// The archive.
    archive: PathBuf,
    /// Where to write the records.
    #[arg(short, long, value_name = "FILE.jsonl")]
    output: PathBuf,
}

/// `provtrace archive ...`.
pub(super) fn run(command: ArchiveCommand) -> anyhow::Result<()> {
    match command {
        ArchiveCommand::Add(args) => {
            let config = args.read.config(None)?;
            let inputs = inputs(&args.inputs)?;
            let mut archive =
                Archive::create_or_open(&args.archive, &engine_archive::parameters(&config))?;
            let quiet = args.read.quiet;
            let bars = Bars::new(!quiet && std::io::stderr().is_terminal(), args.read.timings);
            let path = args.archive.clone();
            let waiting = || waiting(&path, false);
            let added = pipeline::in_pool(args.read.threads, || {
                engine_archive::add_inputs(
                    &mut archive,
                    &inputs,
                    &config,
                    args.replace,
                    &bars,
                    &waiting,
                )
            })??;
            bars.done();
            warn_skipped(&bars, &added.skipped, &added.passed_over, quiet);
            if added.read == 0 {
                nothing_read(&added.skipped, quiet)?;
            }
            say_added(&added.summary, &args.archive, quiet);
            Ok(())
        }
        ArchiveCommand::Info { archive } => {
            let mut archive = Archive::open(&archive, None)?;
            let info = archive.snapshot()?.view().info()?;
            let mut out = format!(
                "format version: {}\ndocuments: {}\ndistinct texts: {}\ntext bytes: {}\n\
                 band keys: {}\nfingerprints: {}\nterms: {}\nline keys: {}\nparameters:\n",
                info.format_version,
                info.documents,
                info.distinct_texts,
                info.text_bytes,
                info.band_keys,
                info.fingerprints,
                info.terms,
                info.line_keys
            );
            for (name, value) in &info.parameters {
                let _ = std::fmt::Write::write_fmt(&mut out, format_args!("  {name}: {value}\n"));
            }
            std::io::stdout().lock().write_all(printable(&out).as_bytes())?;
            Ok(())
        }
        ArchiveCommand::Remove(args) => {
            let mut ids = args.ids.clone();
            if let Some(file) = &args.from {
                let text = std::fs::read_to_string(file)
                    .with_context(|| format!("cannot read the ids in `{}`", file.display()))?;
                ids.extend(text.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from));
            }
            if ids.is_empty() {
                anyhow::bail!("`archive remove`: name the ids to remove, or `--from FILE`");
            }
            let mut archive = Archive::open(&args.archive, None)?;
            let shown = ingest::display_path(&args.archive);
            let mut writer = archive.write(|| waiting(&args.archive, false))?;
            let mut absent = Vec::new();
            for id in &ids {
                if !writer.remove(id)? {
                    absent.push(id.as_str());
                }
            }
            writer.commit()?;
            for id in &absent {
                eprintln!("note: `{}` is not in `{shown}`", printable(id));
            }
            eprintln!(
                "{} removed from `{shown}`",
                provtrace_common::count(ids.len() - absent.len(), "document", "documents")
            );
            Ok(())
        }
        ArchiveCommand::Rebuild { archive: path, config: file } => {
            let config = config(file.as_ref(), None, &[])?;
            let mut archive = Archive::open(&path, None)?;
            let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let staging = tempfile::Builder::new()
                .prefix(".provtrace-rebuild")
                .tempdir_in(dir)
                .context("cannot make a directory to rebuild the archive in")?;
            let into = staging.path().join("archive");
            let bars = Bars::new(std::io::stderr().is_terminal(), false);
            let n = pipeline::in_pool(None, || {
                engine_archive::rebuild(&mut archive, &into, &config, &bars)
            })??;
            bars.done();
            drop(archive);
            std::fs::rename(&into, &path).with_context(|| {
                format!("cannot put the rebuilt archive at `{}`", path.display())
            })?;
            eprintln!(
                "{} rebuilt in `{}`",
                provtrace_common::count(n, "document", "documents"),
                ingest::display_path(&path)
            );
            Ok(())
        }
        ArchiveCommand::Export(args) => {
            report::check_writable(&args.output)?;
            let mut archive = Archive::open(&args.archive, None)?;
            let snapshot = archive.snapshot()?;
            let mut n = 0;
            let staged = report::stage(&args.output, |w| {
                let mut failed = None;
                let result = snapshot.view().each(|stored| {
                    let doc = &stored.record;
                    if let Err(e) = write_record(w, &doc.id, &doc.text, &doc.metadata) {
                        failed.get_or_insert(e);
                    }
                    n += 1;
                    Ok(())
                });
                if let Err(e) = result {
                    return Err(std::io::Error::other(e));
                }
                failed.map_or(Ok(()), Err)
            })?;
            report::commit(vec![staged])?;
            eprintln!(
                "{} written to {}",
                provtrace_common::count(n, "document", "documents"),
                ingest::display_path(&args.output)
            );
            Ok(())
        }
    }
}

/// Adds `docs` to `archive` on `threads` threads, saying when another
/// process is writing to it.
pub(super) fn add_to(
    archive: &mut Archive,
    docs: &[ingest::Document],
    config: &Config,
    (replace, threads): (bool, Option<usize>),
    bars: &Bars,
) -> anyhow::Result<engine_archive::AddSummary> {
    let path = archive.path().to_path_buf();
    let waiting = || waiting(&path, false);
    Ok(pipeline::in_pool(threads, || {
        engine_archive::add(archive, docs, config, replace, bars, &waiting)
    })??)
}

/// Says what an add did, and each id it refused.
pub(super) fn say_added(summary: &engine_archive::AddSummary, archive: &Path, quiet: bool) {
    for id in &summary.conflicts {
        eprintln!(
            "warning: `{}` is archived with another text: not added (`--replace` puts it in place of the archived one)",
            printable(id)
        );
    }
    if !quiet {
        eprintln!(
            "{} added to `{}` ({} already there, {} replaced, {} refused)",
            provtrace_common::count(summary.added, "document", "documents"),
            printable(&ingest::display_path(archive)),
            summary.unchanged,
            summary.replaced,
            summary.conflicts.len()
        );
    }
}
