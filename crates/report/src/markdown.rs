//! Markdown: `provtrace compare` as a table for a pull request or a note.

use std::fmt::Write;

use provtrace_provenance::{EdgeKind, NodeKind};

use super::Comparison;

pub(super) fn render_comparison(c: &Comparison) -> String {
    let r = &c.reuse;
    let mut out = String::new();
    let _ = writeln!(out, "# {} → {}\n", cell(&r.source), cell(&r.target));
    let _ = writeln!(out, "| | |\n|---|---|");
    let _ = writeln!(out, "| derivation | {} |", super::json_name(&r.derivation));
    let _ = writeln!(out, "| coverage | {:.2} (verbatim {:.2}) |", r.coverage, r.verbatim_coverage);
    let _ = writeln!(out, "| jaccard | {:.2} |", r.jaccard);
    let _ = writeln!(out, "| direction | {} |", cell(&r.direction_reason));
    let shown = c.shown_passages();
    if shown.is_empty() {
        let _ = writeln!(out, "\nNo passage in common.");
        return out;
    }
    let _ = writeln!(out, "\n| # | kind | source | target |\n|---|---|---|---|");
    for shown in shown {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            shown.number,
            shown.label,
            cell(shown.source),
            cell(shown.target)
        );
    }
    out
}

/// Text made safe for one table cell: pipes, newlines, HTML and Markdown
/// markup characters escaped.
pub(super) fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\n' | '\r' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '*' | '_' | '`' | '[' | ']' | '\\' | '#' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// `report.md`: the story of the report for a terminal or a pull request,
/// with the graph as a Mermaid block.
pub(super) fn render_report(v: &super::view::View) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# provtrace report\n\n{}\n", cell(&v.summary));
    if let Some(limits) = &v.limits {
        let _ = writeln!(out, "{}\n", cell(limits));
    }
    let _ = writeln!(out, "## Provenance graph\n");
    let _ = writeln!(out, "{}\n", cell(&v.graph_note));
    let _ = writeln!(out, "{}", mermaid(v));
    let _ = writeln!(out, "## Claims and their origins\n");
    if v.claims.is_empty() {
        let _ = writeln!(out, "None found.\n");
    } else {
        let _ = writeln!(
            out,
            "| claim | origin | confidence | why | witnesses |\n|---|---|---|---|---|"
        );
    }
    for k in &v.claims {
        let mut witnesses: Vec<String> = k
            .witnesses
            .iter()
            .map(|w| match &w.taken {
                Some(t) => {
                    format!("{}: {} (← {} of {})", named(&w.doc), w.text, t.kind, named(&t.doc))
                }
                None => format!("{}: {}", named(&w.doc), w.text),
            })
            .collect();
        if k.more_witnesses > 0 {
            witnesses.push(format!("and {} more{}", k.more_witnesses, v.all_in));
        }
        let candidates: Vec<String> = k
            .candidates
            .iter()
            .map(|c| {
                let by: Vec<String> = c.witnesses.iter().map(named).collect();
                format!("{} (credited by {}: {})", c.outlet, by.join(", "), c.evidence.join("; "))
            })
            .collect();
        let why = if candidates.is_empty() {
            k.reason.clone()
        } else {
            format!("{} Candidates: {}", k.reason, candidates.join(" · "))
        };
        let _ = writeln!(
            out,
            "| {} {} | {}{} | {:.1} | {} | {} |",
            cell(&k.id),
            cell(&k.summary),
            if k.contested { "⚠ " } else { "" },
            cell(&k.origin),
            k.confidence,
            cell(&why),
            cell(&witnesses.join(" · "))
        );
    }
    let _ = writeln!(out, "\n### Quotations and statements one document makes\n");
    if v.said.is_empty() {
        let _ = writeln!(out, "None found.");
    } else {
        let _ = writeln!(out, "| document | said by | the sentence |\n|---|---|---|");
    }
    for r in &v.said {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            cell(&named(&r.doc)),
            cell(&r.speakers),
            cell(&r.text)
        );
    }
    let _ = writeln!(out, "\n## Outlets: who copies whom\n");
    let _ = writeln!(
        out,
        "| outlet | documents | copies from others | copied by others | credited by |\n|---|---|---|---|---|"
    );
    for o in &v.outlets {
        let mut documents: Vec<String> = o.documents.iter().map(named).collect();
        if o.more_documents > 0 {
            documents.push(format!("and {} more", o.more_documents));
        }
        let copies = |rows: &[super::view::CopyRow]| -> String {
            let said: Vec<String> = rows
                .iter()
                .map(|c| {
                    format!(
                        "{} → {} ({}; {}, coverage {:.2}; {})",
                        named(&c.source),
                        named(&c.target),
                        c.other_outlet,
                        c.derivation,
                        c.coverage,
                        if c.credited { "credited" } else { "not credited" }
                    )
                })
                .collect();
            if said.is_empty() { "none found".into() } else { said.join("; ") }
        };
        let credited_by: Vec<String> = o.credited_by.iter().map(named).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            cell(&o.name),
            cell(&documents.join(", ")),
            cell(&copies(&o.copies)),
            cell(&copies(&o.copied_by)),
            cell(&credited_by.join(", "))
        );
    }
    let _ = writeln!(out, "\n## Duplicate clusters\n");
    if v.duplicates.is_empty() {
        let _ = writeln!(out, "None found.");
    } else {
        let _ = writeln!(out, "| cluster | members | origin |\n|---|---|---|");
    }
    for c in &v.duplicates {
        let members: Vec<String> = c.members.iter().map(|(d, _)| named(d)).collect();
        let origin = c.origin.as_ref().map_or_else(|| "unknown".to_string(), named);
        let _ = writeln!(
            out,
            "| {} | {} | {} ({}) |",
            cell(&c.id),
            cell(&members.join(", ")),
            cell(&origin),
            cell(&c.reason)
        );
    }
    let _ = writeln!(out, "\n## Reused text\n");
    if v.reuse.is_empty() {
        let _ = writeln!(out, "None found.\n");
    }
    for r in &v.reuse {
        let _ = writeln!(
            out,
            "### {} → {}\n\n{}, coverage {:.2} (verbatim {:.2}), Jaccard {:.2}. {}\n\n| kind | source | target |\n|---|---|---|",
            cell(&named(&r.source)),
            cell(&named(&r.target)),
            cell(&r.derivation),
            r.coverage,
            r.verbatim_coverage,
            r.jaccard,
            cell(&r.direction)
        );
        for p in &r.passages {
            let _ =
                writeln!(out, "| {} | {} | {} |", cell(&p.kind), cell(&p.source), cell(&p.target));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Documents\n");
    let _ = writeln!(
        out,
        "| document | title | outlet | published | self-duplication | boilerplate lines |\n|---|---|---|---|---|---|"
    );
    for d in &v.documents {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            cell(&d.doc.id) + if d.archived { " (archived)" } else { "" },
            cell(&d.title),
            cell(&d.outlet),
            cell(&d.published),
            cell(&d.self_duplication),
            d.boilerplate.len()
        );
    }
    if !v.skipped.is_empty() {
        let _ = writeln!(out, "\n## Skipped inputs\n\n| input | reason |\n|---|---|");
        for (input, reason) in &v.skipped {
            let _ = writeln!(out, "| {} | {} |", cell(input), cell(reason));
        }
    }
    out
}

/// A document as people name it, with its id.
fn named(d: &super::view::DocLabel) -> String {
    if d.label == d.id { d.id.clone() } else { format!("{} [{}]", d.label, d.id) }
}

/// The drawn graph as a Mermaid flowchart.
fn mermaid(v: &super::view::View) -> String {
    let (nodes, edges) = (&v.drawn.nodes, &v.drawn.edges);
    let ids: std::collections::BTreeMap<&str, usize> =
        nodes.iter().enumerate().map(|(i, n)| (&*n.id, i)).collect();
    let mut out = String::from("```mermaid\nflowchart LR\n");
    for (i, n) in nodes.iter().enumerate() {
        let label = if n.tail.is_empty() {
            mermaid_label(&super::dot::label(&n.label, 48))
        } else {
            // The title is cut, never the outlet and date.
            let room = 48usize.saturating_sub(n.tail.chars().count() + 3).max(12);
            mermaid_label(&format!("{} ({})", super::dot::label(&n.label, room), n.tail))
        };
        let _ = match n.kind {
            NodeKind::Outlet => writeln!(out, "  n{i}[[\"{label}\"]]"),
            NodeKind::Claim => writeln!(out, "  n{i}{{\"{label}\"}}"),
            NodeKind::Document | NodeKind::Source => writeln!(out, "  n{i}(\"{label}\")"),
        };
    }
    for e in edges {
        let (Some(a), Some(b)) = (ids.get(&*e.from), ids.get(&*e.to)) else {
            continue;
        };
        let arrow =
            if matches!(e.kind, EdgeKind::DerivesFrom | EdgeKind::Credits | EdgeKind::AttributedTo)
            {
                "-.->"
            } else {
                "-->"
            };
        let _ = writeln!(out, "  n{a} {arrow}|{}| n{b}", e.kind);
    }
    out.push_str("```\n");
    out
}

/// Mermaid's entity escapes for characters that end or confuse a label.
fn mermaid_label(text: &str) -> String {
    text.replace('#', "#35;")
        .replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
        .replace('|', "#124;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_escape_hostile_text() {
        assert_eq!(
            cell("a|b\nc <script>x</script> *y*"),
            "a\\|b c &lt;script&gt;x&lt;/script&gt; \\*y\\*"
        );
    }
}
