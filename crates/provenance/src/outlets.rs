//! The outlets of a corpus: those that publish its documents and those
//! its documents credit.

use provtrace_attribution::gazetteer::Gazetteer;
use provtrace_attribution::page::Page;
use serde::Serialize;

/// An outlet that publishes or is credited by documents of the corpus.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outlet {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// Documents the outlet published.
    pub documents: Vec<String>,
    /// Documents that credit it.
    pub credited_by: Vec<String>,
}

/// The outlets of the documents `(id, page)`, sorted by id.
pub fn outlets<'a>(
    documents: impl IntoIterator<Item = (&'a str, &'a Page)>,
    gazetteer: &Gazetteer,
) -> Vec<Outlet> {
    fn entry<'a>(
        by_name: &'a mut std::collections::BTreeMap<String, Outlet>,
        gazetteer: &Gazetteer,
        name: &str,
        id: Option<usize>,
    ) -> &'a mut Outlet {
        by_name.entry(name.to_string()).or_insert_with(|| Outlet {
            id: slug(name),
            name: name.to_string(),
            aliases: id.map(|id| gazetteer.aliases(id).to_vec()).unwrap_or_default(),
            documents: Vec::new(),
            credited_by: Vec::new(),
        })
    }
    let mut by_name: std::collections::BTreeMap<String, Outlet> = std::collections::BTreeMap::new();
    for (id, page) in documents {
        if let Some(o) = &page.outlet {
            entry(&mut by_name, gazetteer, &o.name, o.id).documents.push(id.to_string());
        }
        for credit in &page.credits {
            let outlet = entry(&mut by_name, gazetteer, &credit.outlet, credit.id);
            if outlet.credited_by.last().map(String::as_str) != Some(id) {
                outlet.credited_by.push(id.to_string());
            }
        }
    }
    let mut outlets: Vec<Outlet> = by_name.into_values().collect();
    outlets.sort_by(|a, b| a.id.cmp(&b.id));
    outlets
}

/// "The New York Times" → "the-new-york-times".
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("The New York Times"), "the-new-york-times");
        assert_eq!(slug("Radio Free Europe/Radio Liberty"), "radio-free-europe-radio-liberty");
        assert_eq!(slug("El País"), "el-país");
    }
}
