//! The judgement: what an assessor would query in an entry (lints), which
//! criteria are met (gaps), which criteria a text fits (suggest), search,
//! incident matching, redaction of personal data and reading jrnl exports.
//! Pure: values in, values out; no files, no terminal, no command line.

pub mod assessed;
pub mod classify;
pub mod fit;
pub mod gaps;
pub mod gateway;
pub mod jrnl;
pub mod judge;
pub mod lint;
pub mod pii;
pub mod programme;
pub mod redact;
pub mod search;
pub mod suggest;
pub mod text;
pub mod verdict;
