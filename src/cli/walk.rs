//! The guided `logbook add`: framework, title, date, one question per step
//! with its hint, evidence type, witness, criteria (the best fits ticked in
//! advance), tags, then a confirm screen with coaching where any step can be
//! changed. With `--editor` (or from the confirm screen) the whole entry is
//! written at once as one Markdown document ([`crate::model::form`]).
//! It talks only to a [`Prompter`] and hands the [`Draft`] to a save
//! callback after every answer and, while an answer is typed, with the
//! words so far ([`Draft::unfinished`]), so nothing typed is ever lost and
//! every branch is tested without a terminal.

use chrono::NaiveDate;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::cli::error::{CommandError, Result};
use crate::cli::input::split_tags;
use crate::cli::prompt::{Pace, Prompter, Tone};
use crate::cli::ui::Paint;
use crate::model::criteria::Catalogue;
use crate::model::diagnostic::Diagnostic;
use crate::model::english::capitalise;
use crate::model::entry::Entry;
use crate::model::evidence::EvidenceType;
use crate::model::form;
use crate::model::frameworks::{Framework, Frameworks, Role, Step};
use crate::rules::lint::{self, LintConfig};
use crate::rules::suggest::{self, Index};
use crate::rules::verdict::WarningKind;

/// The answers so far. `None` (or a missing section) means "not asked
/// yet"; an empty string means "asked, left empty". Saved as TOML in
/// `drafts/` after every answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Draft {
    /// When the walk-through began (RFC 3339), to tell drafts apart.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub framework: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occurred: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<EvidenceType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub witness: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criteria: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<String>,
    /// The Markdown form as last written in the editor, while it does not
    /// read as an entry yet; opened again on resume.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    pub sections: IndexMap<String, String>,
    /// The answer being typed when the walk-through stopped; it carries
    /// on there, with these words, on resume.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unfinished: Option<Unfinished>,
}

/// An answer still being typed: `field` is `title` or `sections.KEY`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unfinished {
    pub field: String,
    pub text: String,
}

impl Draft {
    /// The draft file's text, checked to read back as this draft: a draft
    /// is saved after every answer, and an empty or garbled save would lose
    /// every answer before it.
    pub fn to_toml(&self) -> Result<String> {
        let unsaved = |why: String| CommandError::io_other(format!("cannot save the draft: {why}"));
        let text = toml::to_string(self).map_err(|e| unsaved(e.to_string()))?;
        match Draft::parse(&text) {
            Ok(back) if back == *self => Ok(text),
            _ => Err(unsaved("it did not read back as written".into())),
        }
    }

    /// Reads a draft file's text; the error says where the problem is.
    pub fn parse(text: &str) -> Result<Draft, Diagnostic> {
        toml::from_str(text).map_err(|e| Diagnostic::toml(text, 0, &e))
    }

    /// Whether anything has been answered (or given as a flag) yet.
    pub fn has_answers(&self) -> bool {
        self.framework.is_some()
            || self.title.is_some()
            || self.occurred.is_some()
            || self.evidence.is_some()
            || self.witness.is_some()
            || self.criteria.is_some()
            || self.tags.is_some()
            || !self.attachments.is_empty()
            || !self.sections.is_empty()
            || self.document.is_some()
            || self.unfinished.is_some()
    }

    /// All the words so far: title and sections.
    pub fn text(&self) -> String {
        let mut out = self.title.clone().unwrap_or_default();
        for text in self.sections.values() {
            out.push('\n');
            out.push_str(text);
        }
        out
    }
}

/// How a walk-through ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Finish {
    /// Write this entry (then delete the draft).
    Save(Box<Entry>),
    /// Stop for now; the draft stays for `add --resume`.
    Keep,
    /// The user threw the entry away; delete the draft.
    Discard,
}

/// One thing that can be asked again from the confirm screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    Framework,
    Title,
    Date,
    Section(String),
    Evidence,
    Witness,
    Criteria,
    Tags,
}

/// A coaching note shown before saving, and the answer it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coaching {
    pub field: Option<Field>,
    pub text: String,
}

/// What the walk-through needs to know; nothing here touches the disk.
pub struct Walk<'a> {
    pub frameworks: &'a Frameworks,
    pub catalogue: &'a Catalogue,
    pub index: &'a Index,
    pub today: NaiveDate,
    /// The framework offered first (from `default_framework`, else STAR).
    pub default_framework: String,
    /// `--editor`: write the whole entry in the editor, as one document,
    /// before anything is asked at the prompt.
    pub editor_first: bool,
    pub lint: LintConfig,
    pub paint: Paint,
}

/// The save callback: called with the draft after every answer
/// ([`Pace::Now`]) and as an answer is typed.
pub type Save<'s> = dyn FnMut(&Draft, Pace) -> Result<()> + 's;

/// How a turn in the editor went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Document {
    /// The form read back and its answers are in the draft.
    Applied,
    /// No editor could run, or it was abandoned: nothing changed.
    NoEditor,
    /// The form does not read yet and the person chose to stop; it is
    /// kept in the draft.
    Kept,
}

/// What the walk-through says first.
const INTRO: &str = "Answer in your own words, in the past tense. Type as much as you like: \
    Enter starts a new line and an empty line a new paragraph; Ctrl-D (or Enter on two \
    empty lines) finishes a step, and Enter straight away skips it. Everything you type is \
    kept as a draft, even if you stop with Ctrl-C or close the window.";

const INTRO_EDITOR: &str = "Your editor opens with the whole entry as one document: the \
    fields at the top, then a heading for each step with its question. Save and close it \
    when you are done; it is checked before anything is stored.";

/// How many suggestions lead the criteria list, with the words that matched.
const SUGGESTED: usize = 6;

impl Walk<'_> {
    /// Asks whatever the draft does not hold yet, then shows the confirm
    /// screen until the user saves, keeps or discards the entry.
    pub fn run(&self, p: &mut dyn Prompter, draft: &mut Draft, save: &mut Save) -> Result<Finish> {
        p.show(Tone::Heading, "New logbook entry")?;
        let in_editor = self.editor_first || draft.document.is_some();
        p.show(Tone::Hint, if in_editor { INTRO_EDITOR } else { INTRO })?;
        if in_editor && self.edit_document(p, draft, save)? == Document::Kept {
            return Ok(Finish::Keep);
        }
        self.ask_missing(p, draft, save)?;
        self.review(p, draft, save)
    }

    /// The whole entry in the editor, as one Markdown document, until it
    /// reads back or the person stops. Its answers then fill the draft.
    fn edit_document(
        &self,
        p: &mut dyn Prompter,
        draft: &mut Draft,
        save: &mut Save,
    ) -> Result<Document> {
        let mut text = match draft.document.clone() {
            Some(text) => text,
            None => form::write(&self.entry(draft)?, self.frameworks),
        };
        loop {
            let Some(edited) = p.edit("entry.md", &text)? else {
                return Ok(Document::NoEditor);
            };
            text = edited;
            match form::parse(&text, self.frameworks, self.catalogue, self.today) {
                Ok(filled) => {
                    self.take_form(draft, filled)?;
                    draft.document = None;
                    save(draft, Pace::Now)?;
                    return Ok(Document::Applied);
                }
                Err(problems) => {
                    draft.document = Some(text.clone());
                    save(draft, Pace::Now)?;
                    p.show(Tone::Heading, "The entry does not read yet")?;
                    for problem in &problems {
                        p.show(Tone::Warning, &format!("entry.md:{problem}"))?;
                    }
                    let again = format!(
                        "Open the editor again to fix {}?",
                        if problems.len() == 1 { "it" } else { "them" }
                    );
                    if !p.confirm(&again, true)? {
                        return Ok(Document::Kept);
                    }
                }
            }
        }
    }

    /// The answers of a form that read back, into the draft. Steps it
    /// left out count as skipped; no criteria means "suggest some".
    fn take_form(&self, draft: &mut Draft, filled: form::Form) -> Result<()> {
        draft.title = Some(filled.title);
        draft.occurred = Some(filled.occurred);
        draft.framework = Some(filled.framework);
        draft.evidence = Some(filled.evidence);
        if !filled.criteria.is_empty() || draft.criteria.is_some() {
            draft.criteria = Some(filled.criteria);
        }
        draft.tags = Some(filled.tags);
        draft.witness = Some(filled.witness.unwrap_or_default());
        draft.sections = filled.sections;
        let framework = self.framework(draft)?;
        for step in self.frameworks.asked_steps(framework) {
            draft.sections.entry(step.key.clone()).or_default();
        }
        draft.unfinished = None;
        Ok(())
    }

    fn framework(&self, draft: &Draft) -> Result<&Framework> {
        [
            draft.framework.as_deref(),
            Some(&self.default_framework),
            Some("star"),
        ]
        .into_iter()
        .flatten()
        .find_map(|id| self.frameworks.get(id))
        .or_else(|| self.frameworks.frameworks.first())
        .ok_or_else(|| CommandError::usage("no reflection frameworks are defined"))
    }

    fn ask_missing(&self, p: &mut dyn Prompter, draft: &mut Draft, save: &mut Save) -> Result<()> {
        self.carry_on(p, draft, save)?;
        if draft.framework.is_none() {
            draft.framework = Some(self.ask_framework(p, draft)?);
            save(draft, Pace::Now)?;
        }
        if draft.title.is_none() {
            let title = self.typed_title(p, draft, save, "")?;
            draft.title = Some(title);
            save(draft, Pace::Now)?;
        }
        if draft.occurred.is_none() {
            draft.occurred = Some(self.ask_date(p, None)?);
            save(draft, Pace::Now)?;
        }
        let steps: Vec<Step> = self
            .frameworks
            .asked_steps(self.framework(draft)?)
            .cloned()
            .collect();
        for step in &steps {
            if !draft.sections.contains_key(&step.key) {
                let text = self.typed_section(p, draft, save, step, "", "")?;
                draft.sections.insert(step.key.clone(), text);
                save(draft, Pace::Now)?;
            }
        }
        if draft.evidence.is_none() {
            draft.evidence = Some(self.ask_evidence(p, None)?);
            save(draft, Pace::Now)?;
        }
        if draft.witness.is_none() {
            draft.witness = Some(self.ask_witness(p, "")?);
            save(draft, Pace::Now)?;
        }
        if draft.criteria.is_none() {
            draft.criteria = Some(self.ask_criteria(p, draft)?);
            save(draft, Pace::Now)?;
        }
        if draft.tags.is_none() {
            draft.tags = Some(self.ask_tags(p, &[])?);
            save(draft, Pace::Now)?;
        }
        Ok(())
    }

    /// A draft stopped while an answer was being typed: that answer first,
    /// with the words already there.
    fn carry_on(&self, p: &mut dyn Prompter, draft: &mut Draft, save: &mut Save) -> Result<()> {
        let Some(unfinished) = draft.unfinished.clone() else {
            return Ok(());
        };
        if unfinished.field == "title" {
            let title = self.typed_title(p, draft, save, &unfinished.text)?;
            draft.title = Some(title);
        } else if let Some(key) = unfinished.field.strip_prefix("sections.") {
            let framework = self.framework(draft)?;
            if let Ok(step) = self.frameworks.step(framework, key).cloned() {
                let current = draft.sections.get(&step.key).cloned().unwrap_or_default();
                let text = self.typed_section(p, draft, save, &step, &current, &unfinished.text)?;
                draft.sections.insert(step.key.clone(), text);
            }
        }
        draft.unfinished = None;
        save(draft, Pace::Now)
    }

    /// The title, typed with every keystroke kept in the draft.
    fn typed_title(
        &self,
        p: &mut dyn Prompter,
        draft: &mut Draft,
        save: &mut Save,
        initial: &str,
    ) -> Result<String> {
        let mut typing = |text: &str, pace: Pace| {
            draft.unfinished = Some(Unfinished {
                field: "title".into(),
                text: text.to_string(),
            });
            // A failed save shows at the next answer, which saves too.
            let _ = save(draft, pace);
        };
        let title = self.ask_title(p, initial, &mut typing)?;
        draft.unfinished = None;
        Ok(title)
    }

    /// One step, typed with every keystroke kept in the draft; `current`
    /// is what it held before, `initial` the text to start from.
    fn typed_section(
        &self,
        p: &mut dyn Prompter,
        draft: &mut Draft,
        save: &mut Save,
        step: &Step,
        current: &str,
        initial: &str,
    ) -> Result<String> {
        let field = format!("sections.{}", step.key);
        let mut typing = |text: &str, pace: Pace| {
            draft.unfinished = Some(Unfinished {
                field: field.clone(),
                text: text.to_string(),
            });
            let _ = save(draft, pace);
        };
        let text = self.ask_section(p, step, current, initial, &mut typing)?;
        draft.unfinished = None;
        Ok(text)
    }

    fn ask_framework(&self, p: &mut dyn Prompter, draft: &Draft) -> Result<String> {
        let current = self.framework(draft)?;
        let items: Vec<String> = self
            .frameworks
            .frameworks
            .iter()
            .map(|f| {
                let about = if f.suits.is_empty() {
                    f.summary.split(": ").next().unwrap_or_default()
                } else {
                    &f.suits
                };
                format!("{} — {}", f.name, about.trim_end_matches('.'))
            })
            .collect();
        let default = self
            .frameworks
            .frameworks
            .iter()
            .position(|f| f.id == current.id)
            .unwrap_or(0);
        let chosen = p.select("How do you want to structure it?", &items, default)?;
        Ok(self
            .frameworks
            .frameworks
            .get(chosen)
            .map_or_else(|| current.id.clone(), |f| f.id.clone()))
    }

    fn ask_title(
        &self,
        p: &mut dyn Prompter,
        current: &str,
        typing: &mut crate::cli::prompt::Typing,
    ) -> Result<String> {
        p.show(
            Tone::Hint,
            "A few words you will recognise later, e.g. Refund complaint escalated by phone, \
             or Monday briefing on the new rota",
        )?;
        let mut initial = current.to_string();
        loop {
            let title = p.line("Title", &initial, typing)?;
            let title = title.trim();
            if !crate::model::entry::is_blank(title) {
                return Ok(title.to_string());
            }
            p.show(Tone::Warning, "a title is needed, even a short one")?;
            initial.clear();
        }
    }

    fn ask_date(&self, p: &mut dyn Prompter, current: Option<NaiveDate>) -> Result<NaiveDate> {
        p.show(
            Tone::Hint,
            "The day it happened: today, yesterday, friday, last week, 27/11 or 27 Nov 2026",
        )?;
        let default = current.map_or_else(|| "today".to_string(), |d| d.to_string());
        loop {
            let typed = p.input("When did it happen?", Some(&default))?;
            // One line for each way it can fail: not a date, outside the
            // years a logbook holds, or after today.
            match crate::model::dates::parse_occurred(&typed, self.today) {
                Ok(date) => {
                    // Say which day "last friday" turned out to be.
                    if typed.trim() != date.to_string() {
                        p.show(
                            Tone::Hint,
                            &date.format("That is %A %-d %B %Y.").to_string(),
                        )?;
                    }
                    return Ok(date);
                }
                Err(e) => p.show(Tone::Warning, &e.to_string())?,
            }
        }
    }

    /// One step: its question and hint, then the answer, typed starting
    /// from `initial`. What `current` held is never dropped without the
    /// user saying so.
    fn ask_section(
        &self,
        p: &mut dyn Prompter,
        step: &Step,
        current: &str,
        initial: &str,
        typing: &mut crate::cli::prompt::Typing,
    ) -> Result<String> {
        let optional = step.role == Role::Reflection;
        let title = if optional {
            format!("{} (optional)", step.title)
        } else {
            step.title.clone()
        };
        p.show(Tone::Heading, &title)?;
        p.show(Tone::Plain, &step.question)?;
        p.show(Tone::Hint, &step.hint)?;
        let typed = p.long_text(&step.title, initial, typing)?;
        if !typed.trim().is_empty() {
            return Ok(typed);
        }
        if current.trim().is_empty() {
            return Ok(String::new());
        }
        self.keep_or_clear(p, step, current)
    }

    fn keep_or_clear(&self, p: &mut dyn Prompter, step: &Step, current: &str) -> Result<String> {
        let question = format!("Remove what you had written for {}?", step.title);
        Ok(if p.confirm(&question, false)? {
            String::new()
        } else {
            current.to_string()
        })
    }

    fn ask_evidence(
        &self,
        p: &mut dyn Prompter,
        current: Option<&EvidenceType>,
    ) -> Result<EvidenceType> {
        let items: Vec<String> = EvidenceType::KNOWN
            .iter()
            .map(|t| format!("{t} — {}", t.about()))
            .collect();
        let current = current.cloned().unwrap_or_default();
        let default = EvidenceType::KNOWN
            .iter()
            .position(|t| *t == current)
            .unwrap_or(0);
        let chosen = p.select("What kind of evidence is it?", &items, default)?;
        Ok(EvidenceType::KNOWN.get(chosen).cloned().unwrap_or(current))
    }

    fn ask_witness(&self, p: &mut dyn Prompter, current: &str) -> Result<String> {
        p.show(
            Tone::Hint,
            if current.is_empty() {
                "Someone who saw it and can confirm it, by role (e.g. Team leader). Enter to skip."
            } else {
                "Enter keeps it; type - to remove it."
            },
        )?;
        let default = Some(current).filter(|c| !c.is_empty());
        Ok(cleared(&p.input("Witness (optional)", default)?))
    }

    /// The criteria list: the best fits first with the words that matched,
    /// then the rest in catalogue order; the close best fits ticked unless
    /// the draft already says which.
    fn ask_criteria(&self, p: &mut dyn Prompter, draft: &Draft) -> Result<Vec<String>> {
        let ranked = self.index.rank(&draft.text());
        let mut ids: Vec<&str> = Vec::new();
        let mut items: Vec<String> = Vec::new();
        for s in ranked.iter().take(SUGGESTED) {
            if let Some(c) = self.catalogue.criterion(&s.id) {
                ids.push(&c.id);
                let words = s.matched.iter().take(4).cloned().collect::<Vec<_>>();
                items.push(format!("{}  {}  ← {}", c.id, c.label(), words.join(", ")));
            }
        }
        for c in self.catalogue.criteria() {
            if !ids.contains(&c.id.as_str()) {
                ids.push(&c.id);
                items.push(format!("{}  {}", c.id, c.label()));
            }
        }
        let wanted: Vec<String> = match &draft.criteria {
            Some(chosen) => chosen.clone(),
            None => suggest::preselect(&ranked),
        };
        let checked: Vec<bool> = ids
            .iter()
            .map(|id| wanted.iter().any(|w| w == id))
            .collect();
        p.show(Tone::Heading, "Criteria")?;
        p.show(
            Tone::Hint,
            if ranked.is_empty() {
                "None of your words point to a criterion; tick the ones this entry shows."
            } else {
                "Ticked: the best fits for your words (after ←, the words that matched). \
                 Space ticks or unticks, Enter accepts. Tick only what the entry clearly shows."
            },
        )?;
        let chosen = p.multi_select("Which criteria does this evidence?", &items, &checked)?;
        let mut out: Vec<String> = chosen
            .into_iter()
            .filter_map(|i| ids.get(i).map(|id| id.to_string()))
            .collect();
        out.sort_by_key(|id| self.catalogue.order(id));
        Ok(out)
    }

    fn ask_tags(&self, p: &mut dyn Prompter, current: &[String]) -> Result<Vec<String>> {
        let current = current.join(", ");
        if !current.is_empty() {
            p.show(Tone::Hint, "Enter keeps them; type - to remove them.")?;
        }
        let default = Some(current.as_str()).filter(|c| !c.is_empty());
        let typed = p.input("Tags (optional, separated by commas)", default)?;
        Ok(split_tags(&[cleared(&typed)]))
    }

    /// The confirm screen: the whole entry, the coaching, and what to do next.
    fn review(&self, p: &mut dyn Prompter, draft: &mut Draft, save: &mut Save) -> Result<Finish> {
        enum Choice {
            Save,
            Edit(Field),
            Menu,
            Document,
            Keep,
            Discard,
        }
        loop {
            let new = self.entry(draft)?;
            p.show(Tone::Heading, "Your entry")?;
            p.show(Tone::Entry, &self.render(&new))?;
            let notes = self.coach(draft, &new)?;
            let has_text = new
                .sections
                .values()
                .any(|t| !crate::model::entry::is_blank(t));
            if !notes.is_empty() {
                p.show(Tone::Heading, "Before you save")?;
                for note in &notes {
                    p.show(Tone::Warning, &note.text)?;
                }
            }
            let mut choices: Vec<(String, Choice)> = Vec::new();
            if has_text {
                let label = if notes.is_empty() {
                    "Save it"
                } else {
                    "Save anyway"
                };
                choices.push((label.into(), Choice::Save));
            } else {
                p.show(
                    Tone::Warning,
                    "no step has any text yet; write at least one before saving",
                )?;
            }
            let mut offered: Vec<Field> = Vec::new();
            for field in notes.iter().filter_map(|n| n.field.clone()) {
                if !offered.contains(&field) {
                    let label = format!("Go back to {}", self.field_name(draft, &field)?);
                    choices.push((label, Choice::Edit(field.clone())));
                    offered.push(field);
                }
            }
            choices.push(("Change something else…".into(), Choice::Menu));
            choices.push((
                "Edit the whole entry in your editor".into(),
                Choice::Document,
            ));
            choices.push(("Keep it as a draft and finish later".into(), Choice::Keep));
            choices.push(("Throw it away".into(), Choice::Discard));
            let labels: Vec<String> = choices.iter().map(|(l, _)| l.clone()).collect();
            let chosen = p.select("What next?", &labels, 0)?;
            match choices.into_iter().nth(chosen).map(|(_, c)| c) {
                Some(Choice::Save) => return Ok(Finish::Save(Box::new(new))),
                Some(Choice::Edit(field)) => self.change(p, draft, &field, save)?,
                Some(Choice::Menu) => {
                    if let Some(field) = self.pick_field(p, draft)? {
                        self.change(p, draft, &field, save)?;
                    }
                }
                Some(Choice::Document) => {
                    if self.edit_document(p, draft, save)? == Document::Kept {
                        return Ok(Finish::Keep);
                    }
                    self.ask_missing(p, draft, save)?;
                }
                Some(Choice::Keep) => return Ok(Finish::Keep),
                Some(Choice::Discard)
                    if p.confirm(
                        "Throw this entry away? Your answers will be deleted.",
                        false,
                    )? =>
                {
                    return Ok(Finish::Discard);
                }
                Some(Choice::Discard) | None => {}
            }
        }
    }

    /// Every answer, as a menu; `None` for "never mind".
    fn pick_field(&self, p: &mut dyn Prompter, draft: &Draft) -> Result<Option<Field>> {
        let mut fields = vec![Field::Framework, Field::Title, Field::Date];
        for step in self.shown_steps(draft)? {
            fields.push(Field::Section(step.key.clone()));
        }
        fields.extend([
            Field::Evidence,
            Field::Witness,
            Field::Criteria,
            Field::Tags,
        ]);
        let mut items = Vec::new();
        for field in &fields {
            items.push(format!(
                "{}{}",
                crate::cli::ui::label(&self.field_name(draft, field)?),
                self.field_value(draft, field)
            ));
        }
        items.push("Nothing — back to the entry".into());
        let chosen = p.select("What do you want to change?", &items, 0)?;
        Ok(fields.get(chosen).cloned())
    }

    /// The steps a person sees: those the framework asks, and any other
    /// that has text (a reflection kept from another framework).
    fn shown_steps(&self, draft: &Draft) -> Result<Vec<Step>> {
        let framework = self.framework(draft)?;
        Ok(self
            .frameworks
            .steps(framework)
            .filter(|s| {
                self.frameworks
                    .asked_steps(framework)
                    .any(|a| a.key == s.key)
                    || draft
                        .sections
                        .get(&s.key)
                        .is_some_and(|t| !t.trim().is_empty())
            })
            .cloned()
            .collect())
    }

    fn field_name(&self, draft: &Draft, field: &Field) -> Result<String> {
        Ok(match field {
            Field::Framework => "Framework".into(),
            Field::Title => "Title".into(),
            Field::Date => "Date".into(),
            Field::Section(key) => self
                .frameworks
                .steps(self.framework(draft)?)
                .find(|s| s.key == *key)
                .map_or_else(|| key.clone(), |s| s.title.clone()),
            Field::Evidence => "Evidence type".into(),
            Field::Witness => "Witness".into(),
            Field::Criteria => "Criteria".into(),
            Field::Tags => "Tags".into(),
        })
    }

    fn field_value(&self, draft: &Draft, field: &Field) -> String {
        let value = match field {
            Field::Framework => self
                .framework(draft)
                .map(|f| f.name.clone())
                .unwrap_or_default(),
            Field::Title => draft.title.clone().unwrap_or_default(),
            Field::Date => draft.occurred.map(|d| d.to_string()).unwrap_or_default(),
            Field::Section(key) => draft.sections.get(key).cloned().unwrap_or_default(),
            Field::Evidence => draft
                .evidence
                .as_ref()
                .map(|e| e.as_str().to_string())
                .unwrap_or_default(),
            Field::Witness => draft.witness.clone().unwrap_or_default(),
            Field::Criteria => draft.criteria.clone().unwrap_or_default().join(", "),
            Field::Tags => draft.tags.clone().unwrap_or_default().join(", "),
        };
        let line = value.split_whitespace().collect::<Vec<_>>().join(" ");
        // A draft is a file like any other: what it holds is shown safely.
        let line = crate::cli::ui::clean(&line).into_owned();
        match line.char_indices().nth(50) {
            None if line.is_empty() => "—".into(),
            None => line,
            Some((cut, _)) => format!("{}…", line[..cut].trim_end()),
        }
    }

    /// Asks one answer again, with the current one as the starting point.
    fn change(
        &self,
        p: &mut dyn Prompter,
        draft: &mut Draft,
        field: &Field,
        save: &mut Save,
    ) -> Result<()> {
        match field {
            Field::Framework => {
                let before = self.framework(draft)?.clone();
                let chosen = self.ask_framework(p, draft)?;
                if chosen != before.id {
                    let after = self.frameworks.get(&chosen).cloned();
                    if let Some(after) = after {
                        draft.sections = self.fold_sections(&before, &after, &draft.sections);
                    }
                    draft.framework = Some(chosen);
                    save(draft, Pace::Now)?;
                    self.ask_missing(p, draft, save)?;
                }
            }
            Field::Title => {
                let current = draft.title.clone().unwrap_or_default();
                let title = self.typed_title(p, draft, save, &current)?;
                draft.title = Some(title);
            }
            Field::Date => draft.occurred = Some(self.ask_date(p, draft.occurred)?),
            Field::Section(key) => {
                let framework = self.framework(draft)?;
                let step = self.frameworks.step(framework, key)?.clone();
                let current = draft.sections.get(key).cloned().unwrap_or_default();
                let text = self.typed_section(p, draft, save, &step, &current, &current)?;
                draft.sections.insert(key.clone(), text);
            }
            Field::Evidence => {
                draft.evidence = Some(self.ask_evidence(p, draft.evidence.as_ref())?);
            }
            Field::Witness => {
                let current = draft.witness.clone().unwrap_or_default();
                draft.witness = Some(self.ask_witness(p, &current)?);
            }
            Field::Criteria => draft.criteria = Some(self.ask_criteria(p, draft)?),
            Field::Tags => {
                let current = draft.tags.clone().unwrap_or_default();
                draft.tags = Some(self.ask_tags(p, &current)?);
            }
        }
        save(draft, Pace::Now)
    }

    /// Sections carried over to another framework: same keys stay, the
    /// rest are added to the new first step under their old titles, so no
    /// text is lost. Steps that are left empty are asked afterwards.
    fn fold_sections(
        &self,
        before: &Framework,
        after: &Framework,
        sections: &IndexMap<String, String>,
    ) -> IndexMap<String, String> {
        let keys: Vec<&str> = self
            .frameworks
            .steps(after)
            .map(|s| s.key.as_str())
            .collect();
        let first = after.steps.first().map_or("text", |s| s.key.as_str());
        let mut out: IndexMap<String, String> = IndexMap::new();
        let mut moved: Vec<String> = Vec::new();
        for (key, text) in sections {
            if keys.contains(&key.as_str()) {
                out.insert(key.clone(), text.clone());
            } else if !text.trim().is_empty() {
                let title = self
                    .frameworks
                    .steps(before)
                    .find(|s| s.key == *key)
                    .map_or(key.as_str(), |s| s.title.as_str());
                moved.push(format!(
                    "{}{}",
                    crate::cli::ui::label(title),
                    text.trim_end()
                ));
            }
        }
        if !moved.is_empty() {
            let mut text = out.get(first).cloned().unwrap_or_default();
            for m in moved {
                if !text.trim().is_empty() {
                    text.push_str("\n\n");
                }
                text.push_str(&m);
            }
            out.insert(first.to_string(), text);
        }
        out
    }

    /// The entry the draft would make now, sections in the framework's
    /// order. It is not written yet: no id, and `created` stands at the day
    /// it happened until `add` writes it.
    pub fn entry(&self, draft: &Draft) -> Result<Entry> {
        let framework = self.framework(draft)?;
        let mut sections = IndexMap::new();
        for step in self.frameworks.steps(framework) {
            if let Some(text) = draft.sections.get(&step.key) {
                sections.insert(step.key.clone(), text.clone());
            }
        }
        let occurred = draft.occurred.unwrap_or(self.today);
        Ok(Entry {
            title: draft.title.clone().unwrap_or_default(),
            created: occurred
                .and_time(chrono::NaiveTime::MIN)
                .and_utc()
                .fixed_offset(),
            occurred,
            framework: framework.id.clone(),
            evidence: draft.evidence.clone().unwrap_or_default(),
            criteria: draft.criteria.clone().unwrap_or_default(),
            tags: draft.tags.clone().unwrap_or_default(),
            witness: draft.witness.clone().filter(|w| !w.trim().is_empty()),
            attachments: draft.attachments.clone(),
            sections,
            ..Entry::default()
        })
    }

    fn render(&self, new: &Entry) -> String {
        let mut out = Vec::new();
        let entry = with_text_only(new);
        // Writing to a Vec cannot fail.
        let _ = crate::cli::view::write_entry(
            &mut out,
            &entry,
            self.frameworks,
            self.catalogue,
            self.paint,
        );
        String::from_utf8_lossy(&out).trim_end().to_string()
    }

    /// The coaching before saving: the shared entry lints (empty result,
    /// "I would…", no reasons, no follow-up, personal data, over-mapping),
    /// each pointed at the answer to change.
    pub fn coach(&self, draft: &Draft, new: &Entry) -> Result<Vec<Coaching>> {
        let entry = with_text_only(new);
        let framework = self.framework(draft)?;
        let role_step = |roles: &[Role]| {
            framework
                .steps
                .iter()
                .find(|s| roles.contains(&s.role))
                .map(|s| Field::Section(s.key.clone()))
        };
        let mut notes = Vec::new();
        for l in lint::lint_entry(&entry, self.frameworks, &self.lint) {
            let field = match (&l.step, l.kind) {
                (Some(step), _) => match step.as_str() {
                    "title" => Some(Field::Title),
                    "witness" => Some(Field::Witness),
                    "tags" => Some(Field::Tags),
                    "attachments" => None,
                    key => Some(Field::Section(key.to_string())),
                },
                (None, WarningKind::NoReasons) => role_step(&[Role::Action, Role::Analysis]),
                (None, WarningKind::NoFollowUp | WarningKind::NoOutcome) => {
                    role_step(&[Role::Outcome, Role::Next])
                }
                // Where this framework evaluates: its own step for it
                // (Gibbs' evaluation, Driscoll's "so what?"), else the
                // reflection step it asks after the others.
                (None, WarningKind::NoEvaluation) => role_step(&[Role::Evaluation])
                    .or_else(|| {
                        framework
                            .reflection
                            .then(|| Field::Section("reflection".into()))
                    })
                    .or_else(|| role_step(&[Role::Analysis])),
                (None, WarningKind::OverMapped | WarningKind::Unmapped) => Some(Field::Criteria),
                (None, _) => None,
            };
            let text = if l.kind == WarningKind::Unmapped {
                "No criteria are ticked — tick the ones this entry clearly shows".to_string()
            } else {
                let mut message = l.message.clone();
                if let (Some(f), Some(_)) = (&field, &l.step) {
                    let title = self.field_name(draft, f)?;
                    if !message.contains(&title) {
                        message = format!("{}{message}", crate::cli::ui::label(&title));
                    }
                }
                if let Some(cost) = cost(&l) {
                    message = format!("{message}; {cost}");
                }
                format!("{} — {}", capitalise(&message), l.advice)
            };
            notes.push(Coaching { field, text });
        }
        Ok(notes)
    }
}

/// What a finding costs, when its message does not say: the claimed
/// criteria it stops the entry counting for ("while it is there, none of
/// RES.1, RES.2 and RES.5 will count").
fn cost(l: &lint::Lint) -> Option<String> {
    let held = &l.holds_back;
    if held.is_empty() || held.iter().all(|id| l.message.contains(id.as_str())) {
        return None;
    }
    let when = match l.kind {
        WarningKind::PersonalData => "while it is there",
        _ => "until then",
    };
    Some(match held.as_slice() {
        [one] => format!("{when}, {one} will not count"),
        [a, b] => format!("{when}, neither {a} nor {b} will count"),
        many => format!(
            "{when}, none of {} will count",
            crate::model::english::and_list(many)
        ),
    })
}

/// The entry without the steps left empty, as it will be saved.
fn with_text_only(entry: &Entry) -> Entry {
    let mut entry = entry.clone();
    entry
        .sections
        .retain(|_, text| !crate::model::entry::is_blank(text));
    entry
}

/// An optional answer: trimmed, with a lone "-" meaning "none".
fn cleared(typed: &str) -> String {
    match typed.trim() {
        "-" => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests;
