//! `report.html`: one self-contained page (inline CSS and SVG, nothing
//! loaded from anywhere), printable. Every piece of article text goes
//! through minijinja's HTML auto-escaping; the one value marked safe is the
//! SVG of `svg.rs`, which escapes every label itself.

use minijinja::{Environment, Value, context};

use super::Comparison;
use super::view::View;

const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>provtrace report</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #111827; }
h1 { font-size: 1.6rem; } h2 { border-bottom: 1px solid #e5e7eb; padding-bottom: .2rem; margin-top: 2.2rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1.2rem; }
th, td { border: 1px solid #e5e7eb; padding: .35rem .5rem; vertical-align: top; text-align: left; }
th { background: #f9fafb; }
.graph { overflow: auto; border: 1px solid #e5e7eb; padding: .5rem; }
.graph svg { max-width: 100%; height: auto; }
.contested { background: #fef2f2; }
.origin { font-weight: 600; color: #166534; }
mark { background: #fef08a; }
.muted { color: #6b7280; font-size: .9em; }
.legend span { margin-right: 1rem; }
.pair { margin-bottom: 1.5rem; }
@media print { .graph { overflow: visible; } h2 { break-after: avoid; } }
</style>
</head>
<body>
<h1>provtrace report</h1>
<p>{{ v.summary }}</p>
{% for n in v.notes %}<p class="muted">{{ n }}</p>{% endfor %}

<h2 id="graph">Provenance graph</h2>
<p class="legend muted"><span style="color:#dc2626">— copies</span><span style="color:#ea580c">- - derives from</span><span style="color:#2563eb">··· credits</span><span style="color:#16a34a">— originates at</span><span style="color:#7c3aed">··· attributed to</span><span style="color:#9ca3af">— published by, asserts</span><span>a dot marks the end an edge points to; hover for the evidence</span></p>
{% if v.graph_note %}<p class="muted">{{ v.graph_note }}</p>{% endif %}
<div class="graph">{{ svg }}</div>

<h2 id="claims">Claims and their origins</h2>
{% for k in v.claims %}
<table class="{% if k.contested %}contested{% endif %}">
<tr><th colspan="3">{{ k.id }}: {{ k.summary }} — origin: <span class="origin">{{ k.origin }}</span> (confidence {{ k.confidence }})</th></tr>
<tr><td colspan="3" class="muted">{{ k.reason }}</td></tr>
{% for w in k.witnesses %}<tr><td>{{ w.doc }}</td><td>{{ w.text }}</td><td class="muted">{{ w.attributions }}</td></tr>{% endfor %}
</table>
{% endfor %}

<h2 id="outlets">Outlets: who copies whom</h2>
<table>
<tr><th>outlet</th><th>documents</th><th>copies from others</th><th>copied by others</th><th>credited by</th></tr>
{% for o in v.outlets %}<tr><td>{{ o.name }}</td><td>{{ o.documents | join(", ") }}</td><td>{% for c in o.copies %}{{ c }}<br>{% endfor %}</td><td>{% for c in o.copied_by %}{{ c }}<br>{% endfor %}</td><td>{{ o.credited_by | join(", ") }}</td></tr>{% endfor %}
</table>

<h2 id="reuse">Reused text</h2>
{% for r in v.reuse %}
<div class="pair">
<p><strong>{{ r.source }}</strong> → <strong>{{ r.target }}</strong>: {{ r.derivation }}, coverage {{ r.coverage }} (verbatim {{ r.verbatim_coverage }}), Jaccard {{ r.jaccard }}<br><span class="muted">{{ r.direction }}</span></p>
<table><tr><th>kind</th><th>{{ r.source }}</th><th>{{ r.target }}</th></tr>
{% for p in r.passages %}<tr><td>{{ p.kind }}</td><td><mark>{{ p.source }}</mark></td><td><mark>{{ p.target }}</mark></td></tr>{% endfor %}
</table>
</div>
{% endfor %}

<h2 id="documents">Documents</h2>
<table>
<tr><th>document</th><th>title</th><th>outlet</th><th>published</th><th>language, encoding, words</th><th>self-duplication</th><th>boilerplate set aside</th></tr>
{% for d in v.documents %}<tr><td>{{ d.id }}</td><td>{{ d.title }}</td><td>{{ d.outlet }}</td><td>{{ d.published }}</td><td>{{ d.language }}, {{ d.encoding }}, {{ d.words }}</td><td>{{ d.self_duplication }}</td><td class="muted">{% for b in d.boilerplate %}{{ b }}<br>{% endfor %}</td></tr>{% endfor %}
</table>
{% if v.skipped %}
<h2 id="skipped">Skipped inputs</h2>
<table><tr><th>input</th><th>reason</th></tr>
{% for s in v.skipped %}<tr><td>{{ s[0] }}</td><td>{{ s[1] }}</td></tr>{% endfor %}
</table>
{% endif %}
</body>
</html>
"#;

const COMPARE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>provtrace compare</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #e5e7eb; padding: .35rem .5rem; vertical-align: top; text-align: left; width: 45%; }
th:first-child, td:first-child { width: 10%; } mark { background: #fef08a; } .muted { color: #6b7280; }
</style></head>
<body>
<h1>{{ source }} → {{ target }}</h1>
<p>{{ derivation }}: coverage {{ coverage }} (verbatim {{ verbatim }}), Jaccard {{ jaccard }}<br><span class="muted">{{ direction }}</span></p>
<table><tr><th>kind</th><th>{{ source }}</th><th>{{ target }}</th></tr>
{% for p in passages %}<tr><td>{{ p.0 }}</td><td><mark>{{ p.1 }}</mark></td><td><mark>{{ p.2 }}</mark></td></tr>{% endfor %}
</table>
</body></html>
"#;

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    // Names ending in .html are auto-escaped.
    env.add_template("report.html", PAGE).unwrap_or_else(|e| unreachable!("report template: {e}"));
    env.add_template("compare.html", COMPARE)
        .unwrap_or_else(|e| unreachable!("compare template: {e}"));
    env
}

/// The drawn part of the graph as SVG.
fn svg(v: &View) -> String {
    let (nodes, edges) = &v.drawn;
    if nodes.is_empty() {
        return "<p class=\"muted\">No relations to draw.</p>".to_string();
    }
    super::svg::draw(nodes, edges)
}

pub(super) fn render(v: &View) -> Result<String, minijinja::Error> {
    let env = environment();
    let template = env.get_template("report.html")?;
    template.render(context! { v => Value::from(minijinja::value::Serde(v)), svg => Value::from_safe_string(svg(v)) })
}

pub(super) fn render_comparison(c: &Comparison) -> Result<String, minijinja::Error> {
    let env = environment();
    let template = env.get_template("compare.html")?;
    let passages: Vec<(String, String, String)> = c
        .shown_passages()
        .into_iter()
        .map(|p| (p.label, p.source.to_string(), p.target.to_string()))
        .collect();
    let r = &c.reuse;
    template.render(context! {
        source => &r.source, target => &r.target, derivation => super::json_name(&r.derivation),
        coverage => r.coverage, verbatim => r.verbatim_coverage, jaccard => r.jaccard,
        direction => &r.direction_reason, passages => Value::from(minijinja::value::Serde(&passages)),
    })
}
