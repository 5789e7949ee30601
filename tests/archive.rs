//! The archive through the binary: adding, re-adding, conflicts, removing,
//! exporting, analysing against it, bad archives, a killed add and two
//! adders at once.
#![allow(clippy::print_stderr)]

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use assert_cmd::Command;

fn provtrace() -> Command {
    Command::cargo_bin("provtrace").expect("binary built")
}

fn info(archive: &Path) -> String {
    let out = provtrace().args(["archive", "info"]).arg(archive).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn report_json(dir: &Path) -> serde_json::Value {
    let bytes = std::fs::read(dir.join("report.json")).expect("report written");
    serde_json::from_slice(&bytes).expect("valid JSON")
}

/// The samples as JSON Lines, cut in two: (all, the first `cut`, the rest).
fn sample_records(dir: &Path, cut: usize) -> (PathBuf, PathBuf, PathBuf) {
    let all = dir.join("all.jsonl");
    provtrace()
        .args(["extract", "--quiet", "-o"])
        .arg(&all)
        .arg(common::manifest_dir().join("samples"))
        .assert()
        .success();
    let text = std::fs::read_to_string(&all).expect("records");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() > cut + 3, "the samples hold {} records", lines.len());
    let (old, new) = (dir.join("old.jsonl"), dir.join("new.jsonl"));
    std::fs::write(&old, lines[..cut].join("\n") + "\n").expect("written");
    std::fs::write(&new, lines[cut..].join("\n") + "\n").expect("written");
    (all, old, new)
}

#[test]
fn adding_again_changes_nothing_and_another_text_is_refused_unless_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (all, _, _) = sample_records(dir.path(), 8);
    let archive = dir.path().join("a.archive");
    provtrace().args(["archive", "add", "-q"]).arg(&archive).arg(&all).assert().success();
    let first = info(&archive);
    assert!(first.contains("documents: 15\n"), "{first}");
    provtrace().args(["archive", "add", "-q"]).arg(&archive).arg(&all).assert().success();
    assert_eq!(info(&archive), first, "re-adding the same input changes nothing");

    let changed = dir.path().join("changed.jsonl");
    std::fs::write(&changed, "{\"id\": \"04_beacon_excerpt.txt\", \"text\": \"Another text.\"}\n")
        .expect("written");
    let out =
        provtrace().args(["archive", "add"]).arg(&archive).arg(&changed).output().expect("runs");
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("`04_beacon_excerpt.txt` is archived with another text: not added"),
        "{said}"
    );
    assert_eq!(info(&archive), first, "a refused document changes nothing");
    let out = provtrace()
        .args(["archive", "add", "--replace"])
        .arg(&archive)
        .arg(&changed)
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 replaced"));
    assert_ne!(info(&archive), first);
    // Put back and removed: the counts of an archive that never held it.
    provtrace()
        .args(["archive", "add", "-q", "--replace"])
        .arg(&archive)
        .arg(&all)
        .assert()
        .success();
    assert_eq!(info(&archive), first, "the original text back in place");
    let out = provtrace()
        .args(["archive", "remove"])
        .arg(&archive)
        .args(["04_beacon_excerpt.txt", "no-such-id"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("`no-such-id` is not in"));
    let export = dir.path().join("export.jsonl");
    provtrace().args(["archive", "export"]).arg(&archive).arg("-o").arg(&export).assert().success();
    let exported = std::fs::read_to_string(&export).expect("exported");
    assert_eq!(exported.lines().count(), 14);
    let originals = std::fs::read_to_string(&all).expect("records");
    for line in exported.lines() {
        assert!(originals.lines().any(|o| o == line), "exported as extracted: {line}");
    }
    let fresh = dir.path().join("fresh.archive");
    provtrace().args(["archive", "add", "-q"]).arg(&fresh).arg(&export).assert().success();
    assert_eq!(info(&archive), info(&fresh), "removing leaves the counts of never adding");
}

#[test]
fn new_documents_checked_against_the_archive_get_what_one_run_over_all_gives() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (all, old, new) = sample_records(dir.path(), 8);
    let archive = dir.path().join("a.archive");
    provtrace().args(["archive", "add", "-q"]).arg(&archive).arg(&old).assert().success();
    let (whole, part) = (dir.path().join("whole"), dir.path().join("part"));
    provtrace()
        .args(["analyze", "-q", "--format", "json", "-o"])
        .arg(&whole)
        .arg(&all)
        .assert()
        .success();
    // At one thread, before the add: the same report as at two.
    let one = dir.path().join("one");
    provtrace()
        .args(["analyze", "-q", "--threads", "1", "--format", "json,md", "-o"])
        .arg(&one)
        .arg(&new)
        .arg("--archive")
        .arg(&archive)
        .assert()
        .success();
    let out = provtrace()
        .args(["analyze", "--threads", "2", "--format", "json,md", "--add", "-o"])
        .arg(&part)
        .arg(&new)
        .arg("--archive")
        .arg(&archive)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("from the archive)"));
    assert_eq!(
        std::fs::read(one.join("report.json")).expect("report"),
        std::fs::read(part.join("report.json")).expect("report"),
        "byte-identical at any thread count"
    );
    let (whole, part_json) = (report_json(&whole), report_json(&part));
    let new_ids: BTreeSet<String> = std::fs::read_to_string(&new)
        .expect("records")
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("record")["id"]
                .as_str()
                .expect("id")
                .to_string()
        })
        .collect();
    let whole_documents = whole["documents"].as_array().expect("documents");
    for d in part_json["documents"].as_array().expect("documents") {
        let id = d["id"].as_str().expect("id");
        assert_eq!(d.get("archived").is_some(), !new_ids.contains(id), "{id} marked as it came");
        let same = whole_documents.iter().find(|w| w["id"] == d["id"]).expect("in the whole run");
        assert_eq!(d["encoding"], same["encoding"], "{id}: its encoding as read");
    }
    let clusters = |r: &serde_json::Value| -> BTreeSet<Vec<String>> {
        r["duplicate_clusters"]
            .as_array()
            .expect("clusters")
            .iter()
            .map(|c| {
                let members: Vec<String> = c["members"]
                    .as_array()
                    .expect("members")
                    .iter()
                    .map(|m| m.as_str().expect("id").to_string())
                    .collect();
                members
            })
            .filter(|m| m.iter().any(|id| new_ids.contains(id)))
            .collect()
    };
    assert!(!clusters(&whole).is_empty(), "the samples' new half has copies");
    assert_eq!(clusters(&part_json), clusters(&whole));
    let claim_clusters = |r: &serde_json::Value| -> BTreeSet<BTreeSet<(String, String)>> {
        let claims: std::collections::HashMap<&str, (String, String)> = r["claims"]
            .as_array()
            .expect("claims")
            .iter()
            .map(|c| {
                let key = (c["doc"].as_str().expect("doc").to_string(), c["text"].to_string());
                (c["id"].as_str().expect("id"), key)
            })
            .collect();
        r["claim_clusters"]
            .as_array()
            .expect("claim clusters")
            .iter()
            .map(|k| {
                k["claims"]
                    .as_array()
                    .expect("claims")
                    .iter()
                    .map(|c| claims[c.as_str().expect("id")].clone())
                    .collect::<BTreeSet<_>>()
            })
            .filter(|members| members.iter().any(|(doc, _)| new_ids.contains(doc)))
            .collect()
    };
    assert!(!claim_clusters(&whole).is_empty());
    assert_eq!(claim_clusters(&part_json), claim_clusters(&whole));
    let markdown = std::fs::read_to_string(part.join("report.md")).expect("markdown");
    assert!(markdown.contains("(archived)"), "the Markdown report marks archived documents");
    // `--add` added the new documents afterwards.
    assert!(info(&archive).contains("documents: 15\n"));
}

#[test]
fn a_file_that_is_no_archive_or_one_made_otherwise_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, old, new) = sample_records(dir.path(), 8);
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "some notes, not an archive").expect("written");
    for archive in [&notes, &dir.path().join("absent.archive")] {
        let out = provtrace()
            .args(["analyze", "-q", "-o"])
            .arg(dir.path().join("out"))
            .arg(&new)
            .arg("--archive")
            .arg(archive)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2));
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            said.contains("is not a provtrace archive") || said.contains("no archive at"),
            "{said}"
        );
        assert!(!said.contains("panicked"), "{said}");
    }
    let out =
        provtrace().args(["archive", "add", "-q"]).arg(&notes).arg(&old).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&notes).expect("kept"), "some notes, not an archive");
    // An archive cut short is damaged, said so, and no panic.
    let whole = dir.path().join("whole.archive");
    provtrace().args(["archive", "add", "-q"]).arg(&whole).arg(&old).assert().success();
    let bytes = std::fs::read(&whole).expect("archive");
    let cut = dir.path().join("cut.archive");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).expect("written");
    let shown = provtrace().args(["archive", "info"]).arg(&cut).output().expect("runs");
    let added =
        provtrace().args(["archive", "add", "-q"]).arg(&cut).arg(&new).output().expect("runs");
    for out in [shown, added] {
        assert_eq!(out.status.code(), Some(2));
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(said.contains("is damaged"), "{said}");
        assert!(!said.contains("panicked"), "{said}");
    }
    let archive = dir.path().join("a.archive");
    provtrace().args(["archive", "add", "-q"]).arg(&archive).arg(&old).assert().success();
    let config = dir.path().join("k7.toml");
    std::fs::write(&config, "[shingle]\nk = 7\n").expect("written");
    let analyze_k7 = || {
        provtrace()
            .args(["analyze", "-q", "-o"])
            .arg(dir.path().join("out"))
            .arg(&new)
            .arg("--archive")
            .arg(&archive)
            .arg("--config")
            .arg(&config)
            .output()
            .expect("runs")
    };
    let out = analyze_k7();
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("shingle.k: archive 5, this run 7"), "{said}");
    assert!(said.contains("provtrace archive rebuild"), "{said}");
    // Rebuilt from its stored texts, it is the archive an add with those
    // parameters makes, and the run goes on.
    provtrace()
        .args(["archive", "rebuild"])
        .arg(&archive)
        .arg("--config")
        .arg(&config)
        .assert()
        .success();
    let fresh = dir.path().join("k7.archive");
    provtrace()
        .args(["archive", "add", "-q", "--config"])
        .arg(&config)
        .arg(&fresh)
        .arg(&old)
        .assert()
        .success();
    assert_eq!(info(&archive), info(&fresh));
    assert!(info(&archive).contains("shingle.k: 7"));
    assert!(analyze_k7().status.success());
}

/// JSON Lines of `n` invented stories, each with its own words.
fn invented(path: &Path, n: usize) {
    let mut out = String::new();
    for i in 0..n {
        let words: Vec<String> =
            (0..120).map(|w| format!("w{}", (i * 7919 + w * 104_729) % 50_000)).collect();
        let record = serde_json::json!({"id": format!("story-{i}"), "text": words.join(" ") + "."});
        out.push_str(&record.to_string());
        out.push('\n');
    }
    std::fs::write(path, out).expect("written");
}

#[test]
fn an_add_killed_midway_opens_at_its_last_commit_and_completes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("stories.jsonl");
    invented(&input, 12_000);
    let whole = dir.path().join("whole.archive");
    provtrace().args(["archive", "add", "-q"]).arg(&whole).arg(&input).assert().success();
    let killed = dir.path().join("killed.archive");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("provtrace"))
        .args(["archive", "add", "-q"])
        .arg(&killed)
        .arg(&input)
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    std::thread::sleep(Duration::from_secs(1));
    let finished = child.try_wait().expect("waits").is_some();
    child.kill().ok();
    child.wait().expect("ends");
    if killed.exists() {
        // Whatever was committed opens.
        let after = info(&killed);
        assert!(after.contains("format version: 1"), "{after}");
    }
    eprintln!("the add had {} when killed", if finished { "finished" } else { "not finished" });
    provtrace().args(["archive", "add", "-q"]).arg(&killed).arg(&input).assert().success();
    assert_eq!(
        info(&killed),
        info(&whole),
        "completing a killed add gives the uninterrupted one's archive"
    );
}

#[test]
fn two_adders_wait_for_each_other() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (a, b) = (dir.path().join("a.jsonl"), dir.path().join("b.jsonl"));
    invented(&a, 3000);
    let text = std::fs::read_to_string(&a).expect("written").replace("story-", "other-");
    std::fs::write(&b, text).expect("written");
    let archive = dir.path().join("shared.archive");
    let start = |input: &Path| {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("provtrace"))
            .args(["archive", "add", "-q"])
            .arg(&archive)
            .arg(input)
            .stderr(Stdio::piped())
            .spawn()
            .expect("starts")
    };
    let (first, second) = (start(&a), start(&b));
    for child in [first, second] {
        let out = child.wait_with_output().expect("ends");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let together = info(&archive);
    assert!(together.contains("documents: 6000\n"), "{together}");
}
