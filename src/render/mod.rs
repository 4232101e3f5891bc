//! Document writers: the portfolio as pandoc Markdown or one HTML page.
//! Pure: a report and entries in, text out (to any `Write`).

pub mod markdown;
pub mod portfolio;
