//! Document ids made unique in reading order, and the family an id
//! belongs to.

/// Makes ids unique in reading order.
///
/// The rule: an id is kept as given the first time it is seen; a later
/// document with an id already taken (as given, or made by this rule) gets
/// `id#2`, else `id#3`, and so on: the lowest `#n`, from 2, that no earlier
/// document has. So `a`, `a`, `a#2` become `a`, `a#2`, `a#2#2`, and `a#2`,
/// `a`, `a` become `a#2`, `a`, `a#3`.
#[derive(Debug, Default)]
pub struct Ids {
    /// Every id handed out.
    taken: rustc_hash::FxHashSet<String>,
    /// For an id given more than once: the suffix to try next.
    next: rustc_hash::FxHashMap<String, usize>,
}

impl Ids {
    /// The id itself the first time, then `id#2`, `id#3`, ... (see [`Ids`]).
    pub fn unique(&mut self, id: String) -> String {
        if self.taken.insert(id.clone()) {
            return id;
        }
        let n = self.next.entry(id.clone()).or_insert(2);
        loop {
            let candidate = format!("{id}#{n}");
            *n += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// The family of an id under [`Ids`]: the id without its trailing `#n`
/// suffixes (`a#2#3` is of family `a`). Making ids unique only ever compares
/// ids of one family, so each family can be made unique apart from the
/// others, in reading order, and give what one pass over all gives.
pub fn id_family(id: &str) -> &str {
    let mut family = id;
    while let Some((head, tail)) = family.rsplit_once('#') {
        if tail.is_empty() || !tail.bytes().all(|b| b.is_ascii_digit()) {
            break;
        }
        family = head;
    }
    family
}
