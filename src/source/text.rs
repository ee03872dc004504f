//! Bytes to text: accept a UTF-8 BOM and CRLF line endings; refuse other encodings with a
//! message that names the encoding found, rather than publish mojibake.

/// Why a file could not be read as UTF-8 text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodingError {
    /// What went wrong, for a caller without a language (the diagnostic of a site file
    /// is worded by the catalogue from `encoding`).
    pub message: String,
    /// 1-based line of the first bad byte.
    pub line: usize,
    /// The encoding found: `UTF-16`, or the best guess (`GB18030/GBK`, `windows-1252`…).
    pub encoding: String,
}

/// Decodes a source file: UTF-8 (with or without BOM), CRLF or LF. Line numbers are
/// kept: only the `\r` of each `\r\n` is dropped.
pub fn decode(bytes: &[u8]) -> Result<String, EncodingError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(EncodingError {
            message: "the file is encoded as UTF-16, not UTF-8".into(),
            line: 1,
            encoding: "UTF-16".into(),
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(normalize_newlines(text)),
        Err(e) => {
            let valid = e.valid_up_to();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            let guess = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
            let name = if guess == encoding_rs::GBK || guess == encoding_rs::GB18030 {
                "GB18030/GBK".to_string()
            } else {
                guess.name().to_string()
            };
            Err(EncodingError {
                message: format!("the file is not UTF-8; it looks like {name}"),
                line,
                encoding: name,
            })
        }
    }
}

fn normalize_newlines(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_crlf() {
        assert_eq!(decode(b"\xEF\xBB\xBFa: 1\r\nb: 2\r\n").unwrap(), "a: 1\nb: 2\n");
    }

    #[test]
    fn names_gbk() {
        let (gbk, _, _) = encoding_rs::GBK.encode("title: 石灰窑厂关闭整改情况的说明\n");
        let err = decode(&gbk).unwrap_err();
        assert!(err.message.contains("GB18030/GBK"), "{}", err.message);
        assert_eq!(err.line, 1);
    }

    #[test]
    fn refuses_utf16() {
        assert!(decode(b"\xFF\xFEa\0").unwrap_err().message.contains("UTF-16"));
    }
}
