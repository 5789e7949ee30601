//! Quotations and their speakers, scored from a report against quotations
//! marked by hand (`benches/quotes/meter_showbiz.tsv`), as
//! `benches/quote_scores.py` scores them: a marked quotation is found when
//! one the report gives covers at least 30% of its bytes; precision is the
//! share of given quotations that cover 30% of a marked one; the speaker of
//! a found quotation is right when the given source shares a name word with
//! the marked speaker.

use std::collections::{BTreeMap, BTreeSet};

/// Covered share of a marked quotation that finds it.
const OVERLAP: f64 = 0.3;
/// Words that name no one.
const NOT_NAMES: &[&str] = &[
    "a", "an", "the", "of", "for", "to", "mr", "mrs", "ms", "miss", "sir", "dr", "her", "his",
    "he", "she", "they", "it", "i", "we", "and", "who", "new", "at", "in", "on",
];

/// One quotation: its bytes in its document's text, and who says it.
#[derive(Clone, Debug)]
struct Quote {
    start: usize,
    end: usize,
    speaker: String,
}

/// What one run finds of the marked quotations.
#[derive(Clone, Copy, Debug, Default)]
pub struct QuoteScores {
    pub given: usize,
    pub given_right: usize,
    pub marked: usize,
    pub found: usize,
    /// Found quotations whose marked speaker is named (not `-`), and of
    /// those, the ones given to the right speaker.
    pub named: usize,
    pub speaker_right: usize,
}

impl QuoteScores {
    pub fn precision(&self) -> f64 {
        self.given_right as f64 / self.given.max(1) as f64
    }
    pub fn recall(&self) -> f64 {
        self.found as f64 / self.marked.max(1) as f64
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
    pub fn speaker(&self) -> f64 {
        self.speaker_right as f64 / self.named.max(1) as f64
    }
}

/// Scores `report` (an `analyze` report.json) against `judged` (the rows of
/// `meter_showbiz.tsv`); `texts` are the documents' texts as `analyze`
/// read them, by id.
pub fn quotes_as_run(
    judged: &str,
    report: &serde_json::Value,
    texts: &BTreeMap<String, String>,
) -> QuoteScores {
    let mut docs = BTreeSet::new();
    let mut marked: BTreeMap<&str, Vec<Quote>> = BTreeMap::new();
    for line in judged.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let [doc, kind, start, end, speaker] = f[..] else { continue };
        docs.insert(doc);
        if kind != "article" {
            let (Ok(start), Ok(end)) = (start.parse(), end.parse()) else { continue };
            marked.entry(doc).or_default().push(Quote { start, end, speaker: speaker.into() });
        }
    }
    let given = given(report, texts);
    let mut s = QuoteScores::default();
    for doc in docs {
        let gold = marked.get(doc).map_or(&[][..], Vec::as_slice);
        let said = given.get(doc).map_or(&[][..], Vec::as_slice);
        for g in gold {
            s.marked += 1;
            let best = said.iter().filter(|p| covers(g, p)).max_by_key(|p| shared(g, p));
            let Some(best) = best else { continue };
            s.found += 1;
            if g.speaker != "-" {
                s.named += 1;
                s.speaker_right += usize::from(speaker_right(&g.speaker, &best.speaker));
            }
        }
        for p in said {
            s.given += 1;
            s.given_right += usize::from(gold.iter().any(|g| covers(g, p)));
        }
    }
    s
}

/// The quotations a report gives, by document: each claim's quote spans,
/// joined where only spaces and marks lie between them, and the sentence
/// of a claim with no quote whose first own attribution names a source.
fn given<'r>(
    report: &'r serde_json::Value,
    texts: &BTreeMap<String, String>,
) -> BTreeMap<&'r str, Vec<Quote>> {
    let mut out: BTreeMap<&str, Vec<(Quote, bool)>> = BTreeMap::new();
    let span = |v: &serde_json::Value| -> Option<(usize, usize)> {
        Some((usize::try_from(v[0].as_u64()?).ok()?, usize::try_from(v[1].as_u64()?).ok()?))
    };
    for claim in report["claims"].as_array().into_iter().flatten() {
        let Some(doc) = claim["doc"].as_str() else { continue };
        let speaker = claim["attributions"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|a| a["scope"] != "document")
            .and_then(|a| a["source"].as_str())
            .unwrap_or_default()
            .to_string();
        let quotes: Vec<(usize, usize)> =
            claim["quotes"].as_array().into_iter().flatten().filter_map(span).collect();
        let list = out.entry(doc).or_default();
        if !quotes.is_empty() {
            for (start, end) in quotes {
                list.push((Quote { start, end, speaker: speaker.clone() }, true));
            }
        } else if !speaker.is_empty()
            && let Some((start, end)) = span(&claim["span"])
        {
            list.push((Quote { start, end, speaker }, false));
        }
    }
    out.into_iter()
        .map(|(doc, mut quotes)| {
            quotes.sort_by_key(|(q, _)| (q.start, q.end));
            let text = texts.get(doc).map_or("", String::as_str);
            let mut merged: Vec<(Quote, bool)> = Vec::new();
            for (q, direct) in quotes {
                if let Some((last, true)) = merged.last_mut()
                    && direct
                    && q.start >= last.end
                    && text.get(last.end..q.start).is_some_and(|gap| {
                        gap.chars().all(|c| c.is_whitespace() || "\"'“”‘’`<".contains(c))
                    })
                {
                    last.end = q.end;
                    if last.speaker.is_empty() {
                        last.speaker = q.speaker;
                    }
                    continue;
                }
                merged.push((q, direct));
            }
            (doc, merged.into_iter().map(|(q, _)| q).collect())
        })
        .collect()
}

fn shared(g: &Quote, p: &Quote) -> usize {
    g.end.min(p.end).saturating_sub(g.start.max(p.start))
}

fn covers(g: &Quote, p: &Quote) -> bool {
    shared(g, p) as f64 >= OVERLAP * (g.end - g.start) as f64
}

fn names(text: &str) -> BTreeSet<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !NOT_NAMES.contains(w))
        .map(str::to_string)
        .collect()
}

fn speaker_right(marked: &str, given: &str) -> bool {
    let said = names(given);
    marked.split('|').any(|alias| !names(alias).is_disjoint(&said))
}
