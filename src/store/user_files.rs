//! The user's own configuration in the data directory: `logbook.toml` and
//! the criteria sets in `criteria/*.toml`.

use std::path::PathBuf;

use super::Store;
use super::read::read_text;
use crate::model::criteria::{Catalogue, parse_unit};
use crate::model::diagnostic::Diagnostic;
use crate::model::settings::Settings;

impl Store {
    /// `logbook.toml`, or `None` when there is none; a file that cannot be
    /// read or parsed is reported at its place.
    pub fn read_settings(&self) -> Result<Option<Settings>, Diagnostic> {
        let path = self.settings_path();
        match read_text(&path) {
            Ok(text) => Settings::parse(&text)
                .map(Some)
                .map_err(|p| p.in_file(&path)),
            Err(_) if !path.exists() => Ok(None),
            Err(problem) => Err(problem),
        }
    }

    /// The catalogue: the built-in units (unless `builtin` is false, from
    /// `builtin_criteria = false`) and the user's `criteria/*.toml`, with
    /// what was wrong with the files that could not be used.
    pub fn load_catalogue(&self, builtin: bool) -> (Catalogue, Vec<Diagnostic>) {
        let mut catalogue = if builtin {
            Catalogue::builtin()
        } else {
            Catalogue::default()
        };
        let problems = self.load_user_units(&mut catalogue);
        (catalogue, problems)
    }

    /// Reads `criteria/*.toml` (in name order) into `catalogue`; returns
    /// what was wrong with the files that could not be used.
    pub fn load_user_units(&self, catalogue: &mut Catalogue) -> Vec<Diagnostic> {
        let Ok(read) = std::fs::read_dir(self.criteria_dir()) else {
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
            let parsed =
                read_text(&path).and_then(|text| parse_unit(&path.display().to_string(), &text));
            match parsed {
                Ok(unit) => catalogue.merge(unit),
                Err(w) => warnings.push(w),
            }
        }
        warnings
    }
}
