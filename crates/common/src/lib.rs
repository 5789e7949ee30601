//! What every stage of provtrace is handed: the run's [`Config`], the
//! [`Error`] that can stop a run, and a [`Parallel`] runner, so that a stage
//! is a plain function of its input whether the caller runs it on one thread,
//! on all cores, or inside a Spark executor.

pub mod config;
pub mod error;
pub mod parallel;

pub use config::Config;
pub use error::{Error, Result};
pub use parallel::{Parallel, Sequential};
