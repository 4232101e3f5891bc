//! The domain: what an entry is and how its file reads, the criteria
//! catalogue, reflection frameworks, dates, settings, and names. Pure: no
//! files, no terminal, no command line; every other layer builds on it.

pub mod criteria;
pub mod dates;
pub mod diagnostic;
pub mod english;
pub mod entry;
pub mod evidence;
pub mod form;
pub mod frameworks;
pub mod hours;
pub mod named;
pub mod names;
pub mod profile;
pub mod record;
pub mod rewrite;
pub mod settings;
pub mod unit_file;
