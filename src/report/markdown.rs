//! Markdown: `provtrace compare` as a table for a pull request or a note.

use std::fmt::Write;

use super::Comparison;
use super::text::serde_name;
use crate::align::PassageKind;

pub(super) fn render_comparison(c: &Comparison) -> String {
    let r = &c.reuse;
    let mut out = String::new();
    let _ = writeln!(out, "# {} → {}\n", cell(&r.source), cell(&r.target));
    let _ = writeln!(out, "| | |\n|---|---|");
    let _ = writeln!(out, "| derivation | {} |", serde_name(&r.derivation));
    let _ = writeln!(out, "| coverage | {:.2} (verbatim {:.2}) |", r.coverage, r.verbatim_coverage);
    let _ = writeln!(out, "| jaccard | {:.2} |", r.jaccard);
    let _ = writeln!(out, "| direction | {} |", cell(&r.direction_reason));
    let position = |id: &str| c.documents.iter().position(|d| d.id == id);
    let (Some(si), Some(ti)) = (position(&r.source), position(&r.target)) else { return out };
    let _ = writeln!(out, "\n| # | kind | source | target |\n|---|---|---|---|");
    for (n, p) in r.passages.iter().enumerate() {
        let kind = match p.kind {
            PassageKind::Verbatim => "verbatim".to_string(),
            PassageKind::Rewrite => format!("rewrite {:.2}", p.similarity),
        };
        let _ = writeln!(
            out,
            "| {} | {kind} | {} | {} |",
            n + 1,
            cell(&c.texts[si][p.source_span.start..p.source_span.end]),
            cell(&c.texts[ti][p.target_span.start..p.target_span.end])
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
