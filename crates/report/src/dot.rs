//! `graph.dot`: the provenance graph for Graphviz. Labels come from article
//! text, so they are made safe for a quoted DOT string: no quotes,
//! backslashes or line breaks.

use std::io::{self, Write};

use provtrace_provenance::{EdgeKind, NodeKind};

/// Text made safe inside a quoted DOT string, at most `limit` characters.
pub(super) fn label(text: &str, limit: usize) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == limit {
            out.push('…');
            break;
        }
        match c {
            '"' => out.push('\''),
            '\\' => out.push('/'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn node_style(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Outlet => r##"shape=box, style=filled, fillcolor="#dbeafe""##,
        NodeKind::Claim => r##"shape=box, style=filled, fillcolor="#fef3c7""##,
        NodeKind::Document | NodeKind::Source => "shape=ellipse",
    }
}

fn edge_style(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Copies => r##"color="#dc2626""##,
        EdgeKind::DerivesFrom => r##"color="#ea580c", style=dashed"##,
        EdgeKind::Credits => r##"color="#2563eb", style=dotted"##,
        EdgeKind::OriginatesAt => r##"color="#16a34a""##,
        EdgeKind::AttributedTo => r##"color="#7c3aed", style=dotted"##,
        EdgeKind::Asserts | EdgeKind::Candidate | EdgeKind::PublishedBy => r##"color="#9ca3af""##,
    }
}

/// The whole graph, with each edge's kind and evidence as its label.
pub(super) fn write(report: &super::Report, out: &mut dyn io::Write) -> io::Result<()> {
    let g = &report.graph;
    let ids: rustc_hash::FxHashMap<&str, usize> =
        g.nodes.iter().enumerate().map(|(i, n)| (&*n.id, i)).collect();
    // Many small writes: a buffer of a known type takes them without a
    // dynamic call each.
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    out.write_all(b"digraph provenance {\n  rankdir=LR;\n")?;
    for (i, n) in g.nodes.iter().enumerate() {
        writeln!(
            out,
            "  n{i} [label=\"{}\", tooltip=\"{}\", {}];",
            label(&n.label, 60),
            label(&n.id, 200),
            node_style(n.kind)
        )?;
    }
    for e in &g.edges {
        let (Some(from), Some(to)) = (ids.get(&*e.from), ids.get(&*e.to)) else {
            continue;
        };
        writeln!(
            out,
            "  n{from} -> n{to} [label=\"{}\", tooltip=\"{}\", {}];",
            e.kind,
            label(&e.evidence, 200),
            edge_style(e.kind)
        )?;
    }
    out.write_all(b"}\n")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_cannot_break_out_of_strings() {
        assert_eq!(label("a \"quoted\"\\ title\nwith <b>", 100), "a 'quoted'/ title with <b>");
        assert_eq!(label("abcdef", 3), "abc…");
    }
}
