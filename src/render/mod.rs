//! Document writers: the portfolio as pandoc Markdown ([`portfolio`], with
//! every piece of user text escaped by [`markdown`]) or as one HTML page
//! ([`html`]). Pure: a report and entries in, text out (to any `Write`).

pub mod html;
pub mod markdown;
pub mod portfolio;
