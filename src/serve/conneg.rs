//! Content negotiation: which of the formats the server can write an `Accept` header asks for.

/// Picks among `offers` (media types, the server's preferred first) the one the `Accept`
/// header ranks highest; ties go to the server's order. No header, or an empty one, takes
/// the first offer; `None` when the header accepts none of them (406).
pub fn choose<'a>(accept: Option<&str>, offers: &[&'a str]) -> Option<&'a str> {
    let accept = accept.map(str::trim).filter(|a| !a.is_empty());
    let Some(accept) = accept else {
        return offers.first().copied();
    };
    let ranges: Vec<(String, f32)> = accept.split(',').filter_map(range).collect();
    let mut best: Option<(&str, f32)> = None;
    for offer in offers {
        // The most specific range that matches decides the offer's quality.
        let (mut specificity, mut q) = (0u8, None);
        for (r, rq) in &ranges {
            let s = if r == offer {
                3
            } else if r
                .strip_suffix("/*")
                .is_some_and(|t| offer.split('/').next() == Some(t))
            {
                2
            } else if r == "*/*" {
                1
            } else {
                0
            };
            if s > specificity {
                specificity = s;
                q = Some(*rq);
            }
        }
        if let Some(q) = q
            && q > 0.0
            && best.is_none_or(|(_, bq)| q > bq)
        {
            best = Some((offer, q));
        }
    }
    best.map(|(o, _)| o)
}

/// One media range of an Accept header and its quality.
fn range(item: &str) -> Option<(String, f32)> {
    let mut parts = item.split(';');
    let media = parts.next()?.trim().to_ascii_lowercase();
    if media.is_empty() {
        return None;
    }
    let mut q = 1.0;
    for p in parts {
        if let Some((k, v)) = p.split_once('=')
            && k.trim().eq_ignore_ascii_case("q")
        {
            q = v.trim().parse::<f32>().unwrap_or(0.0).clamp(0.0, 1.0);
        }
    }
    Some((media, q))
}

#[cfg(test)]
mod tests {
    use super::choose;

    #[test]
    fn accept_headers_pick_formats() {
        let offers = [
            "application/sparql-results+json",
            "application/sparql-results+xml",
            "text/csv",
            "text/tab-separated-values",
        ];
        let cases: &[(Option<&str>, Option<&str>)] = &[
            (None, Some("application/sparql-results+json")),
            (Some(""), Some("application/sparql-results+json")),
            (Some("*/*"), Some("application/sparql-results+json")),
            (Some("text/csv"), Some("text/csv")),
            (Some("text/*"), Some("text/csv")),
            (
                Some("TEXT/TAB-SEPARATED-VALUES"),
                Some("text/tab-separated-values"),
            ),
            (
                Some("application/sparql-results+xml;q=0.9, text/csv;q=0.5"),
                Some("application/sparql-results+xml"),
            ),
            (
                Some("text/csv;q=0.5, application/sparql-results+xml"),
                Some("application/sparql-results+xml"),
            ),
            (Some("*/*;q=0.1, text/csv"), Some("text/csv")),
            (Some("text/csv;q=0, */*"), Some("application/sparql-results+json")),
            (Some("image/png"), None),
            (Some("text/turtle, image/*"), None),
            (Some("text/csv;q=abc"), None),
        ];
        for (accept, want) in cases {
            assert_eq!(choose(*accept, &offers), *want, "{accept:?}");
        }
    }
}
