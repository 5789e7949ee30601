#![allow(clippy::print_stderr)]
//! Throughput of the stages and of a whole `analyze` run.
//!
//! On the first 2,000 Reuters-21578 stories when `../shared/data` is present,
//! else on generated text. Each benchmark checks its result inside the loop.
//!
//! `cargo bench --bench pipeline`

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use provtrace::minhash::MinHasher;
use provtrace::{Config, Corpus, Input, ingest, normalize, pipeline, sentence, shingle, tagger};

fn corpus() -> Corpus {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/reuters21578.jsonl");
    if path.exists() {
        let mut corpus = ingest::read(&[Input::Path(path)], &Config::default().ingest);
        corpus.documents.truncate(2000);
        return corpus;
    }
    eprintln!("../shared/data is absent: benchmarking generated text");
    let texts: Vec<String> = (0..2000u64)
        .map(|d| {
            (0..250u64)
                .map(|w| format!("w{}", shingle::finalize(d * 1000 + w) % 5000))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    Corpus::from_texts(&texts)
}

fn stages(c: &mut Criterion) {
    let corpus = corpus();
    let bytes: usize = corpus.documents.iter().map(|d| d.text.len()).sum();
    let config = Config::default();
    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("tokens", |b| {
        b.iter(|| {
            let n: usize =
                corpus.documents.iter().map(|d| normalize::tokens(black_box(&d.text)).len()).sum();
            assert!(n > 0);
            n
        });
    });
    group.bench_function("token_hashes", |b| {
        let mut hashes = Vec::new();
        b.iter(|| {
            let mut n = 0;
            for d in &corpus.documents {
                normalize::token_hashes_into(black_box(&d.text), &mut hashes);
                n += hashes.len();
            }
            assert!(n > 0);
            n
        });
    });
    let sets: Vec<Vec<u64>> = corpus
        .documents
        .iter()
        .map(|d| {
            let hashes: Vec<u64> = normalize::tokens(&d.text).iter().map(|t| t.hash).collect();
            shingle::set(&shingle::sequence(&hashes, 5))
        })
        .collect();
    let permutations = MinHasher::new(128);
    group.bench_function("minhash_128", |b| {
        b.iter(|| {
            let sigs: Vec<_> = sets.iter().map(|s| permutations.signature(black_box(s))).collect();
            assert_eq!(sigs.len(), sets.len());
            sigs
        });
    });
    let sentences: Vec<&str> = corpus
        .documents
        .iter()
        .flat_map(|d| sentence::sentences(&d.text, "eng").into_iter().map(|s| s.slice(&d.text)))
        .collect();
    group.bench_function("tagger", |b| {
        b.iter(|| {
            let cues: usize = sentences.iter().map(|s| tagger::tag(black_box(s)).cues.len()).sum();
            assert!(cues > 0);
            cues
        });
    });
    group.bench_function("convolutional_tagger", |b| {
        b.iter(|| {
            let cues: usize =
                sentences.iter().map(|s| tagger::convolution::tag(black_box(s)).cues.len()).sum();
            assert!(cues > 0);
            cues
        });
    });
    // With the CRF, as the figures in docs/performance.md were measured.
    let crf = tagger::Tagger::Crf;
    group.bench_function("analyze", |b| {
        b.iter(|| {
            let report = pipeline::analyze_with(black_box(&corpus), &config, &crf);
            assert_eq!(report.documents.len(), corpus.documents.len());
            report
        });
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
