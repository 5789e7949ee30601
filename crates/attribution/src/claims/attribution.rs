//! Attributions: who a sentence says says it. Credit patterns, the tagger's
//! cues and sources, verbs of saying, quotation signatures and transcript
//! speakers, and the noun phrases they take.

use std::sync::LazyLock;

use regex::Regex;

use provtrace_text::span::Span;

use super::source_kind::source_kind;
use super::{Attribution, QUOTE, SourceKind};
use crate::gazetteer::{Gazetteer, Mention, OutletId};
use crate::page::{Scope, regex};
use crate::tagger::{self, Tagger};

/// Cues that the source follows ("according to", "told"): the words after
/// one name who says it.
pub(super) static SOURCE_FOLLOWS: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?-u:\b)(according to|obtained by|first reported by|reported by|cited by|quoted by|seen by|reviewed by|h/t:?|told|tells|tell|telling|confirmed to|in an interview with|said in an interview with|speaking to|spoke to|spoke with)\s+",
    )
});
/// Verbs of saying, with their auxiliaries: a tagged cue that is one of
/// these takes the source the patterns find when the tagger marks none.
pub(super) static VERB_OF_SAYING: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?-u:\b)((?:has |have |had |was |is |were |also |previously |first |later |then |repeatedly |publicly )?(?:said|says|say|saying|reported|reports|reporting|estimates|estimated|announced|announces|added|adds|adding|noted|notes|noting|wrote|writes|claimed|claims|claiming|argued|argues|arguing|argue|warned|warns|warning|explained|stated|confirmed|confirms|revealed|reveals|reveal|found|concluded|concludes|believe|believes|believed|think|thinks|thought|acknowledged|insisted|suggested|suggests|suggesting|predicted|predicts|asserted|declared|disclosed|testified|tweeted|shows|showed|indicates|indicated|learned|told|tells|asked|asks|called|calls|calling|described|describes|accused|accuses|criticized|criticizes|praised|urged|urges|recalled|responded|replied|defended|insisted|complained|admitted|denied|denies|cited|citing|emphasized|stressed|vowed|promised|pledged|announced|explained|wondered|joked|quipped|conceded|agreed|disagreed|questioned|blamed|countered|continued|declined|endorsed|predicted|recalling|recounted|reiterated|cites|acknowledging|explaining|stating|announcing|describing|answered|emailed|lamented|decried|denounced|dismissed|blasted|mocked|slams|vows|accusing)(?: in a (?:statement|speech|tweet|letter|post|memo|interview)| on (?:twitter|facebook|fox news|cnn|msnbc)| for)?)(?-u:\b)",
    )
});

/// Words that start a time, not a speaker, after "said".
pub(super) const TIME_WORDS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Today",
    "Yesterday",
    "Last",
    "This",
    "On",
    "In",
    "At",
    "Earlier",
    "Later",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A signature alone on its line: a dash and a name ("― Sonya Herridge").
pub(super) static SIGNATURE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(?P<dash>[―—–])[ \t\u{a0}]*(?P<name>\p{Lu}[\p{L}.'’-]*(?:[ \t\u{a0}]+\p{Lu}[\p{L}.'’-]*){0,3})[.\s\u{a0}]*$",
    )
});

/// The attribution of a quotation signed after its closing mark, as letters
/// and vox pops are ("…our greatest shame.” ― Sonya Herridge", the
/// signature ending its line): `quote` and `next` are consecutive sentences
/// of `text`. The dash is the cue, the name the source.
pub(super) fn signed_by(
    text: &str,
    quote: Span,
    next: Span,
    gazetteer: &Gazetteer,
) -> Option<Attribution> {
    let closes =
        quote.slice(text).trim_end_matches(|c: char| c.is_whitespace()).ends_with(['”', '"']);
    // The signature ends its line.
    let ends_line = text[next.end..].trim_start_matches([' ', '\t', '\u{a0}']);
    if !closes || !(ends_line.is_empty() || ends_line.starts_with(['\n', '\r'])) {
        return None;
    }
    let c = SIGNATURE.captures(next.slice(text))?;
    let (dash, name) = (c.name("dash")?, c.name("name")?);
    let at = |m: regex::Match| Span::new(next.start + m.start(), next.start + m.end());
    Some(attribution(name.as_str(), at(name), dash.as_str(), at(dash), None, gazetteer))
}

/// A speaker's label opening a line of a transcript: the name in capitals
/// and a colon ("WALLACE: Let's start…", "SEN. SMITH: We…"), after an
/// opening quotation mark when the transcript is quoted.
pub(super) static SPEAKER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r#"^[ \t\u{a0}]*["“]?(?P<name>\p{Lu}[\p{Lu}.'’-]*(?:[ \t]\p{Lu}[\p{Lu}.'’-]*){0,3})(?P<colon>:)[ \t\u{a0}]+\S"#,
    )
});

/// Labels in capitals that open a line but name no speaker.
pub(super) const NOT_SPEAKERS: &[&str] = &[
    "ADVERTISEMENT",
    "ALSO",
    "ANALYSIS",
    "BREAKING",
    "CLARIFICATION",
    "COMMENTARY",
    "CORRECTION",
    "CREDIT",
    "DISCLAIMER",
    "DISCLOSURE",
    "EDITOR'S NOTE",
    "EDITOR’S NOTE",
    "EXCLUSIVE",
    "FACT CHECK",
    "FILE",
    "LISTEN",
    "LIVE",
    "MORE",
    "NOTE",
    "OPINION",
    "PHOTO",
    "PHOTOS",
    "POLL",
    "READ",
    "READ MORE",
    "RELATED",
    "REPORT",
    "REPORTS",
    "REVIEW",
    "STUDY",
    "SURVEY",
    "SEE ALSO",
    "SOURCE",
    "SOURCES",
    "SPONSORED",
    "TAGS",
    "TOPICS",
    "TRANSCRIPT",
    "UPDATE",
    "UPDATED",
    "VIDEO",
    "WARNING",
    "WATCH",
];

/// The speakers' labels of a transcript in `text`: each line opening with
/// one is attributed to its speaker, the name the source and the colon the
/// cue. A text is a transcript when at least two different speakers' labels
/// open its lines; one such line alone is more likely a headline's kicker
/// ("THE FLOW IS SLOW: But Foreign Fighters…") than a speaker.
pub fn speakers(text: &str, gazetteer: &Gazetteer) -> Vec<Attribution> {
    let mut found = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let offset = start;
        start += line.len();
        let Some(c) = SPEAKER.captures(line) else { continue };
        let (Some(name), Some(colon)) = (c.name("name"), c.name("colon")) else { continue };
        let letters = name.as_str().chars().filter(|c| c.is_alphabetic()).count();
        if letters < 2 || NOT_SPEAKERS.contains(&name.as_str()) {
            continue;
        }
        let at = |m: regex::Match| Span::new(offset + m.start(), offset + m.end());
        found.push(attribution(name.as_str(), at(name), ":", at(colon), None, gazetteer));
    }
    if found.windows(2).all(|w| w[0].source == w[1].source) {
        found.clear();
    }
    found
}

/// The attributions of sentence `k` of `sentences` (spans of `text`, which
/// names the outlets `mentions` and has the transcript labels `speakers`,
/// both in text order): those made inside it, its speaker's label, and its
/// signature if the next sentence is one.
pub fn sentence_attributions(
    text: &str,
    sentences: &[Span],
    k: usize,
    mentions: &[Mention],
    speakers: &[Attribution],
    gazetteer: &Gazetteer,
    tagger: &Tagger,
) -> Vec<Attribution> {
    let span = sentences[k];
    let mentions = mentions_in(mentions, span);
    let mut out = attributions_with(span.slice(text), span.start, &mentions, gazetteer, tagger);
    out.extend(sentences.get(k + 1).and_then(|&next| signed_by(text, span, next, gazetteer)));
    // A speaker's label in the sentence takes the place of what the tagger
    // or the patterns made of the name and the colon.
    let taken = |x: Option<Span>, by: Option<Span>| x.zip(by).is_some_and(|(x, by)| x.overlaps(by));
    let first = speakers.partition_point(|a| a.cue_span.is_some_and(|c| c.start < span.start));
    for said in
        speakers[first..].iter().take_while(|a| a.cue_span.is_some_and(|c| c.end <= span.end))
    {
        out.retain(|a| {
            !taken(a.cue_span, said.cue_span) && !taken(a.source_span, said.source_span)
        });
        out.insert(0, said.clone());
    }
    out
}

/// The outlets named inside `sentence` (a span of the text whose sorted
/// `mentions` are given), with spans in bytes of the sentence. A name is
/// read in the whole text, so "the Times" in one sentence is The New York
/// Times when another sentence names it in full.
pub(super) fn mentions_in(mentions: &[Mention], sentence: Span) -> Vec<Mention> {
    let first = mentions.partition_point(|m| m.span.start < sentence.start);
    mentions[first..]
        .iter()
        .take_while(|m| m.span.start < sentence.end)
        .filter(|m| m.span.end <= sentence.end)
        .map(|m| Mention {
            outlet: m.outlet,
            span: Span::new(m.span.start - sentence.start, m.span.end - sentence.start),
        })
        .collect()
}

/// The attributions made inside one sentence, on its own.
pub fn attributions(sentence: &str, offset: usize, gazetteer: &Gazetteer) -> Vec<Attribution> {
    attributions_with(sentence, offset, &gazetteer.mentions(sentence), gazetteer, &Tagger::Crf)
}

/// The attributions made inside one sentence that names the outlets
/// `mentions` (spans in bytes of the sentence).
pub(super) fn attributions_with(
    sentence: &str,
    offset: usize,
    mentions: &[Mention],
    gazetteer: &Gazetteer,
    tagger: &Tagger,
) -> Vec<Attribution> {
    let mut out: Vec<Attribution> = Vec::new();
    let at = |s: usize, e: usize| Span::new(offset + s, offset + e);
    for c in SOURCE_FOLLOWS.captures_iter(sentence) {
        let Some(cue) = c.get(1) else { continue };
        let rest_start = c.get(0).map_or(cue.end(), |m| m.end());
        let Some((s, e)) = phrase_after(sentence, rest_start) else { continue };
        let told = matches!(
            cue.as_str().to_lowercase().as_str(),
            "told"
                | "tells"
                | "tell"
                | "telling"
                | "confirmed to"
                | "speaking to"
                | "spoke to"
                | "spoke with"
                | "in an interview with"
                | "said in an interview with"
        );
        let outlet = mentions
            .iter()
            .find(|m| m.span.start >= s && m.span.start < e)
            .filter(|m| told || !speaks_for(sentence, (s, e), m));
        if told && outlet.is_none() {
            // "told reporters", "told him": the teller is the source, below.
            continue;
        }
        out.push(attribution(
            &sentence[s..e],
            at(s, e),
            cue.as_str(),
            at(cue.start(), cue.end()),
            outlet.map(|m| m.outlet),
            gazetteer,
        ));
        if told {
            // Whoever told the outlet is a source too.
            if let Some((bs, be)) = phrase_before(sentence, cue.start()) {
                out.push(attribution(
                    &sentence[bs..be],
                    at(bs, be),
                    cue.as_str(),
                    at(cue.start(), cue.end()),
                    None,
                    gazetteer,
                ));
            }
        }
    }
    let tagged = tagger.tag(sentence);
    tagged_attributions(sentence, offset, &tagged, mentions, gazetteer, &mut out);
    said_attributions(sentence, offset, &tagged, gazetteer, &mut out);
    colon_attributions(sentence, offset, gazetteer, &mut out);
    // A cue that opens a quotation and found no source takes the phrase
    // before it ("The Grimleys star fumed: “…").
    for a in out.iter_mut().filter(|a| a.source.is_empty()) {
        if let Some(cue) = a.cue_span
            && let Some((s, e)) =
                introduces_quotation(sentence, cue.start - offset, cue.end - offset)
        {
            *a = attribution(&sentence[s..e], at(s, e), &a.cue, cue, None, gazetteer);
        }
    }
    // "Report: ISIS has recruited…", "Exclusive: …": a headline's label
    // before a colon names no speaker.
    out.retain(|a| !(a.cue == ":" && is_label(&a.source)));
    for a in out.iter_mut().filter(|a| a.outlet.is_none()) {
        if let Some(span) = a.source_span
            && let Some((s, _)) = relative_antecedent(sentence, span.start - offset)
        {
            let e = span.end - offset;
            let cue_span = a.cue_span.unwrap_or(span);
            *a = attribution(&sentence[s..e], at(s, e), &a.cue, cue_span, None, gazetteer);
        }
    }
    out.sort_by_key(|a| (a.cue_span, a.source_span));
    out
}

/// The name a relative clause stands for ("Brian Blessed, who plays Boss
/// Nass, said"): when the source at `start` opens with "who", the one to
/// four capitalised words before its comma, which the source then takes
/// in.
fn relative_antecedent(sentence: &str, start: usize) -> Option<(usize, usize)> {
    let rest = sentence.get(start..)?;
    if !(rest.starts_with("who ") || rest.starts_with("who,")) {
        return None;
    }
    let before = sentence[..start].trim_end();
    let before = before.strip_suffix(',')?.trim_end();
    let mut name_start = before.len();
    let mut words = 0;
    for word in before.rsplit(' ') {
        let bare = word.trim_matches(|c: char| c.is_ascii_punctuation() && c != '.' && c != '\'');
        if words == 4 || !bare.starts_with(char::is_uppercase) || bare.is_empty() {
            break;
        }
        name_start -= word.len() + usize::from(words > 0);
        words += 1;
    }
    (words > 0).then_some((name_start, before.len()))
}

/// A heading label ("Report", "EXCLUSIVE", "Watch") rather than a name.
pub(super) fn is_label(words: &str) -> bool {
    let upper = words.trim().to_uppercase();
    NOT_SPEAKERS.contains(&upper.as_str())
}

/// The attributions the tagger marks, besides the credit patterns already
/// in `out`. Each cue takes the nearest tagged source of the sentence:
/// before it ("the senator said"), else after it ("…, said the senator").
pub(super) fn tagged_attributions(
    sentence: &str,
    offset: usize,
    tagged: &tagger::Tagged,
    mentions: &[Mention],
    gazetteer: &Gazetteer,
    out: &mut Vec<Attribution>,
) {
    let at = |s: usize, e: usize| Span::new(offset + s, offset + e);
    for &(cs, ce) in &tagged.cues {
        let cue_span = at(cs, ce);
        if out.iter().any(|a| a.cue_span.is_some_and(|x| x.overlaps(cue_span))) {
            continue;
        }
        let before = tagged.sources.iter().rev().find(|&&(_, e)| e <= cs);
        let after = tagged.sources.iter().find(|&&(s, _)| s >= ce);
        let source = match (before, after) {
            (Some(&b), Some(&a)) => Some(if cs - b.1 <= a.0 - ce { b } else { a }),
            // "…, a former engineer said": a verb of saying whose source the
            // tagger missed takes the phrase the patterns find.
            (None, None)
                if VERB_OF_SAYING.find(&sentence[cs..ce]).is_some_and(|m| m.len() == ce - cs) =>
            {
                pattern_source(sentence, cs, ce)
            }
            (b, a) => b.or(a).copied(),
        }
        .and_then(|(s, e)| {
            // "Ben Rhodes, a top adviser, said": not the closing comma.
            let e = s + sentence[s..e].trim_end_matches([',', ';', ':', '-', '—', ' ']).len();
            (e > s).then_some((s, e))
        });
        let cue = &sentence[cs..ce];
        match source {
            // "the report obtained by the AP revealed": the phrase holds a
            // credit, whose source is already taken; the cue stays.
            Some((s, e))
                if out.iter().any(|a| {
                    a.source_span.is_some_and(|x| x.overlaps(at(s, e)))
                        || a.cue_span.is_some_and(|x| x.overlaps(at(s, e)))
                }) =>
            {
                out.push(unsourced(cue, cue_span));
            }
            Some((s, e)) => {
                let outlet = mentions
                    .iter()
                    .find(|m| m.span.start >= s && m.span.end <= e)
                    .filter(|m| !speaks_for(sentence, (s, e), m));
                out.push(attribution(
                    &sentence[s..e],
                    at(s, e),
                    cue,
                    cue_span,
                    outlet.map(|m| m.outlet),
                    gazetteer,
                ));
            }
            // A cue whose source the sentence does not name ("is expected
            // to", "reportedly").
            None => out.push(unsourced(cue, cue_span)),
        }
    }
}

/// Whether the source at `s..e`, which names the outlet `mention`, is
/// someone speaking for it ("a BBC spokeswoman", "sources at the BBC"):
/// the outlet is then what the speaker speaks for, not a news outlet
/// reporting the claim, and the source is the speaker.
fn speaks_for(sentence: &str, (s, e): (usize, usize), mention: &Mention) -> bool {
    let rest = [&sentence[s..mention.span.start.max(s)], &sentence[mention.span.end.min(e)..e]];
    let words = || rest.iter().flat_map(|p| p.split(|c: char| !c.is_alphanumeric()));
    // Its own journalists report for it ("ABC's chief correspondent").
    let journalist = words().any(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "correspondent"
                | "correspondents"
                | "reporter"
                | "reporters"
                | "editor"
                | "editors"
                | "anchor"
                | "journalist"
                | "journalists"
                | "columnist"
                | "writer"
        )
    });
    !journalist
        && words().any(|w| {
            let w = w.to_lowercase();
            super::source_kind::OFFICIAL_WORDS.contains(&w.as_str())
                || super::source_kind::PERSON_ROLE_WORDS.contains(&w.as_str())
                || matches!(
                    w.as_str(),
                    "insider"
                        | "insiders"
                        | "boss"
                        | "bosses"
                        | "executive"
                        | "executives"
                        | "controller"
                )
        })
}

/// The verbs that nearly always attribute ("said", "says", "told").
/// Without word boundaries, which would keep the search from its literal
/// prefilter; they are checked on each match.
pub(super) static SAID: LazyLock<Regex> =
    LazyLock::new(|| regex(r"said|says|saying|told|adding|added"));

/// Whether `m` of `text` is a whole word.
pub(super) fn whole_word(text: &str, m: &regex::Match) -> bool {
    let before = text[..m.start()].chars().next_back();
    let after = text[m.end()..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// The verbs of [`SAID`] that the tagger left unmarked outside a quotation
/// ("all the experts I interviewed said her proposals…"): each is a cue all
/// the same, its source the nearest source the tagger marked and no cue
/// took, else unknown (the phrase the patterns find there is more often
/// wrong than right: on PolNeAR train it lowers source F1).
pub(super) fn said_attributions(
    sentence: &str,
    offset: usize,
    tagged: &tagger::Tagged,
    gazetteer: &Gazetteer,
    out: &mut Vec<Attribution>,
) {
    let at = |s: usize, e: usize| Span::new(offset + s, offset + e);
    let mut verbs = SAID.find_iter(sentence).filter(|m| whole_word(sentence, m)).peekable();
    if verbs.peek().is_none() {
        return;
    }
    let quoted: Vec<(usize, usize)> =
        QUOTE.find_iter(sentence).map(|m| (m.start(), m.end())).collect();
    for m in verbs {
        let cue_span = at(m.start(), m.end());
        if out.iter().any(|a| a.cue_span.is_some_and(|x| x.overlaps(cue_span)))
            || quoted.iter().any(|&(s, e)| s < m.start() && m.end() < e)
        {
            continue;
        }
        let free = |&&(s, e): &&(usize, usize)| {
            !out.iter().any(|a| a.source_span.is_some_and(|x| x.overlaps(at(s, e))))
        };
        let source = tagged.sources.iter().filter(free).min_by_key(|&&(s, e)| {
            if e <= m.start() { m.start() - e } else { s.saturating_sub(m.end()) }
        });
        let source = source.copied().or_else(|| introduces_quotation(sentence, m.start(), m.end()));
        out.push(match source {
            Some((s, e)) => {
                attribution(&sentence[s..e], at(s, e), m.as_str(), cue_span, None, gazetteer)
            }
            None => unsourced(m.as_str(), cue_span),
        });
    }
}

/// A verb and a colon before a quotation ("The Grimleys star fumed: “…",
/// "he asked bitterly:" ending its sentence): the verb is a cue, the phrase
/// before it the speaker.
pub(super) fn colon_attributions(
    sentence: &str,
    offset: usize,
    gazetteer: &Gazetteer,
    out: &mut Vec<Attribution>,
) {
    static COLON: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?-u:\b)(?P<verb>\p{Ll}+(?:ed|es|s|ing)|read|wrote|told|said|put it)(?P<adverb> \p{Ll}+ly)?:",
        )
    });
    let at = |s: usize, e: usize| Span::new(offset + s, offset + e);
    for c in COLON.captures_iter(sentence) {
        let (Some(verb), Some(all)) = (c.name("verb"), c.get(0)) else { continue };
        let cue_span = at(verb.start(), all.end() - 1);
        if out.iter().any(|a| a.cue_span.is_some_and(|x| x.overlaps(cue_span))) {
            continue;
        }
        let rest = sentence[all.end()..].trim_start();
        if !(rest.is_empty() || rest.starts_with(['"', '“'])) {
            continue;
        }
        // "…, declaring:": the speaker is the clause's subject, not the
        // phrase before the comma.
        if verb.as_str().ends_with("ing") && sentence[..verb.start()].trim_end().ends_with(',') {
            continue;
        }
        let cue = &sentence[verb.start()..all.end() - 1];
        let Some((s, e)) = introduces_quotation(sentence, verb.start(), all.end() - 1) else {
            continue;
        };
        out.push(attribution(&sentence[s..e], at(s, e), cue, cue_span, None, gazetteer));
    }
}

/// The speaker of a verb of saying that opens a quotation ("After the show
/// Sir Paul said: “…"): the phrase before it, or the run of capitalised
/// words that ends it.
fn introduces_quotation(sentence: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let rest = sentence[end..].trim_start();
    let colon = rest.starts_with(':');
    let rest = rest.strip_prefix([':', ',']).unwrap_or(rest).trim_start();
    // "Mr Salmon said:" ends its sentence when the quotation opens a line.
    if !(rest.starts_with(['"', '“']) || colon && rest.is_empty()) {
        return None;
    }
    let (s, e) = phrase_before(sentence, start)?;
    let capital = |w: &str| w.starts_with(char::is_uppercase);
    // "Amanda, who has posed for a magazine, added:", "The Grimleys star,
    // soon to be seen in a bath scene, fumed:": a phrase that is no name,
    // after a comma, is a clause about the speaker, who opens the sentence.
    if sentence[..s].trim_end().ends_with(',') && !sentence[s..e].split_whitespace().all(capital) {
        let lead =
            sentence.len() - sentence.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
        let comma = lead + sentence[lead..].find(',')?;
        let subject = sentence[lead..comma].trim_end();
        let words = subject.split_whitespace().count();
        return ((1..=6).contains(&words) && capital(subject) && comma < s)
            .then_some((lead, lead + subject.len()));
    }
    let words: Vec<(usize, &str)> = sentence[s..e]
        .split(' ')
        .scan(s, |at, w| {
            let here = *at;
            *at += w.len() + 1;
            Some((here, w))
        })
        .collect();
    let last = words.iter().rposition(|(_, w)| capital(w));
    let first = last.map(|l| {
        let mut f = l;
        while f > 0 && capital(words[f - 1].1) {
            f -= 1;
        }
        f
    });
    match (first, last) {
        // "After the show Sir Paul": the name that ends the phrase.
        (Some(f), Some(l)) if l + 1 == words.len() => Some((words[f].0, e)),
        _ => Some((s, e)),
    }
}

/// The source of the cue at `start..end` by pattern: the phrase before it,
/// or after it when the cue follows a comma or quote and a name follows
/// ("…," said Otso Iho).
pub(super) fn pattern_source(sentence: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let inverted = sentence[..start].trim_end().ends_with([',', '"', '”']);
    match phrase_before(sentence, start) {
        Some(found) if !inverted => Some(found),
        _ => {
            let rest = &sentence[end..];
            let s = end + (rest.len() - rest.trim_start().len());
            let named = phrase_after(sentence, s).filter(|&(s, e)| {
                let first = sentence[s..e].split_whitespace().next().unwrap_or_default();
                first.chars().next().is_some_and(char::is_uppercase) && !TIME_WORDS.contains(&first)
            });
            named.or_else(|| phrase_before(sentence, start))
        }
    }
}

/// An attribution whose source the sentence does not name: an empty
/// source of kind unknown, without a span.
pub(super) fn unsourced(cue: &str, cue_span: Span) -> Attribution {
    Attribution {
        source: String::new(),
        source_kind: SourceKind::Unknown,
        source_span: None,
        cue: cue.to_string(),
        cue_span: Some(cue_span),
        scope: Scope::Sentence,
        outlet: None,
    }
}

pub(super) fn attribution(
    source: &str,
    source_span: Span,
    cue: &str,
    cue_span: Span,
    outlet: Option<OutletId>,
    gazetteer: &Gazetteer,
) -> Attribution {
    // Not the control characters some wire copy opens a paragraph with.
    let lead = source.len() - source.trim_start_matches(|c: char| c.is_control()).len();
    let (source, source_span) =
        (&source[lead..], Span::new(source_span.start + lead, source_span.end));
    let (name, kind) = match outlet {
        Some(id) => (gazetteer.name(id).to_string(), SourceKind::Outlet),
        None => (source.to_string(), source_kind(source)),
    };
    Attribution {
        source: name,
        source_kind: kind,
        source_span: Some(source_span),
        cue: cue.to_string(),
        cue_span: Some(cue_span),
        scope: Scope::Sentence,
        outlet,
    }
}

/// The noun phrase after `start`: up to eight words, until punctuation or
/// "that".
pub(super) fn phrase_after(sentence: &str, start: usize) -> Option<(usize, usize)> {
    let rest = &sentence[start..];
    let mut end = start;
    let mut words = 0;
    for (i, word) in rest.split_inclusive(char::is_whitespace).scan(0, |pos, w| {
        let at = *pos;
        *pos += w.len();
        Some((at, w))
    }) {
        let bare = word.trim();
        let lower = bare.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        if bare.is_empty()
            || matches!(
                lower.as_str(),
                "that"
                    | "who"
                    | "which"
                    | "on"
                    | "in"
                    | "last"
                    | "this"
                    | "about"
                    | "from"
                    | "after"
            ) && words > 0
        {
            break;
        }
        let stop = bare.ends_with([',', '.', ';', ':', '!', '?', ')', '"', '”']);
        end =
            start + i + bare.trim_end_matches([',', '.', ';', ':', '!', '?', ')', '"', '”']).len();
        words += 1;
        if stop || words == 8 {
            break;
        }
    }
    (end > start).then_some((start, end))
}

/// The noun phrase before `end`: back to a clause boundary (a comma, a
/// quote, "that", the sentence start), at most eight words.
pub(super) fn phrase_before(sentence: &str, end: usize) -> Option<(usize, usize)> {
    // "Ben Rhodes, a top adviser, said": the appositive's comma is not the
    // clause boundary.
    let before = sentence[..end].trim_end().trim_end_matches(',').trim_end();
    let boundary = |text: &str| {
        text.rfind([',', ';', ':', '"', '“', '”', '(', '—', '–'])
            .map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8))
    };
    let mut stop = boundary(before);
    // "Daniel L. Byman, a counterterrorism expert, tells": the name before
    // the appositive is the source too.
    if stop > 0 && before[..stop].ends_with(',') {
        let appositive = before[stop..].trim_start().to_lowercase();
        let named = boundary(&before[..stop - 1]);
        let name = before[named..stop - 1].trim();
        let words = name.split_whitespace().count();
        if ["a ", "an ", "the "].iter().any(|a| appositive.starts_with(a))
            && (1..=4).contains(&words)
            && name.split_whitespace().all(|w| w.starts_with(char::is_uppercase))
        {
            stop = named;
        }
    }
    let mut clause = &before[stop..];
    let base = stop;
    let lead = clause.len() - clause.trim_start().len();
    clause = clause.trim_start();
    let mut start = base + lead;
    // Keep the last eight words, and cut at "that", "and while", "as".
    let words: Vec<(usize, &str)> = clause
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - sentence.as_ptr() as usize, w))
        .collect();
    let mut first = words.len().saturating_sub(8);
    for (k, (_, w)) in words.iter().enumerate() {
        if matches!(
            w.to_lowercase().as_str(),
            "that" | "while" | "and" | "but" | "as" | "because" | "which" | "when" | "if"
        ) {
            first = first.max(k + 1);
        }
    }
    let (s, _) = *words.get(first)?;
    start = start.max(s);
    // "officials also said": the adverb is not part of the source.
    let mut end = before.len();
    for adverb in [" also", " now", " then", " previously", " further", " later", " repeatedly"] {
        if sentence[start..end].to_lowercase().ends_with(adverb) && end - adverb.len() > start {
            end -= adverb.len();
        }
    }
    let before = &sentence[..end];
    let phrase = &sentence[start..before.len()];
    (!phrase.is_empty() && phrase.split_whitespace().count() <= 8).then_some((start, before.len()))
}
