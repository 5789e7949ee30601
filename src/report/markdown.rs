//! Markdown: `provtrace compare` as a table for a pull request or a note.

use std::fmt::Write;

use super::Comparison;
use super::text::serde_name;

pub(super) fn render_comparison(c: &Comparison) -> String {
    let r = &c.reuse;
    let mut out = String::new();
    let _ = writeln!(out, "# {} → {}\n", cell(&r.source), cell(&r.target));
    let _ = writeln!(out, "| | |\n|---|---|");
    let _ = writeln!(out, "| derivation | {} |", serde_name(&r.derivation));
    let _ = writeln!(out, "| coverage | {:.2} (verbatim {:.2}) |", r.coverage, r.verbatim_coverage);
    let _ = writeln!(out, "| jaccard | {:.2} |", r.jaccard);
    let _ = writeln!(out, "| direction | {} |", cell(&r.direction_reason));
    let _ = writeln!(out, "\n| # | kind | source | target |\n|---|---|---|---|");
    for shown in c.shown_passages() {
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
