//! Evidence files are published on the site's own origin, so only passive types are:
//! documents, images, archives and plain text from an allowlist, whose first bytes must
//! agree with the name. An `.html`, `.svg`, `.js` or `.xml` (or a page renamed
//! `photo.jpg`) would run script there, whatever the CSP says about pages.

use std::io::Read;
use std::path::{Component, Path};

use rayon::prelude::*;

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{Seg, SourceRecord, Sources};

/// The extensions evidence may have, as the help text lists them.
pub const ALLOWED: &str = "pdf, ofd, jpg/jpeg, png, webp, gif, doc/docx, xls/xlsx, wps, et, txt, zip/rar/7z";

/// What a file's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sniffed {
    Pdf,
    Jpeg,
    Png,
    Webp,
    Gif,
    /// Word/Excel/WPS 97–2003 (OLE compound file).
    Ole,
    /// Office Open XML, OFD and plain ZIP archives.
    Zip,
    Rar,
    SevenZip,
    Rtf,
    /// Markup: HTML, SVG, XML.
    Markup,
    /// Text without NUL bytes that is not markup.
    Text,
    Other,
}

impl Sniffed {
    /// The format's usual name, the same in every language (`PDF`, `PNG`, `HTML/SVG/XML`).
    fn name(self) -> &'static str {
        match self {
            Sniffed::Pdf => "PDF",
            Sniffed::Jpeg => "JPEG",
            Sniffed::Png => "PNG",
            Sniffed::Webp => "WebP",
            Sniffed::Gif => "GIF",
            Sniffed::Ole => "Office 97–2003/WPS",
            Sniffed::Zip => "ZIP (docx/xlsx/ofd/zip)",
            Sniffed::Rar => "RAR",
            Sniffed::SevenZip => "7z",
            Sniffed::Rtf => "RTF",
            Sniffed::Markup => "HTML/SVG/XML",
            Sniffed::Text => "TXT",
            Sniffed::Other => "?",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Sniffed::Pdf => "a PDF",
            Sniffed::Jpeg => "a JPEG image",
            Sniffed::Png => "a PNG image",
            Sniffed::Webp => "a WebP image",
            Sniffed::Gif => "a GIF image",
            Sniffed::Ole => "an Office 97–2003 or WPS document",
            Sniffed::Zip => "a ZIP container (docx/xlsx/ofd/zip)",
            Sniffed::Rar => "a RAR archive",
            Sniffed::SevenZip => "a 7z archive",
            Sniffed::Rtf => "an RTF document",
            Sniffed::Markup => "an HTML, SVG or XML document, which can run script",
            Sniffed::Text => "plain text",
            Sniffed::Other => "an unknown binary format",
        }
    }
}

fn sniff(head: &[u8]) -> Sniffed {
    let starts = |magic: &[u8]| head.starts_with(magic);
    if head.windows(5).take(1024).any(|w| w == b"%PDF-") {
        Sniffed::Pdf
    } else if starts(b"\xFF\xD8\xFF") {
        Sniffed::Jpeg
    } else if starts(b"\x89PNG\r\n\x1A\n") {
        Sniffed::Png
    } else if starts(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
        Sniffed::Webp
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        Sniffed::Gif
    } else if starts(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        Sniffed::Ole
    } else if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
        Sniffed::Zip
    } else if starts(b"Rar!\x1A\x07") {
        Sniffed::Rar
    } else if starts(b"7z\xBC\xAF\x27\x1C") {
        Sniffed::SevenZip
    } else if starts(b"{\\rtf") {
        Sniffed::Rtf
    } else if head.contains(&0) {
        Sniffed::Other
    } else {
        // Text: markup if its first non-blank character (after a BOM) opens a tag.
        let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        match body.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'<') => Sniffed::Markup,
            _ => Sniffed::Text,
        }
    }
}

/// The contents an extension accepts, or `None` when the extension is not allowed.
fn accepted(extension: &str) -> Option<&'static [Sniffed]> {
    use Sniffed::*;
    Some(match extension {
        "pdf" => &[Pdf],
        "ofd" | "docx" | "xlsx" | "zip" => &[Zip],
        "jpg" | "jpeg" => &[Jpeg],
        "png" => &[Png],
        "webp" => &[Webp],
        "gif" => &[Gif],
        // Word saves RTF under .doc; WPS Office writes both its old and its ZIP form.
        "doc" => &[Ole, Rtf],
        "xls" => &[Ole],
        "wps" | "et" => &[Ole, Zip],
        "txt" => &[Text],
        "rar" => &[Rar],
        "7z" => &[SevenZip],
        _ => return None,
    })
}

/// The first bytes of a file, enough for every signature above.
fn head(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(8192);
    std::fs::File::open(path)?.take(8192).read_to_end(&mut buf)?;
    Ok(buf)
}

/// The type rules for one record's evidence files: the extension of every entry (a
/// missing `.html` is refused as well as reported missing by the record rules), the
/// first bytes of those that exist.
pub fn check_record(
    root: &Path,
    r: &SourceRecord,
    record_files: &std::collections::BTreeSet<std::path::PathBuf>,
) -> Vec<Diagnostic> {
    let folder = r.origin.file.parent().unwrap_or(Path::new(""));
    let mut out = Vec::new();
    for (i, e) in r.record.evidence.iter().enumerate() {
        let rel = folder.join(&e.file);
        let inside = Path::new(&e.file)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
        if !inside {
            continue;
        }
        let at = [Seg::Key("evidence"), Seg::Index(i), Seg::Key("file")];
        let extension = Path::new(&e.file)
            .extension()
            .map(|x| x.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let Some(kinds) = accepted(&extension) else {
            let shown = if extension.is_empty() {
                "no extension".to_string()
            } else {
                format!("the type .{extension}")
            };
            out.push(
                r.origin
                    .error(&at, format!("evidence file `{}` has {shown}, which is not published: only passive documents, images and archives are", e.file))
                    .code(Code::EvidenceType)
                    .arg("file", &e.file)
                    .arg("ext", &extension)
                    .arg("allowed", ALLOWED)
                    .with_help(format!("save it as PDF or an image (a web page: print it to PDF), or pack it in a zip; allowed types: {ALLOWED}")),
            );
            continue;
        };
        if !record_files.contains(&rel) {
            continue;
        }
        let bytes = match head(&root.join(&rel)) {
            Ok(b) => b,
            Err(err) => {
                out.push(
                    r.origin
                        .error(&at, format!("cannot read evidence file `{}`: {err}", e.file))
                        .code(Code::EvidenceUnreadable)
                        .arg("file", &e.file)
                        .arg("error", &err),
                );
                continue;
            }
        };
        if bytes.is_empty() {
            out.push(
                r.origin
                    .error(&at, format!("evidence file `{}` is empty", e.file))
                    .code(Code::EvidenceContent)
                    .arg("variant", "empty")
                    .arg("file", &e.file),
            );
            continue;
        }
        let found = sniff(&bytes);
        if !kinds.contains(&found) {
            out.push(
                r.origin
                    .error(
                        &at,
                        format!(
                            "evidence file `{}` is named .{extension} but its content is {}",
                            e.file,
                            found.describe()
                        ),
                    )
                    .code(Code::EvidenceContent)
                    .arg("file", &e.file)
                    .arg("ext", &extension)
                    .arg("found", found.name())
                    .arg("allowed", ALLOWED)
                    .with_help(format!(
                        "save the file in the format its name says, or give it the extension of what it is (allowed types: {ALLOWED})"
                    )),
            );
        }
    }
    out
}

/// The type rules for every record's evidence files.
pub fn check(sources: &Sources) -> Vec<Diagnostic> {
    sources
        .records
        .par_iter()
        .flat_map_iter(|r| check_record(&sources.root, r, &sources.record_files))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_recognised() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Sniffed::Pdf);
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0\0\x10JFIF"), Sniffed::Jpeg);
        assert_eq!(sniff(b"\x89PNG\r\n\x1A\n\0\0"), Sniffed::Png);
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Sniffed::Webp);
        assert_eq!(sniff(b"GIF89a"), Sniffed::Gif);
        assert_eq!(sniff(b"PK\x03\x04\x14\0"), Sniffed::Zip);
        assert_eq!(sniff(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0"), Sniffed::Ole);
        assert_eq!(sniff("现场照片说明\n".as_bytes()), Sniffed::Text);
        assert_eq!(
            sniff(b"\xEF\xBB\xBF  <html><script>alert(1)</script>"),
            Sniffed::Markup
        );
        assert_eq!(sniff(b"<svg onload=alert(1)>"), Sniffed::Markup);
        assert_eq!(sniff(b"\0\x01\x02"), Sniffed::Other);
    }

    #[test]
    fn active_types_are_not_allowed_and_passive_ones_are() {
        for ext in [
            "html", "htm", "svg", "js", "xml", "xhtml", "mjs", "swf", "exe", "",
        ] {
            assert!(accepted(ext).is_none(), "{ext}");
        }
        for ext in [
            "pdf", "ofd", "jpg", "jpeg", "png", "webp", "gif", "doc", "docx", "xls", "xlsx", "wps", "et",
            "txt", "zip", "rar", "7z",
        ] {
            assert!(accepted(ext).is_some(), "{ext}");
        }
    }
}
