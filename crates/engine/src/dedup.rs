//! `dedup`: near-duplicate clusters of a corpus too large to hold in memory.
//!
//! Input: the inputs as named on the command line. Output: one
//! [`DedupRow`] per document (keep or drop, and what it duplicates), the
//! duplicate clusters as `analyze` reports them, and, when asked, every
//! verified pair.
//!
//! Two passes over the inputs, so memory holds signatures, not texts:
//!
//! 1. Documents are read in batches, and each is tokenised, shingled, signed
//!    and dropped. Kept are its id, a 128-bit hash of its tokens (identical
//!    texts are grouped on it at once) and, for the first of each text, its
//!    LSH band keys. Band keys shared by two texts make a candidate pair.
//! 2. Only the documents that can end up in a cluster are read again: their
//!    exact shingle sets verify every candidate pair, and their published
//!    date, outlet and credits choose each cluster's origin as `analyze`
//!    does.
//!
//! Standard input is spooled to a temporary file so that it can be read
//! twice. Boilerplate lines (by their look; recurring lines need the whole
//! corpus) and repeated copies of a passage are left out of the shingles, as
//! in `analyze`, unless `raw` is set.

use rustc_hash::FxHashMap as HashMap;
use std::sync::mpsc;

use rayon::prelude::*;

use crate::Rayon;
use crate::pipeline::{Progress, Stage};
use provtrace_attribution::gazetteer::Gazetteer;
use provtrace_attribution::page;
use provtrace_common::config::Config;
use provtrace_common::error::{Error, Result};
use provtrace_ingest::ingest::{self, Document, Input, Item, PassedOver, Skipped};
use provtrace_similarity::boilerplate;
use provtrace_similarity::duplicates::{self, DuplicateCluster, Facts, round4};
pub use provtrace_similarity::duplicates::{DedupRow, DuplicatePair};
use provtrace_similarity::minhash::{self, MinHasher};
use provtrace_similarity::shingle;
use provtrace_text::normalize;

/// Documents handed to the workers at a time.
const BATCH_DOCUMENTS: usize = 2048;
/// ... or fewer, when their texts reach this many bytes.
const BATCH_BYTES: usize = 16 << 20;

/// How `dedup` runs.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Shingle the whole text as given: no boilerplate or repeated passages
    /// left out (the job other deduplicators do).
    pub raw: bool,
    /// List every pair of documents at or above the threshold.
    pub pairs: bool,
    /// Worker threads; all cores when absent.
    pub threads: Option<usize>,
}

/// What `dedup` found.
#[derive(Debug, Default)]
pub struct Dedup {
    pub rows: Vec<DedupRow>,
    pub clusters: Vec<DuplicateCluster>,
    /// Every verified pair, when [`Options::pairs`] is set; sorted by the
    /// documents' reading order.
    pub pairs: Vec<DuplicatePair>,
    pub skipped: Vec<Skipped>,
    /// What the directory walks passed over by design.
    pub passed_over: PassedOver,
}

/// What pass 2 finds of a document ([`facts`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Read {
    /// The page's published date, outlet and the outlets it credits: what
    /// choosing a cluster's origin needs.
    pub date: Option<String>,
    pub outlet: Option<String>,
    pub credits: Vec<String>,
    /// Where it was published, and the original it declares it republishes.
    pub url: Option<String>,
    pub original: Option<String>,
    /// The shingle set, for documents in a candidate pair.
    pub shingles: Option<Vec<u64>>,
    /// The content hash, with the shingle set, to check that the document
    /// did not change between the passes.
    pub exact: Option<u128>,
}

/// Finds the near-duplicate clusters of `inputs`; see the module docs.
pub fn dedup(
    inputs: &[Input],
    config: &Config,
    options: &Options,
    progress: &dyn Progress,
) -> Result<Dedup> {
    let threads = options.threads.unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Threads { threads, message: e.to_string() })?;
    let (inputs, _spool) = ingest::spool_stdin(inputs)
        .map_err(|e| Error::Stream(format!("cannot spool standard input: {e}")))?;
    let nd = &config.near_duplicate;
    let banding = banding(config);

    // The page patterns compile while pass 1 runs; pass 2 needs them.
    let outlets = config.outlets.clone();
    let gazetteer = std::thread::spawn(move || {
        let gazetteer = Gazetteer::new(&outlets);
        let sample = "WASHINGTON (AP) \u{2014} The mayor said so, Reuters reported.\nSource: AP";
        let _ = page::parse(
            sample,
            &ingest::Metadata::default(),
            &boilerplate::lines(sample),
            &gazetteer,
        );
        gazetteer
    });

    let stage = Stage::begin(progress, "reading and signing", "documents", 0);
    let mut signed = pool.install(|| sign_all(&inputs, config, options, banding, &stage))?;
    stage.end();
    let n = signed.ids.len();

    let stage = Stage::begin(progress, "candidate pairs", "", 1);
    // The band keys are not needed once the candidates are known.
    let (keys, texts) = (std::mem::take(&mut signed.keys), std::mem::take(&mut signed.texts));
    let candidates = pool.install(|| minhash::candidates(&keys, banding.0, &texts, &Rayon));
    drop((keys, texts));
    stage.end();

    // Who pass 2 reads: texts in a candidate pair (shingles and facts) and
    // every copy of a text with copies (facts).
    let mut in_candidates = vec![false; n];
    for &(a, b) in &candidates {
        in_candidates[a as usize] = true;
        in_candidates[b as usize] = true;
    }
    let copy_of = &signed.copy_of;
    let mut copies = vec![0u32; n];
    for &first in copy_of {
        copies[first as usize] += 1;
    }
    let needed: Vec<bool> = (0..n)
        .map(|d| {
            let first = copy_of[d] as usize;
            copies[first] > 1 || in_candidates[first]
        })
        .collect();

    let gazetteer = gazetteer
        .join()
        .map_err(|_| Error::Stream("building the outlet gazetteer failed".to_string()))?;
    let reread = Reread { signed: &signed, needed: &needed, in_candidates: &in_candidates };
    let read = pool.install(|| reread.run(&inputs, &gazetteer, config, options, progress))?;

    let set = |d: usize| read.get(&d).and_then(|r| r.shingles.as_deref()).unwrap_or_default();
    let edges: Vec<(u32, u32, f64)> = pool.install(|| {
        candidates
            .par_iter()
            .filter_map(|&(a, b)| {
                let j = shingle::jaccard(set(a as usize), set(b as usize));
                (j >= nd.threshold).then_some((a, b, j))
            })
            .collect()
    });

    let unions = copy_of.iter().enumerate().map(|(d, &first)| (d, first as usize));
    let members = duplicates::components(
        n,
        unions.chain(edges.iter().map(|&(a, b, _)| (a as usize, b as usize))),
    );
    let jaccard = |a: usize, b: usize| -> f64 {
        let (a, b) = (copy_of[a] as usize, copy_of[b] as usize);
        if a == b { 1.0 } else { shingle::jaccard(set(a), set(b)) }
    };
    let (rows, clusters) = resolve(&members, &signed.ids, &read, jaccard);
    let pairs = if options.pairs {
        pool.install(|| pairs(&members, copy_of, &edges, &signed.ids, nd.threshold, &jaccard))
    } else {
        Vec::new()
    };
    let Signed { skipped, passed_over, .. } = signed;
    Ok(Dedup { rows, clusters, pairs, skipped, passed_over })
}

/// What pass 1 keeps of the corpus: for each document in reading order, its
/// id, unit and content hash, and the first document with its text; the
/// band keys of each distinct text.
struct Signed {
    ids: Vec<String>,
    units: Vec<usize>,
    exact_of: Vec<Option<u128>>,
    copy_of: Vec<u32>,
    /// The distinct texts (their first documents) with band keys, and the
    /// keys, `bands` a text.
    texts: Vec<u32>,
    keys: Vec<u64>,
    skipped: Vec<Skipped>,
    passed_over: PassedOver,
}

/// What pass 1 keeps of one document.
struct SignedUnit {
    unit: usize,
    id: String,
    /// Hash of the content tokens; `None` when there are none.
    exact: Option<u128>,
    keys: Vec<u64>,
}

/// Pass 1: every document signed ([`sign`]) and dropped; identical texts
/// grouped on their content hash at once.
fn sign_all(
    inputs: &[Input],
    config: &Config,
    options: &Options,
    banding: (usize, usize),
    stage: &Stage,
) -> Result<Signed> {
    let hasher = MinHasher::new(config.near_duplicate.permutations);
    let mut signed = Signed {
        ids: Vec::new(),
        units: Vec::new(),
        exact_of: Vec::new(),
        copy_of: Vec::new(),
        texts: Vec::new(),
        keys: Vec::new(),
        skipped: Vec::new(),
        passed_over: PassedOver::default(),
    };
    let mut first_with: HashMap<u128, u32> = HashMap::default();
    let mut unique = ingest::Ids::default();
    signed.passed_over = batches(inputs, config, None, |batch| {
        let found: Vec<Result<SignedUnit, Skipped>> = batch
            .into_par_iter()
            .map(|(unit, item)| {
                let doc = item.decode()?;
                let (exact, keys) = sign(&doc.text, config, options.raw, &hasher, banding);
                Ok(SignedUnit { unit: unit.unwrap_or(usize::MAX), id: doc.id, exact, keys })
            })
            .collect();
        stage.advance(found.len() as u64);
        for SignedUnit { unit, id, exact, keys } in found.into_iter().filter_map(|s| match s {
            Ok(s) => Some(s),
            Err(s) => {
                signed.skipped.push(s);
                None
            }
        }) {
            let doc = u32::try_from(signed.ids.len()).unwrap_or(u32::MAX);
            let first = match exact {
                Some(exact) => *first_with.entry(exact).or_insert(doc),
                None => doc,
            };
            if first == doc && !keys.is_empty() {
                signed.texts.push(doc);
                signed.keys.extend(&keys);
            }
            signed.copy_of.push(first);
            signed.exact_of.push(exact);
            signed.ids.push(unique.unique(id));
            signed.units.push(unit);
        }
    })?;
    Ok(signed)
}

/// Pass 2: what to read again, and what pass 1 saw of it.
struct Reread<'a> {
    signed: &'a Signed,
    /// The documents that can be in a cluster.
    needed: &'a [bool],
    /// The documents in a candidate pair, whose shingle sets are needed.
    in_candidates: &'a [bool],
}

impl Reread<'_> {
    /// The facts ([`facts`]) of every needed document, by document; an
    /// error when one changed since pass 1.
    fn run(
        &self,
        inputs: &[Input],
        gazetteer: &Gazetteer,
        config: &Config,
        options: &Options,
        progress: &dyn Progress,
    ) -> Result<HashMap<usize, Read>> {
        let Signed { ids, units, exact_of, .. } = self.signed;
        let n = ids.len();
        // Documents come in reading order, so `units` rises and so does this.
        let needed_units: Vec<usize> =
            (0..n).filter(|&d| self.needed[d]).map(|d| units[d]).collect();
        let stage = Stage::begin(progress, "verifying", "documents", needed_units.len() as u64);
        let mut read: HashMap<usize, Read> = HashMap::default();
        let wanted = |unit: usize| needed_units.binary_search(&unit).is_ok();
        // Passes over what pass 1 passed over; counted once.
        let _ = batches(inputs, config, Some(&wanted), |batch| {
            let found: Vec<(usize, Read)> = batch
                .into_par_iter()
                .filter_map(|(unit, item)| Some((unit?, item.decode().ok()?)))
                .map(|(unit, doc)| {
                    let d = units.binary_search(&unit).unwrap_or(usize::MAX);
                    let with_shingles = self.in_candidates.get(d) == Some(&true);
                    (d, facts(&doc, gazetteer, with_shingles, config, options))
                })
                .collect();
            stage.advance(found.len() as u64);
            read.extend(found);
        })?;
        for d in (0..n).filter(|&d| self.needed[d]) {
            let same = read.get(&d).is_some_and(|r| r.exact == exact_of[d] || r.shingles.is_none());
            if !same {
                return Err(Error::Stream(format!(
                    "`{}` changed while dedup was reading it; run it again",
                    ids[d]
                )));
            }
        }
        Ok(read)
    }
}

/// The keep/drop list and the clusters: each component resolved
/// ([`duplicates::resolve_component`]) from the facts pass 2 read.
fn resolve(
    members: &[Vec<usize>],
    ids: &[String],
    read: &HashMap<usize, Read>,
    jaccard: impl Fn(usize, usize) -> f64 + Copy,
) -> (Vec<DedupRow>, Vec<DuplicateCluster>) {
    let mut rows: Vec<DedupRow> = ids
        .iter()
        .map(|id| DedupRow {
            id: id.clone(),
            cluster: None,
            keep: true,
            duplicate_of: None,
            jaccard: None,
        })
        .collect();
    let mut clusters = Vec::with_capacity(members.len());
    for (k, members) in members.iter().enumerate() {
        let facts: Vec<Facts> = members
            .iter()
            .map(|&m| {
                let r = &read[&m];
                Facts {
                    id: &ids[m],
                    date: r.date.as_deref(),
                    outlet: r.outlet.as_deref(),
                    credits: r.credits.iter().map(String::as_str).collect(),
                    url: r.url.as_deref(),
                    original: r.original.as_deref(),
                }
            })
            .collect();
        let (cluster, resolved) = duplicates::resolve_component(k, members, &facts, jaccard);
        for (&m, row) in members.iter().zip(resolved) {
            rows[m] = row;
        }
        clusters.push(cluster);
    }
    (rows, clusters)
}

/// Every pair of each cluster at or above the threshold
/// ([`duplicates::component_pairs`]), in reading order.
fn pairs(
    members: &[Vec<usize>],
    copy_of: &[u32],
    edges: &[(u32, u32, f64)],
    ids: &[String],
    threshold: f64,
    jaccard: &(dyn Fn(usize, usize) -> f64 + Sync),
) -> Vec<DuplicatePair> {
    let verified: HashMap<(usize, usize), f64> =
        edges.iter().map(|&(a, b, j)| ((a as usize, b as usize), j)).collect();
    let mut found: Vec<(usize, usize, f64)> = members
        .par_iter()
        .flat_map_iter(|members| {
            duplicates::component_pairs(members, copy_of, &verified, threshold, jaccard)
        })
        .collect();
    found.sort_unstable_by_key(|&(a, b, _)| (a, b));
    found
        .into_iter()
        .map(|(a, b, j)| DuplicatePair { a: ids[a].clone(), b: ids[b].clone(), jaccard: round4(j) })
        .collect()
}

/// The LSH banding, (bands, rows per band): as configured, else derived
/// from the threshold ([`minhash::bands_for`]).
pub fn banding(config: &Config) -> (usize, usize) {
    let nd = &config.near_duplicate;
    match (nd.bands, nd.rows) {
        (Some(b), Some(r)) => (b, r),
        _ => minhash::bands_for(nd.threshold, nd.permutations),
    }
}

/// A document's content tokens (all of them when `raw`, else without
/// boilerplate and repeated copies), as hashes.
pub fn content_tokens(text: &str, config: &Config, raw: bool) -> Vec<u64> {
    if raw {
        let mut hashes = Vec::with_capacity(text.len() / 5);
        normalize::token_hashes_into(text, &mut hashes);
        hashes
    } else {
        let lines = boilerplate::lines(text);
        let tokens = normalize::tokens(text);
        let kept = crate::document::kept(text, &tokens, &lines, &[], config);
        kept.tokens.iter().map(|t| t.hash).collect()
    }
}

/// Pass 1 of a document: its content hash and band keys (none when it has
/// no tokens). `bands` is (bands, rows per band).
pub fn sign(
    text: &str,
    config: &Config,
    raw: bool,
    hasher: &MinHasher,
    bands: (usize, usize),
) -> (Option<u128>, Vec<u64>) {
    let tokens = content_tokens(text, config, raw);
    let Some(exact) = shingle::content_hash(&tokens) else {
        return (None, Vec::new());
    };
    let signature = hasher.signature_of(shingle::hashes(&tokens, config.shingle.k));
    (Some(exact), minhash::band_keys(&signature, bands.0, bands.1).collect())
}

/// Pass 2 of a document: its page facts, and its shingle set and content
/// hash when `with_shingles` (it is in a candidate pair).
pub fn facts(
    doc: &Document,
    gazetteer: &Gazetteer,
    with_shingles: bool,
    config: &Config,
    options: &Options,
) -> Read {
    let lines = boilerplate::lines(&doc.text);
    let page = page::parse(&doc.text, &doc.metadata, &lines, gazetteer);
    let Facts { date, outlet, credits, url, original, .. } =
        crate::document::facts_of(&doc.id, &page, &doc.metadata);
    let mut read = Read {
        date: date.map(str::to_string),
        outlet: outlet.map(str::to_string),
        credits: credits.into_iter().map(str::to_string).collect(),
        url: url.map(str::to_string),
        original: original.map(str::to_string),
        shingles: None,
        exact: None,
    };
    if with_shingles {
        let tokens = content_tokens(&doc.text, config, options.raw);
        read.exact = shingle::content_hash(&tokens);
        read.shingles = Some(shingle::set(&shingle::sequence(&tokens, config.shingle.k)));
    }
    read
}

/// Streams the inputs' items (JSON Lines not yet parsed) to `work` in
/// batches, reading on one thread while the pool parses and works on the
/// batch before.
fn batches(
    inputs: &[Input],
    config: &Config,
    wanted: Option<&(dyn Fn(usize) -> bool + Sync)>,
    mut work: impl FnMut(Vec<(Option<usize>, Item)>),
) -> Result<PassedOver> {
    let (send, receive) = mpsc::sync_channel::<Vec<(Option<usize>, Item)>>(2);
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH_DOCUMENTS);
            let mut bytes = 0;
            let wanted = wanted.map(|w| w as &dyn Fn(usize) -> bool);
            let passed_over = ingest::items(inputs, &config.ingest, wanted, &mut |unit, item| {
                bytes += item.size();
                batch.push((unit, item));
                if batch.len() >= BATCH_DOCUMENTS || bytes >= BATCH_BYTES {
                    bytes = 0;
                    // The receiver only stops early on a panic.
                    let _ = send.send(std::mem::take(&mut batch));
                }
            });
            if !batch.is_empty() {
                let _ = send.send(batch);
            }
            passed_over
        });
        for batch in receive {
            work(batch);
        }
        reader.join().map_err(|_| Error::Stream("the reading thread failed".to_string()))
    })
}
