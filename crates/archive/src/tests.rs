use super::*;

fn parameters() -> Parameters {
    [("shingle.k".to_string(), "5".to_string())].into_iter().collect()
}

fn record(id: &str, text: &str) -> Record {
    Record {
        id: id.to_string(),
        input: format!("{id}.txt"),
        text: text.to_string(),
        encoding: "utf-8".to_string(),
        bytes: text.len(),
        metadata: Metadata { title: Some(format!("Title {id}")), ..Metadata::default() },
    }
}

fn features(exact: u128, fingerprints: &[u64], vocabulary: &[u32]) -> Features {
    let line = LineStats { documents: 1, before: (1, false), after: (2, false) };
    Features {
        exact: Some(exact),
        compared: true,
        bands: vec![exact as u64, 7],
        fingerprints: fingerprints.to_vec(),
        vocabulary: vocabulary.to_vec(),
        lines: vec![(42, line)],
    }
}

#[test]
fn documents_go_in_and_come_back_with_their_counts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.archive");
    let mut archive = Archive::create_or_open(&path, &parameters()).unwrap();
    let mut w = archive.write(|| {}).unwrap();
    assert_eq!(
        w.add(&record("a", "Alpha."), &features(1, &[10, 11], &[1, 2]), false).unwrap(),
        Added::New
    );
    assert_eq!(
        w.add(&record("b", "Beta."), &features(2, &[11, 12], &[2, 3]), false).unwrap(),
        Added::New
    );
    // A copy of a's content under another id: stored, not counted twice.
    assert_eq!(
        w.add(&record("c", "Alpha!"), &features(1, &[10, 11], &[1, 2]), false).unwrap(),
        Added::New
    );
    assert_eq!(
        w.add(&record("a", "Alpha."), &features(1, &[10, 11], &[1, 2]), false).unwrap(),
        Added::Unchanged
    );
    assert_eq!(
        w.add(&record("a", "Other."), &features(3, &[13], &[4]), false).unwrap(),
        Added::Conflict
    );
    w.commit().unwrap();
    let snapshot = archive.snapshot().unwrap();
    let view = snapshot.view();
    assert_eq!(view.totals().unwrap(), Totals { documents: 3, counted: 2, terms: 4 });
    assert_eq!(view.term_frequencies(&[1, 2, 9]).unwrap().get(&2), Some(&2));
    assert_eq!(view.fingerprint_holders(11).unwrap(), [1, 2]);
    assert_eq!(view.band_holders(7).unwrap(), [1, 2, 3]);
    assert_eq!(view.exact_holders(1).unwrap(), [1, 3]);
    assert_eq!(view.line_stats(&[42]).unwrap()[&42].documents, 3);
    let back = view.load(&[2]).unwrap();
    assert_eq!(back[0].record, record("b", "Beta."));
    assert_eq!(back[0].features, features(2, &[11, 12], &[2, 3]));
}

#[test]
fn a_removed_document_leaves_the_counts_as_if_never_added() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.archive");
    let mut archive = Archive::create_or_open(&path, &parameters()).unwrap();
    let mut w = archive.write(|| {}).unwrap();
    w.add(&record("b", "Beta."), &features(2, &[11, 12], &[2, 3]), false).unwrap();
    w.commit().unwrap();
    let without = archive.snapshot().unwrap().view().info().unwrap();
    let mut w = archive.write(|| {}).unwrap();
    w.add(&record("a", "Alpha."), &features(1, &[10, 11], &[1, 2]), false).unwrap();
    w.add(&record("c", "Alpha!"), &features(1, &[10, 11], &[1, 2]), false).unwrap();
    w.commit().unwrap();
    let mut w = archive.write(|| {}).unwrap();
    assert!(w.remove("a").unwrap());
    assert!(!w.remove("nothing").unwrap());
    w.commit().unwrap();
    // c, a's copy, is counted in a's place.
    let view_totals = archive.snapshot().unwrap().view().totals().unwrap();
    assert_eq!(view_totals, Totals { documents: 2, counted: 2, terms: 4 });
    let mut w = archive.write(|| {}).unwrap();
    assert!(w.remove("c").unwrap());
    w.commit().unwrap();
    assert_eq!(archive.snapshot().unwrap().view().info().unwrap(), without);
}

#[test]
fn foreign_files_and_other_parameters_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not an archive at all, just some words").unwrap();
    let err = Archive::open(&text, None).err().unwrap().to_string();
    assert!(err.contains("is not a provtrace archive: not an SQLite file"), "{err}");
    let other = dir.path().join("other.sqlite");
    rusqlite::Connection::open(&other).unwrap().execute_batch("CREATE TABLE t(x)").unwrap();
    let err = Archive::open(&other, None).err().unwrap().to_string();
    assert!(err.contains("is not a provtrace archive"), "{err}");
    let path = dir.path().join("a.archive");
    drop(Archive::create_or_open(&path, &parameters()).unwrap());
    let seven: Parameters = [("shingle.k".to_string(), "7".to_string())].into_iter().collect();
    let err = Archive::open(&path, Some(&seven)).err().unwrap().to_string();
    assert!(err.contains("shingle.k: archive 5, this run 7"), "{err}");
    let err = Archive::open(&dir.path().join("absent"), None).err().unwrap().to_string();
    assert!(err.contains("no archive at"), "{err}");
}

#[test]
fn a_snapshot_does_not_see_a_later_commit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.archive");
    let mut reader = Archive::create_or_open(&path, &parameters()).unwrap();
    let mut writer = Archive::open(&path, Some(&parameters())).unwrap();
    let snapshot = reader.snapshot().unwrap();
    let mut w = writer.write(|| panic!("no other writer")).unwrap();
    w.add(&record("a", "Alpha."), &features(1, &[10], &[1]), false).unwrap();
    w.commit().unwrap();
    assert_eq!(snapshot.view().totals().unwrap().documents, 0);
    drop(snapshot);
    assert_eq!(reader.snapshot().unwrap().view().totals().unwrap().documents, 1);
}

#[test]
fn a_common_term_keeps_its_count_but_no_more_postings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.archive");
    let mut archive = Archive::create_or_open(&path, &parameters()).unwrap();
    let mut w = archive.write(|| {}).unwrap();
    w.limit_postings(2);
    for (i, id) in ["a", "b", "c"].into_iter().enumerate() {
        let f = features(i as u128 + 1, &[], &[5, 10 + i as u32]);
        w.add(&record(id, id), &f, false).unwrap();
    }
    w.commit().unwrap();
    let snapshot = archive.snapshot().unwrap();
    let view = snapshot.view();
    assert_eq!(view.term_frequencies(&[5]).unwrap()[&5], 3);
    assert!(view.term_holders(5).unwrap().is_empty(), "held by more than the limit");
    assert_eq!(view.term_holders(11).unwrap(), [2]);
}
