//! Reading a corpus on all cores: the inputs are walked and read in order
//! on one thread, and what needs parsing (JSON Lines records, web pages)
//! is decoded in batches on the pool, each batch kept in reading order.

use rayon::prelude::*;

use provtrace_common::config::IngestConfig;
use provtrace_common::progress::{Progress, Stage};
use provtrace_ingest::ingest::{self, Corpus, Ids, Input, Item};

/// Units decoded together; a batch also ends at [`BATCH_BYTES`].
const BATCH_ITEMS: usize = 512;
const BATCH_BYTES: usize = 32 << 20;

/// Reads every input into one corpus, as [`ingest::read`] does, with the
/// decoding on the current pool. Never fails: what cannot be read is listed
/// in [`Corpus::skipped`].
pub fn read(inputs: &[Input], config: &IngestConfig, progress: &dyn Progress) -> Corpus {
    let stage = Stage::begin(progress, "reading", "documents", 0);
    let mut corpus = Corpus::default();
    let mut ids = Ids::default();
    let mut batch: Vec<(Option<usize>, Item)> = Vec::new();
    let mut bytes = 0;
    let mut decode = |batch: &mut Vec<(Option<usize>, Item)>, corpus: &mut Corpus| {
        let decoded: Vec<_> = std::mem::take(batch)
            .into_par_iter()
            .map(|(unit, item)| (unit, item.decode()))
            .collect();
        for (unit, result) in decoded {
            match (unit, result) {
                (Some(_), Ok(mut doc)) => {
                    doc.id = ids.unique(doc.id);
                    stage.advance(1);
                    corpus.documents.push(doc);
                }
                (None, Ok(_)) => {}
                (_, Err(skipped)) => corpus.skipped.push(skipped),
            }
        }
    };
    corpus.passed_over = ingest::items(inputs, config, None, &mut |unit, item| {
        bytes += item.size();
        batch.push((unit, item));
        if batch.len() >= BATCH_ITEMS || bytes >= BATCH_BYTES {
            bytes = 0;
            decode(&mut batch, &mut corpus);
        }
    });
    decode(&mut batch, &mut corpus);
    stage.end();
    corpus
}

#[cfg(test)]
mod tests {
    use super::*;
    use provtrace_common::Silent;
    use std::fmt::Write as _;

    #[test]
    fn reads_as_the_sequential_reader_does() {
        let dir = tempfile::tempdir().expect("temp dir");
        let page = "<html><head><title>A page</title></head><body><article><p>The council \
                    voted on Monday to close the old bridge for two years.</p></article></body></html>";
        std::fs::write(dir.path().join("a.html"), page).expect("write");
        std::fs::write(dir.path().join("b.txt"), "A plain story.").expect("write");
        std::fs::write(dir.path().join("c.txt"), "").expect("write");
        let mut lines = String::new();
        for i in 0..1500 {
            let _ = writeln!(lines, "{{\"id\": \"r{}\", \"text\": \"story {i}\"}}", i % 700);
        }
        lines.push_str("not json\n");
        std::fs::write(dir.path().join("d.jsonl"), lines).expect("write");
        let inputs = [Input::Path(dir.path().to_path_buf())];
        let config = IngestConfig::default();
        let pool = rayon::ThreadPoolBuilder::new().num_threads(3).build().expect("a pool");
        let parallel = pool.install(|| read(&inputs, &config, &Silent));
        assert_eq!(parallel, ingest::read(&inputs, &config));
        assert_eq!(parallel.documents.len(), 1502);
        assert_eq!(parallel.skipped.len(), 2);
        assert!(parallel.documents[0].text.starts_with("A page\n\nThe council"));
    }
}
