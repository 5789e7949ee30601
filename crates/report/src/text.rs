//! `provtrace compare` for a terminal: the two texts' aligned passages side
//! by side, wrapped to a fixed width.

use std::fmt::Write;

use super::{Comparison, DocumentReport};

/// Width of each column.
const COLUMN: usize = 38;

pub(super) fn render_comparison(c: &Comparison) -> String {
    let r = &c.reuse;
    let doc = |id: &str| c.documents.iter().find(|d| d.id == id);
    let mut out = String::new();
    let _ = writeln!(out, "source  {}", describe(doc(&r.source), &r.source));
    let _ = writeln!(out, "target  {}", describe(doc(&r.target), &r.target));
    let _ = writeln!(out, "direction: {}", r.direction_reason);
    let _ = writeln!(
        out,
        "derivation: {} (coverage {:.2}, verbatim {:.2}); jaccard {:.2}; {} passage{}",
        super::json_name(&r.derivation),
        r.coverage,
        r.verbatim_coverage,
        r.jaccard,
        r.passages.len(),
        if r.passages.len() == 1 { "" } else { "s" }
    );
    for shown in c.shown_passages() {
        let (p, label) = (shown.passage, &shown.label);
        let _ = writeln!(
            out,
            "\n[{}] {label}  source {}..{}  target {}..{}",
            shown.number,
            p.source_span.start,
            p.source_span.end,
            p.target_span.start,
            p.target_span.end
        );
        let left = textwrap::wrap(shown.source, COLUMN);
        let right = textwrap::wrap(shown.target, COLUMN);
        for i in 0..left.len().max(right.len()) {
            let l = left.get(i).map_or("", |s| s.as_ref());
            let r = right.get(i).map_or("", |s| s.as_ref());
            let pad = COLUMN.saturating_sub(textwrap::core::display_width(l));
            let _ = writeln!(out, "  {l}{} │ {r}", " ".repeat(pad));
        }
    }
    out
}

fn describe(doc: Option<&DocumentReport>, id: &str) -> String {
    let Some(doc) = doc else { return id.to_string() };
    let outlet = doc.outlet.as_ref().map_or("outlet unknown", |o| o.name.as_str());
    let date = doc.published.as_ref().and_then(|p| p.date.as_deref()).unwrap_or("date unknown");
    format!("{id} ({outlet}, {date}; {} words)", doc.words)
}
