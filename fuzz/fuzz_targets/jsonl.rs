//! A JSON Lines file, read as `ingest` reads one from a walk: lines split
//! and bounded by the size limit, a byte-order mark, records parsed, ids
//! made unique. Nothing may panic, and every line is read or skipped.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use provtrace::config::IngestConfig;
use provtrace::ingest::{self, Input};

fn dir() -> &'static tempfile::TempDir {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("temp dir"))
}

fuzz_target!(|data: &[u8]| {
    let path = dir().path().join("feed.jsonl");
    std::fs::write(&path, data).expect("write");
    // A small limit, so that the bounded line reader is reached.
    let config = IngestConfig { max_document_bytes: 512, ..IngestConfig::default() };
    let corpus = ingest::read(&[Input::Path(path)], &config);
    let mut ids: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
    ids.sort_unstable();
    let before = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), before, "ids are unique");
    for doc in &corpus.documents {
        assert!(doc.text.len() <= config.max_document_bytes);
    }
});
