#![allow(clippy::print_stdout, clippy::print_stderr)]
//! A news-like corpus of any size with planted reuse and its ground truth:
//! a bench helper for the scaling runs, not part of the tool.
//!
//! ```text
//! cargo run --release --example gencorpus -- DOCS OUT_DIR [SEED]
//! ```
//!
//! Writes `OUT_DIR/corpus.jsonl` (one article a line: `id`, `title`,
//! `outlet`, `published`, `text`) and `OUT_DIR/truth.csv` (`id`, `kind`,
//! `source`) for every planted document. Of every 100 documents, on
//! average:
//!
//! - 10 `copy`: a syndicated copy of an original, with its own headline line
//!   and a few words changed (Jaccard with the original well above 0.8);
//! - 2 `doubled`: a copy whose body was pasted twice into the page;
//! - 5 `excerpt`: the first third to half of an original's paragraphs;
//! - 5 `rewrite`: every sentence of an original reworded (words swapped
//!   for others, clauses moved);
//! - the rest originals, 150 to 450 words of sentences built from a Zipf
//!   vocabulary of 30,000 words, numbers, names, quotes and credits.
//!
//! Sources are always originals, earlier in the file and dated earlier. The
//! same DOCS and SEED give the same bytes.

use std::fmt::Write as _;
use std::io::{BufWriter, Write};

/// SplitMix64: small, fast and good enough for text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ran", "te", "so", "vel", "du", "nor", "pa", "ri", "sen", "ta", "gor", "li",
    "ma", "ne", "ost", "ple", "qui", "ra", "sto", "tu", "var", "wen", "xi", "yal", "zen", "bri",
    "cor",
];
const OUTLETS: &[&str] = &[
    "Northwind Press",
    "The Calder Ledger",
    "Valley Courier",
    "Harborline News",
    "Beacon Daily",
    "Summit Herald",
    "Riverside Times",
    "Eastgate Post",
    "Pinecrest Gazette",
    "Meridian Wire",
];
const CUES: &[&str] = &["said", "told reporters", "said in a statement", "wrote", "estimated"];
const UNITS: &[&str] = &["people", "residents", "workers", "homes", "dollars", "tonnes", "votes"];
const HEDGES: &[&str] = &["about", "nearly", "more than", "at least", "roughly", "some"];

/// A vocabulary of pronounceable words, most frequent first.
fn vocabulary(size: usize) -> Vec<String> {
    let mut rng = Rng(0x766f_6361_6275_6c61);
    let mut seen = std::collections::HashSet::new();
    let mut words = Vec::with_capacity(size);
    while words.len() < size {
        let syllables = 1 + rng.below(3) + usize::from(words.len() > 2000);
        let word: String = (0..syllables).map(|_| SYLLABLES[rng.below(SYLLABLES.len())]).collect();
        if seen.insert(word.clone()) {
            words.push(word);
        }
    }
    words
}

struct Writer {
    vocabulary: Vec<String>,
    /// Cumulative Zipf weights over the vocabulary, scaled to u64.
    zipf: Vec<u64>,
}

impl Writer {
    fn new() -> Writer {
        let vocabulary = vocabulary(30_000);
        let mut total = 0.0;
        let weights: Vec<f64> = (1..=vocabulary.len())
            .map(|r| {
                total += 1.0 / r as f64;
                total
            })
            .collect();
        let zipf = weights.iter().map(|w| (w / total * u64::MAX as f64) as u64).collect();
        Writer { vocabulary, zipf }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        let x = rng.next();
        let i = self.zipf.partition_point(|&w| w < x).min(self.vocabulary.len() - 1);
        &self.vocabulary[i]
    }

    fn name(&self, rng: &mut Rng) -> String {
        let mut name = String::new();
        for _ in 0..2 {
            let w = &self.vocabulary[2000 + rng.below(20_000)];
            let mut chars = w.chars();
            if let Some(c) = chars.next() {
                name.extend(c.to_uppercase());
                name.push_str(chars.as_str());
                name.push(' ');
            }
        }
        name.pop();
        name
    }

    /// `least` to `least + spread - 1` words.
    fn clause(&self, rng: &mut Rng, least: usize, spread: usize) -> String {
        let words = least + rng.below(spread);
        let mut out = String::new();
        for i in 0..words {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(self.word(rng));
        }
        out
    }

    /// One sentence: plain, with a number, quoted, or credited.
    fn sentence(&self, rng: &mut Rng) -> String {
        let mut s = match rng.below(10) {
            0..=4 => self.clause(rng, 8, 14),
            5 | 6 => format!(
                "{} {} {},{:03} {} {}",
                self.clause(rng, 3, 6),
                HEDGES[rng.below(HEDGES.len())],
                1 + rng.below(99),
                rng.below(1000),
                UNITS[rng.below(UNITS.len())],
                self.clause(rng, 3, 8)
            ),
            7 | 8 => format!(
                "\u{201c}{}\u{201d} {} {}",
                self.clause(rng, 6, 10),
                self.name(rng),
                CUES[rng.below(CUES.len())]
            ),
            _ => format!(
                "{}, according to {}",
                self.clause(rng, 6, 10),
                OUTLETS[rng.below(OUTLETS.len())]
            ),
        };
        if let Some(first) = s.chars().next().filter(char::is_ascii_lowercase) {
            s.replace_range(..1, &first.to_ascii_uppercase().to_string());
        }
        s.push('.');
        s
    }

    /// Paragraphs of sentences, 150 to 450 words in all.
    fn article(&self, rng: &mut Rng) -> Vec<Vec<String>> {
        let target = 150 + rng.below(300);
        let mut paragraphs = Vec::new();
        let mut words = 0;
        while words < target {
            let paragraph: Vec<String> = (0..=rng.below(3)).map(|_| self.sentence(rng)).collect();
            words += paragraph.iter().map(|s| s.split(' ').count()).sum::<usize>();
            paragraphs.push(paragraph);
        }
        paragraphs
    }

    /// Every sentence reworded: a third of its words swapped, and for longer
    /// ones, the back half moved to the front.
    fn rewrite(&self, rng: &mut Rng, paragraphs: &[Vec<String>]) -> Vec<Vec<String>> {
        paragraphs
            .iter()
            .map(|p| {
                p.iter()
                    .map(|s| {
                        let mut words: Vec<String> =
                            s.trim_end_matches('.').split(' ').map(str::to_string).collect();
                        for w in &mut words {
                            if rng.chance(33) {
                                *w = self.word(rng).to_string();
                            }
                        }
                        if words.len() > 10 && rng.chance(50) {
                            let half = words.len() / 2;
                            words.rotate_left(half);
                        }
                        format!("{}.", words.join(" "))
                    })
                    .collect()
            })
            .collect()
    }
}

fn body(paragraphs: &[Vec<String>]) -> String {
    paragraphs.iter().map(|p| p.join(" ")).collect::<Vec<_>>().join("\n\n")
}

fn date(day: usize) -> String {
    let month = 1 + (day / 28) % 12;
    let year = 2020 + day / 336;
    format!("{year}-{month:02}-{:02}", 1 + day % 28)
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(docs), Some(dir)) = (args.first().and_then(|d| d.parse::<usize>().ok()), args.get(1))
    else {
        eprintln!("usage: gencorpus DOCS OUT_DIR [SEED]");
        std::process::exit(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let dir = std::path::Path::new(dir);
    std::fs::create_dir_all(dir)?;
    let mut corpus =
        BufWriter::with_capacity(1 << 20, std::fs::File::create(dir.join("corpus.jsonl"))?);
    let mut truth = BufWriter::new(std::fs::File::create(dir.join("truth.csv"))?);
    writeln!(truth, "id,kind,source")?;
    let writer = Writer::new();
    let mut rng = Rng(seed);
    // Recent originals that later documents may copy, as (index, paragraphs).
    let mut recent: Vec<(usize, Vec<Vec<String>>)> = Vec::new();
    let mut counts = [0usize; 5];
    let mut line = String::new();
    for i in 0..docs {
        let outlet = OUTLETS[rng.below(OUTLETS.len())];
        let roll = rng.below(100);
        let source =
            (roll < 22 && !recent.is_empty()).then(|| recent[rng.below(recent.len())].clone());
        let (kind, text) = match (roll, source) {
            (0..=9, Some((s, p))) => {
                let mut text = format!("{}\n\n{}", writer.clause(&mut rng, 6, 1), body(&p));
                let mut words: Vec<&str> = text.split(' ').collect();
                let replacement: Vec<String> =
                    (0..3).map(|_| writer.word(&mut rng).to_string()).collect();
                for r in &replacement {
                    let at = rng.below(words.len());
                    words[at] = r;
                }
                text = words.join(" ");
                (("copy", Some(s)), text)
            }
            (10 | 11, Some((s, p))) => {
                let b = body(&p);
                (("doubled", Some(s)), format!("{b}\n\n{b}"))
            }
            (12..=16, Some((s, p))) => {
                let keep = (p.len() / 3).max(1) + rng.below(p.len() / 6 + 1);
                (("excerpt", Some(s)), body(&p[..keep.min(p.len())]))
            }
            (17..=21, Some((s, p))) => (("rewrite", Some(s)), body(&writer.rewrite(&mut rng, &p))),
            _ => {
                let p = writer.article(&mut rng);
                let text = body(&p);
                if recent.len() < 500 {
                    recent.push((i, p));
                } else {
                    let at = rng.below(recent.len());
                    recent[at] = (i, p);
                }
                (("original", None), text)
            }
        };
        let (kind, source) = kind;
        counts[["original", "copy", "doubled", "excerpt", "rewrite"]
            .iter()
            .position(|k| *k == kind)
            .unwrap_or(0)] += 1;
        if let Some(s) = source {
            writeln!(truth, "g{i},{kind},g{s}")?;
        }
        line.clear();
        let record = serde_json::json!({
            "id": format!("g{i}"),
            "title": writer.clause(&mut rng, 5, 1),
            "outlet": outlet,
            "published": date(i / 300),
            "text": text,
        });
        let _ = write!(line, "{record}");
        corpus.write_all(line.as_bytes())?;
        corpus.write_all(b"\n")?;
    }
    corpus.flush()?;
    truth.flush()?;
    eprintln!(
        "{docs} documents in {}: {} original, {} copy, {} doubled, {} excerpt, {} rewrite",
        dir.display(),
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        counts[4]
    );
    Ok(())
}
