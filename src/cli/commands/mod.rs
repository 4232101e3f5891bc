//! One module per subcommand; each has its clap `Args` and a `run`.
//! Commands never use each other: what two of them share lives in the CLI
//! layer's helper modules (`filter`, `input`, `view`, `walk`, ...) or below.

pub mod add;
pub mod assess;
pub mod check;
pub mod cohort;
pub mod completions;
pub mod config;
pub mod criteria;
pub mod edit;
pub mod export;
pub mod gaps;
pub mod gateway;
pub mod history;
pub mod hours;
pub mod import;
pub mod list;
pub mod man;
pub mod note;
pub mod purge;
pub mod restore;
pub mod rm;
pub mod search;
pub mod show;
pub mod suggest;
pub mod sync;
pub mod tag;
pub mod trash;
pub mod witness;
