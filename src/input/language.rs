//! Is the text English? The extractor's lexicons and patterns are English: a page in another
//! language would only give noise, so it is skipped with the reason.
//!
//! The test is the share of words that are English function words (`data/input/english.txt`):
//! about a third in English prose whatever the subject, a few percent in other languages.
//! Texts too short to judge pass.

use std::collections::HashSet;
use std::sync::OnceLock;

const WORDS: &str = include_str!("../../data/input/english.txt");

/// Fewer words than this are not judged.
pub const MIN_WORDS: usize = 40;
/// Words looked at: the start of a long article says enough.
const SAMPLE: usize = 3000;
/// Share of function words under which a text is not English (English prose: 0.25 to 0.5).
pub const MIN_SHARE: f64 = 0.12;

fn function_words() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        WORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// The share of English function words among the words of `text` (letters only), and the
/// number of words looked at.
pub fn english_share(text: &str) -> (f64, usize) {
    let set = function_words();
    let mut words = 0usize;
    let mut hits = 0usize;
    let mut word = String::new();
    let mut chars = text.chars();
    loop {
        let c = chars.next();
        match c {
            Some(c) if c.is_alphabetic() => word.extend(c.to_lowercase()),
            Some('\'' | '\u{2019}') => {}
            _ => {
                if !word.is_empty() {
                    words += 1;
                    hits += usize::from(set.contains(word.as_str()));
                    word.clear();
                }
                if c.is_none() || words >= SAMPLE {
                    break;
                }
            }
        }
    }
    let share = if words == 0 {
        0.0
    } else {
        hits as f64 / words as f64
    };
    (share, words)
}

/// `Ok` when the text is English or too short to tell; otherwise the reason to skip it.
pub fn check_english(text: &str) -> Result<(), String> {
    let (share, words) = english_share(text);
    if words < MIN_WORDS || share >= MIN_SHARE {
        return Ok(());
    }
    Err(format!(
        "not English: {:.0}% of its first {words} words are common English words such as \"the\", \"of\", \"and\" (English prose has 25% or more); newskg reads English articles only",
        share * 100.0
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_list_is_one_lower_case_word_per_line() {
        for (n, line) in WORDS.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            assert!(
                line.chars().all(|c| c.is_ascii_lowercase()),
                "data/input/english.txt:{}: {line:?} is not one lower-case word",
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
        let cases = [
            (english, true),
            (
                "Der Außenminister von Lomarien sagte am Montag, die Gespräche mit der Delegation \
              aus Vessanien seien nützlich gewesen und beide Seiten würden sich im Frühjahr \
              wieder treffen. Beamte beider Länder arbeiten seit mehr als einem Jahr an einem \
              Handelsabkommen, aber es war nicht klar, wann es unterzeichnet werden könnte.",
                false,
            ),
            (
                "Le ministre des affaires étrangères de Lomarie a déclaré lundi que les \
              discussions avec la délégation de Vessanie avaient été utiles et que les deux \
              parties se retrouveraient au printemps. Les responsables des deux pays \
              travaillent depuis plus d'un an sur un accord commercial, mais on ne sait pas \
              quand il pourrait être signé.",
                false,
            ),
            (
                "El ministro de Asuntos Exteriores de Lomaria dijo el lunes que las \
              conversaciones con la delegación de Vesania habían sido útiles y que ambas \
              partes volverían a reunirse en primavera. Los funcionarios de los dos países \
              llevan más de un año trabajando en un acuerdo comercial, pero no está claro \
              cuándo podría firmarse.",
                false,
            ),
            (
                "Міністр закордонних справ Ломарії заявив у понеділок, що переговори з \
              делегацією Вессанії були корисними і що обидві сторони знову зустрінуться \
              навесні. Посадовці двох країн понад рік працюють над торговельною угодою, але \
              досі не ясно, коли її можуть підписати, сказав він журналістам.",
                false,
            ),
            ("Too short to tell.", true),
        ];
        for (text, ok) in cases {
            assert_eq!(
                check_english(text).is_ok(),
                ok,
                "{:?} {text}",
                english_share(text)
            );
        }
    }
}
