//! Pre-compression: a `.gz` beside every text file (HTML, CSS, JS, JSON, XML, CSV, SVG),
//! made deterministically (no timestamp, no file name in the header), so nginx
//! `gzip_static` can serve it without spending CPU per request.

use std::io::Write;

use flate2::{Compression, GzBuilder};

/// Extensions worth compressing.
pub const COMPRESSIBLE: &[&str] = &["html", "css", "js", "json", "xml", "csv", "svg", "txt"];

/// True when `path` should get a `.gz` twin.
pub fn compressible(path: &str) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, ext)| COMPRESSIBLE.contains(&ext))
}

/// Gzip `bytes` at the best compression, with a fixed header.
pub fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = GzBuilder::new()
        .mtime(0)
        .write(Vec::with_capacity(bytes.len() / 3), Compression::best());
    encoder.write_all(bytes)?;
    encoder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_is_deterministic_and_round_trips() {
        let text = "整改进展 ".repeat(200);
        let a = gzip(text.as_bytes()).unwrap();
        assert_eq!(a, gzip(text.as_bytes()).unwrap());
        assert!(a.len() < text.len() / 5);
        let mut out = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&a[..]), &mut out).unwrap();
        assert_eq!(out, text);
        assert!(compressible("records/A/index.html") && !compressible("data/records.xlsx"));
    }
}
