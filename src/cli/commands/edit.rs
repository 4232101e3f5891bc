//! `logbook edit ID`: change an entry in the person's own editor, as the
//! Markdown form ([`crate::model::form`]) or, with `--raw`, as its TOML
//! file; or with flags. The stored file is only ever replaced, atomically,
//! by a valid entry; an invalid edit is shown with path:line:col and
//! offered back to the editor, and the edited text is kept in
//! `drafts/edits/` until it is saved, so no word is lost.

use std::io::{IsTerminal, Write};
use std::path::Path;

use clap::Args;

use crate::cli::app::App;
use crate::cli::editor::{self, Scratch};
use crate::cli::error::{CommandError, Result};
use crate::cli::input::{section_value, split_tags};
use crate::cli::prompt::{Prompter, Terminal};
use crate::cli::ui;
use crate::model::diagnostic::Diagnostic;
use crate::model::english::plural;
use crate::model::entry::{Entry, validate};
use crate::model::evidence::EvidenceType;
use crate::model::form;
use crate::model::rewrite::rewrite;
use crate::store;
use crate::store::entries::Stored;
use crate::store::paths::file_stem;

#[derive(Debug, Args)]
#[command(
    after_help = "Without flags the entry opens as a Markdown document (its fields at the top, \
    a ## heading for each step) in $VISUAL, else $EDITOR, else sensible-editor, nano or vi; \
    --raw opens the TOML file itself. When you save and close, it is checked; if something \
    is wrong you see where (path:line:col) and can fix it. Until then the entry on disk is \
    untouched and your edited text waits in drafts/edits/."
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

    /// Open the entry's TOML file itself rather than the Markdown form
    #[arg(long)]
    pub raw: bool,
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
    if args.raw {
        return edit_in_editor(app, &args.id, out);
    }
    edit_in_form(app, &args.id, out)
}

fn edit_with_flags(app: &App, args: &EditArgs, out: &mut dyn Write) -> Result<()> {
    let lock = app.store.lock()?;
    let stored = app.store.find(&args.id)?;
    let mut entry = stored.entry.clone();
    if let Some(title) = &args.title {
        entry.title = title.trim().to_string();
    }
    if let Some(criteria) = &args.criteria {
        entry.criteria = app
            .catalogue()
            .resolve_list(criteria.iter().map(String::as_str))?;
    }
    if let Some(tags) = &args.tags {
        entry.tags = split_tags(tags);
    }
    if !args.sections.is_empty() {
        let frameworks = app.frameworks();
        let framework = frameworks.resolve(&entry.framework)?;
        let mut stdin_used = false;
        for raw in &args.sections {
            let (key, value) = raw.split_once('=').ok_or_else(|| {
                CommandError::usage(format!("--section {raw:?} needs the form KEY=TEXT"))
            })?;
            let step = frameworks.step(framework, key)?;
            let text = section_value(value, &mut stdin_used)?;
            if text.trim().is_empty() {
                entry.sections.shift_remove(&step.key);
            } else {
                entry.sections.insert(step.key.clone(), text);
            }
        }
    }
    if let Some(date) = &args.date {
        entry.occurred = app.parse_occurred("--date", date)?;
    }
    if let Some(evidence) = &args.evidence {
        entry.evidence = EvidenceType::resolve(evidence)?;
    }
    if let Some(witness) = &args.witness {
        entry.witness = Some(witness.trim().to_string()).filter(|w| !w.is_empty());
    }
    if entry.title.is_empty() {
        return Err(CommandError::usage("the title is empty"));
    }
    if entry.title.contains(['\n', '\r']) {
        return Err(CommandError::usage("the title must be one line"));
    }
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
    if let Some(dir) = draft.parent() {
        app.store.ensure_dir(dir)?;
    }
    if draft.is_file() {
        ui::warn(&format!(
            "reopening your unsaved edit of {id} from {} (delete that file to start again from the stored entry)",
            draft.display()
        ));
    } else {
        store::atomic::write_replace(&draft, stored.text.as_bytes())
            .map_err(|e| CommandError::io("write", &draft, e))?;
    }
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();

    loop {
        if let Err(err) = editor::open(&editor, &draft) {
            return Err(keep_or_drop(&draft, &stored.text, err));
        }
        let text =
            store::read::read_text(&draft).map_err(|p| CommandError::usage(p.to_string()))?;
        if text == stored.text {
            remove_draft(&draft);
            return report_saved(out, &id, false);
        }
        let problems = match checked(app, &stem, &text) {
            Ok(edited) => return save_edited(app, &stored, &draft, &text, edited, out),
            Err(problems) => problems,
        };
        for problem in &problems {
            eprintln!("{}", problem.clone().in_file(&draft));
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

/// Saves a valid edit unless the stored file changed while the editor was
/// open; in that case the edit stays in its draft and nothing is replaced.
fn save_edited(
    app: &App,
    stored: &Stored,
    draft: &Path,
    text: &str,
    edited: Entry,
    out: &mut dyn Write,
) -> Result<()> {
    let lock = app.store.lock()?;
    let now = store::read::read_text(&stored.path).ok();
    if now.as_deref() != Some(stored.text.as_str()) {
        return Err(CommandError::usage(format!(
            "{} changed on disk while you were editing it, so your edit was not saved over it",
            stored.path.display()
        ))
        .with_hint(kept_hint(draft, &stored.entry.id)));
    }
    let mut new = edited.clone();
    new.updated = Some(crate::model::dates::whole_seconds(app.now));
    let output = rewrite(text, &edited, &new);
    store::atomic::write_replace(&stored.path, output.as_bytes())
        .map_err(|e| CommandError::io("write", &stored.path, e))?;
    drop(lock);
    remove_draft(draft);
    writeln!(out, "Saved {}", stored.entry.id)?;
    Ok(())
}

fn kept_hint(draft: &Path, id: &str) -> String {
    format!(
        "the stored entry is unchanged; your edited text is kept in {}, and `logbook edit {id}` reopens it",
        draft.display()
    )
}

/// After a failed editor run: keep the draft only if it holds new words.
fn keep_or_drop(draft: &Path, original: &str, err: CommandError) -> CommandError {
    let unchanged = store::read::read_text(draft).is_ok_and(|t| t == original);
    if unchanged {
        remove_draft(draft);
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

fn remove_draft(draft: &Path) {
    let _ = std::fs::remove_file(draft);
    if let Some(dir) = draft.parent() {
        // Only succeeds when empty, which is the point.
        let _ = std::fs::remove_dir(dir);
    }
}

/// The first line of a kept Markdown edit says which version of the entry
/// it was made from, so an edit of an older version is never saved over a
/// newer one.
fn base_marker(id: &str, stored_text: &str) -> String {
    format!(
        "<!-- logbook: editing {id} (version {:016x}); keep this line -->",
        fnv1a(stored_text.as_bytes())
    )
}

/// FNV-1a: a small hash that is the same on every build, for a marker.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// `logbook edit ID` without flags: the entry as a Markdown document in
/// the person's editor, read back with the same checks, saved only once
/// it reads and only over the version it was made from.
fn edit_in_form(app: &App, wanted: &str, out: &mut dyn Write) -> Result<()> {
    let editor = editor::command()?;
    let stored = {
        let _lock = app.store.lock()?;
        app.store.find(wanted)?
    };
    let stem = file_stem(&stored.path);
    let id = stored.entry.id.clone();
    let marker = base_marker(&id, &stored.text);
    let draft = app.store.edit_form_path(&stem);
    if let Some(dir) = draft.parent() {
        app.store.ensure_dir(dir)?;
    }
    let fresh = format!("{marker}\n{}", form::write(&stored.entry, app.frameworks()));
    let kept = store::read::read_text(&draft).ok();
    match kept {
        Some(text) if text.lines().next() == Some(marker.as_str()) => ui::warn(&format!(
            "reopening your unsaved edit of {id} from {} (delete that file to start again from the stored entry)",
            draft.display()
        )),
        Some(_) => {
            let older = draft.with_extension("md.older");
            std::fs::rename(&draft, &older).map_err(|e| CommandError::io("keep", &older, e))?;
            ui::warn(&format!(
                "your unsaved edit of {id} was made on an older version of it; it is kept in {} — opening {id} as it is now",
                older.display()
            ));
            write_draft(&draft, &fresh)?;
        }
        None => write_draft(&draft, &fresh)?,
    }
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();

    loop {
        if let Err(err) = editor::open(&editor, &draft) {
            return Err(keep_or_drop(&draft, &fresh, err));
        }
        let text =
            store::read::read_text(&draft).map_err(|p| CommandError::usage(p.to_string()))?;
        if text == fresh {
            remove_draft(&draft);
            return report_saved(out, &id, false);
        }
        let problems = match form::parse(&text, app.frameworks(), app.catalogue(), app.today()) {
            Ok(filled) => {
                let new = filled.apply(&stored.entry, app.frameworks());
                return save_form(app, &stored, &draft, new, out);
            }
            Err(problems) => problems,
        };
        for problem in &problems {
            eprintln!("{}", problem.clone().in_file(&draft));
        }
        let n = problems.len();
        let summary = format!(
            "{id} was not saved: the edited text has {n} {} (above)",
            plural(n, "problem", "problems")
        );
        if !interactive {
            return Err(CommandError::usage(summary).with_hint(kept_hint(&draft, &id)));
        }
        let mut terminal = Terminal::new(Scratch::new(app.store.clone()));
        let again = terminal.confirm(
            &format!(
                "Not saved: {n} {} above. Open the editor again to fix?",
                plural(n, "problem", "problems")
            ),
            true,
        );
        drop(terminal);
        match again {
            Ok(true) => {}
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

fn write_draft(path: &Path, text: &str) -> Result<()> {
    store::atomic::write_replace(path, text.as_bytes())
        .map_err(|e| CommandError::io("write", path, e))
}

/// Saves an entry read from the form unless the stored file changed while
/// the editor was open; then the edit stays in its draft.
fn save_form(
    app: &App,
    stored: &Stored,
    draft: &Path,
    new: Entry,
    out: &mut dyn Write,
) -> Result<()> {
    let lock = app.store.lock()?;
    let now = store::read::read_text(&stored.path).ok();
    if now.as_deref() != Some(stored.text.as_str()) {
        return Err(CommandError::usage(format!(
            "{} changed on disk while you were editing it, so your edit was not saved over it",
            stored.path.display()
        ))
        .with_hint(kept_hint(draft, &stored.entry.id)));
    }
    let changed = app.store.update_entry(stored, new, app.now, &lock)?;
    drop(lock);
    remove_draft(draft);
    if changed {
        writeln!(out, "Saved {}", stored.entry.id)?;
    } else {
        writeln!(out, "No changes to {}", stored.entry.id)?;
    }
    Ok(())
}
