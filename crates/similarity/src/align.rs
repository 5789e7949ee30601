//! Aligning two texts that share material: which passages, verbatim or
//! rewritten, and how much of the later text they make up.
//!
//! Input: a source and a target [`Side`] (content tokens and sentences, with
//! boilerplate and repeated copies already left out). Output: an
//! [`Alignment`]: passages with spans on both sides, the share of the
//! target's words inside them (`coverage`, and `verbatim_coverage` for the
//! verbatim ones), and the derivation class.
//!
//! Verbatim passages are maximal runs of identical normalised tokens, grown
//! from shared `k`-token seeds wherever they are in either text, so
//! paragraphs moved to another place are found as well as those in order.
//! Rewritten passages pair a target sentence that is mostly not verbatim with
//! the source sentence that holds most of its content words: the sentence is
//! built from that one when the share held is at least
//! `min_rewrite_similarity`. The share is of the target's words, as coverage
//! is: a journalist who cuts a wire sentence down, reorders it or adds a word
//! still builds it from the wire, and one source sentence may feed two
//! target sentences. Independent reports of one event share names, but
//! rarely most of the words of a sentence. A rewrite keeps the facts, so
//! in a sentence with two figures or more (words with a digit) the same
//! share of them must be in the source sentence too: formula stories and table rows share their
//! words with every other of their kind, and their figures with none. A sentence with fewer than
//! four content words is too short to tell (a dateline, a credit).
//!
//! Derivation follows the METER scheme journalists use: `wholly` when the
//! target is built from the source (coverage at or above `wholly`),
//! `partially` when the source is one of its materials (at or above
//! `partially`), else `none`.

use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

use serde::Serialize;

use provtrace_common::config::AlignConfig;
use provtrace_text::normalize::{self, Token};
use provtrace_text::span::{self, Span};

/// One side of a comparison.
#[derive(Clone, Copy, Debug)]
pub struct Side<'a> {
    pub text: &'a str,
    /// Content tokens, in text order.
    pub tokens: &'a [Token],
    /// Content sentences, in text order.
    pub sentences: &'a [Span],
}

/// How a passage was reused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PassageKind {
    Verbatim,
    Rewrite,
}

/// A passage of the target and the source text it comes from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Passage {
    pub source_span: Span,
    pub target_span: Span,
    pub kind: PassageKind,
    /// 1 for verbatim passages; the sentence similarity for rewrites.
    pub similarity: f64,
}

/// METER's classes of how much a text derives from a source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Derivation {
    Wholly,
    Partially,
    None,
}

/// What the target takes from the source.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alignment {
    pub coverage: f64,
    pub verbatim_coverage: f64,
    pub derivation: Derivation,
    pub passages: Vec<Passage>,
}

/// Words that carry no content, left out of sentence similarity.
static STOPWORDS: LazyLock<Vec<u64>> = LazyLock::new(|| {
    let words = "a about above after again against all also am an and any are as at be because been before \
        being below between both but by can could did do does doing down during each few for from further \
        had has have having he her here hers herself him himself his how i if in into is it its itself just \
        me more most my myself no nor not now of off on once only or other our ours ourselves out over own \
        same she should so some such than that the their theirs them themselves then there these they this \
        those through to too under until up very was we were what when where which while who whom why will \
        with would you your yours yourself yourselves s t said says say";
    let mut hashes: Vec<u64> = normalize::tokens(words).iter().map(|t| t.hash).collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes
});

/// A sentence with fewer content words is too short to call a rewrite.
const MIN_CONTENT_WORDS: usize = 4;

fn is_content(hash: u64) -> bool {
    STOPWORDS.binary_search(&hash).is_err()
}

/// Aligns `target` against `source`.
pub fn align(
    source: &Side,
    target: &Side,
    term_coverage: Option<f64>,
    k: usize,
    config: &AlignConfig,
) -> Alignment {
    let mut passages: Vec<Passage> = verbatim_runs(source.tokens, target.tokens, k)
        .into_iter()
        .map(|(s, t, len)| Passage {
            source_span: Span::new(
                source.tokens[s].span().start,
                source.tokens[s + len - 1].span().end,
            ),
            target_span: Span::new(
                target.tokens[t].span().start,
                target.tokens[t + len - 1].span().end,
            ),
            kind: PassageKind::Verbatim,
            similarity: 1.0,
        })
        .collect();
    let verbatim = span::merge(passages.iter().map(|p| p.target_span).collect());
    passages.extend(rewrites(source, target, &verbatim, config));
    passages.sort_by_key(|p| (p.target_span, p.source_span));

    let covered = span::merge(passages.iter().map(|p| p.target_span).collect());
    let share = |spans: &[Span]| {
        if target.tokens.is_empty() {
            return 0.0;
        }
        let inside = target.tokens.iter().filter(|t| span::covered_by(spans, t.span())).count();
        inside as f64 / target.tokens.len() as f64
    };
    let coverage = share(&covered);
    let verbatim_coverage = share(&verbatim);
    // Quoted words are the speaker's, and every reporter who heard or read
    // the statement has them word for word.
    let quoted = span::quotations(target.text);
    let reported = if quoted.is_empty() || target.tokens.is_empty() {
        verbatim_coverage
    } else {
        let copied = target.tokens.iter().filter(|t| {
            span::covered_by(&verbatim, t.span()) && !span::covered_by(&quoted, t.span())
        });
        copied.count() as f64 / target.tokens.len() as f64
    };
    let derivation = derivation(coverage, reported, term_coverage, config);
    Alignment { coverage, verbatim_coverage, derivation, passages }
}

/// The derivation class. `wholly` when most of the target is aligned with
/// the source (`coverage`), or most of its information (`term_coverage`,
/// words weighted by rarity, beyond chance) is in the source, aligned or
/// not: a rewrite may keep no sentence's wording. `partially` when a part of
/// it is copied word for word outside quotations (`reported_verbatim`), or
/// when enough of its information is the source's and a passage is aligned:
/// in a corpus of one wire's stories, stories on one subject share
/// vocabulary without sharing a sentence. Quotations do not count toward
/// `partially` alone: every reporter who heard or read a statement has it
/// word for word. Sentences that only resemble the source's count toward
/// `partially` only through `term_coverage` when it is known: independent
/// reports of one event, and answers to one question, word some sentences
/// alike and still bring their own names and facts. Without `term_coverage`
/// (no corpus to weigh words by), coverage alone decides.
pub fn derivation(
    coverage: f64,
    reported_verbatim: f64,
    term_coverage: Option<f64>,
    config: &AlignConfig,
) -> Derivation {
    let Some(terms) = term_coverage else {
        return if coverage >= config.wholly {
            Derivation::Wholly
        } else if coverage >= config.partially {
            Derivation::Partially
        } else {
            Derivation::None
        };
    };
    // Some of the words alone, with no passage aligned, are a subject
    // shared; most of them are a rewrite in other words.
    let aligned = coverage > 0.0;
    if coverage >= config.wholly || terms >= config.wholly_terms {
        Derivation::Wholly
    } else if reported_verbatim >= config.partially || (terms >= config.partially_terms && aligned)
    {
        Derivation::Partially
    } else {
        Derivation::None
    }
}

/// A target's sentences as [`TargetSummary::could_derive`] sees them.
pub struct TargetSummary {
    /// Per sentence: its word count and its content words and figures as
    /// rewrite matching sees them (no words when too few to tell).
    sentences: Vec<(usize, Sentence)>,
    words: usize,
}

impl TargetSummary {
    /// Summarises the target's sentences, once for all its candidate sources.
    pub fn new(text: &str, sentences: &[Span]) -> TargetSummary {
        let sentences: Vec<(usize, Sentence)> = sentences
            .iter()
            .map(|&span| {
                let count = normalize::word_spans(span.slice(text)).count();
                let mut s = sentence(text, span);
                if s.words.len() < MIN_CONTENT_WORDS {
                    s.words.clear();
                }
                (count, s)
            })
            .collect();
        let words = sentences.iter().map(|(count, _)| count).sum();
        TargetSummary { sentences, words }
    }

    /// Whether the target could derive at least `partially` from a source,
    /// told cheaply before aligning them: an upper bound on coverage from the
    /// sentences whose content words (and figures, as [`align`] asks) the
    /// source holds enough of anywhere (`source_words`: its distinct words
    /// as [`crate::terms::term`]s, sorted), and `shared` shingles of `k` words, each of which
    /// puts at most `k` target words into a verbatim passage.
    pub fn could_derive(
        &self,
        source_words: &[u32],
        (shared, k): (usize, usize),
        config: &AlignConfig,
    ) -> bool {
        let held = |list: &[u64]| {
            list.iter()
                .filter(|&&w| source_words.binary_search(&crate::terms::term(w)).is_ok())
                .count() as f64
        };
        let rewritable: usize = self
            .sentences
            .iter()
            .filter(|(_, s)| {
                !s.words.is_empty()
                    && held(&s.words) >= config.min_rewrite_similarity * s.words.len() as f64
                    && figures_kept(held(&s.numbers), s.numbers.len(), config)
            })
            .map(|(count, _)| count)
            .sum();
        let bound = (rewritable + shared * k) as f64 / self.words.max(1) as f64;
        bound >= config.partially
    }
}

/// Whether a target sentence with `figures` figures, `held` of them in the
/// source, keeps enough of them to be a rewrite. One figure (an age, a
/// year) is often dropped or restated.
fn figures_kept(held: f64, figures: usize, config: &AlignConfig) -> bool {
    figures < 2 || held >= config.min_rewrite_similarity * figures as f64
}

/// Maximal runs `(source index, target index, length)` of at least `k`
/// identical tokens, each target token in at most one run, longest first.
fn verbatim_runs(source: &[Token], target: &[Token], k: usize) -> Vec<(usize, usize, usize)> {
    if source.len() < k || target.len() < k || k == 0 {
        return Vec::new();
    }
    let key = |tokens: &[Token], i: usize| -> u64 {
        tokens[i..i + k].iter().fold(0u64, |h, t| h.rotate_left(13) ^ t.hash)
    };
    let mut seeds: HashMap<u64, Vec<u32>> = HashMap::default();
    for i in 0..=source.len() - k {
        let positions = seeds.entry(key(source, i)).or_default();
        // A seed repeated very often is a stock phrase; a few places suffice.
        if positions.len() < 16 {
            positions.push(i as u32);
        }
    }
    let same = |i: usize, j: usize| source[i].hash == target[j].hash;
    let mut runs = Vec::new();
    for j in 0..=target.len() - k {
        let Some(positions) = seeds.get(&key(target, j)) else { continue };
        for &i in positions {
            let i = i as usize;
            // Only grow a run from its first token.
            if i > 0 && j > 0 && same(i - 1, j - 1) {
                continue;
            }
            let mut len = 0;
            while i + len < source.len() && j + len < target.len() && same(i + len, j + len) {
                len += 1;
            }
            if len >= k {
                runs.push((i, j, len));
            }
        }
    }
    runs.sort_by(|a, b| b.2.cmp(&a.2).then(a.1.cmp(&b.1)).then(a.0.cmp(&b.0)));
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let mut chosen = Vec::new();
    for (i, j, len) in runs {
        if taken.iter().any(|&(a, b)| j < b && a < j + len) {
            continue;
        }
        taken.push((j, j + len));
        chosen.push((i, j, len));
    }
    chosen
}

/// A sentence as rewrite matching sees it.
struct Sentence {
    span: Span,
    /// Content words, hashed as tokens are, sorted and distinct.
    words: Vec<u64>,
    /// Those of them with a digit, sorted and distinct.
    numbers: Vec<u64>,
}

fn sentence(text: &str, span: Span) -> Sentence {
    let slice = span.slice(text);
    let mut words = Vec::new();
    let mut numbers = Vec::new();
    for t in normalize::tokens(slice).into_iter().filter(|t| is_content(t.hash)) {
        words.push(t.hash);
        // A figure: a digit in its normal form (Arabic-Indic digits are
        // digits there).
        let word = t.span().slice(slice);
        let figure = if word.is_ascii() {
            word.bytes().any(|b| b.is_ascii_digit())
        } else {
            normalize::normal_form(word).bytes().any(|b| b.is_ascii_digit())
        };
        if figure {
            numbers.push(t.hash);
        }
    }
    for list in [&mut words, &mut numbers] {
        list.sort_unstable();
        list.dedup();
    }
    Sentence { span, words, numbers }
}

fn rewrites(source: &Side, target: &Side, verbatim: &[Span], config: &AlignConfig) -> Vec<Passage> {
    let sources: Vec<Sentence> =
        source.sentences.iter().map(|&s| sentence(source.text, s)).collect();
    let mut index: HashMap<u64, Vec<u32>> = HashMap::default();
    for (i, s) in sources.iter().enumerate() {
        for &w in &s.words {
            index.entry(w).or_default().push(i as u32);
        }
    }
    let mut out = Vec::new();
    let mut shared: HashMap<u32, usize> = HashMap::default();
    for &span in target.sentences {
        // Tokens are in text order: the sentence's are found by a binary
        // search, not by a pass over the whole text for every sentence.
        let first = target.tokens.partition_point(|t| t.span().start < span.start);
        let tokens: Vec<&Token> = target.tokens[first..]
            .iter()
            .take_while(|t| t.span().start < span.end)
            .filter(|t| span.contains(t.span()))
            .collect();
        if tokens.is_empty() {
            continue;
        }
        let in_verbatim = tokens.iter().filter(|t| span::covered_by(verbatim, t.span())).count();
        if in_verbatim * 2 >= tokens.len() {
            continue;
        }
        let t = sentence(target.text, span);
        if t.words.len() < MIN_CONTENT_WORDS {
            continue;
        }
        shared.clear();
        for w in &t.words {
            for &i in index.get(w).map_or(&[][..], Vec::as_slice) {
                *shared.entry(i).or_default() += 1;
            }
        }
        // The source sentence that holds most of this sentence's content
        // words (the first such).
        let Some((n, i)) = shared.iter().map(|(&i, &n)| (n, std::cmp::Reverse(i))).max() else {
            continue;
        };
        let share = n as f64 / t.words.len() as f64;
        // A rewrite keeps the facts: its figures are the source's. A table
        // row or a formula story ("Shr 76 cts vs 51 cts") shares its words
        // with every other of its kind, and its figures with none.
        let s = &sources[i.0 as usize];
        let figures = t.numbers.iter().filter(|n| s.numbers.binary_search(n).is_ok()).count();
        if share >= config.min_rewrite_similarity
            && figures_kept(figures as f64, t.numbers.len(), config)
        {
            out.push(Passage {
                source_span: sources[i.0 as usize].span,
                target_span: span,
                kind: PassageKind::Rewrite,
                similarity: share,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use provtrace_text::sentence::sentences;

    fn aligned(source: &str, target: &str) -> Alignment {
        let (st, tt) = (normalize::tokens(source), normalize::tokens(target));
        let (ss, ts) = (sentences(source, "eng"), sentences(target, "eng"));
        align(
            &Side { text: source, tokens: &st, sentences: &ss },
            &Side { text: target, tokens: &tt, sentences: &ts },
            None,
            5,
            &AlignConfig::default(),
        )
    }

    const STORY: &str = "Engineers found three new cracks in the northern spillway of the dam on Sunday morning. \
        Officials ordered about 4,200 residents of the valley to leave their homes by Tuesday evening. \
        The dam holds back roughly 310 million cubic metres of water behind its concrete wall. \
        Volunteers handed out blankets and water at three schools that opened as emergency shelters.";

    #[test]
    fn verbatim_copy_is_wholly_derived() {
        let target = format!("Share this\n{STORY}");
        let a = aligned(STORY, &target);
        assert_eq!(a.derivation, Derivation::Wholly);
        assert!(a.verbatim_coverage > 0.95, "{}", a.verbatim_coverage);
        assert!(a.passages.iter().all(|p| p.kind == PassageKind::Verbatim));
        assert_eq!(
            a.passages[0].target_span.slice(&target),
            STORY.trim_end_matches('.').to_string() + ""
        );
    }

    #[test]
    fn rewritten_sentences_are_rewrites() {
        let target = "On Sunday morning engineers discovered three fresh cracks in the dam's northern spillway. \
            About 4,200 valley residents were told by officials to be out of their homes by Tuesday evening.";
        let a = aligned(STORY, target);
        let kinds: Vec<PassageKind> = a.passages.iter().map(|p| p.kind).collect();
        assert!(kinds.contains(&PassageKind::Rewrite), "{:?}", a.passages);
        assert!(a.coverage > a.verbatim_coverage);
        assert_ne!(a.derivation, Derivation::None);
    }

    #[test]
    fn shuffled_paragraphs_are_all_aligned() {
        let paragraphs: Vec<&str> = STORY.split(". ").collect();
        let shuffled = [paragraphs[2], paragraphs[0], paragraphs[3], paragraphs[1]].join(".\n\n");
        let a = aligned(STORY, &shuffled);
        for p in &paragraphs {
            let p = p.trim_end_matches('.');
            let start = shuffled.find(p).unwrap();
            let span = Span::new(start, start + p.len());
            assert!(a.passages.iter().any(|x| x.target_span.overlaps(span)), "not aligned: {p}");
        }
        assert!(a.coverage > 0.95, "{}", a.coverage);
    }

    #[test]
    fn term_coverage_derives_partially_only_with_an_aligned_passage() {
        let config = AlignConfig::default();
        // Without a corpus, coverage alone decides, as it always did.
        assert_eq!(derivation(0.2, 0.0, None, &config), Derivation::Partially);
        // With one, a rewritten sentence alone is not enough...
        assert_eq!(derivation(0.2, 0.0, Some(0.1), &config), Derivation::None);
        // ...enough of the information held, with it, is.
        assert_eq!(derivation(0.05, 0.0, Some(0.35), &config), Derivation::Partially);
        assert_eq!(derivation(0.05, 0.0, Some(0.7), &config), Derivation::Wholly);
        // Some of the words alone, nothing aligned: a subject shared; most
        // of them: a rewrite in other words.
        assert_eq!(derivation(0.0, 0.0, Some(0.4), &config), Derivation::None);
        assert_eq!(derivation(0.0, 0.0, Some(0.9), &config), Derivation::Wholly);
        assert_eq!(derivation(0.2, 0.2, Some(0.0), &config), Derivation::Partially);
    }

    #[test]
    fn independent_text_is_not_derived() {
        let other = "The county finished rebuilding a stretch of the river levee on Thursday, weeks ahead of schedule. \
            Growers who lost crops two years ago said they were relieved but still worried.";
        let a = aligned(STORY, other);
        assert_eq!(a.derivation, Derivation::None);
        assert!(a.passages.is_empty(), "{:?}", a.passages);
    }
}
