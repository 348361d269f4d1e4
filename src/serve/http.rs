//! Small pieces of HTTP that the handlers share: answers, headers, form decoding, bodies with
//! a size limit, and the bearer-token check.

use std::io::{BufWriter, Read, Write};
use std::sync::mpsc;

use tiny_http::Request;

/// What a handler answers; the server adds the security headers.
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
    /// A body sent as it is produced (chunked), instead of `body`.
    pub stream: Option<Box<dyn Read + Send>>,
}

impl std::fmt::Debug for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Answer")
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field("body", &String::from_utf8_lossy(&self.body))
            .field("streamed", &self.stream.is_some())
            .finish()
    }
}

/// A body that `produce` writes on its own thread while it is sent, so that a large export
/// is never held in memory. An error part-way ends the response without its last chunk: the
/// client sees it cut short, never a complete-looking answer.
pub fn produced(
    produce: impl FnOnce(&mut dyn Write) -> Result<(), String> + Send + 'static,
) -> std::io::Result<Box<dyn Read + Send>> {
    let (reader, writer) = std::io::pipe()?;
    let (done, result) = mpsc::channel();
    std::thread::Builder::new()
        .name("streamed answer".into())
        .spawn(move || {
            let mut w = BufWriter::with_capacity(1 << 16, writer);
            let r = produce(&mut w).and_then(|()| w.flush().map_err(|e| e.to_string()));
            // Closing the pipe first: the reader then sees its end and asks for the result.
            drop(w);
            let _ = done.send(r);
        })?;
    Ok(Box::new(Produced { reader, result }))
}

struct Produced {
    reader: std::io::PipeReader,
    result: mpsc::Receiver<Result<(), String>>,
}

impl Read for Produced {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.reader.read(buf)?;
        if n > 0 || buf.is_empty() {
            return Ok(n);
        }
        match self.result.recv() {
            Ok(Ok(())) => Ok(0),
            Ok(Err(e)) => Err(std::io::Error::other(e)),
            Err(_) => Err(std::io::Error::other("the answer's writer stopped")),
        }
    }
}

impl Answer {
    pub fn new(status: u16, content_type: impl Into<String>, body: impl Into<Vec<u8>>) -> Answer {
        Answer {
            status,
            content_type: content_type.into(),
            headers: Vec::new(),
            body: body.into(),
            stream: None,
        }
    }

    /// An answer whose body is sent as it is read from `stream`.
    pub fn streamed(status: u16, content_type: impl Into<String>, stream: Box<dyn Read + Send>) -> Answer {
        Answer {
            stream: Some(stream),
            ..Answer::new(status, content_type, Vec::new())
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
    fn produced_bodies_arrive_whole_or_fail() {
        let mut ok = String::new();
        produced(|w| w.write_all(b"abc").map_err(|e| e.to_string()))
            .unwrap()
            .read_to_string(&mut ok)
            .unwrap();
        assert_eq!(ok, "abc");
        let mut partial = Vec::new();
        let err = produced(|w| {
            w.write_all(&[b'x'; 100_000]).map_err(|e| e.to_string())?;
            Err("the store failed".to_string())
        })
        .unwrap()
        .read_to_end(&mut partial)
        .unwrap_err();
        assert!(err.to_string().contains("the store failed"));
    }

    #[test]
    fn secrets_compare() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abc", b"abd"));
        assert!(!same_secret(b"abc", b"ab"));
        assert!(!same_secret(b"", b"a"));
    }
}
