//! The portfolio as one self-contained HTML page: the Markdown rendered by
//! pulldown-cmark, under a title block, with a small print-friendly style
//! sheet and no scripts or external files.

use crate::render::portfolio::{Meta, TITLE, long_date};

/// The document as one self-contained HTML page (no scripts, no external
/// files), rendered from the Markdown by pulldown-cmark.
pub fn page(meta: &Meta, markdown: &str) -> String {
    use pulldown_cmark::{Options, Parser, html};
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut body = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut body, Parser::new_ext(markdown, options));
    let mut title = TITLE.to_string();
    if let Some(l) = meta.learner.as_deref().filter(|l| !l.trim().is_empty()) {
        title.push_str(" — ");
        title.push_str(l.trim());
    }
    let mut header = format!("<h1 class=\"title\">{}</h1>\n", escape_html(TITLE));
    let lines = [
        ("subtitle", meta.qualification.clone()),
        ("author", meta.learner.clone()),
        ("date", meta.date.map(long_date)),
    ];
    for (class, value) in lines {
        if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
            header.push_str(&format!(
                "<p class=\"{class}\">{}</p>\n",
                escape_html(v.trim())
            ));
        }
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<header>\n{header}</header>\n\
         {body}</body>\n</html>\n",
        escape_html(&title)
    )
}

/// Readable on screen and on paper; tables stay inside the page.
const STYLE: &str = "body { font-family: system-ui, sans-serif; line-height: 1.5; max-width: 50rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; overflow-wrap: break-word; }
header { margin-bottom: 2rem; } .title { margin-bottom: 0.25rem; } .subtitle { font-size: 1.2rem; margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: 0.95rem; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } h1 { border-bottom: 1px solid #ccc; margin-top: 2.5rem; }
@media print { body { margin: 0; max-width: none; } h1, h2 { break-after: avoid; } }
";

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
