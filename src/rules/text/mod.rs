//! The one text toolkit the judgement rules share: words and where they lie,
//! sentences and quotations, stems and stop words, BM25, and a clause-level
//! reading of an account (what happened, what was only reported or
//! imagined, reasons, outcomes, follow-up, evaluation). Pure: text in,
//! facts out.

pub mod bm25;
pub mod clauses;
pub mod lexicon;
pub mod sentences;
pub mod stem;
pub mod words;

pub use bm25::Bm25;
pub use clauses::{Reading, SentenceReading, read};
pub use sentences::{quoted_spans, sentences};
pub use stem::{Term, is_stop_word, sentence_terms, stem, terms};
pub use words::{Word, fold, words};
