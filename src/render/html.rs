//! The portfolio as one self-contained HTML page that prints well: the
//! Markdown rendered by pulldown-cmark a piece at a time
//! ([`fragment`]), between a [`head`] (title block and style sheet) and
//! [`TAIL`]. No scripts and no external files.
//!
//! The print style sheet starts each major part and each entry on a new
//! page, repeats the candidate's name at the top of every page and numbers
//! the pages ("Page 3 of 41") where the browser supports CSS page-margin
//! boxes (Chromium does), and keeps tables and signature lines whole.

/// The document's title block: its title, and the subtitle, author and
/// date lines when there are any.
#[derive(Debug, Clone, Copy, Default)]
pub struct TitleBlock<'a> {
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    pub author: Option<&'a str>,
    pub date: Option<&'a str>,
}

/// The page up to the start of the document's body: `<head>` with the
/// style sheet, and the title block. The author's name heads every
/// printed page but the first.
pub fn head(block: &TitleBlock) -> String {
    let learner = block.author.map(one_line).filter(|l| !l.is_empty());
    let mut title = block.title.to_string();
    if let Some(l) = &learner {
        title.push_str(" — ");
        title.push_str(l);
    }
    let mut header = format!("<h1 class=\"title\">{}</h1>\n", escape_html(block.title));
    let lines = [
        ("subtitle", block.subtitle.map(one_line)),
        ("author", learner.clone()),
        ("date", block.date.map(str::to_string)),
    ];
    for (class, value) in lines {
        if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
            header.push_str(&format!(
                "<p class=\"{class}\">{}</p>\n",
                escape_html(v.trim())
            ));
        }
    }
    let running = css_string(&title);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{STYLE}@page {{ @top-left {{ content: {running}; }} }}\n\
         @page :first {{ @top-left {{ content: none; }} }}\n</style>\n</head>\n<body>\n\
         <header>\n{header}</header>\n",
        escape_html(&title)
    )
}

/// The end of the page.
pub const TAIL: &str = "</body>\n</html>\n";

/// One piece of the document's Markdown as HTML. Each piece must stand on
/// its own: inline links only, no reference definitions elsewhere.
pub fn fragment(markdown: &str) -> String {
    use pulldown_cmark::{Options, Parser, html};
    let options = Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut body = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut body, Parser::new_ext(markdown, options));
    body
}

/// Readable on screen and on paper; tables stay inside the page.
const STYLE: &str = "body { font-family: system-ui, sans-serif; line-height: 1.5; max-width: 50rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; overflow-wrap: break-word; }
header { margin-bottom: 2rem; } .title { margin-bottom: 0.25rem; } .subtitle { font-size: 1.2rem; margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: 0.95rem; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } h1 { border-bottom: 1px solid #ccc; margin-top: 2.5rem; }
h3[id*=\"-witness-\"], h3[id$=\"-decisions\"] { border-top: 1px dashed #bbb; padding-top: 0.75rem; }
h1#candidate + ul, h3[id*=\"-witness-\"] + ul { list-style: none; padding-left: 0; }
h1#candidate + ul li { padding: 0.2rem 0; border-bottom: 1px solid #eee; }
@page { size: A4; margin: 18mm 16mm 20mm;
  @top-left { font: 9pt system-ui, sans-serif; color: #555; }
  @bottom-right { content: \"Page \" counter(page) \" of \" counter(pages); font: 9pt system-ui, sans-serif; color: #555; } }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10.5pt; }
  a { color: inherit; text-decoration: none; }
  h1, h2, h3 { break-after: avoid; }
  h1#declaration, h1#contents, h1#evidence-matrix, h1#criteria, h1#entries, h2[id^=\"entry-\"] { break-before: page; }
  h1#entries + h2[id^=\"entry-\"] { break-before: avoid; }
  tr, li, p { break-inside: avoid; }
  thead { display: table-header-group; }
}
";

/// Text as a CSS string literal, safe inside `<style>`.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' | '>' | '&' => out.push_str(&format!("\\{:x} ", u32::from(c))),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_running_header_cannot_break_out_of_the_style_sheet() {
        assert_eq!(
            css_string("O'Brien \"x\" </style>"),
            "\"O'Brien \\\"x\\\" \\3c /style\\3e \""
        );
        let head = head(&TitleBlock {
            title: "Evidence portfolio",
            author: Some("Sam </style><script>"),
            ..TitleBlock::default()
        });
        assert!(!head.contains("<script>"), "{head}");
        assert_eq!(head.matches("</style>").count(), 1);
    }
}
