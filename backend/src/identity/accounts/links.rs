//! Links in account emails: `AGORA_PUBLIC_URL` (the frontend, or this server) + a path +
//! `?token=…`. Built as plain text: Fluent isolation marks must never end up inside a URL.

use url::Url;

/// `base/path?token=token`.
pub fn token_link(base: &Url, path: &str, token: &str) -> String {
    let mut link = base.join(path).unwrap_or_else(|_| base.clone());
    link.query_pairs_mut().clear().append_pair("token", token);
    link.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_the_base_path() {
        let base = Url::parse("https://agora.example.org/app/").expect("a URL");
        assert_eq!(
            token_link(&base, "verify-email", "abc_-1"),
            "https://agora.example.org/app/verify-email?token=abc_-1"
        );
    }
}
