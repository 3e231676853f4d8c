//! Campaigns: identical submissions counted honestly.
//!
//! Organized campaigns send the same text hundreds of times. Nothing of that is dropped or
//! hidden; instead each comment carries the fingerprint of its normalized text, comments of one
//! round with the same fingerprint form a text group, and a group of two or more is a campaign.
//! Listings can collapse a group to its first comment with the group's size, and the
//! statistics report how many distinct texts a round received and how large its campaigns are.
//!
//! Normalization ignores what a copy-paste campaign varies without meaning to: letter case
//! (full Unicode case folding, after NFKC so that full-width and compatibility forms match),
//! punctuation and symbols, and whitespace. Letters, digits and combining marks are kept, so
//! texts in any script compare by their words.
//!
//! Confidential comments are never compared: telling the public that a confidential comment
//! has the same text as a public one would reveal it.

use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The smallest text group that is reported as a campaign.
pub const CAMPAIGN_SIZE: i64 = 2;

/// The text as campaigns compare it: NFKC, lower case, punctuation and symbols dropped,
/// whitespace runs collapsed to one space, no space at either end.
pub fn normalize(text: &str) -> String {
    let mut normalized = String::with_capacity(text.len());
    let mut pending_space = false;
    for character in text.nfkc().flat_map(char::to_lowercase) {
        if character.is_alphanumeric() || is_combining_mark(character) {
            if pending_space && !normalized.is_empty() {
                normalized.push(' ');
            }
            pending_space = false;
            normalized.push(character);
        } else if character.is_whitespace() {
            pending_space = true;
        }
    }
    normalized
}

/// The fingerprint stored with a comment: the first 128 bits of the SHA-256 of the normalized
/// text, in hex; `None` for a confidential comment.
pub fn fingerprint(body: &str, confidential: bool) -> Option<String> {
    if confidential {
        return None;
    }
    let digest = Sha256::digest(normalize(body).as_bytes());
    Some(digest[..16].iter().map(|byte| format!("{byte:02x}")).collect())
}

/// How the text figures of a round change when one of its groups goes from `before` to `after`
/// published comments.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextChange {
    /// Distinct texts.
    pub unique: i64,
    /// Groups of at least [`CAMPAIGN_SIZE`].
    pub campaigns: i64,
    /// Comments in those groups.
    pub in_campaigns: i64,
}

impl TextChange {
    pub fn of_group(before: i64, after: i64) -> Self {
        let present = |size: i64| i64::from(size > 0);
        let campaign = |size: i64| i64::from(size >= CAMPAIGN_SIZE);
        Self {
            unique: present(after) - present(before),
            campaigns: campaign(after) - campaign(before),
            in_campaigns: campaign(after) * after - campaign(before) * before,
        }
    }

    /// A comment that is a text of its own (confidential, or stored before grouping existed),
    /// counted `delta` times.
    pub fn single(delta: i64) -> Self {
        Self { unique: delta, campaigns: 0, in_campaigns: 0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_punctuation_and_whitespace_do_not_matter() {
        let original = "We OPPOSE section 3: it harms  small businesses!";
        let copies = [
            "we oppose section 3 it harms small businesses",
            "  We oppose Section 3 — it harms small businesses.  ",
            "We oppose\nsection 3; it harms\tsmall businesses!!!",
            "ＷＥ ＯＰＰＯＳＥ section ３: it harms small businesses",
        ];
        for copy in copies {
            assert_eq!(fingerprint(copy, false), fingerprint(original, false), "{copy}");
        }
        assert_ne!(fingerprint("We support section 3", false), fingerprint(original, false));
    }

    #[test]
    fn words_in_other_scripts_are_kept() {
        assert_eq!(normalize("نحن نعارض، المادة ٣!"), "نحن نعارض المادة ٣");
        assert_eq!(normalize("我们反对第三条。"), "我们反对第三条");
        assert_eq!(normalize("Мы ПРОТИВ статьи 3."), "мы против статьи 3");
        assert_eq!(normalize("e\u{301}te\u{301}"), normalize("été"));
    }

    #[test]
    fn confidential_comments_have_no_fingerprint() {
        assert_eq!(fingerprint("anything", true), None);
        assert_eq!(fingerprint("anything", false).map(|hex| hex.len()), Some(32));
    }

    #[test]
    fn group_transitions() {
        assert_eq!(TextChange::of_group(0, 1), TextChange { unique: 1, campaigns: 0, in_campaigns: 0 });
        assert_eq!(TextChange::of_group(1, 2), TextChange { unique: 0, campaigns: 1, in_campaigns: 2 });
        assert_eq!(TextChange::of_group(2, 3), TextChange { unique: 0, campaigns: 0, in_campaigns: 1 });
        assert_eq!(TextChange::of_group(2, 1), TextChange { unique: 0, campaigns: -1, in_campaigns: -2 });
        assert_eq!(TextChange::of_group(1, 0), TextChange { unique: -1, campaigns: 0, in_campaigns: 0 });
        assert_eq!(TextChange::of_group(0, 5), TextChange { unique: 1, campaigns: 1, in_campaigns: 5 });
        assert_eq!(TextChange::of_group(3, 0), TextChange { unique: -1, campaigns: -1, in_campaigns: -3 });
    }
}
