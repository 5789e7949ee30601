//! The stages wired into runs: [`pipeline`] (`analyze`, `compare`) and
//! [`dedup`] (streaming, bounded memory). This
//! is the only crate that starts threads; it hands the stages a rayon
//! [`Parallel`](provtrace_common::Parallel) runner.

pub mod dedup;
mod document;
mod near;
pub mod pipeline;
pub mod read;
mod reuse;
mod threads;

pub use threads::Rayon;
