//! The report model and its renderers.
//!
//! Input: a [`Report`] built by `pipeline`. Output: files in the output
//! directory, one renderer per format (`json.rs`, ...). The files are written
//! as a set: each in full to a temporary file in the same directory, then,
//! when all are written, renamed over the old ones, so that a failed or
//! interrupted run leaves the old set or the new one, never a mix or a
//! half-written file (they are not forced to disk: see [`commit`]). This is
//! the only module that writes reports.
//!
//! Field names are the contract of `DESIGN.md` (`schema_version` 1); fields
//! may be added, never renamed.

mod csv;
mod diagram;
mod dot;
mod html;
pub use html::PAGE_SCRIPT;
mod json;
mod markdown;
mod svg;
mod text;
pub mod view;

pub use provtrace_common::json_name;
pub use provtrace_provenance::Outlet;
pub use provtrace_similarity::reuse::{Containment, Reuse};

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use provtrace_attribution::claims::Claim;
use provtrace_attribution::page::{Credit, Evidence, OutletMethod, PhotoCredit, Published, Url};
use provtrace_common::Parallel;
use provtrace_common::Skipped;
use provtrace_common::config::Config;
use provtrace_common::error::{Error, Result};
use provtrace_provenance::{ClaimCluster, Graph};
use provtrace_similarity::align::{Passage, PassageKind};
use provtrace_similarity::selfdup::SelfDuplication;
use provtrace_text::span::Span;

pub use provtrace_similarity::duplicates::{
    DedupRow, DuplicateCluster, DuplicatePair, MemberJaccard, round4,
};

/// The version of the report's shape.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything a run found. Serialised in this order, with each claim's
/// text taken from its document's.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub schema_version: u32,
    pub tool: Tool,
    pub config: Config,
    pub summary: Summary,
    pub skipped: Vec<Skipped>,
    pub documents: Vec<DocumentReport>,
    pub duplicate_clusters: Vec<DuplicateCluster>,
    pub reuse: Vec<Reuse>,
    pub claims: Vec<ClaimReport>,
    pub claim_clusters: Vec<ClaimCluster>,
    pub outlets: Vec<Outlet>,
    pub graph: Graph,
    /// The documents' texts, in the order of `documents`: claims and
    /// quantities are spans of them, and renderers quote passages from them.
    pub texts: Vec<String>,
}

impl Report {
    /// The text of document `doc` (empty when the report holds no texts).
    pub fn text(&self, doc: usize) -> &str {
        self.texts.get(doc).map_or("", String::as_str)
    }

    /// The id of the document that makes `claim`.
    pub fn claim_doc(&self, claim: &ClaimReport) -> &str {
        self.documents.get(claim.doc).map_or("", |d| d.id.as_str())
    }

    /// The sentence of `claim`.
    pub fn claim_text(&self, claim: &ClaimReport) -> &str {
        claim.claim.text(self.text(claim.doc))
    }
}

impl Serialize for Report {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("Report", 12)?;
        out.serialize_field("schema_version", &self.schema_version)?;
        out.serialize_field("tool", &self.tool)?;
        out.serialize_field("config", &self.config)?;
        out.serialize_field("summary", &self.summary)?;
        out.serialize_field("skipped", &self.skipped)?;
        out.serialize_field("documents", &self.documents)?;
        out.serialize_field("duplicate_clusters", &self.duplicate_clusters)?;
        out.serialize_field("reuse", &self.reuse)?;
        out.serialize_field("claims", &Claims(self))?;
        out.serialize_field("claim_clusters", &self.claim_clusters)?;
        out.serialize_field("outlets", &self.outlets)?;
        out.serialize_field("graph", &self.graph)?;
        out.end()
    }
}

/// The report's claims, each serialised with its id, document and text.
struct Claims<'a>(&'a Report);

impl Serialize for Claims<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.claims.iter().map(|c| ClaimOut { report: self.0, claim: c }))
    }
}

struct ClaimOut<'a> {
    report: &'a Report,
    claim: &'a ClaimReport,
}

impl Serialize for ClaimOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let (c, text) = (&self.claim.claim, self.report.text(self.claim.doc));
        let mut out = serializer.serialize_struct("Claim", 9)?;
        out.serialize_field("id", &self.claim.id())?;
        out.serialize_field("doc", self.report.claim_doc(self.claim))?;
        out.serialize_field("span", &c.span)?;
        out.serialize_field("text", c.text(text))?;
        out.serialize_field("quantities", &Quantities(&c.quantities, text))?;
        out.serialize_field("quotes", &c.quotes)?;
        out.serialize_field("attributions", &c.attributions)?;
        out.serialize_field(
            "derived_from",
            &self.claim.link.as_deref().map(|&link| DerivedFrom { report: self.report, link }),
        )?;
        out.serialize_field(
            "origin",
            &self.claim.origin.as_deref().map(|origin| OriginOut { report: self.report, origin }),
        )?;
        out.end()
    }
}

/// Where a claim was taken from: the source document, its claim that says
/// it (`null` when none does), how, and the aligned passage.
struct DerivedFrom<'a> {
    report: &'a Report,
    link: provtrace_provenance::ClaimLink,
}

impl Serialize for DerivedFrom<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let link = &self.link;
        let (d, c) = (link.doc, link.claim);
        let mut out = serializer.serialize_struct("DerivedFrom", 6)?;
        out.serialize_field("doc", self.report.documents.get(d).map_or("", |x| x.id.as_str()))?;
        out.serialize_field("claim", &c.map(|c| provtrace_provenance::claim_id(d, c)))?;
        out.serialize_field("kind", &link.kind)?;
        out.serialize_field("similarity", &round4(f64::from(link.similarity)))?;
        out.serialize_field("source_span", &link.passage.map(|p| p.0))?;
        out.serialize_field("target_span", &link.passage.map(|p| p.1))?;
        out.end()
    }
}

/// A claim's own origin: the outlet, the first text that states it and its
/// claim, whether that text credits the outlet, and why, in words.
struct OriginOut<'a> {
    report: &'a Report,
    origin: &'a provtrace_provenance::ClaimOrigin,
}

impl Serialize for OriginOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let o = self.origin;
        let (d, c) = o.first;
        let doc = self.report.documents.get(d).map_or("", |x| x.id.as_str());
        let steps = if o.steps == 1 { "1 link".to_string() } else { format!("{} links", o.steps) };
        let reason = match (&o.credit, &o.outlet) {
            (Some(credit), Some(outlet)) => {
                format!("first stated in {doc} ({steps} back), which credits {outlet}: {credit}")
            }
            (_, outlet) => format!(
                "first stated in {doc} ({}, {steps} back), which credits no outlet for it",
                outlet.as_deref().unwrap_or("outlet unknown")
            ),
        };
        let mut out = serializer.serialize_struct("ClaimOrigin", 5)?;
        out.serialize_field("outlet", &o.outlet)?;
        out.serialize_field("doc", doc)?;
        out.serialize_field("claim", &c.map(|c| provtrace_provenance::claim_id(d, c)))?;
        out.serialize_field("credited", &o.credit.is_some())?;
        out.serialize_field("reason", &reason)?;
        out.end()
    }
}

struct Quantities<'a>(&'a [provtrace_attribution::claims::Quantity], &'a str);

impl Serialize for Quantities<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|q| q.in_text(self.1)))
    }
}

/// A claim and where it is: document `doc` (an index into the report's
/// documents), claim `index` of that document's claims.
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimReport {
    pub doc: usize,
    pub index: usize,
    pub claim: Claim,
    /// The claim of another document it was taken from, and the passage
    /// that carries it.
    pub link: Option<Box<provtrace_provenance::ClaimLink>>,
    /// For a claim taken from another document: the first text that states
    /// it and the credit that text gives.
    pub origin: Option<Box<provtrace_provenance::ClaimOrigin>>,
}

impl ClaimReport {
    /// `c<document>-<claim>`, both counted from 1.
    pub fn id(&self) -> String {
        provtrace_provenance::claim_id(self.doc, self.index)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
    /// The contextual attribution model the claims were tagged with (its
    /// directory and the start of its weights' SHA-256); absent for the
    /// built-in tagger.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribution_model: Option<String>,
}

impl Default for Tool {
    fn default() -> Self {
        Tool { name: "provtrace", version: env!("CARGO_PKG_VERSION"), attribution_model: None }
    }
}

/// Counts of what the report holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub documents: usize,
    pub skipped: usize,
    pub self_duplicated: usize,
    pub duplicate_clusters: usize,
    pub reuse_pairs: usize,
    pub claims: usize,
    pub claim_clusters: usize,
    pub outlets: usize,
    /// Of `documents`, those from the archive checked against.
    #[serde(skip_serializing_if = "is_zero")]
    pub archived: usize,
}

#[expect(clippy::trivially_copy_pass_by_ref, reason = "serde passes the field by reference")]
fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// One document and what the page stage and self-duplication found in it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocumentReport {
    pub id: String,
    pub input: String,
    pub title: Option<String>,
    pub outlet: Option<OutletEvidence>,
    pub published: Option<Published>,
    pub urls: Vec<Url>,
    /// ISO 639-3 code of the language a page declares, else of the
    /// detected one; `null` when unsure.
    pub language: Option<&'static str>,
    /// Who the page says wrote it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// When the page says it was last changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
    pub encoding: &'static str,
    pub bytes: usize,
    pub words: usize,
    /// SHA-256 of the decoded text: the document's content id.
    pub sha256: String,
    pub credits: Vec<Credit>,
    pub photo_credits: Vec<PhotoCredit>,
    pub boilerplate: Vec<BoilerplateSpan>,
    pub self_duplication: Option<SelfDuplication>,
    /// A document of the archive the run was checked against, in the report
    /// because a new document touches it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub archived: bool,
}

/// The page's own outlet with the text that shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OutletEvidence {
    pub name: String,
    pub evidence: Evidence,
    pub method: OutletMethod,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct BoilerplateSpan {
    pub span: Span,
}

/// `provtrace compare`: two documents and what the second takes from the first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub schema_version: u32,
    pub tool: Tool,
    pub config: Config,
    pub skipped: Vec<Skipped>,
    pub documents: Vec<DocumentReport>,
    pub reuse: Reuse,
    /// The two texts, for renderers that show passages; not serialised.
    #[serde(skip)]
    pub texts: Vec<String>,
}

/// One aligned passage as the renderers show it.
struct ShownPassage<'a> {
    number: usize,
    /// `verbatim`, or `rewrite 0.72`.
    label: String,
    passage: &'a Passage,
    source: &'a str,
    target: &'a str,
}

impl Comparison {
    /// The passages with their texts, numbered from 1.
    fn shown_passages(&self) -> Vec<ShownPassage<'_>> {
        let position = |id: &str| self.documents.iter().position(|d| d.id == id);
        let (Some(si), Some(ti)) = (position(&self.reuse.source), position(&self.reuse.target))
        else {
            return Vec::new();
        };
        self.reuse
            .passages
            .iter()
            .enumerate()
            .map(|(n, p)| ShownPassage {
                number: n + 1,
                label: match p.kind {
                    PassageKind::Verbatim => "verbatim".to_string(),
                    PassageKind::Rewrite => format!("rewrite {:.2}", p.similarity),
                },
                passage: p,
                source: p.source_span.slice(&self.texts[si]),
                target: p.target_span.slice(&self.texts[ti]),
            })
            .collect()
    }
}

/// Formats of `provtrace compare`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComparisonFormat {
    /// Side by side for a terminal.
    Text,
    Markdown,
    Json,
    Html,
}

/// Renders a comparison for standard output.
pub fn render_comparison(
    comparison: &Comparison,
    format: ComparisonFormat,
) -> Result<String, serde_json::Error> {
    Ok(match format {
        ComparisonFormat::Text => text::render_comparison(comparison),
        ComparisonFormat::Markdown => markdown::render_comparison(comparison),
        ComparisonFormat::Json => serde_json::to_string_pretty(comparison)? + "\n",
        ComparisonFormat::Html => {
            html::render_comparison(comparison).map_err(serde::ser::Error::custom)?
        }
    })
}

impl Summary {
    /// The summary in one line, as the terminal and the reports say it.
    pub fn line(&self) -> String {
        use provtrace_common::count;
        format!(
            "{} ({} skipped): {} self-duplicated, {}, {}, {} in {}, {}",
            count(self.documents, "document", "documents"),
            self.skipped,
            self.self_duplicated,
            count(self.duplicate_clusters, "duplicate cluster", "duplicate clusters"),
            count(self.reuse_pairs, "reuse pair", "reuse pairs"),
            count(self.claims, "claim", "claims"),
            count(self.claim_clusters, "claim cluster", "claim clusters"),
            count(self.outlets, "outlet", "outlets"),
        ) + &if self.archived > 0 {
            format!(" ({} from the archive)", self.archived)
        } else {
            String::new()
        }
    }
}

/// Output formats of `analyze`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    /// `report.json`.
    Json,
    /// `report.md`.
    Markdown,
    /// `report.html`.
    Html,
    /// `graph.dot`.
    Dot,
    /// `reuse.csv` and `claims.csv`.
    Csv,
}

impl Format {
    /// The files this format writes.
    fn files(self) -> &'static [File] {
        match self {
            Format::Json => &[File::Json],
            Format::Markdown => &[File::Markdown],
            Format::Html => &[File::Html],
            Format::Dot => &[File::Dot],
            Format::Csv => &[File::ReuseCsv, File::ClaimsCsv],
        }
    }
}

/// One file of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum File {
    Json,
    Markdown,
    Html,
    Dot,
    ReuseCsv,
    ClaimsCsv,
}

impl File {
    const ALL: [File; 6] =
        [File::Json, File::Markdown, File::Html, File::Dot, File::ReuseCsv, File::ClaimsCsv];

    fn name(self) -> &'static str {
        match self {
            File::Json => "report.json",
            File::Markdown => "report.md",
            File::Html => "report.html",
            File::Dot => "graph.dot",
            File::ReuseCsv => "reuse.csv",
            File::ClaimsCsv => "claims.csv",
        }
    }

    /// Whether it is rendered from the reading view.
    fn viewed(self) -> bool {
        matches!(self, File::Markdown | File::Html)
    }

    /// Writes the file into `dir`; `view` is given to those that are
    /// [`viewed`](File::viewed).
    fn stage(self, report: &Report, view: Option<&view::View>, dir: &Path) -> Result<Staged> {
        let path = dir.join(self.name());
        let v =
            || view.unwrap_or_else(|| unreachable!("{} is rendered from the view", self.name()));
        let other = |message: String| std::io::Error::other(message);
        // The larger files are streamed, not held.
        stage(&path, |w| match self {
            File::Json => json::write(report, w),
            File::Markdown => w.write_all(markdown::render_report(v()).as_bytes()),
            File::Html => {
                w.write_all(html::render(v()).map_err(|e| other(e.to_string()))?.as_bytes())
            }
            File::Dot => dot::write(report, w),
            File::ReuseCsv => csv::reuse(report, w).map_err(|e| other(e.to_string())),
            File::ClaimsCsv => csv::claims(report, w).map_err(|e| other(e.to_string())),
        })
    }
}

/// Why `dedup`'s files could not be rendered (serialising never fails on
/// the types here; the error is kept rather than unwrapped).
#[derive(Debug)]
pub enum RenderError {
    Json(serde_json::Error),
    Csv(::csv::Error),
    Io(std::io::Error),
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::Json(e) => write!(f, "cannot render JSON: {e}"),
            RenderError::Csv(e) => write!(f, "cannot render CSV: {e}"),
            RenderError::Io(e) => write!(f, "cannot render: {e}"),
        }
    }
}

impl std::error::Error for RenderError {}

impl From<serde_json::Error> for RenderError {
    fn from(e: serde_json::Error) -> Self {
        RenderError::Json(e)
    }
}

impl From<::csv::Error> for RenderError {
    fn from(e: ::csv::Error) -> Self {
        RenderError::Csv(e)
    }
}

/// `dedup`'s `FILE.clusters.json`: the clusters and the skipped inputs,
/// the bytes `serde_json` writes for the whole, pretty, from the pieces a
/// run too large to hold its clusters writes one after another.
pub fn render_dedup_clusters(
    clusters: &[DuplicateCluster],
    skipped: &[Skipped],
) -> Result<Vec<u8>, RenderError> {
    let parts = clusters.iter().map(render_dedup_cluster).collect::<Result<Vec<_>, _>>()?;
    let mut out = dedup_clusters_head(!parts.is_empty()).to_string();
    out.push_str(&parts.join(DEDUP_CLUSTERS_SEPARATOR));
    out.push_str(&dedup_clusters_tail(!parts.is_empty(), skipped)?);
    Ok(out.into_bytes())
}

/// One cluster as it stands in `FILE.clusters.json`, indented to its place,
/// so that the clusters of a large run can be rendered where they are found
/// and joined ([`dedup_clusters_head`], [`DEDUP_CLUSTERS_SEPARATOR`],
/// [`dedup_clusters_tail`]).
pub fn render_dedup_cluster(cluster: &DuplicateCluster) -> Result<String, RenderError> {
    // Through a `Value`, whose keys are sorted, as `dedup` has always
    // written them.
    let value = serde_json::to_value(cluster)?;
    let pretty = serde_json::to_string_pretty(&value)?;
    // A JSON string holds no raw newline, so each line is a line of layout.
    Ok(pretty.lines().map(|line| format!("    {line}")).collect::<Vec<_>>().join("\n"))
}

/// What stands between two clusters of `FILE.clusters.json`, so that a
/// run too large to hold its clusters writes them one after another:
/// [`dedup_clusters_head`], the parts with this between them, then
/// [`dedup_clusters_tail`].
pub const DEDUP_CLUSTERS_SEPARATOR: &str = ",\n";

/// The start of `FILE.clusters.json`, before its first cluster (`any`: it
/// has clusters).
pub fn dedup_clusters_head(any: bool) -> &'static str {
    if any { "{\n  \"clusters\": [\n" } else { "{\n  \"clusters\": [" }
}

/// The end of `FILE.clusters.json`, after its last cluster: the skipped
/// inputs.
pub fn dedup_clusters_tail(any: bool, skipped: &[Skipped]) -> Result<String, RenderError> {
    let mut out = String::from(if any { "\n  ]" } else { "]" });
    out.push_str(",\n  \"skipped\": ");
    let skipped = serde_json::to_value(skipped)?;
    let skipped = serde_json::to_string_pretty(&skipped)?;
    out.push_str(&skipped.replace('\n', "\n  "));
    out.push_str("\n}");
    Ok(out)
}

/// Formats of `provtrace dedup`'s keep/drop list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DedupFormat {
    /// One JSON object a line.
    JsonLines,
    Csv,
}

/// `dedup`'s keep/drop list, one row a document.
pub fn render_dedup(rows: &[DedupRow], format: DedupFormat) -> Result<Vec<u8>, RenderError> {
    render_dedup_rows(rows, format, true)
}

/// Rows of `dedup`'s keep/drop list, with the CSV header or without: a
/// list written piece by piece is the pieces' bytes joined, the first with
/// the header.
pub fn render_dedup_rows(
    rows: &[DedupRow],
    format: DedupFormat,
    header: bool,
) -> Result<Vec<u8>, RenderError> {
    match format {
        DedupFormat::JsonLines => {
            let mut out = Vec::new();
            for row in rows {
                serde_json::to_writer(&mut out, row)?;
                out.push(b'\n');
            }
            Ok(out)
        }
        DedupFormat::Csv => {
            let mut w = ::csv::Writer::from_writer(Vec::new());
            if header {
                w.write_record(["id", "cluster", "keep", "duplicate_of", "jaccard"])?;
            }
            for r in rows {
                csv::record(
                    &mut w,
                    [
                        r.id.as_str(),
                        r.cluster.as_deref().unwrap_or_default(),
                        if r.keep { "true" } else { "false" },
                        r.duplicate_of.as_deref().unwrap_or_default(),
                        &r.jaccard.map(|j| j.to_string()).unwrap_or_default(),
                    ],
                )?;
            }
            w.into_inner().map_err(|e| RenderError::Io(e.into_error()))
        }
    }
}

/// `dedup`'s pairs as CSV: `a`, `b`, `jaccard`.
pub fn render_pairs(pairs: &[DuplicatePair]) -> Result<Vec<u8>, RenderError> {
    render_pair_rows(pairs, true)
}

/// Rows of `dedup`'s pairs, with the CSV header or without (see
/// [`render_dedup_rows`]).
pub fn render_pair_rows(pairs: &[DuplicatePair], header: bool) -> Result<Vec<u8>, RenderError> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    if header {
        w.write_record(["a", "b", "jaccard"])?;
    }
    for pair in pairs {
        let jaccard = serde_json::to_string(&pair.jaccard)?;
        csv::record(&mut w, [pair.a.as_str(), pair.b.as_str(), &jaccard])?;
    }
    w.into_inner().map_err(|e| RenderError::Io(e.into_error()))
}

/// Creates the output directory and checks that a file can be written in
/// it, or says why not, before any work is done.
pub fn prepare_dir(dir: &Path) -> Result<()> {
    let fail = |source| Error::Write { path: dir.to_path_buf(), source };
    if dir.exists() && !dir.is_dir() {
        let reason = "it is a file; the report goes into a directory (`-o DIR`)";
        return Err(fail(std::io::Error::new(std::io::ErrorKind::AlreadyExists, reason)));
    }
    std::fs::create_dir_all(dir).map_err(fail)?;
    drop(provtrace_common::temporary::create(Some(dir)).map_err(fail)?);
    Ok(())
}

/// Checks, before any work is done, that `path` can be written atomically:
/// its directory exists and takes a new file, and it is not a directory.
pub fn check_writable(path: &Path) -> Result<()> {
    let fail = |source| Error::Write { path: path.to_path_buf(), source };
    if path.is_dir() {
        return Err(fail(std::io::Error::other("it is a directory")));
    }
    drop(provtrace_common::temporary::create(Some(parent_dir(path))).map_err(fail)?);
    Ok(())
}

/// The directory a file is written in.
pub fn parent_dir(path: &Path) -> &Path {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// Locks `dir` against other provtrace runs writing there, for as long as
/// the returned file is open (the lock goes with the process, however it
/// ends). When another run holds it, calls `waiting` and then waits. Where
/// a directory cannot be opened as a file (not on Unix), nothing is locked.
pub fn lock_dir(dir: &Path, waiting: impl FnOnce()) -> Result<Option<std::fs::File>> {
    let Ok(handle) = std::fs::File::open(dir) else { return Ok(None) };
    let fail = |source| Error::Write { path: dir.to_path_buf(), source };
    match handle.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            waiting();
            handle.lock().map_err(fail)?;
        }
        // File systems without locks: go on unlocked, as git and cargo do.
        Err(std::fs::TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => {
            return Ok(None);
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(fail(e)),
    }
    Ok(Some(handle))
}

/// Locks the directories that `files` are written in, as [`lock_dir`]
/// does, each once and in the same order in every run, so that two runs
/// never each hold a lock the other waits for.
pub fn lock_dirs_of(files: &[&Path], waiting: impl Fn(&Path)) -> Result<Vec<std::fs::File>> {
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .map(|file| {
            let dir = parent_dir(file);
            std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())
        })
        .collect();
    dirs.sort();
    dirs.dedup();
    let mut locks = Vec::new();
    for dir in &dirs {
        locks.extend(lock_dir(dir, || waiting(dir))?);
    }
    Ok(locks)
}

/// Writes the report in each format into `dir` (created if needed) as one
/// set: every file is first written in full to a temporary file beside its
/// final name, and only when all are written are they renamed into place,
/// one after another with signals held off. A failure while writing (a full
/// disk) or an interrupt leaves the old set as it was, with no temporary
/// file. Once the new set is in place, report files of an earlier run in
/// formats not asked for this time are removed, so that the directory holds
/// one run's report and nothing a reader would take for part of it.
pub fn write(
    report: &Report,
    dir: &Path,
    formats: &[Format],
    run: &impl Parallel,
) -> Result<Written> {
    prepare_dir(dir)?;
    let mut files: Vec<File> = formats.iter().flat_map(|f| f.files()).copied().collect();
    files.dedup();
    let staged: Vec<std::sync::OnceLock<Result<Staged>>> =
        files.iter().map(|_| std::sync::OnceLock::new()).collect();
    let put = |i: usize, view: Option<&view::View>| {
        let _ = staged[i].set(files[i].stage(report, view, dir));
    };
    // A task a file, so that both cores stay busy to the end. The view that
    // Markdown and HTML share is made once, beside the files that do not
    // need it (report.json, the longest, among them).
    let (plain, viewed): (Vec<usize>, Vec<usize>) =
        (0..files.len()).partition(|&i| !files[i].viewed());
    let names: Vec<&str> = files.iter().map(|f| f.name()).collect();
    run.join(
        || drop(run.map(&plain, |_, &i| put(i, None))),
        || {
            if !viewed.is_empty() {
                let view = view::view(report, &names);
                drop(run.map(&viewed, |_, &i| put(i, Some(&view))));
            }
        },
    );
    let staged: Result<Vec<Staged>> = staged
        .into_iter()
        .map(|w| w.into_inner().unwrap_or_else(|| unreachable!("every file is staged")))
        .collect();
    let written = commit(staged?)?;
    let mut removed = Vec::new();
    let mut kept = Vec::new();
    for file in File::ALL.iter().filter(|f| !files.contains(f)) {
        let path = dir.join(file.name());
        if !path.is_file() {
            continue;
        }
        match std::fs::remove_file(&path) {
            Ok(()) => removed.push(path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => kept.push((path, e.to_string())),
        }
    }
    Ok(Written { written, removed, kept })
}

/// What [`write()`] did.
#[derive(Debug)]
pub struct Written {
    /// The report's files, in the order of the formats asked for.
    pub written: Vec<PathBuf>,
    /// Files of an earlier run, in formats not asked for this time, removed.
    pub removed: Vec<PathBuf>,
    /// Such files that could not be removed, with why.
    pub kept: Vec<(PathBuf, String)>,
}

/// A file written in full to a temporary file beside its path, not yet in
/// place; dropped, the temporary file is removed.
#[derive(Debug)]
pub struct Staged {
    temporary: provtrace_common::temporary::Temporary,
    path: PathBuf,
}

/// Writes a file's contents (buffered) to a temporary file beside `path`.
pub fn stage(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<Staged> {
    let fail = |source: std::io::Error| Error::Write { path: path.to_path_buf(), source };
    let mut temporary =
        provtrace_common::temporary::create(Some(parent_dir(path))).map_err(fail)?;
    {
        let mut buffered = std::io::BufWriter::with_capacity(1 << 20, temporary.file_mut());
        write(&mut buffered).map_err(fail)?;
        buffered.flush().map_err(fail)?;
    }
    // Temporary files are private; a report is not.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        temporary
            .file_mut()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(fail)?;
    }
    Ok(Staged { temporary, path: path.to_path_buf() })
}

/// Renames staged files into place, in order, with signals held off until
/// the last (see [`provtrace_common::temporary::rename_all`]). Returns their paths.
///
/// Not forced to disk (no fsync), as cp, tar and rsync do not: a reader
/// never sees a partial file, but after a power loss the file system may
/// hold the old report or an empty one. Forcing 130 MB of Reuters reports
/// to disk cost 6% of the whole run's wall time.
pub fn commit(staged: Vec<Staged>) -> Result<Vec<PathBuf>> {
    let paths: Vec<PathBuf> = staged.iter().map(|s| s.path.clone()).collect();
    provtrace_common::temporary::rename_all(
        staged.into_iter().map(|s| (s.temporary, s.path)).collect(),
    )
    .map_err(|(path, source)| Error::Write { path, source })?;
    Ok(paths)
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    commit(vec![stage(path, |w| w.write_all(bytes))?]).map(drop)
}

impl Report {
    /// A report of nothing, for tests and as a starting point.
    pub fn empty() -> Report {
        Report {
            schema_version: SCHEMA_VERSION,
            tool: Tool::default(),
            config: Config::default(),
            summary: Summary::default(),
            skipped: Vec::new(),
            documents: Vec::new(),
            duplicate_clusters: Vec::new(),
            reuse: Vec::new(),
            claims: Vec::new(),
            claim_clusters: Vec::new(),
            outlets: Vec::new(),
            graph: Graph::default(),
            texts: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The clusters file rendered cluster by cluster is the bytes of the
    /// whole rendered at once, with and without clusters and skipped inputs.
    #[test]
    fn dedup_clusters_file_is_its_parts_joined() {
        let cluster = DuplicateCluster {
            id: "dup-1".to_string(),
            members: vec!["a \"quoted\"\nname".to_string(), "b".to_string()],
            origin: None,
            origin_reason: "unknown: no member has a date".to_string(),
            jaccard_min: 0.8123,
            member_jaccard: vec![MemberJaccard { doc: "b".to_string(), jaccard: 0.8123 }],
        };
        let skipped = Skipped { input: "x.jsonl:3".to_string(), reason: "malformed".to_string() };
        for (clusters, skipped) in [
            (vec![], vec![]),
            (vec![cluster.clone()], vec![]),
            (vec![cluster.clone(), cluster.clone()], vec![skipped.clone(), skipped.clone()]),
            (vec![], vec![skipped.clone()]),
        ] {
            let whole = serde_json::to_vec_pretty(&serde_json::json!({
                "clusters": clusters,
                "skipped": skipped,
            }))
            .expect("JSON");
            let joined = render_dedup_clusters(&clusters, &skipped).expect("rendered");
            assert_eq!(String::from_utf8_lossy(&joined), String::from_utf8_lossy(&whole));
        }
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        write_atomic(&path, b"old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let names: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn unwritable_directory_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("plain-file");
        std::fs::write(&file, b"x").unwrap();
        let err = write(
            &Report::empty(),
            &file.join("sub"),
            &[Format::Json],
            &provtrace_common::Sequential,
        )
        .unwrap_err();
        assert!(err.to_string().contains("plain-file"), "{err}");
    }
}
