//! The attribution tagger: a linear-chain CRF that marks the cue ("said",
//! "according to", "wants", "is expected") and the source ("the senator",
//! "officials") of each attribution in a sentence.
//!
//! Input: one sentence. Output: the byte spans of its cues and sources. The
//! model (`models/attribution.tsv`, embedded at build time) holds `CRFsuite`'s
//! weights, trained on the PolNeAR train compartment by
//! `benches/train_tagger.sh`; the same [`words`] and [`features`] serve
//! training and tagging, so the two cannot drift apart. Tagging is a sum of
//! weights per word and a Viterbi pass over five labels; the attributes are
//! looked up by a 64-bit hash of their name, written into one reused buffer,
//! so tagging allocates nothing per attribute. Without a model (an empty
//! file) [`tag`] returns `None` and the caller keeps to its patterns.

use std::hash::{BuildHasher, BuildHasherDefault};
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHasher};

/// The trained model: labels, transitions, then one attribute per line.
static MODEL_TEXT: &str = include_str!("../models/attribution.tsv");

/// The labels, in the model's column order.
pub const LABELS: [&str; 5] = ["O", "B-C", "I-C", "B-S", "I-S"];
const N: usize = LABELS.len();

struct Model {
    /// Weight of moving from one label (row) to the next (column).
    transitions: [[f32; N]; N],
    /// Row of `weights` of an attribute, by the hash of its name; kept
    /// apart from the weights so that the table stays small in cache.
    rows: FxHashMap<u64, u32>,
    /// Weight of each label, one row per attribute.
    weights: Vec<[f32; N]>,
}

static MODEL: LazyLock<Option<Model>> = LazyLock::new(|| parse(MODEL_TEXT));

fn hash(name: &str) -> u64 {
    BuildHasherDefault::<FxHasher>::default().hash_one(name)
}

/// The model table, or `None` when it is empty or not the five labels.
fn parse(text: &str) -> Option<Model> {
    let mut lines = text.lines();
    let labels: Vec<&str> = lines.next()?.split('\t').skip(1).collect();
    if labels != LABELS {
        return None;
    }
    let numbers = |fields: std::str::Split<'_, char>| -> Option<Vec<f32>> {
        fields.map(|f| f.parse().ok()).collect()
    };
    let mut fields = lines.next()?.split('\t');
    (fields.next()? == "transitions").then_some(())?;
    let flat = numbers(fields)?;
    let mut transitions = [[0.0; N]; N];
    for (k, w) in flat.into_iter().enumerate().take(N * N) {
        transitions[k / N][k % N] = w;
    }
    let (mut rows, mut weights) = (FxHashMap::default(), Vec::new());
    for line in lines {
        let mut fields = line.split('\t');
        let name = fields.next()?;
        rows.insert(hash(name), u32::try_from(weights.len()).ok()?);
        weights.push(numbers(fields)?.try_into().ok()?);
    }
    Some(Model { transitions, rows, weights })
}

/// Word positions as attribute values.
const DIGITS: [&str; 6] = ["0", "1", "2", "3", "4", "5"];

/// Sentences longer than this many words are not tagged: such "sentences"
/// are tables or run-on scrapes.
const MAX_WORDS: usize = 200;

/// Cue and source spans of one sentence, in bytes of the sentence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tagged {
    pub cues: Vec<(usize, usize)>,
    pub sources: Vec<(usize, usize)>,
}

/// The words of a sentence: runs of letters and digits (with inner
/// apostrophes, "don't", "Clinton’s"), and every other visible character
/// alone.
pub fn words(sentence: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut chars = sentence.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let mut end = start + c.len_utf8();
        if c.is_alphanumeric() {
            while let Some(&(i, d)) = chars.peek() {
                let inner_apostrophe = matches!(d, '\'' | '’')
                    && sentence[i + d.len_utf8()..].chars().next().is_some_and(char::is_alphabetic);
                if d.is_alphanumeric() || inner_apostrophe {
                    end = i + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
        }
        out.push((start, end));
    }
    out
}

fn shape(word: &str) -> &str {
    match word.chars().next() {
        Some(c) if c.is_uppercase() => "X",
        Some(c) if c.is_lowercase() => "x",
        Some(c) if c.is_numeric() => "d",
        _ => word,
    }
}

/// The word without a common inflection: "says" → "say", "warned" → "warn".
fn stem(word: &str) -> &str {
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(stem) = word.strip_suffix(suffix)
            && stem.chars().count() > 2
        {
            return stem;
        }
    }
    word
}

fn is_quote(word: &str) -> bool {
    matches!(word, "\"" | "“" | "”" | "‘" | "’" | "'")
}

/// The CRF attributes of each word of `sentence`: `emit(k, name)` for
/// each attribute of word `k`, in order of the words.
pub fn features(sentence: &str, words: &[(usize, usize)], mut emit: impl FnMut(usize, &str)) {
    let lower: Vec<String> = words.iter().map(|&(s, e)| sentence[s..e].to_lowercase()).collect();
    let n = words.len();
    let at = |i: isize| -> &str {
        usize::try_from(i).ok().and_then(|i| lower.get(i)).map_or("<s>", String::as_str)
    };
    let shape_at = |j: isize| {
        usize::try_from(j)
            .ok()
            .and_then(|j| words.get(j))
            .map_or("<s>", |&(s, e)| shape(&sentence[s..e]))
    };
    // Whether each word is inside a quotation.
    let mut inside = Vec::with_capacity(n);
    let mut open = false;
    for &(s, e) in words {
        match &sentence[s..e] {
            "“" => {
                open = true;
                inside.push(true);
            }
            "”" => {
                inside.push(open);
                open = false;
            }
            "\"" => {
                open = !open;
                inside.push(true);
            }
            _ => inside.push(open),
        }
    }
    let quoted = lower.iter().any(|w| is_quote(w));
    let mut name = String::with_capacity(64);
    for (k, &(s, e)) in words.iter().enumerate() {
        let i = k.cast_signed();
        let word = &sentence[s..e];
        let w = lower[k].as_str();
        let last3 = w.char_indices().rev().nth(2).map_or(w, |(b, _)| &w[b..]);
        // Each attribute is `prefix` and its parts joined by '|', built in
        // one reused buffer.
        let mut put = |prefix: &str, parts: &[&str]| {
            name.clear();
            name.push_str(prefix);
            for (j, part) in parts.iter().enumerate() {
                if j > 0 {
                    name.push('|');
                }
                name.push_str(part);
            }
            emit(k, &name);
        };
        put("w=", &[w]);
        put("st=", &[stem(w)]);
        put("s3=", &[last3]);
        put("sh=", &[shape(word)]);
        put("p=", &[at(i - 1)]);
        put("n=", &[at(i + 1)]);
        put("p2=", &[at(i - 2)]);
        put("n2=", &[at(i + 2)]);
        put("pw=", &[at(i - 1), w]);
        put("wn=", &[w, at(i + 1)]);
        put("pn=", &[at(i - 1), at(i + 1)]);
        put("pos=", &[DIGITS[k.min(5)]]);
        put("rpos=", &[DIGITS[(n - 1 - k).min(5)]]);
        put("psh=", &[shape_at(i - 1)]);
        put("nsh=", &[shape_at(i + 1)]);
        put("pst=", &[stem(at(i - 1))]);
        put("nst=", &[stem(at(i + 1))]);
        if matches!(w, "he" | "she" | "they" | "i" | "we" | "you" | "it" | "who") {
            put("pron", &[]);
        }
        if word.chars().count() > 1 && word.chars().all(|c| !c.is_lowercase()) {
            put("caps", &[]);
        }
        if inside[k] {
            put("inq", &[]);
        }
        if (i - 3..i).any(|j| is_quote(at(j))) {
            put("qb", &[]);
        }
        if (i + 1..i + 4).any(|j| is_quote(at(j))) {
            put("qa", &[]);
        }
        if quoted {
            put("sq", &[]);
        }
        if at(i + 1) == "that" || at(i + 2) == "that" {
            put("that", &[]);
        }
    }
}

/// The training labels of each word: `B-C`/`I-C` for a cue, `B-S`/`I-S` for
/// a source, `O` for neither. Spans are in bytes of the sentence.
pub fn labels(
    words: &[(usize, usize)],
    cues: &[(usize, usize)],
    sources: &[(usize, usize)],
) -> Vec<&'static str> {
    let mut out = Vec::with_capacity(words.len());
    let mut previous = None;
    for &(s, e) in words {
        let hit = |spans: &[(usize, usize)]| spans.iter().position(|&(a, b)| s < b && e > a);
        let found = hit(cues).map(|k| ('C', k)).or_else(|| hit(sources).map(|k| ('S', k)));
        out.push(match found {
            None => "O",
            Some(h) if previous == Some(h) => {
                if h.0 == 'C' {
                    "I-C"
                } else {
                    "I-S"
                }
            }
            Some(h) => {
                if h.0 == 'C' {
                    "B-C"
                } else {
                    "B-S"
                }
            }
        });
        previous = found;
    }
    out
}

/// Cue and source spans from the label of each word.
pub fn decode(words: &[(usize, usize)], labels: &[&str]) -> Tagged {
    let mut tagged = Tagged::default();
    let mut current: Option<(char, usize, usize)> = None;
    let close = |current: &mut Option<(char, usize, usize)>, tagged: &mut Tagged| {
        if let Some((kind, s, e)) = current.take() {
            if kind == 'C' { tagged.cues.push((s, e)) } else { tagged.sources.push((s, e)) }
        }
    };
    for (&(s, e), label) in words.iter().zip(labels) {
        let kind = label.chars().last().filter(|_| *label != "O");
        match (label.starts_with("I-"), kind, current) {
            (_, None, _) => close(&mut current, &mut tagged),
            (true, Some(k), Some((open, start, _))) if open == k => current = Some((k, start, e)),
            (_, Some(k), _) => {
                close(&mut current, &mut tagged);
                current = Some((k, s, e));
            }
        }
    }
    close(&mut current, &mut tagged);
    tagged
}

/// The cues and sources of `sentence`, or `None` when there is no model.
pub fn tag(sentence: &str) -> Option<Tagged> {
    let words = words(sentence);
    let labels = label(sentence, &words)?;
    Some(decode(&words, &labels))
}

/// The label of each of `words` of `sentence`, or `None` when there is no
/// model. Sentences of more than [`MAX_WORDS`] words are all `O`.
pub fn label(sentence: &str, words: &[(usize, usize)]) -> Option<Vec<&'static str>> {
    let model = MODEL.as_ref()?;
    if words.len() > MAX_WORDS {
        return Some(vec![LABELS[0]; words.len()]);
    }
    let mut scores = vec![[0.0f32; N]; words.len()];
    features(sentence, words, |k, name| {
        if let Some(&row) = model.rows.get(&hash(name)) {
            for (score, w) in scores[k].iter_mut().zip(&model.weights[row as usize]) {
                *score += w;
            }
        }
    });
    Some(viterbi(&scores, &model.transitions).into_iter().map(|l| LABELS[l]).collect())
}

/// The best label sequence for the per-word label scores.
fn viterbi(scores: &[[f32; N]], transitions: &[[f32; N]; N]) -> Vec<usize> {
    let Some(first) = scores.first() else { return Vec::new() };
    let mut best = *first;
    let mut back = vec![[0u8; N]; scores.len()];
    for (t, score) in scores.iter().enumerate().skip(1) {
        let mut next = [f32::NEG_INFINITY; N];
        for (to, slot) in next.iter_mut().enumerate() {
            for (from, &b) in best.iter().enumerate() {
                let v = b + transitions[from][to];
                if v > *slot {
                    *slot = v;
                    back[t][to] = from as u8;
                }
            }
            *slot += score[to];
        }
        best = next;
    }
    let mut label = (0..N).fold(0, |m, l| if best[l] > best[m] { l } else { m });
    let mut out = vec![0; scores.len()];
    for t in (0..scores.len()).rev() {
        out[t] = label;
        label = usize::from(back[t][label]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(sentence: &'a str, spans: &[(usize, usize)]) -> Vec<&'a str> {
        spans.iter().map(|&(s, e)| &sentence[s..e]).collect()
    }

    #[test]
    fn words_keep_inner_apostrophes() {
        let s = "Clinton’s aides don't say: \"No.\"";
        assert_eq!(
            texts(s, &words(s)),
            ["Clinton’s", "aides", "don't", "say", ":", "\"", "No", ".", "\""]
        );
    }

    #[test]
    fn labels_and_decode_round_trip() {
        let s = "The senator said on Monday, according to aides.";
        let w = words(s);
        let cues = [(12, 16), (28, 40)];
        let sources = [(0, 11), (41, 46)];
        let l = labels(&w, &cues, &sources);
        assert_eq!(l, ["B-S", "I-S", "B-C", "O", "O", "O", "B-C", "I-C", "B-S", "O"]);
        let back = decode(&w, &l);
        assert_eq!(back.cues, cues);
        assert_eq!(back.sources, sources);
    }

    #[test]
    fn the_model_tags_a_plain_attribution() {
        let s = "The senator said the bill would pass.";
        let t = tag(s).expect("the model is embedded");
        assert_eq!(texts(s, &t.cues), ["said"]);
        assert_eq!(texts(s, &t.sources), ["The senator"]);
    }
}
