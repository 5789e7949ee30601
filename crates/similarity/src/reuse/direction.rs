//! Which of two documents sharing text is the source, and why.

/// What the pages of a corpus say that orders two documents: each
/// document's publication date, outlet, and the outlets it credits.
pub trait PageFacts: Sync {
    /// The date the page says it was published (ISO), if any.
    fn date(&self, doc: usize) -> Option<&str>;
    /// The outlet that published it, if known.
    fn outlet(&self, doc: usize) -> Option<&str>;
    /// Whether it credits `outlet`.
    fn credits(&self, doc: usize, outlet: &str) -> bool;
}

/// What decided which of two documents is the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    /// The earlier publication date.
    Date,
    /// One credits the other's outlet.
    Credit,
    /// The source's passages recur more in other documents.
    Echo,
    /// The target is mostly made of the source.
    Containment,
    /// The origin of their duplicate cluster.
    ClusterOrigin,
    /// The source shares material with more documents.
    Partners,
    /// The user said which is the source (`compare --as-given`).
    Given,
    /// Nothing yet: the texts are weighed again (coverage both ways).
    Unknown,
}

/// Which way a pair points: what decided it, and the reason as the report
/// says it.
#[derive(Clone, Debug)]
pub struct Direction {
    pub by: By,
    pub reason: String,
}

impl Direction {
    pub fn new(by: By, reason: String) -> Direction {
        Direction { by, reason }
    }
}

/// Which of two documents is the source, why, and whether dates or credits
/// settled it (the other reasons weigh the texts alone). `shared` shingles
/// of `sizes`; `echoed` says how much of each document recurs elsewhere.
pub fn direction(
    a: usize,
    b: usize,
    shared: usize,
    sizes: (usize, usize),
    facts: &dyn PageFacts,
    echoed: &[u32],
) -> (usize, usize, Direction, bool) {
    if let (Some(da), Some(db)) = (facts.date(a), facts.date(b))
        && da != db
    {
        let (s, t, ds, dt) = if da < db { (a, b, da, db) } else { (b, a, db, da) };
        let reason = format!("published earlier ({ds} before {dt})");
        return (s, t, Direction::new(By::Date, reason), true);
    }
    let a_credits_b = facts.outlet(b).is_some_and(|o| facts.credits(a, o));
    let b_credits_a = facts.outlet(a).is_some_and(|o| facts.credits(b, o));
    if a_credits_b != b_credits_a {
        let (s, t) = if b_credits_a { (a, b) } else { (b, a) };
        let outlet = facts.outlet(s).unwrap_or_default();
        let reason = format!("the target credits the source's outlet ({outlet})");
        return (s, t, Direction::new(By::Credit, reason), true);
    }
    // A source's text recurs in its other copies; a copy's own additions
    // recur nowhere, and what it took recurs no more than the source it
    // took it from. What the two share counts for both alike.
    let (ea, eb) = (echoed.get(a).copied().unwrap_or(0), echoed.get(b).copied().unwrap_or(0));
    if ea.max(eb) >= 4 * ea.min(eb) / 3 + 2 {
        let (s, t, es, et) = if ea > eb { (a, b, ea, eb) } else { (b, a, eb, ea) };
        let reason = format!(
            "echo: the source's passages recur {es} times in other documents, the target's {et}"
        );
        return (s, t, Direction::new(By::Echo, reason), false);
    }
    let a_in_b = shared as f64 / sizes.0.max(1) as f64;
    let b_in_a = shared as f64 / sizes.1.max(1) as f64;
    if (a_in_b - b_in_a).abs() >= 0.1 {
        // The copy is the side mostly made of the other.
        let (s, t, t_in_s, s_in_t) =
            if a_in_b > b_in_a { (b, a, a_in_b, b_in_a) } else { (a, b, b_in_a, a_in_b) };
        let reason = format!(
            "containment: {:.0}% of the target lies in the source, {:.0}% of the source in the target",
            t_in_s * 100.0,
            s_in_t * 100.0
        );
        return (s, t, Direction::new(By::Containment, reason), false);
    }
    let dates = match (facts.date(a), facts.date(b)) {
        (Some(_), Some(_)) => "both dated the same day",
        (Some(_), None) | (None, Some(_)) => "only one is dated",
        (None, None) => "neither is dated",
    };
    let reason =
        format!("unknown: {dates}, neither credits the other, and containment is symmetric");
    (a.min(b), a.max(b), Direction::new(By::Unknown, reason), false)
}

/// Days between two ISO dates; `None` unless both are given and valid.
pub fn days_apart(a: Option<&str>, b: Option<&str>) -> Option<i64> {
    let (a, b): (jiff::civil::Date, jiff::civil::Date) = (a?.parse().ok()?, b?.parse().ok()?);
    Some(i64::from(a.until(b).ok()?.get_days()).abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Documents with a date, an outlet and the outlets they credit.
    struct Pages(Vec<(Option<&'static str>, Option<&'static str>, Vec<&'static str>)>);

    impl PageFacts for Pages {
        fn date(&self, doc: usize) -> Option<&str> {
            self.0[doc].0
        }
        fn outlet(&self, doc: usize) -> Option<&str> {
            self.0[doc].1
        }
        fn credits(&self, doc: usize, outlet: &str) -> bool {
            self.0[doc].2.contains(&outlet)
        }
    }

    #[test]
    fn dates_then_credits_then_the_texts_decide() {
        let dated =
            Pages(vec![(Some("2024-03-02"), None, vec![]), (Some("2024-03-01"), None, vec![])]);
        let (s, t, d, settled) = direction(0, 1, 10, (20, 20), &dated, &[]);
        assert_eq!((s, t, d.by, settled), (1, 0, By::Date, true));
        let credited = Pages(vec![(None, Some("AP"), vec![]), (None, Some("Daily"), vec!["AP"])]);
        let (s, t, d, _) = direction(0, 1, 10, (20, 20), &credited, &[]);
        assert_eq!((s, t, d.by), (0, 1, By::Credit));
        let plain = Pages(vec![(None, None, vec![]), (None, None, vec![])]);
        // The second is mostly made of the first.
        let (s, t, d, settled) = direction(0, 1, 10, (40, 12), &plain, &[]);
        assert_eq!((s, t, d.by, settled), (0, 1, By::Containment, false));
        let (_, _, d, _) = direction(0, 1, 10, (20, 20), &plain, &[]);
        assert_eq!(d.by, By::Unknown);
        assert!(d.reason.contains("neither is dated"), "{}", d.reason);
    }

    #[test]
    fn days_between_dates() {
        assert_eq!(days_apart(Some("2024-02-28"), Some("2024-03-01")), Some(2));
        assert_eq!(days_apart(Some("2024-03-01"), None), None);
        assert_eq!(days_apart(Some("not a date"), Some("2024-03-01")), None);
    }
}
