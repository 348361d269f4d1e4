//! Talking to other triplestores over HTTP: SPARQL 1.1 Graph Store Protocol to send an
//! article's graph (PUT replaces it, so sending twice changes nothing), and the SPARQL 1.1
//! Protocol to query a remote endpoint. Nothing else in newskg uses the network.
//!
//! Credentials come from the environment, never from the command line, and are never
//! printed: `NEWSKG_ENDPOINT_TOKEN` (a bearer token) or `NEWSKG_ENDPOINT_USER` with
//! `NEWSKG_ENDPOINT_PASSWORD` (HTTP basic authentication).

use std::io::Read;
use std::time::Duration;

use oxigraph::model::{NamedNode, Quad, Triple};

use crate::error::QueryError;

/// A remote endpoint and how to authenticate to it.
pub struct Endpoint {
    url: String,
    authorization: Option<String>,
    agent: ureq::Agent,
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

impl Endpoint {
    /// An endpoint at `url`, with credentials from the environment.
    pub fn new(url: &str, timeout: Duration) -> Result<Self, QueryError> {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(QueryError::Network {
                endpoint: url.to_string(),
                message: "the endpoint must be an http:// or https:// URL".into(),
            });
        }
        let authorization = match (
            std::env::var("NEWSKG_ENDPOINT_TOKEN").ok(),
            std::env::var("NEWSKG_ENDPOINT_USER").ok(),
        ) {
            (Some(token), _) if !token.is_empty() => Some(format!("Bearer {token}")),
            (_, Some(user)) if !user.is_empty() => {
                let password = std::env::var("NEWSKG_ENDPOINT_PASSWORD").unwrap_or_default();
                Some(format!(
                    "Basic {}",
                    base64(format!("{user}:{password}").as_bytes())
                ))
            }
            _ => None,
        };
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .build();
        Ok(Endpoint {
            url: url.to_string(),
            authorization,
            agent: ureq::Agent::new_with_config(config),
        })
    }

    fn network(&self, e: impl std::fmt::Display) -> QueryError {
        QueryError::Network {
            endpoint: self.url.clone(),
            message: e.to_string(),
        }
    }

    fn failed(&self, status: u16, body: &str) -> QueryError {
        // Servers answer errors in HTML; keep the text, short.
        let text: String = body
            .replace(['<', '>'], " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .take(300)
            .collect();
        QueryError::Remote {
            endpoint: self.url.clone(),
            status,
            body: text,
        }
    }

    /// Replaces the named graph `graph` on a Graph Store Protocol endpoint with `quads`
    /// (their graph names are dropped). Returns the HTTP status.
    pub fn put_graph(&self, graph: &NamedNode, quads: &[Quad]) -> Result<u16, QueryError> {
        let mut body = Vec::new();
        for q in quads {
            let t: Triple = q.clone().into();
            body.extend_from_slice(t.to_string().as_bytes());
            body.extend_from_slice(b" .\n");
        }
        let mut request = self
            .agent
            .put(&self.url)
            .query("graph", graph.as_str())
            .header("Content-Type", "application/n-triples");
        if let Some(a) = &self.authorization {
            request = request.header("Authorization", a);
        }
        let mut response = request.send(&body[..]).map_err(|e| self.network(e))?;
        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            let text = response.body_mut().read_to_string().unwrap_or_default();
            return Err(self.failed(status, &text));
        }
        Ok(status)
    }

    /// Runs a query on a SPARQL Protocol endpoint, asking for `accept`, and returns the
    /// response body as a reader.
    pub fn query(&self, sparql: &str, accept: &str) -> Result<impl Read + use<>, QueryError> {
        let mut request = self
            .agent
            .get(&self.url)
            .query("query", sparql)
            .header("Accept", accept);
        if let Some(a) = &self.authorization {
            request = request.header("Authorization", a);
        }
        let mut response = request.call().map_err(|e| self.network(e))?;
        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            let text = response.body_mut().read_to_string().unwrap_or_default();
            return Err(self.failed(status, &text));
        }
        Ok(response.into_body().into_reader())
    }
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_of_rfc_4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, want) in cases {
            assert_eq!(base64(input.as_bytes()), want);
        }
    }
}
