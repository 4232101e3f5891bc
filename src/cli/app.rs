//! What every command runs with: the data directory's [`Store`], the time
//! (pinned by `LOGBOOK_NOW`), and the catalogue, frameworks and settings,
//! each loaded on first use.

use std::cell::OnceCell;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::cli::error::{CommandError, Result};
use crate::cli::ui;
use crate::model::criteria::Catalogue;
use crate::model::dates;
use crate::model::frameworks::Frameworks;
use crate::model::profile;
use crate::model::settings::Settings;
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
                    CommandError::usage("cannot find a home directory for the logbook")
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
        dates::parse_date(text, self.today())
            .map_err(|e| CommandError::usage(format!("{flag}: {e}")))
    }

    /// The day something happened, typed for the flag named `flag`: a date
    /// as [`App::parse_date`] reads it, today or before.
    pub fn parse_occurred(&self, flag: &str, text: &str) -> Result<NaiveDate> {
        dates::parse_occurred(text, self.today())
            .map_err(|e| CommandError::usage(format!("{flag}: {e}")))
    }

    /// Built-in criteria (unless `builtin_criteria = false`) plus the
    /// user's `criteria/*.toml`. A broken user file is reported
    /// (path:line:col) and skipped; the rest still works. (A broken
    /// `logbook.toml` keeps the built-ins; the command reports the file.)
    pub fn catalogue(&self) -> &Catalogue {
        self.catalogue.get_or_init(|| {
            let builtin = self.settings().map_or(true, Settings::builtin_criteria);
            let (catalogue, problems) = self.store.load_catalogue(builtin);
            for warning in problems {
                ui::warn(&format!("{warning}; skipped"));
            }
            if catalogue.units.is_empty() {
                ui::warn(
                    "no criteria: builtin_criteria = false and criteria/ holds no unit; \
                     import one with `logbook criteria import FILE.csv --unit CODE --title TEXT`",
                );
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
        let mut settings = self.store.read_settings()?.unwrap_or_default();
        // `LOGBOOK_<KEY>` overrides a profile key (an assessor's own name
        // across the logbooks they read, say); `logbook config` shows it.
        for key in profile::KEYS {
            let var = profile::env_var(key);
            if let Some(text) = std::env::var(&var).ok().filter(|v| !v.trim().is_empty()) {
                let value = profile::parse_typed(key, &text, self.today())
                    .map_err(|e| CommandError::usage(format!("${var}: {e}")))?;
                settings.profile.set(key, Some(value));
            }
        }
        Ok(self.settings.get_or_init(|| settings))
    }
}
