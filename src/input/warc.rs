//! WARC archives (ISO 28500; Common Crawl, CC-NEWS, Heritrix, wget), plain or gzipped:
//! one article per HTML response record, streamed record by record so that an archive of any
//! size never sits in memory (a record's HTML is held up to [`MAX_BODY`] bytes; other
//! bodies are read past, never kept).
//!
//! Request, metadata, warcinfo and revisit records, non-HTML responses and error statuses are
//! skipped and counted; the counts are said once at the end of the archive. A corrupt or
//! truncated record is reported with its byte offset (the offset of its gzip member in a
//! `.warc.gz`, as in CDX indexes) and the reader moves on to the next record: the next gzip
//! member, or the next `WARC/1.x` line of a plain archive.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use flate2::bufread::GzDecoder;

use super::{Body, Raw, ReadOptions};
use crate::document::Metadata;
use crate::error::InputError;

/// Largest HTML payload read; larger pages are skipped and counted.
pub const MAX_BODY: u64 = 8 << 20;
/// Largest header block of a record or of an HTTP response.
const MAX_HEADER: u64 = 64 << 10;

/// A buffered file reader that knows the offset of every byte it hands out and can look
/// ahead a few bytes across its buffer's end.
struct Input {
    file: File,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    /// File offset of `buf[start]`.
    pos: u64,
}

impl Input {
    fn new(file: File) -> Self {
        Input {
            file,
            buf: vec![0; 64 << 10],
            start: 0,
            end: 0,
            pos: 0,
        }
    }

    /// At least `n` bytes ahead, fewer only at the end of the file.
    fn peek(&mut self, n: usize) -> io::Result<&[u8]> {
        if self.end - self.start < n {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
            while self.end < n {
                let got = self.file.read(&mut self.buf[self.end..])?;
                if got == 0 {
                    break;
                }
                self.end += got;
            }
        }
        Ok(&self.buf[self.start..self.end])
    }
}

impl Read for Input {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(out.len());
        out[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Input {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.start == self.end {
            self.start = 0;
            self.end = self.file.read(&mut self.buf)?;
        }
        Ok(&self.buf[self.start..self.end])
    }

    fn consume(&mut self, n: usize) {
        let n = n.min(self.end - self.start);
        self.start += n;
        self.pos += n as u64;
    }
}

/// Where the reader is: between gzip members (or in a plain archive), or inside a member.
enum State {
    Plain(Input),
    Between(Input),
    Member {
        start: u64,
        // Boxed: the decoder's state is large, the other states small.
        reader: Box<BufReader<GzDecoder<Input>>>,
    },
    Done,
}

pub fn read(path: &Path, opts: &ReadOptions) -> Box<dyn Iterator<Item = Result<Raw, InputError>>> {
    let name = path.display().to_string();
    let file = match File::open(path) {
        Ok(f) => f,
        Err(source) => {
            return Box::new(std::iter::once(Err(InputError::Read {
                path: path.to_path_buf(),
                source,
            })));
        }
    };
    let mut input = Input::new(file);
    let gz = match input.peek(2) {
        Ok(b) => b.starts_with(&[0x1f, 0x8b]),
        Err(source) => {
            return Box::new(std::iter::once(Err(InputError::Read {
                path: path.to_path_buf(),
                source,
            })));
        }
    };
    Box::new(Warc {
        name,
        state: if gz {
            State::Between(input)
        } else {
            State::Plain(input)
        },
        opts: opts.clone(),
        skipped: BTreeMap::new(),
        articles: 0,
        records: 0,
        resyncing: false,
    })
}

struct Warc {
    name: String,
    state: State,
    opts: ReadOptions,
    /// Records that are not articles, by what they are.
    skipped: BTreeMap<String, usize>,
    articles: usize,
    records: usize,
    /// After a corrupt record, until a record header reads well: the places tried on the way
    /// to the next record (a gzip magic number inside compressed data) are not reported.
    resyncing: bool,
}

/// A record's header fields, names lower-cased.
#[derive(Debug, Default)]
struct Header {
    fields: Vec<(String, String)>,
}

impl Header {
    fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One line, at most `max` bytes, without its line end; `None` at the end of the input.
fn line(r: &mut impl BufRead, max: u64) -> io::Result<Option<Vec<u8>>> {
    let mut buf = Vec::new();
    let n = r.take(max).read_until(b'\n', &mut buf)?;
    if n == 0 {
        return Ok(None);
    }
    if buf.last() != Some(&b'\n') && n as u64 >= max {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "header line too long"));
    }
    while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        buf.pop();
    }
    Ok(Some(buf))
}

/// Why a record could not be read.
enum Bad {
    /// The input ended cleanly between records.
    End,
    Corrupt(String),
}

fn io_bad(e: io::Error) -> Bad {
    match e.kind() {
        io::ErrorKind::UnexpectedEof => Bad::Corrupt("truncated: the data ends inside the record".into()),
        _ => Bad::Corrupt(format!("unreadable data ({e})")),
    }
}

/// Reads the version line and the header fields of the next record.
fn read_header(r: &mut impl BufRead) -> Result<Header, Bad> {
    // Blank lines may separate records.
    let version = loop {
        match line(r, MAX_HEADER).map_err(io_bad)? {
            None => return Err(Bad::End),
            Some(l) if l.is_empty() => continue,
            Some(l) => break l,
        }
    };
    if !version.starts_with(b"WARC/") {
        let shown: String = String::from_utf8_lossy(&version[..version.len().min(40)]).into_owned();
        return Err(Bad::Corrupt(format!("expected a WARC/1.x line, found {shown:?}")));
    }
    let mut h = Header::default();
    let mut size = 0u64;
    loop {
        let l = line(r, MAX_HEADER)
            .map_err(io_bad)?
            .ok_or_else(|| Bad::Corrupt("truncated: the data ends inside the record's header".into()))?;
        if l.is_empty() {
            break;
        }
        size += l.len() as u64;
        if size > MAX_HEADER {
            return Err(Bad::Corrupt("record header larger than 64 KB".into()));
        }
        let l = String::from_utf8_lossy(&l).into_owned();
        if l.starts_with([' ', '\t']) {
            if let Some(last) = h.fields.last_mut() {
                last.1.push(' ');
                last.1.push_str(l.trim());
            }
            continue;
        }
        match l.split_once(':') {
            Some((n, v)) => h
                .fields
                .push((n.trim().to_ascii_lowercase(), v.trim().to_string())),
            None => {
                return Err(Bad::Corrupt(format!(
                    "header line without a colon: {:?}",
                    truncate(&l, 40)
                )));
            }
        }
    }
    Ok(h)
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// Reads a record's body (kept or read past) and the blank lines after it.
fn read_body(r: &mut impl BufRead, length: u64, keep: bool) -> Result<Option<Vec<u8>>, Bad> {
    let mut body = Vec::new();
    let got = if keep {
        r.take(length).read_to_end(&mut body).map_err(io_bad)? as u64
    } else {
        io::copy(&mut r.take(length), &mut io::sink()).map_err(io_bad)?
    };
    if got < length {
        return Err(Bad::Corrupt(format!(
            "truncated: Content-Length is {length} bytes, the data ends after {got}"
        )));
    }
    // The record ends with two CRLFs; a wrong Content-Length shows here.
    let mut end = [0u8; 4];
    let n = r.take(4).read(&mut end).map_err(io_bad)?;
    let mut n = n;
    while n < 4 {
        let more = r.take((4 - n) as u64).read(&mut end[n..]).map_err(io_bad)?;
        if more == 0 {
            break;
        }
        n += more;
    }
    let tail = &end[..n];
    if !(tail == b"\r\n\r\n" || tail.starts_with(b"\n\n") || tail.is_empty() || tail == b"\r\n") {
        return Err(Bad::Corrupt(
            "the record does not end where its Content-Length says (two blank lines expected)".into(),
        ));
    }
    Ok(keep.then_some(body))
}

/// What a record is, as far as articles go.
enum Kind {
    /// An HTTP response to parse.
    Http,
    Html,
    Text,
    /// Not an article, with the name it is counted under.
    Other(String),
}

fn kind(h: &Header) -> Kind {
    let wtype = h.get("warc-type").unwrap_or("unknown").to_ascii_lowercase();
    let ctype = h.get("content-type").unwrap_or("").to_ascii_lowercase();
    match wtype.as_str() {
        "response" if ctype.starts_with("application/http") => Kind::Http,
        "resource" | "conversion" if is_html_type(&ctype) => Kind::Html,
        "resource" | "conversion" if ctype.starts_with("text/plain") => Kind::Text,
        "response" | "resource" | "conversion" => Kind::Other(format!("{wtype} ({})", media(&ctype))),
        _ => Kind::Other(wtype),
    }
}

fn media(ctype: &str) -> String {
    let m = ctype.split(';').next().unwrap_or("").trim();
    if m.is_empty() {
        "no type".into()
    } else {
        m.to_string()
    }
}

fn is_html_type(ctype: &str) -> bool {
    let m = media(ctype);
    m == "text/html" || m == "application/xhtml+xml"
}

fn charset(ctype: &str) -> Option<String> {
    ctype.split(';').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("charset")).then(|| v.trim().trim_matches('"').to_string())
    })
}

/// An HTTP response's payload, if it is an HTML page: `Err` names what it is instead.
fn http_payload(body: &[u8]) -> Result<(Vec<u8>, Option<String>), String> {
    let mut r = body;
    let status = line(&mut r, MAX_HEADER).ok().flatten().unwrap_or_default();
    let status = String::from_utf8_lossy(&status).into_owned();
    let code: u16 = status
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    if !status.starts_with("HTTP/") {
        return Err("response (not HTTP)".into());
    }
    if !(200..300).contains(&code) {
        return Err(format!("response (HTTP status {code})"));
    }
    let (mut ctype, mut chunked, mut encoding) = (String::new(), false, String::new());
    while let Ok(Some(l)) = line(&mut r, MAX_HEADER) {
        if l.is_empty() {
            break;
        }
        let l = String::from_utf8_lossy(&l).into_owned();
        if let Some((n, v)) = l.split_once(':') {
            match n.trim().to_ascii_lowercase().as_str() {
                "content-type" => ctype = v.trim().to_ascii_lowercase(),
                "transfer-encoding" => chunked = v.to_ascii_lowercase().contains("chunked"),
                "content-encoding" => encoding = v.trim().to_ascii_lowercase(),
                _ => {}
            }
        }
    }
    if !ctype.is_empty() && !is_html_type(&ctype) {
        return Err(format!("response ({})", media(&ctype)));
    }
    let mut payload = if chunked { dechunk(r) } else { r.to_vec() };
    match encoding.as_str() {
        "" | "identity" => {}
        "gzip" | "x-gzip" | "deflate" => {
            let mut out = Vec::new();
            let limit = MAX_BODY;
            let res = if encoding == "deflate" {
                flate2::read::ZlibDecoder::new(&payload[..])
                    .take(limit + 1)
                    .read_to_end(&mut out)
            } else {
                flate2::read::MultiGzDecoder::new(&payload[..])
                    .take(limit + 1)
                    .read_to_end(&mut out)
            };
            if res.is_err() {
                return Err(format!("response (bad {encoding} content encoding)"));
            }
            if out.len() as u64 > limit {
                return Err("response (HTML larger than 8 MB)".into());
            }
            payload = out;
        }
        other => return Err(format!("response ({other} content encoding)")),
    }
    if ctype.is_empty() && !super::html::looks_like_html(&payload) {
        return Err("response (no content type, not HTML)".into());
    }
    Ok((payload, charset(&ctype)))
}

/// The payload of a chunked transfer encoding; what cannot be read as chunks is kept as is.
fn dechunk(mut r: &[u8]) -> Vec<u8> {
    let original = r;
    let mut out = Vec::with_capacity(r.len());
    loop {
        let Ok(Some(size_line)) = line(&mut r, 1024) else {
            return out;
        };
        let hex = String::from_utf8_lossy(&size_line);
        let Ok(size) = usize::from_str_radix(hex.split(';').next().unwrap_or("").trim(), 16) else {
            return if out.is_empty() { original.to_vec() } else { out };
        };
        if size == 0 || size > r.len() {
            out.extend_from_slice(&r[..size.min(r.len())]);
            return out;
        }
        out.extend_from_slice(&r[..size]);
        r = &r[size..];
        let _ = line(&mut r, 4);
    }
}

impl Warc {
    fn skip(&mut self, what: String) {
        *self.skipped.entry(what).or_default() += 1;
    }

    fn corrupt(&mut self, offset: u64, message: String) -> Option<Result<Raw, InputError>> {
        if std::mem::replace(&mut self.resyncing, true) {
            return None;
        }
        Some(Err(InputError::Record {
            name: self.name.clone(),
            offset,
            message,
        }))
    }

    /// The summary said once at the end of the archive, when records were skipped.
    fn summary(&mut self) -> Option<Result<Raw, InputError>> {
        if self.skipped.is_empty() {
            return None;
        }
        let total: usize = self.skipped.values().sum();
        let parts: Vec<String> = std::mem::take(&mut self.skipped)
            .into_iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        Some(Err(InputError::Note {
            name: self.name.clone(),
            message: format!(
                "{} records: {} articles read; {total} records skipped as not articles: {}",
                self.records,
                self.articles,
                parts.join(", ")
            ),
        }))
    }

    /// Turns a record into an article, or counts it as skipped.
    fn record(&mut self, offset: u64, h: &Header, body: Option<Vec<u8>>) -> Option<Raw> {
        let kind = kind(h);
        if let Kind::Other(what) = kind {
            self.skip(what);
            return None;
        }
        let body = body?;
        let (bytes, charset, text) = match kind {
            Kind::Http => match http_payload(&body) {
                Ok((bytes, charset)) => (bytes, charset, false),
                Err(what) => {
                    self.skip(what);
                    return None;
                }
            },
            Kind::Html => {
                let c = charset(h.get("content-type").unwrap_or(""));
                (body, c, false)
            }
            Kind::Text => (body, None, true),
            Kind::Other(what) => {
                self.skip(what);
                return None;
            }
        };
        let uri = h
            .get("warc-target-uri")
            .map(|u| u.trim_matches(['<', '>']).to_string());
        let source = format!("{}@{offset}", self.name);
        let name = match &uri {
            Some(u) => format!("{source} ({u})"),
            None => source.clone(),
        };
        let meta = Metadata {
            source: Some(source),
            crawled_url: uri.clone(),
            crawled_at: h.get("warc-date").map(str::to_string),
            ..Metadata::default()
        };
        let body = if text {
            match String::from_utf8(bytes) {
                Ok(t) => Body::Text(t),
                Err(e) => Body::Text(String::from_utf8_lossy(e.as_bytes()).into_owned()),
            }
        } else {
            Body::Html { bytes, charset }
        };
        self.articles += 1;
        Some(Raw {
            id: None,
            fallback_id: uri.or_else(|| h.get("warc-record-id").map(str::to_string)),
            default_published: self.opts.published,
            name,
            meta,
            body,
        })
    }

    /// Reads one record from `r` (a member's data or a plain archive).
    fn one(&mut self, r: &mut impl BufRead, offset: u64) -> Result<Option<Raw>, Bad> {
        let h = read_header(r)?;
        // A record header read well: back in step, so the next problem is reported.
        self.resyncing = false;
        self.records += 1;
        let length: u64 = h
            .get("content-length")
            .and_then(|l| l.parse().ok())
            .ok_or_else(|| Bad::Corrupt("no Content-Length".into()))?;
        let keep = !matches!(kind(&h), Kind::Other(_)) && length <= MAX_BODY;
        if !keep && !matches!(kind(&h), Kind::Other(_)) {
            self.skip("records larger than 8 MB".into());
        }
        let body = read_body(r, length, keep)?;
        Ok(self.record(offset, &h, body))
    }
}

/// Moves past bytes up to the next gzip member's magic number; false at the end.
fn seek_member(input: &mut Input) -> io::Result<bool> {
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok(false);
        }
        match buf.iter().position(|&b| b == 0x1f) {
            Some(i) => {
                input.consume(i);
                if input.peek(3)?.starts_with(&[0x1f, 0x8b, 0x08]) {
                    return Ok(true);
                }
                input.consume(1);
            }
            None => {
                let n = buf.len();
                input.consume(n);
            }
        }
    }
}

/// Moves past bytes up to the next line that starts with `WARC/`; false at the end.
fn seek_version(input: &mut Input) -> io::Result<bool> {
    loop {
        let Some(l) = line_peek(input)? else {
            return Ok(false);
        };
        if l {
            return Ok(true);
        }
    }
}

/// Whether the next line starts with `WARC/` (then left unread), else reads past it;
/// `None` at the end.
fn line_peek(input: &mut Input) -> io::Result<Option<bool>> {
    let head = input.peek(5)?;
    if head.is_empty() {
        return Ok(None);
    }
    if head.starts_with(b"WARC/") {
        return Ok(Some(true));
    }
    let mut sink = Vec::new();
    (&mut *input).take(MAX_HEADER).read_until(b'\n', &mut sink)?;
    Ok(Some(false))
}

impl Iterator for Warc {
    type Item = Result<Raw, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match std::mem::replace(&mut self.state, State::Done) {
                State::Done => return None,
                State::Plain(mut input) => {
                    let offset = input.pos;
                    match self.one(&mut input, offset) {
                        Ok(raw) => {
                            self.state = State::Plain(input);
                            if let Some(raw) = raw {
                                return Some(Ok(raw));
                            }
                        }
                        Err(Bad::End) => return self.summary(),
                        Err(Bad::Corrupt(m)) => {
                            let report = self.corrupt(offset, m);
                            if matches!(seek_version(&mut input), Ok(true)) {
                                self.state = State::Plain(input);
                            }
                            if report.is_some() {
                                return report;
                            }
                        }
                    }
                }
                State::Between(mut input) => {
                    let start = input.pos;
                    match input.peek(3) {
                        Ok([]) => return self.summary(),
                        Ok([0x1f, 0x8b, 0x08, ..]) => {
                            self.state = State::Member {
                                start,
                                reader: Box::new(BufReader::new(GzDecoder::new(input))),
                            };
                        }
                        Ok(_) => {
                            let report =
                                self.corrupt(start, "not gzip data where a record should start".into());
                            if matches!(seek_member(&mut input), Ok(true)) {
                                self.state = State::Between(input);
                            }
                            if report.is_some() {
                                return report;
                            }
                        }
                        Err(e) => {
                            return self.corrupt(start, format!("cannot read ({e})"));
                        }
                    }
                }
                State::Member { start, mut reader } => match self.one(&mut reader, start) {
                    Ok(raw) => {
                        self.state = State::Member { start, reader };
                        if let Some(raw) = raw {
                            return Some(Ok(raw));
                        }
                    }
                    Err(Bad::End) => {
                        self.state = State::Between((*reader).into_inner().into_inner());
                    }
                    Err(Bad::Corrupt(m)) => {
                        let report = self.corrupt(start, m);
                        let mut input = (*reader).into_inner().into_inner();
                        // Past the start of the bad member, to the next one.
                        if input.pos == start {
                            input.consume(1);
                        }
                        if matches!(seek_member(&mut input), Ok(true)) {
                            self.state = State::Between(input);
                        }
                        if report.is_some() {
                            return report;
                        }
                    }
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_responses() {
        let ok =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n\r\n<html>caf\xe9</html>";
        let (p, c) = http_payload(ok).unwrap();
        assert_eq!(p, b"<html>caf\xe9</html>");
        assert_eq!(c.as_deref(), Some("iso-8859-1"));
        assert_eq!(
            http_payload(b"HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\n").unwrap_err(),
            "response (HTTP status 301)"
        );
        assert_eq!(
            http_payload(b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8").unwrap_err(),
            "response (image/jpeg)"
        );
        let chunked = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<html\r\n1\r\n>\r\n0\r\n\r\n";
        assert_eq!(http_payload(chunked).unwrap().0, b"<html>");
    }
}
