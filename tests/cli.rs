//! The built binary: exit codes, bad inputs, determinism across threads.

mod common;

use std::ffi::OsStr;
use std::path::Path;

use assert_cmd::Command;

fn provtrace() -> Command {
    Command::cargo_bin("provtrace").expect("binary built")
}

fn report_json(dir: &Path) -> serde_json::Value {
    let bytes = std::fs::read(dir.join("report.json")).expect("report written");
    serde_json::from_slice(&bytes).expect("valid JSON")
}

/// `report.json` of `analyze` on the samples with `args`, at each of
/// `threads`.
fn sample_reports(args: &[&OsStr], threads: &[&str]) -> Vec<Vec<u8>> {
    let samples = common::manifest_dir().join("samples");
    let config = common::manifest_dir().join("samples/provtrace.toml");
    let out = tempfile::tempdir().expect("temp dir");
    let mut reports = Vec::new();
    for threads in threads {
        let dir = out.path().join(threads);
        provtrace()
            .args(["analyze", "--quiet", "--threads", threads, "--config"])
            .arg(&config)
            .args(args)
            .arg("-o")
            .arg(&dir)
            .arg(&samples)
            .assert()
            .success();
        reports.push(std::fs::read(dir.join("report.json")).expect("report"));
    }
    reports
}

#[test]
fn same_report_for_one_and_four_threads() {
    let reports = sample_reports(&[], &["1", "4"]);
    assert!(!reports[0].is_empty());
    assert!(reports[0] == reports[1], "reports differ between --threads 1 and --threads 4");
}

#[cfg(feature = "contextual")]
#[test]
fn same_report_for_one_and_two_threads_with_the_contextual_model() {
    let model = common::attribution_model_dir();
    let reports = sample_reports(&["--attribution-model".as_ref(), model.as_os_str()], &["1", "2"]);
    assert!(reports[0] == reports[1], "reports differ between --threads 1 and --threads 2");
    let report: serde_json::Value = serde_json::from_slice(&reports[0]).expect("JSON");
    let model = report["tool"]["attribution_model"].as_str().expect("the model is recorded");
    assert!(model.starts_with("attribution-minilm sha256:"), "{model}");
    assert!(report["claims"].as_array().is_some_and(|c| !c.is_empty()));
}

/// The default tagger is the built-in convolutional network whatever the
/// corpus's size, and the report names it; `crf` names the CRF.
#[test]
fn the_default_tagger_is_built_in_whatever_the_size() {
    let out = tempfile::tempdir().expect("temp dir");
    let model_of = |args: &[&str], input: &Path| {
        let dir = out.path().join("r");
        provtrace()
            .args(["analyze", "--quiet", "--format", "json", "-o"])
            .arg(&dir)
            .args(args)
            .arg(input)
            .assert()
            .success();
        let report = report_json(&dir);
        report["tool"]["attribution_model"].as_str().map(str::to_string)
    };
    let samples = common::manifest_dir().join("samples");
    let small = model_of(&[], &samples).expect("the tagger named");
    assert!(small.starts_with("built-in convolutional attribution-conv sha256:"), "{small}");
    assert_eq!(model_of(&["--attribution-model", "auto"], &samples), Some(small.clone()));
    let crf = model_of(&["--attribution-model", "crf"], &samples).expect("the tagger named");
    assert!(crf.starts_with("built-in crf attribution.tsv sha256:"), "{crf}");
    // Over 1 MB of text: the same default.
    let large = out.path().join("large.txt");
    let line = "The council said on Monday that 1,200 homes would be rebuilt.\n";
    std::fs::write(&large, line.repeat((1 << 20) / line.len() + 10)).expect("write");
    assert_eq!(model_of(&[], &large), Some(small), "a corpus over 1 MB");
}

/// A binary copied out of its build tags with its built-in default as
/// before, and `--attribution-model contextual`, whose model it cannot
/// find, fails before reading and says where it looked.
#[test]
fn a_copied_binary_keeps_its_default_and_names_where_it_looked() {
    let away = tempfile::tempdir().expect("temp dir");
    let exe = away.path().join("provtrace");
    std::fs::copy(assert_cmd::cargo::cargo_bin("provtrace"), &exe).expect("copy the binary");
    let samples = common::manifest_dir().join("samples");
    let out = away.path().join("r");
    Command::new(&exe)
        .args(["analyze", "--quiet", "--format", "json", "-o"])
        .arg(&out)
        .arg(&samples)
        .assert()
        .success();
    let model = report_json(&out)["tool"]["attribution_model"].as_str().map(str::to_string);
    assert!(model.as_deref().is_some_and(|m| m.starts_with("built-in convolutional")), "{model:?}");
    let refused = away.path().join("refused");
    let assert = Command::new(&exe)
        .args(["analyze", "--quiet", "--attribution-model", "contextual", "-o"])
        .arg(&refused)
        .arg(&samples)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    let expected = if cfg!(feature = "contextual") {
        format!("looked in `{}`", away.path().join("models").join("attribution-minilm").display())
    } else {
        "this build has no contextual tagger".to_string()
    };
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(!refused.exists(), "no report directory is made");
}

#[test]
fn analyze_refuses_a_missing_model_before_reading() {
    let out = tempfile::tempdir().expect("temp dir");
    let assert = provtrace()
        .args(["analyze", "--quiet", "--attribution-model", "/nonexistent/model", "-o"])
        .arg(out.path().join("r"))
        .arg(common::manifest_dir().join("samples"))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    // A build without the contextual tagger says so and how to get one.
    let expected = if cfg!(feature = "contextual") {
        "cannot load the attribution model"
    } else {
        "this build has no contextual tagger (it was built with `--no-default-features`)"
    };
    assert!(stderr.contains(expected), "{stderr}");
    assert!(!out.path().join("r").exists(), "no report directory is made");
}

#[test]
fn bad_inputs_are_listed_with_reasons_and_the_run_goes_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    let story =
        "The council voted on Monday to close the old bridge for repairs that will take two years.";
    std::fs::write(corpus.join("a_good.txt"), story).expect("write");
    std::fs::write(corpus.join("b_binary.txt"), b"PNG\x00\x01\x02 not text").expect("write");
    std::fs::write(corpus.join("c_empty.txt"), b"  \n\n").expect("write");
    std::fs::write(corpus.join("d_huge.txt"), "word ".repeat(1000)).expect("write");
    std::fs::write(corpus.join("e_latin.txt"), b"Caf\xe9 owners said the bridge \x93matters\x94.")
        .expect("write");
    std::fs::write(
        corpus.join("f_feed.jsonl"),
        "{\"id\": \"ok\", \"text\": \"A fine story about the harbour.\"}\n{broken json\n{\"id\": \"no-text\"}\n",
    )
    .expect("write");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(corpus.join("missing-target"), corpus.join("g_dangling.txt"))
            .expect("symlink");
        std::os::unix::fs::symlink(&corpus, corpus.join("h_loop")).expect("symlink");
    }
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[ingest]\nmax_document_bytes = 2000\n").expect("write");
    let out = dir.path().join("out");
    let assert = provtrace()
        .args(["analyze", "--config"])
        .arg(&config)
        .arg("-o")
        .arg(&out)
        .arg(&corpus)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();

    let report = report_json(&out);
    let ids: Vec<&str> = report["documents"]
        .as_array()
        .expect("docs")
        .iter()
        .map(|d| d["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["a_good.txt", "e_latin.txt", "ok"]);
    assert_eq!(report["documents"][1]["encoding"], "windows-1252");
    let skipped: Vec<(String, String)> = report["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|s| {
            (
                s["input"].as_str().expect("input").to_string(),
                s["reason"].as_str().expect("reason").to_string(),
            )
        })
        .collect();
    let reason = |name: &str| -> String {
        skipped
            .iter()
            .find(|(input, _)| input.ends_with(name))
            .map_or_else(|| panic!("{name} not in skipped: {skipped:?}"), |(_, r)| r.clone())
    };
    assert!(reason("b_binary.txt").contains("binary"));
    assert!(reason("c_empty.txt").contains("empty"));
    assert!(reason("d_huge.txt").contains("larger than the limit"));
    assert!(reason("f_feed.jsonl:2").contains("malformed JSON"));
    assert!(reason("f_feed.jsonl:3").contains("no `text` field"));
    #[cfg(unix)]
    {
        assert!(reason("g_dangling.txt").contains("no such file"));
        assert!(reason("h_loop").contains("loop"));
    }
    assert!(stderr.contains("skipped") && stderr.contains("b_binary.txt"), "{stderr}");
}

#[test]
fn json_lines_from_standard_input() {
    let out = tempfile::tempdir().expect("temp dir");
    provtrace()
        .args(["analyze", "-", "-o"])
        .arg(out.path())
        .write_stdin("{\"id\": \"s1\", \"text\": \"Rain fell across the valley.\", \"outlet\": \"Valley Courier\"}\n")
        .assert()
        .success();
    let report = report_json(out.path());
    assert_eq!(report["documents"][0]["id"], "s1");
    assert_eq!(report["documents"][0]["outlet"]["method"], "metadata");
    assert_eq!(report["documents"][0]["input"], "-:1");
}

#[test]
fn usage_errors_exit_2() {
    let out = provtrace().assert().code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("Usage"));
    provtrace().arg("analyze").assert().code(2);
    let samples = common::manifest_dir().join("samples");
    provtrace().args(["analyze", "--format", "pdf"]).arg(&samples).assert().code(2);
    let out = provtrace().args(["analyze", "--threads", "0"]).arg(&samples).assert().code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("--threads"));
    let out = provtrace().args(["analyze", "--threshold", "1.5"]).arg(&samples).assert().code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("`--threshold 1.5`"));
}

#[test]
fn unwritable_output_exits_2_and_keeps_the_old_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "not a directory").expect("write");
    let samples = common::manifest_dir().join("samples");
    let out = provtrace()
        .arg("analyze")
        .arg("-o")
        .arg(blocker.join("out"))
        .arg(&samples)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr);
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert_eq!(std::fs::read_to_string(&blocker).expect("still there"), "not a directory");
}

#[test]
fn summary_names_what_was_found_and_where() {
    let out = tempfile::tempdir().expect("temp dir");
    let samples = common::manifest_dir().join("samples");
    let config = common::manifest_dir().join("samples/provtrace.toml");
    let assert = provtrace()
        .args(["analyze", "--config"])
        .arg(&config)
        .arg("-o")
        .arg(out.path())
        .arg(&samples)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout);
    assert!(
        stdout.contains(
            "15 documents (0 skipped): 1 self-duplicated, 2 duplicate clusters, 9 reuse pairs"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("report.json"), "{stdout}");
}

#[test]
fn timings_name_every_stage_on_standard_error() {
    let out = tempfile::tempdir().expect("temp dir");
    let samples = common::manifest_dir().join("samples");
    let assert = provtrace()
        .args(["analyze", "--quiet", "--timings", "-o"])
        .arg(out.path())
        .arg(&samples)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr);
    for stage in [
        "reading",
        "content and claims",
        "reuse candidates",
        "claims compared",
        "aligning",
        "writing reports",
    ] {
        let line = stderr.lines().find_map(|l| l.trim_start().strip_prefix(stage));
        let mut words = line.unwrap_or_default().split_whitespace();
        let (seconds, unit) = (words.next(), words.next());
        assert!(
            seconds.is_some_and(|s| s.parse::<f64>().is_ok()) && unit == Some("s"),
            "no time for `{stage}`:\n{stderr}"
        );
        // Linux says how much CPU time the process spent, on every thread.
        if cfg!(target_os = "linux") {
            let (cpu, unit) = (words.next(), words.nth(1));
            assert!(
                cpu.is_some_and(|s| s.parse::<f64>().is_ok()) && unit == Some("CPU"),
                "no CPU time for `{stage}`:\n{stderr}"
            );
        }
    }
    // The columns line up: every stage's seconds end at the same place.
    let ends: std::collections::BTreeSet<Option<usize>> =
        stderr.lines().map(|l| l.find(" s ")).collect();
    assert_eq!(ends.len(), 1, "columns out of line:\n{stderr}");
    assert!(assert.get_output().stdout.is_empty(), "--quiet prints nothing on standard output");
}

#[test]
fn compare_prints_passages_side_by_side() {
    let out = provtrace()
        .current_dir(common::manifest_dir())
        .args([
            "compare",
            "samples/01_northwind_wire.txt",
            "samples/04_beacon_excerpt.txt",
            "--config",
            "samples/provtrace.toml",
        ])
        .assert()
        .success();
    insta::assert_snapshot!("compare_text", String::from_utf8_lossy(&out.get_output().stdout));
}

#[test]
fn compare_as_markdown_and_json() {
    let run = |format: &str| {
        let out = provtrace()
            .current_dir(common::manifest_dir())
            .args(["compare", "samples/07_calder_ledger.txt", "samples/06_downstream_blog.txt"])
            .args(["--config", "samples/provtrace.toml", "--format", format])
            .assert()
            .success();
        String::from_utf8_lossy(&out.get_output().stdout).to_string()
    };
    insta::assert_snapshot!("compare_md", run("md"));
    let json: serde_json::Value = serde_json::from_str(&run("json")).expect("JSON");
    assert_eq!(json["reuse"]["source"], "samples/07_calder_ledger.txt");
    assert_eq!(json["reuse"]["derivation"], "partially");
    assert!(json["reuse"]["passages"].as_array().is_some_and(|p| !p.is_empty()));
}

#[test]
fn compare_refuses_what_it_cannot_compare() {
    let dir = tempfile::tempdir().expect("temp dir");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").expect("write");
    let samples = common::manifest_dir().join("samples");
    let out = provtrace()
        .arg("compare")
        .arg(samples.join("01_northwind_wire.txt"))
        .arg(&empty)
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("empty"));
    provtrace()
        .arg("compare")
        .arg(samples.join("01_northwind_wire.txt"))
        .arg(samples.join("12_newsroll_feed.jsonl"))
        .assert()
        .code(2);
}

#[test]
fn dedup_lists_every_document_with_keep_or_drop() {
    let samples = common::manifest_dir().join("samples");
    let config = common::manifest_dir().join("samples/provtrace.toml");
    let out =
        provtrace().arg("dedup").arg(&samples).arg("--config").arg(&config).assert().success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    let rows: Vec<serde_json::Value> =
        stdout.lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect();
    assert_eq!(rows.len(), 15);
    let row = |id: &str| rows.iter().find(|r| r["id"] == id).unwrap_or_else(|| panic!("{id}"));
    // The origin is kept, as analyze picks it; its copies are dropped.
    assert_eq!(row("01_northwind_wire.txt")["keep"], true);
    for copy in
        ["02_valley_courier_syndicated.txt", "03_harborline_repost_doubled.txt", "newsroll-1"]
    {
        assert_eq!(row(copy)["keep"], false, "{copy}");
        assert_eq!(row(copy)["duplicate_of"], "01_northwind_wire.txt");
        assert!(row(copy)["jaccard"].as_f64().is_some_and(|j| j >= 0.7));
    }
    assert_eq!(row("04_beacon_excerpt.txt")["keep"], true, "an excerpt is not a near-duplicate");
    // The web page republishing the Ledger's story is read as its article.
    assert_eq!(row("13_calder_sentinel_page.html")["duplicate_of"], "07_calder_ledger.txt");
    // So is the page in the crawl, named by its address.
    let crawled = "https://orrinvalleygazette.example/news/2025/03/04/dam-cracks-evacuation";
    assert_eq!(row(crawled)["duplicate_of"], "01_northwind_wire.txt");
    assert_eq!(rows.iter().filter(|r| r["keep"] == false).count(), 6);

    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("keep.csv");
    provtrace()
        .arg("dedup")
        .arg(&samples)
        .args(["--format", "csv", "--quiet", "-o"])
        .arg(&file)
        .assert()
        .success();
    let csv = std::fs::read_to_string(&file).expect("csv");
    assert!(csv.starts_with("id,cluster,keep,duplicate_of,jaccard\n"));
    assert_eq!(csv.lines().count(), 16);
    let clusters: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("keep.csv.clusters.json")).expect("clusters"),
    )
    .expect("JSON");
    assert_eq!(clusters["clusters"].as_array().map(Vec::len), Some(2));
}

#[test]
fn dedup_reads_standard_input_twice_and_writes_pairs() {
    let body = "The council voted on Tuesday to close the old bridge to traffic for repairs that will take most of the summer, officials said.";
    let lines = [
        serde_json::json!({"id": "first", "text": body, "published": "2024-05-01"}),
        serde_json::json!({"id": "other", "text": "A different story about the harvest festival and its parade."}),
        serde_json::json!({"id": "copy", "text": format!("{body} ")}),
    ]
    .map(|v| v.to_string())
    .join("\n");
    let dir = tempfile::tempdir().expect("temp dir");
    let pairs = dir.path().join("pairs.csv");
    let out = provtrace()
        .args(["dedup", "-", "--quiet", "--pairs"])
        .arg(&pairs)
        .write_stdin(lines)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        stdout.contains(
            r#"{"id":"copy","cluster":"dup-1","keep":false,"duplicate_of":"first","jaccard":1.0}"#
        ),
        "{stdout}"
    );
    let pairs = std::fs::read_to_string(&pairs).expect("pairs file");
    assert_eq!(pairs, "a,b,jaccard\nfirst,copy,1.0\n");
}

#[test]
fn compare_says_what_it_knows_of_dates_and_when_nothing_is_shared() {
    let dir = tempfile::tempdir().expect("temp dir");
    let story = "The council said on Monday that 4,200 residents must leave their homes by Tuesday evening as the river rose four metres in two days, flooding more than 300 homes in the lower valley and closing the main bridge to all traffic until further notice.";
    let dated = dir.path().join("dated.txt");
    let undated = dir.path().join("undated.txt");
    let other = dir.path().join("other.txt");
    std::fs::write(&dated, format!("Flood update\nPublished: March 1, 2024\n\n{story}\n"))
        .expect("write");
    std::fs::write(&undated, format!("Flood update\n\n{story}\n")).expect("write");
    std::fs::write(
        &other,
        "A different note about the price of grain in the northern markets today.\n",
    )
    .expect("write");
    let md = |a: &Path, b: &Path| {
        let out =
            provtrace().arg("compare").arg(a).arg(b).args(["--format", "md"]).assert().success();
        String::from_utf8_lossy(&out.get_output().stdout).to_string()
    };
    let one_dated = md(&dated, &undated);
    assert!(one_dated.contains("only one is dated"), "{one_dated}");
    assert!(!one_dated.contains("no dates"), "{one_dated}");
    let nothing = md(&dated, &other);
    assert!(nothing.contains("No passage in common."), "{nothing}");
    assert!(!nothing.contains("| # | kind |"), "an empty passages table:\n{nothing}");
}
