//! Scoring against labelled corpora: confusion matrices, precision, recall,
//! F1, and the Clough & Stevenson short-answer corpus.
//!
//! Input: predictions and labels already in memory (the caller reads the
//! files). Output: figures. Used by `examples/evaluate.rs` and the tests.

use std::collections::BTreeMap;
use std::fmt::Write;

pub mod quotes;

use provtrace_attribution::claims;
use provtrace_attribution::gazetteer::Gazetteer;
use provtrace_attribution::tagger::Tagger;
use provtrace_common::config::Config;
use provtrace_engine::pipeline;
use provtrace_ingest::ingest::{Corpus, Document};
use provtrace_similarity::align::Derivation;
use provtrace_text::sentence;
use provtrace_text::span::Span;

/// Counts of (truth, prediction) over named classes.
#[derive(Clone, Debug, Default)]
pub struct Confusion {
    truths: Vec<String>,
    predictions: Vec<String>,
    counts: BTreeMap<(String, String), usize>,
}

/// Precision, recall and F1 of one class.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: usize,
}

impl Scores {
    /// From true positives, false positives and false negatives.
    pub fn from_counts(tp: usize, fp: usize, fn_: usize) -> Scores {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fn_);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Scores { precision, recall, f1, support: tp + fn_ }
    }
}

impl Confusion {
    /// A matrix with rows `truths` and columns `predictions`, in that order.
    pub fn new(truths: &[&str], predictions: &[&str]) -> Confusion {
        Confusion {
            truths: truths.iter().map(|s| (*s).to_string()).collect(),
            predictions: predictions.iter().map(|s| (*s).to_string()).collect(),
            counts: BTreeMap::new(),
        }
    }

    pub fn add(&mut self, truth: &str, prediction: &str) {
        *self.counts.entry((truth.to_string(), prediction.to_string())).or_default() += 1;
    }

    fn count(&self, truth: &str, prediction: &str) -> usize {
        self.counts.get(&(truth.to_string(), prediction.to_string())).copied().unwrap_or(0)
    }

    /// Scores of a class that is both a truth and a prediction label.
    pub fn scores(&self, class: &str) -> Scores {
        let tp = self.count(class, class);
        let fp: usize =
            self.truths.iter().filter(|t| *t != class).map(|t| self.count(t, class)).sum();
        let fn_: usize =
            self.predictions.iter().filter(|p| *p != class).map(|p| self.count(class, p)).sum();
        Scores::from_counts(tp, fp, fn_)
    }

    /// The mean F1 over the classes that are both truths and predictions.
    pub fn macro_f1(&self) -> f64 {
        let shared: Vec<&String> =
            self.truths.iter().filter(|t| self.predictions.contains(t)).collect();
        if shared.is_empty() {
            return 0.0;
        }
        shared.iter().map(|c| self.scores(c).f1).sum::<f64>() / shared.len() as f64
    }

    /// The matrix as a plain-text table.
    pub fn table(&self) -> String {
        let mut out = format!("{:>12}", "truth \\ pred");
        for p in &self.predictions {
            let _ = write!(out, " {p:>10}");
        }
        out.push('\n');
        for t in &self.truths {
            let _ = write!(out, "{t:>12}");
            for p in &self.predictions {
                let _ = write!(out, " {:>10}", self.count(t, p));
            }
            out.push('\n');
        }
        out
    }
}

/// One answer of the Clough & Stevenson corpus, scored against its source.
#[derive(Clone, Debug)]
pub struct Scored {
    pub file: String,
    /// `cut`, `light`, `heavy` or `non`.
    pub category: String,
    pub coverage: f64,
    pub verbatim_coverage: f64,
    pub derivation: Derivation,
}

/// Scores every answer listed in `labels_csv` (the corpus's `labels.csv`:
/// `File,…,Category,…,source_file`) against its source, with the documents
/// of `corpus` found by file name. Rows whose files are missing are skipped.
pub fn clough_stevenson(labels_csv: &str, corpus: &Corpus, config: &Config) -> Vec<Scored> {
    let by_name = |name: &str| -> Option<&Document> {
        corpus.documents.iter().find(|d| d.id == name || d.id.ends_with(&format!("/{name}")))
    };
    let Some(([file, category, source], rows)) =
        table(labels_csv, ',', ["File", "Category", "source_file"])
    else {
        return Vec::new();
    };
    rows.filter_map(|fields| {
        let (answer, source) = (by_name(fields.get(file)?)?, by_name(fields.get(source)?)?);
        let pair = Corpus { documents: vec![source.clone(), answer.clone()], ..Corpus::default() };
        let reuse = pipeline::compare(&pair, config, true).reuse;
        Some(Scored {
            file: answer.id.clone(),
            category: fields.get(category)?.to_string(),
            coverage: reuse.coverage,
            verbatim_coverage: reuse.verbatim_coverage,
            derivation: reuse.derivation,
        })
    })
    .collect()
}

/// A reuse link as `report.json` lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub source: String,
    pub target: String,
    /// `wholly`, `partially` or `none`.
    pub derivation: String,
    pub coverage: f64,
    /// The report's rank of the source among the target's sources.
    pub rank: u64,
}

/// The reuse links of a `report.json`, and each document's duplicate
/// cluster mates (itself included), for scoring a run as a user gets it.
#[derive(Clone, Debug, Default)]
pub struct AsRun {
    pub links: Vec<Link>,
    mates: BTreeMap<String, Vec<String>>,
    /// The ids of the documents the report lists.
    ids: Vec<String>,
}

impl AsRun {
    /// Reads the parts of a parsed `report.json` that reuse scoring needs.
    pub fn from_report(report: &serde_json::Value) -> AsRun {
        let text =
            |v: &serde_json::Value, key: &str| v[key].as_str().unwrap_or_default().to_string();
        let links = report["reuse"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|r| Link {
                source: text(r, "source"),
                target: text(r, "target"),
                derivation: text(r, "derivation"),
                coverage: r["coverage"].as_f64().unwrap_or_default(),
                rank: r["rank"].as_u64().unwrap_or(u64::MAX),
            })
            .collect();
        let mut mates = BTreeMap::new();
        for cluster in
            report["duplicate_clusters"].as_array().map(Vec::as_slice).unwrap_or_default()
        {
            let members: Vec<String> = cluster["members"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .filter_map(|m| m.as_str().map(String::from))
                .collect();
            for m in &members {
                mates.insert(m.clone(), members.clone());
            }
        }
        AsRun { links, mates, ids: report_ids(report) }
    }

    /// The report's id for a corpus file: the id itself, or an id that
    /// ends with `/name`.
    fn id_for(&self, name: &str) -> Option<&str> {
        self.ids
            .iter()
            .map(String::as_str)
            .find(|id| *id == name || id.ends_with(&format!("/{name}")))
    }

    /// Whether `a` is `b` or one of its duplicate cluster's members.
    pub fn same_text(&self, a: &str, b: &str) -> bool {
        a == b || self.mates.get(b).is_some_and(|m| m.iter().any(|x| x == a))
    }

    /// The links that have `target` as their target and derive something,
    /// in the report's rank order (the story's source first), as a reader
    /// of the report meets them.
    pub fn sources_of(&self, target: &str) -> Vec<&Link> {
        let mut found: Vec<&Link> =
            self.links.iter().filter(|l| l.target == target && l.derivation != "none").collect();
        found.sort_by(|a, b| a.rank.cmp(&b.rank).then(a.source.cmp(&b.source)));
        found
    }
}

/// A delimited table with a header line: the positions of the `names`
/// columns, and each further line split into trimmed fields; `None` when a
/// column is missing.
fn table<'a, const N: usize>(
    text: &'a str,
    separator: char,
    names: [&str; N],
) -> Option<([usize; N], impl Iterator<Item = Vec<&'a str>>)> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(separator).collect();
    let mut columns = [0; N];
    for (column, name) in columns.iter_mut().zip(names) {
        *column = header.iter().position(|h| h.trim() == name)?;
    }
    Some((columns, lines.map(move |line| line.split(separator).map(str::trim).collect())))
}

/// The ids of the documents a `report.json` lists.
fn report_ids(report: &serde_json::Value) -> Vec<String> {
    report["documents"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter_map(|d| d["id"].as_str().map(String::from))
        .collect()
}

/// One answer of Clough & Stevenson as one `analyze` over the whole corpus
/// reported it.
#[derive(Clone, Debug)]
pub struct AnswerAsRun {
    pub file: String,
    /// `cut`, `light`, `heavy` or `non`.
    pub category: String,
    /// The derivation of the answer's link from its task's source (or a
    /// member of the source's duplicate cluster); `none` without one.
    pub derivation: String,
    /// Whether the answer's best source is its task's source itself.
    pub source_itself: bool,
}

/// Scores each answer of `labels_csv` (`File,…,Category,…,source_file`)
/// from one run's report.
pub fn clough_stevenson_as_run(labels_csv: &str, report: &serde_json::Value) -> Vec<AnswerAsRun> {
    let run = AsRun::from_report(report);
    let Some(([file, category, source], rows)) =
        table(labels_csv, ',', ["File", "Category", "source_file"])
    else {
        return Vec::new();
    };
    rows.filter_map(|fields| {
        let answer = run.id_for(fields.get(file)?)?;
        let source = run.id_for(fields.get(source)?)?;
        let sources = run.sources_of(answer);
        let from_source = sources.iter().find(|l| run.same_text(&l.source, source));
        Some(AnswerAsRun {
            file: answer.to_string(),
            category: fields.get(category)?.to_string(),
            derivation: from_source.map_or("none", |l| l.derivation.as_str()).to_string(),
            source_itself: sources.first().is_some_and(|l| l.source == source),
        })
    })
    .collect()
}

/// One newspaper story of METER as one `analyze` reported it.
#[derive(Clone, Debug)]
pub struct StoryAsRun {
    pub file: String,
    /// `wholly_derived`, `partially_derived` or `non_derived`.
    pub label: String,
    /// The same scale from the report: the derivation of the story's best
    /// link from a wire file (`non_derived` without one).
    pub predicted: String,
    /// The best source is one of the story's candidate wire files.
    pub source_right: bool,
    /// The best source, if any.
    pub source: Option<String>,
}

/// Scores each story of METER's `labels_tsv` (`newspaper_file`, `label`,
/// `pa_candidate_files` separated by `|`) from one run's report, whose ids
/// are the corpus's relative paths. A story's prediction comes from its
/// best link whose source is a wire file (a path under `PA/`).
pub fn meter_as_run(labels_tsv: &str, report: &serde_json::Value) -> Vec<StoryAsRun> {
    let run = AsRun::from_report(report);
    let Some(([file, label, candidates], rows)) =
        table(labels_tsv, '\t', ["newspaper_file", "label", "pa_candidate_files"])
    else {
        return Vec::new();
    };
    rows.filter_map(|fields| {
        let story = run.id_for(fields.get(file)?)?;
        let candidates: Vec<&str> =
            fields.get(candidates)?.split('|').filter_map(|c| run.id_for(c)).collect();
        let best = run
            .sources_of(story)
            .into_iter()
            .find(|l| l.source.starts_with("PA/") || l.source.contains("/PA/"));
        let predicted = match best.map(|l| l.derivation.as_str()) {
            Some("wholly") => "wholly_derived",
            Some("partially") => "partially_derived",
            _ => "non_derived",
        };
        Some(StoryAsRun {
            file: story.to_string(),
            label: fields.get(label)?.to_string(),
            predicted: predicted.to_string(),
            source_right: best.is_some_and(|l| candidates.contains(&l.source.as_str())),
            source: best.map(|l| l.source.clone()),
        })
    })
    .collect()
}

/// METER's wire and newspaper files as one JSON Lines corpus, as a user
/// would give it to `analyze`: `id` the path below `dir`, `published` the
/// story's day (`DD.MM.YY` folders) for wire copy and the next day for
/// newspapers (none without such a folder), `text` decoded as `analyze`
/// decodes a file (UTF-8, else Windows-1252, which holds METER's Latin-1).
/// Files that are not stories (`readme.txt`) are left out.
pub fn meter_corpus(dir: &std::path::Path) -> std::io::Result<String> {
    let mut files = Vec::new();
    for top in ["PA", "newspapers"] {
        let mut stack = vec![dir.join(top)];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d)? {
                let path = entry?.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "txt")
                    && path.file_name().is_some_and(|n| n != "readme.txt")
                {
                    files.push(path);
                }
            }
        }
    }
    files.sort();
    let mut out = String::new();
    for path in files {
        let rel = path.strip_prefix(dir).unwrap_or(&path);
        let id: Vec<String> =
            rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        // Undated when no folder names a day: dates help, never decide.
        let day = id.iter().find_map(|c| meter_day(c));
        let day = if id[0] == "PA" { day } else { day.map(|d| d.tomorrow().unwrap_or(d)) };
        let bytes = std::fs::read(&path)?;
        // As `analyze` reads a file: UTF-8 when it is, else Windows-1252
        // (METER's Latin-1). A file it refuses (empty, binary) goes in
        // empty, for `analyze` to report as skipped.
        let text =
            provtrace_ingest::ingest::decode(&bytes).map(|(text, _)| text).unwrap_or_default();
        let mut line = serde_json::json!({ "id": id.join("/"), "text": text });
        if let Some(day) = day {
            line["published"] = day.to_string().into();
        }
        out.push_str(&line.to_string());
        out.push('\n');
    }
    Ok(out)
}

/// `07.01.00` → 2000-01-07.
fn meter_day(name: &str) -> Option<jiff::civil::Date> {
    let parts: Vec<i16> = name.split('.').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let [day, month, year] = parts[..] else { return None };
    let year = if year < 50 { 2000 + year } else { 1900 + year };
    jiff::civil::Date::new(year, month.try_into().ok()?, day.try_into().ok()?).ok()
}

/// Cue and source spans of attributions, in bytes of the text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AttributionSpans {
    pub cues: Vec<Span>,
    pub sources: Vec<Span>,
}

/// The cue and source spans of a brat standoff file (PolNeAR's `.ann`),
/// whose offsets count characters, converted to byte spans of `text`. A
/// discontinuous span is taken from its first start to its last end.
pub fn brat_attributions(ann: &str, text: &str) -> AttributionSpans {
    let bytes: Vec<usize> =
        text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len())).collect();
    let byte = |chars: usize| bytes.get(chars).copied();
    let mut out = AttributionSpans::default();
    for line in ann.lines() {
        let mut fields = line.split('\t');
        let (Some(id), Some(kind)) = (fields.next(), fields.next()) else { continue };
        if !id.starts_with('T') {
            continue;
        }
        let mut parts = kind.splitn(2, ' ');
        let (Some(label), Some(ranges)) = (parts.next(), parts.next()) else { continue };
        let numbers: Vec<usize> = ranges.split([' ', ';']).filter_map(|n| n.parse().ok()).collect();
        let (Some(&first), Some(&last)) = (numbers.first(), numbers.last()) else { continue };
        let (Some(start), Some(end)) = (byte(first), byte(last)) else { continue };
        let span = Span::new(start, end);
        match label {
            "Cue" => out.cues.push(span),
            "Source" => out.sources.push(span),
            _ => {}
        }
    }
    out
}

/// The attributions provtrace finds in every sentence of a text.
pub fn predicted_attributions(
    text: &str,
    gazetteer: &Gazetteer,
    tagger: &Tagger,
) -> AttributionSpans {
    let mut out = AttributionSpans::default();
    // Outlets are named in the whole text, as the pipeline reads them.
    let mentions = gazetteer.mentions(text);
    let speakers = claims::speakers(text, gazetteer);
    let sentences = sentence::sentences(text, "eng");
    for k in 0..sentences.len() {
        for a in claims::sentence_attributions(
            text, &sentences, k, &mentions, &speakers, gazetteer, tagger,
        ) {
            if let Some(cue) = a.cue_span
                && !out.cues.contains(&cue)
            {
                out.cues.push(cue);
            }
            if let Some(source) = a.source_span
                && !out.sources.contains(&source)
            {
                out.sources.push(source);
            }
        }
    }
    out
}

/// Overlap of two spans: shared bytes over the bytes of either (0 to 1).
pub fn overlap(a: Span, b: Span) -> f64 {
    let shared = a.end.min(b.end).saturating_sub(a.start.max(b.start));
    let union = a.end.max(b.end) - a.start.min(b.start);
    if union == 0 { 0.0 } else { shared as f64 / union as f64 }
}

/// True positives, false positives and false negatives of predicted spans
/// against gold spans, matched one to one, best overlap first, at an
/// overlap of at least `threshold`.
pub fn match_spans(predicted: &[Span], gold: &[Span], threshold: f64) -> (usize, usize, usize) {
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (i, &p) in predicted.iter().enumerate() {
        for (j, &g) in gold.iter().enumerate() {
            let o = overlap(p, g);
            if o >= threshold && o > 0.0 {
                pairs.push((o, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut used_p, mut used_g) = (vec![false; predicted.len()], vec![false; gold.len()]);
    let mut tp = 0;
    for (_, i, j) in pairs {
        if !used_p[i] && !used_g[j] {
            used_p[i] = true;
            used_g[j] = true;
            tp += 1;
        }
    }
    (tp, predicted.len() - tp, gold.len() - tp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_from_a_small_matrix() {
        let mut m = Confusion::new(&["yes", "no"], &["yes", "no"]);
        for (t, p) in [("yes", "yes"), ("yes", "yes"), ("yes", "no"), ("no", "no"), ("no", "yes")] {
            m.add(t, p);
        }
        let yes = m.scores("yes");
        assert!((yes.precision - 2.0 / 3.0).abs() < 1e-12);
        assert!((yes.recall - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(yes.support, 3);
        let no = m.scores("no");
        assert!((no.f1 - 0.5).abs() < 1e-12);
        assert!((m.macro_f1() - f64::midpoint(2.0 / 3.0, 0.5)).abs() < 1e-12);
        assert!(m.table().contains("yes"));
        assert!(Scores::from_counts(0, 0, 0).f1.abs() < 1e-12);
    }

    #[test]
    fn brat_offsets_are_characters() {
        let text = "Él dijo. The Post reports it.";
        let ann = "T1\tSource 9 17\tThe Post\nT2\tCue 18 25\treports\nE1\tAttribution:T3 Cue:T2 Source:T1\n";
        let spans = brat_attributions(ann, text);
        assert_eq!(spans.sources[0].slice(text), "The Post");
        assert_eq!(spans.cues[0].slice(text), "reports");
    }

    #[test]
    fn spans_match_one_to_one_by_overlap() {
        let gold = [Span::new(0, 10), Span::new(20, 30)];
        let predicted = [Span::new(0, 9), Span::new(2, 8), Span::new(40, 45)];
        assert_eq!(match_spans(&predicted, &gold, 0.3), (1, 2, 1));
        assert_eq!(match_spans(&predicted, &gold, 0.95), (0, 3, 2));
        assert!((overlap(Span::new(0, 10), Span::new(5, 15)) - 5.0 / 15.0).abs() < 1e-12);
    }

    #[test]
    fn meter_layout_reads_utf8_and_latin1() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let story = |top: &str, name: &str, bytes: &[u8]| {
            let folder = dir.path().join(top).join("rawtexts/courts/07.01.00/fire");
            std::fs::create_dir_all(&folder).expect("folder");
            std::fs::write(folder.join(name), bytes).expect("file");
        };
        // An agency story in UTF-8 (Urdu), a paper's in Latin-1, a readme.
        story("PA", "wire.txt", "آگ لگنے سے دو افراد ہلاک ہو گئے۔".as_bytes());
        story("newspapers", "paper.txt", b"Fire cost \xa32m, caf\xe9 owner said.");
        story("newspapers", "readme.txt", b"not a story");
        let undated = dir.path().join("newspapers/rawtexts/courts/fire");
        std::fs::create_dir_all(&undated).expect("folder");
        std::fs::write(undated.join("undated.txt"), b"No day in the path.").expect("file");
        let corpus = meter_corpus(dir.path()).expect("reads");
        let lines: Vec<serde_json::Value> =
            corpus.lines().map(|l| serde_json::from_str(l).expect("JSON")).collect();
        assert_eq!(lines.len(), 3);
        let undated = lines.iter().find(|l| l["id"].as_str().unwrap().ends_with("undated.txt"));
        assert!(undated.is_some_and(|l| l.get("published").is_none()), "{lines:?}");
        let text = |top: &str| {
            let line = lines
                .iter()
                .find(|l| {
                    l["id"].as_str().unwrap().starts_with(top) && l.get("published").is_some()
                })
                .unwrap();
            (
                line["text"].as_str().unwrap().to_string(),
                line["published"].as_str().unwrap().to_string(),
            )
        };
        assert_eq!(
            text("PA/"),
            ("آگ لگنے سے دو افراد ہلاک ہو گئے۔".to_string(), "2000-01-07".to_string())
        );
        assert_eq!(
            text("newspapers/"),
            ("Fire cost £2m, café owner said.".to_string(), "2000-01-08".to_string())
        );
    }
}
