//! `logbook edit ID`: change an entry in the person's own editor, or with
//! flags. The stored file is only ever replaced, atomically, by a valid
//! entry; an invalid edit is shown with path:line:col and offered back to
//! the editor, and the edited text is kept in `drafts/edits/` until it is
//! saved, so no word is lost. A kept edit remembers the text it began from
//! (`<id>.toml.base` beside it): if the entry has changed since, saving
//! merges the two where they do not overlap and refuses where they do, so
//! an old edit never undoes a newer change.

use std::io::{IsTerminal, Write};
use std::path::Path;

use clap::Args;

use crate::cli::app::App;
use crate::cli::editor;
use crate::cli::error::{CommandError, Result};
use crate::cli::input::{check_title, section_value, split_tags};
use crate::cli::ui;
use crate::model::diagnostic::Diagnostic;
use crate::model::english::{and_list, plural};
use crate::model::entry::{Entry, validate};
use crate::model::evidence::EvidenceType;
use crate::model::rewrite::merge_edits;
use crate::store;
use crate::store::entries::{Stored, read_entry};
use crate::store::paths::file_stem;

#[derive(Debug, Args)]
#[command(
    after_help = "Without flags the entry opens in $VISUAL, else $EDITOR, else vi. \
    When you save and close, it is checked; if something is wrong you see where \
    (path:line:col) and can fix it. Until then the entry on disk is untouched and \
    your edited text waits in drafts/edits/. If the entry changes meanwhile (a tag, \
    another edit), your changes are merged with those when they touch other fields, \
    and refused (your text still kept) when they touch the same ones."
)]
pub struct EditArgs {
    /// The entry's id, or enough of its start to be unique
    pub id: String,

    /// A new title
    #[arg(long, short)]
    pub title: Option<String>,

    /// Replace the criteria, e.g. RES.1,RES.6 ("" for none; `logbook tag` adds or removes one)
    #[arg(long, short, value_name = "IDS")]
    pub criteria: Option<Vec<String>>,

    /// Replace the free tags (repeat or separate with commas; "" for none)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Option<Vec<String>>,

    /// Set one section: KEY=TEXT, KEY=@FILE or KEY=- (stdin); KEY= removes it
    #[arg(long = "section", short, value_name = "KEY=TEXT")]
    pub sections: Vec<String>,

    /// The day it happened: YYYY-MM-DD, yesterday, "3 days ago"
    #[arg(long, short, value_name = "DATE")]
    pub date: Option<String>,

    /// The evidence type, e.g. observation
    #[arg(long, short, value_name = "TYPE")]
    pub evidence: Option<String>,

    /// Who witnessed it ("" removes the witness)
    #[arg(long, short, value_name = "NAME")]
    pub witness: Option<String>,
}

impl EditArgs {
    fn has_changes(&self) -> bool {
        self.title.is_some()
            || self.criteria.is_some()
            || self.tags.is_some()
            || !self.sections.is_empty()
            || self.date.is_some()
            || self.evidence.is_some()
            || self.witness.is_some()
    }
}

pub fn run(app: &App, args: EditArgs, out: &mut dyn Write) -> Result<()> {
    if args.has_changes() {
        return edit_with_flags(app, &args, out);
    }
    edit_in_editor(app, &args.id, out)
}

fn edit_with_flags(app: &App, args: &EditArgs, out: &mut dyn Write) -> Result<()> {
    // Everything typed, piped or named is read and checked before the
    // writers' lock is taken: a command waiting on stdin or a FIFO must not
    // hold up every other writer.
    let mut stdin_used = false;
    let mut sections = Vec::new();
    for raw in &args.sections {
        let (key, value) = raw.split_once('=').ok_or_else(|| {
            CommandError::usage(format!("--section {raw:?} needs the form KEY=TEXT"))
        })?;
        sections.push((key, section_value(key, value, &mut stdin_used)?));
    }
    let title = args.title.as_deref().map(check_title).transpose()?;
    let occurred = match &args.date {
        Some(date) => Some(app.parse_occurred("--date", date)?),
        None => None,
    };
    let evidence = args
        .evidence
        .as_deref()
        .map(EvidenceType::resolve)
        .transpose()?;
    let criteria = match &args.criteria {
        Some(criteria) => Some(
            app.catalogue()
                .resolve_list(criteria.iter().map(String::as_str))?,
        ),
        None => None,
    };

    let lock = app.store.lock()?;
    let stored = app.store.find(&args.id)?;
    let mut entry = stored.entry.clone();
    if let Some(title) = title {
        entry.title = title.to_string();
    }
    if let Some(criteria) = criteria {
        entry.criteria = criteria;
    }
    if let Some(tags) = &args.tags {
        entry.tags = split_tags(tags);
    }
    if !sections.is_empty() {
        let frameworks = app.frameworks();
        let framework = frameworks.resolve(&entry.framework)?;
        for (key, text) in sections {
            let step = frameworks.step(framework, key)?;
            // Only a literal `KEY=` (nothing after the `=`) gets here empty.
            if text.trim().is_empty() {
                entry.sections.shift_remove(&step.key);
            } else {
                entry.sections.insert(step.key.clone(), text);
            }
        }
    }
    if let Some(occurred) = occurred {
        entry.occurred = occurred;
    }
    if let Some(evidence) = evidence {
        entry.evidence = evidence;
    }
    if let Some(witness) = &args.witness {
        entry.witness = Some(witness.trim().to_string()).filter(|w| !w.is_empty());
    }
    check_title(&entry.title)?;
    if entry.filled_sections().next().is_none() {
        return Err(CommandError::usage(
            "that would leave the entry with no text; keep at least one section",
        ));
    }
    let changed = app.store.update_entry(&stored, entry, app.now, &lock)?;
    report_saved(out, &stored.entry.id, changed)
}

fn report_saved(out: &mut dyn Write, id: &str, changed: bool) -> Result<()> {
    if changed {
        writeln!(out, "Updated {id}")?;
    } else {
        writeln!(out, "No changes to {id}")?;
    }
    Ok(())
}

fn edit_in_editor(app: &App, wanted: &str, out: &mut dyn Write) -> Result<()> {
    let editor = editor::command()?;
    let stored = {
        let _lock = app.store.lock()?;
        app.store.find(wanted)?
    };
    let stem = file_stem(&stored.path);
    let id = stored.entry.id.clone();
    let draft = app.store.edit_draft_path(&stem);
    // What the edit is based on: the entry's text when it began. An edit
    // kept from an earlier run keeps its own base, so that saving it can
    // tell what has changed in the entry since, and never undo it.
    let base = if draft.is_file() {
        let Some(base) = app.store.edit_base(&stem) else {
            return Err(CommandError::usage(format!(
                "an unsaved edit of {id} is kept in {}, but not what it was based on, so it cannot \
                 be saved over the entry safely",
                draft.display()
            ))
            .with_hint(format!(
                "copy what you need from that file, delete it, and run `logbook edit {id}` again"
            )));
        };
        let moved_on = if base == stored.text {
            String::new()
        } else {
            format!(
                "; {id} has changed since that edit began, so your changes will be merged with \
                 those where they do not overlap"
            )
        };
        ui::warn(&format!(
            "reopening your unsaved edit of {id} from {} (delete that file to start again from \
             the stored entry){moved_on}",
            draft.display()
        ));
        base
    } else {
        app.store.start_edit(&stem, &stored.text)?;
        stored.text.clone()
    };
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();

    loop {
        if let Err(err) = editor::open(&editor, &draft) {
            return Err(keep_or_drop(app, &stem, &draft, &base, err));
        }
        let text =
            store::read::read_text(&draft).map_err(|p| CommandError::usage(p.to_string()))?;
        if text == base {
            app.store.remove_edit(&stem);
            return report_saved(out, &id, false);
        }
        let problems = match checked(app, &stem, &text) {
            Ok(edited) => {
                return save_edited(app, &stored, &base, &draft, &text, &edited, out);
            }
            Err(problems) => problems,
        };
        for problem in &problems {
            eprintln!(
                "{}",
                ui::clean(&problem.clone().in_file(&draft).to_string())
            );
        }
        let n = problems.len();
        let summary = format!(
            "{id} was not saved: the edited text has {n} {} (above)",
            plural(n, "problem", "problems")
        );
        if !interactive {
            return Err(CommandError::usage(summary).with_hint(kept_hint(&draft, &id)));
        }
        let again = dialoguer::Confirm::new()
            .with_prompt(format!(
                "Not saved: {n} {} above. Open the editor again to fix?",
                plural(n, "problem", "problems")
            ))
            .default(true)
            .interact();
        match again {
            Ok(true) => continue,
            Ok(false) => {
                return Err(CommandError::usage(format!("{id} was not saved"))
                    .with_hint(kept_hint(&draft, &id)));
            }
            Err(_) => {
                let mut err = CommandError::interrupted();
                err.message = format!("interrupted; {}", kept_hint(&draft, &id));
                return Err(err);
            }
        }
    }
}

/// Parses and validates edited text against the entry it came from.
fn checked(app: &App, stem: &str, text: &str) -> Result<Entry, Vec<Diagnostic>> {
    let (entry, spans) = Entry::parse(text).map_err(|p| vec![p])?;
    let problems = validate(
        &entry,
        &spans,
        text,
        Some(stem),
        app.catalogue(),
        app.frameworks(),
    );
    if problems.is_empty() {
        Ok(entry)
    } else {
        Err(problems)
    }
}

/// Saves a valid edit. When the entry is still the text the edit began
/// from, the edit is written as it is. When it has moved on (a `tag`, an
/// `edit --title`, another editor), the two are merged field by field —
/// what only one side changed is kept from that side — and where both
/// changed the same field differently nothing is written and the edit
/// stays in its draft: a kept edit never undoes a later change.
fn save_edited(
    app: &App,
    stored: &Stored,
    base: &str,
    draft: &Path,
    text: &str,
    edited: &Entry,
    out: &mut dyn Write,
) -> Result<()> {
    let id = &stored.entry.id;
    let keep = |e: CommandError| e.with_hint(kept_hint(draft, id));
    let lock = app.store.lock()?;
    let current = read_entry(&stored.path).map_err(|p| {
        keep(CommandError::usage(format!(
            "{id} cannot be read now, so your edit was not saved: {p}"
        )))
    })?;
    let (new, merged) = if current.text == base {
        (edited.clone(), false)
    } else {
        let moved_on = |what: String| {
            keep(CommandError::usage(format!(
                "{id} changed since your edit began, {what}; your edit was not saved over it"
            )))
        };
        let (base_entry, _) = Entry::parse(base)
            .map_err(|_| moved_on("and what the edit began from cannot be read".into()))?;
        let merged = merge_edits(&base_entry, edited, &current.entry)
            .map_err(|both| moved_on(format!("and both changed {}", and_list(&both))))?;
        (merged, true)
    };
    app.store
        .save_edited(&current, text, edited, new, app.now, &lock)
        .map_err(|e| keep(CommandError::from(e)))?;
    drop(lock);
    app.store.remove_edit(&file_stem(&stored.path));
    if merged {
        writeln!(
            out,
            "Saved {id}, merged with the changes made to it since your edit began"
        )?;
    } else {
        writeln!(out, "Saved {id}")?;
    }
    Ok(())
}

fn kept_hint(draft: &Path, id: &str) -> String {
    format!(
        "the stored entry is unchanged; your edited text is kept in {}, and `logbook edit {id}` reopens it",
        draft.display()
    )
}

/// After a failed editor run: keep the draft only if it holds new words.
fn keep_or_drop(
    app: &App,
    stem: &str,
    draft: &Path,
    base: &str,
    err: CommandError,
) -> CommandError {
    let unchanged = store::read::read_text(draft).is_ok_and(|t| t == base);
    if unchanged {
        app.store.remove_edit(stem);
        return err;
    }
    let mut err = err;
    err.message = format!(
        "{}; the stored entry is unchanged and your edited text is kept in {}",
        err.message,
        draft.display()
    );
    err
}
