//! Claims: sentences that carry a quantity, a quote or an attribution.
//!
//! Input: a document's text, its content sentences and the page's credits.
//! Output: [`Claim`]s with normalised [`Quantity`]s (value, hedge, the head
//! noun they count, a rate such as "every month") and [`Attribution`]s (cue
//! and source, each with its span, and the kind of source). Document-scope
//! credits ("Source: The New York Times") are attached to every claim as
//! attributions of scope `document`.
//!
//! It does not group claims across documents or decide origins; `provenance`
//! does. A photo credit is never an attribution (the page stage keeps them
//! apart), and an outlet named without a cue ("at a Bloomberg lunch") is not
//! a source.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::gazetteer::{Gazetteer, Mention, OutletId};
use crate::page::{Credit, Scope, regex};
use crate::tagger::Tagger;
use provtrace_text::span::Span;

mod attribution;
mod quantity;
mod quotation;
mod source_kind;

pub use attribution::{attributions, sentence_attributions, speakers};
pub use quantity::quantities;

/// A number in a claim, normalised. The number as written is `span` of
/// the document's text ([`Quantity::text`]); it is not copied.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    /// The value: `30,000`, `30K`, `thirty thousand` are all 30000.
    pub value: f64,
    /// `nearly`, `about`, `as many as`, `more than`, ...
    pub hedge: Option<&'static str>,
    /// What it counts: the words after it (`foreign fighters`), or
    /// `percent`; `null` when nothing follows.
    pub unit: Option<String>,
    /// `day`, `week`, `month` or `year` for "every month", "a year", ...
    pub rate: Option<&'static str>,
    /// Currency sign, when it is money.
    pub currency: Option<String>,
    pub span: Span,
}

/// What kind of source an attribution names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Outlet,
    Agency,
    Official,
    Person,
    Document,
    Unknown,
}

/// Who a claim is attributed to, and the words that say so.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Attribution {
    /// Canonical name for outlets; the words as written otherwise.
    pub source: String,
    pub source_kind: SourceKind,
    pub source_span: Option<Span>,
    pub cue: String,
    pub cue_span: Option<Span>,
    pub scope: Scope,
    #[serde(skip)]
    pub outlet: Option<OutletId>,
}

/// A sentence that asserts something checkable: `span` of the document's
/// text ([`Claim::text`]), which is not copied.
#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    pub span: Span,
    pub quantities: Vec<Quantity>,
    /// The words of the quotations the sentence holds (a quotation of at
    /// least three words, which may run over sentences and paragraphs).
    pub quotes: Vec<Span>,
    pub attributions: Vec<Attribution>,
}

impl Claim {
    /// The sentence, from the text of its document.
    pub fn text<'t>(&self, document: &'t str) -> &'t str {
        document.get(self.span.start..self.span.end).unwrap_or_default()
    }
}

impl Quantity {
    /// The number as written, from the text of its document.
    pub fn text<'t>(&self, document: &'t str) -> &'t str {
        document.get(self.span.start..self.span.end).unwrap_or_default()
    }

    /// The quantity with its text, for a report.
    pub fn in_text<'a>(&'a self, document: &'a str) -> QuantityIn<'a> {
        QuantityIn { quantity: self, document }
    }
}

/// A [`Quantity`] serialised with the number as written.
pub struct QuantityIn<'a> {
    quantity: &'a Quantity,
    document: &'a str,
}

impl Serialize for QuantityIn<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let q = self.quantity;
        let mut out = serializer.serialize_struct("Quantity", 7)?;
        out.serialize_field("value", &q.value)?;
        out.serialize_field("text", q.text(self.document))?;
        out.serialize_field("hedge", &q.hedge)?;
        out.serialize_field("unit", &q.unit)?;
        out.serialize_field("rate", &q.rate)?;
        out.serialize_field("currency", &q.currency)?;
        out.serialize_field("span", &q.span)?;
        out.end()
    }
}

static QUOTE: LazyLock<Regex> =
    LazyLock::new(|| regex(r#""([^"\n]{3,}?)"|“([^”\n]{3,}?)”|«([^»\n]{3,}?)»"#));

/// The claims of one document; `mentions` are the outlets it names
/// ([`Gazetteer::mentions`] of the whole text).
pub fn extract(
    text: &str,
    sentences: &[Span],
    credits: &[Credit],
    mentions: &[Mention],
    gazetteer: &Gazetteer,
    tagger: &Tagger,
) -> Vec<Claim> {
    let document_credits: Vec<Attribution> = credits
        .iter()
        .filter(|c| c.scope == Scope::Document)
        .map(|c| Attribution {
            source: c.outlet.clone(),
            source_kind: SourceKind::Outlet,
            source_span: c.declared.is_none().then_some(c.span),
            cue: c.cue.clone(),
            cue_span: None,
            scope: Scope::Document,
            outlet: c.id,
        })
        .collect();
    let speakers = speakers(text, gazetteer);
    let quotations = quotation::quotations(text, 3);
    // The tagger and the patterns read every quotation mark as `"`.
    let plain = quotation::plain(text, &quotations);
    let mut own: Vec<Vec<Attribution>> = (0..sentences.len())
        .map(|k| {
            sentence_attributions(&plain, sentences, k, mentions, &speakers, gazetteer, tagger)
        })
        .collect();
    quotation::carry(text, &quotations, sentences, &mut own);
    let mut claims = Vec::new();
    for (&span, mut attributions) in sentences.iter().zip(own) {
        let sentence = span.slice(text);
        let quantities = quantities(sentence, span.start);
        let quotes = quotation::parts(text, &quotations, span);
        if quantities.is_empty() && quotes.is_empty() && attributions.is_empty() {
            continue;
        }
        attributions.extend(document_credits.iter().cloned());
        claims.push(Claim { span, quantities, quotes, attributions });
    }
    claims
}

#[cfg(test)]
mod tests {
    use super::attribution::*;
    use super::quantity::*;
    use super::*;
    use crate::tagger;

    type Q = (f64, Option<String>, Option<String>, Option<&'static str>);
    type A = (String, SourceKind, String);

    fn q(sentence: &str) -> Vec<Q> {
        quantities(sentence, 0)
            .into_iter()
            .map(|q| (q.value, q.hedge.map(str::to_string), q.unit, q.rate))
            .collect()
    }

    #[test]
    fn quantities_are_normalised() {
        let s = |x: &str| Some(x.to_string());
        let cases: Vec<(&str, Vec<Q>)> = vec![
            (
                "Nearly 30,000 foreign recruits have poured in.",
                vec![(30000.0, s("nearly"), s("foreign recruits"), None)],
            ),
            (
                "as many as 30000 foreigners from more than 100 countries",
                vec![
                    (30000.0, s("as many as"), s("foreigners"), None),
                    (100.0, s("more than"), s("countries"), None),
                ],
            ),
            (
                "About one thousand foreign fighters join every month.",
                vec![(1000.0, s("about"), s("foreign fighters"), Some("month"))],
            ),
            (
                "some 1,000 new recruits joining up every month",
                vec![(1000.0, s("some"), s("new recruits"), Some("month"))],
            ),
            ("thirty thousand people", vec![(30000.0, None, s("people"), None)]),
            ("a 30K bonus", vec![(30000.0, None, s("bonus"), None)]),
            ("A $500 million Pentagon effort", vec![(500e6, None, s("pentagon effort"), None)]),
            ("1.5 million barrels a day", vec![(1.5e6, None, s("barrels"), Some("day"))]),
            ("rose 12% in March", vec![(12.0, None, s("percent"), None)]),
            ("In 1968 on March 3, 2025 at 10:30", vec![]),
            ("shipped on Dec. 5 and June 30", vec![]),
            // A word that begins like a month is not one.
            ("profit declined 5 pct", vec![(5.0, None, s("percent"), None)]),
            ("the mayor named 12 judges", vec![(12.0, None, s("judges"), None)]),
            ("registered by 10 p.m. on Sunday", vec![]),
            ("see alert(1) and item (2)", vec![]),
            ("a typo 7007,000 here", vec![(7007.0, None, None, None)]),
            // Fractions as prices and rates write them, and in words.
            ("raised its prime rate to 8-1/4 pct", vec![(8.25, None, s("percent"), None)]),
            ("8-5/8 pct bonds and 8 pct notes", {
                vec![(8.625, None, s("percent"), None), (8.0, None, s("percent"), None)]
            }),
            ("shares rose 1-3/8 to 45 1/2", {
                vec![(1.375, None, None, None), (45.5, None, None, None)]
            }),
            ("yields fell 1/4 pct", vec![(0.25, None, s("percent"), None)]),
            ("the 1/2 and 3/4 of it", vec![]),
            ("on 12/25/2024 and 3-1/5 later", vec![(3.2, None, None, None)]),
            ("shr 2-1/5 cts, 44-4/9 shares", {
                vec![(2.2, None, s("cts"), None), (44.0 + 4.0 / 9.0, None, s("shares"), None)]
            }),
            ("loading 9-15/4 try later", vec![]),
            ("two-thirds of the fighters", vec![(2.0 / 3.0, None, None, None)]),
            ("three quarters voted, a third of them", {
                vec![(0.75, None, s("voted"), None), (1.0 / 3.0, None, s("them"), None)]
            }),
            ("won a third term", vec![]),
            // Ages and durations count time, not things.
            ("an 18-year-old Moroccan woman and her 2-month-old son", vec![]),
            ("03:16 10/08/99: Page 1 (HHH) SHOWBIZ Oasis", vec![]),
            ("Noel, 50, said the No. 3 single was his best; she died aged 59.", vec![]),
            ("In London, 50 people marched.", vec![(50.0, None, s("people"), None)]),
            ("in the 12 months to March, over 15 years and 3 days", vec![]),
            ("the 10-year bond yield rose 5 pct", vec![(5.0, None, s("percent"), None)]),
            ("$50 a year and 30 days' notice for 200 workers", {
                vec![(50.0, None, None, Some("year")), (200.0, None, s("workers"), None)]
            }),
            (
                "more than 250 Americans, up from about 100 a year ago",
                vec![
                    (250.0, s("more than"), s("americans"), None),
                    (100.0, s("about"), None, None),
                ],
            ),
            ("150-180 days unquoted, 30 to 60 days 3.5", vec![(3.5, None, None, None)]),
            ("between 1700 and 2100 hrs (2300 to 0300 hrs GMT), 40 and 50 people", {
                vec![(40.0, None, None, None), (50.0, None, s("people"), None)]
            }),
            ("load factor fell to 36.3 pct from 40.3 pct a year before", {
                vec![(36.3, None, s("percent"), None), (40.3, None, s("percent"), None)]
            }),
        ];
        for (sentence, want) in cases {
            assert_eq!(q(sentence), want, "{sentence}");
        }
    }

    fn attr(sentence: &str) -> Vec<A> {
        let g = Gazetteer::new(&[]);
        attributions(sentence, 0, &g)
            .into_iter()
            .map(|a| (a.source, a.source_kind, a.cue))
            .collect()
    }

    #[test]
    fn cues_and_sources() {
        type Case = (&'static str, Vec<(&'static str, SourceKind, &'static str)>);
        let cases: Vec<Case> = vec![
            // A headline's label is not a speaker.
            ("Report: ISIS Has Recruited as Many as 30,000 Foreigners in the Past Year", vec![]),
            ("EXCLUSIVE: Mayor to quit after 12 years in office", vec![]),
            (
                "But U.S. intelligence officials tell NBC News the change is modest.",
                vec![
                    ("U.S. intelligence officials", SourceKind::Official, "tell"),
                    ("NBC News", SourceKind::Outlet, "tell"),
                ],
            ),
            (
                "More than 250 came, according to intelligence and law enforcement officials.",
                vec![(
                    "intelligence and law enforcement officials",
                    SourceKind::Official,
                    "according to",
                )],
            ),
            (
                "The New York Times is reporting that 30,000 came.",
                vec![("The New York Times", SourceKind::Outlet, "is reporting")],
            ),
            (
                "And while the Pentagon estimates that 10,000 died, more came.",
                vec![("the Pentagon", SourceKind::Agency, "estimates")],
            ),
            ("\"We are not waiting,\" Reyes said.", vec![("Reyes", SourceKind::Person, "said")]),
            // Someone speaking for an outlet is the source, not the outlet.
            (
                "A BBC spokeswoman said the show would go on.",
                vec![("A BBC spokeswoman", SourceKind::Official, "said")],
            ),
            (
                "The New York Times reported that the show would go on.",
                vec![("The New York Times", SourceKind::Outlet, "reported")],
            ),
            (
                "the report obtained by the Associated Press revealed.",
                // "revealed" stays a cue; its source phrase holds the credit.
                vec![
                    ("Associated Press", SourceKind::Outlet, "obtained by"),
                    ("", SourceKind::Unknown, "revealed"),
                ],
            ),
            (
                "The rough estimates from officials also reveal it.",
                vec![("The rough estimates from officials", SourceKind::Document, "also reveal")],
            ),
            (
                "He said Friday at a Bloomberg lunch with reporters.",
                vec![("He", SourceKind::Unknown, "said")],
            ),
            (
                "Ben Rhodes, a top adviser, said Friday at a Bloomberg lunch.",
                vec![("Ben Rhodes, a top adviser", SourceKind::Official, "said")],
            ),
            (
                "\"It is the same battle,\" said Otso Iho, a senior analyst.",
                vec![("Otso Iho, a senior analyst", SourceKind::Person, "said")],
            ),
            (
                "Daniel L. Byman, a counterterrorism expert, tells The New York Times that more came.",
                vec![
                    ("Daniel L. Byman, a counterterrorism expert", SourceKind::Person, "tells"),
                    ("The New York Times", SourceKind::Outlet, "tells"),
                ],
            ),
        ];
        for (sentence, want) in cases {
            let want: Vec<A> =
                want.into_iter().map(|(a, k, c)| (a.to_string(), k, c.to_string())).collect();
            assert_eq!(attr(sentence), want, "{sentence}");
        }
    }

    /// The claims of a whole text, as the pipeline extracts them.
    fn claims_of(text: &str, g: &Gazetteer) -> Vec<Claim> {
        let sentences = provtrace_text::sentence::sentences(text, "eng");
        extract(text, &sentences, &[], &g.mentions(text), g, &Tagger::Crf)
    }

    #[test]
    fn a_short_name_is_read_against_the_whole_text() {
        let g = Gazetteer::new(&[]);
        let text = "The New York Times reported the raids. The Times notes that 30 people fled.";
        let claims = claims_of(text, &g);
        let sources: Vec<(&str, SourceKind)> = claims
            .iter()
            .flat_map(|c| &c.attributions)
            .map(|a| (a.source.as_str(), a.source_kind))
            .collect();
        assert!(sources.contains(&("The New York Times", SourceKind::Outlet)), "{sources:?}");
        assert!(!sources.iter().any(|(s, _)| *s == "The Times"), "{sources:?}");
        // On its own, the sentence does not say which Times.
        let alone = attributions("The Times notes that 30 people fled.", 0, &g);
        assert!(alone.iter().all(|a| a.source_kind != SourceKind::Outlet), "{alone:?}");
    }

    #[test]
    fn a_signed_quotation_is_attributed_to_its_signer() {
        let g = Gazetteer::new(&[]);
        let text = "“He represents our greatest shame.” ― Sonya Herridge\n“A real disgrace.”\n";
        let claims = claims_of(text, &g);
        let signed: Vec<(&str, &str, &str)> = claims
            .iter()
            .flat_map(|c| c.attributions.iter().map(move |a| (c.text(text), a)))
            .map(|(t, a)| (t, a.source.as_str(), a.cue.as_str()))
            .collect();
        assert_eq!(signed, [("“He represents our greatest shame.”", "Sonya Herridge", "―")]);
        // A dash inside a line is not a signature.
        let text = "“We came,” she said. ― Then they left for Rome.\n";
        let sentences = provtrace_text::sentence::sentences(text, "eng");
        assert!(sentences.windows(2).all(|w| signed_by(text, w[0], w[1], &g).is_none()));
    }

    #[test]
    fn a_transcript_line_is_attributed_to_its_speaker() {
        let g = Gazetteer::new(&[]);
        let names = |text: &str| -> Vec<(String, String)> {
            let found = speakers(text, &g);
            found
                .into_iter()
                .map(|a| (a.source, a.cue_span.unwrap().slice(text).to_string()))
                .collect()
        };
        let text = "Partial transcript:\n\"WALLACE: Will she be there tomorrow?\n\"PENCE: She will not. \
                    We lost 30 seats.\nSEN. JOHN SMITH: It cost $4 billion.\nUPDATE: The vote is at 5 p.m. \
                    today.\nThe vote: 52 to 48.\nIn March, ABC: a network.\n";
        let want = |name: &str| (name.to_string(), ":".to_string());
        // Not "UPDATE", nor a colon after words in lower case.
        assert_eq!(names(text), [want("WALLACE"), want("PENCE"), want("SEN. JOHN SMITH")]);
        // The claims of a line take its speaker.
        let claims = claims_of(text, &g);
        let smith = claims.iter().find(|c| c.text(text).contains("$4 billion")).unwrap();
        assert_eq!(smith.attributions[0].source, "SEN. JOHN SMITH");
        // One label alone is a headline's kicker, not a transcript.
        assert!(names("THE FLOW IS SLOW: But Fighters Still Flock\nThey came.\n").is_empty());
        assert!(names("PENCE: We won.\nPENCE: We won again.\n").is_empty());
    }

    #[test]
    fn a_verb_of_saying_the_tagger_missed_is_a_cue() {
        let g = Gazetteer::new(&[]);
        let cues = |sentence: &str, sources: Vec<(usize, usize)>| -> Vec<(String, String)> {
            let tagged = tagger::Tagged { cues: Vec::new(), sources };
            let mut out = Vec::new();
            said_attributions(sentence, 0, &tagged, &g, &mut out);
            out.into_iter().map(|a| (a.cue, a.source)).collect()
        };
        let own = |cue: &str, source: &str| (cue.to_string(), source.to_string());
        let s = "All the experts I interviewed said her plans were detailed.";
        assert_eq!(cues(s, vec![]), [own("said", "")]);
        // The nearest source the tagger marked and no cue took.
        assert_eq!(cues(s, vec![(0, 15)]), [own("said", "All the experts")]);
        // Not inside a quotation, not inside a word.
        assert!(cues("“We said it before,” the mayor recalled.", vec![]).is_empty());
        assert_eq!(cues("Saidi kept the unsaid part, told—or not.", vec![]), [own("told", "")]);
    }

    /// Each claim's quoted words and its sources, with their scope.
    fn quoted_by(text: &str) -> Vec<(String, Vec<(String, Scope)>)> {
        let g = Gazetteer::new(&[]);
        claims_of(text, &g)
            .into_iter()
            .filter(|c| !c.quotes.is_empty())
            .map(|c| {
                let quoted = c.quotes.iter().map(|q| q.slice(text)).collect::<Vec<_>>().join(" | ");
                let by = c.attributions.iter().map(|a| (a.source.clone(), a.scope)).collect();
                (quoted, by)
            })
            .collect()
    }

    #[test]
    fn a_quotation_over_paragraphs_keeps_its_speaker() {
        let text = "Series producer Tim Haines said: ``Walking With Dinosaurs is the first.<\n\
                    ``For the first time ever, people will see a lost world.''<\nend<\n";
        let by = quoted_by(text);
        assert_eq!(by.len(), 2, "{by:?}");
        assert_eq!(by[0].0, "Walking With Dinosaurs is the first.");
        assert_eq!(by[0].1, [("Series producer Tim Haines".to_string(), Scope::Sentence)]);
        assert_eq!(by[1].1, [("Series producer Tim Haines".to_string(), Scope::Quotation)]);
    }

    #[test]
    fn a_quotation_takes_the_speaker_of_the_sentence_before() {
        let text =
            "Mr Salmon said he had worked at ITV.\n\n“I know the pressures that they are under.”\n";
        let by = quoted_by(text);
        assert_eq!(by[0].1, [("Mr Salmon".to_string(), Scope::Quotation)], "{by:?}");
        // Words said inside a quotation are not the sentence's source.
        let by = quoted_by("“The report said that five people died,” Smith said.");
        assert_eq!(by[0].1, [("Smith".to_string(), Scope::Sentence)], "{by:?}");
    }

    #[test]
    fn he_and_she_name_the_last_speaker() {
        let text = "A spokeswoman for the show said the decision was made in May.\n\n\
                    She said: “It is nothing to do with that incident.”\n";
        let by = quoted_by(text);
        assert_eq!(by[0].1[0].0, "A spokeswoman for the show", "{by:?}");
        // No speaker before: the story's first subject.
        let text = "Liz Hurley arrived in a mirrored dress.\n\nShe said: “It takes Hugh ages to get ready.”\n";
        assert_eq!(quoted_by(text)[0].1[0].0, "Liz Hurley");
        // A description of a person is the person named before it.
        let text = "Noel Gallagher said the baby was well.\n\nThe rock star added: “I am still shaking from it.”\n";
        assert_eq!(quoted_by(text)[0].1[0].0, "Noel Gallagher");
        // Not an office, nor a name.
        let text = "Noel Gallagher said the baby was well.\n\nThe spokeswoman added: “We are all delighted.”\n";
        assert_eq!(quoted_by(text)[0].1[0].0, "The spokeswoman");
        // Not a woman for "he".
        let text = "Mrs Whitehouse said the joke was corrupting.\n\nHe said: “We will not change the script.”\n";
        assert_eq!(quoted_by(text)[0].1[0].0, "He");
    }

    #[test]
    fn the_speaker_before_a_colon_or_a_clause() {
        let first = |text: &str| quoted_by(text)[0].1[0].0.clone();
        assert_eq!(
            first("Amanda, who has posed for a magazine, added: “They should leave it to us.”"),
            "Amanda"
        );
        assert_eq!(
            first("But last night the actor asked bitterly: “Why was I not told of it?”"),
            "the actor"
        );
        let text = "But launching his new line-up, Mr Salmon said:\n“This schedule will confound the doubters.”";
        assert_eq!(first(text), "Mr Salmon");
    }
}
