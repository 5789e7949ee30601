//! Hostile and unlucky inputs and faults, run through the built binary: each
//! gets a clear reason and the batch goes on, and a failed or interrupted
//! run leaves the old report set whole.
#![cfg(unix)]

mod common;

use std::ffi::OsStr;
use std::io::{BufRead, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use assert_cmd::Command;

const STORY: &str = "The council voted on Monday to close the old bridge for repairs that \
                     will take two years, officials said, and traffic will use the ferry.";

fn provtrace() -> Command {
    let mut command = Command::cargo_bin("provtrace").expect("binary built");
    // Every case here ends quickly or not at all: a hang fails the test.
    command.timeout(Duration::from_mins(2));
    command
}

fn binary_path() -> PathBuf {
    assert_cmd::cargo::cargo_bin("provtrace")
}

/// `analyze --format json` on `inputs`, with `config` as the TOML
/// configuration; the report, standard error and exit code.
fn analyze(inputs: &[&Path], config: &str) -> (Option<serde_json::Value>, String, i32) {
    let dir = tempfile::tempdir().expect("temp dir");
    let config_path = dir.path().join("config.toml");
    std::fs::write(&config_path, config).expect("write");
    let out = dir.path().join("out");
    let output = provtrace()
        .args(["analyze", "--format", "json", "--config"])
        .arg(&config_path)
        .arg("-o")
        .arg(&out)
        .args(inputs)
        .output()
        .expect("ran");
    let report = std::fs::read(out.join("report.json"))
        .ok()
        .map(|b| serde_json::from_slice(&b).expect("valid JSON"));
    (
        report,
        String::from_utf8_lossy(&output.stderr).to_string(),
        output.status.code().unwrap_or(-1),
    )
}

fn ids(report: &serde_json::Value) -> Vec<String> {
    report["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| d["id"].as_str().expect("id").to_string())
        .collect()
}

fn reason(report: &serde_json::Value, input_ends: &str) -> String {
    report["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .find(|s| s["input"].as_str().is_some_and(|i| i.ends_with(input_ends)))
        .map_or_else(
            || panic!("{input_ends} not skipped: {}", report["skipped"]),
            |s| s["reason"].as_str().expect("reason").to_string(),
        )
}

/// Pseudo-random bytes with no NUL, the same on every run.
fn noise(len: usize) -> Vec<u8> {
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % 255) as u8 + 1
        })
        .collect()
}

/// Rows 8-12 and what a walk passes over: one document a case, each read
/// or skipped as the table says, in one run whose other documents go on.
#[test]
fn each_kind_of_input_is_read_or_skipped_with_its_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    let put = |name: &str, bytes: &[u8]| std::fs::write(corpus.join(name), bytes).expect("write");
    // Row 9: a byte-order mark before the first record.
    put(
        "bom.jsonl",
        format!("\u{feff}{}\n", serde_json::json!({"id": "bom", "text": STORY})).as_bytes(),
    );
    // Row 8: ids that would collide once made unique naively.
    let records = ["a", "a", "a#2"]
        .map(|id| serde_json::json!({"id": id, "text": format!("{id}: {STORY}")}).to_string());
    put("ids.jsonl", records.join("\n").as_bytes());
    // Row 12: a number no float holds.
    put(
        "number.jsonl",
        format!("{{\"id\": 123456789012345678901234567890, \"text\": \"{STORY}\"}}\n").as_bytes(),
    );
    // Row 10: UTF-8 with one bad byte, beside its clean copy.
    let clean = format!("Café owners said on Monday that {STORY} “It matters,” one said.");
    put("clean.txt", clean.as_bytes());
    let mut broken = clean.clone().into_bytes();
    broken.insert(20, 0xff);
    put("one_bad_byte.txt", &broken);
    // Row 11: 30 KB of random bytes, none of them NUL.
    put("noise.txt", &noise(30_000));
    // Passed over by design: another ending, a hidden file.
    put("notes.md", STORY.as_bytes());
    put(".hidden.txt", STORY.as_bytes());

    let (report, stderr, code) = analyze(&[&corpus], "");
    assert_eq!(code, 0, "{stderr}");
    let report = report.expect("report");
    let ids = ids(&report);
    assert!(ids.contains(&"bom".to_string()), "{ids:?}");
    let numbered: Vec<&String> = ids.iter().filter(|i| i.starts_with('a')).collect();
    assert_eq!(numbered, ["a", "a#2", "a#2#2"], "every id unique, the rule of ingest::Ids");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    assert!(ids.contains(&"123456789012345678901234567890".to_string()), "{ids:?}");
    let doc = |id: &str| {
        report["documents"].as_array().expect("docs").iter().find(|d| d["id"] == id).cloned()
    };
    let bad = doc("one_bad_byte.txt").expect("read");
    assert_eq!(bad["encoding"], "utf-8 (invalid bytes replaced)");
    let together = report["duplicate_clusters"].as_array().expect("clusters").iter().any(|c| {
        let members = c["members"].as_array().expect("members");
        members.contains(&"clean.txt".into()) && members.contains(&"one_bad_byte.txt".into())
    });
    assert!(together, "the copy with one bad byte is a near-duplicate of its clean copy");
    assert!(reason(&report, "noise.txt").starts_with("binary"));
    assert!(doc("notes.md").is_none());
    assert!(
        stderr.contains("passed over 1 file with other endings")
            && stderr.contains("1 hidden file"),
        "{stderr}"
    );
}

/// Row 1: a FIFO inside a walked directory is skipped without opening it.
#[test]
fn a_fifo_in_a_walked_directory_is_skipped_without_blocking() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    std::fs::write(corpus.join("story.txt"), STORY).expect("write");
    let fifo = corpus.join("pipe.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let (report, stderr, code) = analyze(&[&corpus], "");
    assert_eq!(code, 0, "{stderr}");
    let report = report.expect("report");
    assert_eq!(ids(&report), ["story.txt"]);
    assert!(reason(&report, "pipe.txt").contains("FIFO"), "{}", report["skipped"]);
}

/// Row 3: a JSON Lines line over the limit is skipped with its reason,
/// read no further than the limit, and the next line is read.
#[test]
fn a_line_over_the_limit_is_skipped_and_the_next_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let feed = dir.path().join("feed.jsonl");
    let long = serde_json::json!({"id": "long", "text": "word ".repeat(400_000)}).to_string();
    let short = serde_json::json!({"id": "short", "text": STORY}).to_string();
    std::fs::write(&feed, format!("{long}\n{short}\n")).expect("write");
    let (report, stderr, code) = analyze(&[&feed], "[ingest]\nmax_document_bytes = 100000\n");
    assert_eq!(code, 0, "{stderr}");
    let report = report.expect("report");
    assert_eq!(ids(&report), ["short"]);
    let why = reason(&report, "feed.jsonl:1");
    assert!(why.contains("larger than the limit") && why.contains("passed over"), "{why}");

    // Standard input with no line end at all.
    let out = tempfile::tempdir().expect("temp dir");
    let config = out.path().join("config.toml");
    std::fs::write(&config, "[ingest]\nmax_document_bytes = 1000\n").expect("write");
    let output = provtrace()
        .args(["analyze", "-", "--config"])
        .arg(&config)
        .arg("-o")
        .arg(out.path().join("r"))
        .write_stdin(format!("{short}\n{}", "x".repeat(3_000_000)))
        .output()
        .expect("ran");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("-:2") && stderr.contains("larger than the limit"), "{stderr}");
}

/// Row 13: file names that are not UTF-8 stay apart, their bytes escaped.
#[test]
fn file_names_that_are_not_utf8_stay_apart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    for (byte, words) in [(0xff_u8, "one"), (0xfe, "two")] {
        let name = [b"bad".as_slice(), &[byte], b"name.txt"].concat();
        let text = format!("Story {words}: {STORY}");
        std::fs::write(corpus.join(OsStr::from_bytes(&name)), text).expect("write");
    }
    let (report, stderr, code) = analyze(&[&corpus], "");
    assert_eq!(code, 0, "{stderr}");
    let mut ids = ids(&report.expect("report"));
    ids.sort();
    assert_eq!(ids, ["bad\\xfename.txt", "bad\\xffname.txt"]);
}

/// Row 14: control characters in file names and in compared texts reach
/// the terminal escaped.
#[test]
fn control_characters_are_escaped_in_what_is_printed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    std::fs::write(corpus.join("good.txt"), STORY).expect("write");
    std::fs::write(corpus.join("\x1b[2Jempty.txt"), "").expect("write");
    let output = provtrace()
        .arg("analyze")
        .arg("-o")
        .arg(dir.path().join("out"))
        .arg(&corpus)
        .output()
        .expect("ran");
    assert_eq!(output.status.code(), Some(0));
    assert!(!output.stderr.contains(&0x1b), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stderr).contains("\\u{1b}[2Jempty.txt"));

    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::write(&a, format!("{STORY}\x1b]0;owned\x07 The end.")).expect("write");
    std::fs::write(&b, format!("Reposted: {STORY}\x1b]0;owned\x07 The end.")).expect("write");
    for format in ["text", "md", "html", "json"] {
        let output = provtrace()
            .args(["compare", "--format", format])
            .arg(&a)
            .arg(&b)
            .output()
            .expect("ran");
        assert_eq!(output.status.code(), Some(0), "{format}");
        assert!(!output.stdout.contains(&0x1b), "{format}: an escape reached standard output");
        assert!(!output.stdout.contains(&0x07), "{format}: a bell reached standard output");
    }
}

/// Rows 15-17: what cannot be done is refused with exit 2 before any
/// reading; inputs skipped beside documents read still exit 0.
#[test]
fn runs_that_cannot_be_done_exit_2_before_reading() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Named explicitly, a FIFO is opened and blocks until written: any of
    // these that read before checking would hang and time out.
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "not a directory").expect("write");
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    let skipped_only = dir.path().join("skipped-only");
    std::fs::create_dir(&skipped_only).expect("mkdir");
    std::fs::write(skipped_only.join("blank.txt"), "\n\n").expect("write");
    let mixed = dir.path().join("mixed");
    std::fs::create_dir(&mixed).expect("mkdir");
    std::fs::write(mixed.join("blank.txt"), "\n\n").expect("write");
    std::fs::write(mixed.join("good.txt"), STORY).expect("write");
    let out = dir.path().join("out");
    let path = |p: &Path| p.to_str().expect("UTF-8 path").to_string();

    let cases: Vec<(&str, Vec<String>, i32, &str)> = vec![
        (
            "a threshold out of range, named by its flag",
            vec!["analyze".into(), "--threshold".into(), "1.5".into(), path(&fifo)],
            2,
            "`--threshold 1.5`: must be in (0, 1]",
        ),
        (
            "dedup, a threshold out of range",
            vec!["dedup".into(), "--threshold".into(), "0".into(), path(&fifo)],
            2,
            "`--threshold 0`: must be in (0, 1]",
        ),
        (
            "a report directory that is a file",
            vec!["analyze".into(), "-o".into(), path(&blocker), path(&fifo)],
            2,
            "it is a file; the report goes into a directory",
        ),
        (
            "too many threads",
            vec!["analyze".into(), "--threads".into(), "100000".into(), path(&fifo)],
            2,
            "at most 1024",
        ),
        (
            "dedup, too many threads",
            vec!["dedup".into(), "--threads".into(), "100000".into(), path(&fifo)],
            2,
            "at most 1024",
        ),
        (
            "missing input",
            vec!["analyze".into(), "/nonexistent/story.txt".into(), path(&fifo)],
            2,
            "does not exist",
        ),
        ("dedup, missing input", vec!["dedup".into(), "/nonexistent".into()], 2, "does not exist"),
        (
            "unwritable output",
            vec!["analyze".into(), "-o".into(), path(&blocker.join("out")), path(&fifo)],
            2,
            "cannot write",
        ),
        (
            "dedup, unwritable output",
            vec!["dedup".into(), "-o".into(), path(&blocker.join("list")), path(&fifo)],
            2,
            "cannot write",
        ),
        (
            "dedup, unwritable pairs",
            vec!["dedup".into(), "--pairs".into(), path(&empty), path(&fifo)],
            2,
            "directory",
        ),
        (
            "empty directory",
            vec!["analyze".into(), "-o".into(), path(&out), path(&empty)],
            2,
            "no document read",
        ),
        (
            "only skipped files",
            vec!["analyze".into(), "-o".into(), path(&out), path(&skipped_only)],
            2,
            "every input was skipped",
        ),
        ("dedup, empty directory", vec!["dedup".into(), path(&empty)], 2, "no document read"),
        (
            "a file skipped beside one read",
            vec!["analyze".into(), "-o".into(), path(&out), path(&mixed)],
            0,
            "skipped",
        ),
    ];
    for (case, args, code, said) in cases {
        let output = provtrace().args(&args).output().expect("ran");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "{case}: {stderr}");
        assert!(stderr.contains(said), "{case}: {stderr}");
        // Each reason is said once: a cause the message quotes is not
        // printed again under it.
        for line in stderr.lines().filter(|l| l.starts_with("error: ")) {
            let reason = line.rsplit(": ").next().unwrap_or_default();
            assert_eq!(stderr.matches(reason).count(), 1, "{case}: said twice: {stderr}");
        }
    }
}

/// Row 18: dedup lists what it skipped beside the clusters.
#[test]
fn dedup_lists_skipped_inputs_beside_the_clusters() {
    let dir = tempfile::tempdir().expect("temp dir");
    let feed = dir.path().join("feed.jsonl");
    let lines = [
        serde_json::json!({"id": "one", "text": STORY}).to_string(),
        "{broken".to_string(),
        serde_json::json!({"id": "two", "text": STORY}).to_string(),
    ];
    std::fs::write(&feed, lines.join("\n")).expect("write");
    let list = dir.path().join("list.jsonl");
    provtrace().args(["dedup", "--quiet", "-o"]).arg(&list).arg(&feed).assert().success();
    let clusters: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("list.jsonl.clusters.json")).expect("clusters"),
    )
    .expect("JSON");
    assert_eq!(clusters["clusters"].as_array().map(Vec::len), Some(1));
    let skipped = clusters["skipped"].as_array().expect("skipped");
    assert_eq!(skipped.len(), 1);
    assert!(skipped[0]["input"].as_str().is_some_and(|i| i.ends_with("feed.jsonl:2")));
    assert!(skipped[0]["reason"].as_str().is_some_and(|r| r.contains("malformed JSON")));
}

/// Row 4: cells a spreadsheet would run as formulas get a leading `'`,
/// in every CSV provtrace writes; numbers stay numbers.
#[test]
fn csv_cells_are_not_formulas() {
    let dir = tempfile::tempdir().expect("temp dir");
    let feed = dir.path().join("feed.jsonl");
    let text = format!("=HYPERLINK(\"http://evil\") {STORY} “We will rebuild,” the mayor said.");
    let lines = [
        serde_json::json!({"id": "=cmd|' /C calc'!A0", "text": text}).to_string(),
        serde_json::json!({"id": "@sum", "text": text}).to_string(),
    ];
    std::fs::write(&feed, lines.join("\n")).expect("write");
    let out = dir.path().join("out");
    provtrace()
        .args(["analyze", "--quiet", "--format", "csv", "-o"])
        .arg(&out)
        .arg(&feed)
        .assert()
        .success();
    let list = dir.path().join("list.csv");
    let pairs = dir.path().join("pairs.csv");
    provtrace()
        .args(["dedup", "--quiet", "--format", "csv", "-o"])
        .arg(&list)
        .arg("--pairs")
        .arg(&pairs)
        .arg(&feed)
        .assert()
        .success();
    let mut risky_seen = 0;
    for file in [out.join("reuse.csv"), out.join("claims.csv"), list, pairs] {
        let mut reader = csv::Reader::from_path(&file).expect("CSV");
        for record in reader.records() {
            for cell in &record.expect("record") {
                assert!(
                    !cell.starts_with(['=', '+', '@', '\t', '\r'])
                        && (!cell.starts_with('-') || cell.parse::<f64>().is_ok()),
                    "{}: {cell:?}",
                    file.display()
                );
                risky_seen += usize::from(cell.starts_with("'=") || cell.starts_with("'@"));
            }
        }
    }
    assert!(risky_seen >= 4, "the risky ids and texts were written, neutralised");
}

/// The names and contents of the report files in `dir`, and any other file.
fn report_set(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| {
            let e = e.expect("entry");
            (e.file_name().to_string_lossy().to_string(), std::fs::read(e.path()).expect("read"))
        })
        .collect();
    files.sort();
    files
}

/// Two corpora whose reports differ: the samples, and the samples with one
/// more story.
fn two_corpora(dir: &Path) -> (PathBuf, PathBuf) {
    let samples = common::manifest_dir().join("samples");
    let more = dir.join("more");
    std::fs::create_dir(&more).expect("mkdir");
    for entry in std::fs::read_dir(&samples).expect("samples") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "txt" || e == "jsonl") {
            std::fs::copy(&path, more.join(path.file_name().expect("name"))).expect("copy");
        }
    }
    std::fs::write(more.join("zz_extra.txt"), STORY.repeat(40)).expect("write");
    (samples, more)
}

/// `analyze` in every format, with the CRF tagger: what is written, not
/// how claims are tagged, is tested here, and an unoptimised contextual
/// model would take minutes.
const ANALYZE: [&str; 7] =
    ["analyze", "--quiet", "--attribution-model", "crf", "--format", "json,md,html,dot,csv", "-o"];

/// Writes the report set of `corpus`, in every format, into `to`.
fn write_set(corpus: &Path, to: &Path) {
    provtrace().args(ANALYZE).arg(to).arg(corpus).assert().success();
}

/// Row 5: a write that fails part-way (a file-size limit standing in for a
/// full disk) leaves the old set whole and no temporary file.
#[test]
fn a_failed_write_leaves_the_old_set_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (old, new) = two_corpora(dir.path());
    let out = dir.path().join("out");
    let reference = dir.path().join("reference");
    for (corpus, to) in [(&old, &out), (&new, &reference)] {
        write_set(corpus, to);
    }
    let before = report_set(&out);
    // A limit that the largest new file passes and the others do not.
    let mut sizes: Vec<u64> = report_set(&reference).iter().map(|(_, b)| b.len() as u64).collect();
    sizes.sort_unstable();
    let (largest, second) = (sizes[sizes.len() - 1], sizes[sizes.len() - 2]);
    let limit_kib = (largest - 1) / 1024;
    assert!(limit_kib * 1024 > second, "sizes {sizes:?} leave no room for the limit");
    // bash's `ulimit -f` counts KiB; with SIGXFSZ ignored a write past it
    // fails with EFBIG, as a write to a full disk fails with ENOSPC.
    let script = format!("trap '' XFSZ; ulimit -f {limit_kib}; exec \"$@\"");
    let output = std::process::Command::new("bash")
        .args(["-c", &script, "bash"])
        .arg(binary_path())
        .args(ANALYZE)
        .arg(&out)
        .arg(&new)
        .output()
        .expect("ran");
    assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(report_set(&out) == before, "the old set changed, or a temporary file was left");
}

const TRIALS: u32 = 10;

/// Row 6: an interrupt at any moment of `analyze` leaves no temporary file
/// and either the whole old set or the whole new one.
#[test]
fn an_interrupt_leaves_one_whole_set_and_no_temporary_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (old, new) = two_corpora(dir.path());
    let reference = dir.path().join("reference");
    write_set(&new, &reference);
    let after = report_set(&reference);
    let out = dir.path().join("out");
    write_set(&old, &out);
    let before = report_set(&out);
    assert!(before != after);
    let started = std::time::Instant::now();
    write_set(&new, &dir.path().join("timed"));
    let whole_run = started.elapsed();
    let (mut old_seen, mut new_seen) = (0, 0);
    for step in 0..TRIALS {
        let mut child = std::process::Command::new(binary_path())
            .args(ANALYZE)
            .arg(&out)
            .arg(&new)
            .spawn()
            .expect("spawned");
        std::thread::sleep(whole_run * step / (TRIALS - 2));
        let signal = if step % 2 == 0 { "-INT" } else { "-TERM" };
        let _ = std::process::Command::new("kill").arg(signal).arg(child.id().to_string()).status();
        let status = child.wait().expect("waited");
        // Killed before its handler was in place, the process dies of the
        // signal itself; that too must leave the old set.
        assert!(
            [Some(0), Some(130), Some(143)].contains(&status.code())
                || [Some(2), Some(15)].contains(&status.signal()),
            "step {step}: {status:?}"
        );
        let now = report_set(&out);
        if now == before {
            old_seen += 1;
        } else if now == after {
            new_seen += 1;
        } else {
            let names: Vec<&String> = now.iter().map(|(n, _)| n).collect();
            panic!("step {step}: a mixed set or a temporary file: {names:?}");
        }
        // Start each trial from the old set again.
        for (name, bytes) in &before {
            std::fs::write(out.join(name), bytes).expect("restore");
        }
    }
    assert!(old_seen > 0, "no trial was interrupted before it wrote");
    assert!(new_seen + old_seen == TRIALS);
}

/// Row 6: `dedup -` interrupted while it spools standard input removes the
/// spool and exits 128 + the signal.
#[test]
fn an_interrupted_dedup_removes_its_spool() {
    for (signal, code) in [("-INT", 130), ("-TERM", 143), ("-HUP", 129)] {
        let spool_dir = tempfile::tempdir().expect("temp dir");
        let mut child = std::process::Command::new(binary_path())
            .args(["dedup", "-"])
            .env("TMPDIR", spool_dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("spawned");
        let mut stdin = child.stdin.take().expect("stdin");
        let line = serde_json::json!({"text": STORY}).to_string() + "\n";
        stdin.write_all(line.repeat(1000).as_bytes()).expect("write");
        stdin.flush().expect("flush");
        let spooled = || std::fs::read_dir(spool_dir.path()).expect("dir").count();
        let waited = std::time::Instant::now();
        while spooled() == 0 {
            assert!(waited.elapsed() < Duration::from_mins(1), "no spool appeared");
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = std::process::Command::new("kill").arg(signal).arg(child.id().to_string()).status();
        let status = child.wait().expect("waited");
        drop(stdin);
        assert_eq!(status.code(), Some(code), "{signal}");
        assert_eq!(spooled(), 0, "{signal}: the spool was left behind");
    }
}

/// Row 7: a second run writing to the same directory waits for the first.
#[test]
fn a_second_run_waits_for_the_lock_on_the_output_directory() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("mkdir");
    let held = std::fs::File::open(&out).expect("open dir");
    held.lock().expect("lock");
    let story = dir.path().join("story.txt");
    std::fs::write(&story, STORY).expect("write");
    let mut child = std::process::Command::new(binary_path())
        .args(["analyze", "--format", "json", "-o"])
        .arg(&out)
        .arg(&story)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawned");
    let mut stderr = std::io::BufReader::new(child.stderr.take().expect("stderr"));
    let mut line = String::new();
    while !line.contains("waiting for another provtrace run") {
        line.clear();
        assert!(stderr.read_line(&mut line).expect("read") > 0, "it never said it waits");
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(child.try_wait().expect("polled").is_none(), "it did not wait");
    assert!(!out.join("report.json").exists(), "it wrote while another run held the lock");
    drop(held);
    assert!(child.wait().expect("waited").success());
    assert!(out.join("report.json").exists());
}
