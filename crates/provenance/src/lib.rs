//! Where each claim came from.
//!
//! Input: per document its claims, its own outlet and date, its credits and
//! the duplicate cluster it belongs to; the copy relations (reuse pairs and
//! near-duplicates, with their aligned passages). Output: claim links (each
//! claim of a copy to the claim of its source that says it, [`mod@derive`]),
//! claim clusters (the same claim across documents) each with an
//! [`Origin`], each linked claim's [`ClaimOrigin`], and the provenance
//! [`Graph`].
//!
//! Two claims are one when one was taken from the other (a link), or when
//! they state the same value of the same subject: the rare words of their
//! sentences and titles shared, their other figures agreeing, and the value
//! specific or the subjects close; never on the number alone. Copies of one
//! text (a duplicate cluster) count as one witness.
//!
//! The origin is the first text that states the claim, followed through
//! the links, and the credit that text gives for it: in the claim's own
//! clause, as the document's source, in the same paragraph, or as the
//! source of what the claim's clause names ("the report obtained by the
//! Associated Press", where the claim cites "the new United Nations
//! report"); a credit elsewhere in the page is not the claim's. An outlet
//! that speaks ("the BBC said") is a source, not a credit. An attribution
//! in a subordinate clause ("While the Pentagon estimates …, 1,000 join
//! every month") gives only what that clause holds. When a cluster's
//! independent witnesses are several texts, a credited outlet whose own
//! document asserts the claim wins; one outlet named by all is the origin;
//! outlets that disagree make the cluster `contested`, with every
//! candidate and its evidence and no origin picked (the officials,
//! agencies, people and documents the claims' clauses name are listed as
//! candidates too); with no credits, the earliest dated witness; else
//! unknown.

use provtrace_attribution::claims::{Claim, Quantity};
use provtrace_attribution::page::Credit;
use provtrace_common::Parallel;
use provtrace_text::span::Span;
use serde::Serialize;

mod cluster;
pub mod derive;
mod figures;
mod graph;
mod origin;
mod outlets;
mod words;

pub use cluster::{Compared, compare_claims, group_claims};
pub use derive::{ClaimLink, Copy, LinkKind, Links, link_claims};
pub use graph::{Edge, EdgeKind, Found, Graph, Node, NodeId, NodeKind};
pub use origin::{Candidate, ClaimOrigin, Origin, claim_origin, first_of, way_of};
pub use outlets::{Outlet, outlets, slug};

/// One document as provenance sees it.
#[derive(Clone, Debug)]
pub struct Witness<'a> {
    pub id: &'a str,
    pub text: &'a str,
    /// The page's title, where a claim too short to name its subject
    /// ("Shr 18 cts vs 14 cts") takes it from.
    pub title: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub date: Option<&'a str>,
    pub credits: &'a [Credit],
    pub claims: &'a [Claim],
    /// The document that stands for its duplicate cluster (itself when alone).
    pub anchor: usize,
    /// Where the text's line ends are, found once when first needed: a
    /// claim's paragraph is then a binary search, not a scan of the line
    /// (which, claim after claim, made a one-line document quadratic).
    pub line_ends: std::sync::OnceLock<Vec<usize>>,
}

/// A group of the same claim across documents.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClaimCluster {
    pub id: String,
    /// The claims as (witness, claim of the witness); written as claim ids.
    #[serde(rename = "claims", serialize_with = "claim_ids")]
    pub members: Vec<(usize, usize)>,
    /// The quantity and what it counts, as the earliest claim words it.
    pub summary: String,
    pub origin: Origin,
}

impl ClaimCluster {
    /// The ids of the cluster's claims.
    pub fn claim_ids(&self) -> impl Iterator<Item = String> + '_ {
        ids(&self.members)
    }
}

fn ids(members: &[(usize, usize)]) -> impl Iterator<Item = String> + '_ {
    members.iter().map(|&(d, c)| claim_id(d, c))
}

fn claim_ids<S: serde::Serializer>(members: &[(usize, usize)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(ids(members))
}

/// A quantity of a claim: (document, claim index, quantity).
pub(crate) type Mention<'a> = (usize, usize, &'a Quantity);

/// Where a grouped quantity is: (document, claim index, its span).
pub(crate) type Placed = (usize, usize, Span);

/// A group of mentions: its claims, what its summary is made from, where
/// its quantities (or quotes) are.
pub(crate) type Grouped = (Vec<(usize, usize)>, Said, Vec<Placed>);

/// What a cluster's summary is made from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Said {
    /// Quantity mentions, by their indices: the first mention of each
    /// value the claim states, in the order the earliest claim says them.
    Quantities(Vec<usize>),
    /// Words of document `.0`: a quotation, or an attributed statement.
    Quote(usize, Span),
    Statement(usize, Span),
}

/// The places of `claim` in `placed`, sorted as it is: one run of it.
pub(crate) fn claim_run(placed: &[Placed], claim: (usize, usize)) -> &[Placed] {
    let from = placed.partition_point(|q| (q.0, q.1) < claim);
    let to = placed.partition_point(|q| (q.0, q.1) <= claim);
    &placed[from..to]
}

/// Claim ids: `c-<document index + 1>-<claim index + 1>`.
pub fn claim_id(doc: usize, claim: usize) -> String {
    format!("c{}-{}", doc + 1, claim + 1)
}

/// Groups the claims of all witnesses and traces each group's origin.
/// `links` are the claim-level derivations ([`link_claims`]): a claim and
/// the claim it was taken from are one claim, and only claims taken from no
/// other member are independent witnesses of where it came from.
pub fn cluster_claims(
    witnesses: &[Witness],
    links: &Links,
    run: &impl Parallel,
) -> Vec<ClaimCluster> {
    let compared = compare_claims(witnesses, run, &provtrace_common::Silent);
    group_claims(compared, witnesses, links, run)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::wildcard_imports)]
    use super::cluster::*;
    use super::origin::*;
    use super::*;

    #[test]
    fn subordinate_clauses_fronted_and_trailing() {
        let text = "And while the Pentagon estimates that airstrikes have killed roughly 10,000 fighters, the group is replacing them, with some 1,000 joining every month.";
        let sentence = Span::new(0, text.len());
        let at = |word: &str| text.find(word).expect(word);
        let fronted =
            subordinate_clause(text, sentence, at("Pentagon")).expect("in the while-clause");
        assert!(fronted.contains(Span::new(at("10,000"), at("10,000") + 6)));
        assert!(!fronted.contains(Span::new(at("1,000 joining"), at("1,000 joining") + 5)));
        assert_eq!(subordinate_clause(text, sentence, at("1,000 joining")), None, "main clause");

        let text = "The ministry said 400 homes were lost, while the mayor put the figure at 650.";
        let sentence = Span::new(0, text.len());
        let at = |word: &str| text.find(word).expect(word);
        assert_eq!(subordinate_clause(text, sentence, at("400")), None);
        let trailing =
            subordinate_clause(text, sentence, at("mayor")).expect("in the while-clause");
        assert!(trailing.contains(Span::new(at("650"), at("650") + 3)));
        // A number's own comma does not end a clause.
        let text = "While 10,000 left, officials said 1,000 returned.";
        let clause = subordinate_clause(text, Span::new(0, text.len()), 6).expect("fronted");
        assert_eq!(clause.slice(text), "While 10,000 left");
    }

    #[test]
    fn a_quoted_name_is_no_saying() {
        assert!(is_name("Meet the Press,"));
        assert!(is_name("The Art of the Deal"));
        assert!(!is_name("prioritised by risk"));
        assert!(!is_name("We Will Not Back Down, he said"));
        assert!(!is_name("to a an"));
    }

    #[test]
    fn heads_of_a_source_name() {
        assert_eq!(
            heads("U.S. intelligence and the new United Nations report"),
            ["intelligence", "report"]
        );
        assert_eq!(heads("officials"), ["official"]);
    }

    #[test]
    fn a_line_found_from_the_index_is_the_line_around_the_span() {
        let text = "one\ntwo words\n\nthree\nlast";
        let w = Witness {
            id: "d",
            text,
            title: None,
            outlet: None,
            date: None,
            credits: &[],
            claims: &[],
            anchor: 0,
            line_ends: std::sync::OnceLock::new(),
        };
        for start in 0..=text.len() {
            for end in start..=text.len() {
                let scanned = {
                    let s = text[..start].rfind('\n').map_or(0, |i| i + 1);
                    let e = text[end..].find('\n').map_or(text.len(), |i| end + i);
                    Span::new(s, e)
                };
                assert_eq!(line_of(&w, Span::new(start, end)), scanned, "{start}..{end}");
            }
        }
    }

    /// Three documents `a`, `b`, `c`, each its own witness.
    fn witnesses_of<'a>(texts: &[&'a str; 3], claims: &'a [Vec<Claim>]) -> Vec<Witness<'a>> {
        texts
            .iter()
            .zip(claims)
            .enumerate()
            .map(|(i, (text, claims))| Witness {
                id: ["a", "b", "c"][i],
                text,
                title: None,
                outlet: None,
                date: None,
                credits: &[],
                claims,
                anchor: i,
                line_ends: std::sync::OnceLock::new(),
            })
            .collect()
    }

    /// One claim a text: the whole text, with the quantities it states.
    fn sentence_claims<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<Vec<Claim>> {
        texts
            .map(|t| {
                vec![Claim {
                    span: Span::new(0, t.len()),
                    quantities: provtrace_attribution::claims::quantities(t, 0),
                    quotes: Vec::new(),
                    attributions: Vec::new(),
                }]
            })
            .collect()
    }

    /// Claims of one sentence each, over documents titled `titles`.
    fn grouped(texts: &[&str], titles: &[&str]) -> Vec<Vec<(usize, usize)>> {
        let claims = sentence_claims(texts.iter().copied());
        let ids: Vec<String> = (0..texts.len()).map(|i| format!("d{i}")).collect();
        let witnesses: Vec<Witness> = (0..texts.len())
            .map(|i| Witness {
                id: &ids[i],
                text: texts[i],
                title: titles.get(i).copied(),
                outlet: None,
                date: None,
                credits: &[],
                claims: &claims[i],
                anchor: i,
                line_ends: std::sync::OnceLock::new(),
            })
            .collect();
        cluster_claims(&witnesses, &Links::default(), &provtrace_common::parallel::Sequential)
            .into_iter()
            .map(|k| k.members)
            .filter(|m| m.len() > 1)
            .collect()
    }

    #[test]
    fn a_shared_value_and_template_are_not_one_claim() {
        // Two companies' dividends, word for word but for the name in the
        // title; then the same company's, in two versions of its story.
        // Other companies' dividends tell what every such line says.
        let others = ["ACME", "BETA", "GAMMA", "DELTA", "OMEGA", "SIGMA"];
        let lines: Vec<String> = (0..others.len())
            .map(|i| format!("Qtly div {} cts vs {} cts prior", 20 + i, 20 + i))
            .collect();
        let titles: Vec<String> =
            others.iter().map(|o| format!("{o} CORP SETS QUARTERLY")).collect();
        let corpus = |second: &'static str| {
            let mut texts = vec!["Qtly div 10 cts vs 10 cts prior"; 2];
            texts.extend(lines.iter().map(String::as_str));
            let mut named = vec!["CAMPBELL RED LAKE SETS QUARTERLY DIVIDEND", second];
            named.extend(titles.iter().map(String::as_str));
            grouped(&texts, &named)
        };
        let joined = corpus("RYLAND GROUP INC SETS QUARTERLY");
        assert!(joined.is_empty(), "{joined:?}");
        assert_eq!(corpus("CAMPBELL RED LAKE PAYOUT"), [vec![(0, 0), (1, 0)]]);
    }

    #[test]
    fn the_same_figure_of_the_same_subject_is_one_claim_unless_the_figures_disagree() {
        let joined = grouped(
            &[
                "Taiwan's foreign exchange reserves now stand at some 60.3 billion U.S. dlrs.",
                "The reserves of Taiwan, at about 60.3 billion U.S. dlrs, led to runaway money growth.",
                "Output rose 60.3 billion dlrs in Belgium, officials said.",
                // What other stories say tells that "billion" and "dlrs"
                // name no subject.
                "Exports were 12.1 billion dlrs.",
                "Imports fell to 9.4 billion dlrs.",
                "The deficit was 3.2 billion dlrs.",
                "Spending rose to 7.7 billion dlrs.",
            ],
            &[],
        );
        assert_eq!(joined, [vec![(0, 0), (1, 0)]]);
        // Two weeks of one report: the figure of one is the other's last week.
        let joined = grouped(
            &[
                "The Hughes rig count fell to 707 from 744, against 801 a year ago.",
                "The Hughes rig count fell to 671 from 707, against 790 a year ago.",
            ],
            &[],
        );
        assert!(joined.is_empty(), "{joined:?}");
    }

    #[test]
    fn values_said_in_one_clause_are_one_claim() {
        let texts = [
            "As many as 30,000 foreigners from more than 100 countries have joined the group.",
            "Nearly 30,000 foreign recruits have joined, from more than 100 countries.",
            "While officials say 10,000 fighters were killed, some 30,000 foreigners from 100 countries joined the group.",
        ];
        let claims = sentence_claims(texts.iter().copied());
        let witnesses = witnesses_of(&texts, &claims);
        let clusters =
            cluster_claims(&witnesses, &Links::default(), &provtrace_common::parallel::Sequential);
        let summaries: Vec<&str> = clusters.iter().map(|k| k.summary.as_str()).collect();
        // The 30,000 and the 100 countries are one claim of three witnesses;
        // the 10,000, in a clause of its own, is another.
        assert_eq!(clusters.len(), 2, "{summaries:?}");
        let both = clusters
            .iter()
            .find(|k| k.members.len() == 3)
            .unwrap_or_else(|| panic!("no claim of three witnesses: {summaries:?}"));
        assert!(both.summary.contains("30,000") && both.summary.contains("100"), "{summaries:?}");
        assert!(!both.summary.contains("10,000"), "{summaries:?}");
    }

    #[test]
    fn a_quotation_trimmed_or_repunctuated_is_one_claim_and_another_is_not() {
        let texts = [
            "\"We don't want a trade war with anyone,\" the minister said.",
            "The minister said: \u{201c}we don't want a trade war\u{201d}.",
            "\"We want a fair deal for farmers,\" the minister said.",
        ];
        let claims: Vec<Vec<Claim>> = texts
            .iter()
            .map(|t| {
                let open = t.find(['"', '\u{201c}']).expect("a quote");
                let inside = open + t[open..].chars().next().map_or(1, char::len_utf8);
                let close = t[inside..].find(['"', '\u{201d}']).expect("its end") + inside;
                let end = close + t[close..].chars().next().map_or(1, char::len_utf8);
                vec![Claim {
                    span: Span::new(0, t.len()),
                    quantities: Vec::new(),
                    quotes: vec![Span::new(open, end)],
                    attributions: Vec::new(),
                }]
            })
            .collect();
        let witnesses = witnesses_of(&texts, &claims);
        let mut groups: Vec<Vec<(usize, usize)>> =
            statements(&witnesses, &provtrace_common::parallel::Sequential)
                .into_iter()
                .map(|g| g.0)
                .collect();
        groups.sort();
        // The third says something else, and alone: no cluster.
        assert_eq!(groups, [vec![(0, 0), (1, 0)]]);
    }
}
