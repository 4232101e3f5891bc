//! `logbook edit ID`: change an entry in the person's own editor, as the
//! Markdown form ([`crate::model::form`]) or, with `--raw`, as its TOML
//! file; or with flags. The stored file is only ever replaced, atomically,
//! by a valid entry; an invalid edit is shown with path:line:col and
//! offered back to the editor, and the edited text is kept in
//! `drafts/edits/` until it is saved, so no word is lost.
//!
//! Both ways of editing keep their draft the same way: beside it, the
//! entry text the edit began from (`<id>.md.base`, `<id>.toml.base`). When
//! a kept edit is saved after the entry moved on (a `tag`, an `edit
//! --title`, another editor), the two are merged field by field where they
//! do not overlap and refused where they do, the draft kept: an old edit
//! never undoes a newer change.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use crate::cli::app::App;
use crate::cli::editor::{self, Scratch};
use crate::cli::error::{CommandError, Result};
use crate::cli::input::{check_title, section_value, split_tags};
use crate::cli::prompt::{Prompter, Terminal};
use crate::cli::ui;
use crate::model::diagnostic::Diagnostic;
use crate::model::english::{and_list, plural};
use crate::model::entry::{Entry, validate};
use crate::model::evidence::EvidenceType;
use crate::model::form;
use crate::model::rewrite::merge_edits;
use crate::store::Store;
use crate::store::entries::{Stored, read_entry};
use crate::store::evidence::Attachment;
use crate::store::paths::file_stem;

#[derive(Debug, Args)]
#[command(
    after_help = "Without flags the entry opens as a Markdown document (its fields at the top, \
    a ## heading for each step) in $VISUAL, else $EDITOR, else sensible-editor, nano or vi; \
    --raw opens the TOML file itself. When you save and close, it is checked; if something \
    is wrong you see where (path:line:col) and can fix it. Until then the entry on disk is \
    untouched and your edited text waits in drafts/edits/, and `logbook edit ID` reopens it. \
    If the entry changes meanwhile (a tag, another edit), your changes are merged with those \
    when they touch other fields, and refused (your text still kept) when they touch the \
    same ones."
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

    /// The day it happened: 27/11/2026, 2026-11-27, yesterday, "3 days ago"
    #[arg(long, short, value_name = "DATE")]
    pub date: Option<String>,

    /// The evidence type, e.g. observation
    #[arg(long, short, value_name = "TYPE")]
    pub evidence: Option<String>,

    /// Who witnessed it ("" removes the witness)
    #[arg(long, short, value_name = "NAME")]
    pub witness: Option<String>,

    /// Copy a file into the logbook as evidence and list it in the entry (repeatable)
    #[arg(long = "attach", value_name = "FILE")]
    pub attach: Vec<std::path::PathBuf>,

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
            || !self.attach.is_empty()
    }
}

pub fn run(app: &App, args: EditArgs, out: &mut dyn Write) -> Result<()> {
    if args.has_changes() {
        return edit_with_flags(app, &args, out);
    }
    let kind = if args.raw { Kind::Raw } else { Kind::Form };
    edit_in_editor(app, &args.id, kind, out)
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
    // Files to attach are copied into evidence/ now too (stored by their
    // content's hash, so a copy no entry ends up using harms nothing).
    let attached = crate::cli::input::attach_files(&app.store, &args.attach)?;

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
            if crate::model::entry::is_blank(&text) {
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
    for stored_path in attached {
        // Copied before the lock; a `purge` that ran meanwhile may have
        // taken a file this entry now shares with the one it purged.
        if app.store.verify(&stored_path) != Attachment::Intact {
            return Err(CommandError::usage(format!(
                "{stored_path} went from the logbook while this edit waited; nothing was changed"
            ))
            .with_hint("run the edit again"));
        }
        if !entry.attachments.contains(&stored_path) {
            entry.attachments.push(stored_path);
        }
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

/// What the editor opens: the Markdown form (`drafts/edits/<id>.md`) or,
/// with `--raw`, the entry's TOML file (`drafts/edits/<id>.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Form,
    Raw,
}

impl Kind {
    fn draft(self, store: &Store, stem: &str) -> PathBuf {
        match self {
            Kind::Form => store.edit_form_path(stem),
            Kind::Raw => store.edit_draft_path(stem),
        }
    }

    fn other(self) -> Kind {
        match self {
            Kind::Form => Kind::Raw,
            Kind::Raw => Kind::Form,
        }
    }

    /// The text the editor opens for an entry whose file reads `text`.
    fn open_text(self, app: &App, text: &str) -> std::result::Result<String, Diagnostic> {
        match self {
            Kind::Raw => Ok(text.to_string()),
            Kind::Form => {
                let (entry, _) = Entry::parse(text)?;
                Ok(form::write(&entry, app.frameworks()))
            }
        }
    }

    /// The entry the edited text describes, read with every check an
    /// entry file gets. The form carries no id, attachments or times:
    /// those come from `base`, the entry the edit began from.
    fn read(
        self,
        app: &App,
        stem: &str,
        text: &str,
        base: &Entry,
    ) -> std::result::Result<Entry, Vec<Diagnostic>> {
        match self {
            Kind::Raw => checked(app, stem, text),
            Kind::Form => form::parse(text, app.frameworks(), app.catalogue(), app.today())
                .map(|filled| filled.apply(base, app.frameworks())),
        }
    }
}

/// `logbook edit ID` without flags: the entry in the person's editor,
/// read back with the same checks as its file, saved only once it reads.
/// An unsaved edit kept from an earlier run is reopened, whichever way it
/// was made (so `logbook edit ID` always finds it), with the entry text it
/// began from, so that saving it never undoes what changed since.
fn edit_in_editor(app: &App, wanted: &str, asked: Kind, out: &mut dyn Write) -> Result<()> {
    let editor = editor::command()?;
    let stored = {
        let _lock = app.store.lock()?;
        app.store.find(wanted)?
    };
    let stem = file_stem(&stored.path);
    let id = stored.entry.id.clone();
    let kept = [asked, asked.other()]
        .into_iter()
        .find(|k| k.draft(&app.store, &stem).is_file());
    let kind = kept.unwrap_or(asked);
    let draft = kind.draft(&app.store, &stem);
    let show = |p: &Path| ui::clean(&p.display().to_string()).into_owned();

    // What the edit is based on: the entry's text when it began. An edit
    // kept from an earlier run keeps its own base.
    let base = if kept.is_some() {
        let Some(base) = app.store.edit_base(&draft) else {
            return Err(CommandError::usage(format!(
                "an unsaved edit of {id} is kept in {}, but not what it was based on, so it cannot \
                 be saved over the entry safely",
                show(&draft)
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
        let which = match (kind == asked, kind) {
            (true, _) => "",
            (false, Kind::Raw) => ", as the TOML file you were editing",
            (false, Kind::Form) => ", as the Markdown form you were editing",
        };
        ui::warn(&format!(
            "reopening your unsaved edit of {id} from {}{which} (delete that file to start again \
             from the stored entry){moved_on}",
            show(&draft)
        ));
        base
    } else {
        let text = kind
            .open_text(app, &stored.text)
            .map_err(|p| CommandError::usage(p.in_file(&stored.path).to_string()))?;
        app.store.start_edit(&draft, &stored.text, &text)?;
        stored.text.clone()
    };
    let base_entry = Entry::parse(&base).map(|(entry, _)| entry).map_err(|p| {
        CommandError::usage(format!(
            "what your unsaved edit of {id} began from cannot be read: {}",
            ui::clean(&p.in_file(Store::edit_base_path(&draft)).to_string())
        ))
        .with_hint(format!(
            "copy what you need from {}, delete it, and run `logbook edit {id}` again",
            show(&draft)
        ))
    })?;
    // The text the editor first showed: saved unchanged, it changes nothing.
    let opened = kind
        .open_text(app, &base)
        .map_err(|p| CommandError::usage(p.to_string()))?;
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();

    loop {
        if let Err(err) = editor::open(&editor, &draft) {
            return Err(keep_or_drop(app, &draft, &opened, err));
        }
        let text = crate::store::read::read_text(&draft)
            .map_err(|p| CommandError::usage(ui::clean(&p.to_string()).into_owned()))?;
        if text == opened {
            app.store.remove_edit(&draft);
            return report_saved(out, &id, false);
        }
        let problems = match kind.read(app, &stem, &text, &base_entry) {
            Ok(edited) => {
                let layout = match kind {
                    Kind::Raw => Layout::Edited(&text),
                    Kind::Form => Layout::Stored,
                };
                return save_edited(
                    app,
                    &stored,
                    &base,
                    &base_entry,
                    &draft,
                    layout,
                    edited,
                    out,
                );
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

/// Parses and validates edited TOML against the entry it came from.
fn checked(app: &App, stem: &str, text: &str) -> std::result::Result<Entry, Vec<Diagnostic>> {
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

/// Whose layout and comments the saved file keeps.
#[derive(Clone, Copy)]
enum Layout<'a> {
    /// The TOML the person left in the editor (`--raw`).
    Edited(&'a str),
    /// The stored file's (the Markdown form holds no TOML): only the
    /// fields that changed are rewritten.
    Stored,
}

/// Saves a valid edit. When the entry is still the text the edit began
/// from, the edit is written as it is. When it has moved on (a `tag`, an
/// `edit --title`, another editor), the two are merged field by field —
/// what only one side changed is kept from that side — and where both
/// changed the same field differently nothing is written and the edit
/// stays in its draft: a kept edit never undoes a later change. The same
/// for the Markdown form and the TOML file.
#[allow(clippy::too_many_arguments)]
fn save_edited(
    app: &App,
    stored: &Stored,
    base: &str,
    base_entry: &Entry,
    draft: &Path,
    layout: Layout,
    edited: Entry,
    out: &mut dyn Write,
) -> Result<()> {
    let id = &stored.entry.id;
    let keep = |e: CommandError| e.with_hint(kept_hint(draft, id));
    let lock = app.store.lock()?;
    let current = read_entry(&stored.path).map_err(|p| {
        keep(CommandError::usage(format!(
            "{id} cannot be read now, so your edit was not saved: {}",
            ui::clean(&p.to_string())
        )))
    })?;
    let moved_on = current.text != base;
    let new = if moved_on {
        merge_edits(base_entry, &edited, &current.entry).map_err(|both| {
            // Saving the same draft again would meet the same clash, so
            // the way out is said in full.
            CommandError::usage(format!(
                "{id} changed since your edit began, and both changed {}; your edit was not \
                 saved over it",
                and_list(&both)
            ))
            .with_hint(format!(
                "the stored entry is unchanged and your edited text is kept in {}; to settle it, \
                 copy what you want to keep from that file, delete it, and run `logbook edit {id}` \
                 again on the entry as it is now",
                ui::clean(&draft.display().to_string())
            ))
        })?
    } else {
        edited.clone()
    };
    let changed = match layout {
        Layout::Edited(text) => {
            app.store
                .save_edited(&current, text, &edited, new, app.now, &lock)
                .map_err(|e| keep(CommandError::from(e)))?;
            true
        }
        Layout::Stored => app
            .store
            .update_entry(&current, new, app.now, &lock)
            .map_err(|e| keep(CommandError::from(e)))?,
    };
    drop(lock);
    app.store.remove_edit(draft);
    match (changed, moved_on) {
        (false, _) => writeln!(out, "No changes to {id}")?,
        (true, true) => writeln!(
            out,
            "Saved {id}, merged with the changes made to it since your edit began"
        )?,
        (true, false) => writeln!(out, "Saved {id}")?,
    }
    Ok(())
}

fn kept_hint(draft: &Path, id: &str) -> String {
    format!(
        "the stored entry is unchanged; your edited text is kept in {}, and `logbook edit {id}` reopens it",
        ui::clean(&draft.display().to_string())
    )
}

/// After a failed editor run: keep the draft only if it holds new words.
fn keep_or_drop(app: &App, draft: &Path, opened: &str, err: CommandError) -> CommandError {
    let unchanged = crate::store::read::read_text(draft).is_ok_and(|t| t == opened);
    if unchanged {
        app.store.remove_edit(draft);
        return err;
    }
    let mut err = err;
    err.message = format!(
        "{}; the stored entry is unchanged and your edited text is kept in {}",
        err.message,
        ui::clean(&draft.display().to_string())
    );
    err
}
