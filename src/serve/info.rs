//! `DIR/server.json`: where a running server of a store listens and its write token, so that
//! the owner's `newskg` commands on that store go through the server. Only the owner can read
//! it (mode 0600). A stale file (server gone) names a process that no longer runs, or an
//! address that does not answer with that process id: callers check both.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::ServeError;

pub const FILE: &str = "server.json";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ServerInfo {
    /// `http://ADDR:PORT` without a trailing slash.
    pub url: String,
    pub pid: u32,
    /// The bearer token for `POST /ingest`.
    pub token: String,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ServeError + '_ {
    move |source| ServeError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A new write token: 32 bytes from the system's CSPRNG, in hex.
pub fn new_token() -> Result<String, ServeError> {
    let path = Path::new("/dev/urandom");
    let mut bytes = [0u8; 32];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut bytes))
        .map_err(io(path))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Writes the file, readable by its owner only, in one rename (never half-written).
pub fn write(dir: &Path, info: &ServerInfo) -> Result<PathBuf, ServeError> {
    use std::os::unix::fs::OpenOptionsExt;
    let path = dir.join(FILE);
    let tmp = dir.join(format!("{FILE}.{}", std::process::id()));
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)
        .map_err(io(&tmp))?;
    let text = serde_json::to_string_pretty(info).unwrap_or_default();
    f.write_all(text.as_bytes()).map_err(io(&tmp))?;
    f.sync_all().map_err(io(&tmp))?;
    std::fs::rename(&tmp, &path).map_err(io(&path))?;
    Ok(path)
}

/// The file's content, when there is one that can be read and parsed.
pub fn read(dir: &Path) -> Option<ServerInfo> {
    let text = std::fs::read_to_string(dir.join(FILE)).ok()?;
    serde_json::from_str(&text).ok()
}

/// Removes the file. Only the server holding the store's writer lock calls this, so the file
/// is its own; it is not read first, since a server stopping for lack of file descriptors
/// could not read it.
pub fn remove(dir: &Path) {
    let _ = std::fs::remove_file(dir.join(FILE));
}

/// Whether the process the file names still runs.
pub fn alive(info: &ServerInfo) -> bool {
    Path::new("/proc").join(info.pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_64_hex_digits_and_differ() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_eq!(a.len(), 64);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn the_file_is_private_and_round_trips() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let info = ServerInfo {
            url: "http://127.0.0.1:1".into(),
            pid: std::process::id(),
            token: "t".into(),
        };
        let path = write(dir.path(), &info).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(read(dir.path()), Some(info));
        remove(dir.path());
        assert!(!path.exists());
    }
}
