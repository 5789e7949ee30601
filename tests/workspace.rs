//! The workspace's shape, as `cargo metadata` reads it: the stage crates in
//! their layers, threads in one crate, the contextual tagger's heavy
//! dependencies in its crate only.

mod common;

use std::collections::BTreeMap;

/// Each crate's direct dependencies (name to whether it is optional), by
/// crate name, from `cargo metadata --no-deps`.
fn dependencies() -> BTreeMap<String, Vec<(String, bool)>> {
    let out = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--no-deps", "--format-version", "1", "--offline"])
        .current_dir(common::manifest_dir())
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let metadata: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let packages = metadata["packages"].as_array().expect("packages");
    packages
        .iter()
        .map(|p| {
            let deps = p["dependencies"]
                .as_array()
                .expect("dependencies")
                .iter()
                .filter(|d| d["kind"].is_null())
                .map(|d| {
                    let name = d["name"].as_str().expect("a name").to_string();
                    (name, d["optional"].as_bool().unwrap_or(false))
                })
                .collect();
            (p["name"].as_str().expect("a name").to_string(), deps)
        })
        .collect()
}

/// The crates from the bottom layer up: each may use only those before it.
const LAYERS: [&str; 13] = [
    "provtrace-common",
    "provtrace-text",
    "provtrace-ingest",
    "provtrace-similarity",
    "provtrace-archive",
    "provtrace-attribution",
    "provtrace-contextual",
    "provtrace-provenance",
    "provtrace-report",
    "provtrace-engine",
    // The data sets' loaders and scorers, for examples and tests only.
    "provtrace-evaluate",
    // The Spark kernels, beside the command line: both over the engine.
    "provtrace-spark",
    "provtrace",
];

#[test]
fn each_crate_uses_only_the_layers_below_it() {
    let deps = dependencies();
    let names: Vec<&str> = deps.keys().map(String::as_str).collect();
    let mut expected = LAYERS.to_vec();
    expected.sort_unstable();
    assert_eq!(names, expected, "the workspace's crates");
    for (i, name) in LAYERS.iter().enumerate() {
        for (dep, _) in &deps[*name] {
            if let Some(j) = LAYERS.iter().position(|l| l == dep) {
                assert!(j < i, "{name} depends on {dep}, a layer above it");
            }
        }
    }
}

#[test]
fn threads_and_the_model_runtime_each_live_in_one_crate() {
    let deps = dependencies();
    let users = |of: &str| -> Vec<&str> {
        deps.iter()
            .filter(|(_, d)| d.iter().any(|(n, _)| n == of))
            .map(|(name, _)| name.as_str())
            .collect()
    };
    assert_eq!(users("rayon"), ["provtrace-engine"]);
    // Python's runtime is linked into the Spark kernels only.
    assert_eq!(users("pyo3"), ["provtrace-spark"]);
    for heavy in ["candle-core", "candle-nn", "tokenizers"] {
        assert_eq!(users(heavy), ["provtrace-contextual"], "{heavy}");
    }
    // The command line takes the contextual crate only with its feature.
    let contextual = deps["provtrace"].iter().find(|(n, _)| n == "provtrace-contextual");
    assert_eq!(contextual, Some(&("provtrace-contextual".to_string(), true)));
}

/// Every source file of the workspace's crates and of the command line,
/// with its text, relative to the workspace root.
fn sources() -> Vec<(String, String)> {
    fn walk(dir: &std::path::Path, root: &std::path::Path, out: &mut Vec<(String, String)>) {
        let mut entries: Vec<_> =
            std::fs::read_dir(dir).expect("readable").filter_map(Result::ok).collect();
        entries.sort_by_key(std::fs::DirEntry::path);
        for entry in entries {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("readable");
                let name = path.strip_prefix(root).expect("inside").to_string_lossy().into_owned();
                out.push((name, text));
            }
        }
    }
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    walk(&root.join("src"), &root, &mut out);
    for entry in std::fs::read_dir(root.join("crates")).expect("crates") {
        walk(&entry.expect("entry").path().join("src"), &root, &mut out);
    }
    out.sort();
    out
}

/// A file a reader can hold in mind: none over 1,000 lines (a module's
/// tests go in a file of their own when they would make it longer).
#[test]
fn no_source_file_is_over_a_thousand_lines() {
    let long: Vec<(String, usize)> = sources()
        .into_iter()
        .map(|(name, text)| (name, text.lines().count()))
        .filter(|&(_, lines)| lines > 1000)
        .collect();
    assert!(long.is_empty(), "{long:?}");
}

/// The files that hold any of `calls`, outside their tests (a module's
/// `#[cfg(test)]` part, or a `tests.rs` of its own).
fn files_calling(calls: &[&str]) -> Vec<String> {
    sources()
        .into_iter()
        .filter(|(name, _)| !name.ends_with("/tests.rs"))
        .filter(|(_, text)| {
            let code = text.split("#[cfg(test)]").next().unwrap_or(text);
            calls.iter().any(|c| code.contains(c))
        })
        .map(|(name, _)| name)
        .collect()
}

#[test]
fn threads_start_only_in_the_engine() {
    let starting = files_calling(&["thread::spawn", "thread::scope", "thread::Builder", "rayon::"]);
    for file in &starting {
        let allowed = file.starts_with("crates/engine/")
            // The listener that removes temporary files on a signal: it
            // waits, and does no work of the run.
            || file == "crates/common/src/temporary.rs";
        assert!(allowed, "{file} starts threads; only the engine does");
    }
    assert!(starting.iter().any(|f| f.starts_with("crates/engine/")), "{starting:?}");
}

#[test]
fn files_are_opened_only_where_reading_and_writing_live() {
    let opening = files_calling(&[
        "File::open",
        "File::create",
        "OpenOptions",
        "fs::read",
        "fs::write",
        "read_to_string(",
    ]);
    // Each with why it opens files.
    let allowed = [
        // The inputs.
        "crates/ingest/src/ingest.rs",
        // The reports.
        "crates/report/src/lib.rs",
        // An archive's first bytes, to tell a foreign file before opening it.
        "crates/archive/src/lib.rs",
        // A contextual model's files, named by `--attribution-model`.
        "crates/contextual/src/lib.rs",
        // The labelled data sets the scorers read (`examples/evaluate.rs`).
        "crates/evaluate/src/lib.rs",
        // The configuration file, and the report `trace` reads.
        "src/cli.rs",
        // The ids `archive remove --from FILE` reads.
        "src/cli/archive.rs",
        // `/proc/self` for `--timings`.
        "src/bars.rs",
    ];
    for file in &opening {
        assert!(
            allowed.contains(&file.as_str()),
            "{file} opens files; add it here with why, or move it"
        );
    }
    assert!(opening.iter().any(|f| f == "crates/ingest/src/ingest.rs"), "{opening:?}");
}

#[test]
fn no_two_modules_of_a_crate_use_each_other() {
    // Each crate's top-level modules (a file `src/M.rs` with its `src/M/`),
    // and the other top-level modules each names (`crate::N`, or `super::N`
    // from a top-level file); the crate root, which declares and re-exports
    // them, is left out.
    let mut uses: BTreeMap<(String, String), std::collections::BTreeSet<String>> = BTreeMap::new();
    for (file, text) in sources() {
        let parts: Vec<&str> = file.split('/').collect();
        let (krate, rest) = match parts.as_slice() {
            ["crates", krate, "src", rest @ ..] => ((*krate).to_string(), rest.to_vec()),
            ["src", rest @ ..] => ("provtrace".to_string(), rest.to_vec()),
            _ => continue,
        };
        let module = rest[0].trim_end_matches(".rs").to_string();
        if module == "lib" || module == "main" {
            continue;
        }
        let named = uses.entry((krate, module.clone())).or_default();
        // Code only: neither tests nor comments (a doc link names a module
        // without using it).
        let code: String = text
            .split("#[cfg(test)]")
            .next()
            .unwrap_or(&text)
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let prefixes: &[&str] =
            if rest.len() == 1 { &["crate::", "super::"] } else { &["crate::"] };
        for prefix in prefixes {
            for (at, _) in code.match_indices(prefix) {
                let name: String = code[at + prefix.len()..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if name != module && !name.is_empty() {
                    named.insert(name);
                }
            }
        }
    }
    let modules: std::collections::BTreeSet<&(String, String)> = uses.keys().collect();
    for ((krate, a), named) in &uses {
        for b in named.iter().filter(|b| modules.contains(&(krate.clone(), (*b).clone()))) {
            let back = &uses[&(krate.clone(), b.clone())];
            assert!(!back.contains(a), "{krate}: `{a}` and `{b}` use each other");
        }
    }
}
