//! The web app's files, embedded in the binary at build time from `web/` (nothing is fetched
//! at run time): four pages and a home page, their scripts and style sheet, and the vendored
//! cytoscape.js with its licence (`web/vendor/README` says where it comes from).

const HTML: &str = "text/html; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const TEXT: &str = "text/plain; charset=utf-8";
const SVG: &str = "image/svg+xml";

/// Pages by path.
const PAGES: &[(&str, &[u8])] = &[
    ("/", include_bytes!("../../web/index.html")),
    ("/query", include_bytes!("../../web/query.html")),
    ("/entity", include_bytes!("../../web/entity.html")),
    ("/article", include_bytes!("../../web/article.html")),
    ("/graph", include_bytes!("../../web/graph.html")),
];

/// Files under `/static/`, by name.
const STATIC: &[(&str, &str, &[u8])] = &[
    ("app.css", CSS, include_bytes!("../../web/app.css")),
    ("favicon.svg", SVG, include_bytes!("../../web/favicon.svg")),
    ("common.js", JS, include_bytes!("../../web/common.js")),
    ("home.js", JS, include_bytes!("../../web/home.js")),
    ("query.js", JS, include_bytes!("../../web/query.js")),
    ("entity.js", JS, include_bytes!("../../web/entity.js")),
    ("article.js", JS, include_bytes!("../../web/article.js")),
    ("graph.js", JS, include_bytes!("../../web/graph.js")),
    (
        "vendor/cytoscape.min.js",
        JS,
        include_bytes!("../../web/vendor/cytoscape.min.js"),
    ),
    (
        "vendor/cytoscape.LICENSE",
        TEXT,
        include_bytes!("../../web/vendor/cytoscape.LICENSE"),
    ),
    ("vendor/README", TEXT, include_bytes!("../../web/vendor/README")),
];

/// The content type and bytes of a page or static file, by request path ("/", "/entity",
/// "/static/app.js", ...; without the query string); `None` when there is no such file.
pub fn get(path: &str) -> Option<(&'static str, &'static [u8])> {
    let path = if path.len() > 1 {
        path.trim_end_matches('/')
    } else {
        path
    };
    if let Some(name) = path.strip_prefix("/static/") {
        return STATIC
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, t, b)| (*t, *b));
    }
    let path = if path == "/index.html" { "/" } else { path };
    PAGES.iter().find(|(p, _)| *p == path).map(|(_, b)| (HTML, *b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_give_their_files() {
        let table: [(&str, Option<&str>); 10] = [
            ("/", Some(HTML)),
            ("/index.html", Some(HTML)),
            ("/entity", Some(HTML)),
            ("/graph/", Some(HTML)),
            ("/static/app.css", Some(CSS)),
            ("/static/vendor/cytoscape.min.js", Some(JS)),
            ("/static/../Cargo.toml", None),
            ("/static/", None),
            ("/nothing", None),
            ("", None),
        ];
        for (path, want) in table {
            assert_eq!(get(path).map(|(t, _)| t), want, "{path}");
        }
    }

    /// The server's CSP forbids inline scripts and styles: every page loads files only, and
    /// every file a page names is embedded.
    #[test]
    fn pages_have_no_inline_script_or_style_and_their_files_exist() {
        for (path, bytes) in PAGES {
            let html = std::str::from_utf8(bytes).expect("pages are UTF-8");
            assert!(!html.contains("<style"), "{path} has a <style> element");
            assert!(!html.contains(" style="), "{path} has a style attribute");
            assert!(
                !html
                    .split_whitespace()
                    .any(|w| w.starts_with("on") && w.contains('=')),
                "{path} has an inline event handler"
            );
            for part in html.split("<script").skip(1) {
                let tag = &part[..part.find('>').expect("a closed tag")];
                let src = tag
                    .split("src=\"")
                    .nth(1)
                    .and_then(|s| s.split('"').next())
                    .unwrap_or_else(|| panic!("{path}: an inline script"));
                assert!(
                    part[part.find('>').unwrap() + 1..].starts_with("</script>"),
                    "{path}: script with a body"
                );
                assert!(get(src).is_some(), "{path} loads {src}, which is not embedded");
            }
            for href in html.split("href=\"").skip(1).filter_map(|s| s.split('"').next()) {
                assert!(get(href).is_some(), "{path} links {href}, which is not embedded");
            }
        }
    }

    /// The scripts insert data as text: no `innerHTML`, `outerHTML`, `insertAdjacentHTML`,
    /// `document.write` or `eval` in the app's own code.
    #[test]
    fn scripts_use_no_html_sinks() {
        for (name, _, bytes) in STATIC
            .iter()
            .filter(|(n, _, _)| n.ends_with(".js") && !n.starts_with("vendor/"))
        {
            let js = std::str::from_utf8(bytes).expect("UTF-8");
            for sink in [
                "innerHTML",
                "outerHTML",
                "insertAdjacentHTML",
                "document.write",
                "eval(",
                "new Function",
            ] {
                assert!(!js.contains(sink), "{name} uses {sink}");
            }
        }
    }
}
