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
const LAYERS: [&str; 11] = [
    "provtrace-common",
    "provtrace-text",
    "provtrace-ingest",
    "provtrace-similarity",
    "provtrace-attribution",
    "provtrace-contextual",
    "provtrace-provenance",
    "provtrace-report",
    "provtrace-engine",
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
