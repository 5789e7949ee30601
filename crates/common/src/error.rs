//! The library's error type.
//!
//! Errors name the path, field or flag and the value that was wrong. A bad
//! *document* is not an error: `ingest` lists it in `skipped` and goes on.
//! These are errors that stop a run: a bad configuration, an output that
//! cannot be written.

use std::path::PathBuf;

/// Everything that can stop a run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A configuration value is out of its range.
    #[error("invalid configuration: `{field}` = `{value}`: {reason}")]
    Config { field: &'static str, value: String, reason: String },
    /// A command-line flag has a value out of its range.
    #[error("`{flag}`: {reason}")]
    Flag { flag: String, reason: String },
    /// The configuration file is not valid TOML for the configuration.
    #[error("cannot parse configuration `{path}`: {message}")]
    ConfigParse { path: PathBuf, message: String },
    /// A report could not be written.
    #[error("cannot write `{path}`: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The thread pool could not be started.
    #[error("cannot start {threads} threads: {message}")]
    Threads { threads: usize, message: String },
    /// An input that was named could not be opened at all (a missing path).
    #[error("cannot read input `{path}`: {source}")]
    Input {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// An attribution model could not be loaded.
    #[error("cannot load the attribution model `{path}`: {message}")]
    Model { path: PathBuf, message: String },
    /// The inputs could not be read as a whole (standard input could not be
    /// spooled, or a file changed between the passes of `dedup`).
    #[error("{0}")]
    Stream(String),
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
