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

/// Real tags (a `<` that was not escaped) carrying an event handler, a
/// `javascript:` address, or a script, image, frame or object element.
fn dangerous_markup(html: &str) -> Vec<String> {
    found(
        &[
            r"(?i)<[a-z][^>]*\son[a-z]+\s*=",
            r#"(?i)<[a-z][^>]*(?:href|src|action)\s*=\s*["']?\s*javascript:"#,
            r"(?i)<(?:script|img|iframe|object|embed)\b",
        ],
        html,
    )
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
    assert_eq!(rows, 7);
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

#[test]
fn graphviz_accepts_graph_dot() {
    let Ok(found) = Command::new("dot").arg("-V").output() else {
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
