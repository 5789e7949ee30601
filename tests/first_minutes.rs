//! What a new user meets first, through the built binary: the progress
//! display on a terminal, and the messages of runs that go wrong.
#![allow(clippy::print_stderr)]

mod common;

use std::path::Path;
use std::process::Stdio;

use assert_cmd::Command;

fn provtrace() -> Command {
    Command::cargo_bin("provtrace").expect("binary built")
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `provtrace analyze FLAGS -o OUT INPUT`, which must exit with `code`;
/// what it printed.
fn analyze(flags: &[&str], out: &Path, input: &Path, code: i32) -> std::process::Output {
    provtrace()
        .arg("analyze")
        .args(flags)
        .arg("-o")
        .arg(out)
        .arg(input)
        .assert()
        .code(code)
        .get_output()
        .clone()
}

/// What a program wrote to a terminal, without its escape sequences
/// (cursor moves, line clears), carriage returns as line ends.
fn plain(raw: &str) -> String {
    let mut plain = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC [ parameters, then a final byte in @..~.
            if chars.next_if_eq(&'[').is_some() {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            continue;
        }
        plain.push(if c == '\r' { '\n' } else { c });
    }
    plain
}

/// `provtrace ARGS` run on a pseudo-terminal by `script` (util-linux), and
/// everything it wrote there; `None`, with the reason printed, where
/// `script` is not installed (a failure under CI).
fn on_a_terminal(args: &str) -> Option<String> {
    let found = std::process::Command::new("script")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "`script` is absent, and CI=true");
        eprintln!("skipping: `script` (util-linux) is not installed");
        return None;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let log = dir.path().join("typescript");
    let binary = assert_cmd::cargo::cargo_bin("provtrace");
    let status = std::process::Command::new("script")
        .args(["--quiet", "--return", "--flush", "--command"])
        // A terminal of a known size, whatever the one running the tests.
        .arg(format!("stty cols 120 rows 50; {} {args}", binary.display()))
        .arg(&log)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .expect("script runs");
    assert!(status.success(), "provtrace {args} failed on a terminal");
    Some(String::from_utf8_lossy(&std::fs::read(&log).expect("typescript")).into_owned())
}

#[test]
fn each_stage_ends_at_its_count_on_a_terminal() {
    let samples = common::manifest_dir().join("samples");
    let out = tempfile::tempdir().expect("temp dir");
    let args = format!("analyze {} -o {}", samples.display(), out.path().display());
    let Some(raw) = on_a_terminal(&args) else { return };
    let text = plain(&raw);
    // Every state drawn of every stage, in the order drawn. A bar's line is
    // padded to the terminal's width, so lines are not relied on.
    let states = regex::Regex::new(&format!(
        r"(?:^|\s)({}) (?:\[[=> ]*\] ([\d,]+)/([\d,]+) |(done) |\S ([\d,]+) )",
        STAGES.join("|")
    ))
    .expect("pattern");
    let number = |s: &str| s.replace(',', "").parse::<u64>().expect("a count");
    let mut seen: Vec<Drawn> = Vec::new();
    for c in states.captures_iter(&text) {
        let name = STAGES.iter().find(|n| **n == &c[1]).expect("a stage");
        let at = seen.iter().position(|d| d.name == *name).unwrap_or_else(|| {
            seen.push(Drawn { name, counts: Vec::new(), done: false });
            seen.len() - 1
        });
        if let (Some(done), Some(total)) = (c.get(2), c.get(3)) {
            seen[at].counts.push((number(done.as_str()), number(total.as_str())));
        }
        seen[at].done |= c.get(4).is_some();
    }
    let names: Vec<&str> = seen.iter().map(|d| d.name).collect();
    for stage in ["reading", "pages", "content and claims", "aligning", "writing reports"] {
        assert!(names.contains(&stage), "no `{stage}` drawn in {names:?}:\n{text}");
    }
    for Drawn { name, counts, done } in &seen {
        match counts.last() {
            // A counted stage ends at its count, which neither changes
            // once known nor goes back.
            Some(&(last, total)) => {
                assert!(total > 0 && last == total, "`{name}` ends at {last}/{total}");
                let totals: std::collections::BTreeSet<u64> = counts.iter().map(|c| c.1).collect();
                assert_eq!(totals.len(), 1, "`{name}` is drawn with two totals: {totals:?}");
                assert!(counts.windows(2).all(|w| w[0].0 <= w[1].0), "`{name}` goes back");
            }
            None => assert!(done, "`{name}` never shows that it is done"),
        }
    }
    // Notes are printed on lines of their own, never over a bar.
    let notes: Vec<&str> =
        text.lines().filter(|l| l.contains("note: ") || l.contains("warning: ")).collect();
    assert!(!notes.is_empty(), "the samples' passed-over files are noted:\n{text}");
    for line in notes {
        assert!(line.starts_with("note: ") || line.starts_with("warning: "), "{line:?}");
        assert!(!STAGES.iter().any(|s| line.contains(&format!("{s} ["))), "{line:?}");
    }
}

/// What a terminal was shown of one stage: its counted states (done,
/// total), in order, and whether it said it was done.
struct Drawn {
    name: &'static str,
    counts: Vec<(u64, u64)>,
    done: bool,
}

/// The stages `analyze` shows, longest name first where one holds another.
const STAGES: [&str; 11] = [
    "content and claims",
    "graph and documents",
    "reuse candidates",
    "claims compared",
    "near-duplicates",
    "writing reports",
    "claim clusters",
    "aligning",
    "reading",
    "outlets",
    "pages",
];

#[test]
fn a_quiet_run_that_read_nothing_says_why_in_its_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    std::fs::write(corpus.join("a.txt"), b"PNG\x00\x01 binary").expect("write");
    std::fs::write(corpus.join("b.txt"), b"PNG\x00\x02 binary").expect("write");
    std::fs::write(corpus.join("c.txt"), b"   \n").expect("write");
    let out = dir.path().join("out");
    let stderr = stderr_of(&analyze(&["--quiet"], &out, &corpus, 2));
    assert!(
        stderr.starts_with("error: no document read: every input was skipped (3): "),
        "{stderr}"
    );
    assert!(stderr.contains("2 like `") && stderr.contains("binary"), "{stderr}");
    assert!(stderr.contains("c.txt`: empty"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "--quiet prints the error alone: {stderr}");
    // The run made the output directory and wrote nothing in it: gone.
    assert!(!out.exists(), "a failed run left the directory it made");
    // One it did not make stays.
    std::fs::create_dir(&out).expect("mkdir");
    analyze(&["--quiet"], &out, &corpus, 2);
    assert!(out.is_dir(), "a failed run removed a directory it did not make");
}

#[test]
fn counts_are_said_in_the_singular_for_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let story = dir.path().join("story.txt");
    std::fs::write(&story, "The council said on Monday that 40 homes were flooded.")
        .expect("write");
    let output = analyze(&[], &dir.path().join("out"), &story, 0);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with("1 document (0 skipped)"), "{stdout}");
    assert!(stdout.contains(" 1 claim in 1 claim cluster,"), "{stdout}");
    assert!(!stdout.contains(" 1 documents") && !stdout.contains(" 1 claims"), "{stdout}");
}

#[test]
fn files_passed_over_for_their_ending_are_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    std::fs::write(corpus.join("story.txt"), "Rain fell across the valley on Sunday.")
        .expect("write");
    for name in ["a.pdf", "b.docx", "c.md", "d.xml"] {
        std::fs::write(corpus.join(name), "other").expect("write");
    }
    let output = analyze(&[], &dir.path().join("out"), &corpus, 0);
    let stderr = stderr_of(&output);
    let line =
        stderr.lines().find(|l| l.contains("passed over")).unwrap_or_else(|| panic!("{stderr}"));
    assert!(line.contains("4 files with other endings"), "{line}");
    assert!(
        line.contains("a.pdf`") && line.contains("b.docx`") && line.contains("c.md`"),
        "{line}"
    );
    assert!(line.contains("...") && !line.contains("d.xml"), "the first three are named: {line}");
}

#[test]
fn a_record_without_text_names_its_fields_and_text_field_reads_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let feed = dir.path().join("feed.jsonl");
    std::fs::write(
        &feed,
        "{\"id\": \"a\", \"headline\": \"Flood\", \"body\": \"The river rose four metres overnight.\"}\n",
    )
    .expect("write");
    let out = dir.path().join("out");
    let stderr = stderr_of(&analyze(&[], &out, &feed, 2));
    assert!(
        stderr.contains("no `text` field; the record has `body`, `headline`, `id`"),
        "{stderr}"
    );
    assert!(stderr.contains("--text-field"), "{stderr}");
    analyze(&["--quiet", "--text-field", "body"], &out, &feed, 0);
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).expect("report"))
            .expect("JSON");
    assert_eq!(report["documents"][0]["id"], "a");
    assert_eq!(report["summary"]["documents"], 1);
}

#[cfg(unix)]
#[test]
fn an_interrupted_run_says_so_and_leaves_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    // Standard input is held open, so the run is still reading when the
    // signal comes.
    let binary = assert_cmd::cargo::cargo_bin("provtrace");
    let mut child = std::process::Command::new(binary)
        .args(["analyze", "--quiet", "-", "-o"])
        .arg(&out)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut stdin = child.stdin.take().expect("stdin");
    std::io::Write::write_all(&mut stdin, b"{\"text\": \"A first record.\"}\n").expect("write");
    // Until the run has made its output directory, it is not under way.
    let start = std::time::Instant::now();
    while !out.exists() && start.elapsed().as_secs() < 30 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    let sent = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success(), "signal sent");
    let output = child.wait_with_output().expect("ends");
    drop(stdin);
    assert_eq!(output.status.code(), Some(130));
    let stderr = stderr_of(&output);
    assert!(stderr.contains("interrupted: nothing was written"), "{stderr}");
    assert!(!out.exists(), "the directory the run made is left behind");
    assert!(only_temporaries_gone(dir.path()), "a temporary file is left behind");
}

/// Whether `dir` holds no file of provtrace's own temporary naming.
fn only_temporaries_gone(dir: &Path) -> bool {
    walk(dir).iter().all(|p| !p.to_string_lossy().contains(".provtrace-"))
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        }
        found.push(path);
    }
    found
}

#[test]
fn an_abbreviated_subject_before_a_dash_is_no_outlet() {
    let dir = tempfile::tempdir().expect("temp dir");
    let feed = dir.path().join("feed.jsonl");
    let records = [
        (
            "ship",
            "Rail merger\nThe railroad asked the Interstate Commerce Commission (ICC) -- to drop the merger plan, it said on Monday.",
        ),
        (
            "farm",
            "Farm prices\nMonetary Compensatory Amounts (MCA) -- a system of cross border payments -- will be cut, ministers said.",
        ),
        (
            "wire",
            "Storm warning\nWASHINGTON (AP) -- Forecasters warned on Tuesday that the storm would reach the coast by night.",
        ),
    ];
    let lines: Vec<String> = records
        .iter()
        .map(|(id, text)| serde_json::json!({ "id": id, "text": text }).to_string())
        .collect();
    std::fs::write(&feed, lines.join("\n")).expect("write");
    let out = dir.path().join("out");
    analyze(&["--quiet", "--format", "json"], &out, &feed, 0);
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).expect("report"))
            .expect("JSON");
    let outlets: Vec<&str> = report["outlets"]
        .as_array()
        .expect("outlets")
        .iter()
        .filter_map(|o| o["name"].as_str())
        .collect();
    assert_eq!(outlets, ["Associated Press"], "{outlets:?}");
}
