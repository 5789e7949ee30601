//! The contextual attribution tagger: a small BERT encoder (`MiniLM`, six
//! layers of 384 units) fine-tuned to mark cues and sources, as an
//! alternative to the CRF of [`provtrace_attribution::tagger`] that reads each word in the
//! light of the whole sentence.
//!
//! Input: one sentence, cut into the same [`tagger::words`] as the CRF's.
//! Output: the same [`Tagged`] spans. Each word is split into word pieces by
//! the model's own `tokenizer.json`; a word's label scores are those of its
//! first piece, the labels of the sentence are the best sequence in which an
//! inside label follows the begin or inside label of its kind (Viterbi over
//! log-probabilities), and they are read into spans by [`tagger::decode`].
//!
//! The model is a directory given at run time (`--attribution-model`):
//! `config.json` (sizes and label names, as Hugging Face writes them),
//! `tokenizer.json` and `model.safetensors` (weights in 32- or 16-bit
//! floats, named as in Hugging Face's `BertModel`, plus `classifier.weight`
//! and `classifier.bias`). `benches/train_contextual.sh` makes one from
//! the public all-MiniLM-L6-v2 and the PolNeAR train compartment.
//!
//! It costs milliseconds a sentence where the CRF costs microseconds, so it
//! is for reports on a story's few hundred pages, not for crawls. Each
//! sentence is encoded alone, so its labels do not depend on what else is
//! in the corpus or on the thread count.

use std::collections::HashMap;
use std::path::Path;

use candle_core::{DType, Device, Module, Tensor};
use candle_nn::{Embedding, LayerNorm, Linear, VarBuilder};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use tokenizers::Tokenizer;

use provtrace_attribution::tagger::{self, N, Tagged};
use provtrace_common::error::{Error, Result};

/// Word pieces read of one sentence; the words after them are left
/// untagged (a sentence that long is a run-on list or a table).
const MAX_PIECES: usize = 256;

/// The score of a word without a word piece: "neither", surely.
const NEITHER: [f32; N] = {
    let mut s = [f32::NEG_INFINITY; N];
    s[0] = 0.0;
    s
};

/// What `config.json` holds that the encoder needs.
#[derive(Debug, Deserialize)]
struct ModelConfig {
    hidden_size: usize,
    intermediate_size: usize,
    num_attention_heads: usize,
    num_hidden_layers: usize,
    vocab_size: usize,
    max_position_embeddings: usize,
    #[serde(default = "default_eps")]
    layer_norm_eps: f64,
    /// Label name by column of `classifier.weight` ("0": "O", …).
    id2label: HashMap<String, String>,
}

fn default_eps() -> f64 {
    1e-12
}

struct Layer {
    query: Linear,
    key: Linear,
    value: Linear,
    attention_out: Linear,
    attention_norm: LayerNorm,
    up: Linear,
    down: Linear,
    norm: LayerNorm,
}

/// A loaded contextual tagger.
pub struct Contextual {
    words: Embedding,
    positions: Embedding,
    token_type: Tensor,
    norm: LayerNorm,
    layers: Vec<Layer>,
    classifier: Linear,
    heads: usize,
    /// The place in [`tagger::LABELS`] of each classifier column's label.
    columns: Vec<usize>,
    tokenizer: Tokenizer,
    max_pieces: usize,
    name: String,
}

impl std::fmt::Debug for Contextual {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Contextual").field("name", &self.name).finish_non_exhaustive()
    }
}

fn model_error(dir: &Path, message: impl std::fmt::Display) -> Error {
    Error::Model { path: dir.to_path_buf(), message: message.to_string() }
}

impl Contextual {
    /// Loads the model in `dir` and checks that it tags a sentence.
    pub fn load(dir: &Path) -> Result<Contextual> {
        let read = |name: &str| {
            std::fs::read(dir.join(name)).map_err(|e| model_error(dir, format!("{name}: {e}")))
        };
        let config: ModelConfig = serde_json::from_slice(&read("config.json")?)
            .map_err(|e| model_error(dir, format!("config.json: {e}")))?;
        let weights = read("model.safetensors")?;
        let name = format!(
            "{} sha256:{}",
            dir.file_name()
                .map_or_else(|| dir.display().to_string(), |n| n.to_string_lossy().into()),
            &format!("{:x}", Sha256::digest(&weights))[..16]
        );
        let tensors = candle_core::safetensors::load_buffer(&weights, &Device::Cpu)
            .map_err(|e| model_error(dir, format!("model.safetensors: {e}")))?;
        let mut tokenizer = Tokenizer::from_bytes(read("tokenizer.json")?)
            .map_err(|e| model_error(dir, format!("tokenizer.json: {e}")))?;
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(None)
            .map_err(|e| model_error(dir, format!("tokenizer.json: {e}")))?;
        let model = Contextual::build(&config, tensors, tokenizer, name)
            .map_err(|e| model_error(dir, format!("model.safetensors: {e}")))?;
        model
            .scores("The senator said on Monday that the bill would pass.")
            .map_err(|e| model_error(dir, format!("cannot tag a sentence: {e}")))?;
        Ok(model)
    }

    fn build(
        config: &ModelConfig,
        tensors: HashMap<String, Tensor>,
        tokenizer: Tokenizer,
        name: String,
    ) -> anyhow::Result<Contextual> {
        let tensors = tensors
            .into_iter()
            .map(|(k, v)| Ok((k, v.to_dtype(DType::F32)?)))
            .collect::<candle_core::Result<HashMap<_, _>>>()?;
        let vb = VarBuilder::from_tensors(tensors, DType::F32, &Device::Cpu);
        let (hidden, inner, eps) =
            (config.hidden_size, config.intermediate_size, config.layer_norm_eps);
        anyhow::ensure!(
            config.num_attention_heads > 0 && hidden % config.num_attention_heads == 0,
            "hidden_size {hidden} is not a multiple of num_attention_heads {}",
            config.num_attention_heads
        );
        let linear =
            |vb: &VarBuilder, name: &str, i: usize, o: usize| candle_nn::linear(i, o, vb.pp(name));
        let norm = |vb: &VarBuilder, name: &str| candle_nn::layer_norm(hidden, eps, vb.pp(name));
        let layers = (0..config.num_hidden_layers)
            .map(|i| {
                let l = vb.pp(format!("encoder.layer.{i}"));
                Ok(Layer {
                    query: linear(&l, "attention.self.query", hidden, hidden)?,
                    key: linear(&l, "attention.self.key", hidden, hidden)?,
                    value: linear(&l, "attention.self.value", hidden, hidden)?,
                    attention_out: linear(&l, "attention.output.dense", hidden, hidden)?,
                    attention_norm: norm(&l, "attention.output.LayerNorm")?,
                    up: linear(&l, "intermediate.dense", hidden, inner)?,
                    down: linear(&l, "output.dense", inner, hidden)?,
                    norm: norm(&l, "output.LayerNorm")?,
                })
            })
            .collect::<candle_core::Result<Vec<_>>>()?;
        let mut columns = Vec::with_capacity(config.id2label.len());
        for column in 0..config.id2label.len() {
            let name = config
                .id2label
                .get(&column.to_string())
                .ok_or_else(|| anyhow::anyhow!("id2label has no label {column}"))?;
            let place = tagger::LABELS
                .iter()
                .position(|l| l == name)
                .ok_or_else(|| anyhow::anyhow!("unknown label `{name}` in id2label"))?;
            columns.push(place);
        }
        let e = vb.pp("embeddings");
        Ok(Contextual {
            words: candle_nn::embedding(config.vocab_size, hidden, e.pp("word_embeddings"))?,
            positions: candle_nn::embedding(
                config.max_position_embeddings,
                hidden,
                e.pp("position_embeddings"),
            )?,
            token_type: e.get((2, hidden), "token_type_embeddings.weight")?.get(0)?,
            norm: norm(&e, "LayerNorm")?,
            layers,
            classifier: linear(&vb, "classifier", hidden, columns.len())?,
            heads: config.num_attention_heads,
            columns,
            tokenizer,
            max_pieces: MAX_PIECES.min(config.max_position_embeddings),
            name,
        })
    }

    /// The model's directory name and the start of its weights' SHA-256,
    /// which the report records.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The cues and sources of `sentence`.
    pub fn tag(&self, sentence: &str) -> Tagged {
        // `load` has tagged a sentence, so an error here would be a fault
        // of this code, not of the input; the CRF stands in for it.
        self.scores(sentence).unwrap_or_else(|_| tagger::tag(sentence))
    }

    fn scores(&self, sentence: &str) -> anyhow::Result<Tagged> {
        let words = tagger::words(sentence);
        if words.is_empty() {
            return Ok(Tagged::default());
        }
        let texts: Vec<&str> = words.iter().map(|&(s, e)| &sentence[s..e]).collect();
        let labels = tagger::best_labels(self.word_scores(&texts)?);
        Ok(tagger::decode(&words, &labels))
    }

    /// Each word's label log-probabilities, in the order of
    /// [`tagger::LABELS`] (a word beyond the pieces read is "neither"):
    /// what a smaller model learns to approach.
    pub fn word_scores(&self, texts: &[&str]) -> anyhow::Result<Vec<[f32; N]>> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let encoding = self.tokenizer.encode(texts.to_vec(), true).map_err(anyhow::Error::msg)?;
        let mut ids = encoding.get_ids().to_vec();
        let mut word_ids = encoding.get_word_ids().to_vec();
        if ids.len() > self.max_pieces {
            // Keep the closing special piece.
            let last = (ids[ids.len() - 1], word_ids[word_ids.len() - 1]);
            ids.truncate(self.max_pieces - 1);
            word_ids.truncate(self.max_pieces - 1);
            ids.push(last.0);
            word_ids.push(last.1);
        }
        let logits = self.forward(&ids)?.to_vec2::<f32>()?;
        // Each word's log-probabilities from its first piece, in the order
        // of `tagger::LABELS`; a word without a piece is "neither".
        let mut scores = vec![NEITHER; texts.len()];
        let mut previous = None;
        for (piece, word) in word_ids.iter().enumerate() {
            if let Some(w) = *word
                && *word != previous
                && let Some(row) = logits.get(piece)
            {
                let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                let norm = max + row.iter().map(|x| (x - max).exp()).sum::<f32>().ln();
                for (&column, &x) in self.columns.iter().zip(row) {
                    scores[w as usize][column] = x - norm;
                }
            }
            previous = *word;
        }
        Ok(scores)
    }

    /// Label scores of each piece of one sentence: (pieces, labels).
    fn forward(&self, ids: &[u32]) -> candle_core::Result<Tensor> {
        let pieces = ids.len();
        let device = Device::Cpu;
        let hidden = self.token_type.dim(0)?;
        let size = hidden / self.heads;
        let positions = Tensor::arange(0u32, pieces as u32, &device)?;
        let embedded = (self.words.forward(&Tensor::new(ids, &device)?)?
            + self.positions.forward(&positions)?)?
        .broadcast_add(&self.token_type)?;
        let mut state = self.norm.forward(&embedded)?;
        let scale = 1.0 / (size as f64).sqrt();
        let split =
            |t: Tensor| t.reshape((pieces, self.heads, size))?.transpose(0, 1)?.contiguous();
        for layer in &self.layers {
            let query = split(layer.query.forward(&state)?)?;
            let key = split(layer.key.forward(&state)?)?;
            let value = split(layer.value.forward(&state)?)?;
            let weights = candle_nn::ops::softmax_last_dim(&(query.matmul(&key.t()?)? * scale)?)?;
            let context = weights.matmul(&value)?.transpose(0, 1)?.reshape((pieces, hidden))?;
            let attended = (layer.attention_out.forward(&context)? + &state)?;
            state = layer.attention_norm.forward(&attended)?;
            let inner = layer.up.forward(&state)?.gelu_erf()?;
            state = layer.norm.forward(&(layer.down.forward(&inner)? + &state)?)?;
        }
        self.classifier.forward(&state)
    }
}

impl tagger::SentenceTagger for Contextual {
    fn tag(&self, sentence: &str) -> Tagged {
        Contextual::tag(self, sentence)
    }

    fn name(&self) -> &str {
        Contextual::name(self)
    }
}
