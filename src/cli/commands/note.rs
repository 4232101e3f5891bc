//! `logbook note "text…"`: a quick note, stored as a free-text entry dated
//! today without a question, its id printed. The same as `logbook add
//! "text…"`.

use std::io::Write;

use clap::Args;

use crate::cli::app::App;
use crate::cli::capture::{self, Extras};
use crate::cli::error::Result;

#[derive(Debug, Args)]
#[command(
    after_help = "Expand a note into a full reflection later with `logbook edit ID`. \
    Notes are tagged `note`: `logbook list --tag note` finds them."
)]
pub struct NoteArgs {
    /// What happened, in your own words ("-" reads it from stdin)
    #[arg(required = true, value_name = "TEXT")]
    pub text: Vec<String>,

    /// The day it happened [default: today]
    #[arg(long, short, value_name = "DATE")]
    pub date: Option<String>,

    /// A title [default: the note's first sentence]
    #[arg(long, short)]
    pub title: Option<String>,

    /// A free tag (repeat or separate with commas); `note` is always added
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,

    /// Criteria it evidences, e.g. RES.1,RES.6
    #[arg(long, short, value_name = "IDS")]
    pub criteria: Vec<String>,

    /// Copy a file into the logbook as evidence (repeatable): an email, a photo of the rota
    #[arg(long = "attach", value_name = "FILE")]
    pub attach: Vec<std::path::PathBuf>,
}

pub fn run(app: &App, args: NoteArgs, out: &mut dyn Write) -> Result<()> {
    let extras = Extras {
        title: args.title.as_deref(),
        date: args.date.as_deref(),
        tags: &args.tags,
        criteria: &args.criteria,
        attach: &args.attach,
        ..Extras::default()
    };
    capture::run(app, &args.text, &extras, out)
}
