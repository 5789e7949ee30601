//! A document's row: its facts, and its text cut into runs by the marks
//! (claims, sources, credits, reuse, repeats, boilerplate) that cover them.

use std::collections::BTreeMap;

use provtrace_text::clip;
use rustc_hash::FxHashMap;

use super::{DocumentRow, Labels, Piece};
use crate::{Report, json_name};
/// What the text view of each document marks, found once for all.
pub(super) struct Marks<'a> {
    claims: FxHashMap<usize, Vec<&'a crate::ClaimReport>>,
    cluster_of: FxHashMap<(usize, usize), &'a crate::ClaimCluster>,
    /// Reuse pairs each document takes part in.
    reuse: FxHashMap<usize, Vec<&'a crate::Reuse>>,
}

impl<'a> Marks<'a> {
    pub(super) fn new(report: &'a Report, labels: &Labels) -> Self {
        let mut claims: FxHashMap<usize, Vec<&crate::ClaimReport>> = FxHashMap::default();
        for c in &report.claims {
            claims.entry(c.doc).or_default().push(c);
        }
        let cluster_of = report
            .claim_clusters
            .iter()
            .flat_map(|k| k.members.iter().map(move |&m| (m, k)))
            .collect();
        let mut reuse: FxHashMap<usize, Vec<&crate::Reuse>> = FxHashMap::default();
        for r in &report.reuse {
            for id in [&r.source, &r.target] {
                if let Some(i) = labels.index(id) {
                    reuse.entry(i).or_default().push(r);
                }
            }
        }
        Marks { claims, cluster_of, reuse }
    }
}

/// One mark on a text: a span, its class and what it is in words.
pub(super) struct Mark {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) class: &'static str,
    pub(super) id: Option<String>,
    pub(super) title: String,
}

pub(super) fn document_row(
    report: &Report,
    labels: &Labels,
    marks: &Marks,
    i: usize,
    with_text: bool,
) -> DocumentRow {
    let d = &report.documents[i];
    let text = report.text(i);
    let mut found: Vec<Mark> = Vec::new();
    let mut push = |span: provtrace_text::span::Span, class, id, title| {
        found.push(Mark { start: span.start, end: span.end, class, id, title });
    };
    let claims = marks.claims.get(&i).map_or(&[][..], Vec::as_slice);
    for c in claims {
        let title = marks.cluster_of.get(&(c.doc, c.index)).map_or_else(
            || "claim".to_string(),
            |k| format!("claim {} “{}”: origin {}", k.id, k.summary, origin_words(k)),
        );
        push(c.claim.span, "claim", Some(c.id()), title);
        for a in &c.claim.attributions {
            if let Some(s) = a.source_span {
                push(
                    s,
                    "source",
                    None,
                    format!("source: {} ({})", a.source, json_name(&a.source_kind)),
                );
            }
            if let Some(s) = a.cue_span {
                push(s, "source", None, format!("cue “{}” for {}", a.cue, a.source));
            }
        }
    }
    for c in &d.credits {
        push(
            c.span,
            "credit",
            None,
            format!("credit: {} (“{}”, {})", c.outlet, c.cue, json_name(&c.scope)),
        );
    }
    for b in &d.boilerplate {
        push(
            b.span,
            "boilerplate",
            None,
            "boilerplate: recurs across the corpus; set aside".into(),
        );
    }
    if let Some(s) = &d.self_duplication {
        for seg in &s.segments {
            push(
                seg.span,
                "repeated",
                None,
                "repeated on this page: a later copy; set aside".into(),
            );
        }
    }
    let reuse = marks.reuse.get(&i).map_or(&[][..], Vec::as_slice);
    for r in reuse {
        let mine_is_source = labels.index(&r.source) == Some(i);
        let other = labels.get(if mine_is_source { &r.target } else { &r.source });
        for p in &r.passages {
            let span = if mine_is_source { p.source_span } else { p.target_span };
            let how = if mine_is_source { "reused by" } else { "taken from" };
            push(
                span,
                "reused",
                None,
                format!("{} passage {how} {}", json_name(&p.kind), other.label),
            );
        }
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for m in &found {
        *counts.entry(m.class).or_default() += 1;
    }
    let said = |class: &str, one: &str, many: &str| {
        counts.get(class).map(|&n| provtrace_common::count(n, one, many))
    };
    let marked: Vec<String> = [
        said("claim", "claim", "claims"),
        said("credit", "credit", "credits"),
        said(
            "reused",
            "passage shared with another document",
            "passages shared with other documents",
        ),
        said("repeated", "repeated passage", "repeated passages"),
        said("boilerplate", "boilerplate line", "boilerplate lines"),
    ]
    .into_iter()
    .flatten()
    .collect();
    DocumentRow {
        doc: labels.get(&d.id),
        title: d.title.clone().unwrap_or_default(),
        outlet: d
            .outlet
            .as_ref()
            .map_or_else(|| "unknown".into(), |o| format!("{} ({})", o.name, o.method)),
        published: d.published.as_ref().map_or_else(
            || "unknown".into(),
            |p| format!("{} ({}: “{}”)", p.date.as_deref().unwrap_or("no date"), p.method, p.text),
        ),
        language: d.language.unwrap_or("unknown").to_string(),
        encoding: d.encoding.to_string(),
        words: d.words,
        self_duplication: d.self_duplication.as_ref().map_or_else(String::new, |s| {
            format!(
                "{} copies; {} bytes repeated ({:.0}% of the page)",
                s.copies,
                s.repeated_bytes,
                s.fraction * 100.0
            )
        }),
        boilerplate: d.boilerplate.iter().map(|b| clip(b.span.slice(text), 120)).collect(),
        marked: if marked.is_empty() { "nothing marked".into() } else { marked.join(", ") },
        input: d.input.clone(),
        archived: d.archived,
        pieces: if with_text { pieces(text, found) } else { Vec::new() },
    }
}

pub(super) fn origin_words(k: &crate::ClaimCluster) -> String {
    match (&k.origin.outlet, k.origin.contested) {
        (Some(o), _) => o.clone(),
        (None, true) => "contested".into(),
        (None, false) => "unknown".into(),
    }
}

/// `text` cut at every mark's start and end, each run with the marks that
/// cover it.
pub(super) fn pieces(text: &str, mut marks: Vec<Mark>) -> Vec<Piece> {
    marks.retain(|m| {
        m.start < m.end
            && m.end <= text.len()
            && text.is_char_boundary(m.start)
            && text.is_char_boundary(m.end)
    });
    let mut cuts: Vec<usize> = marks.iter().flat_map(|m| [m.start, m.end]).collect();
    cuts.extend([0, text.len()]);
    cuts.sort_unstable();
    cuts.dedup();
    // Marks by start; those open at each cut are kept in `open`.
    marks.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    let mut next = 0;
    let mut open: Vec<&Mark> = Vec::new();
    let mut out = Vec::with_capacity(cuts.len());
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        open.retain(|m| m.end > a);
        // The anchor of the first mark starting here that has one.
        let mut id = None;
        while next < marks.len() && marks[next].start == a {
            if id.is_none() {
                id.clone_from(&marks[next].id);
            }
            open.push(&marks[next]);
            next += 1;
        }

        let mut classes: Vec<&str> = open.iter().map(|m| m.class).collect();
        classes.sort_unstable();
        classes.dedup();
        // Said where a mark starts, not again on each run it covers.
        let mut titles: Vec<&str> =
            open.iter().filter(|m| m.start == a).map(|m| m.title.as_str()).collect();
        titles.dedup();
        out.push(Piece {
            text: text[a..b].to_string(),
            class: classes.join(" "),
            id,
            title: titles.join("; "),
        });
    }
    out
}
