//! The streaming `dedup`: its clusters agree with `analyze`, its pairs with
//! an exact all-pairs search, and its output does not depend on threads.

mod common;

use provtrace::dedup::{self, Options};
use provtrace::pipeline::{self, Silent};
use provtrace::shingle::{self, finalize};
use provtrace::{Config, Input, ingest, normalize};

/// A corpus of `n` news-like texts, where text `i` for `i % 5 == 1` is a
/// copy of text `i - 1` with `edits` words replaced.
fn planted(n: usize, edits: usize) -> Vec<String> {
    let word = |seed: u64| format!("w{}", finalize(seed) % 20_000);
    let mut texts: Vec<String> = Vec::with_capacity(n);
    for i in 0..n as u64 {
        if i % 5 == 1 {
            let mut words: Vec<String> =
                texts[i as usize - 1].split(' ').map(str::to_string).collect();
            for e in 0..edits as u64 {
                let at = (finalize(i * 131 + e) % words.len() as u64) as usize;
                words[at] = word(i * 7919 + e + 1_000_000);
            }
            texts.push(words.join(" "));
        } else {
            let len = 60 + finalize(i) % 200;
            texts.push((0..len).map(|w| word(i * 1000 + w)).collect::<Vec<_>>().join(" "));
        }
    }
    texts
}

fn write_jsonl(dir: &std::path::Path, texts: &[String]) -> std::path::PathBuf {
    let path = dir.join("corpus.jsonl");
    let lines: Vec<String> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| serde_json::json!({"id": format!("d{i}"), "text": t}).to_string())
        .collect();
    std::fs::write(&path, lines.join("\n")).expect("write corpus");
    path
}

fn exact_pairs(texts: &[String], threshold: f64) -> Vec<(String, String)> {
    let sets: Vec<Vec<u64>> = texts
        .iter()
        .map(|t| {
            let hashes: Vec<u64> = normalize::tokens(t).iter().map(|t| t.hash).collect();
            shingle::set(&shingle::sequence(&hashes, 5))
        })
        .collect();
    let mut pairs = Vec::new();
    for a in 0..texts.len() {
        for b in a + 1..texts.len() {
            if shingle::jaccard(&sets[a], &sets[b]) >= threshold {
                pairs.push((format!("d{a}"), format!("d{b}")));
            }
        }
    }
    pairs
}

#[test]
fn pairs_match_an_exact_search_and_threads_change_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    // 2 edits in 60 to 260 words: Jaccard from about 0.85 to 0.96.
    let texts = planted(400, 2);
    let path = write_jsonl(dir.path(), &texts);
    let mut config = Config::default();
    config.near_duplicate.threshold = 0.8;
    let truth = exact_pairs(&texts, 0.8);
    assert!(truth.len() >= 70, "the planted copies are there: {}", truth.len());
    let mut outputs = Vec::new();
    for threads in [1, 2] {
        let options = Options { raw: true, pairs: true, threads: Some(threads) };
        let found = dedup::dedup(&[Input::Path(path.clone())], &config, &options, &Silent)
            .expect("dedup runs");
        let pairs: Vec<(String, String)> =
            found.pairs.iter().map(|p| (p.a.clone(), p.b.clone())).collect();
        let hits = pairs.iter().filter(|p| truth.contains(p)).count();
        assert_eq!(hits, pairs.len(), "every pair reported is at the threshold");
        assert!(hits as f64 >= 0.95 * truth.len() as f64, "recall {hits}/{}", truth.len());
        assert!(found.pairs.iter().all(|p| p.jaccard >= 0.8));
        outputs.push(format!("{:?}{:?}{:?}", found.rows, found.clusters, found.pairs));
    }
    assert_eq!(outputs[0], outputs[1], "the same output with 1 and 2 threads");
}

#[test]
fn clusters_and_origins_agree_with_analyze_on_the_samples() {
    let config = common::samples_config();
    let inputs = [Input::Path(common::manifest_dir().join("samples"))];
    let corpus = ingest::read(&inputs, &config.ingest);
    let report = pipeline::analyze(&corpus, &config);
    let found = dedup::dedup(&inputs, &config, &Options::default(), &Silent).expect("dedup runs");
    assert!(!found.clusters.is_empty());
    let summary = |clusters: &[provtrace::report::DuplicateCluster]| -> Vec<String> {
        clusters.iter().map(|c| format!("{:?} {:?}", c.members, c.origin)).collect()
    };
    assert_eq!(summary(&found.clusters), summary(&report.duplicate_clusters));
    assert_eq!(found.rows.len(), corpus.documents.len());
    assert_eq!(found.skipped, corpus.skipped);
}

#[test]
fn identical_texts_pair_at_one_however_short() {
    let dir = tempfile::tempdir().expect("temp dir");
    let texts: Vec<String> = [
        "Rates unchanged.",
        "Rates unchanged.",
        "Something else entirely here.",
        "Rates unchanged.",
    ]
    .map(str::to_string)
    .to_vec();
    let path = write_jsonl(dir.path(), &texts);
    let options = Options { raw: false, pairs: true, threads: None };
    let found = dedup::dedup(&[Input::Path(path)], &Config::default(), &options, &Silent)
        .expect("dedup runs");
    let pairs: Vec<(&str, &str, f64)> =
        found.pairs.iter().map(|p| (p.a.as_str(), p.b.as_str(), p.jaccard)).collect();
    assert_eq!(pairs, [("d0", "d1", 1.0), ("d0", "d3", 1.0), ("d1", "d3", 1.0)]);
    let dropped: Vec<&str> = found.rows.iter().filter(|r| !r.keep).map(|r| r.id.as_str()).collect();
    assert_eq!(dropped, ["d1", "d3"]);
}

#[test]
fn bad_inputs_are_skipped_with_the_reasons_reading_gives() {
    let dir = tempfile::tempdir().expect("temp dir");
    let body = "The river rose two metres overnight and the council closed the old bridge to all traffic until further notice.";
    std::fs::write(dir.path().join("a.txt"), body).expect("write");
    std::fs::write(dir.path().join("b.txt"), format!("{body}\n")).expect("write");
    std::fs::write(dir.path().join("binary.txt"), b"abc\0def").expect("write");
    std::fs::write(dir.path().join("empty.txt"), b"  \n").expect("write");
    std::fs::write(dir.path().join("latin1.txt"), b"caf\xe9 au lait, served daily").expect("write");
    let lines = format!(
        "{}\n{{not json\n[1]\n{{\"id\": \"x\"}}\n{}\n",
        serde_json::json!({"id": "feed-1", "text": body}),
        serde_json::json!({"id": "a.txt", "text": "An id that a file already has."})
    );
    std::fs::write(dir.path().join("feed.jsonl"), lines).expect("write");
    let inputs =
        [Input::Path(dir.path().to_path_buf()), Input::Path(dir.path().join("missing.txt"))];
    let config = Config::default();
    let corpus = ingest::read(&inputs, &config.ingest);
    let found = dedup::dedup(&inputs, &config, &Options::default(), &Silent).expect("dedup runs");
    assert_eq!(found.skipped, corpus.skipped, "the same inputs skipped, for the same reasons");
    assert_eq!(found.skipped.len(), 6, "{:?}", found.skipped);
    let ids: Vec<&str> = found.rows.iter().map(|r| r.id.as_str()).collect();
    let read: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, read, "the same documents, ids made unique the same way");
    assert!(ids.contains(&"a.txt#2"));
    let dropped: Vec<&str> = found.rows.iter().filter(|r| !r.keep).map(|r| r.id.as_str()).collect();
    assert_eq!(dropped, ["b.txt", "feed-1"], "one text three times: the first is kept");
}
