//! Lesson Markdown to HTML that is safe to send to a browser as it is.
//!
//! Markdown may carry raw HTML, and course files come from contributors and translators, so the
//! rendered HTML goes through an allow-list sanitizer: scripts, styles, event handlers and
//! `javascript:` links are removed, and links get `rel="noopener noreferrer"`.

use pulldown_cmark::{Options, Parser, html};

/// CommonMark with tables and strikethrough, sanitized.
pub(super) fn render(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let mut unsafe_html = String::with_capacity(markdown.len() * 5 / 4);
    html::push_html(&mut unsafe_html, parser);
    ammonia::clean(&unsafe_html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html() {
        let html =
            render("## Key takeaway\n\nRisk is *likelihood* and **severity**.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(html.contains("<h2>Key takeaway</h2>"), "{html}");
        assert!(html.contains("<em>likelihood</em>"), "{html}");
        assert!(html.contains("<td>2</td>"), "{html}");
    }

    #[test]
    fn scripts_and_event_handlers_do_not_survive() {
        let html = render(
            "Hello <script>alert('x')</script>\n\n<img src=\"a.png\" onerror=\"alert(1)\">\n\n\
             [link](javascript:alert(1)) <a href=\"https://example.org\" onclick=\"steal()\">site</a>",
        );
        for forbidden in ["<script", "alert('x')", "onerror", "onclick", "javascript:"] {
            assert!(!html.contains(forbidden), "{forbidden} survived in {html}");
        }
        assert!(html.contains("<a href=\"https://example.org\" rel=\"noopener noreferrer\">site</a>"), "{html}");
    }
}
