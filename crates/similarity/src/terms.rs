//! Rare terms and the index that pairs documents by them: the candidate
//! channel for rewrites.
//!
//! Input: each document's distinct word hashes. Output: candidate pairs of
//! documents that share rare words, for alignment to confirm or reject, and
//! each word's rarity ([`Rarity`]), by which a pair's term coverage weighs
//! what the source holds of the target.
//!
//! A rewrite keeps the facts and changes the wording: it shares few word
//! 5-grams with its source, so the fingerprint index never pairs them, but it
//! keeps the names, numbers and uncommon words. Each document is reduced to
//! its rarest words that occur in at least two documents and in at most
//! `max_document_frequency` (a word in more is common and pairs everything
//! with everything); rarity is inverse document frequency, computed over the
//! corpus, so no word list and no language is assumed. Up to
//! [`INDEXED_PER_DOCUMENT`] of them are indexed; the `terms_per_document`
//! rarest are looked up. A long source holds the rare words of each of its
//! rewrites, though its own rarest words are others. Two documents are
//! scored by the summed rarity of the looked-up terms they share, and each
//! keeps its `candidates_per_document` best partners that share at least
//! `min_shared_terms` and `min_share` of the terms it looked up (a rewrite
//! keeps most of its names and numbers from its source; a story on another
//! subject shares almost none). The work is at most
//! [`POSTINGS_PER_DOCUMENT`] postings read per document (the rarest terms
//! first, until the next would pass it), memory at most
//! [`INDEXED_PER_DOCUMENT`] postings per document, and the candidates at
//! most `candidates_per_document` per document: the channel grows linearly
//! with the corpus.

use provtrace_common::Parallel;
use rustc_hash::FxHashMap as HashMap;

/// The limits of the rewrite channel.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    pub max_document_frequency: usize,
    pub terms_per_document: usize,
    pub candidates_per_document: usize,
    pub min_shared_terms: usize,
    /// And at least this share of the looked-up terms.
    pub min_share: f64,
}

/// A document reads at most this many postings (more only for its rarest
/// term), so that the channel's work per document is bounded whatever the
/// frequency cap.
pub const POSTINGS_PER_DOCUMENT: usize = 2048;

/// At most this many of a document's rarest terms are indexed.
pub const INDEXED_PER_DOCUMENT: usize = 128;

/// A word's hash in 32 bits, as the channel holds it: half the memory of
/// the full hash, and a collision between two of a corpus's words only
/// pairs documents for alignment to check.
pub fn term(hash: u64) -> u32 {
    hash as u32
}

/// How rare each of a corpus's terms is: its document frequency over the
/// corpus's distinct texts, and how many terms a text holds on average.
pub struct Rarity {
    frequency: HashMap<u32, u32>,
    documents: f64,
    mean_terms: f64,
    /// ln(N / df) by document frequency df, made once: a share weighs every
    /// term of both sides of every pair.
    weights: Vec<f64>,
}

impl Rarity {
    /// Counts each term once a document over `words` (each document's sorted
    /// distinct terms).
    pub fn new(words: &[&[u32]]) -> Rarity {
        let mut frequency: HashMap<u32, u32> = HashMap::default();
        for list in words {
            for &w in *list {
                *frequency.entry(w).or_default() += 1;
            }
        }
        let terms = words.iter().map(|w| w.len()).sum::<usize>();
        Rarity::from_frequencies(frequency, words.len(), terms)
    }

    /// The rarity of terms in a corpus of `documents` distinct texts holding
    /// `terms` terms in all, given each term's document frequency (at least
    /// those of the terms that will be asked about): an archive's counts
    /// with the new texts'.
    pub fn from_frequencies(
        frequency: HashMap<u32, u32>,
        documents: usize,
        terms: usize,
    ) -> Rarity {
        let mean_terms = terms as f64 / documents.max(1) as f64;
        let n = documents as f64;
        let weights =
            (0..=documents.max(1)).map(|df| (n / df.max(1) as f64).ln().max(0.0)).collect();
        Rarity { frequency, documents: n, mean_terms: mean_terms.max(1.0), weights }
    }

    /// The documents that hold `term` (1 for a term the corpus's distinct
    /// texts do not hold: a word only a duplicate has).
    fn frequency(&self, term: u32) -> u32 {
        self.frequency.get(&term).copied().unwrap_or(1)
    }

    /// What a term tells: ln(N / df), its inverse document frequency. A word
    /// in every document tells nothing (0), a word in one tells most, so
    /// function words weigh nothing in any language without a list of them.
    pub fn weight(&self, term: u32) -> f64 {
        self.weight_of(self.frequency(term))
    }

    fn weight_of(&self, frequency: u32) -> f64 {
        self.weights.get(frequency as usize).copied().unwrap_or(0.0)
    }

    /// The share of `target`'s information that `source` holds beyond
    /// chance (both sorted distinct terms). Each of the target's terms
    /// weighs its [`Rarity::weight`]; a source holds it by chance with the
    /// probability that a document of the source's size does (its document
    /// frequency over the corpus, scaled by the source's terms over the mean
    /// document's, at most 1). The share is (held − chance) / (all − chance),
    /// 0 at or below chance: a long story holds many of a short one's words
    /// whatever it is about, and only what it holds beyond that tells. A
    /// rewrite keeps the names, numbers and uncommon words of its source and
    /// changes the common ones; an independent report of the same event
    /// shares its names but brings its own.
    pub fn share(&self, source: &[u32], target: &[u32]) -> f64 {
        let (mut held, mut total, mut chance) = (0.0, 0.0, 0.0);
        let size = source.len() as f64 / self.mean_terms;
        // Both sorted: the source is walked once alongside the target.
        let mut rest = source;
        for &t in target {
            let df = self.frequency(t);
            let w = self.weight_of(df);
            total += w;
            chance += w * (f64::from(df) / self.documents * size).min(1.0);
            let skip = rest.partition_point(|&x| x < t);
            rest = &rest[skip..];
            if rest.first() == Some(&t) {
                held += w;
            }
        }
        // Rounding aside, `chance` is below `total` whenever a term is rarer
        // than the source is long.
        if total - chance > 1e-9 { ((held - chance) / (total - chance)).max(0.0) } else { 0.0 }
    }
}

/// Each document's rarest terms, rarest first (ties by term, arbitrary but
/// fixed), at most [`INDEXED_PER_DOCUMENT`], from each document's sorted
/// distinct terms (`words[i]`) and their frequencies over those documents.
pub fn rare_terms(
    words: &[&[u32]],
    rarity: &Rarity,
    limits: &Limits,
    run: &impl Parallel,
) -> Vec<Vec<u32>> {
    let cap = limits.max_document_frequency as u32;
    run.map(words, |_, list| {
        let mut kept: Vec<(u32, u32)> = list
            .iter()
            .filter_map(|&w| {
                let df = rarity.frequency(w);
                (2..=cap).contains(&df).then_some((df, w))
            })
            .collect();
        kept.sort_unstable();
        kept.truncate(INDEXED_PER_DOCUMENT.max(limits.terms_per_document));
        kept.into_iter().map(|(_, w)| w).collect()
    })
}

/// Candidate pairs `(a, b)` with `a < b`, sorted and distinct: each
/// document's best partners by the summed rarity of the terms they share.
/// `terms[i]` is document `i`'s term list from [`rare_terms`].
pub fn candidate_pairs(
    terms: &[Vec<u32>],
    limits: &Limits,
    run: &impl Parallel,
) -> Vec<(u32, u32)> {
    let mut postings: Vec<(u32, u32)> = terms
        .iter()
        .enumerate()
        .flat_map(|(i, list)| list.iter().map(move |&t| (t, i as u32)))
        .collect();
    postings.sort_unstable();
    let mut index: HashMap<u32, (usize, usize)> = HashMap::default();
    let mut start = 0;
    for group in postings.chunk_by(|x, y| x.0 == y.0) {
        index.insert(group[0].0, (start, group.len()));
        start += group.len();
    }
    let documents = terms.len().max(1) as f64;
    // Summed rarity and count of shared terms by partner, in arrays over
    // the corpus that each thread clears after each document.
    let scratch = || (vec![0.0f64; terms.len()], vec![0u32; terms.len()], Vec::<u32>::new());
    let mut pairs: Vec<(u32, u32)> = run
        .map_init(terms, scratch, |(score, count, touched), i, list| {
            let mut looked_up = 0usize;
            let mut read = 0;
            for t in list.iter().take(limits.terms_per_document) {
                let (start, len) = index[t];
                // Rarest first: the budget ends on the commonest terms,
                // which weigh least.
                if read + len > POSTINGS_PER_DOCUMENT && looked_up > 0 {
                    break;
                }
                looked_up += 1;
                read += len;
                let rarity = (documents / len as f64).ln();
                for &(_, other) in &postings[start..start + len] {
                    let o = other as usize;
                    if o != i {
                        if count[o] == 0 {
                            touched.push(other);
                        }
                        score[o] += rarity;
                        count[o] += 1;
                    }
                }
            }
            let looked_up = looked_up.max(1) as f64;
            let mut best: Vec<(f64, u32)> = Vec::new();
            for &other in touched.iter() {
                let o = other as usize;
                let n = count[o] as usize;
                if n >= limits.min_shared_terms && n as f64 / looked_up >= limits.min_share {
                    best.push((score[o], other));
                }
                score[o] = 0.0;
                count[o] = 0;
            }
            touched.clear();
            best.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            best.truncate(limits.candidates_per_document);
            let i = i as u32;
            best.into_iter().map(|(_, other)| (i.min(other), i.max(other))).collect::<Vec<_>>()
        })
        .into_iter()
        .flatten()
        .collect();
    run.sort_unstable(&mut pairs);
    pairs.dedup();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use provtrace_common::Sequential;

    const LIMITS: Limits = Limits {
        max_document_frequency: 3,
        terms_per_document: 4,
        candidates_per_document: 1,
        min_shared_terms: 2,
        min_share: 0.0,
    };

    #[test]
    fn rare_terms_keep_the_rarest_shared_words() {
        // 1 is in every document, 9 in one only: neither pairs anything.
        let words: [&[u32]; 4] = [&[1, 2, 3, 9], &[1, 2, 3], &[1, 2, 4], &[1, 4]];
        let terms = rare_terms(&words, &Rarity::new(&words), &LIMITS, &Sequential);
        assert_eq!(terms, vec![vec![3, 2], vec![3, 2], vec![4, 2], vec![4]]);
    }

    #[test]
    fn shares_weigh_words_by_rarity_beyond_chance() {
        // 1 is in every document and weighs nothing; 9 is in one only.
        let words: [&[u32]; 4] = [&[1, 2, 3, 9], &[1, 2, 3], &[1, 2, 4], &[1, 4]];
        let rarity = Rarity::new(&words);
        assert!(rarity.weight(1).abs() < 1e-12);
        assert!(rarity.weight(9) > rarity.weight(2));
        // 1 holds all of 0's words but 9, the rarest: less than the
        // weights alone give, since 2 is in half the documents.
        let share = rarity.share(words[1], words[0]);
        let plain = (rarity.weight(2) + rarity.weight(3))
            / (rarity.weight(2) + rarity.weight(3) + rarity.weight(9));
        assert!(share > 0.0 && share < plain, "{share} against {plain}");
        // All of a target held is all of it; nothing held beyond chance is 0.
        assert!((rarity.share(words[0], words[1]) - 1.0).abs() < 1e-12);
        assert!(rarity.share(words[0], &[1]).abs() < 1e-12);
        assert!(rarity.share(words[3], words[1]).abs() < 1e-12);
    }

    #[test]
    fn partners_share_enough_rare_terms() {
        let terms = vec![vec![2, 3, 5], vec![2, 3, 5], vec![2, 7], vec![7, 8], vec![8]];
        // 0 and 1 share three terms; 2 and 3 share one, too few; 4 has one.
        assert_eq!(candidate_pairs(&terms, &LIMITS, &Sequential), vec![(0, 1)]);
    }

    #[test]
    fn a_long_source_is_found_by_the_rare_words_of_its_rewrite() {
        // Document 0 looks up only its two rarest terms, 7 and 8, which the
        // long source 1 holds among many others.
        let limits = Limits { terms_per_document: 2, ..LIMITS };
        let terms = vec![vec![7, 8, 2], vec![9, 10, 11, 12, 7, 8], vec![9, 10, 11]];
        assert_eq!(candidate_pairs(&terms, &limits, &Sequential), vec![(0, 1), (1, 2)]);
    }

    #[test]
    fn partners_hold_enough_of_the_looked_up_terms() {
        let limits = Limits { min_share: 0.5, terms_per_document: 6, ..LIMITS };
        // 1 holds two of the four terms 0 looks up (half: enough) and two of
        // the six 2 looks up (a third: too few); 1 looks up four and finds
        // two in each of 0 and 2, so keeps both when it may.
        let terms = vec![vec![2, 3, 4, 5], vec![2, 3, 7, 8], vec![7, 8, 9, 10, 11, 12]];
        assert_eq!(candidate_pairs(&terms, &limits, &Sequential), vec![(0, 1)]);
        let two = Limits { candidates_per_document: 2, ..limits };
        assert_eq!(candidate_pairs(&terms, &two, &Sequential), vec![(0, 1), (1, 2)]);
    }

    #[test]
    fn candidates_per_document_are_bounded() {
        // Every document shares the same two terms with every other: each
        // keeps one partner, the lowest numbered on a tie.
        let terms = vec![vec![2, 3]; 5];
        let pairs = candidate_pairs(&terms, &LIMITS, &Sequential);
        assert_eq!(pairs, vec![(0, 1), (0, 2), (0, 3), (0, 4)]);
    }
}
