use super::*;
use provtrace_text::lines as boilerplate;

fn page(text: &str) -> Page {
    let g = Gazetteer::new(&[]);
    parse(text, &Metadata::default(), &boilerplate::lines(text), &g)
}

fn credit_names(p: &Page) -> Vec<(String, Scope)> {
    p.credits.iter().map(|c| (c.outlet.clone(), c.scope)).collect()
}

#[test]
fn dates_in_news_formats() {
    let cases = [
        ("FEB. 4, 2018", Some(("2018-02-04", false))),
        ("Monday, February 05, 2018 11:42:28 AM", Some(("2018-02-05", true))),
        ("04/19/2024 04:19:49 pm", Some(("2024-04-19", true))),
        ("4 March 2025", Some(("2025-03-04", false))),
        ("2025-03-04T10:00:00Z", Some(("2025-03-04", true))),
        ("26-FEB-1987 15:01:01.79", Some(("1987-02-26", true))),
        ("Sept. 26, 2014", Some(("2014-09-26", false))),
        ("February 30, 2018", None),
        ("Published: 7 years ago", None),
    ];
    for (text, want) in cases {
        let got = find_date(text).map(|(_, d, t)| (d, t));
        assert_eq!(got, want.map(|(d, t)| (d.to_string(), t)), "{text}");
    }
}

#[test]
fn relative_date_is_not_resolved() {
    let p = page(
        "Published: 7 years ago | Country: | Topics: ,\nHeadline Of The Story Here\n\nBody text of the story.",
    );
    let published = p.published.unwrap();
    assert_eq!(published.date, None);
    assert_eq!(published.text, "7 years ago");
    assert_eq!(published.method, DateMethod::Relative);
    assert_eq!(p.title.as_deref(), Some("Headline Of The Story Here"));
}

#[test]
fn a_date_inside_a_sentence_is_not_the_pages() {
    let p = page("QUARTERLY RESULTS\nYear ended December 31, 1986\nNet 1.2 mln vs 1.1 mln.");
    assert_eq!(p.published, None);
    let p = page("A Headline About Things\nBy Ines Okafor | March 4, 2025\nText of the story.");
    assert_eq!(p.published.and_then(|p| p.date).as_deref(), Some("2025-03-04"));
}

#[test]
fn screenshot_names_are_not_dates() {
    let p = page("A Headline About It\n\nScreen Shot 2016-01-16 at 9.09.06 AM\n\nBody text here.");
    assert_eq!(p.published, None);
}

#[test]
fn dateline_date_beats_page_stamp() {
    let p = page(
        "Monday, February 05, 2018 11:42:28 AM\nA Headline About Things\nFEB. 4, 2018\nWASHINGTON — Text.",
    );
    let published = p.published.unwrap();
    assert_eq!(published.date.as_deref(), Some("2018-02-04"));
    assert_eq!(published.method, DateMethod::Dateline);
    assert_eq!(p.outlet, None, "a city dateline is not an outlet");
}

#[test]
fn a_time_to_the_second_is_a_stamp_and_to_the_minute_a_dateline() {
    for (text, method) in [
        ("A Headline About Things\n04/19/2024 04:19:49 pm\nText of the story.", "page_stamp"),
        ("A Headline About Things\nMarch 5, 2025 9:15 AM\nText of the story.", "dateline"),
        ("A Headline About Things\n2025-03-05T09:15:07Z\nText of the story.", "page_stamp"),
    ] {
        assert_eq!(page(text).published.map(|p| p.method.name()), Some(method), "{text}");
    }
}

#[test]
fn an_abbreviated_subject_before_a_dash_is_no_dateline() {
    for text in [
        "Monetary Compensatory Amounts (MCA) -- a system of cross border payments",
        "Interstate Commerce Commission (ICC) -- to drop the merger plan",
    ] {
        let p = page(&format!("A Headline Here\n{text}\nMore text."));
        assert!(p.credits.is_empty(), "{text}: {:?}", p.credits);
    }
    // A city's dateline still credits its agency, and a known agency
    // after its own name still does.
    for (text, outlet) in [
        ("WASHINGTON (AP) -- Text.", "Associated Press"),
        ("PARIS (AFP) -- Text.", "Agence France-Presse"),
        ("LAGOS (NAN) -- Text.", "NAN"),
    ] {
        let p = page(&format!("A Headline Here\n{text}"));
        assert_eq!(p.credits.first().map(|c| c.outlet.as_str()), Some(outlet), "{text}");
    }
}

#[test]
fn outlets_by_method() {
    let cases = [
        ("CHINA TOPIX\n\nA Headline Here\nBody.", Some(("China Topix", "masthead"))),
        (
            "A Headline Here\n\nThe Levant News -- Nearly 30,000 came.",
            Some(("The Levant News", "dateline")),
        ),
        (
            "A Headline Here\nBody text.\nJoin the InvestorsHub Community\nRegister for free.",
            Some(("InvestorsHub", "footer")),
        ),
        (
            "A Headline Here\nBody.\n© 2025 Valley Courier. All rights reserved.",
            Some(("Valley Courier", "footer")),
        ),
        ("THE FLOW IS SLOW: But Foreign Fighters are Still Flocking\nBody.", None),
        ("BAHIA COCOA REVIEW\nShowers continued.", None),
    ];
    for (text, want) in cases {
        let got = page(text).outlet.map(|o| (o.name, o.method.name()));
        assert_eq!(got, want.map(|(n, m)| (n.to_string(), m)), "{text}");
    }
}

#[test]
fn credits_and_non_credits() {
    let cases: &[(&str, &[(&str, Scope)])] = &[
        ("Body.\n\nSource: The New York Times\n", &[("The New York Times", Scope::Document)]),
        ("Body.\nRead more: NBC\n", &[("NBC News", Scope::Document)]),
        (
            "But U.S. intelligence officials tell NBC News the change is modest.",
            &[("NBC News", Scope::Sentence)],
        ),
        (
            "An official warned of it, The Washington Post reported.",
            &[("The Washington Post", Scope::Sentence)],
        ),
        (
            "the report obtained by the Associated Press revealed.",
            &[("Associated Press", Scope::Sentence)],
        ),
        (
            "The New York Times is reporting that. Byman tells the Times more.",
            &[("The New York Times", Scope::Sentence), ("The New York Times", Scope::Sentence)],
        ),
        ("LONDON (Reuters) - Prices rose on Monday.", &[("Reuters", Scope::Document)]),
        (
            "The New York Times is reporting it.\nAnd while the Times notes that laws pass, more come.",
            &[("The New York Times", Scope::Sentence), ("The New York Times", Scope::Sentence)],
        ),
        ("BEIRUT (AP) — Fighting continued.", &[("Associated Press", Scope::Document)]),
        (
            "HEMPSTEAD, N.Y., Sept. 26 (UPI) — Stein left.",
            &[("United Press International", Scope::Document)],
        ),
        ("New York (AFP) – Sarandon is not sure.", &[("Agence France-Presse", Scope::Document)]),
        ("Senator Jo Smith (R-Texas) — said no.", &[]),
        (
            "Sources: Reuters, AP and AFP",
            &[
                ("Reuters", Scope::Document),
                ("Associated Press", Scope::Document),
                ("Agence France-Presse", Scope::Document),
            ],
        ),
        ("He said Friday at a Bloomberg lunch with reporters.", &[]),
        ("(Photo : REUTERS/Kai Pfaffenbach) Smoke rises over the town.", &[]),
        ("A man was arrested. Photo: Angela Rios/AFP/Getty Images", &[]),
        ("h/t Daily Beacon", &[("Daily Beacon", Scope::Document)]),
    ];
    for (text, want) in cases {
        let got = credit_names(&page(text));
        let want: Vec<(String, Scope)> = want.iter().map(|(n, s)| ((*n).to_string(), *s)).collect();
        assert_eq!(got, want, "{text}");
    }
}

#[test]
fn photo_credits_are_recognised() {
    let p = page(
        "(Photo : REUTERS/Kai Pfaffenbach) Smoke.\nA man. Photo: Angela Rios/AFP/Getty Images\nJohn Smith/Getty Images",
    );
    let texts: Vec<&str> = p.photo_credits.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "(Photo : REUTERS/Kai Pfaffenbach)",
            "Photo: Angela Rios/AFP/Getty Images",
            "John Smith/Getty Images"
        ]
    );
}

#[test]
fn own_outlet_is_not_a_credit() {
    let p = page("NORTHWIND PRESS\nHeadline Of It\nORRIN FALLS (Northwind Press) — Text here.");
    assert_eq!(p.outlet.map(|o| o.name).as_deref(), Some("Northwind Press"));
    assert!(p.credits.is_empty(), "{:?}", p.credits);
}
