//! Names people choose (an organization's, their own) shown in an email without becoming links.
//!
//! Escaping HTML is not enough: mail clients turn text that looks like an address into a link
//! by themselves (`https://…`, `www.…`, `example.org`, `name@example.org`), in the plain-text part
//! and often in the HTML part. An invitation reaches people who never used the platform, so a
//! name such as "Visit https://evil.example" would hand its author a clickable link in a message
//! sent under the platform's name. Such words are written the way security advisories write
//! addresses that must not be followed: `https[:]//evil[.]example`. A person still reads (and
//! can copy) them, no client links them, and nothing invisible is involved: zero-width
//! characters are dropped by some clients, which then link the address anyway, and they trip
//! up screen readers and search. Words that do not look like an address stay as they are.

/// The full stops a host name may be written with (ASCII, and the ideographic and full-width
/// forms that browsers read as dots in internationalized names).
const DOTS: [char; 4] = ['.', '\u{3002}', '\u{FF0E}', '\u{FF61}'];

/// `text` with every `://` written `[:]//` and every dot between two host-name labels written
/// `[.]`; a dot counts when a letter or digit precedes it and a label of at least two
/// characters starting with a letter follows (so "U.N.", "e.g." and "3.5" are left alone).
pub fn defang(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut defanged = String::with_capacity(text.len() + 8);
    let mut index = 0;
    while let Some(&character) = chars.get(index) {
        if chars[index..].starts_with(&[':', '/', '/']) {
            defanged.push_str("[:]//");
            index += 3;
            continue;
        }
        let between_labels = index > 0 && chars[index - 1].is_alphanumeric() && starts_label(&chars[index + 1..]);
        if DOTS.contains(&character) && between_labels {
            defanged.push('[');
            defanged.push(character);
            defanged.push(']');
        } else {
            defanged.push(character);
        }
        index += 1;
    }
    defanged
}

/// Whether `rest` begins like a host-name label that could end an address (a top-level domain
/// or the next part of a name): a letter, then another letter, digit or hyphen.
fn starts_label(rest: &[char]) -> bool {
    rest.first().is_some_and(|first| first.is_alphabetic())
        && rest.get(1).is_some_and(|second| second.is_alphanumeric() || *second == '-')
}

#[cfg(test)]
mod tests {
    use super::defang;

    #[test]
    fn addresses_stop_looking_like_addresses() {
        assert_eq!(defang("Visit https://evil.example"), "Visit https[:]//evil[.]example");
        assert_eq!(defang("www.evil.example/login"), "www[.]evil[.]example/login");
        assert_eq!(defang("write to help@evil.example!"), "write to help@evil[.]example!");
        assert_eq!(defang("Change.org Foundation"), "Change[.]org Foundation");
        assert_eq!(defang("пример.рф"), "пример[.]рф");
        assert_eq!(defang("例子。中国"), "例子[。]中国");
    }

    #[test]
    fn ordinary_names_are_unchanged() {
        for name in ["Ministry of ICT", "U.N. Office at Geneva", "e.g. this", "Version 3.5", "Dr. Amina Yusuf", "…"] {
            assert_eq!(defang(name), name);
        }
    }
}
