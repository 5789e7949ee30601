//! PolNeAR's files, for the evaluation and training examples and the
//! PolNeAR test (each includes this file).

use std::path::Path;

/// The first annotator's attributions (brat standoff) of article `name` in
/// the compartment folder `compartment`: the `{name}_*.ann` file first in
/// name order, if there is one.
pub fn first_annotation(compartment: &Path, name: &str) -> Option<String> {
    let prefix = format!("{name}_");
    let mut files: Vec<_> = std::fs::read_dir(compartment.join("attributions"))
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|f| f.to_string_lossy().starts_with(&prefix)))
        .collect();
    files.sort();
    std::fs::read_to_string(files.first()?).ok()
}
