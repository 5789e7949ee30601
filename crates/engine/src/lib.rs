//! The stages wired into runs: [`pipeline`] (`analyze`, `compare`),
//! [`dedup`] (streaming, bounded memory) and [`archive`] (adding to an
//! archive, analysing against one). This
//! is the only crate that starts threads; it hands the stages a rayon
//! [`Parallel`](provtrace_common::Parallel) runner.

pub mod archive;
pub mod dedup;
mod document;
mod near;
pub mod pipeline;
pub mod read;
mod reuse;
mod threads;
mod wide;

pub use threads::Rayon;
