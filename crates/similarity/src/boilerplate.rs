//! Site chrome: lines that are not article text.
//!
//! Input: each document's lines. Output: per document, the spans of lines
//! that are boilerplate, either because they match a site-chrome pattern
//! (sharing prompts, comment policies, "Register for free…", navigation) or
//! because they recur across documents in different surroundings. The spans
//! are left out of similarity and shown in the report.
//!
//! A line shared by several documents is *not* boilerplate when it is long
//! (copied article text is what this tool exists to find) or when it always
//! sits between the same neighbours (a syndicated body copied with its
//! lines). Only short lines seen in at least `min_documents` documents with
//! different lines both before and after them count; a chrome block of
//! several lines is left to the patterns.

use rustc_hash::FxHashMap as HashMap;

use provtrace_common::Parallel;
use provtrace_common::config::BoilerplateConfig;
use provtrace_text::span::Span;

pub use provtrace_text::lines::{Line, is_chrome, lines};

#[derive(Default)]
struct Seen {
    documents: usize,
    last_document: Option<usize>,
    before: Neighbours,
    after: Neighbours,
}

/// Up to two distinct neighbouring keys: enough to tell "always the same".
#[derive(Default)]
struct Neighbours(Option<u64>, bool);

impl Neighbours {
    fn add(&mut self, key: u64) {
        match self.0 {
            None => self.0 = Some(key),
            Some(k) if k != key => self.1 = true,
            Some(_) => {}
        }
    }
}

/// Keys of lines that recur across documents as boilerplate.
pub fn recurring(
    documents: &[&[Line]],
    config: &BoilerplateConfig,
    run: &impl Parallel,
) -> Vec<u64> {
    let floor = floor(documents.len(), config);
    let counted = |line: &Line| line.key != 0 && line.words <= config.max_words;
    // A line in `floor` documents is there `floor` times at least: most
    // lines are not, and sorting their keys (8 bytes each) finds them for
    // less than tracking each one would cost.
    let mut all: Vec<u64> = run.flat_map(documents, |_, lines| {
        lines.iter().filter(|l| counted(l)).map(|l| l.key).collect()
    });
    run.sort_unstable(&mut all);
    let frequent: rustc_hash::FxHashSet<u64> =
        all.chunk_by(|a, b| a == b).filter(|run| run.len() >= floor).map(|run| run[0]).collect();
    drop(all);
    // Each shard counts the keys that fall to it, over every document: the
    // shards run side by side and no counts need merging.
    let shards = run.threads() as u64;
    let shard_ids: Vec<u64> = (0..shards).collect();
    let mut keys: Vec<u64> = run.flat_map(&shard_ids, |_, &shard| {
        let mut seen: HashMap<u64, Seen> = HashMap::default();
        for (doc, lines) in documents.iter().enumerate() {
            for (i, line) in lines.iter().enumerate() {
                if line.key % shards != shard || !counted(line) || !frequent.contains(&line.key) {
                    continue;
                }
                let entry = seen.entry(line.key).or_default();
                if entry.last_document != Some(doc) {
                    entry.documents += 1;
                    entry.last_document = Some(doc);
                }
                let before = if i == 0 { 1 } else { lines[i - 1].key };
                let after = lines.get(i + 1).map_or(2, |l| l.key);
                entry.before.add(before);
                entry.after.add(after);
            }
        }
        seen.into_iter()
            .filter(|(_, s)| s.documents >= floor && s.before.1 && s.after.1)
            .map(|(k, _)| k)
            .collect()
    });
    keys.sort_unstable();
    keys
}

/// What a corpus shows of one line key: in how many documents it stands,
/// and whether it was seen between different lines before and after it.
/// Statistics of two corpora merge into those of both ([`LineStats::merge`]),
/// so that an archive keeps them as it grows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LineStats {
    pub documents: u32,
    /// The first neighbouring key seen before the line (1 for the text's
    /// start), and whether another was seen since.
    pub before: (u64, bool),
    /// The same after it (2 for the text's end).
    pub after: (u64, bool),
}

impl LineStats {
    /// The statistics of both corpora.
    pub fn merge(&mut self, other: &LineStats) {
        if self.documents == 0 {
            *self = *other;
            return;
        }
        if other.documents == 0 {
            return;
        }
        self.documents += other.documents;
        let side = |mine: &mut (u64, bool), theirs: (u64, bool)| {
            mine.1 |= theirs.1 || mine.0 != theirs.0;
        };
        side(&mut self.before, other.before);
        side(&mut self.after, other.after);
    }

    /// Whether a key with these statistics is boilerplate in a corpus of
    /// `corpus` documents.
    pub fn recurs(&self, corpus: usize, config: &BoilerplateConfig) -> bool {
        self.documents as usize >= floor(corpus, config) && self.before.1 && self.after.1
    }
}

/// The documents a line must stand in to be boilerplate, in a corpus of `n`.
fn floor(n: usize, config: &BoilerplateConfig) -> usize {
    config.min_documents.max(n.div_ceil(200))
}

/// The statistics of every line key [`recurring`] counts (short lines with
/// words) over `documents`, by key.
pub fn line_stats(documents: &[&[Line]], config: &BoilerplateConfig) -> HashMap<u64, LineStats> {
    let mut stats: HashMap<u64, LineStats> = HashMap::default();
    for lines in documents {
        let mut one: HashMap<u64, LineStats> = HashMap::default();
        for (i, line) in lines.iter().enumerate() {
            if line.key == 0 || line.words > config.max_words {
                continue;
            }
            let before = if i == 0 { 1 } else { lines[i - 1].key };
            let after = lines.get(i + 1).map_or(2, |l| l.key);
            let seen = LineStats { documents: 1, before: (before, false), after: (after, false) };
            one.entry(line.key)
                .and_modify(|s| {
                    s.merge(&seen);
                    s.documents = 1;
                })
                .or_insert(seen);
        }
        for (key, seen) in one {
            stats.entry(key).or_default().merge(&seen);
        }
    }
    stats
}

/// The boilerplate spans of one document: chrome lines and recurring lines.
pub fn spans(lines: &[Line], recurring: &[u64]) -> Vec<Span> {
    lines
        .iter()
        .filter(|l| l.chrome || (l.key != 0 && recurring.binary_search(&l.key).is_ok()))
        .map(|l| l.span)
        .collect()
}

#[cfg(test)]
mod tests {
    use provtrace_text::normalize;

    use super::*;

    #[test]
    fn chrome_patterns() {
        let cases = [
            ("Like Us on Facebook", true),
            ("Make CT Your Homepage", true),
            ("Real Time Analytics", true),
            ("Trending: WATCH: Idiot Writer Claims…", true),
            ("Join the conversation!", true),
            ("Join the InvestorsHub Community", true),
            ("Related articles", true),
            ("Published: 7 years ago | Country:  |  Topics: , , | Comments: No Comments", true),
            ("Register for free to join our community of investors and share your ideas.", true),
            ("We have no tolerance for comments containing violence, racism, vulgarity.", true),
            ("Share this article", true),
            ("Source: The New York Times", false),
            ("Read more: NBC", false),
            ("The Pentagon said it would share intelligence with Facebook and others.", false),
        ];
        for (line, want) in cases {
            let words = normalize::normalize(line).split(' ').count();
            assert_eq!(is_chrome(line, words), want, "{line}");
        }
    }

    #[test]
    fn lines_have_trimmed_spans() {
        let text = "  Title here \r\n\r\nBody line.\n";
        let got = lines(text);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].span.slice(text), "Title here");
        assert_eq!(got[1].span.slice(text), "Body line.");
    }

    #[test]
    fn recurring_short_lines_in_new_surroundings_only() {
        let docs = [
            "Story one begins here.\nSubscribe to the Daily Bugle\nStory one ends.",
            "Story two begins here.\nSubscribe to the Daily Bugle\nStory two ends.",
            "Story three begins here.\nSubscribe to the Daily Bugle\nStory three ends.",
            // A syndicated body: the same short lines in the same order.
            "Copy\nThe mayor said on Monday\nthat the bridge would close.\nEnd A",
            "Copy\nThe mayor said on Monday\nthat the bridge would close.\nEnd B",
            "Copy\nThe mayor said on Monday\nthat the bridge would close.\nEnd C",
        ];
        let all: Vec<Vec<Line>> = docs.iter().map(|d| lines(d)).collect();
        let refs: Vec<&[Line]> = all.iter().map(Vec::as_slice).collect();
        let keys = recurring(&refs, &BoilerplateConfig::default(), &provtrace_common::Sequential);
        let marked: Vec<&str> = spans(&all[0], &keys).iter().map(|s| s.slice(docs[0])).collect();
        assert_eq!(marked, ["Subscribe to the Daily Bugle"]);
        let copy: Vec<&str> = spans(&all[3], &keys).iter().map(|s| s.slice(docs[3])).collect();
        // The body lines keep a neighbour across copies: not boilerplate.
        assert!(copy.is_empty(), "{copy:?}");
    }

    #[test]
    fn merged_statistics_find_what_one_corpus_finds() {
        let docs = [
            "Story one begins here.\nSubscribe to the Daily Bugle\nStory one ends.",
            "Story two begins here.\nSubscribe to the Daily Bugle\nStory two ends.",
            "Copy\nThe mayor said on Monday\nEnd A",
            "Copy\nThe mayor said on Monday\nEnd B",
            "Story three begins here.\nSubscribe to the Daily Bugle\nStory three ends.",
            "Copy\nThe mayor said on Monday\nEnd C",
        ];
        let all: Vec<Vec<Line>> = docs.iter().map(|d| lines(d)).collect();
        let refs: Vec<&[Line]> = all.iter().map(Vec::as_slice).collect();
        let config = BoilerplateConfig::default();
        let whole = recurring(&refs, &config, &provtrace_common::Sequential);
        assert_eq!(whole.len(), 1, "the subscription line only");
        for cut in 0..=docs.len() {
            let mut stats = line_stats(&refs[..cut], &config);
            for (key, s) in line_stats(&refs[cut..], &config) {
                stats.entry(key).or_default().merge(&s);
            }
            let mut keys: Vec<u64> = stats
                .iter()
                .filter(|(_, s)| s.recurs(docs.len(), &config))
                .map(|(&k, _)| k)
                .collect();
            keys.sort_unstable();
            assert_eq!(keys, whole, "cut at {cut}");
        }
    }
}
