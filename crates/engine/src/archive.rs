//! Runs against an archive: adding documents to it in batches, and
//! analysing new documents against it without reading its sources again.
//!
//! Adding computes what analysis needs of each document (its lines'
//! statistics, band keys, fingerprints and terms, with boilerplate counted
//! over the archive and the batch) and commits each batch whole.
//!
//! Analysing new documents finds the archived documents they touch (the
//! same content, a shared band key, shared fingerprints below the frequency
//! cap, the rarest shared terms) and the archived near-copies of those, and
//! runs the whole analysis over the new and the touched, with the
//! corpus-wide statistics of the archive and the new together (`Wide`):
//! the document count that sets the boilerplate floor and the fingerprint
//! cap, the line keys that recur, each term's and fingerprint's document
//! frequency.

use std::collections::hash_map::Entry;

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use provtrace_archive::{self as archive, Added, Archive, Features, LineStats, Parameters, Record};
use provtrace_attribution::tagger::Tagger;
use provtrace_common::config::Config;
use provtrace_common::progress::{Progress, Stage};
use provtrace_ingest::ingest::{Corpus, Document};
use provtrace_report::Report;
use provtrace_similarity::boilerplate::{self, Line};
use provtrace_similarity::minhash::{self, MinHasher};
use provtrace_similarity::{shingle, terms};
use provtrace_text::normalize;

use crate::document::{Shingled, shingled};
use crate::pipeline::run;
use crate::wide::Wide;

/// Documents added in one transaction: the memory of an add is bounded by
/// a batch, whatever the archive's size.
pub const BATCH: usize = 2000;

/// The version of the text normalisation the features were made with;
/// raised when `normalize` changes what a token is.
const NORMALIZATION_VERSION: &str = "1";

/// The parameters an archive's features depend on, from `config`.
pub fn parameters(config: &Config) -> Parameters {
    let (bands, rows) = bands_rows(config);
    [
        ("normalization", NORMALIZATION_VERSION.to_string()),
        ("shingle.k", config.shingle.k.to_string()),
        ("near_duplicate.permutations", config.near_duplicate.permutations.to_string()),
        ("near_duplicate.bands", bands.to_string()),
        ("near_duplicate.rows", rows.to_string()),
        ("reuse.window", config.reuse.window.to_string()),
        ("reuse.max_document_frequency", posting_limit(config).to_string()),
        ("boilerplate.max_words", config.boilerplate.max_words.to_string()),
        ("selfdup.k", config.selfdup.k.to_string()),
        ("selfdup.min_words", config.selfdup.min_words.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// The most documents a looked-up term can be held by: the largest
/// frequency cap any corpus size gives (1,000), or the one configured.
fn posting_limit(config: &Config) -> u64 {
    match config.reuse.max_document_frequency {
        0 => 1000,
        n => n as u64,
    }
}

fn bands_rows(config: &Config) -> (usize, usize) {
    let nd = &config.near_duplicate;
    match (nd.bands, nd.rows) {
        (Some(b), Some(r)) => (b, r),
        _ => minhash::bands_for(nd.threshold, nd.permutations),
    }
}

/// What an add did, counted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddSummary {
    pub added: usize,
    pub unchanged: usize,
    pub replaced: usize,
    /// Ids already in the archive with another text, not added.
    pub conflicts: Vec<String>,
}

/// Adds `docs` to `archive` in batches of [`BATCH`], each committed whole;
/// `waiting` is called when another process is writing.
pub fn add(
    archive: &mut Archive,
    docs: &[Document],
    config: &Config,
    replace: bool,
    progress: &dyn Progress,
    waiting: &dyn Fn(),
) -> archive::Result<AddSummary> {
    let stage = Stage::begin(progress, "archiving", "documents", docs.len() as u64);
    let summary = add_batches(archive, docs, config, replace, &stage, waiting)?;
    stage.end();
    Ok(summary)
}

/// [`add`], telling `stage` of each batch.
fn add_batches(
    archive: &mut Archive,
    docs: &[Document],
    config: &Config,
    replace: bool,
    stage: &Stage<'_>,
    waiting: &dyn Fn(),
) -> archive::Result<AddSummary> {
    let hasher = MinHasher::new(config.near_duplicate.permutations);
    let mut summary = AddSummary::default();
    for batch in docs.chunks(BATCH) {
        let lines: Vec<Vec<Line>> = batch.par_iter().map(|d| boilerplate::lines(&d.text)).collect();
        let stats: Vec<Vec<(u64, LineStats)>> =
            lines.par_iter().map(|l| own_line_stats(l, config)).collect();
        let mut writer = archive.write(waiting)?;
        writer.limit_postings(posting_limit(config));
        let view = writer.view();
        let before = view.totals()?.documents;
        let known: Vec<bool> = batch
            .iter()
            .map(|d| view.find(&d.id).map(|f| f.is_some()))
            .collect::<Result<_, _>>()?;
        let growth = known.iter().filter(|&&k| !k).count();
        let fresh: Vec<Vec<(u64, LineStats)>> =
            stats.iter().zip(&known).filter(|&(_, &k)| !k).map(|(s, _)| s.clone()).collect();
        let fresh = merged(&fresh);
        let keys = fresh.keys().copied().collect();
        let recurring = recurring(&view, &fresh, keys, before + growth, config)?;
        let (mut features, shingles): (Vec<Features>, Vec<Vec<u64>>) = batch
            .par_iter()
            .zip(&lines)
            .zip(stats)
            .map(|((doc, lines), stats)| features(doc, lines, stats, &recurring, &hasher, config))
            .unzip();
        mark_near_copies(&writer.view(), &mut features, &shingles, before + growth, config)?;
        drop(shingles);
        for (doc, features) in batch.iter().zip(&features) {
            match writer.add(&record(doc), features, replace)? {
                Added::New => summary.added += 1,
                Added::Unchanged => summary.unchanged += 1,
                Added::Replaced => summary.replaced += 1,
                Added::Conflict => summary.conflicts.push(doc.id.clone()),
            }
        }
        writer.commit()?;
        stage.advance(batch.len() as u64);
    }
    Ok(summary)
}

/// A document's line statistics, alone, sorted by key.
fn own_line_stats(lines: &[Line], config: &Config) -> Vec<(u64, LineStats)> {
    let mut stats: Vec<(u64, LineStats)> =
        boilerplate::line_stats(&[lines], &config.boilerplate).into_iter().collect();
    stats.sort_unstable_by_key(|&(k, _)| k);
    stats
}

/// The line statistics of documents the archive does not hold, merged by
/// key.
fn merged(stats: &[Vec<(u64, LineStats)>]) -> HashMap<u64, LineStats> {
    let mut merged: HashMap<u64, LineStats> = HashMap::default();
    for (key, s) in stats.iter().flatten() {
        merged.entry(*key).or_default().merge(s);
    }
    merged
}

/// Those of `keys` that recur in a corpus of `documents`: the archive and
/// the documents `merged` describes. Sorted.
fn recurring(
    view: &archive::View<'_>,
    merged: &HashMap<u64, LineStats>,
    mut keys: Vec<u64>,
    documents: usize,
    config: &Config,
) -> archive::Result<Vec<u64>> {
    keys.sort_unstable();
    keys.dedup();
    let kept = view.line_stats(&keys)?;
    Ok(keys
        .into_iter()
        .filter(|k| {
            let mut s = kept.get(k).copied().unwrap_or_default();
            if let Some(n) = merged.get(k) {
                s.merge(n);
            }
            s.recurs(documents, &config.boilerplate)
        })
        .collect())
}

/// What the archive keeps of `doc` for analysis.
fn features(
    doc: &Document,
    lines: &[Line],
    stats: Vec<(u64, LineStats)>,
    recurring: &[u64],
    hasher: &MinHasher,
    config: &Config,
) -> (Features, Vec<u64>) {
    let all = normalize::tokens(&doc.text);
    let Shingled { shingles, exact, vocabulary, fingerprints, .. } =
        shingled(&doc.text, &all, lines, recurring, config);
    let (bands, rows) = bands_rows(config);
    let bands = if shingles.is_empty() {
        Vec::new()
    } else {
        minhash::band_keys(&hasher.signature(&shingles), bands, rows).collect()
    };
    let compared = !shingles.is_empty();
    let features = Features { exact, compared, bands, fingerprints, vocabulary, lines: stats };
    (features, shingles)
}

/// Marks as not counted (`compared` false) each of `features` that is a
/// near-copy of a counted archived document or of an earlier one of them
/// (`shingles` are theirs): term and fingerprint frequencies count one text
/// a duplicate cluster, as analysis counts the clusters' representatives.
fn mark_near_copies(
    view: &archive::View<'_>,
    features: &mut [Features],
    shingles: &[Vec<u64>],
    documents: usize,
    config: &Config,
) -> archive::Result<()> {
    let threshold = config.near_duplicate.threshold;
    let mut archived: HashMap<i64, Vec<u64>> = HashMap::default();
    let mut earlier: HashMap<u64, Vec<usize>> = HashMap::default();
    for i in 0..features.len() {
        if !features[i].compared {
            continue;
        }
        // Bands shared with each counted document: a near-copy shares many
        // (at the threshold, each band matches with probability J^rows),
        // a text that only resembles it one or two; only those sharing
        // enough are compared on their shingles.
        let mut shared: HashMap<Holder, usize> = HashMap::default();
        for &key in &features[i].bands {
            for seq in view.counted_band_holders(key)? {
                *shared.entry(Holder::Archived(seq)).or_default() += 1;
            }
            for &o in earlier.get(&key).map_or(&[][..], Vec::as_slice) {
                *shared.entry(Holder::New(o)).or_default() += 1;
            }
        }
        let mut likely: Vec<Holder> =
            shared.into_iter().filter(|&(_, n)| n >= NEAR_COPY_BANDS).map(|(h, _)| h).collect();
        likely.sort_unstable();
        let mut copy = false;
        for holder in likely {
            let other = match holder {
                Holder::Archived(seq) => {
                    if let Entry::Vacant(e) = archived.entry(seq) {
                        e.insert(stored_shingles(view, seq, documents, config)?);
                    }
                    &archived[&seq]
                }
                Holder::New(o) => &shingles[o],
            };
            if shingle::jaccard(other, &shingles[i]) >= threshold {
                copy = true;
                break;
            }
        }
        if copy {
            features[i].compared = false;
        } else {
            for &key in &features[i].bands {
                earlier.entry(key).or_default().push(i);
            }
        }
    }
    Ok(())
}

/// A counted document that may be a near-copy's: archived, or new.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Holder {
    Archived(i64),
    New(usize),
}

/// Band keys two texts must share before they are compared as possible
/// near-copies: of 32 bands of 4 rows, two texts at Jaccard 0.8 share 13 on
/// average and fewer than 4 about once in ten thousand.
const NEAR_COPY_BANDS: usize = 4;

/// The shingles of the archived document `seq`, its boilerplate as the
/// archive's line statistics make it in a corpus of `documents`.
fn stored_shingles(
    view: &archive::View<'_>,
    seq: i64,
    documents: usize,
    config: &Config,
) -> archive::Result<Vec<u64>> {
    let Some(stored) = view.load(&[seq])?.pop() else { return Ok(Vec::new()) };
    let keys: Vec<u64> = stored.features.lines.iter().map(|&(k, _)| k).collect();
    let kept = view.line_stats(&keys)?;
    let mut recurring: Vec<u64> = keys
        .into_iter()
        .filter(|k| kept.get(k).is_some_and(|s| s.recurs(documents, &config.boilerplate)))
        .collect();
    recurring.sort_unstable();
    let text = &stored.record.text;
    let lines = boilerplate::lines(text);
    Ok(shingled(text, &normalize::tokens(text), &lines, &recurring, config).shingles)
}

fn record(doc: &Document) -> Record {
    Record {
        id: doc.id.clone(),
        input: doc.input.clone(),
        text: doc.text.clone(),
        encoding: doc.encoding.to_string(),
        bytes: doc.bytes,
        metadata: doc.metadata.clone(),
    }
}

/// A stored document as a run reads it.
fn document(record: Record) -> Document {
    // A name this build's ingest does not give (an archive written by
    // another) reads as UTF-8, which every stored text is.
    let encoding = provtrace_ingest::ingest::encoding_named(&record.encoding).unwrap_or("utf-8");
    Document {
        id: record.id,
        input: record.input,
        text: record.text,
        encoding,
        bytes: record.bytes,
        metadata: record.metadata,
    }
}

/// Analyses the new documents of `corpus` against `archive`: a report of
/// the new documents and the archived documents they touch (marked
/// `archived`), as one analysis of the archive and the new together would
/// report them, within what `Wide` keeps of the whole.
pub fn analyze(
    corpus: Corpus,
    archive: &mut Archive,
    config: &Config,
    tagger: &Tagger,
    progress: &dyn Progress,
) -> archive::Result<Report> {
    let snapshot = archive.snapshot()?;
    let view = snapshot.view();
    let stage = Stage::begin(progress, "archive lookups", "", 1);
    let new = &corpus.documents;
    // A new document under an archived id is its new version: the archived
    // one is left out.
    let mut replaced: HashSet<i64> = HashSet::default();
    for d in new {
        if let Some((seq, _)) = view.find(&d.id)? {
            replaced.insert(seq);
        }
    }
    let totals = view.totals()?;
    let documents = totals.documents - replaced.len() + new.len();
    let lines: Vec<Vec<Line>> = new.par_iter().map(|d| boilerplate::lines(&d.text)).collect();
    let stats: Vec<Vec<(u64, LineStats)>> =
        lines.par_iter().map(|l| own_line_stats(l, config)).collect();
    let merged_new = merged(&stats);
    let new_keys = merged_new.keys().copied().collect();
    let recurring_new = recurring(&view, &merged_new, new_keys, documents, config)?;
    let hasher = MinHasher::new(config.near_duplicate.permutations);
    let (mut features, shingles): (Vec<Features>, Vec<Vec<u64>>) = new
        .par_iter()
        .zip(&lines)
        .zip(stats)
        .map(|((doc, lines), stats)| features(doc, lines, stats, &recurring_new, &hasher, config))
        .unzip();
    mark_near_copies(&view, &mut features, &shingles, documents, config)?;
    drop(shingles);
    // Which new documents count in the frequencies: compared, and not a
    // copy of archived content or of an earlier new document's.
    let mut seen: HashSet<u128> = HashSet::default();
    let mut counted = vec![false; new.len()];
    for (i, f) in features.iter().enumerate() {
        let Some(exact) = f.exact else {
            counted[i] = f.compared;
            continue;
        };
        let archived = view.exact_holders(exact)?.iter().any(|s| !replaced.contains(s));
        counted[i] = f.compared && !archived && seen.insert(exact);
    }
    let max_df = match config.reuse.max_document_frequency {
        0 => (documents / 100).clamp(50, 1000),
        n => n,
    };
    let fresh = NewCounts::of(&features, &counted);
    let (touched, mut holders) =
        touched(&view, &features, &fresh, &replaced, (totals, max_df), config)?;
    let stored = view.load(&touched)?;
    // Frequencies over the archive and the new, for every term and
    // fingerprint of the analysed documents.
    let all = || features.iter().chain(stored.iter().map(|s| &s.features));
    let mut term_list: Vec<u32> = all().flat_map(|f| f.vocabulary.iter().copied()).collect();
    term_list.sort_unstable();
    term_list.dedup();
    let mut term_frequency = view.term_frequencies(&term_list)?;
    for (&t, &n) in &fresh.terms {
        *term_frequency.entry(t).or_default() += n;
    }
    let mut fingerprint_list: Vec<u64> =
        all().flat_map(|f| f.fingerprints.iter().copied()).collect();
    fingerprint_list.sort_unstable();
    fingerprint_list.dedup();
    let mut fingerprint_frequency: HashMap<u64, u32> = HashMap::default();
    for p in fingerprint_list {
        let held = match holders.remove(&p) {
            Some(held) => held,
            None => view.fingerprint_holders(p)?,
        };
        let archived = held.iter().filter(|s| !replaced.contains(s)).count();
        let n = archived as u32 + fresh.fingerprints.get(&p).copied().unwrap_or(0);
        if n > 0 {
            fingerprint_frequency.insert(p, n);
        }
    }
    // Recurring lines among the touched documents' keys too.
    let touched_keys: Vec<u64> = stored
        .iter()
        .flat_map(|s| s.features.lines.iter().map(|&(k, _)| k))
        .filter(|k| !merged_new.contains_key(k))
        .collect();
    let mut recurring_all = recurring_new;
    recurring_all.extend(recurring(&view, &merged_new, touched_keys, documents, config)?);
    recurring_all.sort_unstable();
    let wide = Wide {
        documents,
        counted: totals.counted + fresh.documents,
        terms: totals.terms + fresh.terms_total,
        recurring: recurring_all,
        term_frequency,
        fingerprint_frequency,
    };
    drop(snapshot);
    stage.end();
    let archived = stored.len();
    let mut docs: Vec<Document> = stored.into_iter().map(|s| document(s.record)).collect();
    let Corpus { documents: new, skipped, passed_over } = corpus;
    docs.extend(new);
    let corpus = Corpus { documents: docs, skipped, passed_over };
    let mut report = run(&corpus, config, tagger, progress, Some(&wide));
    for d in &mut report.documents[..archived] {
        d.archived = true;
    }
    report.summary.archived = archived;
    report.texts = corpus.documents.into_iter().map(|d| d.text).collect();
    Ok(report)
}

/// What the counted new documents add to the archive's counts.
struct NewCounts {
    /// Counted new documents holding each term, and each fingerprint.
    terms: HashMap<u32, u32>,
    fingerprints: HashMap<u64, u32>,
    /// Counted new documents, and the terms they hold in all.
    documents: usize,
    terms_total: usize,
}

impl NewCounts {
    fn of(features: &[Features], counted: &[bool]) -> NewCounts {
        let mut fresh = NewCounts {
            terms: HashMap::default(),
            fingerprints: HashMap::default(),
            documents: 0,
            terms_total: 0,
        };
        for (f, _) in features.iter().zip(counted).filter(|&(_, &c)| c) {
            fresh.documents += 1;
            fresh.terms_total += f.vocabulary.len();
            for &t in &f.vocabulary {
                *fresh.terms.entry(t).or_default() += 1;
            }
            for &p in &f.fingerprints {
                *fresh.fingerprints.entry(p).or_default() += 1;
            }
        }
        fresh
    }
}

/// The archived documents that hold each fingerprint, by number.
type Holders = HashMap<u64, Vec<i64>>;

/// The archived documents the new ones touch, by number, sorted: those
/// with the same content or a shared band key, those sharing two
/// fingerprints below the cap, each new document's best partners by its
/// rarest terms; then the archived near-copies of those (a shared band
/// key), whose duplicate clusters they belong to. With them, the archived
/// holders of each new fingerprint, asked on the way.
fn touched(
    view: &archive::View<'_>,
    features: &[Features],
    fresh: &NewCounts,
    replaced: &HashSet<i64>,
    (totals, max_df): (archive::Totals, usize),
    config: &Config,
) -> archive::Result<(Vec<i64>, Holders)> {
    let mut touched: HashSet<i64> = HashSet::default();
    let mut bands_seen: HashSet<u64> = HashSet::default();
    // Each distinct fingerprint and term asked once, in key order (the
    // index's pages are then read in order, and most stay cached).
    let mut prints: Vec<u64> =
        features.iter().flat_map(|f| f.fingerprints.iter().copied()).collect();
    prints.sort_unstable();
    prints.dedup();
    let mut fingerprint_holders: HashMap<u64, Vec<i64>> = HashMap::default();
    for p in prints {
        fingerprint_holders.insert(p, view.fingerprint_holders(p)?);
    }
    let mut words: Vec<u32> = features.iter().flat_map(|f| f.vocabulary.iter().copied()).collect();
    words.sort_unstable();
    words.dedup();
    let frequency = view.term_frequencies(&words)?;
    drop(words);
    let mut term_holders: HashMap<u32, Vec<i64>> = HashMap::default();
    let documents = (totals.counted + fresh.documents).max(1) as f64;
    for f in features {
        if let Some(exact) = f.exact {
            touched.extend(view.exact_holders(exact)?);
        }
        for &key in &f.bands {
            if bands_seen.insert(key) {
                touched.extend(view.band_holders(key)?);
            }
        }
        // Fingerprints: archived documents sharing two within the cap.
        let mut shared: HashMap<i64, u32> = HashMap::default();
        for &p in &f.fingerprints {
            let holders = &fingerprint_holders[&p];
            let df = holders.len() + fresh.fingerprints.get(&p).copied().unwrap_or(0) as usize;
            if (2..=max_df).contains(&df) {
                for &s in holders {
                    *shared.entry(s).or_default() += 1;
                }
            }
        }
        touched.extend(shared.into_iter().filter(|&(_, n)| n >= 2).map(|(s, _)| s));
        // Rare terms: the new document's best partners among the archived.
        if config.reuse.rewrite_candidates == 0 {
            continue;
        }
        let mut rare: Vec<(u32, u32)> = f
            .vocabulary
            .iter()
            .filter_map(|t| {
                let df = frequency.get(t).copied().unwrap_or(0)
                    + fresh.terms.get(t).copied().unwrap_or(0);
                (2..=max_df as u32).contains(&df).then_some((df, *t))
            })
            .collect();
        rare.sort_unstable();
        rare.truncate(terms::INDEXED_PER_DOCUMENT.max(config.reuse.rewrite_terms));
        let (mut read, mut looked_up) = (0usize, 0usize);
        let mut score: HashMap<i64, (f64, usize)> = HashMap::default();
        for &(df, t) in rare.iter().take(config.reuse.rewrite_terms) {
            if read + df as usize > terms::POSTINGS_PER_DOCUMENT && looked_up > 0 {
                break;
            }
            looked_up += 1;
            read += df as usize;
            if let Entry::Vacant(e) = term_holders.entry(t) {
                e.insert(view.term_holders(t)?);
            }
            let rarity = (documents / f64::from(df)).ln();
            for &s in &term_holders[&t] {
                let e = score.entry(s).or_default();
                e.0 += rarity;
                e.1 += 1;
            }
        }
        let looked_up = looked_up.max(1) as f64;
        let mut best: Vec<(f64, i64)> = score
            .into_iter()
            .filter(|&(_, (_, n))| {
                n >= config.reuse.rewrite_min_shared_terms
                    && n as f64 / looked_up >= config.reuse.rewrite_min_share
            })
            .map(|(s, (score, _))| (score, s))
            .collect();
        best.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        best.truncate(config.reuse.rewrite_candidates);
        touched.extend(best.into_iter().map(|(_, s)| s));
    }
    // The near-copies of the touched, one step: the rest of their clusters.
    let first: Vec<i64> = touched.iter().copied().collect();
    for stored in view.load(&first)? {
        for &key in &stored.features.bands {
            if bands_seen.insert(key) {
                touched.extend(view.band_holders(key)?);
            }
        }
    }
    let mut touched: Vec<i64> = touched.into_iter().filter(|s| !replaced.contains(s)).collect();
    touched.sort_unstable();
    Ok((touched, fingerprint_holders))
}

/// Derives everything `archive` keeps again from its stored texts with
/// `config`'s parameters, into a new archive at `into` (which must not
/// exist): the documents in the order they were added, with what their
/// inputs declared. Nothing is read from the original sources.
pub fn rebuild(
    archive: &mut Archive,
    into: &std::path::Path,
    config: &Config,
    progress: &dyn Progress,
) -> archive::Result<usize> {
    let mut rebuilt = Archive::create_or_open(into, &parameters(config))?;
    let snapshot = archive.snapshot()?;
    let mut batch: Vec<Document> = Vec::with_capacity(BATCH);
    let mut done = 0;
    let mut flush = |batch: &mut Vec<Document>| -> archive::Result<()> {
        add(&mut rebuilt, batch, config, false, progress, &|| {})?;
        done += batch.len();
        batch.clear();
        Ok(())
    };
    snapshot.view().each(|stored| {
        batch.push(document(stored.record));
        if batch.len() == BATCH { flush(&mut batch) } else { Ok(()) }
    })?;
    flush(&mut batch)?;
    Ok(done)
}

/// What adding inputs did: the documents' outcomes, and the inputs that
/// could not be read or were passed over.
#[derive(Debug, Default)]
pub struct AddedInputs {
    pub summary: AddSummary,
    pub skipped: Vec<provtrace_common::Skipped>,
    pub passed_over: provtrace_ingest::ingest::PassedOver,
    /// Documents read.
    pub read: usize,
}

/// Reads `inputs` and adds their documents to `archive` as they come, a
/// batch of [`BATCH`] at a time: memory holds one batch, whatever the size
/// of the inputs or the archive.
pub fn add_inputs(
    archive: &mut Archive,
    inputs: &[provtrace_ingest::ingest::Input],
    config: &Config,
    replace: bool,
    progress: &dyn Progress,
    waiting: &dyn Fn(),
) -> archive::Result<AddedInputs> {
    let mut out = AddedInputs::default();
    let stage = Stage::begin(progress, "archiving", "documents", 0);
    let mut batch: Vec<Document> = Vec::with_capacity(BATCH);
    let mut failed: Option<archive::Error> = None;
    let mut queued = 0u64;
    let mut flush = |batch: &mut Vec<Document>, out: &mut AddedInputs| {
        if failed.is_none() && !batch.is_empty() {
            queued += batch.len() as u64;
            stage.resize(queued);
            match add_batches(archive, batch, config, replace, &stage, waiting) {
                Ok(s) => {
                    out.summary.added += s.added;
                    out.summary.unchanged += s.unchanged;
                    out.summary.replaced += s.replaced;
                    out.summary.conflicts.extend(s.conflicts);
                }
                Err(e) => failed = Some(e),
            }
        }
        batch.clear();
    };
    let mut read = 0;
    let (skipped, passed_over) =
        provtrace_ingest::ingest::stream(inputs, &config.ingest, None, &mut |_, doc| {
            read += 1;
            batch.push(doc);
            if batch.len() == BATCH {
                flush(&mut batch, &mut out);
            }
        });
    flush(&mut batch, &mut out);
    stage.end();
    if let Some(e) = failed {
        return Err(e);
    }
    out.read = read;
    out.skipped = skipped;
    out.passed_over = passed_over;
    Ok(out)
}
