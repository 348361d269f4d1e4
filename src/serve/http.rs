//! Small pieces of HTTP that the handlers share: answers, headers, form decoding, bodies with
//! a size limit, and the bearer-token check.

use std::io::Read;

use tiny_http::Request;

/// What a handler answers; the server adds the security headers.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn new(status: u16, content_type: impl Into<String>, body: impl Into<Vec<u8>>) -> Answer {
        Answer {
            status,
            content_type: content_type.into(),
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// A message for people (errors, mostly), one line.
    pub fn text(status: u16, message: impl std::fmt::Display) -> Answer {
        Answer::new(status, "text/plain; charset=utf-8", format!("{message}\n"))
    }

    pub fn json(status: u16, value: &serde_json::Value) -> Answer {
        let mut body = serde_json::to_vec_pretty(value).unwrap_or_default();
        body.push(b'\n');
        Answer::new(status, "application/json", body)
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Answer {
        self.headers.push((name, value.into()));
        self
    }

    /// 405 with the methods that are allowed.
    pub fn method_not_allowed(allow: &str, message: impl std::fmt::Display) -> Answer {
        Answer::text(405, message).with_header("Allow", allow)
    }
}

/// The value of a request header (first one), by case-insensitive name.
pub fn header<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

/// The media type of a Content-Type value, lower case, without parameters.
pub fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Decodes `%XX` escapes (and `+` as a space in forms); the result must be UTF-8.
pub fn percent_decode(s: &str, plus_as_space: bool) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| format!("bad percent escape at byte {i}"))?;
                out.push(hex);
                i += 3;
            }
            b'+' if plus_as_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|e| {
        format!(
            "not valid UTF-8 once decoded (first bad byte at {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// `a=1&b=2` (URL query or form body) as decoded pairs, in order; a name without `=` has an
/// empty value.
pub fn parse_form(s: &str) -> Result<Vec<(String, String)>, String> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            Ok((percent_decode(k, true)?, percent_decode(v, true)?))
        })
        .collect()
}

/// All values of a form field.
pub fn values<'a>(form: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    form.iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// Reads the request body, refusing (413) one longer than `limit` bytes, whether its length
/// is declared or not.
pub fn read_body(req: &mut Request, limit: usize) -> Result<Vec<u8>, Answer> {
    let too_large = || {
        Answer::text(
            413,
            format!("the request body is larger than the limit of {limit} bytes (see --max-body)"),
        )
    };
    if req.body_length().is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let mut body = Vec::new();
    req.as_reader()
        .take(limit as u64 + 1)
        .read_to_end(&mut body)
        .map_err(|e| Answer::text(400, format!("cannot read the request body: {e}")))?;
    if body.len() > limit {
        return Err(too_large());
    }
    Ok(body)
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn same_secret(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_decode() {
        type Pairs = Result<Vec<(&'static str, &'static str)>, ()>;
        let cases: &[(&str, Pairs)] = &[
            ("", Ok(vec![])),
            ("query=SELECT+*", Ok(vec![("query", "SELECT *")])),
            ("a=%3C%3E&b", Ok(vec![("a", "<>"), ("b", "")])),
            ("a=1&&a=2", Ok(vec![("a", "1"), ("a", "2")])),
            ("q=%E2%9C%93", Ok(vec![("q", "✓")])),
            ("q=%ZZ", Err(())),
            ("q=%", Err(())),
            ("q=%FF", Err(())),
        ];
        for (input, want) in cases {
            let got = parse_form(input);
            match want {
                Ok(pairs) => {
                    let pairs: Vec<(String, String)> = pairs
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect();
                    assert_eq!(got.as_ref().ok(), Some(&pairs), "{input}");
                }
                Err(()) => assert!(got.is_err(), "{input}"),
            }
        }
    }

    #[test]
    fn media_types() {
        for (input, want) in [
            ("application/sparql-query", "application/sparql-query"),
            (
                "Application/X-WWW-Form-Urlencoded; charset=UTF-8",
                "application/x-www-form-urlencoded",
            ),
            ("", ""),
        ] {
            assert_eq!(media_type(input), want);
        }
    }

    #[test]
    fn secrets_compare() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abc", b"abd"));
        assert!(!same_secret(b"abc", b"ab"));
        assert!(!same_secret(b"", b"a"));
    }
}
