//! Is the text English? The extractor's lexicons and patterns are English: a page in another
//! language would only give noise, so it is skipped with the reason.
//!
//! Two tests, both on the words of the text: most letters in a script other than Latin (Cyrillic,
//! Arabic, Chinese...), or many function words of another language written in Latin letters
//! (`data/input/other-languages.tsv`: "der", "les", "los"...) and few English ones
//! (`data/input/english.txt`). Names do not count for either, so a short English text made
//! mostly of names and titles passes. Texts too short to judge pass.

use std::collections::HashMap;
use std::sync::OnceLock;

const ENGLISH: &str = include_str!("../../data/input/english.txt");
const OTHERS: &str = include_str!("../../data/input/other-languages.tsv");

/// Fewer words than this are not judged.
pub const MIN_WORDS: usize = 40;
/// Words looked at: the start of a long article says enough.
const SAMPLE: usize = 3000;

/// Function words: `None` for English, else the language.
fn function_words() -> &'static HashMap<&'static str, Option<&'static str>> {
    static MAP: OnceLock<HashMap<&'static str, Option<&'static str>>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut m = HashMap::new();
        for l in OTHERS.lines().filter(|l| !l.starts_with('#')) {
            if let Some((lang, word)) = l.split_once('\t') {
                m.insert(word.trim(), Some(lang.trim()));
            }
        }
        for l in ENGLISH
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            m.insert(l, None);
        }
        m
    })
}

/// What the words of a text say about its language.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Counts {
    pub words: usize,
    pub english: usize,
    /// Function words of other languages, by language.
    pub other: Vec<(&'static str, usize)>,
    /// Letters in the Latin script, and all letters.
    pub latin_letters: usize,
    pub letters: usize,
}

pub fn counts(text: &str) -> Counts {
    let words_map = function_words();
    let mut c = Counts::default();
    let mut other: HashMap<&'static str, usize> = HashMap::new();
    let mut word = String::new();
    let mut chars = text.chars();
    loop {
        let ch = chars.next();
        match ch {
            Some(ch) if ch.is_alphabetic() => {
                c.letters += 1;
                if ch.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&ch) {
                    c.latin_letters += 1;
                }
                word.extend(ch.to_lowercase());
            }
            Some('\'' | '\u{2019}') => {}
            _ => {
                if !word.is_empty() {
                    c.words += 1;
                    match words_map.get(word.as_str()) {
                        Some(None) => c.english += 1,
                        Some(Some(lang)) => *other.entry(lang).or_default() += 1,
                        None => {}
                    }
                    word.clear();
                }
                if ch.is_none() || c.words >= SAMPLE {
                    break;
                }
            }
        }
    }
    c.other = other.into_iter().collect();
    c.other.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    c
}

/// `Ok` when the text is English or too short to tell; otherwise the reason to skip it.
pub fn check_english(text: &str) -> Result<(), String> {
    let c = counts(text);
    if c.words < MIN_WORDS {
        return Ok(());
    }
    if c.latin_letters * 2 < c.letters {
        return Err(format!(
            "not English: {:.0}% of its letters are in a script other than Latin; newskg reads English articles only",
            100.0 * (c.letters - c.latin_letters) as f64 / c.letters as f64
        ));
    }
    let foreign: usize = c.other.iter().map(|(_, n)| n).sum();
    let share = |n: usize| 100.0 * n as f64 / c.words as f64;
    if foreign >= 2 * c.english && foreign * 100 >= 8 * c.words {
        let lang = c.other.first().map_or("another language", |(l, _)| l);
        return Err(format!(
            "not English (looks {lang}): {:.0}% of its first {} words are function words of other languages, {:.0}% English ones; newskg reads English articles only",
            share(foreign),
            c.words,
            share(c.english)
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_lists_are_one_lower_case_word_per_line() {
        for (n, line) in ENGLISH.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            assert!(
                line.chars().all(|c| c.is_ascii_lowercase()),
                "data/input/english.txt:{}: {line:?} is not one lower-case word",
                n + 1
            );
        }
        for (n, line) in OTHERS.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let ok = line
                .split_once('\t')
                .is_some_and(|(l, w)| !l.is_empty() && !w.is_empty() && w.chars().all(char::is_lowercase));
            assert!(
                ok,
                "data/input/other-languages.tsv:{}: expected LANGUAGE<TAB>word",
                n + 1
            );
            let word = line.split_once('\t').map(|(_, w)| w).unwrap_or("");
            assert!(
                !ENGLISH.lines().any(|e| e == word),
                "data/input/other-languages.tsv:{}: {word:?} is on the English list too",
                n + 1
            );
        }
    }

    #[test]
    fn english_and_other_languages() {
        let english = "The foreign minister of Lomaria said on Monday that the talks with \
            the delegation from Vessany had been useful, and that both sides would meet again \
            in the spring. Officials from the two countries have been working on a trade \
            agreement for more than a year, but it was not clear when it could be signed.";
        // Short, and mostly names and titles: still English.
        let names = "LUSAKA - Zambian President Hakainde Mwale arrived in Harare on Monday for \
            talks with Prime Minister Tobias Kalua. Foreign Minister Grace Banda met Deputy \
            Foreign Minister Ruth Mwansa in Lilongwe. Defence Minister Felix Tembo visited \
            Maputo. Trade Minister Ana Macuacua met President Lazarus Phiri in Gaborone on \
            Friday. Interior Minister Jorge Salas met Finance Minister Ines Roth.";
        let cases = [
            (english, Ok(())),
            (names, Ok(())),
            (
                "Der Außenminister von Lomarien sagte am Montag, die Gespräche mit der Delegation \
              aus Vessanien seien nützlich gewesen und beide Seiten würden sich im Frühjahr \
              wieder treffen. Beamte beider Länder arbeiten seit mehr als einem Jahr an einem \
              Handelsabkommen, aber es war nicht klar, wann es unterzeichnet werden könnte.",
                Err("German"),
            ),
            (
                "Le ministre des affaires étrangères de Lomarie a déclaré lundi que les \
              discussions avec la délégation de Vessanie avaient été utiles et que les deux \
              parties se retrouveraient au printemps. Les responsables des deux pays \
              travaillent depuis plus d'un an sur un accord commercial, mais on ne sait pas \
              quand il pourrait être signé.",
                Err("French"),
            ),
            (
                "El ministro de Asuntos Exteriores de Lomaria dijo el lunes que las \
              conversaciones con la delegación de Vesania habían sido útiles y que ambas \
              partes volverían a reunirse en primavera. Los funcionarios de los dos países \
              llevan más de un año trabajando en un acuerdo comercial, pero no está claro \
              cuándo podría firmarse.",
                Err("Spanish"),
            ),
            (
                "Міністр закордонних справ Ломарії заявив у понеділок, що переговори з \
              делегацією Вессанії були корисними і що обидві сторони знову зустрінуться \
              навесні. Посадовці двох країн понад рік працюють над торговельною угодою, але \
              досі не ясно, коли її можуть підписати, сказав він журналістам.",
                Err("script"),
            ),
            ("Too short to tell.", Ok(())),
        ];
        for (text, want) in cases {
            let got = check_english(text);
            match want {
                Ok(()) => assert!(got.is_ok(), "{got:?} {:?}", counts(text)),
                Err(word) => assert!(
                    got.as_ref().is_err_and(|m| m.contains(word)),
                    "{got:?} {:?}",
                    counts(text)
                ),
            }
        }
    }
}
