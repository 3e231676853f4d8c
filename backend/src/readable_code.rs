//! Codes people read out and type back: a prefix and twelve random characters of Crockford's
//! base32 in groups of four, such as the tracking number of a comment (`AGR-7K3M-9QX2-HB4T`) and
//! the code of a certificate (`CERT-…`). The alphabet has no I, L, O or U, so no two characters
//! can be misread for one another, and a code typed back in any case, with O, I or L for 0, 1 and
//! 1, and with separators where the kind of code allows them, reads as the one code it is.

use rand::Rng;

/// Crockford's base32 alphabet: digits and letters that cannot be misread for one another.
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Random characters in a code: 60 bits, so that a collision stays unlikely among a billion
/// codes (the database's unique indexes catch the rest).
const RANDOM_CHARACTERS: usize = 12;
/// Characters between two dashes.
const GROUP: usize = 4;

/// One kind of code: its prefix, and which typed characters are separators that do not count.
pub struct ReadableCode {
    prefix: &'static str,
    is_separator: fn(char) -> bool,
}

impl ReadableCode {
    pub const fn new(prefix: &'static str, is_separator: fn(char) -> bool) -> Self {
        Self { prefix, is_separator }
    }

    /// A new random code, `PREFIX-XXXX-XXXX-XXXX`.
    pub fn generate(&self) -> String {
        let mut rng = rand::rng();
        let random: String =
            (0..RANDOM_CHARACTERS).map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())])).collect();
        self.formatted(&random)
    }

    /// A code as a person typed it, in its one written form; `None` if it cannot be one. The
    /// prefix is required: without it, a code missing a group would read as another code.
    pub fn normalize(&self, typed: &str) -> Option<String> {
        let compact: String = typed
            .chars()
            .filter(|c| !(self.is_separator)(*c))
            .map(|c| match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                other => other,
            })
            .collect();
        let random = compact.strip_prefix(self.prefix)?;
        (random.len() == RANDOM_CHARACTERS && random.bytes().all(|byte| ALPHABET.contains(&byte)))
            .then(|| self.formatted(random))
    }

    fn formatted(&self, random: &str) -> String {
        let mut code = String::from(self.prefix);
        for (index, character) in random.chars().enumerate() {
            if index % GROUP == 0 {
                code.push('-');
            }
            code.push(character);
        }
        code
    }
}
