//! Byte ranges into a document's decoded text.
//!
//! A [`Span`] is `[start, end)` in bytes of the document text as decoded to
//! UTF-8. Every stage that points into a document (tokens, boilerplate,
//! segments, credits, passages) carries one, and every span lands on
//! character boundaries. In JSON a span is a two-number array `[start, end]`.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a document's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub const fn len(self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// True when `other` lies wholly inside this span.
    pub const fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    pub const fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The text this span covers.
    ///
    /// # Panics
    /// When the span is out of bounds or not on character boundaries, which
    /// the stages that make spans rule out.
    pub fn slice(self, text: &str) -> &str {
        &text[self.start..self.end]
    }

    /// The same span shifted right by `offset` bytes.
    #[must_use]
    pub const fn shift(self, offset: usize) -> Span {
        Span::new(self.start + offset, self.end + offset)
    }
}

impl Serialize for Span {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        [self.start, self.end].serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Span, D::Error> {
        let [start, end] = <[usize; 2]>::deserialize(deserializer)?;
        if end < start {
            return Err(serde::de::Error::custom(format!(
                "span end {end} is before its start {start}"
            )));
        }
        Ok(Span { start, end })
    }
}

/// Merges overlapping or touching spans into a sorted, disjoint list.
pub fn merge(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_unstable();
    let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    merged
}

/// True when `span` lies inside one of `sorted`, a list from [`merge`].
pub fn covered_by(sorted: &[Span], span: Span) -> bool {
    let i = sorted.partition_point(|s| s.end <= span.start);
    sorted.get(i).is_some_and(|s| s.contains(span))
}

/// The quotations of a text: the spans from an opening double quotation
/// mark to its closing one, marks included, sorted and disjoint. Straight
/// quotes (`"`) open and close in turn; the typographic marks pair as their
/// languages write them: `“ ”` (English), `„ “` (German) and `„ ”` (Polish,
/// Czech, Hungarian), `” ”` (Swedish, Finnish), `« »` (French) and `» «`
/// or `» »`, `「 」` and `『 』` (Chinese, Japanese). A quotation still open
/// at a paragraph's end (a blank line: a quote that runs on opens each
/// paragraph again) or at the text's end ends there. Single quotes are left
/// alone: they are apostrophes as often as quotation marks.
pub fn quotations(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    // The opening mark's place and the marks that close it.
    let mut open: Option<(usize, &[char])> = None;
    for (i, c) in text.char_indices() {
        match (open, c) {
            (Some((start, close)), c) if close.contains(&c) => {
                out.push(Span::new(start, i + c.len_utf8()));
                open = None;
            }
            (Some((start, _)), '\n') => {
                let rest = text[i + 1..].trim_start_matches([' ', '\t', '\r']);
                if rest.starts_with('\n') {
                    out.push(Span::new(start, i));
                    open = None;
                }
            }
            (Some(_), _) => {}
            (None, c) => {
                let close: &[char] = match c {
                    '"' => &['"'],
                    '“' | '”' => &['”'],
                    '„' => &['“', '”'],
                    '«' => &['»'],
                    '»' => &['«', '»'],
                    '「' => &['」'],
                    '『' => &['』'],
                    _ => continue,
                };
                open = Some((i, close));
            }
        }
    }
    if let Some((start, _)) = open {
        out.push(Span::new(start, text.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_pair() {
        let json = serde_json::to_string(&Span::new(3, 9)).unwrap();
        assert_eq!(json, "[3,9]");
        let back: Span = serde_json::from_str(&json).unwrap();
        assert_eq!(back, Span::new(3, 9));
        assert!(serde_json::from_str::<Span>("[9,3]").is_err());
    }

    #[test]
    fn merge_and_cover() {
        let cases = [
            (vec![], vec![]),
            (vec![Span::new(5, 8), Span::new(0, 2)], vec![Span::new(0, 2), Span::new(5, 8)]),
            (vec![Span::new(0, 4), Span::new(4, 6)], vec![Span::new(0, 6)]),
            (vec![Span::new(0, 9), Span::new(2, 3)], vec![Span::new(0, 9)]),
        ];
        for (input, want) in cases {
            assert_eq!(merge(input.clone()), want, "merge({input:?})");
        }
        let sorted = merge(vec![Span::new(0, 4), Span::new(10, 20)]);
        assert!(covered_by(&sorted, Span::new(11, 19)));
        assert!(!covered_by(&sorted, Span::new(3, 11)));
        assert!(!covered_by(&sorted, Span::new(5, 6)));
    }

    #[test]
    fn quotations_pair_their_marks() {
        fn quoted(text: &str) -> Vec<&str> {
            quotations(text).into_iter().map(|s| s.slice(text)).collect()
        }
        assert_eq!(quoted(r#"He said "yes" and "no"."#), [r#""yes""#, r#""no""#]);
        assert_eq!(quoted("Elle a dit « oui » puis „ja“ und “so”."), ["« oui »", "„ja“", "“so”"]);
        assert_eq!(
            quoted("Powiedział „tak” i »nie« oraz ”ja” 他说「好」『是』。"),
            ["„tak”", "»nie«", "”ja”", "「好」", "『是』"]
        );
        // A quote that runs on past its paragraph ends there.
        let text = "\"We will go on.\n\n\"And on,\" she said. It's hers.";
        assert_eq!(quoted(text), ["\"We will go on.", "\"And on,\""]);
        // A wrapped line is not a paragraph's end.
        assert_eq!(quoted("\"one\ntwo\" three"), ["\"one\ntwo\""]);
        assert!(quoted("It's Bob's.").is_empty());
    }
}
