//! Certificate codes: what a holder puts on a CV and a reader types into the verification page
//! (`CERT-7K3M-9QX2-HB4T`). Crockford base32 like the consultations' tracking numbers, so no
//! two characters can be misread for one another, and readers may type any case, spaces or
//! dashes, and O, I or L for 0, 1 and 1.

use rand::Rng;

/// Crockford's base32 alphabet: digits and letters that cannot be misread for one another.
/// (The same as `consultations::receipts`, which keeps its copy private.)
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Random characters in a code: 60 bits, so that a collision stays unlikely among millions of
/// certificates (the database's unique index catches the rest, and the caller draws again).
const RANDOM_CHARACTERS: usize = 12;
const GROUP: usize = 4;
const PREFIX: &str = "CERT";

/// A new random certificate code.
pub fn new_certificate_code() -> String {
    let mut rng = rand::rng();
    let random: String =
        (0..RANDOM_CHARACTERS).map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())])).collect();
    formatted(&random)
}

/// A certificate code as a person typed it, in its one written form; `None` if it cannot be one.
/// The prefix is required: without it, a code missing a group would read as another code.
pub fn normalize_code(input: &str) -> Option<String> {
    let compact: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    let random = compact.strip_prefix(PREFIX)?;
    (random.len() == RANDOM_CHARACTERS && random.bytes().all(|byte| ALPHABET.contains(&byte)))
        .then(|| formatted(random))
}

/// `CERT-XXXX-XXXX-XXXX` from the twelve random characters.
fn formatted(random: &str) -> String {
    let mut code = String::from(PREFIX);
    for (index, character) in random.chars().enumerate() {
        if index % GROUP == 0 {
            code.push('-');
        }
        code.push(character);
    }
    code
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

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
