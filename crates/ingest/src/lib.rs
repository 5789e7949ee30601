//! The first stage: inputs (files, directories, JSON Lines, standard input)
//! read and decoded into a [`Corpus`], each bad input set aside with its
//! reason. [`temporary`] (the files an interrupt removes) lives in
//! `provtrace-common`, and is named here too.

pub mod ingest;
pub use provtrace_common::temporary;

pub use ingest::{Corpus, Document, Input};
