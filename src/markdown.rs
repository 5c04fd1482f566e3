//! Markdown for threads and comments: CommonMark (pulldown-cmark) rendered to HTML, then
//! cleaned by ammonia so that nothing a member writes can run script or restyle the page.

use pulldown_cmark::{Options, Parser, html};

/// Renders member-written markdown to safe HTML.
pub fn to_safe_html(source: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    let parser = Parser::new_ext(source, options);
    let mut raw = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut raw, parser);
    ammonia::Builder::default()
        .link_rel(Some("nofollow noopener noreferrer"))
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .clean(&raw)
        .to_string()
}

/// The `@name` mentions in a text (letters, digits, `.`, `_`, `-`), each once, in order.
pub fn mentions(source: &str) -> Vec<String> {
    let mut found: Vec<String> = vec![];
    let mut previous: Option<char> = None;
    for (i, c) in source.char_indices() {
        let starts_word = previous.is_none_or(|p| !p.is_alphanumeric() && p != '@');
        if c == '@' && starts_word {
            let name: String = source[i + 1..]
                .chars()
                .take_while(|ch| ch.is_alphanumeric() || matches!(ch, '.' | '_' | '-'))
                .collect();
            let name = name.trim_end_matches(['.', '-']).to_string();
            if !name.is_empty() && !found.contains(&name) {
                found.push(name);
            }
        }
        previous = Some(c);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_markdown() {
        let html = to_safe_html("# Title\n\n**bold** and [link](https://example.org)");
        assert!(html.contains("<h1>Title</h1>"));
        assert!(html.contains("<strong>bold</strong>"));
        assert!(html.contains("href=\"https://example.org\""));
        assert!(html.contains("rel=\"nofollow noopener noreferrer\""));
    }

    #[test]
    fn removes_script_and_dangerous_urls() {
        let html = to_safe_html(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>",
        );
        assert!(!html.contains("<script"));
        assert!(!html.contains("javascript:"));
        assert!(!html.contains("onerror"));
    }

    #[test]
    fn finds_mentions_once_each() {
        assert_eq!(
            mentions("Hi @alice and @bob.smith, cc @alice. mail me@example.org"),
            vec!["alice", "bob.smith"]
        );
        assert!(mentions("no mentions here").is_empty());
    }
}
