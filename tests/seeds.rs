//! The five real seed pages (../shared/seeds), checked against SEEDS.md.
//! Skips with a printed reason where they are absent.

mod common;

use std::path::Path;

use provtrace::page::Scope;
use provtrace::{Config, Report};

fn doc<'a>(report: &'a Report, prefix: &str) -> &'a provtrace::report::DocumentReport {
    report
        .documents
        .iter()
        .find(|d| d.id.starts_with(prefix))
        .unwrap_or_else(|| panic!("no document {prefix}"))
}

/// The page of the seed whose id starts with `prefix`, parsed again.
fn page_of(corpus: &provtrace::Corpus, prefix: &str) -> provtrace::page::Page {
    let d = corpus.documents.iter().find(|d| d.id.starts_with(prefix)).expect("seed");
    let gazetteer = provtrace::gazetteer::Gazetteer::new(&Config::default().outlets);
    provtrace::page::parse(
        &d.text,
        &d.metadata,
        &provtrace::boilerplate::lines(&d.text),
        &gazetteer,
    )
}

#[test]
fn seeds_match_the_written_analysis() {
    let Some(seeds) = common::shared("seeds") else {
        return;
    };
    let (report, corpus) = common::analyze(&[&seeds], &Config::default());
    assert_eq!(report.documents.len(), 5);
    common::assert_spans_on_boundaries(&report, &corpus);

    let d003 = doc(&report, "003_");
    let dup = d003.self_duplication.as_ref().expect("003 repeats its body");
    assert_eq!(dup.copies, 2);
    let text = &corpus.documents.iter().find(|d| d.id.starts_with("003_")).expect("003").text;
    let start = dup.segments[0].span.start;
    let line_of = |at: usize| text[..at].matches('\n').count();
    assert!(line_of(start).abs_diff(line_of(5519)) <= 1, "repeat starts at byte {start}");
    assert!((0.4..=0.6).contains(&dup.fraction), "{}", dup.fraction);
    for prefix in ["000_", "001_", "002_", "004_"] {
        assert!(doc(&report, prefix).self_duplication.is_none(), "{prefix} is not self-duplicated");
    }

    assert!(report.duplicate_clusters.is_empty(), "{:#?}", report.duplicate_clusters);
    assert!(report.reuse.is_empty(), "{:#?}", report.reuse);

    let outlet = |p: &str| doc(&report, p).outlet.as_ref().map(|o| o.name.clone());
    assert_eq!(outlet("000_").as_deref(), Some("The Levant News"));
    assert_eq!(outlet("001_").as_deref(), Some("China Topix"));
    assert_eq!(outlet("002_"), None);
    assert_eq!(outlet("004_"), None);

    // 001's "04/19/2024 04:19:49 pm" is when the page was saved: a stamp,
    // which no origin or direction rule takes for the story's date.
    let stamp = doc(&report, "001_").published.as_ref().expect("001's stamp");
    assert_eq!((stamp.method.name(), stamp.date.as_deref()), ("page_stamp", Some("2024-04-19")));
    assert_eq!(page_of(&corpus, "001_").publication_date(), None);
    let dateline = doc(&report, "003_").published.as_ref().expect("003's dateline");
    assert_eq!(
        (dateline.method.name(), dateline.date.as_deref()),
        ("dateline", Some("2018-02-04"))
    );

    let d000 = doc(&report, "000_");
    assert!(
        d000.credits.iter().any(|c| c.outlet == "The New York Times" && c.scope == Scope::Document),
        "{:?}",
        d000.credits
    );
    assert!(doc(&report, "004_").credits.iter().any(|c| c.outlet == "NBC News"));

    // Photo credits are recognised and never become credits.
    for d in &report.documents {
        for credit in &d.credits {
            assert!(
                !d.photo_credits.iter().any(|p| p.span.overlaps(credit.span)),
                "{}: {credit:?}",
                d.id
            );
            assert_ne!(credit.outlet, "Reuters", "{}: REUTERS/… is a photo credit", d.id);
            assert_ne!(
                credit.outlet, "Agence France-Presse",
                "{}: …/AFP/Getty Images is a photo credit",
                d.id
            );
            assert_ne!(credit.outlet, "Bloomberg", "{}: a Bloomberg lunch is an event", d.id);
        }
    }
    assert!(
        doc(&report, "001_")
            .photo_credits
            .iter()
            .any(|p| p.text.contains("REUTERS/Kai Pfaffenbach"))
    );
    assert!(
        doc(&report, "002_")
            .photo_credits
            .iter()
            .any(|p| p.text.contains("Angela Rios/AFP/Getty Images"))
    );

    // A relative date is kept as text, never turned into a date.
    let p000 = d000.published.as_ref().expect("000 says when");
    assert_eq!((p000.date.as_deref(), p000.method.name()), (None, "relative"));
    assert_eq!(
        doc(&report, "003_").published.as_ref().and_then(|p| p.date.as_deref()),
        Some("2018-02-04")
    );
}

#[test]
fn seed_body_inside_other_chrome_clusters_with_003() {
    let Some(seeds) = common::shared("seeds") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let mut body = None;
    for entry in std::fs::read_dir(&seeds).expect("seeds") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name").to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).expect("seed text");
        if name.starts_with("003_") {
            // One copy of the body: from the first photo caption to the second.
            let first = text.find("Fighters of the Syrian Democratic Forces").expect("body start");
            let second = text[first + 1..]
                .find("Fighters of the Syrian Democratic Forces")
                .expect("second copy")
                + first
                + 1;
            body = Some(text[first..second].to_string());
        }
        std::fs::write(dir.path().join(&name), text).expect("copy");
    }
    let body = body.expect("003 present");
    let page = format!(
        "WORLD NEWS DIGEST\nHome | World | Politics\nShare this article\n\nISIS fighters flee\n\n{body}\nRelated articles\nSubscribe to our newsletter for free updates\n© 2018 World News Digest. All rights reserved.\n"
    );
    std::fs::write(dir.path().join("005_repost.txt"), page).expect("write repost");
    let (report, _) = common::analyze(&[Path::new(dir.path())], &Config::default());
    assert_eq!(report.duplicate_clusters.len(), 1, "{:#?}", report.duplicate_clusters);
    let members = &report.duplicate_clusters[0].members;
    assert_eq!(members.len(), 2);
    assert!(members[0].starts_with("003_") && members[1] == "005_repost.txt", "{members:?}");
}

#[test]
fn seed_claims_trace_as_seeds_md_says() {
    let Some(seeds) = common::shared("seeds") else { return };
    let (report, _) = common::analyze(&[&seeds], &Config::default());
    check_seed_claims(&report);
}

/// With the default tagger, the convolutional network, as `analyze` runs.
#[test]
fn seed_claims_trace_as_seeds_md_says_with_the_default_tagger() {
    let Some(seeds) = common::shared("seeds") else { return };
    let tagger = provtrace::tagger::Tagger::default();
    let (report, _) = common::analyze_with(&[&seeds], &Config::default(), &tagger);
    check_seed_claims(&report);
}

#[cfg(feature = "contextual")]
#[test]
fn seed_claims_trace_as_seeds_md_says_with_the_contextual_model() {
    let Some(seeds) = common::shared("seeds") else { return };
    let tagger = common::contextual_tagger();
    let (report, _) = common::analyze_with(&[&seeds], &Config::default(), &tagger);
    check_seed_claims(&report);
}

/// SEEDS.md's claim table, on a report of the five seeds.
fn check_seed_claims(report: &Report) {
    let doc_of: std::collections::HashMap<(usize, usize), &str> =
        report.claims.iter().map(|c| ((c.doc, c.index), &report.claim_doc(c)[..3])).collect();
    let text_of: std::collections::HashMap<(usize, usize), &str> =
        report.claims.iter().map(|c| ((c.doc, c.index), report.claim_text(c))).collect();
    let cluster = |needle: &str, docs: &[&str]| {
        report
            .claim_clusters
            .iter()
            .find(|k| {
                let found: std::collections::BTreeSet<&str> =
                    k.members.iter().map(|c| doc_of[c]).collect();
                docs.iter().all(|d| found.contains(d))
                    && k.members.iter().any(|c| text_of[c].contains(needle))
            })
            .unwrap_or_else(|| panic!("no cluster with {needle:?} over {docs:?}"))
    };
    // Both claims that 000 and 002 share trace to The New York Times.
    let [fighters, americans] =
        [("from more than 100 countries", "30,000"), ("250 Americans", "250")].map(
            |(needle, also)| {
                let shared = cluster(needle, &["000", "002"]);
                assert!(shared.members.iter().any(|c| text_of[c].contains(also)), "{needle}");
                let outlet = shared.origin.outlet.as_deref();
                assert_eq!(
                    outlet,
                    Some("The New York Times"),
                    "{needle}: {}",
                    shared.origin.reason
                );
                shared
            },
        );

    let monthly = cluster("every month", &["001", "002"]);
    assert!(monthly.members.iter().any(|c| text_of[c].contains("one thousand")));
    assert!(monthly.origin.contested, "{}", monthly.origin.reason);
    assert!(monthly.origin.outlet.is_none());
    // The candidates are the sources each witness gives for this claim:
    // 001's own sentence names U.S. intelligence and a UN report, which the
    // page says the AP obtained; 002 gives The New York Times in the
    // claim's paragraph. Not The Washington Post (001 credits it for
    // another sentence), not the Pentagon (002's estimate of the 10,000
    // killed, in a clause of its own).
    let candidates: Vec<(&str, &str)> =
        monthly.origin.candidates.iter().map(|c| (c.outlet.as_str(), c.kind)).collect();
    let outlets: Vec<&str> = candidates.iter().filter(|c| c.1 == "outlet").map(|c| c.0).collect();
    assert_eq!(outlets, ["Associated Press", "The New York Times"], "{candidates:?}");
    assert!(
        candidates.iter().any(|&(name, kind)| {
            kind != "outlet"
                && name.contains("intelligence")
                && name.contains("United Nations report")
        }),
        "{candidates:?}"
    );
    assert!(!candidates.iter().any(|c| c.0.contains("Pentagon")), "{candidates:?}");
    // A contest needs two witnesses that disagree: a claim of one page
    // that credits two outlets elsewhere is not contested (SEEDS.md has
    // one contested claim).
    let contested: Vec<&str> = report
        .claim_clusters
        .iter()
        .filter(|k| k.origin.contested)
        .map(|k| k.summary.as_str())
        .collect();
    assert_eq!(contested, [monthly.summary.as_str()], "contested clusters");

    // "as many as 1,000 fighters and family members had fled" is another claim.
    let fled = report
        .claims
        .iter()
        .find(|c| report.claim_text(c).contains("family members had fled"))
        .expect("003's claim");
    for k in [fighters, americans, monthly] {
        assert!(
            !k.members.contains(&(fled.doc, fled.index)),
            "003's fled claim joined {}",
            k.summary
        );
    }

    // No two seeds share a quotation or a statement without a number (each
    // is its own rewrite): none makes a cluster of its own.
    let said_alone = report.claim_clusters.iter().filter(|k| {
        let docs: std::collections::BTreeSet<usize> = k.members.iter().map(|m| m.0).collect();
        docs.len() < 2
            && report
                .claims
                .iter()
                .filter(|c| k.members.contains(&(c.doc, c.index)))
                .all(|c| c.claim.quantities.is_empty())
    });
    assert_eq!(said_alone.count(), 0);

    let nbc = cluster("36,500", &["004"]);
    assert_eq!(nbc.origin.outlet.as_deref(), Some("NBC News"), "{}", nbc.origin.reason);

    // Values said together in one clause are one claim with several values:
    // "as many as 30,000 foreigners from more than 100 countries" and
    // "increased by 6,000 since last fall, to 36,500" each make one cluster,
    // which holds both values; "while the Pentagon estimates … 10,000" is
    // a clause of its own and stays out of the monthly claim.
    for (needle, values) in [
        ("from more than 100 countries", ["30,000", "100 countries"]),
        ("to 36,500", ["6,000", "36,500"]),
    ] {
        for c in report.claims.iter().filter(|c| report.claim_text(c).contains(needle)) {
            let holding: Vec<&str> = report
                .claim_clusters
                .iter()
                .filter(|k| k.members.contains(&(c.doc, c.index)))
                .map(|k| k.summary.as_str())
                .collect();
            assert_eq!(holding.len(), 1, "{needle}: {holding:?}");
            assert!(values.iter().all(|v| holding[0].contains(v)), "{needle}: {holding:?}");
        }
    }
    assert!(!monthly.summary.contains("10,000"), "{}", monthly.summary);

    // 002's title, said again on its last line, is one claim of the page.
    let titles = report
        .claims
        .iter()
        .filter(|c| report.claim_text(c).contains("ISIS Has Recruited as Many as 30,000"))
        .count();
    assert_eq!(titles, 1, "002's title and its repeat");

    // Quotations and attributed statements one page makes are claims, and
    // the report lists them with their speakers.
    let view = provtrace::report::view::view(report, &["report.md"]);
    for (speaker, words) in [
        ("Ben Rhodes", "There’s been some progress"),
        ("Kirstjen Nielsen", "ISIS fighters are fleeing"),
        ("Daniel L. Byman", "network effect"),
    ] {
        assert!(
            view.said.iter().any(|r| r.speakers.contains(speaker) && r.text.contains(words)),
            "{speaker}: {words}"
        );
    }

    // SEEDS.md: Daniel L. Byman, "a counterterrorism expert", is a person.
    let byman: Vec<_> = report
        .claims
        .iter()
        .flat_map(|c| &c.claim.attributions)
        .filter(|a| a.source.contains("Byman"))
        .collect();
    assert!(!byman.is_empty(), "Byman's attribution");
    assert!(
        byman.iter().all(|a| a.source_kind == provtrace::claims::SourceKind::Person),
        "{byman:?}"
    );

    // No photo credit and no Bloomberg anywhere in the attributions.
    for c in &report.claims {
        for a in &c.claim.attributions {
            assert!(
                !a.source.contains("Bloomberg")
                    && !a.source.contains("Getty")
                    && a.source != "Reuters",
                "{a:?}"
            );
        }
    }
}
