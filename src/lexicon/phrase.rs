//! Phrase tables: multi-token lexicon entries matched longest-first on token keys.
//!
//! Every phrase is tokenised by the same tokenizer as the text, so "son-in-law" or "U.S. side"
//! match whatever the tokenizer does to them.

use rustc_hash::FxHashMap as HashMap;

/// Maps token sequences (lower-cased keys) to values; several phrases may share a first token.
#[derive(Debug, Clone)]
pub struct PhraseTable<V> {
    by_first: HashMap<String, Vec<(Vec<String>, V)>>,
    longest: usize,
}

impl<V> Default for PhraseTable<V> {
    fn default() -> Self {
        PhraseTable {
            by_first: HashMap::default(),
            longest: 0,
        }
    }
}

impl<V> PhraseTable<V> {
    /// Adds a phrase given as its token keys. Empty phrases are ignored.
    pub fn insert(&mut self, tokens: Vec<String>, value: V) {
        let Some(first) = tokens.first().cloned() else {
            return;
        };
        self.longest = self.longest.max(tokens.len());
        let bucket = self.by_first.entry(first).or_default();
        bucket.push((tokens, value));
        // Longest first, stable for equal lengths so earlier files win ties.
        bucket.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
    }

    /// All phrases that start at `at`, longest first, with their lengths in tokens.
    pub fn matches_at<'a, K: AsRef<str>>(
        &'a self,
        keys: &'a [K],
        at: usize,
    ) -> impl Iterator<Item = (usize, &'a V)> + 'a {
        let bucket = keys
            .get(at)
            .and_then(|k| self.by_first.get(k.as_ref()))
            .map(|b| b.as_slice())
            .unwrap_or(&[]);
        bucket.iter().filter_map(move |(tokens, value)| {
            let end = at + tokens.len();
            (end <= keys.len() && tokens.iter().zip(&keys[at..end]).all(|(a, b)| a == b.as_ref()))
                .then_some((tokens.len(), value))
        })
    }

    /// The longest phrase starting at `at`.
    pub fn longest_at<'a, K: AsRef<str>>(&'a self, keys: &'a [K], at: usize) -> Option<(usize, &'a V)> {
        self.matches_at(keys, at).next()
    }

    /// Whether a phrase covers exactly `keys`.
    pub fn contains<K: AsRef<str>>(&self, keys: &[K]) -> bool {
        self.matches_at(keys, 0).any(|(len, _)| len == keys.len())
    }

    pub fn len(&self) -> usize {
        self.by_first.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }

    /// Length in tokens of the longest phrase.
    pub fn max_len(&self) -> usize {
        self.longest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn longest_match_wins_and_shorter_ones_follow() {
        let mut t = PhraseTable::default();
        t.insert(toks("talks"), 1);
        t.insert(toks("talks with"), 2);
        let keys = toks("held talks with them");
        let found: Vec<_> = t.matches_at(&keys, 1).collect();
        assert_eq!(found, vec![(2, &2), (1, &1)]);
        assert_eq!(t.longest_at(&keys, 0), None);
        assert!(t.contains(&toks("talks with")));
        assert!(!t.contains(&toks("talks with them")));
    }

    #[test]
    fn phrase_running_past_the_end_does_not_match() {
        let mut t = PhraseTable::default();
        t.insert(toks("secretary of state"), ());
        assert_eq!(t.longest_at(&toks("the secretary of"), 1), None);
    }
}
