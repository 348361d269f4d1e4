//! The words of a name and their letters folded for comparison (case, accents, apostrophes),
//! below both the rules file, which folds its entries so, and the names taken apart.

/// Lower case, accents removed, apostrophes and dots dropped: "Šimić" → "simic", "U.S." → "us".
pub fn plain(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if matches!(c, '.' | '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}') {
            continue;
        }
        for l in c.to_lowercase() {
            match base_letter(l) {
                Some(base) => out.push_str(base),
                None => out.push(l),
            }
        }
    }
    out
}

/// The base letter of an accented Latin letter ("é" → "e", "ß" → "ss"); None for other
/// characters. Covers Latin-1 and Latin Extended-A, where the names of European news are.
fn base_letter(c: char) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        ("àáâãäåāăą", "a"),
        ("æ", "ae"),
        ("çćĉċč", "c"),
        ("ďđ", "d"),
        ("èéêëēĕėęě", "e"),
        ("ĝğġģ", "g"),
        ("ĥħ", "h"),
        ("ìíîïĩīĭįı", "i"),
        ("ĵ", "j"),
        ("ķ", "k"),
        ("ĺļľŀł", "l"),
        ("ñńņňŉ", "n"),
        ("òóôõöøōŏő", "o"),
        ("œ", "oe"),
        ("ŕŗř", "r"),
        ("śŝşšș", "s"),
        ("ß", "ss"),
        ("ţťŧț", "t"),
        ("ùúûüũūŭůűų", "u"),
        ("ŵ", "w"),
        ("ýÿŷ", "y"),
        ("źżž", "z"),
        ("þ", "th"),
        ("ð", "d"),
    ];
    TABLE
        .iter()
        .find(|(letters, _)| letters.contains(c))
        .map(|(_, base)| *base)
}

/// The words of a name: split at spaces, with punctuation around each word removed
/// ("(Ana" → "Ana"); hyphenated words stay whole.
pub fn words(name: &str) -> Vec<&str> {
    name.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.'))
        .filter(|w| !w.is_empty())
        .collect()
}
