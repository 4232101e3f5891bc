//! logbook: a private, coaching evidence logbook for customer-service
//! management qualifications. `main.rs` parses the command line and calls
//! [`run`]; everything else lives here so tests can reach it.

pub mod cache;
pub mod cli;
pub mod commands;
pub mod criteria;
pub mod dates;
pub mod editor;
pub mod entry;
pub mod error;
pub mod export;
pub mod frameworks;
pub mod gaps;
pub mod jrnl;
pub mod lint;
pub mod markdown;
pub mod prompt;
pub mod redact;
pub mod rewrite;
pub mod search;
pub mod settings;
pub mod stem;
pub mod store;
pub mod suggest;
pub mod text;
pub mod ui;
pub mod walk;

use std::cell::OnceCell;
use std::io::Write;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::criteria::Catalogue;
use crate::error::{Error, Result};
use crate::frameworks::Frameworks;
use crate::settings::Settings;
use crate::store::Store;

/// What every command needs: where the data is, what time it is, and the
/// catalogue, frameworks and settings, each loaded only when first asked for.
pub struct App {
    pub store: Store,
    pub now: DateTime<FixedOffset>,
    catalogue: OnceCell<Catalogue>,
    frameworks: OnceCell<Frameworks>,
    settings: OnceCell<Settings>,
}

impl App {
    pub fn new(dir: PathBuf, now: DateTime<FixedOffset>) -> App {
        App {
            store: Store::new(dir),
            now,
            catalogue: OnceCell::new(),
            frameworks: OnceCell::new(),
            settings: OnceCell::new(),
        }
    }

    /// From the command line and the environment: `--dir` > `LOGBOOK_DIR` >
    /// the platform data directory; `LOGBOOK_NOW` pins the time.
    pub fn from_env(dir: Option<PathBuf>) -> Result<App> {
        let env_dir = std::env::var_os("LOGBOOK_DIR")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from);
        let dir = match dir.or(env_dir) {
            Some(dir) => dir,
            None => directories::ProjectDirs::from("", "", "logbook")
                .map(|p| p.data_dir().to_path_buf())
                .ok_or_else(|| {
                    Error::usage("cannot find a home directory for the logbook")
                        .with_hint("pass --dir PATH or set LOGBOOK_DIR")
                })?,
        };
        let now = dates::now_from_env(std::env::var("LOGBOOK_NOW").ok().as_deref())?;
        Ok(App::new(dir, now))
    }

    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// A date typed on the command line, for the flag named `flag`.
    pub fn parse_date(&self, flag: &str, text: &str) -> Result<NaiveDate> {
        dates::parse_date(text, self.today()).map_err(|e| Error::usage(format!("{flag}: {e}")))
    }

    /// Built-in criteria plus the user's `criteria/*.toml`. A broken user
    /// file is reported (path:line:col) and skipped; the rest still works.
    pub fn catalogue(&self) -> &Catalogue {
        self.catalogue.get_or_init(|| {
            let mut catalogue = Catalogue::builtin();
            for warning in load_user_units(&self.store, &mut catalogue) {
                ui::warn(&format!("{warning}; skipped"));
            }
            catalogue
        })
    }

    pub fn frameworks(&self) -> &Frameworks {
        self.frameworks.get_or_init(Frameworks::builtin)
    }

    /// `logbook.toml`, or the defaults when there is none.
    pub fn settings(&self) -> Result<&Settings> {
        if let Some(settings) = self.settings.get() {
            return Ok(settings);
        }
        let path = self.store.settings_path();
        let settings = match store::read_text(&path) {
            Ok(text) => Settings::parse(&text)
                .map_err(|p| Error::usage(store::FileProblem::new(&path, p).to_string()))?,
            Err(_) if !path.exists() => Settings::default(),
            Err(problem) => return Err(Error::usage(problem.to_string())),
        };
        Ok(self.settings.get_or_init(|| settings))
    }
}

/// Reads `<data dir>/criteria/*.toml` into the catalogue; returns what was wrong.
pub fn load_user_units(store: &Store, catalogue: &mut Catalogue) -> Vec<criteria::LoadWarning> {
    let dir = store.criteria_dir();
    let Ok(read) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = read
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut warnings = Vec::new();
    for path in paths {
        let shown = path.display().to_string();
        let parsed = store::read_text(&path)
            .map_err(|p| criteria::LoadWarning {
                file: shown.clone(),
                line: p.line,
                col: p.col,
                message: p.message,
            })
            .and_then(|text| criteria::parse_unit(&shown, &text));
        match parsed {
            Ok(unit) => catalogue.merge(unit),
            Err(w) => warnings.push(w),
        }
    }
    warnings
}

/// Runs one command line. Output goes to `out`; errors come back for
/// `main` to print and turn into an exit code.
pub fn run(cli: cli::Cli, out: &mut dyn Write) -> Result<()> {
    match cli.command {
        // These need no data directory, so they work anywhere (packaging).
        cli::Command::Completions(args) => commands::completions::run(args, out)?,
        cli::Command::Man(args) => commands::man::run(args, out)?,
        command => {
            let app = App::from_env(cli.dir.clone())?;
            commands::dispatch(&app, command, out)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Prints an error the way every command does, and gives its exit code.
pub fn report(err: &Error) -> u8 {
    if err.kind == error::Kind::Interrupted {
        // Ctrl-C is the user's choice, not a failure: say what happened, calmly.
        let _ = writeln!(std::io::stderr(), "{err}");
    } else if err.kind != error::Kind::BrokenPipe {
        let paint = ui::Paint {
            on: ui::stderr_colour(),
        };
        let _ = writeln!(std::io::stderr(), "{} {err}", paint.red("error:"));
    }
    err.exit_code()
}
