//! The gazetteer: known names of countries, demonyms, places, organisations and people, from
//! the built-in TSV files and the user's `--lexicon` files.
//!
//! Format of every gazetteer file: `surface<TAB>type<TAB>canonical<TAB>same_as<TAB>country`,
//! the last two columns optional. Surfaces match case-sensitively ("US" is not "us").

use rustc_hash::FxHashMap as HashMap;
use std::str::FromStr;

use serde::Serialize;

use super::phrase::PhraseTable;
use super::source::Source;
use crate::error::LexiconError;

/// What a gazetteer entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum GazKind {
    Country,
    /// An adjective or people noun that stands for a country ("Ukrainian", "Emiratis").
    Demonym,
    /// A capital city; the canonical country is in the `country` column.
    Capital,
    City,
    State,
    Region,
    Continent,
    Place,
    Organization,
    Person,
}

impl FromStr for GazKind {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Ok(match s {
            "Country" => GazKind::Country,
            "Demonym" => GazKind::Demonym,
            "Capital" => GazKind::Capital,
            "City" => GazKind::City,
            "State" => GazKind::State,
            "Region" => GazKind::Region,
            "Continent" => GazKind::Continent,
            "Place" => GazKind::Place,
            "Organization" | "Organisation" => GazKind::Organization,
            "Person" => GazKind::Person,
            _ => return Err(()),
        })
    }
}

pub const GAZ_KINDS: &str =
    "Country, Demonym, Capital, City, State, Region, Continent, Place, Organization, Person";

impl GazKind {
    /// Places ordered by how specific they are, for choosing a travel destination.
    pub fn specificity(self) -> u8 {
        match self {
            GazKind::Place => 5,
            GazKind::City | GazKind::Capital => 4,
            GazKind::State | GazKind::Region => 3,
            GazKind::Country | GazKind::Demonym => 2,
            GazKind::Continent => 1,
            GazKind::Organization | GazKind::Person => 0,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct GazEntry {
    pub kind: GazKind,
    pub canonical: String,
    pub same_as: Option<String>,
    /// Canonical name of the country the entry belongs to, if any.
    pub country: Option<String>,
    /// The surface tokens as written, for the case-sensitive check.
    #[serde(skip)]
    pub exact: Vec<String>,
}

/// All gazetteer entries, indexed by their surface tokens.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    table: PhraseTable<usize>,
    pub entries: Vec<GazEntry>,
    /// Canonical country name → the adjective used to name its delegation ("Ukrainian").
    pub adjective_of: HashMap<String, String>,
    /// Canonical capital → its country.
    pub capital_of: HashMap<String, String>,
    /// (kind, canonical) → first entry, for lookups by name.
    by_name: HashMap<(GazKind, String), usize>,
}

impl Gazetteer {
    /// Adds every row of a gazetteer file; `tokenize` splits a surface into token texts.
    pub fn load(
        &mut self,
        source: &Source,
        tokenize: &dyn Fn(&str) -> Vec<String>,
    ) -> Result<(), LexiconError> {
        for (line, f) in source.rows_with(3, 5, "surface, type, canonical[, same_as[, country]]")? {
            let kind: GazKind = f[1].parse().map_err(|_| {
                source.error(
                    line,
                    format!("unknown type {:?}; expected one of {GAZ_KINDS}", f[1]),
                )
            })?;
            if f[2].is_empty() {
                return Err(source.error(line, "the canonical name (column 3) is empty"));
            }
            let same_as = f.get(3).filter(|s| !s.is_empty()).map(|s| s.to_string());
            if let Some(iri) = &same_as {
                oxigraph::model::NamedNode::new(iri.as_str())
                    .map_err(|e| source.error(line, format!("same_as {iri:?} is not a valid IRI: {e}")))?;
            }
            let country = f.get(4).filter(|s| !s.is_empty()).map(|s| s.to_string());
            if kind == GazKind::Capital && country.is_none() {
                return Err(source.error(line, "a Capital needs its country in column 5"));
            }
            self.add(f[0], kind, f[2], same_as, country, tokenize);
        }
        Ok(())
    }

    fn add(
        &mut self,
        surface: &str,
        kind: GazKind,
        canonical: &str,
        same_as: Option<String>,
        country: Option<String>,
        tokenize: &dyn Fn(&str) -> Vec<String>,
    ) {
        let exact = tokenize(surface);
        let keys = exact.iter().map(|t| t.to_lowercase()).collect();
        match kind {
            // The first single-word adjective listed names the delegation ("Ukrainian").
            GazKind::Demonym if exact.len() == 1 && !surface.ends_with('s') => {
                // An adjective ("Turkish") over a noun ("Turk") or an abbreviation ("U.S.").
                let adjectival = |s: &str| {
                    !s.contains('.')
                        && ["an", "ish", "ese", "i", "ic", "ch", "ine"]
                            .iter()
                            .any(|end| s.ends_with(end))
                };
                let slot = self.adjective_of.entry(canonical.to_string()).or_default();
                if slot.is_empty() || (!adjectival(slot) && adjectival(surface)) {
                    *slot = surface.to_string();
                }
            }
            GazKind::Capital => {
                if let Some(c) = &country {
                    self.capital_of.insert(canonical.to_string(), c.clone());
                }
            }
            _ => {}
        }
        self.by_name
            .entry((kind, canonical.to_string()))
            .or_insert(self.entries.len());
        self.entries.push(GazEntry {
            kind,
            canonical: canonical.to_string(),
            same_as,
            country,
            exact,
        });
        self.table.insert(keys, self.entries.len() - 1);
    }

    /// The longest entry matching at `at`, checking case against the surface as written.
    /// `keys` are lower-cased token keys; `text(i)` gives token `i` as written.
    pub fn longest_at<'t, K: AsRef<str>>(
        &self,
        keys: &[K],
        text: impl Fn(usize) -> &'t str,
        at: usize,
    ) -> Option<(usize, &GazEntry)> {
        self.table.matches_at(keys, at).find_map(|(len, &idx)| {
            let e = &self.entries[idx];
            // Case as written; a name in capitals ("KYIV" in a dateline) matches its entry.
            let same = e.exact.iter().enumerate().all(|(n, a)| {
                let b = crate::tokenize::fold(text(at + n));
                a == b.as_ref()
                    || (!b.chars().any(char::is_lowercase)
                        && a.chars().any(char::is_lowercase)
                        && a.to_lowercase() == b.to_lowercase())
            });
            same.then_some((len, e))
        })
    }

    /// An entry of the given kind by canonical name (used to find a country's entry).
    pub fn by_canonical(&self, kind: GazKind, canonical: &str) -> Option<&GazEntry> {
        self.by_name
            .get(&(kind, canonical.to_string()))
            .map(|&i| &self.entries[i])
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
