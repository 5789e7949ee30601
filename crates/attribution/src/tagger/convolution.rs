//! The convolutional attribution tagger, the default: a small network that
//! reads each word with the fifteen on either side of it and a summary of
//! its whole sentence, at a few microseconds a word, built into the binary
//! like the CRF of [`tagger`].
//!
//! Input: one sentence, cut into the same [`tagger::words`] as the CRF's.
//! Each word is the mean of its word pieces' vectors (the pieces and their
//! starting vectors are those of the contextual model, so a word never seen
//! in training still lands near the words it resembles), a vector for its
//! last three letters, and its [`tagger::word_flags`] (quotation marks
//! around it, its place, its shape). Four convolutions of three taps, the
//! later ones spaced 2, 4 and 8 words apart with a residual path, read the
//! words around; after the second, each unit's largest value over the
//! sentence, through a rectified layer, is added to every word. A linear
//! layer gives each word its label scores, and the labels are the best
//! sequence in which an inside label follows the begin or inside label of
//! its kind, as for the contextual model.
//!
//! The weights (`models/attribution-conv/`) are trained by
//! `benches/train_conv.sh`: on the PolNeAR train compartment, with the
//! contextual model's label probabilities beside the annotated labels, and
//! on sentences of an unlabelled corpus labelled by the contextual model.
//!
//! Tagging is deterministic: each sentence alone, every sum in a fixed
//! order, the same on every instruction set.

use std::hash::{BuildHasher, BuildHasherDefault};
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHasher};
use safetensors::{Dtype, SafeTensors};
use unicode_normalization::UnicodeNormalization;

use super::{self as tagger, LABELS, N, Tagged, WORD_FLAGS};

static PIECES: &str = include_str!("../../../../models/attribution-conv/pieces.txt");
static SUFFIXES: &str = include_str!("../../../../models/attribution-conv/suffixes.txt");
static WEIGHTS: &[u8] = include_bytes!("../../../../models/attribution-conv/model.safetensors");

/// The built-in network's name in reports: its weights' file and the start
/// of their SHA-256.
static NAME: LazyLock<String> = LazyLock::new(|| {
    let digest = <sha2::Sha256 as sha2::Digest>::digest(WEIGHTS);
    format!("built-in convolutional attribution-conv sha256:{}", &format!("{digest:x}")[..16])
});

/// The spacing of each convolution's three taps.
const DILATIONS: [usize; 4] = [1, 2, 4, 8];
/// Taps of each convolution: the word, and one on either side.
const TAPS: usize = 3;
/// The layer after which a model with a `global` summary adds it.
const GLOBAL_AFTER: usize = 1;
/// Word pieces of a word that its vector is the mean of.
const MAX_PIECES: usize = 8;
/// Sentences longer than this are tagged by their first this many words.
const MAX_WORDS: usize = 200;

/// The word-piece vocabulary: pieces that start a word, and pieces that
/// continue one (written `##piece`), by their row.
struct Pieces {
    start: FxHashMap<&'static str, u32>,
    continuing: FxHashMap<&'static str, u32>,
    unknown: u32,
}

impl Pieces {
    fn parse(text: &'static str) -> Pieces {
        let mut start = FxHashMap::default();
        let mut continuing = FxHashMap::default();
        for (row, piece) in (0u32..).zip(text.lines()) {
            match piece.strip_prefix("##") {
                Some(rest) if !rest.is_empty() => continuing.insert(rest, row),
                _ => start.insert(piece, row),
            };
        }
        let unknown = start.get("[UNK]").copied().unwrap_or(0);
        Pieces { start, continuing, unknown }
    }

    /// The word pieces of `word`, at most eight, as a BERT
    /// tokenizer without casing cuts it: lower case without accents, every
    /// character that is neither a letter nor a digit alone, and each run
    /// of letters and digits into the longest pieces of the vocabulary from
    /// its start (one unknown piece when it cannot be).
    fn of(&self, word: &str, out: &mut Vec<u32>) {
        let plain: String = word
            .nfd()
            .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
            .flat_map(char::to_lowercase)
            .collect();
        let mut rest = plain.as_str();
        while let Some(c) = rest.chars().next() {
            if out.len() >= MAX_PIECES {
                return;
            }
            let end = if c.is_alphanumeric() {
                rest.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len())
            } else {
                c.len_utf8()
            };
            self.token(&rest[..end], out);
            rest = &rest[end..];
        }
        out.truncate(MAX_PIECES);
    }

    /// The pieces of one token, longest first from its start.
    fn token(&self, token: &str, out: &mut Vec<u32>) {
        if token.chars().count() > 100 {
            out.push(self.unknown);
            return;
        }
        let before = out.len();
        let mut start = 0;
        while start < token.len() {
            let table = if start == 0 { &self.start } else { &self.continuing };
            let found = token[start..]
                .char_indices()
                .map(|(i, c)| start + i + c.len_utf8())
                .rev()
                .find_map(|end| table.get(&token[start..end]).map(|&row| (end, row)));
            let Some((end, row)) = found else {
                out.truncate(before);
                out.push(self.unknown);
                return;
            };
            out.push(row);
            start = end;
        }
    }
}

/// One convolution: `weight` is (taps × input) rows of one column a
/// channel, the rows of the word `dilation` before, of the word, then of
/// the word `dilation` after.
struct Convolution {
    input: usize,
    dilation: usize,
    weight: Packed,
    bias: Vec<f32>,
}

/// Columns of a product's right-hand side summed at a time, held in vector
/// registers; a matrix's columns are padded with zeros to a multiple of it.
const LANES: usize = 8;
/// Columns summed at a time where there are this many left: four times
/// [`LANES`] (eight times was no faster).
const WIDE: usize = 4 * LANES;

/// A k × n matrix, row-major, its columns padded with zeros to a multiple
/// of [`LANES`].
struct Packed {
    k: usize,
    /// Columns with the padding.
    n: usize,
    values: Vec<f32>,
}

impl Packed {
    /// `b`, k × n row-major, padded.
    fn new(b: &[f32], k: usize, n: usize) -> Packed {
        let padded = n.div_ceil(LANES) * LANES;
        let mut values = vec![0.0; k * padded];
        for (row, from) in values.chunks_exact_mut(padded).zip(b.chunks_exact(n)) {
            row[..n].copy_from_slice(from);
        }
        Packed { k, n: padded, values }
    }
}

/// The word-piece vocabulary, apart from the weights, so that training
/// reads words as tagging does before there are weights.
static PIECE_TABLE: LazyLock<Pieces> = LazyLock::new(|| Pieces::parse(PIECES));

struct Model {
    pieces: &'static Pieces,
    /// Each piece's vector, `dim` a row.
    piece_vectors: Vec<f32>,
    dim: usize,
    suffixes: FxHashMap<&'static str, u32>,
    /// Each suffix's vector, `suffix_dim` a row; row 0 is for a suffix
    /// not in the list.
    suffix_vectors: Vec<f32>,
    suffix_dim: usize,
    layers: Vec<Convolution>,
    /// (channels × channels) and a bias per channel: the sentence's
    /// summary added to each word after the layer [`GLOBAL_AFTER`], where
    /// the model has one.
    global: Option<(Packed, Vec<f32>)>,
    /// (channels × labels, padded to [`LANES`] columns) and a bias per
    /// label (padded likewise).
    output: Packed,
    output_bias: Vec<f32>,
}

/// The embedded model; a unit test loads it, so a broken file fails the
/// tests, not a run.
static MODEL: LazyLock<Model> =
    LazyLock::new(|| load().expect("models/attribution-conv is a valid model"));

fn floats(tensors: &SafeTensors<'_>, name: &str, shape: &[usize]) -> Result<Vec<f32>, String> {
    let view = tensors.tensor(name).map_err(|e| format!("{name}: {e}"))?;
    if view.dtype() != Dtype::F32 || view.shape() != shape {
        return Err(format!("{name}: {:?} {:?}, not F32 {shape:?}", view.dtype(), view.shape()));
    }
    Ok(view.data().chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect())
}

fn shape(tensors: &SafeTensors<'_>, name: &str) -> Result<Vec<usize>, String> {
    Ok(tensors.tensor(name).map_err(|e| format!("{name}: {e}"))?.shape().to_vec())
}

fn load() -> Result<Model, String> {
    let tensors = SafeTensors::deserialize(WEIGHTS).map_err(|e| e.to_string())?;
    let pieces = &*PIECE_TABLE;
    let rows = PIECES.lines().count();
    // Piece vectors are stored as 8-bit integers with a scale a row.
    let view = tensors.tensor("pieces").map_err(|e| format!("pieces: {e}"))?;
    let [stored_rows, dim] = view.shape() else { return Err("pieces: not a matrix".into()) };
    if view.dtype() != Dtype::I8 || *stored_rows != rows {
        return Err(format!("pieces: {:?} {:?}, not I8 [{rows}, _]", view.dtype(), view.shape()));
    }
    let dim = *dim;
    let scales = floats(&tensors, "pieces.scale", &[rows])?;
    let piece_vectors = view
        .data()
        .chunks_exact(dim)
        .zip(&scales)
        .flat_map(|(row, &scale)| row.iter().map(move |&b| f32::from(b.cast_signed()) * scale))
        .collect();
    let suffix_list: Vec<&'static str> = SUFFIXES.lines().collect();
    let suffixes = (1u32..).zip(&suffix_list).map(|(row, &s)| (s, row)).collect();
    let suffix_shape = shape(&tensors, "suffixes")?;
    let suffix_dim = suffix_shape.get(1).copied().unwrap_or(0);
    let suffix_vectors = floats(&tensors, "suffixes", &[suffix_list.len() + 1, suffix_dim])?;
    let mut input = dim + suffix_dim + WORD_FLAGS;
    let mut layers = Vec::with_capacity(DILATIONS.len());
    for (i, dilation) in DILATIONS.into_iter().enumerate() {
        let name = format!("conv{i}.weight");
        let output = shape(&tensors, &name)?.get(1).copied().unwrap_or(0);
        if i > 0 && output != input || output % LANES != 0 {
            return Err(format!("{name}: {output} channels after {input}"));
        }
        layers.push(Convolution {
            input,
            dilation,
            weight: Packed::new(
                &floats(&tensors, &name, &[TAPS * input, output])?,
                TAPS * input,
                output,
            ),
            bias: floats(&tensors, &format!("conv{i}.bias"), &[output])?,
        });
        input = output;
    }
    let global = match tensors.tensor("global.weight") {
        Ok(_) => Some((
            Packed::new(&floats(&tensors, "global.weight", &[input, input])?, input, input),
            floats(&tensors, "global.bias", &[input])?,
        )),
        Err(_) => None,
    };
    Ok(Model {
        pieces,
        global,
        piece_vectors,
        dim,
        suffixes,
        suffix_vectors,
        suffix_dim,
        layers,
        output: Packed::new(&floats(&tensors, "output.weight", &[input, N])?, input, N),
        output_bias: {
            let mut bias = floats(&tensors, "output.bias", &[N])?;
            bias.resize(N.div_ceil(LANES) * LANES, 0.0);
            bias
        },
    })
}

/// The word pieces of `word` in the built-in model's vocabulary; what
/// training writes for each word.
pub fn pieces(word: &str, out: &mut Vec<u32>) {
    PIECE_TABLE.of(word, out);
}

/// Words seen lately on this thread: their [`Model::word_taps`], by the
/// hash of the word as written. Cleared when full: 8,192 words of 288
/// values (96 channels) are 9 MB.
const CACHE_WORDS: usize = 1 << 13;

thread_local! {
    static CACHE: std::cell::RefCell<FxHashMap<u64, Box<[f32]>>> =
        std::cell::RefCell::new(FxHashMap::default());
}

impl Model {
    /// The vector of a word by itself: its pieces' mean, then its suffix's.
    fn word_vector(&self, word: &str) -> Box<[f32]> {
        let mut out = vec![0.0f32; self.dim + self.suffix_dim];
        let mut ids = Vec::with_capacity(4);
        self.pieces.of(word, &mut ids);
        let (vector, suffix_part) = out.split_at_mut(self.dim);
        for &id in &ids {
            let row = &self.piece_vectors[id as usize * self.dim..][..self.dim];
            for (v, x) in vector.iter_mut().zip(row) {
                *v += x;
            }
        }
        if !ids.is_empty() {
            let count = ids.len() as f32;
            for v in vector.iter_mut() {
                *v /= count;
            }
        }
        let lower = word.to_lowercase();
        let row = self.suffixes.get(tagger::suffix(&lower)).copied().unwrap_or(0) as usize;
        suffix_part
            .copy_from_slice(&self.suffix_vectors[row * self.suffix_dim..][..self.suffix_dim]);
        out.into_boxed_slice()
    }

    /// What a word by itself brings to the first convolution at each tap:
    /// its [`Model::word_vector`] times the rows of the weights that read
    /// it, `TAPS` rows of the layer's channels. Computed once a word and
    /// kept, as it is most of that layer's work.
    fn word_taps(&self, word: &str) -> Box<[f32]> {
        let vector = self.word_vector(word);
        let first = &self.layers[0];
        let (input, channels) = (first.input, first.weight.n);
        let mut out = vec![0.0f32; TAPS * channels];
        for (tap, sums) in out.chunks_exact_mut(channels).enumerate() {
            for (i, &x) in vector.iter().enumerate() {
                let row = &first.weight.values[(tap * input + i) * channels..][..channels];
                for (s, &w) in sums.iter_mut().zip(row) {
                    *s += x * w;
                }
            }
        }
        out.into_boxed_slice()
    }

    /// The first convolution's output for a sentence's words, before the
    /// rectifier: the bias, what the word at each tap brings by itself
    /// ([`Model::word_taps`]), and the weight rows of each flag it has.
    fn first_layer(&self, sentence: &str, words: &[(usize, usize)]) -> Vec<f32> {
        let first = &self.layers[0];
        let (input, channels, dilation) = (first.input, first.weight.n, first.dilation);
        let texts: Vec<&str> = words.iter().map(|&(s, e)| &sentence[s..e]).collect();
        let flags = tagger::word_flags(&texts);
        let n = words.len();
        let mut taps = vec![0.0f32; n * TAPS * channels];
        CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            if cache.len() >= CACHE_WORDS {
                cache.clear();
            }
            for (row, word) in taps.chunks_exact_mut(TAPS * channels).zip(&texts) {
                let key = BuildHasherDefault::<FxHasher>::default().hash_one(word);
                row.copy_from_slice(cache.entry(key).or_insert_with(|| self.word_taps(word)));
            }
        });
        let flag_row = self.dim + self.suffix_dim;
        let mut out: Vec<f32> = (0..n).flat_map(|_| first.bias.iter().copied()).collect();
        for (w, sums) in out.chunks_exact_mut(channels).enumerate() {
            for tap in 0..TAPS {
                let Some(j) = (w + tap * dilation).checked_sub(dilation).filter(|&j| j < n) else {
                    continue;
                };
                let word = &taps[(j * TAPS + tap) * channels..][..channels];
                for (s, &x) in sums.iter_mut().zip(word) {
                    *s += x;
                }
                for f in (0..WORD_FLAGS).filter(|f| flags[j] & (1 << f) != 0) {
                    let row = (tap * input + flag_row + f) * channels;
                    for (s, &x) in sums.iter_mut().zip(&first.weight.values[row..][..channels]) {
                        *s += x;
                    }
                }
            }
        }
        out
    }

    /// Each word's label log-probabilities, in the order of [`LABELS`].
    fn scores(&self, sentence: &str, words: &[(usize, usize)]) -> Vec<[f32; N]> {
        let n = words.len();
        let mut state = Vec::new();
        let mut columns = Vec::new();
        for (i, layer) in self.layers.iter().enumerate() {
            let mut next = if i == 0 {
                self.first_layer(sentence, words)
            } else {
                let k = TAPS * layer.input;
                // Each word's row: the rows of the words a tap away, zero
                // beyond the sentence.
                columns.clear();
                columns.resize(n * k, 0.0);
                for (w, row) in columns.chunks_exact_mut(k).enumerate() {
                    for tap in 0..TAPS {
                        let Some(j) = (w + tap * layer.dilation)
                            .checked_sub(layer.dilation)
                            .filter(|&j| j < n)
                        else {
                            continue;
                        };
                        row[tap * layer.input..][..layer.input]
                            .copy_from_slice(&state[j * layer.input..][..layer.input]);
                    }
                }
                let mut next: Vec<f32> = (0..n).flat_map(|_| layer.bias.iter().copied()).collect();
                product(&columns, &layer.weight, &mut next);
                next
            };
            for v in &mut next {
                *v = v.max(0.0);
            }
            if i > 0 {
                for (v, s) in next.iter_mut().zip(&state) {
                    *v += s;
                }
            }
            if i == GLOBAL_AFTER
                && let Some((weight, bias)) = &self.global
            {
                // Each unit's largest value over the words (all are at
                // least 0), through a rectified layer, added to each word.
                let mut summary = vec![0.0f32; layer.weight.n];
                for row in next.chunks_exact(layer.weight.n) {
                    for (m, &v) in summary.iter_mut().zip(row) {
                        *m = m.max(v);
                    }
                }
                let mut g = bias.clone();
                product(&summary, weight, &mut g);
                for row in next.chunks_exact_mut(layer.weight.n) {
                    for (v, &x) in row.iter_mut().zip(&g) {
                        *v += x.max(0.0);
                    }
                }
            }
            state = next;
        }
        let mut logits: Vec<f32> = (0..n).flat_map(|_| self.output_bias.iter().copied()).collect();
        product(&state, &self.output, &mut logits);
        logits
            .chunks_exact(self.output.n)
            .map(|row| {
                let row = &row[..N];
                let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                let norm = max + row.iter().map(|x| (x - max).exp()).sum::<f32>().ln();
                std::array::from_fn(|l| row[l] - norm)
            })
            .collect()
    }
}

/// `c += a · b`: `a` is m × k row-major, `c` m × `b.n` row-major. Row by
/// row, over the row's non-zero values only (most are zero: a word beyond
/// the sentence, a unit the rectifier turned off), as sums of rows of `b`
/// [`WIDE`] columns at a time, held in registers until they are added to
/// `c`; the compiler turns the inner loops into vector instructions.
fn product(a: &[f32], b: &Packed, c: &mut [f32]) {
    // Compiled for each instruction set (SSE2, AVX2, AVX-512) and run with
    // the widest the processor has; the sums are the same in each, as
    // every column is summed alone, in the same order, without fused
    // multiply-adds.
    ARCH.dispatch(Product { a, b, c });
}

/// The arguments of [`product`], for [`pulp::Arch::dispatch`].
struct Product<'a> {
    a: &'a [f32],
    b: &'a Packed,
    c: &'a mut [f32],
}

impl pulp::WithSimd for Product<'_> {
    type Output = ();

    // Inlined into pulp's function for each instruction set, or it is
    // compiled for none.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _: S) {
        let Product { a, b, c } = self;
        let mut nonzero: Vec<(usize, f32)> = Vec::with_capacity(b.k);
        for (a_row, c_row) in a.chunks_exact(b.k).zip(c.chunks_exact_mut(b.n)) {
            nonzero.clear();
            for (i, &x) in a_row.iter().enumerate() {
                if x != 0.0 {
                    nonzero.push((i, x));
                }
            }
            let mut start = 0;
            while start + WIDE <= b.n {
                sums::<WIDE>(&nonzero, b, start, c_row);
                start += WIDE;
            }
            while start < b.n {
                sums::<LANES>(&nonzero, b, start, c_row);
                start += LANES;
            }
        }
    }
}

/// The processor's instruction sets, found once.
static ARCH: LazyLock<pulp::Arch> = LazyLock::new(pulp::Arch::new);

/// Adds to `c_row[start..start + W]` the sums of `x` times row `i` of `b`
/// over these columns, for each `(i, x)` of `nonzero`.
#[allow(clippy::inline_always)] // see `with_simd`
#[inline(always)]
fn sums<const W: usize>(nonzero: &[(usize, f32)], b: &Packed, start: usize, c_row: &mut [f32]) {
    let mut sums = [0.0f32; W];
    for &(i, x) in nonzero {
        if let Some(row) = b.values[i * b.n + start..].first_chunk::<W>() {
            for (s, &y) in sums.iter_mut().zip(row) {
                *s += x * y;
            }
        }
    }
    for (c, s) in c_row[start..start + W].iter_mut().zip(&sums) {
        *c += s;
    }
}

/// The cues and sources of `sentence`.
pub fn tag(sentence: &str) -> Tagged {
    let words = tagger::words(sentence);
    if words.is_empty() {
        return Tagged::default();
    }
    let read = &words[..words.len().min(MAX_WORDS)];
    let mut labels = tagger::best_labels(MODEL.scores(sentence, read));
    labels.resize(words.len(), LABELS[0]);
    tagger::decode(&words, &labels)
}

/// What reports record of the built-in network.
pub fn name() -> &'static str {
    &NAME
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_loads_and_tags_a_plain_attribution() {
        let s = "The senator said the bill would pass.";
        let t = tag(s);
        let texts = |spans: &[(usize, usize)]| -> Vec<String> {
            spans.iter().map(|&(a, b)| s[a..b].to_string()).collect()
        };
        assert_eq!(texts(&t.cues), ["said"]);
        assert_eq!(texts(&t.sources), ["The senator"]);
    }

    #[test]
    fn pieces_are_cut_longest_first() {
        let mut out = Vec::new();
        pieces("Unbelievably", &mut out);
        let rows: Vec<&str> = PIECES.lines().collect();
        let cut: Vec<&str> = out.iter().map(|&i| rows[i as usize]).collect();
        assert!(cut.len() > 1 && !cut[0].starts_with("##"), "{cut:?}");
        assert!(cut[1..].iter().all(|p| p.starts_with("##")), "{cut:?}");
        assert_eq!(cut.concat().replace("##", ""), "unbelievably");
        out.clear();
        pieces("Café", &mut out);
        assert_eq!(rows[out[0] as usize], "cafe");
        out.clear();
        pieces("don't", &mut out);
        assert_eq!(out.iter().map(|&i| rows[i as usize]).collect::<Vec<_>>(), ["don", "'", "t"]);
    }

    #[test]
    fn the_product_is_the_plain_one() {
        let (rows, inner, columns) = (7, 5, 6);
        let value = |i: usize| (i * 37 % 11) as f32 - 4.0;
        let left: Vec<f32> =
            (0..rows * inner).map(|i| if i % 3 == 0 { 0.0 } else { value(i) }).collect();
        let right: Vec<f32> = (0..inner * columns).map(|i| value(i + 5)).collect();
        let packed = Packed::new(&right, inner, columns);
        let mut out = vec![1.0f32; rows * packed.n];
        product(&left, &packed, &mut out);
        for i in 0..rows {
            for j in 0..packed.n {
                let plain: f32 = 1.0
                    + (0..inner)
                        .filter(|_| j < columns)
                        .map(|p| left[i * inner + p] * right[p * columns + j])
                        .sum::<f32>();
                // Small whole numbers: the sums are exact.
                assert!((out[i * packed.n + j] - plain).abs() < 1e-6, "({i}, {j})");
            }
        }
    }

    #[test]
    fn no_sentence_breaks_it() {
        for s in ["", ".", "\"", "a", &"word ".repeat(400), "\u{0}\u{301}é…“”"] {
            let t = tag(s);
            assert!(t.cues.iter().chain(&t.sources).all(|&(a, b)| a < b && b <= s.len()));
        }
    }
}
