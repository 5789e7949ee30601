//! What people read: the report arranged for the Markdown and HTML
//! renderers (claims with their origins, the syndication audit per outlet,
//! duplicate clusters, reuse pairs with their passages' text, each
//! document's text with what was found in it marked, the drawn graph).
//! Documents are named by title, outlet and date, never by id alone. Plain
//! data; escaping is each renderer's job.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use super::{Report, json_name};
use provtrace_attribution::page::{DateMethod, Scope};
use provtrace_provenance::EdgeKind;
use provtrace_text::clip;

pub use crate::diagram::{Drawing, DrawnNode, EDGE_KINDS, edge_style};

mod document;
mod drawing;

use document::{Marks, document_row};
use drawing::{GraphIndex, drawn, edge_rows, legend};

/// Most documents and claims the main drawing shows; a larger graph is
/// drawn story by story, the largest first, and says so.
pub const MAX_DRAWN_NODES: usize = 120;

/// Most documents the main drawing shows.
pub const MAX_DRAWN_DOCS: usize = 60;

/// Most rows a section lists; a longer section says how many it left out.
pub const MAX_ROWS: usize = 300;

/// Most documents an outlet's row names; the rest are counted.
const MAX_OUTLET_DOCS: usize = 12;

/// Most documents a story's own drawing shows.
const MAX_STORY_DOCS: usize = 12;

/// Claim clusters and duplicate clusters drawn each on its own (the
/// first of each).
const STORY_DRAWINGS: usize = 60;

/// Bytes of document text the page shows at most.
const TEXT_BUDGET: usize = 1_000_000;

/// Most witnesses a claim cluster's rows show; the rest are counted.
const MAX_WITNESSES: usize = 10;

/// Texts of at most this many listed documents are shown open.
const OPEN_TEXTS: usize = 12;

/// Section anchors, which no document anchor may take.
const SECTIONS: [&str; 9] =
    ["graph", "claims", "said", "outlets", "duplicates", "reuse", "documents", "skipped", "top"];

#[derive(Serialize)]
pub struct View {
    pub summary: String,
    pub claims: Vec<ClaimRow>,
    /// Quotations and attributed statements that one document alone makes.
    pub said: Vec<SaidRow>,
    pub outlets: Vec<OutletRow>,
    pub duplicates: Vec<DuplicateRow>,
    pub reuse: Vec<ReuseRow>,
    pub documents: Vec<DocumentRow>,
    /// Whether the documents' texts are shown open (a small corpus).
    pub open_texts: bool,
    /// Whether some listed documents' texts are not shown.
    pub texts_left_out: bool,
    pub skipped: Vec<(String, String)>,
    /// What the main drawing shows and what it leaves out.
    pub graph_note: String,
    /// Edge kinds drawn, in legend order.
    pub legend: Vec<LegendItem>,
    /// The drawn edges in words, for print, where nothing can be hovered.
    pub edges: Vec<EdgeRow>,
    /// What the page leaves out, in one line (sections cut to
    /// [`MAX_ROWS`], documents not listed, texts not shown).
    pub limits: Option<String>,
    /// Where the rows left out are ("; report.json has them all").
    pub all_in: String,
    /// The main drawing (see `drawn`), chosen once for every renderer.
    #[serde(skip)]
    pub drawn: Drawing,
}

/// A document as people see it named: "title (outlet), date", with its id
/// and the anchor of its place in the page.
#[derive(Clone, Debug, Serialize)]
pub struct DocLabel {
    pub id: String,
    pub anchor: String,
    pub label: String,
    pub title: String,
}

#[derive(Serialize)]
pub struct ClaimRow {
    pub id: String,
    pub summary: String,
    pub origin: String,
    pub confidence: f64,
    pub contested: bool,
    pub reason: String,
    pub candidates: Vec<CandidateRow>,
    pub witnesses: Vec<Witness>,
    /// Witnesses not shown in `witnesses`.
    pub more_witnesses: usize,
    /// Documents among the witnesses.
    pub documents: usize,
    /// This story's own drawing (SVG), for claims made in several documents.
    pub graph: Option<String>,
}

/// A quotation or attributed statement no other document makes: who says
/// it and the words, linked to its sentence in the document's text.
#[derive(Serialize)]
pub struct SaidRow {
    pub doc: DocLabel,
    /// The claim's id, the anchor of its sentence in the document's text.
    pub claim: String,
    pub speakers: String,
    pub text: String,
}

#[derive(Serialize)]
pub struct CandidateRow {
    pub outlet: String,
    pub witnesses: Vec<DocLabel>,
    pub evidence: Vec<String>,
}

#[derive(Serialize)]
pub struct Witness {
    pub doc: DocLabel,
    /// The claim's id, the anchor of its sentence in the document's text.
    pub claim: String,
    pub text: String,
    pub attributions: String,
    /// Where this witness took the claim from, when it did.
    pub taken: Option<Taken>,
}

/// The link a witness took a claim through: the source document, its claim
/// (empty when none of its claims says it), `copy` or `rewrite`, and the
/// source's words in the aligned passage.
#[derive(Serialize)]
pub struct Taken {
    pub doc: DocLabel,
    pub claim: String,
    pub kind: &'static str,
    pub passage: String,
}

#[derive(Serialize)]
pub struct OutletRow {
    pub anchor: String,
    pub name: String,
    pub documents: Vec<DocLabel>,
    /// Documents of the outlet not named in `documents`.
    pub more_documents: usize,
    pub copies: Vec<CopyRow>,
    pub copied_by: Vec<CopyRow>,
    pub credited_by: Vec<DocLabel>,
}

/// One copy between outlets: `source` → `target`.
#[derive(Serialize)]
pub struct CopyRow {
    pub source: DocLabel,
    pub target: DocLabel,
    pub other_outlet: String,
    pub derivation: String,
    pub coverage: f64,
    pub credited: bool,
}

#[derive(Serialize)]
pub struct DuplicateRow {
    pub id: String,
    pub members: Vec<(DocLabel, Option<f64>)>,
    pub origin: Option<DocLabel>,
    pub reason: String,
    pub jaccard_min: f64,
    pub graph: Option<String>,
}

#[derive(Serialize)]
pub struct ReuseRow {
    pub source: DocLabel,
    pub target: DocLabel,
    pub derivation: String,
    pub coverage: f64,
    pub verbatim_coverage: f64,
    pub jaccard: f64,
    pub direction: String,
    pub passages: Vec<PassageRow>,
}

#[derive(Serialize)]
pub struct PassageRow {
    pub kind: String,
    pub source: String,
    pub target: String,
}

#[derive(Serialize)]
pub struct DocumentRow {
    pub doc: DocLabel,
    pub title: String,
    pub outlet: String,
    pub published: String,
    pub language: String,
    pub encoding: String,
    pub words: usize,
    pub self_duplication: String,
    pub boilerplate: Vec<String>,
    /// What the text view marks, counted ("3 claims, 1 credit").
    pub marked: String,
    /// Where the document was read from.
    pub input: String,
    /// Whether it came from the archive the run was checked against.
    pub archived: bool,
    /// The text, cut where a mark starts or ends; empty when the page has
    /// no room for it.
    pub pieces: Vec<Piece>,
}

/// A run of a document's text with the same marks.
#[derive(Serialize)]
pub struct Piece {
    pub text: String,
    /// Space-separated: `claim`, `credit`, `source`, `boilerplate`,
    /// `repeated`, `reused`; empty when unmarked.
    pub class: String,
    /// The anchor of a claim that starts here.
    pub id: Option<String>,
    /// What the marks that start here are, said in words.
    pub title: String,
}

#[derive(Serialize)]
pub struct EdgeRow {
    pub from: String,
    pub kind: String,
    pub to: String,
    pub evidence: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct LegendItem {
    pub kind: EdgeKind,
    pub label: &'static str,
    pub colour: &'static str,
    pub dash: &'static str,
}

/// Whether `anchor` has the form of an anchor the page gives to something
/// else: a claim cluster (`k11`), a duplicate cluster (`dup-1`), a claim
/// (`c1-2`), an outlet (`outlet-…`) or a section.
fn reserved(anchor: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    SECTIONS.contains(&anchor)
        || anchor.strip_prefix('k').is_some_and(digits)
        || anchor.strip_prefix("dup-").is_some_and(digits)
        || anchor
            .strip_prefix('c')
            .and_then(|s| s.split_once('-'))
            .is_some_and(|(a, b)| digits(a) && digits(b))
        || anchor.starts_with("outlet-")
}

/// Each document's anchor: its id, unless the id has whitespace (replaced
/// by `_`), is empty, or takes a name the page uses for something else
/// (then prefixed `doc-`); a clash gets a number.
fn anchors<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut used: FxHashSet<String> = SECTIONS.iter().map(|s| (*s).to_string()).collect();
    ids.map(|id| {
        let mut anchor: String =
            id.chars().map(|c| if c.is_whitespace() { '_' } else { c }).collect();
        if anchor.is_empty() || reserved(&anchor) || used.contains(&anchor) {
            anchor = format!("doc-{anchor}");
        }
        let base = anchor.clone();
        let mut n = 2;
        while used.contains(&anchor) {
            anchor = format!("{base}-{n}");
            n += 1;
        }
        used.insert(anchor.clone());
        anchor
    })
    .collect()
}

/// The anchor of an outlet's row, from the outlet's id or its graph node's
/// (`outlet:<id>`).
pub fn outlet_anchor(node_id: &str) -> String {
    format!("outlet-{}", node_id.strip_prefix("outlet:").unwrap_or(node_id))
}

/// Documents named for people.
struct Labels {
    position: FxHashMap<String, usize>,
    docs: Vec<DocLabel>,
    /// Each document's outlet, by position.
    outlets: Vec<Option<String>>,
    /// Each document's outlet and date, as its label ends: "China Topix,
    /// undated".
    tails: Vec<String>,
}

impl Labels {
    fn new(report: &Report) -> Self {
        let anchors = anchors(report.documents.iter().map(|d| d.id.as_str()));
        let mut tails = Vec::with_capacity(report.documents.len());
        let labels: Vec<DocLabel> = report
            .documents
            .iter()
            .zip(anchors)
            .map(|(d, anchor)| {
                let title = d.title.as_deref().map(|t| clip(t, 90)).unwrap_or_default();
                let outlet = d.outlet.as_ref().map_or("outlet unknown", |o| o.name.as_str());
                let date = match d.published.as_ref().map(|p| (p.method, p.date.as_deref())) {
                    Some((DateMethod::PageStamp, Some(date))) => {
                        format!("undated (page stamped {date})")
                    }
                    Some((_, Some(date))) => date.to_string(),
                    _ => "undated".to_string(),
                };
                let named = if title.is_empty() { d.id.as_str() } else { title.as_str() };
                // Short enough for a box's line: a page's stamp is no date.
                let short_date = match d.published.as_ref().map(|p| (p.method, p.date.as_deref())) {
                    Some((DateMethod::PageStamp, Some(date))) => format!("stamped {date}"),
                    _ => date.clone(),
                };
                tails.push(format!("{outlet}, {short_date}"));
                DocLabel {
                    id: d.id.clone(),
                    anchor,
                    label: format!("{named} ({outlet}), {date}"),
                    title,
                }
            })
            .collect();
        let position =
            report.documents.iter().enumerate().map(|(i, d)| (d.id.clone(), i)).collect();
        let outlets =
            report.documents.iter().map(|d| d.outlet.as_ref().map(|o| o.name.clone())).collect();
        Labels { position, docs: labels, outlets, tails }
    }

    fn index(&self, id: &str) -> Option<usize> {
        self.position.get(id).copied()
    }

    /// Document `id` named briefly, as a sentence names it: its title,
    /// clipped, and outlet; the id where it has no title.
    fn short(&self, id: &str) -> Option<String> {
        let i = self.index(id)?;
        let label = &self.docs[i];
        let outlet = self.outlets[i].as_deref().unwrap_or("outlet unknown");
        Some(if label.title.is_empty() {
            format!("{id} ({outlet})")
        } else {
            format!("“{}” ({outlet})", clip(&label.title, 60))
        })
    }

    /// `text` with each document id in it named as [`Labels::short`]
    /// names it: the reasons the report gives cite documents by id, and
    /// the page names them by title.
    fn name_documents(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 64);
        let mut rest = text;
        while !rest.is_empty() {
            let end = rest.find([' ', ',', ';', '(', ')', '\n']).unwrap_or(rest.len());
            let (token, after) = rest.split_at(end);
            let (id, colon) = match token.strip_suffix(':') {
                Some(id) if self.index(token).is_none() => (id, ":"),
                _ => (token, ""),
            };
            match self.short(id) {
                Some(short) => {
                    out.push_str(&short);
                    out.push_str(colon);
                }
                None => out.push_str(token),
            }
            let mut chars = after.chars();
            if let Some(c) = chars.next() {
                out.push(c);
            }
            rest = chars.as_str();
        }
        out
    }

    /// An evidence line, "ID: “cue” credits it ...", as a sentence: "In
    /// “Title” (Outlet), “cue” credits it ...".
    fn evidence(&self, line: &str) -> String {
        match line.split_once(": ").and_then(|(id, rest)| Some((self.short(id)?, rest))) {
            Some((short, rest)) => format!("In {short}, {rest}."),
            None => self.name_documents(line),
        }
    }

    /// The label of document `id`; an id the report does not hold is
    /// named by itself.
    fn get(&self, id: &str) -> DocLabel {
        self.index(id).map_or_else(
            || DocLabel {
                id: id.to_string(),
                anchor: String::new(),
                label: id.to_string(),
                title: String::new(),
            },
            |i| self.docs[i].clone(),
        )
    }
}

/// The first [`MAX_ROWS`] items, noting what is left out; rows are made
/// only for what is kept.
fn cap<I: ExactSizeIterator>(
    items: I,
    what: &'static str,
    cut: &mut Vec<(&'static str, usize)>,
) -> std::iter::Take<I> {
    if items.len() > MAX_ROWS {
        cut.push((what, items.len()));
    }
    items.take(MAX_ROWS)
}

/// The page's limits in one line: the sections cut to [`MAX_ROWS`] rows,
/// the documents listed and the texts shown; `None` when nothing is cut.
fn limits(
    cut: &[(&str, usize)],
    documents: Option<(usize, usize)>,
    texts: Option<(usize, usize)>,
    all_in: &str,
) -> Option<String> {
    let mut parts: Vec<String> = cut
        .iter()
        .map(|(what, total)| format!("the first {MAX_ROWS} of {} {what}", thousands(*total)))
        .collect();
    if let Some((listed, total)) = documents {
        parts.push(format!(
            "{} of {} documents (those named above, and the first {MAX_ROWS})",
            thousands(listed),
            thousands(total)
        ));
    }
    if let Some((shown, listed)) = texts {
        parts.push(format!(
            "the texts of {} of those {} (up to {} MB; each document's input says where the rest are)",
            thousands(shown),
            thousands(listed),
            TEXT_BUDGET as f64 / 1e6
        ));
    }
    let last = parts.pop()?;
    let list = if parts.is_empty() { last } else { format!("{} and {last}", parts.join(", ")) };
    Some(format!("This page lists {list}{all_in}."))
}

/// `n` with a comma between thousands: 48,456.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Where a cut section's full list is, given the files this run writes.
fn all_in(files: &[&str]) -> String {
    let full: Vec<&str> = ["report.json", "claims.csv", "reuse.csv"]
        .into_iter()
        .filter(|f| files.contains(f))
        .collect();
    match full.as_slice() {
        [] => "; `--format json` writes them all".to_string(),
        [one] => format!("; {one} has them all"),
        many => format!("; {} have them all", many.join(" and ")),
    }
}

/// The view of `report`; `files` are the names of the files this run
/// writes, which the notes on cut sections point to.
pub fn view(report: &Report, files: &[&str]) -> View {
    let labels = Labels::new(report);
    let all_in = all_in(files);
    let mut cut = Vec::new();
    let claim_of: FxHashMap<(usize, usize), &super::ClaimReport> =
        report.claims.iter().map(|c| ((c.doc, c.index), c)).collect();
    let graph = GraphIndex::new(report);
    // Documents the page names, in the order it first names them.
    let mut mentioned: Vec<usize> = Vec::new();
    let mut seen: FxHashSet<usize> = FxHashSet::default();
    let mut mention = |d: &DocLabel| {
        if let Some(i) = labels.index(&d.id).filter(|&i| seen.insert(i)) {
            mentioned.push(i);
        }
    };

    // Claims seen in more than one document first, then the rest.
    let mut order: Vec<(&super::ClaimCluster, usize)> = report
        .claim_clusters
        .iter()
        .map(|k| (k, k.members.iter().map(|&(d, _)| d).collect::<BTreeSet<_>>().len()))
        .collect();
    order.sort_by_key(|&(_, docs)| std::cmp::Reverse(docs));
    let claims: Vec<ClaimRow> =
        cap(order.into_iter(), "claim clusters (most witnesses first)", &mut cut)
            .enumerate()
            .map(|(row, (k, documents))| {
                // In the order the claim travelled: the texts that state it first,
                // then those that took it, each after its source.
                let depth = |m: &(usize, usize)| {
                    let mut at = *m;
                    let mut steps = 0;
                    while let Some(source) =
                        claim_of.get(&at).and_then(|c| c.link.as_ref()?.source())
                    {
                        if steps > k.members.len() || k.members.binary_search(&source).is_err() {
                            break;
                        }
                        at = source;
                        steps += 1;
                    }
                    steps
                };
                let mut members: Vec<&(usize, usize)> = k.members.iter().collect();
                members.sort_by_key(|m| (depth(m), **m));
                let witnesses: Vec<Witness> = members
                    .into_iter()
                    .take(MAX_WITNESSES)
                    .filter_map(|m| claim_of.get(m))
                    .map(|c| Witness {
                        taken: c.link.as_deref().map(|link| {
                            let d = link.doc;
                            let source = report.documents.get(d).map_or("", |x| x.id.as_str());
                            Taken {
                                doc: labels.get(source),
                                claim: link
                                    .claim
                                    .map(|c| provtrace_provenance::claim_id(d, c))
                                    .unwrap_or_default(),
                                kind: link.kind.name(),
                                passage: link
                                    .passage
                                    .map(|(from, _)| clip(from.slice(report.text(d)), 200))
                                    .unwrap_or_default(),
                            }
                        }),
                        doc: labels.get(report.claim_doc(c)),
                        claim: c.id(),
                        text: clip(report.claim_text(c), 400),
                        attributions: c
                            .claim
                            .attributions
                            .iter()
                            .map(|a| {
                                format!("{} ({}, “{}”)", a.source, json_name(&a.source_kind), a.cue)
                            })
                            .collect::<Vec<_>>()
                            .join("; "),
                    })
                    .collect();
                let candidates: Vec<CandidateRow> = k
                    .origin
                    .candidates
                    .iter()
                    .map(|c| CandidateRow {
                        outlet: c.outlet.clone(),
                        witnesses: c.witnesses.iter().map(|w| labels.get(w)).collect(),
                        evidence: c.evidence.iter().map(|e| labels.evidence(e)).collect(),
                    })
                    .collect();
                let origin = k.origin.outlet.clone().unwrap_or_else(|| {
                    if k.origin.contested { "contested".into() } else { "unknown".into() }
                });
                let graph = (documents > 1 && row < STORY_DRAWINGS).then(|| {
                    let story = graph.claim_story(&labels, &k.id);
                    super::svg::draw(&story)
                });
                ClaimRow {
                    id: k.id.clone(),
                    summary: k.summary.clone(),
                    origin,
                    confidence: k.origin.confidence,
                    contested: k.origin.contested,
                    reason: labels.name_documents(&k.origin.reason),
                    candidates,
                    more_witnesses: k.members.len().saturating_sub(witnesses.len()),
                    witnesses,
                    documents,
                    graph,
                }
            })
            .collect();
    for k in &claims {
        k.witnesses.iter().for_each(|w| mention(&w.doc));
        k.candidates.iter().flat_map(|c| &c.witnesses).for_each(&mut mention);
    }

    let outlet_of: BTreeMap<&str, &str> = report
        .documents
        .iter()
        .filter_map(|d| d.outlet.as_ref().map(|o| (d.id.as_str(), o.name.as_str())))
        .collect();
    let credits: BTreeMap<&str, BTreeSet<&str>> = report
        .documents
        .iter()
        .map(|d| (d.id.as_str(), d.credits.iter().map(|c| c.outlet.as_str()).collect()))
        .collect();
    let outlets: Vec<OutletRow> = report
        .outlets
        .iter()
        .map(|o| {
            let mine: BTreeSet<&str> = o.documents.iter().map(String::as_str).collect();
            let describe = |r: &super::Reuse, other: &str| CopyRow {
                source: labels.get(&r.source),
                target: labels.get(&r.target),
                other_outlet: outlet_of.get(other).copied().unwrap_or("outlet unknown").to_string(),
                derivation: json_name(&r.derivation),
                coverage: r.coverage,
                credited: credits.get(r.target.as_str()).is_some_and(|c| {
                    outlet_of.get(r.source.as_str()).is_some_and(|s| c.contains(s))
                }),
            };
            let between = |inward: bool| -> Vec<CopyRow> {
                report
                    .reuse
                    .iter()
                    .filter(|r| {
                        let (ours, theirs) =
                            if inward { (&r.target, &r.source) } else { (&r.source, &r.target) };
                        mine.contains(ours.as_str()) && !mine.contains(theirs.as_str())
                    })
                    .take(MAX_OUTLET_DOCS)
                    .map(|r| describe(r, if inward { &r.source } else { &r.target }))
                    .collect()
            };
            OutletRow {
                anchor: outlet_anchor(&o.id),
                name: o.name.clone(),
                documents: o
                    .documents
                    .iter()
                    .take(MAX_OUTLET_DOCS)
                    .map(|d| labels.get(d))
                    .collect(),
                more_documents: o.documents.len().saturating_sub(MAX_OUTLET_DOCS),
                copies: between(true),
                copied_by: between(false),
                credited_by: o
                    .credited_by
                    .iter()
                    .take(MAX_OUTLET_DOCS)
                    .map(|d| labels.get(d))
                    .collect(),
            }
        })
        .collect();
    for o in &outlets {
        o.documents.iter().chain(&o.credited_by).for_each(&mut mention);
        for c in o.copies.iter().chain(&o.copied_by) {
            mention(&c.source);
            mention(&c.target);
        }
    }

    // What one document alone quotes or attributes: claims without a
    // number in no cluster.
    let clustered: FxHashSet<(usize, usize)> =
        report.claim_clusters.iter().flat_map(|k| k.members.iter().copied()).collect();
    let alone: Vec<&super::ClaimReport> = report
        .claims
        .iter()
        .filter(|c| {
            !clustered.contains(&(c.doc, c.index))
                && c.claim.quantities.is_empty()
                && (!c.claim.quotes.is_empty()
                    || c.claim.attributions.iter().any(|a| a.scope != Scope::Document))
        })
        .collect();
    let said: Vec<SaidRow> =
        cap(alone.into_iter(), "quotations and statements one document makes", &mut cut)
            .map(|c| {
                let cued: Vec<&str> = c
                    .claim
                    .attributions
                    .iter()
                    .filter(|a| a.scope != Scope::Document)
                    .map(|a| a.source.trim())
                    .collect();
                let mut speakers: Vec<&str> = Vec::new();
                for s in cued.iter().filter(|s| !s.is_empty()) {
                    if !speakers.contains(s) {
                        speakers.push(s);
                    }
                }
                let speakers = match (speakers.is_empty(), cued.is_empty()) {
                    (false, _) => speakers.join("; "),
                    (true, false) => "a source the sentence does not name".to_string(),
                    (true, true) => "unattributed".to_string(),
                };
                SaidRow {
                    doc: labels.get(report.claim_doc(c)),
                    claim: c.id(),
                    speakers,
                    text: clip(report.claim_text(c), 400),
                }
            })
            .collect();
    for r in &said {
        mention(&r.doc);
    }

    let duplicates: Vec<DuplicateRow> =
        cap(report.duplicate_clusters.iter(), "duplicate clusters", &mut cut)
            .enumerate()
            .map(|(row, c)| {
                let jaccard: FxHashMap<&str, f64> =
                    c.member_jaccard.iter().map(|m| (m.doc.as_str(), m.jaccard)).collect();
                DuplicateRow {
                    id: c.id.clone(),
                    members: c
                        .members
                        .iter()
                        .map(|m| (labels.get(m), jaccard.get(m.as_str()).copied()))
                        .collect(),
                    origin: c.origin.as_deref().map(|o| labels.get(o)),
                    reason: labels.name_documents(&c.origin_reason),
                    jaccard_min: c.jaccard_min,
                    graph: (row < STORY_DRAWINGS)
                        .then(|| super::svg::draw(&graph.duplicate_story(&labels, &c.members))),
                }
            })
            .collect();
    for c in &duplicates {
        c.members.iter().for_each(|(d, _)| mention(d));
    }

    let reuse: Vec<ReuseRow> = cap(report.reuse.iter(), "reuse pairs", &mut cut)
        .map(|r| {
            let text_of = |id: &str| labels.index(id).map_or("", |i| report.text(i));
            ReuseRow {
                source: labels.get(&r.source),
                target: labels.get(&r.target),
                derivation: json_name(&r.derivation),
                coverage: r.coverage,
                verbatim_coverage: r.verbatim_coverage,
                jaccard: r.jaccard,
                direction: labels.name_documents(&r.direction_reason),
                passages: r
                    .passages
                    .iter()
                    .map(|p| PassageRow {
                        kind: if p.similarity >= 1.0 {
                            json_name(&p.kind)
                        } else {
                            format!("{} {:.2}", json_name(&p.kind), p.similarity)
                        },
                        source: clip(p.source_span.slice(text_of(&r.source)), 600),
                        target: clip(p.target_span.slice(text_of(&r.target)), 600),
                    })
                    .collect(),
            }
        })
        .collect();
    for r in &reuse {
        mention(&r.source);
        mention(&r.target);
    }

    // Every document the page names, and the first MAX_ROWS, in corpus
    // order; texts shown for those named first, up to TEXT_BUDGET bytes.
    let listed: Vec<usize> = mentioned
        .iter()
        .copied()
        .chain(0..report.documents.len().min(MAX_ROWS))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut budget = TEXT_BUDGET;
    let mut with_text: FxHashSet<usize> = FxHashSet::default();
    for &i in mentioned.iter().chain(&listed) {
        let len = report.text(i).len();
        if len > budget {
            continue;
        }
        if with_text.insert(i) {
            budget -= len;
        }
    }
    let limits = limits(
        &cut,
        (listed.len() < report.documents.len()).then_some((listed.len(), report.documents.len())),
        (with_text.len() < listed.len()).then_some((with_text.len(), listed.len())),
        &all_in,
    );
    let marks = Marks::new(report, &labels);
    let documents: Vec<DocumentRow> = listed
        .iter()
        .map(|&i| document_row(report, &labels, &marks, i, with_text.contains(&i)))
        .collect();

    let drawing = drawn(report, &labels, &graph);
    View {
        summary: report.summary.line(),
        claims,
        said,
        outlets,
        duplicates,
        reuse,
        open_texts: documents.len() <= OPEN_TEXTS,
        texts_left_out: documents.iter().any(|d| d.pieces.is_empty()),
        documents,
        limits,
        skipped: report.skipped.iter().map(|s| (s.input.clone(), s.reason.clone())).collect(),
        graph_note: drawing.note,
        all_in,
        legend: legend(&drawing.drawing.edges),
        edges: edge_rows(&drawing.drawing),
        drawn: drawing.drawing,
    }
}

#[cfg(test)]
mod tests {
    use super::document::{Mark, pieces};
    use super::*;

    fn mark(start: usize, end: usize, class: &'static str, id: Option<&str>) -> Mark {
        Mark { start, end, class, id: id.map(str::to_string), title: format!("{class} {start}") }
    }

    #[test]
    fn pieces_cover_the_text_once_with_the_marks_over_each_run() {
        let text = "Héllo brave new world.";
        let marks = vec![
            mark(0, 13, "claim", Some("c1-1")),
            mark(7, 16, "credit", None),
            // Not on a character boundary (inside "é"): left out.
            mark(2, 4, "source", None),
        ];
        let pieces = pieces(text, marks);
        let joined: String = pieces.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, text);
        let runs: Vec<(&str, &str)> =
            pieces.iter().map(|p| (p.text.as_str(), p.class.as_str())).collect();
        assert_eq!(
            runs,
            [("Héllo ", "claim"), ("brave ", "claim credit"), ("new", "credit"), (" world.", "")]
        );
        assert_eq!(pieces[0].id.as_deref(), Some("c1-1"));
        assert!(pieces[1].id.is_none());
        // Said where each mark starts, not again on the runs it goes on over.
        assert_eq!(pieces[1].title, "credit 7");
        assert_eq!(pieces[2].title, "");
    }

    #[test]
    fn anchors_are_ids_unless_taken_or_unsafe() {
        let ids = ["reuters-1", "k11", "dup-2", "a b", "a_b", "reuters-1x", "c3-4", "", "graph"];
        let got = anchors(ids.iter().copied());
        assert_eq!(
            got,
            [
                "reuters-1",
                "doc-k11",
                "doc-dup-2",
                "a_b",
                "doc-a_b",
                "reuters-1x",
                "doc-c3-4",
                "doc-",
                "doc-graph"
            ]
        );
    }
}
