//! Where a claim cluster came from ([`Origin`]) and where a linked claim was
//! first stated ([`ClaimOrigin`]): the witnesses' credits, their levels, and
//! the way a claim travelled.

use std::collections::BTreeMap;

use provtrace_attribution::claims::{Attribution, Claim, SourceKind};
use provtrace_attribution::page::Scope;

use provtrace_text::span::Span;
use serde::Serialize;

use crate::{ClaimLink, Links, Placed, Witness, claim_run};
/// Where a claim cluster originated, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Origin {
    pub outlet: Option<String>,
    pub doc: Option<String>,
    pub reason: String,
    /// 0 to 1: 0.9 when the credited outlet's own story is among the
    /// witnesses; 0.8 when every witness credits one outlet in the sentence
    /// or as the document's source, or when one text states it first and
    /// the others take it from there; 0.6 in the same paragraph; 0.5
    /// crediting the source the clause cites, or for the earliest dated
    /// witness; 0.2 when its one crediting witness names several outlets; 0
    /// when contested or unknown.
    pub confidence: f64,
    pub contested: bool,
    pub candidates: Vec<Candidate>,
}

/// A source some witnesses give for the claim, with their evidence: an
/// outlet they credit, or (kind other than `outlet`) the official, agency,
/// person or document the claim's own clause names.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Candidate {
    /// The source's name (an outlet's canonical name).
    pub outlet: String,
    /// `outlet`, or the kind of source the claim's clause names.
    pub kind: &'static str,
    pub witnesses: Vec<String>,
    pub evidence: Vec<String>,
}

/// How strongly a witness ties a claim to an outlet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Level {
    Sentence,
    Document,
    Paragraph,
    /// A credit elsewhere in the document of the source the claim's clause
    /// names ("the report obtained by the Associated Press", where the
    /// claim's sentence names "the new United Nations report").
    Referent,
}

impl Level {
    fn words(self) -> &'static str {
        match self {
            Level::Sentence => "in the claim's sentence",
            Level::Document => "as the document's source",
            Level::Paragraph => "in the same paragraph",
            Level::Referent => "crediting the source the claim's sentence cites",
        }
    }

    /// What a credit at this level does, for an evidence line ("ID: “Source:
    /// The New York Times” names the document's source").
    fn evidence(self) -> &'static str {
        match self {
            Level::Sentence => "credits it in the claim's sentence",
            Level::Document => "names the document's source",
            Level::Paragraph => "credits it in the same paragraph",
            Level::Referent => "credits the source the claim's sentence cites",
        }
    }

    fn confidence(self) -> f64 {
        match self {
            Level::Sentence | Level::Document => 0.8,
            Level::Paragraph => 0.6,
            Level::Referent => 0.5,
        }
    }
}

/// The outlets a witness credits, each with its cue, at the level found.
pub(crate) type Credited = Option<(Level, Vec<(String, String)>)>;

/// Words that open a subordinate clause. An attribution inside one speaks
/// for that clause only: in "While the Pentagon estimates that airstrikes
/// have killed 10,000 fighters, some 1,000 join every month", the Pentagon
/// gives the 10,000, not the 1,000.
pub(crate) const SUBORDINATORS: [&str; 7] =
    ["while ", "although ", "though ", "whereas ", "even as ", "even though ", "even while "];

/// The subordinate clause of `sentence` (a span of `text`) that holds byte
/// `at`, fronted ("While …, the main clause") or trailing ("the main
/// clause, while …"); `None` when `at` is in the main clause.
pub(crate) fn subordinate_clause(text: &str, sentence: Span, at: usize) -> Option<Span> {
    let s = sentence.slice(text).to_ascii_lowercase();
    let start = sentence.start;
    // Fronted, maybe after a conjunction or an opening quote.
    let mut lead = s.trim_start_matches(['"', '\'', '“', ' ']);
    for conjunction in ["and ", "but ", "yet ", "so "] {
        lead = lead.strip_prefix(conjunction).unwrap_or(lead);
    }
    if SUBORDINATORS.iter().any(|w| lead.starts_with(w)) {
        let from = s.len() - lead.len();
        if let Some(comma) = s[from..].find(", ") {
            let clause = Span::new(start, start + from + comma);
            if clause.contains(Span::new(at, at)) {
                return Some(clause);
            }
        }
    }
    // Trailing: from ", while" to the sentence's end.
    let mut from = 0;
    while let Some(comma) = s[from..].find(", ") {
        let after = from + comma + 2;
        if SUBORDINATORS.iter().any(|w| s[after..].starts_with(w)) {
            let clause = Span::new(start + after, sentence.end);
            if at >= clause.start && at < clause.end {
                return Some(clause);
            }
        }
        from = after;
    }
    None
}

/// Where an attribution is said: its cue, else its source.
pub(crate) fn said_at(a: &Attribution) -> Option<usize> {
    a.cue_span.or(a.source_span).map(|s| s.start)
}

/// The sentence attributions of `claim` that give one of the quantities at
/// `quantities`: one in a subordinate clause gives what that clause holds;
/// one in the main clause gives what the main clause holds, and what a
/// subordinate clause holds when that clause names no source of its own.
pub(crate) fn bound<'c>(
    w: &Witness,
    claim: &'c Claim,
    quantities: &[Span],
) -> Vec<&'c Attribution> {
    let sentence: Vec<&Attribution> =
        claim.attributions.iter().filter(|a| a.scope == Scope::Sentence).collect();
    let clause_of = |at: usize| subordinate_clause(w.text, claim.span, at);
    sentence
        .iter()
        .copied()
        .filter(|a| {
            let Some(at) = said_at(a) else { return true };
            quantities.iter().any(|q| match (clause_of(at), clause_of(q.start)) {
                (Some(own), _) => own.contains(*q),
                (None, None) => true,
                (None, Some(theirs)) => !sentence
                    .iter()
                    .any(|b| said_at(b).is_some_and(|x| theirs.contains(Span::new(x, x)))),
            })
        })
        .collect()
}

/// The head word of each part of a source's name ("U.S. intelligence and
/// the new United Nations report": intelligence, report), lower case and
/// without a plural `s`.
pub(crate) fn heads(source: &str) -> Vec<String> {
    source
        .split(" and ")
        .flat_map(|part| part.split(", "))
        .filter_map(|part| {
            let word = part.split_whitespace().last()?;
            let word: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
            let word = word.to_lowercase();
            (word.len() > 2).then(|| word.trim_end_matches('s').to_string())
        })
        .collect()
}

/// The outlets a witness ties a claim to, at the strongest level it has,
/// and the other sources the claim's clause names (name, kind, cue).
pub(crate) fn credited(
    w: &Witness,
    claim: &Claim,
    quantities: &[Span],
) -> (Credited, Vec<(String, &'static str, String)>) {
    let bound = bound(w, claim, quantities);
    let sources: Vec<(String, &'static str, String)> = bound
        .iter()
        .filter(|a| a.source_kind != SourceKind::Unknown)
        .filter(|a| a.source_kind != SourceKind::Outlet || !reports(&a.cue))
        .map(|a| {
            // An outlet that speaks is an organisation here.
            let kind = match a.source_kind {
                SourceKind::Outlet => "agency",
                kind => source_kind_name(kind),
            };
            (a.source.clone(), kind, format!("“{}”", a.cue))
        })
        .collect();
    let sentence: Vec<(String, String)> = bound
        .iter()
        .filter(|a| a.source_kind == SourceKind::Outlet && reports(&a.cue))
        .map(|a| (a.source.clone(), format!("“{}”", a.cue)))
        .collect();
    if !sentence.is_empty() {
        return (Some((Level::Sentence, sentence)), sources);
    }
    if let Some(document) = document_credits(w) {
        return (Some(document), sources);
    }
    let paragraph = line_of(w, claim.span);
    let nearby: Vec<(String, String)> = w
        .credits
        .iter()
        .filter(|c| c.scope == Scope::Sentence && paragraph.contains(c.span))
        .map(|c| (c.outlet.clone(), format!("“{}”", c.span.slice(w.text))))
        .collect();
    if !nearby.is_empty() {
        return (Some((Level::Paragraph, nearby)), sources);
    }
    // A credit of the very source the clause names: the word the credit
    // follows is the head of that source's name.
    let named: Vec<String> = sources.iter().flat_map(|(name, _, _)| heads(name)).collect();
    let referent: Vec<(String, String)> = w
        .credits
        .iter()
        .filter_map(|c| {
            // The word the credit follows, right before it.
            let before = w.text.get(..c.span.start)?.strip_suffix(' ')?;
            let word = before.rsplit(' ').next()?;
            let head = word.to_lowercase();
            (head.chars().all(char::is_alphabetic)
                && named.iter().any(|n| *n == head.trim_end_matches('s')))
            .then(|| (c.outlet.clone(), format!("“{word} {}”", c.span.slice(w.text))))
        })
        .collect();
    // A credit elsewhere in the page, for another part of it, is not this
    // claim's: "BBC said" three paragraphs down says nothing of where a
    // spokesman's quote came from.
    ((!referent.is_empty()).then_some((Level::Referent, referent)), sources)
}

/// The outlets a page credits for all it says ("Source: The New York
/// Times").
pub(crate) fn document_credits(w: &Witness) -> Credited {
    let document: Vec<(String, String)> = w
        .credits
        .iter()
        .filter(|c| c.scope == Scope::Document)
        .map(|c| (c.outlet.clone(), c.shown(w.text)))
        .collect();
    (!document.is_empty()).then_some((Level::Document, document))
}

/// Whether an attribution's cue says an outlet reported something ("the
/// Times reported", "according to NBC News", "the Times notes"), not that
/// the organisation itself spoke ("the BBC said", "a spokesman for the BBC
/// said"): an outlet that speaks is a source of the claim, like any
/// organisation, not the outlet that first reported it. Only the verbs of
/// speech listed make it a speaker; any other cue, in any language, keeps
/// the outlet a credit.
pub(crate) fn reports(cue: &str) -> bool {
    const SPEECH: [&str; 14] = [
        "said",
        "says",
        "say",
        "saying",
        "added",
        "adds",
        "stated",
        "announced",
        "confirmed",
        "denied",
        "insisted",
        "explained",
        "declared",
        "commented",
    ];
    let cue = cue.to_lowercase();
    !cue.split(|c: char| !c.is_alphabetic()).any(|w| SPEECH.contains(&w))
}

pub(crate) fn source_kind_name(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::Outlet => "outlet",
        SourceKind::Agency => "agency",
        SourceKind::Official => "official",
        SourceKind::Person => "person",
        SourceKind::Document => "document",
        SourceKind::Unknown => "unknown",
    }
}

/// The line (paragraph) around `span`: from after the line end before it
/// to the first line end at or after its end.
pub(crate) fn line_of(w: &Witness, span: Span) -> Span {
    let ends = w.line_ends.get_or_init(|| w.text.match_indices('\n').map(|(i, _)| i).collect());
    let before = ends.partition_point(|&e| e < span.start);
    let start = before.checked_sub(1).map_or(0, |i| ends[i] + 1);
    let after = ends.partition_point(|&e| e < span.end);
    let end = ends.get(after).copied().unwrap_or(w.text.len());
    Span::new(start, end)
}

/// The member a claim of the cluster was taken from, if it was.
pub(crate) fn taken_from(
    claim: (usize, usize),
    claims: &[(usize, usize)],
    links: &Links,
) -> Option<ClaimLink> {
    let link = links.of(claim)?;
    claims.binary_search(&link.source()?).is_ok().then_some(link)
}

pub(crate) fn origin(
    claims: &[(usize, usize)],
    quantities: &[Placed],
    witnesses: &[Witness],
    links: &Links,
) -> Origin {
    // Only the claims taken from no other member are witnesses of where
    // the claim came from: a copy says what its source says.
    let mut roots: Vec<(usize, usize)> =
        claims.iter().copied().filter(|&m| taken_from(m, claims, links).is_none()).collect();
    if roots.is_empty() {
        roots = claims.to_vec();
    }
    let derived = claims.len() - roots.len();
    // Where each independent claim was itself taken from, outside the
    // cluster (a paper's claim that no other paper repeats, taken from the
    // wire): the first text that states it.
    let firsts: Vec<Stage> = roots.iter().map(|&m| first_of(m, links)).collect();
    let mut anchors: Vec<usize> = firsts.iter().map(|f| witnesses[f.0].anchor).collect();
    anchors.sort_unstable();
    anchors.dedup();
    let outside = firsts.iter().zip(&roots).any(|(f, m)| f.0 != m.0);
    if (derived > 0 || outside)
        && let [anchor] = anchors[..]
    {
        let first = firsts.iter().copied().find(|f| f.0 == anchor).unwrap_or(firsts[0]);
        return first_stated(claims, first, quantities, witnesses, links);
    }
    let claims_of_roots = roots;
    // One witness per duplicate cluster, with the strongest evidence any of
    // its claims in the cluster has.
    let mut evidence: Vec<(usize, Credited)> = Vec::new();
    let mut sources: BTreeMap<(String, &'static str), Candidate> = BTreeMap::new();
    for &(d, c) in &claims_of_roots {
        let anchor = witnesses[d].anchor;
        let at: Vec<Span> = claim_run(quantities, (d, c)).iter().map(|q| q.2).collect();
        let (found, named) = credited(&witnesses[d], &witnesses[d].claims[c], &at);
        for (name, kind, cue) in named {
            let entry = sources.entry((name.clone(), kind)).or_insert_with(|| Candidate {
                outlet: name,
                kind,
                witnesses: Vec::new(),
                evidence: Vec::new(),
            });
            let id = witnesses[d].id.to_string();
            let line = format!("{id}: {cue} {}", Level::Sentence.evidence());
            if !entry.witnesses.contains(&id) {
                entry.witnesses.push(id);
            }
            if !entry.evidence.contains(&line) {
                entry.evidence.push(line);
            }
        }
        match evidence.iter_mut().find(|(e, _)| witnesses[*e].anchor == anchor) {
            Some(slot) => {
                let stronger = match (&slot.1, &found) {
                    (None, Some(_)) => true,
                    (Some((old, _)), Some((new, _))) => new < old,
                    _ => false,
                };
                if stronger {
                    *slot = (d, found);
                }
            }
            None => evidence.push((d, found)),
        }
    }
    let mut candidates: BTreeMap<String, Candidate> = BTreeMap::new();
    for (d, found) in &evidence {
        let Some((level, outlets)) = found else { continue };
        for (outlet, cue) in outlets {
            let entry = candidates.entry(outlet.clone()).or_insert_with(|| Candidate {
                outlet: outlet.clone(),
                kind: "outlet",
                witnesses: Vec::new(),
                evidence: Vec::new(),
            });
            if !entry.witnesses.contains(&witnesses[*d].id.to_string()) {
                entry.witnesses.push(witnesses[*d].id.to_string());
            }
            let line = format!("{}: {cue} {}", witnesses[*d].id, level.evidence());
            if !entry.evidence.contains(&line) {
                entry.evidence.push(line);
            }
        }
    }
    // The outlets decide; the other sources the claims' clauses name are
    // listed after them.
    let outlets: Vec<Candidate> = candidates.into_values().collect();
    let candidates: Vec<Candidate> = outlets.iter().cloned().chain(sources.into_values()).collect();
    // A credited outlet whose own story is a witness.
    let own: Vec<(&Candidate, usize)> = outlets
        .iter()
        .filter_map(|c| {
            claims
                .iter()
                .map(|&(d, _)| d)
                .find(|&d| witnesses[d].outlet == Some(c.outlet.as_str()))
                .map(|d| (c, d))
        })
        .collect();
    if let [(candidate, d)] = own[..] {
        return Origin {
            outlet: Some(candidate.outlet.clone()),
            doc: Some(witnesses[d].id.to_string()),
            reason: format!(
                "credited by {} and its own story {} asserts it",
                candidate.witnesses.join(", "),
                witnesses[d].id
            ),
            confidence: 0.9,
            contested: false,
            candidates,
        };
    }
    let crediting: Vec<&(usize, Credited)> = evidence.iter().filter(|(_, e)| e.is_some()).collect();
    // The outlets every crediting witness names.
    let common: Vec<&Candidate> =
        outlets.iter().filter(|c| c.witnesses.len() == crediting.len()).collect();
    if let [only] = common[..] {
        let level = crediting
            .iter()
            .filter_map(|(_, e)| e.as_ref().map(|(l, _)| *l))
            .max()
            .unwrap_or(Level::Referent);
        return Origin {
            outlet: Some(only.outlet.clone()),
            doc: None,
            reason: format!(
                "every crediting witness names {} ({})",
                only.outlet,
                only.evidence.join("; ")
            ),
            confidence: level.confidence(),
            contested: false,
            candidates,
        };
    }
    // One witness naming several outlets is not a contest: a contest needs
    // two witnesses that disagree. Which outlet, if any, this claim came
    // from is left unknown, said as such.
    if let [(d, Some((level, _)))] = crediting[..] {
        let names: Vec<&str> = outlets.iter().map(|c| c.outlet.as_str()).collect();
        return Origin {
            outlet: None,
            doc: None,
            reason: format!(
                "unknown: its one crediting witness {} names {} {}, none of them for this claim alone",
                witnesses[*d].id,
                names.join(" and "),
                level.words()
            ),
            confidence: 0.2,
            contested: false,
            candidates,
        };
    }
    if !outlets.is_empty() {
        let names: Vec<&str> = outlets.iter().map(|c| c.outlet.as_str()).collect();
        return Origin {
            outlet: None,
            doc: None,
            reason: format!(
                "contested: no one outlet is credited by every witness ({}); each is listed with its evidence",
                names.join(", ")
            ),
            confidence: 0.0,
            contested: true,
            candidates,
        };
    }
    let earliest = evidence
        .iter()
        .map(|(d, _)| *d)
        .filter(|&d| witnesses[d].date.is_some())
        .min_by_key(|&d| (witnesses[d].date, d));
    if let Some(d) = earliest {
        let w = &witnesses[d];
        return Origin {
            outlet: w.outlet.map(str::to_string),
            doc: Some(w.id.to_string()),
            reason: format!(
                "no witness credits an outlet; {} is the earliest dated witness ({})",
                w.id,
                w.date.unwrap_or_default()
            ),
            confidence: 0.5,
            contested: false,
            candidates,
        };
    }
    Origin {
        outlet: None,
        doc: None,
        reason: "unknown: no witness credits an outlet or has a date".to_string(),
        confidence: 0.0,
        contested: false,
        candidates,
    }
}

/// A document and, when one says it, its claim: a stage of a claim's way.
pub(crate) type Stage = (usize, Option<usize>);

/// The first text that states `claim`: its links followed from copy to
/// source until a text that took it from none (a document alone when the
/// last link found no claim of its source that says it).
pub fn first_of(claim: (usize, usize), links: &Links) -> Stage {
    way_of(claim, links).last().copied().unwrap_or((claim.0, Some(claim.1)))
}

/// Each stage of `claim`'s way back to the first text that states it,
/// the claim itself first; a cycle of links ends it.
pub fn way_of(claim: (usize, usize), links: &Links) -> Vec<Stage> {
    let mut way: Vec<Stage> = vec![(claim.0, Some(claim.1))];
    let mut at = claim;
    while let Some(link) = links.of(at) {
        let next = (link.doc, link.claim);
        if way.iter().any(|s| s.0 == next.0) {
            break;
        }
        way.push(next);
        if let Some(c) = next.1 {
            at = (next.0, c);
            continue;
        }
        // No claim of that text says it: it came with the text, so on to
        // what that text derives from wholly.
        let mut d = next.0;
        while let Some(source) = links.documents.get(d).copied().flatten() {
            if way.iter().any(|s| s.0 == source) {
                break;
            }
            way.push((source, None));
            d = source;
        }
        break;
    }
    way
}

/// Where a claim's words are, for the attributions that give them: the
/// grouped quantities when the cluster holds it, else all its figures,
/// else its first quotation, else the sentence.
pub(crate) fn places(
    claim: (usize, usize),
    quantities: &[Placed],
    witnesses: &[Witness],
) -> Vec<Span> {
    let grouped: Vec<Span> = claim_run(quantities, claim).iter().map(|q| q.2).collect();
    if !grouped.is_empty() {
        return grouped;
    }
    let c = &witnesses[claim.0].claims[claim.1];
    if !c.quantities.is_empty() {
        return c.quantities.iter().map(|q| q.span).collect();
    }
    vec![c.quotes.first().copied().unwrap_or(c.span)]
}

/// Where one claim taken from another text came from: the first text that
/// states it and the outlet that text credits for it, else that text's own.
/// Kept small (a corpus has millions of such claims); the report writes
/// its reason from these fields.
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimOrigin {
    /// The first text that states it, and its claim that does (`None` when
    /// the way ends at a text none of whose claims says it).
    pub first: (usize, Option<usize>),
    /// Links followed to get there.
    pub steps: usize,
    /// The outlet the first text credits for the claim, else its own.
    pub outlet: Option<String>,
    /// The credit's words and where it stands ("“The New York Times is
    /// reporting” in the claim's sentence"), when the first text gives one.
    pub credit: Option<Box<str>>,
}

/// The origin of one claim taken from another text: the first text that
/// states it, and the credit that text gives for it; `None` for a claim
/// taken from no other text.
pub fn claim_origin(
    claim: (usize, usize),
    witnesses: &[Witness],
    links: &Links,
) -> Option<ClaimOrigin> {
    let way = way_of(claim, links);
    let &(d, c) = way.last()?;
    if way.len() < 2 {
        return None;
    }
    let root = &witnesses[d];
    let found = match c {
        Some(c) => credited(root, &root.claims[c], &places((d, c), &[], witnesses)).0,
        None => document_credits(root),
    };
    let (outlet, credit) = match found {
        Some((level, outlets)) if outlets.iter().all(|(o, _)| *o == outlets[0].0) => {
            let (outlet, cue) = &outlets[0];
            (Some(outlet.clone()), Some(format!("{cue} {}", level.words()).into_boxed_str()))
        }
        _ => (root.outlet.map(str::to_string), None),
    };
    Some(ClaimOrigin { first: (d, c), steps: way.len() - 1, outlet, credit })
}

/// Members taking a claim from its first text that a cluster's reason names.
pub(crate) const NAMED_TAKERS: usize = 3;

/// The origin of a claim stated first in one text (or its copies) and
/// taken from there by the others: the credit that text gives for this
/// claim, else the text itself, the first to report it.
pub(crate) fn first_stated(
    claims: &[(usize, usize)],
    (d, c): Stage,
    quantities: &[Placed],
    witnesses: &[Witness],
    links: &Links,
) -> Origin {
    let root = &witnesses[d];
    let (found, named) = match c {
        Some(c) => credited(root, &root.claims[c], &places((d, c), quantities, witnesses)),
        None => (document_credits(root), Vec::new()),
    };
    let mut taken: Vec<String> = claims
        .iter()
        .filter(|&&(m, _)| m != d)
        .filter_map(|&m| {
            let link = links.of(m)?;
            Some(format!("{} ({})", witnesses[m.0].id, link.kind.name()))
        })
        .collect();
    taken.dedup();
    // A few are named; a wire story's claim can have hundreds of copies.
    let through = match taken.len() {
        0 => "no other member takes it from there".to_string(),
        n => format!(
            "{n} take{} it from there: {}{}",
            if n == 1 { "s" } else { "" },
            taken[..n.min(NAMED_TAKERS)].join(", "),
            if n > NAMED_TAKERS {
                format!(" and {} more", n - NAMED_TAKERS)
            } else {
                String::new()
            }
        ),
    };
    let mut candidates: Vec<Candidate> = Vec::new();
    if let Some((level, outlets)) = &found {
        for (outlet, cue) in outlets {
            match candidates.iter_mut().find(|k| k.outlet == *outlet) {
                Some(k) => k.evidence.push(format!("{}: {cue} {}", root.id, level.evidence())),
                None => candidates.push(Candidate {
                    outlet: outlet.clone(),
                    kind: "outlet",
                    witnesses: vec![root.id.to_string()],
                    evidence: vec![format!("{}: {cue} {}", root.id, level.evidence())],
                }),
            }
        }
    }
    for (name, kind, cue) in named {
        if candidates.iter().any(|k| k.outlet == name && k.kind == kind) {
            continue;
        }
        candidates.push(Candidate {
            outlet: name,
            kind,
            witnesses: vec![root.id.to_string()],
            evidence: vec![format!("{}: {cue} {}", root.id, Level::Sentence.evidence())],
        });
    }
    let date = root.date.map(|d| format!(", {d}")).unwrap_or_default();
    match found {
        Some((level, outlets)) if outlets.iter().all(|(o, _)| *o == outlets[0].0) => {
            let outlet = outlets[0].0.clone();
            // The credited outlet's own story, when it is a member.
            let own = claims
                .iter()
                .map(|&(m, _)| m)
                .find(|&m| witnesses[m].outlet == Some(outlet.as_str()));
            Origin {
                reason: format!(
                    "first stated in {}{date}, which credits {outlet} ({} {}); {through}",
                    root.id,
                    outlets[0].1,
                    level.words()
                ),
                outlet: Some(outlet),
                doc: own.map(|m| witnesses[m].id.to_string()),
                confidence: if own.is_some() { 0.9 } else { level.confidence() },
                contested: false,
                candidates,
            }
        }
        Some((level, outlets)) => {
            let mut names: Vec<&str> = outlets.iter().map(|(o, _)| o.as_str()).collect();
            names.dedup();
            Origin {
                outlet: None,
                doc: Some(root.id.to_string()),
                reason: format!(
                    "first stated in {}{date}, which names {} {}, none of them for this claim alone; {through}",
                    root.id,
                    names.join(" and "),
                    level.words()
                ),
                confidence: 0.2,
                contested: false,
                candidates,
            }
        }
        None => Origin {
            outlet: root.outlet.map(str::to_string),
            doc: Some(root.id.to_string()),
            reason: format!(
                "first stated in {} ({}{date}), which credits no outlet for it; {through}",
                root.id,
                root.outlet.unwrap_or("outlet unknown")
            ),
            confidence: 0.8,
            contested: false,
            candidates,
        },
    }
}
