//! Claim clusters: the same claim across documents, on a value and its
//! subject, on a quotation or a statement, and through the claim links.

use std::collections::BTreeMap;

use petgraph::unionfind::UnionFind;
use provtrace_attribution::claims::{Claim, Quantity};
use provtrace_attribution::page::Scope;
use provtrace_common::{Parallel, Progress, progress};
use provtrace_text::clip;
use provtrace_text::span::Span;

use crate::figures;
use crate::origin::{origin, subordinate_clause};
use crate::words::{context_words, name_words};
use crate::{ClaimCluster, Grouped, Links, Mention, Placed, Said, Witness, claim_run};
/// What the grouping finds before the copies are known: the mentions of
/// values, the pairs of them that are one claim, and the groups of
/// statements and quotations. [`compare_claims`] makes it, side by side
/// with the reuse stage if the caller likes; [`group_claims`] ends it.
pub struct Compared<'a> {
    mentions: Vec<Mention<'a>>,
    joined: Vec<(usize, usize)>,
    statements: Vec<Grouped>,
}

/// The first half of [`cluster_claims`](crate::cluster_claims): every comparison, none of which
/// needs the claim links.
pub fn compare_claims<'a>(
    witnesses: &'a [Witness],
    run: &impl Parallel,
    progress: &dyn Progress,
) -> Compared<'a> {
    const PIECE: usize = 256;
    let mut mentions: Vec<Mention> = Vec::new();
    for (d, w) in witnesses.iter().enumerate() {
        for (c, claim) in w.claims.iter().enumerate() {
            for q in &claim.quantities {
                mentions.push((d, c, q));
            }
        }
    }
    let stage =
        progress::Stage::begin(progress, "claims compared", "figures", mentions.len() as u64);
    mentions
        .sort_by(|a, b| a.2.value.total_cmp(&b.2.value).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    // The context words of claim `c` of witness `d` are at `first[d] + c`.
    let first: Vec<usize> = witnesses
        .iter()
        .scan(0, |next, w| {
            let at = *next;
            *next += w.claims.len();
            Some(at)
        })
        .collect();
    // Only claims with a number are compared.
    let contexts: Vec<Vec<u64>> = run.flat_map(witnesses, |_, w| {
        w.claims
            .iter()
            .map(|claim| {
                if claim.quantities.is_empty() {
                    return Vec::new();
                }
                let mut words = context_words(claim.text(w.text));
                if words.len() < OWN_WORDS
                    && let Some(title) = w.title
                {
                    words.extend(context_words(title));
                    words.sort_unstable();
                    words.dedup();
                }
                words
            })
            .collect()
    });
    // What a shared word tells: a word few claims use (a name, a place, a
    // product) says two mentions speak of one thing; one that many use
    // ("net", "company", "year") says little. Each word weighs the log of
    // its inverse frequency among the claims with a number.
    //
    // A claim's subject is what it is about: the rare words of its sentence
    // and of its page's title (where wire copy names the company, the
    // market, the country), counted as if each claim said them.
    let titles: Vec<Vec<u64>> =
        run.map(witnesses, |_, w| w.title.map(context_words).unwrap_or_default());
    let mut frequency: rustc_hash::FxHashMap<u64, u32> = rustc_hash::FxHashMap::default();
    for (d, w) in witnesses.iter().enumerate() {
        for c in 0..w.claims.len() {
            let words = &contexts[first[d] + c];
            if words.is_empty() {
                continue;
            }
            for &h in
                words.iter().chain(titles[d].iter().filter(|h| words.binary_search(h).is_err()))
            {
                *frequency.entry(h).or_default() += 1;
            }
        }
    }
    let counted = contexts.iter().filter(|c| !c.is_empty()).count().max(1) as f32;
    let weigh = |h: u64| {
        let weight = (1.0 + counted / frequency[&h] as f32).ln();
        let byte = (weight * WEIGHT_STEPS).round().clamp(0.0, 255.0) as u64;
        (h & !0xFF) | byte
    };
    // Words few claims say (a name, a place, a product), with their weights.
    let rare = (counted * SUBJECT_SHARE).max(SUBJECT_FLOOR);
    let subjects = Arena::build(witnesses, run, |d, c, _, words| {
        let own = &contexts[first[d] + c];
        if !own.is_empty() {
            words.extend(
                own.iter()
                    .chain(titles[d].iter())
                    .filter(|h| frequency[h] as f32 <= rare)
                    .map(|&h| weigh(h)),
            );
        }
    });
    // A claim's names: the capitalised words of its sentence (a company, a
    // place, a person) but those very many claims say ("Inc", "U.S."), and
    // the words of its page's title that few claims say (a title in capitals
    // is all names, "ISSUES" too); in a small corpus, every one. Two claims
    // that each name something and name nothing in common speak of two
    // things ("Fees are 1-1/4 pct for selling" of two bond issues, each named
    // only in its title).
    let titled = (counted * NAME_SHARE).max(NAME_FLOOR);
    let named = (counted * CAPITALISED_SHARE).max(NAME_FLOOR);
    let said = |h: &u64, most: f32| frequency.get(h).is_some_and(|&f| f as f32 <= most);
    let names = Arena::build(witnesses, run, |d, c, claim, words| {
        if !contexts[first[d] + c].is_empty() {
            words.extend(
                name_words(claim.text(witnesses[d].text))
                    .into_iter()
                    .filter(|h| said(h, named))
                    .chain(titles[d].iter().copied().filter(|h| said(h, titled))),
            );
        }
    });
    drop(titles);
    let subject = |k: usize| subjects.get(k);
    let names = |k: usize| names.get(k);
    let patterns: Vec<Option<u64>> =
        run.map(witnesses, |_, w| w.title.and_then(figures::title_pattern));
    // Which figures of each claim are baselines ("vs 17.8 mln"), at
    // `first[d] + c` as the context words were.
    let masks: Vec<u64> = run.flat_map(witnesses, |_, w| {
        w.claims
            .iter()
            .map(|c| if c.quantities.is_empty() { 0 } else { figures::baselines(w.text, c) })
            .collect()
    });
    // Each word's weight is kept in the low byte of its hash (see
    // `Context`), so the weights take no memory of their own: the same word
    // has the same weight everywhere, and stays one value.
    drop(frequency);
    drop(contexts);
    let totals: Vec<f32> = (0..subjects.len()).map(|k| weight_of(subject(k))).collect();
    // A value said by few documents of the corpus is specific: the same
    // specific figure about the same subject is one claim.
    let specific = (counted * SPECIFIC_SHARE).max(SPECIFIC_FLOOR) as usize;
    let groups = chunk_indices(&mentions, |a, b| {
        a.2.value.total_cmp(&b.2.value).is_eq() && a.2.rate == b.2.rate
    });
    // Groups are compared side by side; the unions are made after, in order.
    // Work in pieces of at most `PIECE` positions of a group, so that one
    // common value ("1"), said thousands of times in a large corpus,
    // is spread over the threads too.
    let pieces: Vec<(&[usize], usize)> = groups
        .iter()
        .flat_map(|group| (0..group.len()).step_by(PIECE).map(move |x| (group.as_slice(), x)))
        .collect();
    let joined: Vec<(usize, usize)> = run.flat_map(&pieces, |_, &(group, start)| {
        // Bounded work: a value said in very many places is compared
        // with its nearest mentions (in corpus order) only.
        let reach = if group.len() > 300 { 64 } else { group.len() };
        let end = (start + PIECE).min(group.len());
        let window = &group[start..(end + reach).min(group.len())];
        let said: Vec<Stated> = window
            .iter()
            .map(|&m| {
                let (d, c, q) = mentions[m];
                let at = first[d] + c;
                let claim = &witnesses[d].claims[c];
                let index = claim.quantities.iter().position(|x| std::ptr::eq(x, q));
                Stated {
                    subject: Subject { words: subject(at), total: totals[at] },
                    names: names(at),
                    claim,
                    baselines: masks[at],
                    baseline: index.is_some_and(|i| !figures::is_stated(masks[at], i)),
                    measure: figures::measure(q),
                    date: witnesses[d].date,
                    pattern: patterns[d],
                }
            })
            .collect();
        // Mentions of one value are sorted by document: count the runs.
        let documents =
            1 + group.windows(2).filter(|p| mentions[p[0]].0 != mentions[p[1]].0).count();
        let rare = documents <= specific;
        // A figure written to four significant digits or more, said by
        // very few documents ("29,020 billion lire", "130.8 mln dlrs"), is
        // one claim wherever a word of its subject is shared.
        let precise = documents <= PRECISE_DOCUMENTS
            && figures::significant_digits(mentions[window[0]].2.value) >= PRECISE_DIGITS;
        // A value said every month, week or day by few claims is one claim
        // ("1,000 join every month", however each page words it).
        let rated = rare && mentions[window[0]].2.rate.is_some();
        let mut joined = Vec::new();
        for x in 0..end - start {
            for y in x + 1..(x + 1 + reach).min(window.len()) {
                if mentions[window[x]].0 != mentions[window[y]].0
                    && (rated || same_claim(&said[x], &said[y], rare, precise))
                {
                    joined.push((window[x], window[y]));
                }
            }
        }
        stage.advance((end - start) as u64);
        joined
    });
    drop(groups);
    Compared { mentions, joined, statements: statements(witnesses, run) }
}

/// The second half of [`cluster_claims`](crate::cluster_claims): the pairs found joined, with the
/// claim links, into clusters, and each cluster's origin.
pub fn group_claims(
    compared: Compared,
    witnesses: &[Witness],
    links: &Links,
    run: &impl Parallel,
) -> Vec<ClaimCluster> {
    let Compared { mentions, joined, statements } = compared;
    let mut sets = UnionFind::<usize>::new(mentions.len());
    for (i, j) in joined {
        sets.union(i, j);
    }
    // A claim taken from another is that claim: each of its values is one
    // with the same value of its source.
    let mut of_claim: Vec<(usize, usize, usize)> =
        mentions.iter().enumerate().map(|(i, &(d, c, _))| (d, c, i)).collect();
    of_claim.sort_unstable();
    let mentions_of = |claim: (usize, usize)| {
        let from = of_claim.partition_point(|x| (x.0, x.1) < claim);
        let to = of_claim.partition_point(|x| (x.0, x.1) <= claim);
        of_claim[from..to].iter().map(|x| x.2)
    };
    for (claim, source) in links.claims.iter().filter_map(|(c, l)| Some((*c, l.source()?))) {
        for i in mentions_of(claim) {
            let q = mentions[i].2;
            if let Some(j) = mentions_of(source).find(|&j| {
                mentions[j].2.value.total_cmp(&q.value).is_eq() && mentions[j].2.rate == q.rate
            }) {
                sets.union(i, j);
            }
        }
    }
    drop(of_claim);
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..mentions.len() {
        groups.entry(sets.find(i)).or_default().push(i);
    }
    // Each group: its claims, the first mention (for the summary), and
    // where in each claim the grouped quantities are.
    let clusters: Vec<Grouped> = groups
        .into_values()
        .map(|members| {
            let mut claims: Vec<(usize, usize)> =
                members.iter().map(|&i| (mentions[i].0, mentions[i].1)).collect();
            claims.sort_unstable();
            claims.dedup();
            let mut at: Vec<Placed> = members
                .iter()
                .map(|&i| (mentions[i].0, mentions[i].1, mentions[i].2.span))
                .collect();
            at.sort_unstable();
            (claims, Said::Quantities(vec![members[0]]), at)
        })
        .collect();
    let mut clusters = several_values(clusters, witnesses, &mentions, run);
    clusters.extend(linked_statements(statements, witnesses, links));
    run.sort(&mut clusters);
    run.map(&clusters, |k, (claims, said, at)| ClaimCluster {
        id: format!("k{}", k + 1),
        summary: match *said {
            Said::Quantities(ref firsts) => firsts
                .iter()
                .map(|&first| summary(mentions[first].2, witnesses[mentions[first].0].text))
                .collect::<Vec<_>>()
                .join(", "),
            Said::Quote(d, span) => format!("“{}”", clip(span.slice(witnesses[d].text), 70)),
            Said::Statement(d, span) => clip(span.slice(witnesses[d].text), 70),
        },
        origin: origin(claims, at, witnesses, links),
        members: claims.clone(),
    })
}

/// Statement and quotation groups joined through the claim links: a
/// claim without a number taken from another is that claim, reworded or
/// not. A link between two claims of no group makes a group of its own.
pub(crate) fn linked_statements(
    groups: Vec<Grouped>,
    witnesses: &[Witness],
    links: &Links,
) -> Vec<Grouped> {
    let mut groups: Vec<Option<Grouped>> = groups.into_iter().map(Some).collect();
    let mut group_of: rustc_hash::FxHashMap<(usize, usize), usize> =
        rustc_hash::FxHashMap::default();
    for (g, group) in groups.iter().enumerate() {
        for &claim in group.iter().flat_map(|(claims, _, _)| claims) {
            group_of.entry(claim).or_insert(g);
        }
    }
    // What a claim adds to a group: where its words are.
    let placed = |(d, c): (usize, usize)| -> (Said, Placed) {
        let claim = &witnesses[d].claims[c];
        match claim.quotes.first() {
            Some(&quote) => (Said::Quote(d, quote), (d, c, quote)),
            None => (Said::Statement(d, claim.span), (d, c, claim.span)),
        }
    };
    let mut joins: Vec<(usize, usize)> = Vec::new();
    for ((d, c), source) in links.claims.iter().filter_map(|(c, l)| Some((*c, l.source()?))) {
        let target = (d, c);
        if !witnesses[d].claims[c].quantities.is_empty() {
            continue;
        }
        match (group_of.get(&target).copied(), group_of.get(&source).copied()) {
            (Some(a), Some(b)) => joins.push((a, b)),
            (None, Some(g)) | (Some(g), None) => {
                let new = if group_of.contains_key(&target) { source } else { target };
                if let Some((claims, _, at)) = groups[g].as_mut() {
                    claims.push(new);
                    at.push(placed(new).1);
                }
                group_of.insert(new, g);
            }
            (None, None) => {
                let (said, at) = placed(source);
                groups.push(Some((vec![source, target], said, vec![at, placed(target).1])));
                group_of.insert(source, groups.len() - 1);
                group_of.insert(target, groups.len() - 1);
            }
        }
    }
    let mut sets = UnionFind::<usize>::new(groups.len());
    for (a, b) in joins {
        sets.union(a, b);
    }
    let mut roots: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for g in 0..groups.len() {
        roots.entry(sets.find(g)).or_default().push(g);
    }
    roots
        .into_values()
        .filter_map(|members| {
            let mut merged: Option<Grouped> = None;
            for g in members {
                let Some((claims, said, at)) = groups[g].take() else { continue };
                match merged.as_mut() {
                    None => merged = Some((claims, said, at)),
                    Some(m) => {
                        m.0.extend(claims);
                        m.2.extend(at);
                        if said < m.1 {
                            m.1 = said;
                        }
                    }
                }
            }
            let (mut claims, said, mut at) = merged?;
            claims.sort_unstable();
            claims.dedup();
            at.sort_unstable();
            at.dedup();
            Some((claims, said, at))
        })
        .collect()
}

/// Values stated together kept as one claim: the group of one value joins
/// the group of another when each of its claims states the other value in
/// the same clause ("30,000 foreigners from more than 100 countries",
/// "36,500 fighters, up 6,000"), and its witnesses are at least half of the
/// other's, so that what one page adds to a claim many repeat does not
/// join it. Each group joins the smallest such group (the most specific
/// statement); values in different clauses ("While the Pentagon estimates
/// 10,000 killed, 1,000 join every month") stay apart.
pub(crate) fn several_values(
    groups: Vec<Grouped>,
    witnesses: &[Witness],
    mentions: &[Mention],
    run: &impl Parallel,
) -> Vec<Grouped> {
    // (document, claim, group) for each claim of each group, sorted: the
    // groups with a value in a claim are one run of it.
    let mut in_claim: Vec<(u32, u32, u32)> = groups
        .iter()
        .enumerate()
        .flat_map(|(g, (claims, _, _))| {
            claims.iter().map(move |&(d, c)| (d as u32, c as u32, g as u32))
        })
        .collect();
    in_claim.sort_unstable();
    let groups_in = |(d, c): (usize, usize)| {
        let key = (d as u32, c as u32);
        let from = in_claim.partition_point(|x| (x.0, x.1) < key);
        let to = in_claim.partition_point(|x| (x.0, x.1) <= key);
        in_claim[from..to].iter().map(|x| x.2 as usize)
    };
    // Witnesses (duplicate clusters) of each group.
    let anchors: Vec<usize> = groups
        .iter()
        .map(|(claims, _, _)| {
            let mut a: Vec<usize> = claims.iter().map(|&(d, _)| witnesses[d].anchor).collect();
            a.sort_unstable();
            a.dedup();
            a.len()
        })
        .collect();
    // Where group `g`'s values are in claim `claim`.
    let places =
        |g: usize, claim: (usize, usize)| claim_run(&groups[g].2, claim).iter().map(|q| q.2);
    // A group joins only a larger one, or an equal one that comes first, so
    // joins never make a cycle.
    let rank = |g: usize| (groups[g].0.len(), std::cmp::Reverse(g));
    // Which group each group joins, found side by side; joined in order.
    let found: Vec<Option<usize>> = run.map(&groups, |b, (claims, _, _)| {
        let first = claims.first()?;
        let mut found: Option<usize> = None;
        for a in groups_in(*first) {
            if a == b || rank(a) <= rank(b) || found.is_some_and(|f| rank(a) >= rank(f)) {
                continue;
            }
            if anchors[b] * 2 < anchors[a] {
                continue;
            }
            let together = claims.iter().all(|&(d, c)| {
                groups[a].0.binary_search(&(d, c)).is_ok() && {
                    let span = witnesses[d].claims[c].span;
                    let clause = |at: Span| subordinate_clause(witnesses[d].text, span, at.start);
                    let theirs: Vec<Option<Span>> = places(a, (d, c)).map(clause).collect();
                    places(b, (d, c)).any(|x| theirs.contains(&clause(x)))
                }
            });
            if together {
                found = Some(a);
            }
        }
        found
    });
    let mut sets = UnionFind::<usize>::new(groups.len());
    for (b, a) in found.into_iter().enumerate() {
        if let Some(a) = a {
            sets.union(a, b);
        }
    }
    // (root, group), sorted: each joined set is one run, in the order of
    // its root, its groups in order.
    let mut joined: Vec<(usize, usize)> = (0..groups.len()).map(|g| (sets.find(g), g)).collect();
    joined.sort_unstable();
    let mut groups: Vec<Option<Grouped>> = groups.into_iter().map(Some).collect();
    joined
        .chunk_by(|a, b| a.0 == b.0)
        .map(|run| {
            let members = run.iter().map(|&(_, g)| g);
            let mut claims = Vec::new();
            let mut at = Vec::new();
            let mut firsts = Vec::new();
            for g in members {
                let Some((c, said, a)) = groups[g].take() else { continue };
                claims.extend(c);
                at.extend(a);
                if let Said::Quantities(f) = said {
                    firsts.extend(f);
                }
            }
            claims.sort_unstable();
            claims.dedup();
            at.sort_unstable();
            at.dedup();
            firsts.sort_by_key(|&m| (mentions[m].0, mentions[m].1, mentions[m].2.span));
            (claims, Said::Quantities(firsts), at)
        })
        .collect()
}

/// Claims without a number, grouped: a quotation (three words or more, not
/// a name) with the same quotation elsewhere, trimmed or re-punctuated as
/// outlets do; an attributed statement with the same statement elsewhere.
/// Two mentions are one claim when most word triples of the shorter, and a
/// good part of the longer's, are shared. A claim with a quote is grouped on
/// its first quote; a claim with neither such a quote nor a number, on what
/// its sentence says (`stated`). Only what two documents or more say
/// makes a cluster.
pub(crate) fn statements(witnesses: &[Witness], run: &impl Parallel) -> Vec<Grouped> {
    /// Least triple hashes a mention is indexed by.
    const SKETCH: usize = 8;
    // (document, claim, the words grouped on, whether a quotation)
    let said: Vec<(usize, usize, Span, bool)> = run.flat_map(witnesses, |d, w| {
        let mut said = Vec::new();
        for (c, claim) in w.claims.iter().enumerate() {
            if !claim.quantities.is_empty() {
                continue;
            }
            // A quotation that is a name ("Meet the Press", a title) is
            // no saying: its sentence is grouped as a statement.
            let quote = claim.quotes.first().filter(|q| !is_name(q.slice(w.text)));
            if let Some(&quote) = quote {
                said.push((d, c, quote, true));
            } else if claim.attributions.iter().any(|a| a.scope == Scope::Sentence)
                && stated(w.text, claim).split_whitespace().count() >= 5
            {
                said.push((d, c, claim.span, false));
            }
        }
        said
    });
    let grams = |&(d, c, span, quote): &(usize, usize, Span, bool)| {
        let w = &witnesses[d];
        if quote { triples(span.slice(w.text)) } else { triples(&stated(w.text, &w.claims[c])) }
    };
    // Candidates: mentions whose sketches (the SKETCH least triple hashes)
    // share a hash; a hash in very many sketches says nothing. Each
    // candidate is then checked on all its triples, which are held only
    // for the mentions some candidate pair has.
    let mut sketches: Vec<(u64, u32)> = run
        .flat_map(&said, |i, m| grams(m).into_iter().take(SKETCH).map(|h| (h, i as u32)).collect());
    run.sort_unstable(&mut sketches);
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for run in sketches.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1 && r.len() <= 64) {
        for (x, &(_, a)) in run.iter().enumerate() {
            for &(_, b) in &run[x + 1..] {
                let (a, b) = (a as usize, b as usize);
                if said[a].0 != said[b].0 {
                    pairs.push((a.min(b) as u32, a.max(b) as u32));
                }
            }
        }
    }
    drop(sketches);
    run.sort_unstable(&mut pairs);
    pairs.dedup();
    let mut paired: Vec<u32> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    run.sort_unstable(&mut paired);
    paired.dedup();
    let held: Vec<Vec<u64>> = run.map(&paired, |_, &i| grams(&said[i as usize]));
    let of = |i: u32| &held[paired.binary_search(&i).unwrap_or_default()];
    let joined: Vec<bool> = run.map(&pairs, |_, &(a, b)| {
        let (x, y) = (of(a), of(b));
        let shared = provtrace_similarity::shingle::intersection(x, y);
        // Most of the shorter, and a good part of the longer: a trimmed
        // quotation keeps most of its words; two sentences that share a
        // formula ("proceeds will be used to repay debt") and go on apart
        // are two statements.
        let (short, long) = (x.len().min(y.len()).max(1), x.len().max(y.len()));
        let (a, b) = (said[a as usize], said[b as usize]);
        shared * 5 >= short * 3
            && shared * 5 >= long * 2
            && !speakers_differ(
                (witnesses[a.0].text, &witnesses[a.0].claims[a.1]),
                (witnesses[b.0].text, &witnesses[b.0].claims[b.1]),
            )
            && !numbers_differ(a.2.slice(witnesses[a.0].text), b.2.slice(witnesses[b.0].text))
    });
    drop(held);
    let mut sets = UnionFind::<usize>::new(said.len());
    for (&(a, b), _) in pairs.iter().zip(&joined).filter(|(_, j)| **j) {
        sets.union(a as usize, b as usize);
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..said.len() {
        groups.entry(sets.find(i)).or_default().push(i);
    }
    groups
        .into_values()
        // What one document alone says is left to that document (the
        // report's text view marks it as a claim): a cluster of it would say
        // nothing more, and a large corpus has millions.
        .filter(|members| members.iter().any(|&i| said[i].0 != said[members[0]].0))
        .map(|members| {
            let mut claims: Vec<(usize, usize)> =
                members.iter().map(|&i| (said[i].0, said[i].1)).collect();
            claims.sort_unstable();
            claims.dedup();
            let (d, _, span, quote) = said[members[0]];
            let mut at: Vec<Placed> =
                members.iter().map(|&i| (said[i].0, said[i].1, said[i].2)).collect();
            at.sort_unstable();
            let summary = if quote { Said::Quote(d, span) } else { Said::Statement(d, span) };
            (claims, summary, at)
        })
        .collect()
}

/// Whether two claims are said by different speakers: both name who says
/// them ("Pubco said …", "Bobbie Brooks said …") and the names share no
/// word. A template sentence two companies both issue is two statements.
/// A pronoun or a common noun ("he said", "the company said") names no one.
pub(crate) fn speakers_differ((ta, a): (&str, &Claim), (tb, b): (&str, &Claim)) -> bool {
    let names = |text: &str, claim: &Claim| -> Vec<String> {
        claim
            .attributions
            .iter()
            .filter(|x| x.scope != Scope::Document)
            .filter_map(|x| x.source_span)
            .flat_map(|span| {
                span.slice(text)
                    .split(|c: char| !c.is_alphanumeric())
                    // A capital anywhere: "McDonald", and "tPubco" where a
                    // feed left an escape before the name.
                    .filter(|w| w.chars().count() >= 2 && w.chars().any(char::is_uppercase))
                    .filter(|w| {
                        !["The", "A", "An", "He", "She", "It", "They", "We", "I"].contains(w)
                    })
                    .map(str::to_lowercase)
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let (x, y) = (names(ta, a), names(tb, b));
    !x.is_empty() && !y.is_empty() && !x.iter().any(|w| y.contains(w))
}

/// Whether two statements write different numbers (times, dates, codes
/// that are not figures), each one the other lacks: "Offers are due by 1200
/// hrs EDT, April 13" and "by 1550 hrs EDT, April 13" are one template said
/// of two tenders.
pub(crate) fn numbers_differ(a: &str, b: &str) -> bool {
    fn numbers(text: &str) -> Vec<&str> {
        let mut v: Vec<&str> =
            text.split(|c: char| !c.is_ascii_digit()).filter(|w| !w.is_empty()).collect();
        v.sort_unstable();
        v.dedup();
        v
    }
    let (x, y) = (numbers(a), numbers(b));
    // One that drops some of the other's numbers may be its rewrite.
    let within = |x: &[&str], y: &[&str]| x.iter().all(|n| y.binary_search(n).is_ok());
    !within(&x, &y) && !within(&y, &x)
}

/// Whether quoted words are a name or a title: every word of four letters
/// or more starts with a capital ("Meet the Press", "The Art of the Deal").
pub(crate) fn is_name(words: &str) -> bool {
    let long: Vec<&str> = words
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| w.chars().count() >= 4)
        .collect();
    !long.is_empty() && long.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// What a statement says, not who says it: its sentence without the
/// sources and cues of its attributions ("he told reporters" is in
/// thousands of sentences). A statement is grouped on these words, and
/// only when they are five or more ("Du Pont Co said the U.S." says
/// nothing yet).
pub(crate) fn stated(text: &str, claim: &Claim) -> String {
    let span = claim.span;
    let mut cut: Vec<Span> = claim
        .attributions
        .iter()
        .filter(|a| a.scope == Scope::Sentence)
        .flat_map(|a| [a.source_span, a.cue_span])
        .flatten()
        .filter(|s| s.start >= span.start && s.end <= span.end)
        .collect();
    cut.sort_unstable();
    let mut out = String::with_capacity(span.len());
    let mut at = span.start;
    for s in cut {
        if s.start > at {
            out.push_str(&text[at..s.start]);
            out.push(' ');
        }
        at = at.max(s.end);
    }
    out.push_str(&text[at..span.end]);
    out
}

/// The distinct word triples of `text` (its words, when fewer than three),
/// hashed, over normalised words.
pub(crate) fn triples(text: &str) -> Vec<u64> {
    let normal = provtrace_text::normalize::normalize(text);
    let words: Vec<&str> = normal.split(' ').filter(|w| !w.is_empty()).collect();
    let mut out: Vec<u64> = if words.len() < 3 {
        words.iter().map(|w| xxhash_rust::xxh3::xxh3_64(w.as_bytes())).collect()
    } else {
        words.windows(3).map(|t| xxhash_rust::xxh3::xxh3_64(t.join(" ").as_bytes())).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// Sorted distinct words of each claim of each witness, held in one arena
/// (claim `k`, counted over all witnesses' claims in order, has
/// `words[at[k]..at[k + 1]]`): a corpus has millions of claims, and a
/// vector each would cost its header even empty.
struct Arena {
    words: Vec<u64>,
    at: Vec<usize>,
}

impl Arena {
    /// The arena of what `fill(witness, claim, its claim, words)` pushes for
    /// each claim, made side by side.
    fn build(
        witnesses: &[Witness],
        run: &impl Parallel,
        fill: impl Fn(usize, usize, &Claim, &mut Vec<u64>) + Sync + Send,
    ) -> Arena {
        let per_witness: Vec<(Vec<u64>, Vec<usize>)> = run.map(witnesses, |d, w| {
            let mut words: Vec<u64> = Vec::new();
            let mut ends: Vec<usize> = Vec::with_capacity(w.claims.len());
            for (c, claim) in w.claims.iter().enumerate() {
                let from = words.len();
                fill(d, c, claim, &mut words);
                sort_distinct_from(&mut words, from);
                ends.push(words.len());
            }
            (words, ends)
        });
        let mut arena = Arena {
            words: Vec::with_capacity(per_witness.iter().map(|(w, _)| w.len()).sum()),
            at: Vec::with_capacity(per_witness.iter().map(|(_, e)| e.len()).sum::<usize>() + 1),
        };
        arena.at.push(0);
        for (words, ends) in per_witness {
            let base = arena.words.len();
            arena.words.extend_from_slice(&words);
            arena.at.extend(ends.into_iter().map(|e| base + e));
        }
        arena
    }

    /// The words of claim `k`.
    fn get(&self, k: usize) -> &[u64] {
        &self.words[self.at[k]..self.at[k + 1]]
    }

    /// How many claims it holds.
    fn len(&self) -> usize {
        self.at.len() - 1
    }
}

/// Sorts `words[from..]` and drops its repeats, in place: one claim's
/// words at the end of an arena.
fn sort_distinct_from(words: &mut Vec<u64>, from: usize) {
    words[from..].sort_unstable();
    let mut kept = from;
    for i in from..words.len() {
        if kept == from || words[i] != words[kept - 1] {
            words[kept] = words[i];
            kept += 1;
        }
    }
    words.truncate(kept);
}

pub(crate) fn chunk_indices<'a, T>(
    items: &'a [T],
    same: impl Fn(&T, &T) -> bool + 'a,
) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match out.last_mut() {
            Some(group) if same(&items[group[0]], item) => group.push(i),
            _ => out.push(vec![i]),
        }
    }
    out
}

pub(crate) fn summary(q: &Quantity, text: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(h) = q.hedge {
        parts.push(h.to_string());
    }
    let written = q.text(text);
    parts.push(written.to_string());
    // "14 pct" says its unit already.
    let says_percent = {
        let w = written.to_lowercase();
        w.ends_with('%') || w.ends_with("pct") || w.ends_with("percent") || w.ends_with("per cent")
    };
    if let Some(u) = &q.unit
        && !(u == "percent" && says_percent)
    {
        parts.push(u.clone());
    }
    if let Some(r) = q.rate {
        parts.push(format!("per {r}"));
    }
    parts.join(" ")
}

/// A claim's subject (its rare words, sorted distinct hashes, each with its
/// weight in the low byte in steps of 1 / [`WEIGHT_STEPS`]) and the sum of
/// their weights.
pub(crate) struct Subject<'a> {
    words: &'a [u64],
    total: f32,
}

/// Steps of a word's weight kept in a byte: up to 255 / 16, the weight of a
/// word one claim in 10^7 uses.
pub(crate) const WEIGHT_STEPS: f32 = 16.0;

/// The sum of the weights of `words` (see [`Subject`]).
pub(crate) fn weight_of(words: &[u64]) -> f32 {
    words.iter().map(|h| (h & 0xFF) as f32 / WEIGHT_STEPS).sum()
}

impl Subject<'_> {
    /// The weight of the words two subjects share over the weight of the
    /// lighter subject, and how many they share.
    fn overlap(&self, other: &Subject) -> (f32, usize) {
        let (mut x, mut y, mut shared, mut count) = (0, 0, 0.0, 0);
        while x < self.words.len() && y < other.words.len() {
            match self.words[x].cmp(&other.words[y]) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    shared += (self.words[x] & 0xFF) as f32 / WEIGHT_STEPS;
                    count += 1;
                    x += 1;
                    y += 1;
                }
            }
        }
        let lighter = self.total.min(other.total);
        (if lighter > 0.0 { shared / lighter } else { 0.0 }, count)
    }
}

/// A mention of a value as the grouping compares it: the subject and the
/// claim that states it, and its page's date and title pattern.
pub(crate) struct Stated<'a> {
    subject: Subject<'a>,
    /// The names it and its page's title say (see `NAME_SHARE`), sorted.
    names: &'a [u64],
    claim: &'a Claim,
    /// Which of the claim's figures are baselines (see [`figures::baselines`]).
    baselines: u64,
    /// Whether the value compared is one of them.
    baseline: bool,
    /// What it measures, when its words say.
    measure: Option<figures::Measure>,
    date: Option<&'a str>,
    /// The page's title without its figures and month names (a recurring
    /// report's title: "AGENCY REPORTS 41 SHIPS WAITING AT PANAMA CANAL").
    pattern: Option<u64>,
}

/// Whether two mentions of one value in different documents are the same
/// claim: the same figure about the same thing. A shared number, unit or
/// template is never enough ("Qtly div 10 cts vs 10 cts prior" of two
/// companies): the two must share their subject (the rare words of their
/// sentences and titles: a company, a market, a country) and not disagree
/// on the other figures they state with it. A specific value (few
/// documents say it) needs two such words, or a good share of the lighter
/// subject; a common one, two words and half of it.
pub(crate) fn same_claim(a: &Stated, b: &Stated, specific: bool, precise: bool) -> bool {
    // The cheap tests first: most mentions of a value share no subject.
    let (overlap, shared) = a.subject.overlap(&b.subject);
    if shared == 0 {
        return false;
    }
    // A percentage is no sum of money, nor miles flown ("1.40 billion
    // available seat miles", "a 1.4 billion dlr offer").
    if a.measure.is_some() && b.measure.is_some() && a.measure != b.measure {
        return false;
    }
    let subject = precise
        || if specific {
            overlap >= SAME_SUBJECT || shared >= 2
        } else {
            shared >= 2 && overlap >= CLOSE_SUBJECT
        };
    let recurring = a.pattern.is_some() && a.pattern == b.pattern && a.date != b.date;
    if !subject && !recurring {
        return false;
    }
    // A value many say, in two claims that each name something and share no
    // name, is said of two things ("Fees are 1-1/4 pct for selling" of two
    // bond issues, each named only in its title). A specific value has its
    // subject words to go by, and a place named two ways ("Manila", "the
    // Philippines") would part it.
    if !specific
        && !a.names.is_empty()
        && !b.names.is_empty()
        && provtrace_similarity::shingle::intersection(a.names, b.names) == 0
    {
        return false;
    }
    // Then what the figures say, which takes more work.
    if !figures::values_agree(a.claim, b.claim) {
        return false;
    }
    // The value each compares with, and what each states differs: a
    // balance sheet of 61.50 bn and one of 59.89 bn, both "vs 63.67 bn".
    if a.baseline
        && b.baseline
        && !figures::stated_figures_meet((a.claim, a.baselines), (b.claim, b.baselines))
    {
        return false;
    }
    if figures::baselines_differ((a.claim, a.baselines), (b.claim, b.baselines))
        || figures::figures_conflict((a.claim, a.baselines), (b.claim, b.baselines))
    {
        return false;
    }
    // One recurring report on two days (a weekly rig count, a daily market
    // report) states new figures each time: the same line is one claim
    // only when every figure is the same.
    if recurring {
        return figures::same_figures(a.claim, b.claim);
    }
    subject
}

/// Context words below which a claim says too little of its own to be told
/// apart from another ("Shr 18 cts vs 14 cts": shr, cts, vs) and takes the
/// words of its page's title (where wire copy names the company) as well.
pub(crate) const OWN_WORDS: usize = 5;
/// A word is part of a claim's subject when at most this share of the
/// claims with a number say it (a company's name, not "net" or "company")...
pub(crate) const SUBJECT_SHARE: f32 = 0.002;
/// ...or at most this many, in a small corpus.
pub(crate) const SUBJECT_FLOOR: f32 = 3.0;
/// A title's word is a name when at most this share of the claims with a
/// number say it...
pub(crate) const NAME_SHARE: f32 = 0.01;
/// ...a capitalised word of a sentence when at most this share...
pub(crate) const CAPITALISED_SHARE: f32 = 0.05;
/// ...or, for either, at most this many.
pub(crate) const NAME_FLOOR: f32 = 50.0;
/// Share of the lighter subject that makes one claim of a specific value.
pub(crate) const SAME_SUBJECT: f32 = 0.3;
/// Share of the lighter subject, with two words or more, at which a value
/// many claims say is one claim.
pub(crate) const CLOSE_SUBJECT: f32 = 0.5;
/// A value is specific when at most this share of the claims with a number
/// (as many documents) say it...
pub(crate) const SPECIFIC_SHARE: f32 = 0.0004;
/// ...or at most this many, in a small corpus.
pub(crate) const SPECIFIC_FLOOR: f32 = 4.0;
/// A value said by at most this many documents...
pub(crate) const PRECISE_DOCUMENTS: usize = 3;
/// ...and written to at least this many significant digits is one claim
/// wherever a word of the subject is shared.
pub(crate) const PRECISE_DIGITS: usize = 4;
