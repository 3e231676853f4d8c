//! Certificate codes: what a holder puts on a CV and a reader types into the verification page
//! (`CERT-7K3M-9QX2-HB4T`). Crockford base32 like the consultations' tracking numbers, so no
//! two characters can be misread for one another, and readers may type any case, spaces or
//! dashes, and O, I or L for 0, 1 and 1.

use crate::readable_code::ReadableCode;

/// Certificate codes: `CERT-` and twelve characters; spaces and dashes may be typed between them.
const CERTIFICATE_CODES: ReadableCode = ReadableCode::new("CERT", |c| c.is_whitespace() || c == '-');

/// A new random certificate code.
pub fn new_certificate_code() -> String {
    CERTIFICATE_CODES.generate()
}

/// A certificate code as a person typed it, in its one written form; `None` if it cannot be one.
pub fn normalize_code(input: &str) -> Option<String> {
    CERTIFICATE_CODES.normalize(input)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::readable_code::ALPHABET;

    #[test]
    fn codes_are_grouped_crockford_base32() {
        let code = new_certificate_code();
        assert_eq!(code.len(), "CERT-XXXX-XXXX-XXXX".len(), "{code}");
        let groups: Vec<&str> = code.split('-').collect();
        assert_eq!(groups[0], "CERT");
        assert_eq!(groups[1..].iter().map(|group| group.len()).collect::<Vec<_>>(), [4, 4, 4], "{code}");
        assert!(groups[1..].concat().bytes().all(|byte| ALPHABET.contains(&byte)), "{code}");

        let many: HashSet<String> = (0..1000).map(|_| new_certificate_code()).collect();
        assert_eq!(many.len(), 1000);
    }

    #[test]
    fn a_code_survives_retyping() {
        let code = new_certificate_code();
        assert_eq!(normalize_code(&code), Some(code.clone()));
        assert_eq!(normalize_code(&code.to_lowercase().replace('-', " ")), Some(code.clone()));
        assert_eq!(normalize_code(&format!("  {}\n", code.replace('-', ""))), Some(code.clone()));
        assert_eq!(normalize_code("cert-0o00-1il1-zzzz"), Some("CERT-0000-1111-ZZZZ".to_owned()));
        assert_eq!(normalize_code("CERT-CERT-0000-0000"), Some("CERT-CERT-0000-0000".to_owned()));
    }

    #[test]
    fn what_cannot_be_a_code_is_refused() {
        for wrong in [
            "",
            "CERT",
            "CERT-0000-0000",
            "0000-0000-0000",
            "CERT-0000-0000-00000",
            "CERT-UUUU-0000-0000",
            "AGR-7K3M-9QX2-HB4T",
        ] {
            assert_eq!(normalize_code(wrong), None, "{wrong}");
        }
        assert_eq!(normalize_code("CERT-0000-0000-000é"), None);
        assert_eq!(normalize_code("CERT_0000_0000_0000"), None);
    }
}
