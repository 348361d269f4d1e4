//! The part-of-speech lexicon (`data/lexicon/pos.tsv`): the tags each lower-case English word
//! can take, most frequent first, so that the syntax stage can tell "talks" the noun from
//! "talks" the verb by its neighbours.

use rustc_hash::FxHashMap as HashMap;

use super::source::Source;
use crate::error::LexiconError;

/// Penn Treebank tags, folded to what the syntax stage distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pos {
    /// NN, NNS, FW, and other noun-like tags.
    Noun,
    /// NNP, NNPS.
    Proper,
    /// VB: base form ("meet", after "to" or a modal).
    Verb,
    /// VBD: past tense ("met").
    Past,
    /// VBN: past participle ("led" in "was led by").
    Participle,
    /// VBG: gerund or present participle ("meeting").
    Gerund,
    /// VBZ, VBP: present tense ("meets", "meet").
    Present,
    /// JJ, JJR, JJS.
    Adj,
    /// RB, RBR, RBS, WRB.
    Adv,
    /// IN: prepositions and subordinating conjunctions.
    Prep,
    /// TO.
    To,
    /// RP: verb particles ("off" in "called off").
    Particle,
    /// DT, PDT, WDT.
    Det,
    /// PRP, WP, EX.
    Pronoun,
    /// PRP$, WP$.
    Possessive,
    /// CC.
    Conj,
    /// MD.
    Modal,
    /// CD.
    Number,
    /// Punctuation, symbols, interjections, list markers.
    Other,
}

impl Pos {
    /// Reads one Penn tag; unknown tags are `Other`.
    pub fn from_penn(tag: &str) -> Pos {
        match tag {
            "NN" | "NNS" | "FW" | "NP" | "NPS" => Pos::Noun,
            "NNP" | "NNPS" => Pos::Proper,
            "VB" => Pos::Verb,
            "VBD" => Pos::Past,
            "VBN" => Pos::Participle,
            "VBG" => Pos::Gerund,
            "VBZ" | "VBP" => Pos::Present,
            "JJ" | "JJR" | "JJS" | "JJSS" => Pos::Adj,
            "RB" | "RBR" | "RBS" | "WRB" => Pos::Adv,
            "IN" => Pos::Prep,
            "TO" => Pos::To,
            "RP" => Pos::Particle,
            "DT" | "PDT" | "WDT" => Pos::Det,
            "PRP" | "WP" | "EX" => Pos::Pronoun,
            "PRP$" | "WP$" | "PRP$R" => Pos::Possessive,
            "CC" => Pos::Conj,
            "MD" => Pos::Modal,
            "CD" => Pos::Number,
            _ => Pos::Other,
        }
    }

    /// Any verb form.
    pub fn is_verb(self) -> bool {
        matches!(
            self,
            Pos::Verb | Pos::Past | Pos::Participle | Pos::Gerund | Pos::Present
        )
    }

    /// A verb form that makes a clause on its own ("met", "meets").
    pub fn is_finite(self) -> bool {
        matches!(self, Pos::Past | Pos::Present | Pos::Modal)
    }

    pub fn is_nominal(self) -> bool {
        matches!(self, Pos::Noun | Pos::Proper)
    }
}

/// Word → its tags, most frequent first (duplicates after folding removed).
#[derive(Debug, Clone, Default)]
pub struct PosLexicon {
    words: HashMap<String, Vec<Pos>>,
}

impl PosLexicon {
    /// Loads `word<TAB>TAG TAG ...` lines.
    pub fn load(&mut self, src: &Source) -> Result<(), LexiconError> {
        for (line, fields) in src.rows() {
            let [word, tags] = fields.as_slice() else {
                return Err(src.error(line, "expected 2 tab-separated columns: word, tags"));
            };
            if word.is_empty() || word.chars().any(char::is_uppercase) {
                return Err(src.error(line, format!("{word:?}: words are lower case")));
            }
            let mut out: Vec<Pos> = Vec::new();
            for tag in tags.split_whitespace() {
                let pos = Pos::from_penn(tag);
                if !out.contains(&pos) {
                    out.push(pos);
                }
            }
            if out.is_empty() {
                return Err(src.error(line, format!("{word:?} has no tag")));
            }
            self.words.insert(word.to_string(), out);
        }
        Ok(())
    }

    /// The tags of a lower-case word, most frequent first.
    pub fn tags(&self, word: &str) -> Option<&[Pos]> {
        self.words.get(word).map(Vec::as_slice)
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_tags_in_order_and_reports_bad_lines() {
        let mut lex = PosLexicon::default();
        let src = Source::builtin("test.tsv", "# comment\ntalks\tNNS VBZ\nled\tVBN VBD\n");
        lex.load(&src).unwrap();
        assert_eq!(lex.tags("talks"), Some(&[Pos::Noun, Pos::Present][..]));
        assert_eq!(lex.tags("led"), Some(&[Pos::Participle, Pos::Past][..]));
        assert_eq!(lex.tags("unknown"), None);
        for (text, words) in [
            ("talks\n", "expected 2"),
            ("Talks\tNNS\n", "lower case"),
            ("talks\t\n", "no tag"),
        ] {
            let err = PosLexicon::default()
                .load(&Source::builtin("bad.tsv", text))
                .unwrap_err()
                .to_string();
            assert!(err.starts_with("bad.tsv:1:") && err.contains(words), "{err}");
        }
    }

    #[test]
    fn the_builtin_lexicon_knows_news_words() {
        let lex = crate::lexicon::Lexicons::builtin();
        assert!(lex.pos.len() > 50_000);
        assert_eq!(lex.pos.tags("met").map(|t| t[0]), Some(Pos::Past));
        assert!(lex.pos.tags("visit").is_some_and(|t| t.contains(&Pos::Verb)));
    }
}
