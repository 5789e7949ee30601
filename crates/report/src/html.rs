//! `report.html`: one self-contained page (inline CSS and SVG, nothing
//! loaded from anywhere), printable. Every piece of article text goes
//! through minijinja's HTML auto-escaping; the one value marked safe is the
//! SVG of `svg.rs`, which escapes every label itself.

use minijinja::{Environment, Value, context};

use super::Comparison;
use super::view::View;

/// The page's one script: the claims filter and opening a folded part
/// that a link points into. The page reads the same without it.
pub const PAGE_SCRIPT: &str = r##"
(function () {
  "use strict";
  var panel = document.getElementById("claim-filter");
  if (panel) {
    panel.hidden = false;
    var query = document.getElementById("claim-query");
    var contested = document.getElementById("claim-contested");
    var count = document.getElementById("claim-count");
    var clusters = document.querySelectorAll("#claims-table tbody");
    var apply = function () {
      var words = query.value.trim().toLowerCase();
      var shown = 0;
      clusters.forEach(function (cluster) {
        var keep = (!contested.checked || cluster.classList.contains("contested")) &&
          (words === "" || cluster.textContent.toLowerCase().indexOf(words) !== -1);
        cluster.hidden = !keep;
        shown += keep ? 1 : 0;
      });
      count.textContent = shown + " of " + clusters.length + " claim clusters shown";
    };
    query.addEventListener("input", apply);
    contested.addEventListener("change", apply);
  }
  var reveal = function () {
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) return;
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    var inside = target.querySelector("details");
    if (inside) inside.open = true;
    target.scrollIntoView();
  };
  window.addEventListener("hashchange", reveal);
  reveal();
})();
"##;

const PAGE: &str = r##"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>provtrace report</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 76rem; padding: 0 1rem; color: #111827; }
h1 { font-size: 1.6rem; } h2 { border-bottom: 1px solid #e5e7eb; padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .2rem; }
nav a { margin-right: 1rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1.2rem; table-layout: fixed; }
th, td { border: 1px solid #e5e7eb; padding: .35rem .5rem; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
thead th { background: #f3f4f6; }
a { color: #1d4ed8; text-decoration: none; } a:hover { text-decoration: underline; }
a.doc .id, .print-only { display: none; }
.graph { overflow: auto; border: 1px solid #e5e7eb; padding: .5rem; }
.graph svg, details.story svg { max-width: 100%; height: auto; }
.legend .key { margin-right: 1rem; white-space: nowrap; }
th.cluster { background: #f9fafb; font-weight: normal; }
th.cluster .summary { font-weight: 600; }
tbody.contested th.cluster { background: #fef2f2; border-left: 4px solid #dc2626; }
.origin { font-weight: 600; color: #166534; }
.origin.contested { color: #b91c1c; }
.origin.unknown { color: #6b7280; }
ul.candidates { margin: .3rem 0; padding-left: 1.2rem; }
.candidate { color: #b91c1c; }
q { font-style: italic; }
mark { background: #fef08a; }
.muted { color: #6b7280; font-size: .9em; }
.pair { margin-bottom: 1.5rem; }
.filter { background: #f9fafb; padding: .4rem .6rem; border: 1px solid #e5e7eb; }
.filter input[type=search] { width: 22rem; }
section.document { border-top: 1px solid #e5e7eb; }
.text { white-space: pre-wrap; max-width: 52rem; }
.marks { position: sticky; top: 0; z-index: 2; background: #fff; margin: 0; padding: .4rem 0; border-bottom: 1px solid #e5e7eb; }
section.document { scroll-margin-top: 3rem; }
.claim { background: #fef3c7; }
.source { text-decoration: underline 2px #7c3aed; }
.credit { background: #dbeafe; }
.reused { box-shadow: inset 0 -2px #ea580c; }
.repeated { background: #fee2e2; }
.boilerplate { color: #9ca3af; }
tbody:target, section:target, tr:target, span:target { outline: 2px solid #f59e0b; }
@media print {
  .graph { overflow: visible; } h2 { break-after: avoid; }
  a.doc .id { display: inline; color: #6b7280; }
  .print-only { display: table; }
  .filter, nav, a.in-text { display: none; }
  .marks { position: static; }
}
</style>
</head>
<body>
{%- macro doc(d) %}<a class="doc" href="#{{ d.anchor }}" title="{{ d.id }}" data-doc="{{ d.id }}">{{ d.label }}<span class="id"> [{{ d.id }}]</span></a>{% endmacro %}
{%- macro copy(c) %}{{ doc(c.source) }} → {{ doc(c.target) }} ({{ c.other_outlet }}; {{ c.derivation }}, coverage {{ c.coverage | round(2) }}; {% if c.credited %}credited{% else %}<strong>not credited</strong>{% endif %}){% endmacro %}
<h1 id="top">provtrace report</h1>
<p>{{ v.summary }}</p>
<nav><a href="#graph">graph</a><a href="#claims">claims</a><a href="#outlets">outlets</a><a href="#duplicates">duplicate clusters</a><a href="#reuse">reused text</a><a href="#documents">documents</a>{% if v.skipped %}<a href="#skipped">skipped inputs</a>{% endif %}</nav>
{% if v.limits %}<p class="muted limits">{{ v.limits }}</p>{% endif %}

<h2 id="graph">Provenance graph</h2>
{% if v.legend %}<p class="legend">{% for l in v.legend %}<span class="key" data-kind="{{ l.kind }}"><svg width="32" height="10" aria-hidden="true"><line x1="0" y1="5" x2="32" y2="5" stroke="{{ l.colour }}" stroke-width="2"{% if l.dash %} stroke-dasharray="{{ l.dash }}"{% endif %}/></svg> {{ l.label }}</span>{% endfor %}<span class="muted">A dot marks the end an edge points to; each box links to its place below; hover for the evidence.</span></p>{% endif %}
<p class="muted">{{ v.graph_note }}</p>
<div class="graph">{{ svg }}</div>
{% if v.edges %}<table class="print-only"><thead><tr><th>from</th><th>relation</th><th>to</th><th>evidence</th></tr></thead><tbody>
{% for e in v.edges %}<tr><td>{{ e.from }}</td><td>{{ e.kind }}</td><td>{{ e.to }}</td><td>{{ e.evidence }}</td></tr>{% endfor %}
</tbody></table>{% endif %}

<h2 id="claims">Claims and their origins</h2>
{% if v.claims %}
<p id="claim-filter" class="filter" hidden><label>Show claim clusters containing <input id="claim-query" type="search" placeholder="words, an outlet, a document"></label> <label><input id="claim-contested" type="checkbox"> contested only</label> <span id="claim-count" class="muted"></span></p>
<table id="claims-table" class="claims">
<colgroup><col style="width:24%"><col style="width:52%"><col style="width:24%"></colgroup>
<thead><tr><th>document</th><th>the claim's sentence</th><th>attributed to (cue)</th></tr></thead>
{% for k in v.claims %}<tbody id="{{ k.id }}" class="{% if k.contested %}contested{% endif %}">
<tr><th colspan="3" class="cluster"><span class="summary">{{ k.id }}: {{ k.summary }}</span> — origin: {% if k.contested %}<span class="origin contested">⚠ contested</span>{% elif k.origin == "unknown" %}<span class="origin unknown">unknown</span>{% else %}<span class="origin">{{ k.origin }}</span>{% endif %} <span class="muted">(confidence {{ k.confidence }}; {{ k.documents }} {% if k.documents == 1 %}document{% else %}documents{% endif %})</span>
<div class="muted">{{ k.reason }}</div>
{% if k.contested and k.candidates %}<ul class="candidates">{% for c in k.candidates %}<li><strong class="candidate">{{ c.outlet }}</strong>: {% for e in c.evidence %}{{ e }}{% if not loop.last %} {% endif %}{% endfor %}</li>{% endfor %}</ul>{% endif %}
{% if k.graph %}<details class="story"><summary>drawing of this story</summary>{{ k.graph | safe }}</details>{% endif %}</th></tr>
{% for w in k.witnesses %}<tr><td>{{ doc(w.doc) }}</td><td>{{ w.text }} <a class="in-text" href="#{{ w.claim }}">in its text</a>{% if w.taken %}<div class="muted taken">← taken by {{ w.taken.kind }} from {{ doc(w.taken.doc) }}{% if w.taken.claim %} (<a href="#{{ w.taken.claim }}">its sentence</a>){% endif %}{% if w.taken.passage %}: <q>{{ w.taken.passage }}</q>{% endif %}</div>{% endif %}</td><td class="muted">{{ w.attributions }}</td></tr>
{% endfor %}{% if k.more_witnesses %}<tr><td colspan="3" class="muted">and {{ k.more_witnesses }} more {% if k.more_witnesses == 1 %}witness{% else %}witnesses{% endif %}{{ v.all_in }}</td></tr>
{% endif %}</tbody>
{% endfor %}</table>
{% else %}<p class="muted">None found: no sentence with a checkable quantity or quotation.</p>{% endif %}

<h3 id="said">Quotations and statements one document makes</h3>
{% if v.said %}<table>
<colgroup><col style="width:24%"><col style="width:20%"><col style="width:56%"></colgroup>
<thead><tr><th>document</th><th>said by</th><th>the sentence</th></tr></thead><tbody>
{% for r in v.said %}<tr><td>{{ doc(r.doc) }}</td><td>{{ r.speakers }}</td><td>{{ r.text }} <a class="in-text" href="#{{ r.claim }}">in its text</a></td></tr>
{% endfor %}</tbody></table>
{% else %}<p class="muted">None found: every quotation and attributed statement is in a cluster above, or there is none.</p>{% endif %}

<h2 id="outlets">Outlets: who copies whom</h2>
{% if v.outlets %}<table>
<thead><tr><th>outlet</th><th>documents</th><th>copies from others</th><th>copied by others</th><th>credited by</th></tr></thead><tbody>
{% for o in v.outlets %}<tr id="{{ o.anchor }}"><td>{{ o.name }}</td><td>{% for d in o.documents %}{{ doc(d) }}<br>{% else %}<span class="muted">none in the corpus</span>{% endfor %}{% if o.more_documents %}<span class="muted">and {{ o.more_documents }} more</span>{% endif %}</td><td>{% for c in o.copies %}{{ copy(c) }}<br>{% else %}<span class="muted">none found</span>{% endfor %}</td><td>{% for c in o.copied_by %}{{ copy(c) }}<br>{% else %}<span class="muted">none found</span>{% endfor %}</td><td>{% for d in o.credited_by %}{{ doc(d) }}<br>{% else %}<span class="muted">no document</span>{% endfor %}</td></tr>
{% endfor %}</tbody></table>
{% else %}<p class="muted">None found: no document names an outlet.</p>{% endif %}

<h2 id="duplicates">Duplicate clusters</h2>
{% if v.duplicates %}<table>
<colgroup><col style="width:8%"><col style="width:46%"><col style="width:46%"></colgroup>
<thead><tr><th>cluster</th><th>members (Jaccard with the origin)</th><th>origin</th></tr></thead>
{% for c in v.duplicates %}<tbody id="{{ c.id }}"><tr><td>{{ c.id }}</td><td>{% for m in c.members %}{{ doc(m[0]) }}{% if m[1] is not none %} <span class="muted">{{ m[1] }}</span>{% endif %}<br>{% endfor %}</td><td>{% if c.origin %}{{ doc(c.origin) }}{% else %}unknown{% endif %}<div class="muted">{{ c.reason }}</div></td></tr>
{% if c.graph %}<tr><td colspan="3"><details class="story"><summary>drawing of this cluster</summary>{{ c.graph | safe }}</details></td></tr>{% endif %}</tbody>
{% endfor %}</table>
{% else %}<p class="muted">None found: no two documents are near-duplicates.</p>{% endif %}

<h2 id="reuse">Reused text</h2>
{% for r in v.reuse %}
<div class="pair">
<p>{{ doc(r.source) }} → {{ doc(r.target) }}: {{ r.derivation }}, coverage {{ r.coverage }} (verbatim {{ r.verbatim_coverage }}), Jaccard {{ r.jaccard }}<br><span class="muted">{{ r.direction }}</span></p>
<table><colgroup><col style="width:12%"><col style="width:44%"><col style="width:44%"></colgroup><thead><tr><th>kind</th><th>source</th><th>reuse</th></tr></thead><tbody>
{% for p in r.passages %}<tr><td>{{ p.kind }}</td><td><mark>{{ p.source }}</mark></td><td><mark>{{ p.target }}</mark></td></tr>{% endfor %}
</tbody></table>
</div>
{% else %}<p class="muted">None found: no document reuses another's text.</p>
{% endfor %}

<h2 id="documents">Documents</h2>
<div class="documents">
<p class="muted marks">Marked in the texts: <span class="claim">a claim</span> · <span class="source">an attribution's source or cue</span> · <span class="credit">a credit</span> · <span class="reused">text shared with another document</span> · <span class="repeated">a repeat on the same page</span> · <span class="boilerplate">boilerplate</span>. Hover a mark to see what it is.</p>
{% for d in v.documents %}{% if d.pieces %}<section class="document" id="{{ d.doc.anchor }}">
<h3>{{ d.doc.label }} <span class="muted">[{{ d.doc.id }}]</span></h3>
<p class="muted">{% if d.archived %}archived · {% endif %}outlet: {{ d.outlet }} · published: {{ d.published }} · {{ d.language }}, {{ d.encoding }}, {{ d.words }} words{% if d.self_duplication %} · self-duplication: {{ d.self_duplication }}{% endif %}</p>
<details{% if v.open_texts %} open{% endif %}><summary>text: {{ d.marked }}</summary><div class="text">{% for p in d.pieces %}{% if p.class %}<span class="{{ p.class }}"{% if p.id %} id="{{ p.id }}"{% endif %}{% if p.title %} title="{{ p.title }}"{% endif %}>{{ p.text }}</span>{% else %}{{ p.text }}{% endif %}{% endfor %}</div></details>
</section>
{% endif %}{% endfor %}
</div>
{% if v.texts_left_out %}<h3>Documents whose texts the page has no room for</h3>
<table><colgroup><col style="width:40%"><col style="width:20%"><col style="width:20%"><col style="width:20%"></colgroup>
<thead><tr><th>document</th><th>outlet</th><th>published</th><th>read from</th></tr></thead><tbody>
{% for d in v.documents %}{% if not d.pieces %}<tr id="{{ d.doc.anchor }}"><td>{{ d.doc.label }} <span class="muted">[{{ d.doc.id }}]</span></td><td>{{ d.outlet }}</td><td>{{ d.published }}</td><td>{{ d.input }}{% if d.archived %} (archived){% endif %}</td></tr>
{% endif %}{% endfor %}</tbody></table>{% endif %}
{% if v.skipped %}
<h2 id="skipped">Skipped inputs</h2>
<table><thead><tr><th>input</th><th>reason</th></tr></thead><tbody>
{% for s in v.skipped %}<tr><td>{{ s[0] }}</td><td>{{ s[1] }}</td></tr>{% endfor %}
</tbody></table>
{% endif %}
<script>{{ script }}</script>
</body>
</html>
"##;

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
{% if passages %}<table><tr><th>kind</th><th>{{ source }}</th><th>{{ target }}</th></tr>
{% for p in passages %}<tr><td>{{ p.0 }}</td><td><mark>{{ p.1 }}</mark></td><td><mark>{{ p.2 }}</mark></td></tr>{% endfor %}
</table>{% else %}<p>No passage in common.</p>{% endif %}
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
    if v.drawn.nodes.is_empty() {
        return "<p class=\"muted\">No relations to draw.</p>".to_string();
    }
    super::svg::draw(&v.drawn)
}

pub(super) fn render(v: &View) -> Result<String, minijinja::Error> {
    let env = environment();
    let template = env.get_template("report.html")?;
    template.render(context! {
        v => Value::from(minijinja::value::Serde(v)),
        svg => Value::from_safe_string(svg(v)),
        script => Value::from_safe_string(PAGE_SCRIPT.to_string()),
    })
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
