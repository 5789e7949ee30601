//! The reports people read: HTML, Markdown, DOT and CSV, checked as text
//! and, where the tools are installed (`.ci/run` installs them), in headless
//! Chromium and Graphviz.
#![allow(clippy::print_stderr)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::Command as Cmd;
use regex::Regex;

fn analyze_to(inputs: &[&Path], config: Option<&Path>, out: &Path) {
    let mut cmd = Cmd::cargo_bin("provtrace").expect("binary");
    cmd.args(["analyze", "--quiet", "--format", "json,md,html,dot,csv", "-o"]).arg(out);
    if let Some(config) = config {
        cmd.arg("--config").arg(config);
    }
    cmd.args(inputs).assert().success();
}

fn samples_report() -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    let root = common::manifest_dir();
    analyze_to(&[&root.join("samples")], Some(&root.join("samples/provtrace.toml")), out.path());
    out
}

/// Every match of any of `patterns` in `html`.
fn found(patterns: &[&str], html: &str) -> Vec<String> {
    patterns
        .iter()
        .flat_map(|p| {
            Regex::new(p)
                .expect("pattern")
                .find_iter(html)
                .map(|m| m.as_str().to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The page's own script, which is the one script it may hold.
fn own_script() -> String {
    format!("<script>{}</script>", provtrace::report::PAGE_SCRIPT)
}

/// Real tags (a `<` that was not escaped) carrying an event handler or a
/// `javascript:` address, and script, image, frame or object elements
/// other than the page's own script. Attributes are read as a browser
/// reads them, names apart from (quoted) values, so that article text
/// shown inside a value, where it is inert, is not taken for markup.
fn dangerous_markup(html: &str) -> Vec<String> {
    let html = html.replacen(&own_script(), "", 1);
    let tag = Regex::new(
        r#"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*/?>"#,
    )
    .expect("pattern");
    let attribute =
        Regex::new(r#"([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?"#).expect("pattern");
    let mut found = Vec::new();
    for t in tag.captures_iter(&html) {
        let name = t[1].to_ascii_lowercase();
        if matches!(name.as_str(), "script" | "img" | "iframe" | "object" | "embed") {
            found.push(t[0].to_string());
        }
        for a in attribute.captures_iter(&t[2]) {
            let key = a[1].to_ascii_lowercase();
            let value = a.get(2).map_or("", |v| v.as_str()).trim_matches(['"', '\'']).trim();
            let script_address = matches!(key.as_str(), "href" | "src" | "action" | "xlink:href")
                && value.to_ascii_lowercase().starts_with("javascript:");
            if key.starts_with("on") || script_address {
                found.push(t[0].to_string());
            }
        }
    }
    found
}

#[test]
fn the_markup_check_finds_injected_markup() {
    for bad in [
        "<p><img src=x onerror=alert(1)></p>",
        "<div title=\"x\" onmouseover=\"alert(1)\">",
        "<a href=\" javascript:alert(1)\">x</a>",
        "<svg onload=alert(1)>",
        "<script>alert(1)</script>",
    ] {
        assert!(!dangerous_markup(bad).is_empty(), "missed {bad}");
    }
    for inert in [
        "<a title=\"c&quot;&gt;&lt;svg onload=alert(1)&gt;\" href=\"#a\">x</a>",
        "<p>&lt;img src=x onerror=alert(1)&gt; javascript:alert(1)</p>",
        "<a title='c\"><svg onload=alert(1)>'>x</a>",
    ] {
        assert!(dangerous_markup(inert).is_empty(), "{inert}: {:?}", dangerous_markup(inert));
    }
    let page = format!("<p>x</p>{}", own_script());
    assert!(dangerous_markup(&page).is_empty());
    assert!(!dangerous_markup(&format!("{page}{}", own_script())).is_empty(), "a second script");
}

/// Anything the page would load from elsewhere.
fn external_loads(html: &str) -> Vec<String> {
    found(
        &[
            r#"(?i)\s(?:src|href)\s*=\s*["']?\s*(?:https?:)?//"#,
            r"(?i)<link\b",
            r"(?i)@import",
            r"(?i)url\(\s*['\x22]?\s*(?:https?:)?//",
        ],
        html,
    )
}

#[test]
fn every_format_is_written_from_one_report() {
    let out = samples_report();
    for name in ["report.json", "report.md", "report.html", "graph.dot", "reuse.csv", "claims.csv"]
    {
        let bytes = std::fs::read(out.path().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!bytes.is_empty(), "{name} is empty");
    }
    let html = std::fs::read_to_string(out.path().join("report.html")).expect("html");
    assert!(html.contains("<svg"), "no drawn graph");
    for section in ["id=\"claims\"", "id=\"outlets\"", "id=\"reuse\"", "id=\"documents\""] {
        assert!(html.contains(section), "no {section}");
    }
    assert!(html.contains("17 seepage complaints") && html.contains("The Calder Ledger"));
    assert!(external_loads(&html).is_empty(), "{:?}", external_loads(&html));
    let md = std::fs::read_to_string(out.path().join("report.md")).expect("md");
    assert!(md.contains("```mermaid") && md.contains("| outlet | documents |"));
    let reuse = std::fs::read(out.path().join("reuse.csv")).expect("csv");
    let rows = csv::Reader::from_reader(reuse.as_slice()).records().count();
    assert_eq!(rows, 9);
    let claims = std::fs::read(out.path().join("claims.csv")).expect("csv");
    let mut reader = csv::Reader::from_reader(claims.as_slice());
    assert_eq!(reader.headers().expect("header").get(0), Some("claim"));
    assert!(reader.records().all(|r| r.is_ok()));
}

fn hostile_corpus(dir: &Path) {
    std::fs::write(
        dir.join("a_script.txt"),
        "<script>alert(1)</script> A Hostile \"Headline\"\n\nSource: Evil <b>Times</b>\n\nThe council said on Monday that 4,200 residents must leave their homes by Tuesday evening, officials told the Daily Herald. See javascript:alert(1) and https://evil.example/x\"onmouseover=alert(1).\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("b_copy.txt"),
        "\"><img src=x onerror=alert(1)> Copy\n\nThe council said on Monday that 4,200 residents must leave their homes by Tuesday evening, officials told the Daily Herald. See javascript:alert(1) and https://evil.example/x\"onmouseover=alert(1).\n",
    )
    .expect("write");
    let records = [
        serde_json::json!({"id": "c\"><svg onload=alert(1)>", "title": "Title with \"quotes\"\nand a newline <iframe>", "outlet": "Evil \"Outlet\"\n<script>x</script>", "url": "javascript:alert(1)", "text": "The council said on Monday that 4,200 residents must leave their homes by Tuesday evening, officials told the Daily Herald."}),
    ];
    let lines: Vec<String> = records.iter().map(ToString::to_string).collect();
    std::fs::write(dir.join("c_feed.jsonl"), lines.join("\n")).expect("write");
}

#[test]
fn hostile_text_never_becomes_markup() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    hostile_corpus(&corpus);
    let out = dir.path().join("out");
    analyze_to(&[&corpus], None, &out);
    let html = std::fs::read_to_string(out.join("report.html")).expect("html");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;"), "the hostile title is shown as text");
    assert!(dangerous_markup(&html).is_empty(), "{:?}", dangerous_markup(&html));
    assert!(external_loads(&html).is_empty(), "{:?}", external_loads(&html));
    let md = std::fs::read_to_string(out.join("report.md")).expect("md");
    assert!(!md.contains("<script") && !md.contains("<img"), "raw markup in Markdown");
    if let Some(chromium) = chromium() {
        let dom = dump_dom(&chromium, &out.join("report.html"), dir.path());
        assert!(dom.contains("<svg"), "no graph in the DOM");
        assert!(dangerous_markup(&dom).is_empty(), "{:?}", dangerous_markup(&dom));
    }
}

fn chromium() -> Option<PathBuf> {
    let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists());
    if found.is_none() {
        // CI never passes a test that did not run.
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "chromium is not installed, and CI=true"
        );
        eprintln!("skipping the browser check: chromium is not installed (.ci/run installs it)");
    }
    found
}

fn chromium_command(chromium: &Path, profile: &Path) -> Command {
    let mut cmd = Command::new(chromium);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
    ])
    .arg(format!("--user-data-dir={}", profile.join("chromium-profile").display()));
    cmd
}

fn dump_dom(chromium: &Path, page: &Path, profile: &Path) -> String {
    let output = chromium_command(chromium, profile)
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).to_string()
}

#[test]
fn the_report_renders_in_a_browser() {
    let Some(chromium) = chromium() else { return };
    let out = samples_report();
    let page = out.path().join("report.html");
    let dom = dump_dom(&chromium, &page, out.path());
    assert!(dom.contains("<svg"), "no graph in the DOM");
    assert!(dom.matches("<table").count() >= 4, "tables missing");
    assert!(dom.contains("Northwind Press"));
    // A screenshot for people to look at, kept with the build output.
    let shot = common::manifest_dir().join("target").join("report-screenshot.png");
    let status = chromium_command(&chromium, out.path())
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1280,1800")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    assert!(
        std::fs::metadata(&shot).is_ok_and(|m| m.len() > 10_000),
        "no screenshot at {}",
        shot.display()
    );
}

/// What the page shows once laid out in the browser: `report`'s page
/// with a checking script added at its end, whose findings come back in
/// the dumped DOM.
fn laid_out(chromium: &Path, report: &Path) -> serde_json::Value {
    let html = std::fs::read_to_string(report.join("report.html")).expect("html");
    let checked = report.join("checked.html");
    let html = html.replace("</body>", &format!("<script>{LAYOUT_CHECK}</script></body>"));
    std::fs::write(&checked, html).expect("write");
    let output = chromium_command(chromium, report)
        .arg("--window-size=1400,4000")
        .arg("--dump-dom")
        .arg(format!("file://{}", checked.display()))
        .output()
        .expect("chromium runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let dom = String::from_utf8_lossy(&output.stdout);
    let found = dom
        .split("<pre id=\"layout-check\">")
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next())
        .expect("the check ran");
    let found = found.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    serde_json::from_str(&found).expect("json")
}

/// In the laid-out page: each document label and the document it names;
/// each contested cluster and the candidates it lists; for each edge kind
/// in the legend, how many of its paths can be seen somewhere along their
/// length (the topmost element at some point of the path is the path).
const LAYOUT_CHECK: &str = r##"
(function () {
  var out = { labels: [], contested: [], legend: {}, anchors: [], boxes: [], drawings: [], reasons: [] };
  // Each document box in a drawing: its lines and the document it links to.
  document.querySelectorAll("svg a").forEach(function (a) {
    var g = a.querySelector("g.node");
    if (!g || g.getAttribute("data-kind") !== "document") return;
    var lines = [];
    g.querySelectorAll("tspan").forEach(function (t) { lines.push(t.textContent); });
    out.boxes.push([decodeURIComponent(a.getAttribute("href").slice(1)), lines]);
  });
  // Each drawing: the column headings it shows and the kinds of box it draws.
  document.querySelectorAll("svg[aria-label='provenance graph']").forEach(function (svg) {
    var headings = [], kinds = [];
    svg.querySelectorAll(":scope > text").forEach(function (t) { headings.push(t.textContent); });
    svg.querySelectorAll("g.node").forEach(function (g) { kinds.push(g.getAttribute("data-kind")); });
    var candidates = svg.querySelectorAll("path.edge[data-kind=candidate]").length;
    var story = svg.closest("tbody");
    out.drawings.push({ headings: headings, kinds: kinds, candidates: candidates, cluster: story ? story.id : "" });
  });
  document.querySelectorAll("th.cluster .muted, ul.candidates li").forEach(function (r) {
    out.reasons.push(r.textContent);
  });
  var text = document.querySelector(".text"), marks = document.querySelector(".marks");
  out.fonts = [getComputedStyle(document.body).fontFamily, text ? getComputedStyle(text).fontFamily : ""];
  out.marks = marks ? getComputedStyle(marks).position : "";
  out.limits = document.querySelectorAll(".limits").length;
  document.querySelectorAll("a.doc").forEach(function (a) {
    out.labels.push([a.getAttribute("data-doc"), a.textContent]);
  });
  document.querySelectorAll("#claims-table tbody.contested").forEach(function (b) {
    var names = [];
    b.querySelectorAll(".candidate").forEach(function (c) { names.push(c.textContent); });
    out.contested.push([b.id, names]);
  });
  document.querySelectorAll("[id]").forEach(function (e) { out.anchors.push(e.id); });
  window.scrollTo(0, 0);
  document.querySelectorAll(".legend .key").forEach(function (key) {
    var kind = key.getAttribute("data-kind");
    var seen = 0;
    document.querySelectorAll(".graph path.edge").forEach(function (p) {
      if (p.getAttribute("data-kind") !== kind) return;
      var length = p.getTotalLength(), m = p.getScreenCTM(), visible = false;
      for (var i = 1; i < 40 && !visible; i++) {
        var at = p.getPointAtLength(length * i / 40);
        var x = at.x * m.a + at.y * m.c + m.e, y = at.x * m.b + at.y * m.d + m.f;
        visible = document.elementFromPoint(x, y) === p;
      }
      seen += visible ? 1 : 0;
    });
    out.legend[kind] = seen;
  });
  var pre = document.createElement("pre");
  pre.id = "layout-check";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
"##;

/// Checks, in the browser, what a reader relies on: every document label
/// carries its title, every edge kind the legend names can be seen, each
/// contested cluster lists each candidate outlet, and claim clusters,
/// duplicate clusters and documents have anchors named by their ids.
fn check_laid_out(chromium: &Path, dir: &Path) {
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("report.json")).expect("json"))
            .expect("json");
    let found = laid_out(chromium, dir);
    let titles: std::collections::HashMap<&str, &str> = report["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| (d["id"].as_str().unwrap_or(""), d["title"].as_str().unwrap_or("")))
        .collect();
    let labels = found["labels"].as_array().expect("labels");
    assert!(!labels.is_empty(), "no document label");
    for label in labels {
        let (id, text) = (label[0].as_str().expect("id"), label[1].as_str().expect("text"));
        let title = titles.get(id).unwrap_or_else(|| panic!("a label of an unknown document {id}"));
        let said: String = title.split_whitespace().take(4).collect::<Vec<_>>().join(" ");
        assert!(
            text.contains(&said),
            "the label {text:?} of {id} does not carry its title {title:?}"
        );
    }
    let legend = found["legend"].as_object().expect("legend");
    assert!(!legend.is_empty(), "an empty legend");
    for (kind, seen) in legend {
        assert!(seen.as_u64() > Some(0), "no {kind} edge can be seen in the graph: {legend:?}");
    }
    let anchors: std::collections::HashSet<&str> =
        found["anchors"].as_array().expect("anchors").iter().filter_map(|a| a.as_str()).collect();
    for k in report["claim_clusters"].as_array().expect("clusters") {
        assert!(anchors.contains(k["id"].as_str().expect("id")), "no anchor for {}", k["id"]);
    }
    for c in report["duplicate_clusters"].as_array().expect("clusters") {
        assert!(anchors.contains(c["id"].as_str().expect("id")), "no anchor for {}", c["id"]);
    }
    for id in titles.keys() {
        assert!(anchors.contains(id), "no anchor for document {id}");
    }
    check_drawings(&report, &found);
    let contested: Vec<&serde_json::Value> = report["claim_clusters"]
        .as_array()
        .expect("clusters")
        .iter()
        .filter(|k| k["origin"]["contested"] == true)
        .collect();
    let shown = found["contested"].as_array().expect("contested");
    assert_eq!(shown.len(), contested.len(), "contested clusters shown as such");
    for k in contested {
        let row = shown.iter().find(|s| s[0] == k["id"]).expect("the contested cluster's rows");
        for candidate in k["origin"]["candidates"].as_array().expect("candidates") {
            assert!(
                row[1].as_array().expect("names").contains(&candidate["outlet"]),
                "{} does not list the candidate {}",
                k["id"],
                candidate["outlet"]
            );
        }
    }
}

/// The drawings and the words around them: each document box keeps its
/// outlet and date whatever the length of its title; a drawing heads only
/// the columns it fills; a contested claim's drawing draws every
/// candidate; reasons name documents by title, never by id; the texts are
/// in the page's font, under a legend that stays in view.
fn check_drawings(report: &serde_json::Value, found: &serde_json::Value) {
    let documents = report["documents"].as_array().expect("documents");
    let outlet_of = |id: &str| -> String {
        documents
            .iter()
            .find(|d| d["id"] == id)
            .and_then(|d| d["outlet"]["name"].as_str())
            .unwrap_or("outlet unknown")
            .to_string()
    };
    let boxes = found["boxes"].as_array().expect("boxes");
    assert!(!boxes.is_empty(), "no document box drawn");
    for b in boxes {
        let (anchor, lines) = (b[0].as_str().expect("anchor"), b[1].as_array().expect("lines"));
        let Some(doc) = documents.iter().find(|d| d["id"] == anchor) else { continue };
        let id = doc["id"].as_str().expect("id");
        let last = lines.last().and_then(|l| l.as_str()).unwrap_or_default();
        assert!(last.starts_with(&outlet_of(id)), "the box of {id} hides its outlet: {lines:?}");
    }
    let kind_of = |heading: &str| match heading {
        "documents" => "document",
        "claims" => "claim",
        _ => "outlet",
    };
    for d in found["drawings"].as_array().expect("drawings") {
        let kinds: Vec<&str> =
            d["kinds"].as_array().expect("kinds").iter().filter_map(|k| k.as_str()).collect();
        for heading in d["headings"].as_array().expect("headings").iter().filter_map(|h| h.as_str())
        {
            let kind = kind_of(heading);
            assert!(
                kinds.iter().any(|k| *k == kind || (kind == "outlet" && *k == "source")),
                "a drawing heads an empty column `{heading}`: {d}"
            );
        }
        let cluster = d["cluster"].as_str().unwrap_or_default();
        let k = report["claim_clusters"]
            .as_array()
            .expect("clusters")
            .iter()
            .find(|k| k["id"] == cluster);
        if let Some(k) = k.filter(|k| k["origin"]["contested"] == true) {
            let candidates = k["origin"]["candidates"].as_array().expect("candidates").len();
            assert_eq!(d["candidates"].as_u64(), Some(candidates as u64), "{cluster} draws {d}");
        }
    }
    for reason in found["reasons"].as_array().expect("reasons").iter().filter_map(|r| r.as_str()) {
        for d in documents.iter().filter(|d| d["title"].is_string()) {
            let id = d["id"].as_str().expect("id");
            assert!(!reason.contains(id), "a reason names {id} by its id: {reason}");
        }
    }
    let fonts = found["fonts"].as_array().expect("fonts");
    assert_eq!(fonts[0], fonts[1], "the texts change font");
    assert_eq!(found["marks"], "sticky", "the marks' legend scrolls out of view");
    assert!(found["limits"].as_u64() <= Some(1), "the page's limits are said more than once");
}

#[test]
fn a_reader_sees_titles_edges_candidates_and_anchors() {
    let Some(chromium) = chromium() else { return };
    let out = samples_report();
    check_laid_out(&chromium, out.path());
    // The seed pages hold a contested claim.
    let Some(seeds) = common::shared("seeds") else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    analyze_to(&[&seeds], None, dir.path());
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("report.json")).expect("json"))
            .expect("json");
    let clusters = report["claim_clusters"].as_array().expect("clusters");
    assert!(
        clusters.iter().any(|k| k["origin"]["contested"] == true),
        "the seeds' contested claim"
    );
    check_laid_out(&chromium, dir.path());
}

#[test]
fn a_rerun_with_fewer_formats_leaves_no_stale_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = common::manifest_dir();
    analyze_to(&[&root.join("samples")], Some(&root.join("samples/provtrace.toml")), dir.path());
    assert!(dir.path().join("graph.dot").exists());
    let out = Cmd::cargo_bin("provtrace")
        .expect("binary")
        .args(["analyze", "--quiet", "--format", "json,html", "-o"])
        .arg(dir.path())
        .arg(root.join("samples"))
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
        .collect();
    left.sort();
    assert_eq!(left, ["report.html", "report.json"]);
    for gone in ["report.md", "graph.dot", "reuse.csv", "claims.csv"] {
        assert!(
            stderr.contains(&format!("removed {}", dir.path().join(gone).display()))
                || stderr.contains(gone),
            "{gone} removed without a word: {stderr}"
        );
    }
    let html = std::fs::read_to_string(dir.path().join("report.html")).expect("html");
    assert!(!html.contains("CSV files"), "a note points to CSV files that were not written");
}

#[test]
fn graphviz_accepts_graph_dot() {
    let Ok(found) = Command::new("dot").arg("-V").output() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "Graphviz is not installed, and CI=true"
        );
        eprintln!("skipping: Graphviz `dot` is not installed (.ci/run installs it)");
        return;
    };
    assert!(found.status.success());
    let out = samples_report();
    let dir = tempfile::tempdir().expect("temp dir");
    hostile_corpus(dir.path());
    let hostile = tempfile::tempdir().expect("temp dir");
    analyze_to(&[dir.path()], None, hostile.path());
    for graph in [out.path().join("graph.dot"), hostile.path().join("graph.dot")] {
        let result = Command::new("dot").arg("-Tsvg").arg(&graph).output().expect("dot runs");
        assert!(
            result.status.success(),
            "{}: {}",
            graph.display(),
            String::from_utf8_lossy(&result.stderr)
        );
        assert!(String::from_utf8_lossy(&result.stdout).contains("<svg"));
    }
}

#[test]
fn compare_as_html() {
    let out = Cmd::cargo_bin("provtrace")
        .expect("binary")
        .current_dir(common::manifest_dir())
        .args([
            "compare",
            "samples/07_calder_ledger.txt",
            "samples/06_downstream_blog.txt",
            "--format",
            "html",
        ])
        .assert()
        .success();
    let html = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<mark>"));
    assert!(html.contains("Records released to the Ledger"));
    assert!(external_loads(&html).is_empty());
}
