//! Quotations as newspapers print them: found over the whole text, not one
//! sentence at a time, so that a quotation may run over sentences and over
//! paragraphs, and carried to every sentence it spans with its speaker.
//!
//! Marks: `"…"`, `“…”`, `«…»` and ``` ``…'' ``` (as wire copy and older
//! corpora write it) quote; `‘…’` and `'…'` quote outside a double
//! quotation and nest inside one, and in a text with no double marks
//! quote as double marks do. A paragraph that opens a quotation and
//! does not close it goes on into the next paragraph when that one opens
//! with a mark (the printers' rule); at a paragraph that does not, the
//! quotation ends with its paragraph. A mark never closed within a few
//! thousand bytes, and a single mark never closed on its line, quotes
//! nothing: it is more likely an apostrophe or a stray.

use std::borrow::Cow;

use provtrace_text::span::Span;

use super::{Attribution, SourceKind};
use crate::page::Scope;

/// A double quotation mark never closed within this many bytes is a stray.
const LONGEST: usize = 4_000;
/// A single quotation runs no further than this, on one line.
const LONGEST_SINGLE: usize = 600;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mark {
    /// Opens a double quotation: `“`, `«`, ``` `` ```, or `"` before a word.
    Open,
    /// Closes one: `”`, `»`, `''`, or `"` after a word.
    Close,
    /// Opens a single quotation: `‘`, `` ` `` or `'` before a word after a space.
    OpenSingle,
    /// Closes one: `’` or `'` after a word and before no letter.
    CloseSingle,
}

/// The quotation marks of `text`: byte offset, length, and what each does.
fn marks(text: &str) -> Vec<(usize, usize, Mark)> {
    let bytes = text.as_bytes();
    let before = |i: usize| text[..i].chars().next_back();
    let after = |i: usize| text[i..].chars().next();
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let space = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || "([{—–-:/".contains(c));
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        // Most of a text is ASCII with no mark: step over it a byte at a time.
        let byte = bytes[i];
        if byte.is_ascii() && !matches!(byte, b'"' | b'`' | b'\'') {
            i += 1;
            continue;
        }
        let c = after(i).unwrap_or(' ');
        let width = c.len_utf8();
        let pair = |b: u8| bytes.get(i + 1) == Some(&b);
        let found = match c {
            '“' | '«' => Some((width, Mark::Open)),
            '”' | '»' => Some((width, Mark::Close)),
            '`' if pair(b'`') => Some((2, Mark::Open)),
            '\'' if pair(b'\'') => Some((2, Mark::Close)),
            '"' => {
                let (b, a) = (before(i), after(i + 1));
                // Opening before words, not before markup or a space.
                let opens_words =
                    a.is_some_and(|a| a.is_alphanumeric() || "'‘`(.…$£€¥#-–—".contains(a));
                if space(b) && opens_words { Some((1, Mark::Open)) } else { Some((1, Mark::Close)) }
            }
            '‘' | '`' => Some((width, Mark::OpenSingle)),
            // Before a letter: "'90s" opens nothing.
            '\'' if space(before(i)) && after(i + 1).is_some_and(char::is_alphabetic) => {
                Some((1, Mark::OpenSingle))
            }
            '’' | '\'' if !space(before(i)) && !word(after(i + width)) => {
                Some((width, Mark::CloseSingle))
            }
            _ => None,
        };
        match found {
            Some((len, mark)) => {
                out.push((i, len, mark));
                i += len;
            }
            None => i += width,
        }
    }
    // A text that quotes with single marks alone (as British papers do)
    // runs its single quotations over sentences and paragraphs too.
    if !out.iter().any(|m| matches!(m.2, Mark::Open | Mark::Close)) {
        for m in &mut out {
            m.2 = match m.2 {
                Mark::OpenSingle => Mark::Open,
                Mark::CloseSingle => Mark::Close,
                other => other,
            };
        }
    }
    out
}

/// How a text ends its paragraphs. A text with blank lines, with lines
/// ended by `<` (as PA's copy marks its paragraphs), or whose lines are cut
/// to a column (most 40 to 100 characters long, none over 120, as wire copy
/// is) wraps its lines and ends a paragraph only at a blank line or a `<`;
/// any other text ends one at each line break.
#[derive(Clone, Copy)]
struct Paragraphs {
    wrapped: bool,
}

impl Paragraphs {
    fn of(text: &str) -> Paragraphs {
        let mut lines = text.lines();
        lines.next();
        let marked = text.lines().any(|l| l.trim_end().ends_with('<'))
            || lines.any(|l| l.trim().is_empty()) && text.trim_end().lines().count() > 1;
        let lengths: Vec<usize> =
            text.lines().map(|l| l.trim_end().chars().count()).filter(|&n| n > 0).collect();
        let columned = lengths.len() >= 4
            && lengths.iter().all(|&n| n <= 120)
            && lengths.iter().filter(|&&n| (40..=100).contains(&n)).count() * 5
                >= lengths.len() * 3;
        Paragraphs { wrapped: marked || columned }
    }

    /// Whether `line` (without its line break) is the last of a paragraph.
    fn ends(self, line: &str) -> bool {
        !self.wrapped || line.trim().is_empty() || line.trim_end().ends_with('<')
    }

    /// Where the paragraph holding `start` ends, at or before `limit`.
    fn end(self, text: &str, start: usize, limit: usize) -> usize {
        let mut at = start;
        for line in text[start..limit].split_inclusive('\n') {
            if !line.ends_with('\n') {
                break;
            }
            let bare = line.trim_end();
            if self.ends(bare) {
                return at + bare.len();
            }
            at += line.len();
        }
        limit
    }
}

/// Whether the mark at `at` opens its line (after spaces only).
fn opens_line(text: &str, at: usize) -> bool {
    let line = text[..at].rsplit('\n').next().unwrap_or_default();
    text[..at].contains('\n') && line.trim().is_empty()
}

/// The quotations of `text`, each the span of the words inside its marks
/// (without them), in text order. Quotations of fewer than `min_words`
/// words are left out.
pub fn quotations(text: &str, min_words: usize) -> Vec<Span> {
    let marks = marks(text);
    let paragraphs = Paragraphs::of(text);
    let mut out = Vec::new();
    // An open double quotation: where its words start, and where the
    // paragraph it has reached ends when it is not closed there.
    let mut open: Option<usize> = None;
    let mut reach = 0;
    let mut single: Option<usize> = None;
    let emit = |start: usize, end: usize, out: &mut Vec<Span>| {
        let inner = trim(text, Span::new(start, end));
        if inner.slice(text).split_whitespace().count() >= min_words {
            out.push(inner);
        }
    };
    for &(at, len, mark) in &marks {
        // A double quotation left open past the end of its paragraph ends
        // there, unless this mark opens the next paragraph and goes on.
        if let Some(start) = open {
            let continues = mark == Mark::Open && opens_line(text, at);
            if at - start > LONGEST {
                open = None;
            } else if !continues {
                let end = paragraphs.end(text, reach, at);
                if end < at {
                    emit(start, end, &mut out);
                    open = None;
                }
            }
        }
        match (mark, open) {
            (Mark::Open, None) => {
                open = Some(at + len);
                reach = at + len;
                single = None;
            }
            // The printers' rule: a paragraph opening a mark continues the
            // quotation the last one left open.
            (Mark::Open, Some(_)) if opens_line(text, at) => reach = at + len,
            (Mark::Open, Some(_)) => {
                open = Some(at + len);
                reach = at + len;
            }
            (Mark::Close, Some(start)) => {
                emit(start, at, &mut out);
                open = None;
            }
            (Mark::OpenSingle, None) => single = Some(at + len),
            (Mark::CloseSingle, None) => {
                if let Some(start) = single.take()
                    && at - start <= LONGEST_SINGLE
                    && !text[start..at].contains('\n')
                {
                    emit(start, at, &mut out);
                }
            }
            _ => {}
        }
    }
    if let Some(start) = open
        && text.len() - start <= LONGEST
    {
        emit(start, paragraphs.end(text, reach, text.len()), &mut out);
    }
    out
}

/// `span` without spaces, quotation marks and PA's paragraph marks at
/// either end.
pub fn trim(text: &str, span: Span) -> Span {
    let strip = |c: char| c.is_whitespace() || "\"“”«»‘’`'<".contains(c);
    let inner = span.slice(text);
    let start = span.start + (inner.len() - inner.trim_start_matches(strip).len());
    let end = span.start + inner.trim_end_matches(strip).len();
    Span::new(start, end.max(start))
}

/// `text` with the marks of its quotations written as `"`, padded with
/// spaces to their width, so that the tagger and the patterns, which know
/// `"` and `“”`, read ``` ``…'' ```, `«…»`, `‘…’` and `'…'` as quotations
/// too. Byte offsets do not move.
pub fn plain<'t>(text: &'t str, quotations: &[Span]) -> Cow<'t, str> {
    let marks = marks(text);
    let mut edits: Vec<(usize, usize, bool)> = Vec::new();
    for q in quotations {
        // The marks just before and after the quotation, and those opening
        // its paragraphs.
        let first = marks.partition_point(|m| m.0 + 8 < q.start);
        for &(at, len, mark) in marks[first..].iter().take_while(|m| m.0 <= q.end + 8) {
            let opening = matches!(mark, Mark::Open | Mark::OpenSingle);
            let touches = if opening {
                at + len <= q.start && text[at + len..q.start].trim().is_empty()
                    || q.contains(Span::new(at, at + len)) && opens_line(text, at)
            } else {
                at >= q.end && text[q.end..at].trim().is_empty()
            };
            if touches {
                edits.push((at, len, opening));
            }
        }
    }
    edits.sort_unstable();
    edits.dedup();
    edits.retain(|&(at, len, _)| !matches!(&text[at..at + len], "“" | "”" | "\""));
    if edits.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (at, len, opening) in edits {
        out.push_str(&text[last..at]);
        if opening {
            out.extend(std::iter::repeat_n(' ', len - 1));
            out.push('"');
        } else {
            out.push('"');
            out.extend(std::iter::repeat_n(' ', len - 1));
        }
        last = at + len;
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

/// The parts of `quotations` inside `sentence`: each the words of one
/// quotation that the sentence holds.
pub fn parts(text: &str, quotations: &[Span], sentence: Span) -> Vec<Span> {
    let first = quotations.partition_point(|q| q.end <= sentence.start);
    quotations[first..]
        .iter()
        .take_while(|q| q.start < sentence.end)
        .map(|q| trim(text, Span::new(q.start.max(sentence.start), q.end.min(sentence.end))))
        .filter(|p| p.slice(text).chars().any(char::is_alphanumeric))
        .collect()
}

/// Leaves out the attributions made inside a quotation, gives each
/// sentence of a quotation that names no speaker of its own the
/// quotation's speaker, and names "he" and "she" by the last speaker named
/// before them. `own[k]` are the attributions made in sentence `k`.
///
/// A quotation's speaker is said in one of its sentences, outside its
/// marks ("…,” he said"; "He said: “…"), the sentence that closes it
/// first, then the one that opens it; else in the sentence just before it,
/// when that one attributes something ("Kell said.", "Salmon said he had
/// worked at ITV." before a paragraph that is all quotation). The carried
/// attributions keep their spans and take [`Scope::Quotation`].
pub fn carry(text: &str, quotations: &[Span], sentences: &[Span], own: &mut [Vec<Attribution>]) {
    // Whoever is said to say something inside a quotation is the
    // speaker's source, not the sentence's.
    let quoted = |span: Option<Span>| {
        span.is_some_and(|c| {
            let k = quotations.partition_point(|q| q.end <= c.start);
            quotations.get(k).is_some_and(|q| q.contains(c))
        })
    };
    for attributions in own.iter_mut() {
        attributions.retain(|a| a.scope != Scope::Sentence || !quoted(a.cue_span));
    }
    let speaks = |a: &Attribution, q: Span| {
        a.scope == Scope::Sentence
            && !a.source.is_empty()
            && a.cue_span.is_some_and(|c| !q.contains(c))
    };
    for &q in quotations {
        let first = sentences.partition_point(|s| s.end <= q.start);
        let last = sentences.partition_point(|s| s.start < q.end);
        if first >= last {
            continue;
        }
        let said_in = |k: usize| own[k].iter().any(|a| speaks(a, q));
        let carried: Vec<Attribution> = match [last - 1, first].into_iter().find(|&k| said_in(k)) {
            Some(by) => own[by].iter().filter(|a| speaks(a, q)).cloned().collect(),
            // The sentence before, when it attributes something, or is
            // itself a quotation of one speaker (a run of quoted
            // paragraphs keeps its speaker).
            // Only for a quotation that opens its sentence: a quoted phrase
            // inside one ("a ``could do better'' report") is no one's words
            // carried on.
            None if !opens_sentence(text, sentences[first], q) => Vec::new(),
            None => (0..first)
                .rev()
                .find(|&k| sentences[k].slice(text).chars().any(char::is_alphanumeric))
                .map_or_else(Vec::new, |before| {
                    own[before]
                        .iter()
                        .filter(|a| a.scope == Scope::Quotation || speaks(a, Span::new(0, 0)))
                        .cloned()
                        .collect()
                }),
        };
        if carried.is_empty() {
            continue;
        }
        let carried: Vec<Attribution> =
            carried.into_iter().map(|a| Attribution { scope: Scope::Quotation, ..a }).collect();
        for said in &mut own[first..last] {
            if !said.iter().any(|a| a.scope == Scope::Sentence) {
                for a in &carried {
                    if !said.contains(a) {
                        said.push(a.clone());
                    }
                }
            }
        }
    }
    // "he" and "she" name the last person named before them: a speaker
    // the text named, or a name outside quotation marks.
    let mut people: Vec<(usize, String)> = Vec::new();
    let mut subject: Option<Option<(usize, String)>> = None;
    let mut genders: Vec<(String, char)> = Vec::new();
    for attributions in own.iter_mut() {
        for a in attributions.iter_mut() {
            let at = a.source_span.map_or(0, |s| s.start);
            let pronoun = a.source.to_lowercase();
            // "the 25-year-old singer", "the rock star": a person the story
            // has named, described again.
            let described = a.outlet.is_none()
                && a.source
                    .split_whitespace()
                    .last()
                    .is_some_and(|w| w.starts_with(char::is_lowercase))
                && described_person(&pronoun);
            let gender = match pronoun.as_str() {
                "he" => 'm',
                "she" => 'f',
                _ if described => honorific_gender(&pronoun).unwrap_or('?'),
                _ => {
                    // A speaker the text names ("Coogan", "Mr Jaffrey") or
                    // describes ("a spokeswoman for the show").
                    if a.scope == Scope::Sentence && a.outlet.is_none() {
                        let source = a.source.trim();
                        let lower = source.to_lowercase();
                        let described = ["a ", "an ", "the "].iter().any(|d| lower.starts_with(d))
                            && source.split_whitespace().count() <= 8;
                        if let Some(named) = name_in(source).or(described.then_some(source)) {
                            people.push((at, named.to_string()));
                        }
                    }
                    continue;
                }
            };
            if a.scope == Scope::Document {
                continue;
            }
            let known = |name: &str| {
                genders.iter().find(|g| g.0 == name).map(|g| g.1).or_else(|| honorific_gender(name))
            };
            // The last speaker named before it, else the story's first
            // subject ("Former child star Aled Jones has recorded…").
            let fits = |p: &&(usize, String)| {
                p.0 < at
                    && known(&p.1).is_none_or(|g| g == gender || gender == '?')
                    && !(described && name_in(&p.1).is_none())
            };
            let found = people.iter().rev().find(fits).cloned().or_else(|| {
                let first = subject.get_or_insert_with(|| first_subject(text, quotations));
                first.as_ref().filter(fits).cloned()
            });
            let Some((_, name)) = found else {
                continue;
            };
            if known(&name).is_none() && gender != '?' {
                genders.push((name.clone(), gender));
            }
            a.source = name;
            a.source_kind = SourceKind::Person;
        }
    }
}

/// The name a speaker's words open with: one to four capitalised words
/// ("Coogan", "Presenter Esther Rantzen", "Mr Jaffrey - whose
/// publishers"), none of them a word that opens a sentence ("After",
/// "The"); a noun ("the rock star") is none.
fn name_in(words: &str) -> Option<&str> {
    let title = |w: &str| is_title(w) && !NOT_NAME_WORDS.contains(&w);
    let words = words.trim_start_matches(|c: char| !c.is_alphanumeric());
    let mut end = 0;
    let mut count = 0;
    for w in words.split(' ') {
        let bare = w.trim_end_matches([',', ';', ':']);
        if count == 4 || !title(bare) || bare.ends_with("'s") || bare.ends_with("’s") {
            break;
        }
        end = w.as_ptr() as usize - words.as_ptr() as usize + bare.len();
        count += 1;
        if bare.len() < w.len() {
            break;
        }
    }
    (count > 0).then(|| &words[..end])
}

/// Whether a speaker (in lower case) describes a person the story names
/// elsewhere: "the" and at most four words ending in a noun for a person
/// ("the 25-year-old singer", "the glamorous star"), not for an office
/// ("the spokeswoman"), which speaks for someone else.
fn described_person(lower: &str) -> bool {
    let words: Vec<&str> = lower.split_whitespace().collect();
    words.len() >= 2
        && words.len() <= 5
        && words[0] == "the"
        && words.last().is_some_and(|head| {
            matches!(
                *head,
                "singer"
                    | "star"
                    | "actress"
                    | "actor"
                    | "presenter"
                    | "comedian"
                    | "model"
                    | "musician"
                    | "guitarist"
                    | "songwriter"
                    | "rocker"
                    | "host"
                    | "author"
                    | "novelist"
                    | "player"
                    | "footballer"
                    | "teenager"
                    | "youngster"
                    | "woman"
                    | "man"
                    | "girl"
                    | "boy"
                    | "mother"
                    | "father"
                    | "wife"
                    | "husband"
                    | "millionaire"
                    | "entertainer"
                    | "dancer"
                    | "director"
            )
        })
}

/// 'm' or 'f' for a speaker whose honorific or noun says which ("Mr
/// Salmon", "a spokeswoman for the show").
fn honorific_gender(name: &str) -> Option<char> {
    let mut words = name.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty());
    match words.next()? {
        "Mr" | "Sir" | "Lord" => return Some('m'),
        "Mrs" | "Ms" | "Miss" | "Lady" | "Dame" => return Some('f'),
        _ => {}
    }
    name.split(|c: char| !c.is_alphabetic()).find_map(|w| match w.to_lowercase().as_str() {
        "spokesman" | "man" | "actor" | "husband" | "father" | "son" | "brother" | "boy"
        | "king" | "prince" | "businessman" | "chairman" | "grandfather" | "uncle" => Some('m'),
        "spokeswoman" | "woman" | "actress" | "wife" | "mother" | "daughter" | "sister"
        | "girl" | "queen" | "princess" | "businesswoman" | "chairwoman" | "grandmother"
        | "aunt" => Some('f'),
        _ => None,
    })
}

/// Whether quotation `q` opens `sentence`: nothing but spaces, marks and
/// control characters before it.
fn opens_sentence(text: &str, sentence: Span, q: Span) -> bool {
    sentence.start >= q.start
        || text[sentence.start..q.start]
            .chars()
            .all(|c| c.is_whitespace() || c.is_control() || "\"“”«»‘’`'<".contains(c))
}

/// Words that open a run of capitals but are no part of a name.
const NOT_NAME_WORDS: &[&str] = &[
    "A",
    "After",
    "All",
    "Although",
    "An",
    "And",
    "As",
    "At",
    "Before",
    "But",
    "By",
    "During",
    "For",
    "From",
    "He",
    "Her",
    "His",
    "I",
    "If",
    "In",
    "It",
    "Its",
    "Last",
    "Meanwhile",
    "Next",
    "Now",
    "On",
    "Once",
    "She",
    "So",
    "The",
    "Their",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Today",
    "Under",
    "We",
    "When",
    "While",
    "With",
    "Yesterday",
];

/// The first person the text names as a sentence's subject, outside
/// quotations: two or three capitalised words, after an honorific or not
/// ("Aled Jones", "Sir Paul", "Mr Salmon"), before a verb or a
/// comma and after no preposition, and not in a byline ("By Anthony
/// Barnes, PA News").
fn first_subject(text: &str, quotations: &[Span]) -> Option<(usize, String)> {
    let honorific =
        |w: &str| matches!(w, "Mr" | "Mrs" | "Ms" | "Miss" | "Sir" | "Dr" | "Lady" | "Lord");
    let bare = |w: &str| {
        w.trim_start_matches(|c: char| !c.is_alphanumeric())
            .trim_end_matches([',', '.', ';', ':', '<'])
            .to_string()
    };
    let stops = |w: &str| w.ends_with([',', '.', ';', ':', '<']);
    let words: Vec<(usize, &str)> = text
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
        .collect();
    let mut k = 0;
    while k < words.len() {
        let (at, first) = words[k];
        let head = bare(first);
        if !(is_title(&head) || honorific(&head)) || NOT_NAME_WORDS.contains(&head.as_str()) {
            k += 1;
            continue;
        }
        let mut run = vec![head];
        let mut j = k + 1;
        let mut open = !stops(first);
        while open && j < words.len() && run.len() < 4 && is_title(&bare(words[j].1)) {
            // "Noel's House Party" names a show, not its host.
            if run.last().is_some_and(|w| w.ends_with("'s") || w.ends_with("’s")) {
                break;
            }
            open = !stops(words[j].1);
            run.push(bare(words[j].1));
            j += 1;
        }
        let named = run.len() - usize::from(honorific(&run[0]));
        // A subject: after no preposition ("with Jaffrey"), before a verb
        // or an appositive ("Liz Hurley dazzled", "Noel, 32,").
        let next = if open { words.get(j).map(|w| w.1) } else { Some(",") };
        let subject = next.is_some_and(|n| {
            n.starts_with(',') || n.starts_with(char::is_lowercase) && !LINKS.contains(&n)
        }) && !k.checked_sub(1).is_some_and(|b| LINKS.contains(&words[b].1));
        let line = text[..at].rsplit('\n').next().unwrap_or_default();
        let byline = line.trim_start_matches(|c: char| !c.is_alphanumeric()).starts_with("By ");
        let quoted = quotations.iter().any(|q| q.start <= at && at < q.end);
        let possessive = run.iter().any(|w| w.ends_with("'s") || w.ends_with("’s"));
        if (2..=3).contains(&named) && subject && !byline && !quoted && !possessive {
            return Some((at, run.join(" ")));
        }
        k = j;
    }
    None
}

/// Words around a name that make it no subject.
const LINKS: &[&str] = &[
    "a", "about", "against", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of",
    "on", "or", "than", "the", "to", "with",
];

/// A word written as a name is: a capital, then letters, some of them in
/// lower case ("Jones", "O'Connell", and names with a second capital).
fn is_title(w: &str) -> bool {
    w.starts_with(char::is_uppercase)
        && w.chars().any(char::is_lowercase)
        && w.chars().all(|c| c.is_alphabetic() || "'’-.".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<&str> {
        quotations(text, 1).into_iter().map(|s| s.slice(text)).collect()
    }

    #[test]
    fn marks_of_every_kind_quote() {
        assert_eq!(quoted(r#"He said "we came" and left."#), ["we came"]);
        assert_eq!(quoted("He said “we came” and «they went»."), ["we came", "they went"]);
        assert_eq!(quoted("He said: ``We came.'' Then left."), ["We came."]);
        assert_eq!(quoted("'It's very funny,' said Grant."), ["It's very funny,"]);
        assert_eq!(quoted("‘It’s funny,’ she said."), ["It’s funny,"]);
    }

    #[test]
    fn apostrophes_quote_nothing() {
        assert!(quoted("Grant's film and the Joneses' house.").is_empty());
        assert!(quoted("It's the '90s, isn't it?").is_empty());
    }

    #[test]
    fn a_quotation_runs_over_sentences_and_paragraphs() {
        let text = "He said: ``It was strange.<\n``It seems impossible. It will be `odd'.''<\nThen he left.";
        assert_eq!(quoted(text), ["It was strange.<\n``It seems impossible. It will be `odd'."]);
        let text = "She said: “We came.\n\n“We saw. We left.”\n\nShe went.";
        assert_eq!(quoted(text), ["We came.\n\n“We saw. We left."]);
    }

    #[test]
    fn an_unclosed_quotation_ends_with_its_paragraph() {
        let text = "Julie said \"It feels like home. Bet is back\nAnother star will join her.";
        assert_eq!(quoted(text), ["It feels like home. Bet is back"]);
        let text = "She said: ``We came.<\nThe show goes on. ``We saw,'' she said.";
        assert_eq!(quoted(text), ["We came.", "We saw,"]);
    }

    #[test]
    fn plain_marks_keep_their_width() {
        let text = "He said: ``We came.'' 'It's funny,' she said; ‘so’ and “this one”.";
        let plain = plain(text, &quotations(text, 1));
        assert_eq!(
            plain,
            "He said:  \"We came.\"  \"It's funny,\" she said;   \"so\"   and “this one”."
        );
        assert_eq!(plain.len(), text.len());
    }

    #[test]
    fn short_quotations_are_left_out() {
        let text = r#"the "big day" and "a dream come true""#;
        assert_eq!(quotations(text, 3).len(), 1);
    }
}
