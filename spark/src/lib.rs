//! The kernels of `provtrace-spark dedup`: what Spark's executors and the
//! driver call, batch by batch, through Python.
//!
//! Each function is a thin wrapper over the stage crates' public functions,
//! the same ones `provtrace dedup` calls ([`dedup::sign`], [`dedup::facts`],
//! [`minhash::bucket_pairs`], [`shingle::jaccard`],
//! [`duplicates::components`], [`duplicates::resolve_component`],
//! [`duplicates::component_pairs`], [`ingest::read_source`],
//! [`report::render_dedup_rows`]): nothing here decides anything of its own,
//! so the two paths cannot drift apart.
//!
//! Numbers cross the boundary as little-endian byte strings (`i64`, `f64`,
//! `i32` offsets), which Python wraps as Arrow arrays without a copy; names
//! cross as lists of strings. Heavy work runs with the GIL released.

use std::sync::{Arc, Mutex};

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

use provtrace_attribution::gazetteer::Gazetteer;
use provtrace_common::config::Config;
use provtrace_engine::dedup::{self, Options};
use provtrace_ingest::ingest::{self, Item, Source};
use provtrace_report as report;
use provtrace_similarity::duplicates::{self, DedupRow, DuplicatePair, Facts};
use provtrace_similarity::minhash::{self, MinHasher};
use provtrace_similarity::shingle;

fn value_error(message: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(message.to_string())
}

fn config_of(json: &str) -> PyResult<Config> {
    serde_json::from_str(json).map_err(|e| value_error(format!("bad configuration: {e}")))
}

fn source_of(json: &str) -> PyResult<Source> {
    serde_json::from_str(json).map_err(|e| value_error(format!("bad source: {e}")))
}

fn i64s(bytes: &[u8]) -> Vec<i64> {
    bytes.chunks_exact(8).map(|c| i64::from_le_bytes(c.try_into().unwrap_or_default())).collect()
}

fn f64s(bytes: &[u8]) -> Vec<f64> {
    bytes.chunks_exact(8).map(|c| f64::from_le_bytes(c.try_into().unwrap_or_default())).collect()
}

fn i32s(bytes: &[u8]) -> Vec<usize> {
    bytes
        .chunks_exact(4)
        .map(|c| i32::from_le_bytes(c.try_into().unwrap_or_default()).max(0) as usize)
        .collect()
}

fn le_bytes<const N: usize>(values: impl IntoIterator<Item = [u8; N]>) -> Vec<u8> {
    values.into_iter().flatten().collect()
}

/// Offsets (`i32`) of lists of the given lengths, Arrow's layout.
fn offsets(lengths: impl IntoIterator<Item = usize>) -> PyResult<Vec<u8>> {
    let mut at = 0i32;
    let mut out = at.to_le_bytes().to_vec();
    for len in lengths {
        let len =
            i32::try_from(len).map_err(|_| value_error("a batch too large for i32 offsets"))?;
        at = at.checked_add(len).ok_or_else(|| value_error("a batch too large for i32 offsets"))?;
        out.extend(at.to_le_bytes());
    }
    Ok(out)
}

/// The validated configuration, as JSON for the executors: the TOML file's
/// settings (`toml`, read from `path`), the threshold and file endings from
/// the command line, checked as `provtrace dedup` checks them.
#[pyfunction]
#[pyo3(signature = (toml, path, threshold, extensions))]
fn configuration(
    toml: Option<&str>,
    path: Option<&str>,
    threshold: Option<f64>,
    extensions: Vec<String>,
) -> PyResult<String> {
    let config = match toml {
        Some(text) => Config::from_toml(text, std::path::Path::new(path.unwrap_or("config")))
            .map_err(value_error)?,
        None => Config::default(),
    };
    let config = config.with_flags(threshold, &extensions).map_err(value_error)?;
    serde_json::to_string(&config).map_err(value_error)
}

/// The inputs as sources ([`ingest::plan`]), each as JSON, with the counts
/// of files passed over by ending and as hidden. A missing input is an
/// error, as on the command line.
#[pyfunction]
fn plan(
    inputs: Vec<String>,
    config: &str,
    split_bytes: u64,
) -> PyResult<(Vec<String>, usize, usize)> {
    let config = config_of(config)?;
    let named = ingest::named(&inputs).map_err(value_error)?;
    let (sources, passed_over) =
        ingest::plan(&named, &config.ingest, split_bytes).map_err(value_error)?;
    let sources = sources
        .iter()
        .map(serde_json::to_string)
        .collect::<Result<Vec<_>, _>>()
        .map_err(value_error)?;
    Ok((sources, passed_over.extension, passed_over.hidden))
}

/// The line `provtrace dedup` prints of what the walks and the WARC
/// archives passed over.
#[pyfunction]
fn passed_over_message(extension: usize, hidden: usize, records: usize) -> Option<String> {
    ingest::PassedOver { extension, hidden, records, ..Default::default() }.message()
}

/// Where each source starts ([`ingest::number`]): its first line and
/// first unit, from every source's (lines, units), in the plan's order.
#[pyfunction]
fn number(sources: Vec<String>, extents: Vec<(usize, usize)>) -> PyResult<Vec<(usize, usize)>> {
    let sources = sources.iter().map(|s| source_of(s)).collect::<PyResult<Vec<_>>>()?;
    let extents: Vec<ingest::Extent> = extents
        .into_iter()
        .map(|(lines, units)| ingest::Extent { lines, units, records: 0 })
        .collect();
    Ok(ingest::number(&sources, &extents))
}

/// How many lines, units and passed-over WARC records a source holds
/// ([`ingest::extent`]), its relative paths opened from `root` (the
/// driver's working directory).
#[pyfunction]
fn extent(
    py: Python<'_>,
    source: &str,
    root: &str,
    config: &str,
) -> PyResult<(usize, usize, usize)> {
    let (source, config) = (source_of(source)?, config_of(config)?);
    let root = std::path::Path::new(root);
    let extent = py.allow_threads(|| ingest::extent(&source, Some(root), &config.ingest));
    Ok((extent.lines, extent.units, extent.records))
}

/// Pass 1 over one source: each document's unit, id as given, id family,
/// content hash and band keys ([`dedup::sign`]), and what was skipped, in
/// reading order.
#[pyfunction]
fn sign<'py>(
    py: Python<'py>,
    source: &str,
    root: &str,
    config: &str,
    raw: bool,
    first_line: usize,
    first_unit: usize,
) -> PyResult<Bound<'py, PyDict>> {
    let (source, config) = (source_of(source)?, config_of(config)?);
    let banding = dedup::banding(&config);
    let hasher = MinHasher::new(config.near_duplicate.permutations);
    let mut units = Vec::new();
    let mut ids = Vec::new();
    let mut exact: Vec<Option<u128>> = Vec::new();
    let mut keys: Vec<u64> = Vec::new();
    let mut key_counts = Vec::new();
    let mut skipped = Vec::new();
    py.allow_threads(|| {
        ingest::read_source(
            &source,
            Some(std::path::Path::new(root)),
            &config.ingest,
            first_line,
            first_unit,
            None,
            &mut |unit, item| match (unit, item.decode()) {
                (Some(unit), Ok(doc)) => {
                    let (hash, doc_keys) = dedup::sign(&doc.text, &config, raw, &hasher, banding);
                    units.push(unit as i64);
                    ids.push(doc.id);
                    exact.push(hash);
                    key_counts.push(doc_keys.len());
                    keys.extend(doc_keys);
                }
                (None, Ok(_)) => {}
                (_, Err(s)) => skipped.push((s.input, s.reason)),
            },
        );
    });
    let families: Vec<&str> = ids.iter().map(|id| ingest::id_family(id)).collect();
    let out = PyDict::new(py);
    out.set_item("units", PyBytes::new(py, &le_bytes(units.iter().map(|u| u.to_le_bytes()))))?;
    out.set_item("families", families)?;
    out.set_item("ids", &ids)?;
    let exact: Vec<Option<Bound<'py, PyBytes>>> =
        exact.iter().map(|e| e.map(|e| PyBytes::new(py, &e.to_le_bytes()))).collect();
    out.set_item("exact", exact)?;
    out.set_item("keys", PyBytes::new(py, &le_bytes(keys.iter().map(|k| k.to_le_bytes()))))?;
    out.set_item("key_offsets", PyBytes::new(py, &offsets(key_counts)?))?;
    out.set_item("skipped", skipped)?;
    Ok(out)
}

/// The gazetteer of the last configuration seen: built once a process, as
/// `dedup` builds it once a run.
fn gazetteer(config: &Config) -> PyResult<Arc<Gazetteer>> {
    static CACHE: Mutex<Option<(String, Arc<Gazetteer>)>> = Mutex::new(None);
    let key = serde_json::to_string(&config.outlets).map_err(value_error)?;
    let mut cache = CACHE.lock().map_err(|_| value_error("the gazetteer cache is poisoned"))?;
    if let Some((seen, gazetteer)) = cache.as_ref()
        && *seen == key
    {
        return Ok(Arc::clone(gazetteer));
    }
    let gazetteer = Arc::new(Gazetteer::new(&config.outlets));
    *cache = Some((key, Arc::clone(&gazetteer)));
    Ok(gazetteer)
}

/// Pass 2 over one source: the facts ([`dedup::facts`]) of the `wanted`
/// units (ascending `i64`s), with shingle sets for those in `shingled`.
#[pyfunction]
fn facts<'py>(
    py: Python<'py>,
    source: &str,
    root: &str,
    config: &str,
    raw: bool,
    first_line: usize,
    first_unit: usize,
    wanted: &[u8],
    shingled: &[u8],
) -> PyResult<Bound<'py, PyDict>> {
    let (source, config) = (source_of(source)?, config_of(config)?);
    let gazetteer = gazetteer(&config)?;
    let wanted: Vec<usize> = i64s(wanted).into_iter().map(|u| u as usize).collect();
    let shingled: Vec<usize> = i64s(shingled).into_iter().map(|u| u as usize).collect();
    let options = Options { raw, pairs: false, threads: Some(1) };
    let mut found: Vec<(usize, dedup::Read)> = Vec::new();
    py.allow_threads(|| {
        let is_wanted = |unit: usize| wanted.binary_search(&unit).is_ok();
        ingest::read_source(
            &source,
            Some(std::path::Path::new(root)),
            &config.ingest,
            first_line,
            first_unit,
            Some(&is_wanted),
            &mut |unit, item: Item| {
                if let (Some(unit), Ok(doc)) = (unit, item.decode()) {
                    let with_shingles = shingled.binary_search(&unit).is_ok();
                    found.push((
                        unit,
                        dedup::facts(&doc, &gazetteer, with_shingles, &config, &options),
                    ));
                }
            },
        );
    });
    let out = PyDict::new(py);
    let units = le_bytes(found.iter().map(|(u, _)| (*u as i64).to_le_bytes()));
    out.set_item("units", PyBytes::new(py, &units))?;
    out.set_item("dates", found.iter().map(|(_, r)| r.date.clone()).collect::<Vec<_>>())?;
    out.set_item("outlets", found.iter().map(|(_, r)| r.outlet.clone()).collect::<Vec<_>>())?;
    out.set_item("credits", found.iter().map(|(_, r)| r.credits.clone()).collect::<Vec<_>>())?;
    out.set_item("urls", found.iter().map(|(_, r)| r.url.clone()).collect::<Vec<_>>())?;
    out.set_item("originals", found.iter().map(|(_, r)| r.original.clone()).collect::<Vec<_>>())?;
    let exact: Vec<Option<Bound<'py, PyBytes>>> =
        found.iter().map(|(_, r)| r.exact.map(|e| PyBytes::new(py, &e.to_le_bytes()))).collect();
    out.set_item("exact", exact)?;
    let shingles = found.iter().flat_map(|(_, r)| r.shingles.iter().flatten());
    out.set_item("shingles", PyBytes::new(py, &le_bytes(shingles.map(|s| s.to_le_bytes()))))?;
    let lengths = found.iter().map(|(_, r)| r.shingles.as_ref().map_or(0, Vec::len));
    out.set_item("shingle_offsets", PyBytes::new(py, &offsets(lengths)?))?;
    out.set_item(
        "has_shingles",
        found.iter().map(|(_, r)| r.shingles.is_some()).collect::<Vec<_>>(),
    )?;
    Ok(out)
}

/// The candidate pairs of a batch of LSH buckets ([`minhash::bucket_pairs`]):
/// `docs` (`i64`, each bucket ascending) cut by `bucket_offsets` (`i32`).
/// Returns the pairs as `i64`s, smaller then larger.
#[pyfunction]
fn bucket_pairs<'py>(
    py: Python<'py>,
    docs: &[u8],
    bucket_offsets: &[u8],
) -> PyResult<Bound<'py, PyBytes>> {
    let docs: Vec<u32> = i64s(docs)
        .into_iter()
        .map(|d| u32::try_from(d).map_err(|_| value_error("document number out of range")))
        .collect::<PyResult<_>>()?;
    let bounds = i32s(bucket_offsets);
    let mut pairs = Vec::new();
    for w in bounds.windows(2) {
        if let Some(bucket) = docs.get(w[0]..w[1]) {
            minhash::bucket_pairs(bucket, &mut pairs);
        }
    }
    let bytes = le_bytes(
        pairs.iter().flat_map(|&(a, b)| [i64::from(a).to_le_bytes(), i64::from(b).to_le_bytes()]),
    );
    Ok(PyBytes::new(py, &bytes))
}

/// The exact Jaccard similarity ([`shingle::jaccard`]) of each pair of
/// shingle sets: two lists of sets, each as values and `i32` offsets.
#[pyfunction]
fn jaccards<'py>(
    py: Python<'py>,
    a: &[u8],
    a_offsets: &[u8],
    b: &[u8],
    b_offsets: &[u8],
) -> Bound<'py, PyBytes> {
    let as_u64 = |bytes: &[u8]| -> Vec<u64> { i64s(bytes).into_iter().map(|v| v as u64).collect() };
    let (a, b) = (as_u64(a), as_u64(b));
    let (ao, bo) = (i32s(a_offsets), i32s(b_offsets));
    let out: Vec<u8> = py.allow_threads(|| {
        ao.windows(2)
            .zip(bo.windows(2))
            .flat_map(|(x, y)| {
                let set_a = a.get(x[0]..x[1]).unwrap_or_default();
                let set_b = b.get(y[0]..y[1]).unwrap_or_default();
                shingle::jaccard(set_a, set_b).to_le_bytes()
            })
            .collect()
    });
    PyBytes::new(py, &out)
}

/// Connected components of the graph of `(a, b)` edges (`i64` node
/// numbers) by [`duplicates::components`] on the driver: each node in a
/// component, with the component's smallest node as its label.
#[pyfunction]
fn components<'py>(
    py: Python<'py>,
    a: &[u8],
    b: &[u8],
) -> (Bound<'py, PyBytes>, Bound<'py, PyBytes>) {
    let (a, b) = (i64s(a), i64s(b));
    let (nodes, labels) = py.allow_threads(|| {
        let mut nodes: Vec<i64> = a.iter().chain(&b).copied().collect();
        nodes.sort_unstable();
        nodes.dedup();
        let index = |x: i64| nodes.binary_search(&x).unwrap_or_default();
        let unions = a.iter().zip(&b).map(|(&x, &y)| (index(x), index(y)));
        let groups = duplicates::components(nodes.len(), unions);
        let mut out_nodes = Vec::new();
        let mut labels = Vec::new();
        for group in groups {
            let label = nodes[group[0]];
            for m in group {
                out_nodes.push(nodes[m].to_le_bytes());
                labels.push(label.to_le_bytes());
            }
        }
        (le_bytes(out_nodes), le_bytes(labels))
    });
    (PyBytes::new(py, &nodes), PyBytes::new(py, &labels))
}

/// Ids made unique ([`ingest::Ids`]), given in reading order: one family's
/// ids ([`ingest::id_family`]), or all of a run's.
#[pyfunction]
fn unique_ids(ids: Vec<String>) -> Vec<String> {
    let mut unique = ingest::Ids::default();
    ids.into_iter().map(|id| unique.unique(id)).collect()
}

/// One component resolved as `dedup` resolves it: cluster `k` (`dup-{k+1}`)
/// of the documents `docs` (ascending `i64`s) with their ids, facts and
/// text (`copy_of`, the first document with the same text); each text's
/// shingle set on the row of its first document (values and `i32`
/// offsets, `has_shingles` saying which rows have one), and the verified
/// pairs of texts (`edge_a` < `edge_b`, with their similarity).
///
/// Returns the cluster as it stands in `FILE.clusters.json`
/// ([`report::render_dedup_cluster`]), each member's row (cluster, keep,
/// duplicate of, Jaccard), and, when `want_pairs`, its pairs at or above
/// `threshold` ([`duplicates::component_pairs`]) as `i64`, `i64`, `f64`.
#[pyfunction]
fn resolve<'py>(
    py: Python<'py>,
    k: usize,
    docs: &[u8],
    ids: Vec<String>,
    dates: Vec<Option<String>>,
    outlets: Vec<Option<String>>,
    credits: Vec<Vec<String>>,
    urls: Vec<Option<String>>,
    originals: Vec<Option<String>>,
    copy_of: &[u8],
    shingles: &[u8],
    shingle_offsets: &[u8],
    has_shingles: Vec<bool>,
    edge_a: &[u8],
    edge_b: &[u8],
    edge_j: &[u8],
    threshold: f64,
    want_pairs: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let docs = i64s(docs);
    let n = docs.len();
    let lengths = [ids.len(), dates.len(), outlets.len(), credits.len(), urls.len()];
    if lengths.into_iter().chain([originals.len(), has_shingles.len()]).any(|l| l != n) {
        return Err(value_error("a component's columns differ in length"));
    }
    // Local numbers: a document's position among the members, which keeps
    // their order; a member's text is a member too.
    let local =
        |d: i64| docs.binary_search(&d).map_err(|_| value_error("a text outside its component"));
    let copy_of: Vec<u32> =
        i64s(copy_of).into_iter().map(|d| local(d).map(|l| l as u32)).collect::<PyResult<_>>()?;
    if copy_of.len() != n {
        return Err(value_error("a component's columns differ in length"));
    }
    let values: Vec<u64> = i64s(shingles).into_iter().map(|v| v as u64).collect();
    let bounds = i32s(shingle_offsets);
    let sets: Vec<&[u64]> = (0..n)
        .map(|i| match (has_shingles[i], bounds.get(i), bounds.get(i + 1)) {
            (true, Some(&s), Some(&e)) => values.get(s..e).unwrap_or_default(),
            _ => &[],
        })
        .collect();
    let mut verified: std::collections::HashMap<(usize, usize), f64> =
        std::collections::HashMap::new();
    for ((a, b), j) in i64s(edge_a).into_iter().zip(i64s(edge_b)).zip(f64s(edge_j)) {
        verified.insert((local(a)?, local(b)?), j);
    }
    let members: Vec<usize> = (0..n).collect();
    let jaccard = |a: usize, b: usize| -> f64 {
        let (a, b) = (copy_of[a] as usize, copy_of[b] as usize);
        if a == b { 1.0 } else { shingle::jaccard(sets[a], sets[b]) }
    };
    let facts: Vec<Facts> = (0..n)
        .map(|i| Facts {
            id: &ids[i],
            date: dates[i].as_deref(),
            outlet: outlets[i].as_deref(),
            credits: credits[i].iter().map(String::as_str).collect(),
            url: urls[i].as_deref(),
            original: originals[i].as_deref(),
        })
        .collect();
    let (cluster, rows) = duplicates::resolve_component(k, &members, &facts, jaccard);
    let part = report::render_dedup_cluster(&cluster).map_err(value_error)?;
    let pairs = if want_pairs {
        duplicates::component_pairs(&members, &copy_of, &verified, threshold, jaccard)
    } else {
        Vec::new()
    };
    let out = PyDict::new(py);
    out.set_item("cluster", part)?;
    out.set_item("clusters", rows.iter().map(|r| r.cluster.clone()).collect::<Vec<_>>())?;
    out.set_item("keep", rows.iter().map(|r| r.keep).collect::<Vec<_>>())?;
    out.set_item("duplicate_of", rows.iter().map(|r| r.duplicate_of.clone()).collect::<Vec<_>>())?;
    out.set_item("jaccard", rows.iter().map(|r| r.jaccard).collect::<Vec<_>>())?;
    let pair_a = le_bytes(pairs.iter().map(|&(a, _, _)| docs[a].to_le_bytes()));
    let pair_b = le_bytes(pairs.iter().map(|&(_, b, _)| docs[b].to_le_bytes()));
    let pair_j = le_bytes(pairs.iter().map(|&(_, _, j)| j.to_le_bytes()));
    out.set_item("pair_a", PyBytes::new(py, &pair_a))?;
    out.set_item("pair_b", PyBytes::new(py, &pair_b))?;
    out.set_item("pair_j", PyBytes::new(py, &pair_j))?;
    Ok(out)
}

/// Rows of the keep/drop list ([`report::render_dedup_rows`]), as JSON
/// Lines or CSV, with the CSV header or without.
#[pyfunction]
fn render_rows(
    py: Python<'_>,
    ids: Vec<String>,
    clusters: Vec<Option<String>>,
    keep: Vec<bool>,
    duplicate_of: Vec<Option<String>>,
    jaccard: Vec<Option<f64>>,
    csv: bool,
    header: bool,
) -> PyResult<Bound<'_, PyBytes>> {
    let rows: Vec<DedupRow> = ids
        .into_iter()
        .zip(clusters)
        .zip(keep)
        .zip(duplicate_of)
        .zip(jaccard)
        .map(|((((id, cluster), keep), duplicate_of), jaccard)| DedupRow {
            id,
            cluster,
            keep,
            duplicate_of,
            jaccard,
        })
        .collect();
    let format = if csv { report::DedupFormat::Csv } else { report::DedupFormat::JsonLines };
    let bytes = report::render_dedup_rows(&rows, format, header).map_err(value_error)?;
    Ok(PyBytes::new(py, &bytes))
}

/// Rows of the pairs CSV ([`report::render_pair_rows`]).
#[pyfunction]
fn render_pairs<'py>(
    py: Python<'py>,
    a: Vec<String>,
    b: Vec<String>,
    jaccard: &[u8],
    header: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    let pairs: Vec<DuplicatePair> = a
        .into_iter()
        .zip(b)
        .zip(f64s(jaccard))
        .map(|((a, b), j)| DuplicatePair { a, b, jaccard: duplicates::round4(j) })
        .collect();
    let bytes = report::render_pair_rows(&pairs, header).map_err(value_error)?;
    Ok(PyBytes::new(py, &bytes))
}

/// The start and the end of `FILE.clusters.json`, and what stands between
/// two of its clusters as [`resolve`] renders them
/// ([`report::dedup_clusters_head`], [`report::dedup_clusters_tail`]):
/// `any` says it has clusters; the skipped inputs (input, reason) are in
/// reading order.
#[pyfunction]
fn clusters_frame(any: bool, skipped: Vec<(String, String)>) -> PyResult<(String, String, String)> {
    let skipped: Vec<ingest::Skipped> =
        skipped.into_iter().map(|(input, reason)| ingest::Skipped { input, reason }).collect();
    let tail = report::dedup_clusters_tail(any, &skipped).map_err(value_error)?;
    Ok((
        report::dedup_clusters_head(any).to_string(),
        report::DEDUP_CLUSTERS_SEPARATOR.to_string(),
        tail,
    ))
}

/// The constants the job shares with `provtrace dedup`.
#[pyfunction]
fn constants() -> (usize, usize) {
    (minhash::MAX_BUCKET, duplicates::MAX_PAIRED_TEXTS)
}

#[pymodule]
fn _kernels(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(configuration, m)?)?;
    m.add_function(wrap_pyfunction!(plan, m)?)?;
    m.add_function(wrap_pyfunction!(passed_over_message, m)?)?;
    m.add_function(wrap_pyfunction!(number, m)?)?;
    m.add_function(wrap_pyfunction!(extent, m)?)?;
    m.add_function(wrap_pyfunction!(sign, m)?)?;
    m.add_function(wrap_pyfunction!(facts, m)?)?;
    m.add_function(wrap_pyfunction!(bucket_pairs, m)?)?;
    m.add_function(wrap_pyfunction!(jaccards, m)?)?;
    m.add_function(wrap_pyfunction!(components, m)?)?;
    m.add_function(wrap_pyfunction!(unique_ids, m)?)?;
    m.add_function(wrap_pyfunction!(resolve, m)?)?;
    m.add_function(wrap_pyfunction!(render_rows, m)?)?;
    m.add_function(wrap_pyfunction!(render_pairs, m)?)?;
    m.add_function(wrap_pyfunction!(clusters_frame, m)?)?;
    m.add_function(wrap_pyfunction!(constants, m)?)?;
    Ok(())
}
