//! The first stage: inputs (files, directories, JSON Lines, standard input)
//! read and decoded into a [`Corpus`], each bad input set aside with its
//! reason; and [`temporary`] files that are removed on an interrupt.

pub mod ingest;
pub mod temporary;

pub use ingest::{Corpus, Document, Input};
