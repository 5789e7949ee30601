//! The attribution tagger: a linear-chain CRF that marks the cue ("said",
//! "according to", "wants", "is expected") and the source ("the senator",
//! "officials") of each attribution in a sentence.
//!
//! Input: one sentence. Output: the byte spans of its cues and sources. The
//! model (`models/attribution.tsv`, embedded at build time) holds `CRFsuite`'s
//! weights, trained on the PolNeAR train compartment by
//! `benches/train_tagger.sh`; the same [`words`] and [`features`] serve
//! training and tagging, so the two cannot drift apart (a test checks that
//! the fast sums below equal the sums of [`features`]).
//!
//! Tagging is a sum of weights per word and a Viterbi pass over five labels.
//! Attributes are looked up by a 64-bit hash of their name. The twelve
//! attributes a word brings by itself (its own, and those it gives its
//! neighbours) are summed once per distinct word and kept in a per-thread
//! cache with the hash of its lower-case form and its flags (pronoun,
//! capitals, quotation mark, "that"), so a common word costs one lookup and
//! is never lower-cased again; word pairs are looked up by the hashes of
//! their two words, and only when both words can take their places in some
//! pair attribute (also in the cache entry); the flags that carry no word
//! come from a table made with the model, so no attribute name is written
//! while tagging.

use std::borrow::Cow;
use std::hash::{BuildHasher, BuildHasherDefault};
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHasher};

pub mod convolution;

/// The trained model: labels, transitions, then one attribute per line.
static MODEL_TEXT: &str = include_str!("../../../models/attribution.tsv");

/// The built-in CRF's name, as a model loaded at run time is named: its
/// weights' file and the start of their SHA-256.
static CRF_NAME: LazyLock<String> = LazyLock::new(|| {
    let digest = <sha2::Sha256 as sha2::Digest>::digest(MODEL_TEXT.as_bytes());
    format!("built-in crf attribution.tsv sha256:{}", &format!("{digest:x}")[..16])
});

/// The labels, in the model's column order.
pub const LABELS: [&str; 5] = ["O", "B-C", "I-C", "B-S", "I-S"];
/// How many labels there are.
pub const N: usize = LABELS.len();

struct Model {
    /// Weight of moving from one label (row) to the next (column).
    transitions: [[f32; N]; N],
    /// Row of `weights` of an attribute, by the hash of its name; kept
    /// apart from the weights so that the table stays small in cache.
    rows: FxHashMap<u64, u32>,
    /// Weight of each label, one row per attribute.
    weights: Vec<[f32; N]>,
    /// What the positions beyond either end of a sentence bring.
    boundary: WordWeights,
    /// Row of each word-pair attribute by [`pair_key`].
    pairs: FxHashMap<u64, u32>,
    /// For the lower-case hash of each word in a pair attribute, which
    /// places it takes: bit `2p` first, `2p + 1` second, in `PAIRS[p]`.
    /// Most words take none, and their pairs are not looked up.
    pair_places: FxHashMap<u64, u8>,
    /// Weights of each of [`FLAGS`] (zero where the model lacks one).
    flags: [[f32; N]; FLAGS.len()],
}

/// The embedded model; a unit test parses it, so a broken file fails the
/// tests, not a run.
static MODEL: LazyLock<Model> =
    LazyLock::new(|| parse(MODEL_TEXT).expect("models/attribution.tsv is a valid model table"));

fn hash(name: &str) -> u64 {
    BuildHasherDefault::<FxHasher>::default().hash_one(name)
}

/// The model table, or `None` when it is not one with the five labels.
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
    let (mut rows, mut pairs, mut weights) =
        (FxHashMap::default(), FxHashMap::default(), Vec::new());
    let mut pair_places: FxHashMap<u64, u8> = FxHashMap::default();
    for line in lines {
        let mut fields = line.split('\t');
        let name = fields.next()?;
        let row = u32::try_from(weights.len()).ok()?;
        rows.insert(hash(name), row);
        for (p, prefix) in PAIRS.iter().enumerate() {
            let Some(rest) = name.strip_prefix(prefix) else { continue };
            // A word may itself be `|`: every split into two words is a key.
            for (bar, _) in rest.match_indices('|') {
                let (a, b) = (&rest[..bar], &rest[bar + 1..]);
                if !a.is_empty() && !b.is_empty() {
                    pairs.insert(pair_key(p, hash(a), hash(b)), row);
                    *pair_places.entry(hash(a)).or_default() |= 1 << (2 * p);
                    *pair_places.entry(hash(b)).or_default() |= 1 << (2 * p + 1);
                }
            }
        }
        weights.push(numbers(fields)?.try_into().ok()?);
    }
    let mut model = Model {
        transitions,
        rows,
        weights,
        boundary: [[0.0; N]; 5],
        pairs,
        pair_places,
        flags: [[0.0; N]; FLAGS.len()],
    };
    model.boundary = model.word_weights(BOUNDARY, BOUNDARY);
    for (slot, flag) in model.flags.iter_mut().zip(FLAGS) {
        if let Some(&row) = model.rows.get(&hash(flag)) {
            *slot = model.weights[row as usize];
        }
    }
    Some(model)
}

/// Sentences longer than this many words are not tagged: such "sentences"
/// are tables or run-on scrapes.
const MAX_WORDS: usize = 200;

/// Cue and source spans of one sentence, in bytes of the sentence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tagged {
    pub cues: Vec<(usize, usize)>,
    pub sources: Vec<(usize, usize)>,
}

/// A tagger of cues and sources other than the built-in CRF, loaded at run
/// time (the contextual model of `provtrace-contextual`, behind the
/// `contextual` feature).
pub trait SentenceTagger: Send + Sync + std::fmt::Debug {
    /// The cues and sources of `sentence`.
    fn tag(&self, sentence: &str) -> Tagged;

    /// What the report records of the model: its name and digest.
    fn name(&self) -> &str;
}

/// The model that tags a sentence's cues and sources.
#[derive(Debug, Default)]
pub enum Tagger {
    /// The built-in convolutional network of [`convolution`]: a few
    /// microseconds a word, and the default.
    #[default]
    Convolutional,
    /// The built-in CRF of this module: microseconds a sentence.
    Crf,
    /// A model loaded at run time.
    Model(Box<dyn SentenceTagger>),
}

impl Tagger {
    /// The cues and sources of `sentence`.
    pub fn tag(&self, sentence: &str) -> Tagged {
        match self {
            Tagger::Convolutional => convolution::tag(sentence),
            Tagger::Crf => tag(sentence),
            Tagger::Model(model) => model.tag(sentence),
        }
    }

    /// The tagger's name as reports record it: the weights' file (or the
    /// model's directory) and the start of their SHA-256.
    pub fn name(&self) -> &str {
        match self {
            Tagger::Convolutional => convolution::name(),
            Tagger::Crf => &CRF_NAME,
            Tagger::Model(model) => model.name(),
        }
    }
}

/// The words of a sentence: runs of letters and digits (with inner
/// apostrophes, "don't", "Clinton’s"), and every other visible character
/// alone.
pub fn words(sentence: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(sentence.len() / 5 + 1);
    let mut i = 0;
    while let Some((c, width)) = char_at(sentence, i) {
        let start = i;
        i += width;
        if c.is_whitespace() {
            continue;
        }
        if c.is_alphanumeric() {
            while let Some((d, width)) = char_at(sentence, i) {
                let inner_apostrophe = matches!(d, '\'' | '’')
                    && char_at(sentence, i + width).is_some_and(|(e, _)| e.is_alphabetic());
                if !(d.is_alphanumeric() || inner_apostrophe) {
                    break;
                }
                i += width;
            }
        }
        out.push((start, i));
    }
    out
}

/// The character at byte `i` of `text` (a character boundary) and its
/// width, without decoding when it is ASCII, as most of a news text is.
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let &byte = text.as_bytes().get(i)?;
    if byte.is_ascii() {
        return Some((char::from(byte), 1));
    }
    text[i..].chars().next().map(|c| (c, c.len_utf8()))
}

fn shape(word: &str) -> &str {
    match word.chars().next() {
        Some(c) if c.is_uppercase() => "X",
        Some(c) if c.is_lowercase() => "x",
        Some(c) if c.is_numeric() => "d",
        _ => word,
    }
}

/// The last three letters of a word in lower case (all of it when
/// shorter): the CRF's `s3=` attribute, and the convolutional tagger's
/// suffix.
pub fn suffix(lower: &str) -> &str {
    lower.char_indices().rev().nth(2).map_or(lower, |(b, _)| &lower[b..])
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

/// What a word is, whatever its place: bits of [`Known::bits`].
const PRONOUN: u8 = 1;
const ALL_CAPS: u8 = 1 << 1;
const QUOTE_MARK: u8 = 1 << 2;
const THAT_WORD: u8 = 1 << 3;
/// "“", "”" and `"`: they open, close, or open or close a quotation.
const OPENS: u8 = 1 << 4;
const CLOSES: u8 = 1 << 5;
const TOGGLES: u8 = 1 << 6;

/// The [`Known::bits`] of `word`, `lower` being it in lower case.
fn word_bits(word: &str, lower: &str) -> u8 {
    let mut bits = match word {
        "“" => OPENS,
        "”" => CLOSES,
        "\"" => TOGGLES,
        _ => 0,
    };
    if matches!(lower, "he" | "she" | "they" | "i" | "we" | "you" | "it" | "who") {
        bits |= PRONOUN;
    }
    if word.chars().nth(1).is_some() && word.chars().all(|c| !c.is_lowercase()) {
        bits |= ALL_CAPS;
    }
    if is_quote(lower) {
        bits |= QUOTE_MARK;
    }
    if lower == "that" {
        bits |= THAT_WORD;
    }
    bits
}

/// Whether each word is inside a quotation, from the [`word_bits`] of a
/// sentence's words.
fn inside(bits: &[u8]) -> impl Iterator<Item = bool> + '_ {
    let mut open = false;
    bits.iter().map(move |&b| {
        if b & OPENS != 0 {
            open = true;
            true
        } else if b & CLOSES != 0 {
            std::mem::replace(&mut open, false)
        } else if b & TOGGLES != 0 {
            open = !open;
            true
        } else {
            open
        }
    })
}

/// A sentence's words with what the attributes of each word look at.
struct Context<'a> {
    sentence: &'a str,
    words: &'a [(usize, usize)],
    /// Each word in lower case, borrowed when it is already.
    lower: Vec<Cow<'a, str>>,
    /// The [`word_bits`] of each word.
    bits: Vec<u8>,
}

impl<'a> Context<'a> {
    fn new(sentence: &'a str, words: &'a [(usize, usize)]) -> Context<'a> {
        let lower: Vec<Cow<'a, str>> = words.iter().map(|&(s, e)| lower(&sentence[s..e])).collect();
        let bits =
            words.iter().zip(&lower).map(|(&(s, e), l)| word_bits(&sentence[s..e], l)).collect();
        Context { sentence, words, lower, bits }
    }

    fn word(&self, k: usize) -> &'a str {
        let (s, e) = self.words[k];
        &self.sentence[s..e]
    }

    /// The lower-case word at `i`, or `<s>` beyond either end.
    fn at(&self, i: isize) -> &str {
        usize::try_from(i).ok().and_then(|i| self.lower.get(i)).map_or(BOUNDARY, |w| w)
    }
}

/// `word` in lower case, without a copy when it is lower case already.
fn lower(word: &str) -> Cow<'_, str> {
    let unchanged = word.chars().all(|c| {
        let mut l = c.to_lowercase();
        l.next() == Some(c) && l.next().is_none()
    });
    if unchanged { Cow::Borrowed(word) } else { Cow::Owned(word.to_lowercase()) }
}

/// The position that the attribute a word at `j` (`-2..n + 2`, beyond the
/// ends for the boundary) brings at `offset` belongs to, if it is a word of
/// the sentence. The boundary brings only its neighbour attributes.
fn target(n: usize, j: isize, offset: isize) -> Option<usize> {
    let n = n.cast_signed();
    let own = (0..n).contains(&j);
    let target = j + offset;
    ((0..n).contains(&target) && (own || offset != 0)).then(|| target.cast_unsigned())
}

/// The word that stands for the positions beyond either end of a sentence.
const BOUNDARY: &str = "<s>";

/// The attributes a word brings by itself, each with the offset of the
/// position it belongs to: its own (`w`, `st`, `s3`, `sh`) at 0, and as the
/// previous word (`p`, `pst`, `psh`) of the next position, the next word
/// (`n`, `nst`, `nsh`) of the previous one, and so on two away. `put(offset,
/// prefix, value)`.
fn word_attributes(word: &str, lower: &str, mut put: impl FnMut(isize, &str, &str)) {
    let stem = stem(lower);
    let last3 = suffix(lower);
    let shape = shape(word);
    put(0, "w=", lower);
    put(0, "st=", stem);
    put(0, "s3=", last3);
    put(0, "sh=", shape);
    put(1, "p=", lower);
    put(1, "pst=", stem);
    put(1, "psh=", shape);
    put(-1, "n=", lower);
    put(-1, "nst=", stem);
    put(-1, "nsh=", shape);
    put(2, "p2=", lower);
    put(-2, "n2=", lower);
}

/// The offsets of [`word_attributes`], in the order of [`WordWeights`].
const OFFSETS: [isize; 5] = [0, 1, -1, 2, -2];

/// Prefixes of the word-pair attributes: the previous word and this one,
/// this one and the next, the previous and the next.
const PAIRS: [&str; 3] = ["pw=", "wn=", "pn="];

/// The attributes that carry no word: position from either end (capped at
/// 5), and the pronoun, capitals, quotation and "that" flags.
const FLAGS: [&str; 19] = [
    "pos=0", "pos=1", "pos=2", "pos=3", "pos=4", "pos=5", "rpos=0", "rpos=1", "rpos=2", "rpos=3",
    "rpos=4", "rpos=5", "pron", "caps", "inq", "qb", "qa", "sq", "that",
];
const POS: usize = 0;
const RPOS: usize = 6;
const PRON: usize = 12;
const CAPS: usize = 13;
const INQ: usize = 14;
const QB: usize = 15;
const QA: usize = 16;
const SQ: usize = 17;
const THAT: usize = 18;

/// The word-pair attributes of position `i`: `PAIRS[p]` with the words at
/// two positions (beyond either end is the boundary).
fn pairs(i: isize) -> [(usize, isize, isize); 3] {
    [(0, i - 1, i), (1, i, i + 1), (2, i - 1, i + 1)]
}

/// The [`FLAGS`] of word `k` of a sentence with these [`word_bits`] and
/// quotation state ([`inside`]): position from either end, pronoun,
/// capitals, quotation and "that".
fn flags(bits: &[u8], k: usize, inside: bool, quoted: bool, mut put: impl FnMut(usize)) {
    let n = bits.len();
    let has = |j: usize, bit: u8| bits.get(j).is_some_and(|b| b & bit != 0);
    put(POS + k.min(5));
    put(RPOS + (n - 1 - k).min(5));
    if has(k, PRONOUN) {
        put(PRON);
    }
    if has(k, ALL_CAPS) {
        put(CAPS);
    }
    if inside {
        put(INQ);
    }
    if (k.saturating_sub(3)..k).any(|j| has(j, QUOTE_MARK)) {
        put(QB);
    }
    if (k + 1..k + 4).any(|j| has(j, QUOTE_MARK)) {
        put(QA);
    }
    if quoted {
        put(SQ);
    }
    if has(k + 1, THAT_WORD) || has(k + 2, THAT_WORD) {
        put(THAT);
    }
}

/// How many bits [`word_flags`] gives each word.
pub const WORD_FLAGS: usize = FLAGS.len() + 4;

/// What the convolutional tagger reads of each word besides the word
/// itself: a bit for each of the CRF's attributes that carry no word the
/// word has (place from either end, pronoun, capitals, quotation marks,
/// "that" after it), then its shape (capital first, lower case first, a
/// digit first, all capitals). Reads only the words, not the spaces between them.
pub fn word_flags<S: AsRef<str>>(words: &[S]) -> Vec<u32> {
    let lower: Vec<Cow<'_, str>> = words.iter().map(|w| lower(w.as_ref())).collect();
    let bits: Vec<u8> = words.iter().zip(&lower).map(|(w, l)| word_bits(w.as_ref(), l)).collect();
    let quoted = bits.iter().any(|b| b & QUOTE_MARK != 0);
    let mut out = vec![0u32; words.len()];
    for ((k, inside), slot) in inside(&bits).enumerate().zip(&mut out) {
        flags(&bits, k, inside, quoted, |f| *slot |= 1 << f);
        let first = words[k].as_ref().chars().next();
        let shape = [
            first.is_some_and(char::is_uppercase),
            first.is_some_and(char::is_lowercase),
            first.is_some_and(char::is_numeric),
            bits[k] & ALL_CAPS != 0,
        ];
        for (i, on) in shape.into_iter().enumerate() {
            if on {
                *slot |= 1 << (FLAGS.len() + i);
            }
        }
    }
    out
}

/// The key of a word-pair attribute by the hashes of its words, so that
/// tagging looks it up without writing its name.
fn pair_key(prefix: usize, a: u64, b: u64) -> u64 {
    BuildHasherDefault::<FxHasher>::default().hash_one((prefix, a, b))
}

/// `prefix` and `parts` joined by `|`, in `buffer`.
fn join<'b>(buffer: &'b mut String, prefix: &str, parts: &[&str]) -> &'b str {
    buffer.clear();
    buffer.push_str(prefix);
    for (j, part) in parts.iter().enumerate() {
        if j > 0 {
            buffer.push('|');
        }
        buffer.push_str(part);
    }
    buffer
}

/// The CRF attributes of each word of `sentence`: `emit(k, name)` for
/// each attribute of word `k` (not in word order).
pub fn features(sentence: &str, words: &[(usize, usize)], mut emit: impl FnMut(usize, &str)) {
    let ctx = Context::new(sentence, words);
    let n = words.len().cast_signed();
    let mut name = String::with_capacity(64);
    // Every word, and the boundary two places beyond either end.
    for j in -2..n + 2 {
        let (word, lower) = match usize::try_from(j).ok().filter(|&j| j < words.len()) {
            Some(k) => (ctx.word(k), &*ctx.lower[k]),
            None => (BOUNDARY, BOUNDARY),
        };
        word_attributes(word, lower, |offset, prefix, value| {
            if let Some(k) = target(words.len(), j, offset) {
                emit(k, join(&mut name, prefix, &[value]));
            }
        });
    }
    let quoted = ctx.bits.iter().any(|b| b & QUOTE_MARK != 0);
    for (k, inside) in inside(&ctx.bits).enumerate() {
        for (p, a, b) in pairs(k.cast_signed()) {
            emit(k, join(&mut name, PAIRS[p], &[ctx.at(a), ctx.at(b)]));
        }
        flags(&ctx.bits, k, inside, quoted, |f| emit(k, FLAGS[f]));
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
        out.push(match (found, found == previous) {
            (None, _) => "O",
            (Some(('C', _)), false) => "B-C",
            (Some(('C', _)), true) => "I-C",
            (Some(_), false) => "B-S",
            (Some(_), true) => "I-S",
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

/// The cues and sources of `sentence`.
pub fn tag(sentence: &str) -> Tagged {
    let words = words(sentence);
    decode(&words, &label(sentence, &words))
}

/// The label of each of `words` of `sentence`; sentences of more than
/// [`MAX_WORDS`] words are all `O`.
fn label(sentence: &str, words: &[(usize, usize)]) -> Vec<&'static str> {
    if words.len() > MAX_WORDS {
        return vec![LABELS[0]; words.len()];
    }
    let model = &*MODEL;
    let scores = scores(model, sentence, words);
    viterbi(&scores, &model.transitions).into_iter().map(|l| LABELS[l]).collect()
}

/// Weights of the attributes one word brings by itself, summed per offset
/// in the order of [`OFFSETS`].
type WordWeights = [[f32; N]; 5];

/// All that tagging needs of a word, whatever its place, so that a word's
/// dozen attribute lookups and its lower-casing are done once, not at
/// every occurrence.
#[derive(Clone, Copy)]
struct Known {
    weights: WordWeights,
    /// Hash of the word in lower case, for the word-pair attributes.
    lower: u64,
    /// Its [`word_bits`].
    bits: u8,
    /// Its [`Model::pair_places`].
    places: u8,
}

/// Words seen lately on this thread, as [`Known`], by the 64-bit hash of
/// the word as written (as the model's attributes are by the hash of their
/// names). Cleared when full.
const CACHE_WORDS: usize = 1 << 16;

thread_local! {
    static CACHE: std::cell::RefCell<FxHashMap<u64, Known>> =
        std::cell::RefCell::new(FxHashMap::default());
}

impl Model {
    fn add(&self, into: &mut [f32; N], name: &str) {
        if let Some(&row) = self.rows.get(&hash(name)) {
            accumulate(into, &self.weights[row as usize]);
        }
    }

    fn word_weights(&self, word: &str, lower: &str) -> WordWeights {
        let mut out = [[0.0; N]; 5];
        let mut name = String::with_capacity(64);
        word_attributes(word, lower, |d, prefix, value| {
            let slot = OFFSETS.iter().position(|&o| o == d).unwrap_or(0);
            self.add(&mut out[slot], join(&mut name, prefix, &[value]));
        });
        out
    }

    fn known(&self, word: &str) -> Known {
        let lower = lower(word);
        let lower_hash = hash(&lower);
        Known {
            weights: self.word_weights(word, &lower),
            lower: lower_hash,
            bits: word_bits(word, &lower),
            places: self.places(lower_hash),
        }
    }

    fn places(&self, lower: u64) -> u8 {
        self.pair_places.get(&lower).copied().unwrap_or(0)
    }
}

/// The score of each label at each word: the same sums as adding up the
/// weights of [`features`], with what each word brings by itself taken
/// from the cache.
fn scores(model: &Model, sentence: &str, words: &[(usize, usize)]) -> Vec<[f32; N]> {
    let n = words.len();
    let mut scores = vec![[0.0f32; N]; n];
    let mut hashes = Vec::with_capacity(n);
    let mut bits = Vec::with_capacity(n);
    let mut places = Vec::with_capacity(n);
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.len() >= CACHE_WORDS {
            cache.clear();
        }
        for j in -2..n.cast_signed() + 2 {
            let weights = match usize::try_from(j).ok().filter(|&k| k < n) {
                Some(k) => {
                    let (s, e) = words[k];
                    let word = &sentence[s..e];
                    let known = cache.entry(hash(word)).or_insert_with(|| model.known(word));
                    hashes.push(known.lower);
                    bits.push(known.bits);
                    places.push(known.places);
                    &known.weights
                }
                None => &model.boundary,
            };
            for (weights, &offset) in weights.iter().zip(&OFFSETS) {
                if let Some(k) = target(n, j, offset) {
                    accumulate(&mut scores[k], weights);
                }
            }
        }
    });
    let boundary = hash(BOUNDARY);
    let boundary_places = model.places(boundary);
    let at = |i: isize| {
        usize::try_from(i)
            .ok()
            .filter(|&i| i < n)
            .map_or((boundary, boundary_places), |i| (hashes[i], places[i]))
    };
    let quoted = bits.iter().any(|b| b & QUOTE_MARK != 0);
    for ((k, score), inside) in scores.iter_mut().enumerate().zip(inside(&bits)) {
        for (p, a, b) in pairs(k.cast_signed()) {
            let ((a, a_places), (b, b_places)) = (at(a), at(b));
            if a_places & (1 << (2 * p)) == 0 || b_places & (1 << (2 * p + 1)) == 0 {
                continue;
            }
            if let Some(&row) = model.pairs.get(&pair_key(p, a, b)) {
                accumulate(score, &model.weights[row as usize]);
            }
        }
        flags(&bits, k, inside, quoted, |f| accumulate(score, &model.flags[f]));
    }
    scores
}

/// Adds one attribute's label weights to a word's label scores.
fn accumulate(scores: &mut [f32; N], weights: &[f32; N]) {
    for (score, w) in scores.iter_mut().zip(weights) {
        *score += w;
    }
}

/// The best label sequence for the per-word label scores.
pub fn viterbi(scores: &[[f32; N]], transitions: &[[f32; N]; N]) -> Vec<usize> {
    let Some(first) = scores.first() else { return Vec::new() };
    let mut best = *first;
    let mut back = vec![[0u8; N]; scores.len()];
    for (t, score) in scores.iter().enumerate().skip(1) {
        let mut next = [0.0; N];
        for (to, slot) in next.iter_mut().enumerate() {
            // The first best on ties, as the labels are ordered.
            let (mut from_best, mut v_best) = (0, best[0] + transitions[0][to]);
            for (from, &b) in best.iter().enumerate().skip(1) {
                let v = b + transitions[from][to];
                if v > v_best {
                    (from_best, v_best) = (from, v);
                }
            }
            back[t][to] = from_best as u8;
            *slot = v_best + score[to];
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

/// The places of `I-C` and `I-S` in [`LABELS`].
const INSIDE: [usize; 2] = [2, 4];

/// Transitions between labels for a model that scores each word alone (the
/// convolutional and the contextual taggers): an inside label only after
/// the begin or inside label of its kind (cue, source); nothing else is
/// ruled out, nor weighted.
const BIO: [[f32; N]; N] = {
    let mut t = [[0.0; N]; N];
    let mut from = 0;
    while from < N {
        t[from][2] = if from == 1 || from == 2 { 0.0 } else { f32::NEG_INFINITY };
        t[from][4] = if from == 3 || from == 4 { 0.0 } else { f32::NEG_INFINITY };
        from += 1;
    }
    t
};

/// The labels of words scored each alone (log-probabilities in the order
/// of [`LABELS`]): the best sequence in which an inside label follows the
/// begin or inside label of its kind, and no span opens on an inside label.
pub fn best_labels(mut scores: Vec<[f32; N]>) -> Vec<&'static str> {
    if let Some(first) = scores.first_mut() {
        for inside in INSIDE {
            first[inside] = f32::NEG_INFINITY;
        }
    }
    viterbi(&scores, &BIO).into_iter().map(|l| LABELS[l]).collect()
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
    fn cached_scores_equal_the_sum_of_the_attributes() {
        let model = &*MODEL;
        for s in [
            "The senator said the bill would pass.",
            "\"We are not waiting,\" Reyes said, and “the gate” held, according to AP.",
            "Said",
            "A B",
            "Officials said officials said officials said.",
            "Rates | fell || 2% | \"he said\" | they said that | it was.",
        ] {
            let w = words(s);
            let mut slow = vec![[0.0f32; N]; w.len()];
            features(s, &w, |k, name| model.add(&mut slow[k], name));
            for _ in 0..2 {
                let fast = scores(model, s, &w);
                for (a, b) in fast.iter().flatten().zip(slow.iter().flatten()) {
                    assert!((a - b).abs() < 1e-4, "{s}: {a} vs {b}");
                }
            }
        }
    }

    #[test]
    fn the_model_tags_a_plain_attribution() {
        let s = "The senator said the bill would pass.";
        let t = tag(s);
        assert_eq!(texts(s, &t.cues), ["said"]);
        assert_eq!(texts(s, &t.sources), ["The senator"]);
    }
}
