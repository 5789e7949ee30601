//! Web pages through the binary: the article and its declared metadata, not
//! the page's chrome; one article in two sites' pages is one duplicate
//! cluster; `extract` writes what `analyze` reads; formats that are not
//! text are named when skipped.

use std::io::Read as _;
use std::path::Path;

use assert_cmd::Command;

fn provtrace() -> Command {
    Command::cargo_bin("provtrace").expect("binary built")
}

/// The article both sites carry.
const ARTICLE: &str = "<p>The council voted on Monday to close the old Millbrook bridge for \
repairs that will take two years, officials said, and traffic will use the ferry while the \
work goes on.</p>
<p>&#8220;We had no choice,&#8221; said Ann Ridley, the council leader. The repairs will cost \
12 million pounds, paid from the county&#8217;s roads budget and a government grant of \
4 million pounds.</p>
<p>Residents on both banks said the ferry would add half an hour to each crossing, and \
shopkeepers near the bridge feared they would lose trade for the whole two years of the work.</p>
<p>The bridge, built in 1891, carries about 9,000 vehicles a day. Engineers found cracks in \
two of its piers during an inspection in January.</p>";

/// A page of `site` carrying the article, in that site's chrome.
fn page(site: &str, own: &str, published: &str, canonical: &str, chrome: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Millbrook bridge to close for two years | {site}</title>
<meta property="og:title" content="Millbrook bridge to close for two years">
<meta property="og:site_name" content="{site}">
<meta property="og:url" content="{own}">
<meta property="article:published_time" content="{published}">
<link rel="canonical" href="{canonical}">
<script>window.offer = "Subscribe for 50% off: 3 months for 1 pound";</script>
<style>.nav {{ color: red; }}</style>
</head><body>
<header><nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a></nav>
<div class="promo">{chrome}</div></header>
<main><article><h1>Millbrook bridge to close for two years</h1>
{ARTICLE}
</article></main>
<aside><h3>Most read</h3><ul><li><a href="/a">Mayor opens 3 new parks</a></li>
<li><a href="/b">Weather: 20 cm of snow expected</a></li></ul></aside>
<footer>Copyright 2024 {site}. 1,500 employees. Cookie settings. Privacy policy.</footer>
</body></html>"#
    )
}

fn write_pages(dir: &Path) {
    let courier = "https://valleycourier.example/news/millbrook-bridge";
    let daily = "https://riversidedaily.example/2024/03/06/millbrook-bridge";
    let first = page(
        "The Valley Courier",
        courier,
        "2024-03-05T08:00:00Z",
        courier,
        "Subscribe to our newsletter: 7 days free",
    );
    let second = page(
        "Riverside Daily",
        daily,
        "2024-03-06T10:30:00Z",
        courier,
        "Download our app, rated 4.8 by 20,000 readers",
    );
    std::fs::write(dir.join("courier.html"), first).expect("write");
    std::fs::write(dir.join("daily.htm"), second).expect("write");
}

fn report_of(out: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(out.join("report.json")).expect("report.json");
    serde_json::from_str(&text).expect("JSON")
}

fn analyze(input: &Path, out: &Path) -> serde_json::Value {
    provtrace()
        .args(["analyze", "--quiet", "--attribution-model", "crf", "--format", "json", "-o"])
        .arg(out)
        .arg(input)
        .assert()
        .success();
    report_of(out)
}

#[test]
fn one_article_in_two_sites_pages_is_one_cluster_with_the_pages_metadata() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).expect("mkdir");
    write_pages(&pages);
    let report = analyze(&pages, &dir.path().join("out"));
    let docs = report["documents"].as_array().expect("documents");
    assert_eq!(docs.len(), 2);
    for (doc, outlet, date) in [
        (&docs[0], "The Valley Courier", "2024-03-05"),
        (&docs[1], "Riverside Daily", "2024-03-06"),
    ] {
        assert_eq!(doc["title"], "Millbrook bridge to close for two years");
        assert_eq!(doc["outlet"]["name"], outlet);
        assert_eq!(doc["outlet"]["method"], "metadata");
        assert_eq!(doc["published"]["date"], date);
        assert_eq!(doc["published"]["method"], "metadata");
    }
    // The language each page declares; the copy's canonical link is a
    // credit of the whole page to the site it names, by that site's name.
    assert!(docs.iter().all(|d| d["language"] == "eng"), "{docs:?}");
    assert_eq!(docs[0]["credits"], serde_json::json!([]));
    let credit = &docs[1]["credits"][0];
    assert_eq!(credit["outlet"], "The Valley Courier", "{credit}");
    assert_eq!(credit["cue"], "declared original");
    assert_eq!(credit["scope"], "document");
    assert_eq!(credit["declared"], "https://valleycourier.example/news/millbrook-bridge");
    let clusters = report["duplicate_clusters"].as_array().expect("clusters");
    assert_eq!(clusters.len(), 1, "{clusters:?}");
    assert_eq!(clusters[0]["members"], serde_json::json!(["courier.html", "daily.htm"]));
    assert_eq!(clusters[0]["origin"], "courier.html");
    // The article's figures are claims; nothing of the chrome is.
    let claims = report["claims"].as_array().expect("claims");
    let said: Vec<&str> = claims.iter().filter_map(|c| c["text"].as_str()).collect();
    assert!(said.iter().any(|c| c.contains("12 million pounds")), "{said:?}");
    for chrome in ["Subscribe", "newsletter", "app", "Copyright", "employees", "parks", "snow"] {
        assert!(!said.iter().any(|c| c.contains(chrome)), "{chrome} in {said:?}");
    }
}

#[test]
fn extract_writes_what_analyze_reads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).expect("mkdir");
    write_pages(&pages);
    let records = dir.path().join("pages.jsonl");
    provtrace().args(["extract", "--quiet", "-o"]).arg(&records).arg(&pages).assert().success();
    let text = std::fs::read_to_string(&records).expect("records");
    let lines: Vec<serde_json::Value> =
        text.lines().map(|l| serde_json::from_str(l).expect("a JSON record")).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "courier.html");
    assert_eq!(lines[0]["outlet"], "The Valley Courier");
    assert_eq!(lines[0]["published"], "2024-03-05T08:00:00Z");
    // The copy's own URL, and the original its canonical link names.
    assert_eq!(lines[1]["url"], "https://riversidedaily.example/2024/03/06/millbrook-bridge");
    assert_eq!(lines[1]["original"], "https://valleycourier.example/news/millbrook-bridge");
    assert!(lines[0].get("original").is_none(), "a canonical link to itself is no original");
    let body = lines[0]["text"].as_str().expect("text");
    assert!(body.starts_with("Millbrook bridge to close for two years\n\nThe council voted"));
    assert!(body.contains("\u{201c}We had no choice,\u{201d}"), "entities decoded: {body}");
    assert!(!body.contains("Subscribe") && !body.contains("Copyright"), "{body}");
    let from_pages = analyze(&pages, &dir.path().join("a"));
    let from_records = analyze(&records, &dir.path().join("b"));
    assert_eq!(from_pages["summary"], from_records["summary"]);
    assert_eq!(from_pages["claims"], from_records["claims"]);
}

#[test]
fn formats_that_are_not_text_are_named_with_what_to_do() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("story.txt"), "The council voted on Monday.").expect("write");
    std::fs::write(dir.path().join("report.pdf.txt"), "%PDF-1.7\n1 0 obj << >> endobj\n")
        .expect("write");
    std::fs::write(dir.path().join("letter.txt"), b"PK\x03\x04\x14\x00\x06\x00word/document.xml")
        .expect("write");
    let out = dir.path().join("out");
    let output = provtrace()
        .args(["analyze", "--attribution-model", "crf", "--format", "json", "-o"])
        .arg(&out)
        .arg(dir.path())
        .output()
        .expect("ran");
    assert!(output.status.success());
    let skipped = report_of(&out)["skipped"].clone();
    let reason = |input: &str| -> String {
        let found = skipped
            .as_array()
            .expect("skipped")
            .iter()
            .find(|s| s["input"].as_str().is_some_and(|i| i.ends_with(input)));
        found.and_then(|s| s["reason"].as_str()).unwrap_or_default().to_string()
    };
    assert!(reason("report.pdf.txt").starts_with("a PDF document: convert it"), "{skipped}");
    assert!(reason("letter.txt").contains(".docx"), "{skipped}");
}

/// A WARC record holding `page` as an HTTP response from `uri`, compressed
/// on its own as crawlers write them.
fn warc_record(uri: &str, page: &str) -> Vec<u8> {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{page}");
    let record = format!(
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: \
         2024-04-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n\
         Content-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, record.as_bytes()).expect("compressed");
    gz.finish().expect("compressed")
}

#[test]
fn the_pages_in_a_warc_give_the_same_report_and_a_cut_keeps_what_came_before() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).expect("mkdir");
    write_pages(&pages);
    let read = |name: &str| std::fs::read_to_string(pages.join(name)).expect("page");
    let request = b"WARC/1.1\r\nWARC-Type: request\r\nContent-Length: 0\r\n\r\n\r\n\r\n";
    let mut archive =
        warc_record("https://valleycourier.example/news/millbrook-bridge", &read("courier.html"));
    archive.extend(warc_record(
        "https://riversidedaily.example/2024/03/06/millbrook-bridge",
        &read("daily.htm"),
    ));
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, request).expect("compressed");
    archive.extend(gz.finish().expect("compressed"));
    let crawl = dir.path().join("crawl.warc.gz");
    std::fs::write(&crawl, &archive).expect("write");

    let from_pages = analyze(&pages, &dir.path().join("a"));
    let from_warc = analyze(&crawl, &dir.path().join("b"));
    assert_eq!(from_warc["summary"], from_pages["summary"]);
    let ids: Vec<&str> = from_warc["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter_map(|d| d["id"].as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "https://valleycourier.example/news/millbrook-bridge",
            "https://riversidedaily.example/2024/03/06/millbrook-bridge"
        ]
    );
    let titles = |r: &serde_json::Value| -> Vec<serde_json::Value> {
        r["documents"].as_array().expect("documents").iter().map(|d| d["title"].clone()).collect()
    };
    assert_eq!(titles(&from_warc), titles(&from_pages));
    let texts = |r: &serde_json::Value| -> Vec<serde_json::Value> {
        r["claims"].as_array().expect("claims").iter().map(|c| c["text"].clone()).collect()
    };
    assert_eq!(texts(&from_warc), texts(&from_pages));
    assert_eq!(from_warc["duplicate_clusters"].as_array().map(Vec::len), Some(1));

    // Cut in the middle of the second record: the first is read, the cut
    // listed with its offset.
    let first =
        warc_record("https://valleycourier.example/news/millbrook-bridge", &read("courier.html"));
    let mut plain = Vec::new();
    flate2::read::MultiGzDecoder::new(archive.as_slice())
        .read_to_end(&mut plain)
        .expect("decompressed");
    let mut first_plain = Vec::new();
    flate2::read::MultiGzDecoder::new(first.as_slice())
        .read_to_end(&mut first_plain)
        .expect("decompressed");
    let cut = dir.path().join("cut.warc");
    std::fs::write(&cut, &plain[..first_plain.len() + 300]).expect("write");
    let report = analyze(&cut, &dir.path().join("c"));
    assert_eq!(report["summary"]["documents"], 1);
    let skipped = report["skipped"].as_array().expect("skipped");
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    let input = skipped[0]["input"].as_str().expect("input");
    assert!(
        input.ends_with(&format!("cut.warc (record at byte {})", first_plain.len())),
        "{input}"
    );
    assert!(skipped[0]["reason"].as_str().expect("reason").contains("cut short"), "{skipped:?}");
}

#[test]
fn a_canonical_link_to_another_site_names_the_origin_when_dates_do_not() {
    let dir = tempfile::tempdir().expect("temp dir");
    let courier = "https://valleycourier.example/news/millbrook-bridge";
    let daily = "https://www.riversidedaily.example/2024/03/06/millbrook-bridge";
    // Neither page is dated; the copy comes first in reading order.
    let copy = page("Riverside Daily", daily, "", courier, "Download our app");
    let original = page("The Valley Courier", courier, "", courier, "Subscribe");
    std::fs::write(dir.path().join("a_daily.html"), copy).expect("write");
    std::fs::write(dir.path().join("b_courier.html"), original).expect("write");
    let report = analyze(dir.path(), &dir.path().join("out"));
    let clusters = report["duplicate_clusters"].as_array().expect("clusters");
    assert_eq!(clusters.len(), 1, "{clusters:?}");
    assert_eq!(clusters[0]["origin"], "b_courier.html", "{clusters:?}");
    let reason = clusters[0]["origin_reason"].as_str().expect("a reason");
    assert!(reason.contains("declare it their original"), "{reason}");
    // The copy's URL is its own, not the canonical one.
    let docs = report["documents"].as_array().expect("documents");
    assert!(docs.iter().all(|d| d["published"].is_null()));

    // Without the canonical link to the other site, nothing orders them.
    let plain = dir.path().join("plain");
    std::fs::create_dir(&plain).expect("mkdir");
    let copy = page("Riverside Daily", daily, "", daily, "Download our app");
    let original = page("The Valley Courier", courier, "", courier, "Subscribe");
    std::fs::write(plain.join("a_daily.html"), copy).expect("write");
    std::fs::write(plain.join("b_courier.html"), original).expect("write");
    let report = analyze(&plain, &dir.path().join("out2"));
    assert!(report["duplicate_clusters"][0]["origin"].is_null(), "{report}");
}
