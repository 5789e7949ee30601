//! Text repeated inside one document.
//!
//! Input: a document's tokens. Output: the passages that occur more than
//! once in it ([`SelfDuplication`]): each later copy with the span of the
//! earlier text it repeats, the number of copies, and the share of the
//! document they take. A scraper that pastes an article body twice into one
//! page is the case this exists for: the later copies are left out of
//! cross-document comparison so the page is compared on one copy.
//!
//! A repeat is a run of at least `min_words` tokens whose `k`-token shingles
//! all occurred earlier in the same order. Shorter repeats (a phrase used
//! twice, a byline at top and bottom) are ordinary writing and are not
//! reported.

use rustc_hash::FxHashMap as HashMap;

use serde::Serialize;

use crate::shingle;
use provtrace_common::config::SelfdupConfig;
use provtrace_text::normalize::Token;
use provtrace_text::span::{self, Span};

/// One later copy and the earlier text it repeats.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// The repeated copy.
    pub span: Span,
    /// The earlier text it is a copy of.
    pub copy_of: Span,
}

/// What one document repeats of itself.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SelfDuplication {
    /// How many times the most repeated passage occurs (2 for a body pasted twice).
    pub copies: usize,
    /// Bytes of the text inside later copies.
    pub repeated_bytes: usize,
    /// `repeated_bytes` over the document's bytes.
    pub fraction: f64,
    pub segments: Vec<Segment>,
}

impl SelfDuplication {
    /// The later copies, merged and sorted: what to leave out to keep one copy.
    pub fn repeated_spans(&self) -> Vec<Span> {
        span::merge(self.segments.iter().map(|s| s.span).collect())
    }
}

/// Finds the passages of `text` that repeat earlier ones; `None` when there
/// are none of at least `min_words` tokens.
pub fn find(text: &str, tokens: &[Token], config: &SelfdupConfig) -> Option<SelfDuplication> {
    let k = config.k;
    if tokens.len() < config.min_words.max(k) * 2 {
        return None;
    }
    let hashes: Vec<u64> = tokens.iter().map(|t| t.hash).collect();
    let sequence = shingle::sequence(&hashes, k);
    // Most texts repeat no run of k words at all: a sorted copy tells at
    // once, without a map of every position.
    let mut sorted = sequence.clone();
    sorted.sort_unstable();
    if sorted.windows(2).all(|w| w[0] != w[1]) {
        return None;
    }
    drop(sorted);
    let mut seen: HashMap<u64, Vec<u32>> = HashMap::default();
    // (copy start, copy end, original start) in shingle positions, inclusive end.
    let mut runs: Vec<(usize, usize, usize)> = Vec::new();
    for (i, &h) in sequence.iter().enumerate() {
        let earlier = seen.get(&h).map_or(&[][..], Vec::as_slice);
        let continues = runs.last().is_some_and(|&(start, end, orig)| {
            let want = orig + (i - start);
            end + 1 == i && earlier.binary_search(&(want as u32)).is_ok()
        });
        if continues {
            if let Some(last) = runs.last_mut() {
                last.1 = i;
            }
        } else if let Some(&first) = earlier.first() {
            runs.push((i, i, first as usize));
        }
        seen.entry(h).or_default().push(i as u32);
    }
    // Token ranges [start, end) of each copy and of the text it repeats. A
    // run whose copy overlaps its original is periodic (the same text three
    // times in a row); it is cut at its period so every copy points at the
    // first.
    let mut ranges: Vec<((usize, usize), (usize, usize))> = Vec::new();
    for (start, end, orig) in runs {
        let len = end - start + k;
        if len < config.min_words {
            continue;
        }
        let period = start - orig;
        if period >= len {
            ranges.push(((start, start + len), (orig, orig + len)));
            continue;
        }
        let mut at = start;
        while at < start + len {
            let stop = (at + period).min(start + len);
            ranges.push(((at, stop), (orig, orig + (stop - at))));
            at = stop;
        }
    }
    let segments: Vec<Segment> = ranges
        .into_iter()
        .map(|((start, stop), (orig, orig_stop))| Segment {
            span: Span::new(tokens[start].span().start, tokens[stop - 1].span().end),
            copy_of: Span::new(tokens[orig].span().start, tokens[orig_stop - 1].span().end),
        })
        .collect();
    if segments.is_empty() {
        return None;
    }
    // Copies: 1 + the most times any byte of an original is repeated.
    let mut edges: Vec<(usize, i64)> = Vec::with_capacity(segments.len() * 2);
    for segment in &segments {
        edges.push((segment.copy_of.start, 1));
        edges.push((segment.copy_of.end, -1));
    }
    edges.sort_unstable();
    let (mut depth, mut most) = (0i64, 0i64);
    for (_, delta) in edges {
        depth += delta;
        most = most.max(depth);
    }
    let mut found =
        SelfDuplication { copies: 1 + most as usize, repeated_bytes: 0, fraction: 0.0, segments };
    found.repeated_bytes = found.repeated_spans().iter().map(|s| s.len()).sum();
    found.fraction = found.repeated_bytes as f64 / text.len() as f64;
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use provtrace_text::normalize::tokens;

    fn body(words: usize, salt: &str) -> String {
        (0..words).map(|i| format!("{salt}{i}")).collect::<Vec<_>>().join(" ")
    }

    fn config() -> SelfdupConfig {
        SelfdupConfig::default()
    }

    #[test]
    fn body_pasted_twice() {
        let article = body(120, "w");
        let text = format!("Header line\n{article}\n[...]\n{article}\nFooter here");
        let found = find(&text, &tokens(&text), &config()).unwrap();
        assert_eq!(found.copies, 2);
        assert_eq!(found.segments.len(), 1);
        let second = text.rfind("w0 ").unwrap();
        assert_eq!(found.segments[0].span.start, second);
        assert_eq!(found.segments[0].copy_of.start, text.find("w0 ").unwrap());
        assert_eq!(found.segments[0].span.slice(&text), article);
        assert!((0.4..0.6).contains(&found.fraction), "{}", found.fraction);
    }

    #[test]
    fn three_copies() {
        let article = body(60, "x");
        let text = format!("{article}\n{article}\n{article}");
        let found = find(&text, &tokens(&text), &config()).unwrap();
        assert_eq!(found.copies, 3);
    }

    #[test]
    fn short_repeats_and_plain_text_are_not_reported() {
        let phrase = "the Syrian Democratic Forces said on Monday that";
        let text = format!("{phrase} {} {phrase} {}", body(80, "a"), body(80, "b"));
        assert!(find(&text, &tokens(&text), &config()).is_none());
        let plain = body(500, "p");
        assert!(find(&plain, &tokens(&plain), &config()).is_none());
    }

    #[test]
    fn repeated_phrase_inside_the_copy_does_not_break_it() {
        let phrase = "alpha beta gamma delta epsilon zeta eta theta";
        let article =
            format!("{} {phrase} {} {phrase} {}", body(30, "a"), body(30, "b"), body(30, "c"));
        let text = format!("{article}\n{article}");
        let found = find(&text, &tokens(&text), &config()).unwrap();
        assert_eq!(found.segments.len(), 1, "{:?}", found.segments);
        assert_eq!(found.copies, 2);
    }
}
