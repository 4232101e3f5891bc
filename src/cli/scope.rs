//! What `--qualification` narrows to, and the programme's progress and
//! hours as `gaps`, `export`, `hours` and `gateway` all need them.
//!
//! Several qualifications can live in one logbook, each unit naming its
//! own. Limiting a command to one happens before any analysis: the
//! catalogue keeps only that qualification's units, and each entry only
//! its claims on them (an entry claimed only against another
//! qualification's criteria is left out), so the judgement rules run
//! unchanged, and an entry's claims elsewhere are never taken for unknown
//! criteria.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::cli::app::App;
use crate::cli::error::Result;
use crate::cli::ui;
use crate::model::criteria::Catalogue;
use crate::model::settings::Settings;
use crate::rules::gaps::Digest;
use crate::rules::programme::{self, HoursReport, Programme};

/// One qualification: its name, and the catalogue limited to it.
pub struct Scope {
    pub name: String,
    pub catalogue: Catalogue,
}

/// `--qualification Q`, resolved against the logbook's catalogue (any
/// case, or a part of the name only one qualification has).
pub fn qualification(app: &App, typed: Option<&str>) -> Result<Option<Scope>> {
    let Some(typed) = typed else {
        return Ok(None);
    };
    let catalogue = app.catalogue();
    let name = catalogue.resolve_qualification(typed)?.to_string();
    Ok(Some(Scope {
        catalogue: catalogue.only_qualification(&name),
        name,
    }))
}

/// The catalogue to judge by: the scope's, or the whole logbook's.
pub fn catalogue<'a>(app: &'a App, scope: Option<&'a Scope>) -> &'a Catalogue {
    scope.map_or_else(|| app.catalogue(), |s| &s.catalogue)
}

/// Keeps the digests that belong to the scope, each with only its claims
/// on the scope's criteria: a claim on another unit of the logbook is
/// dropped, a claim on no known criterion kept (so it is still reported),
/// and an entry left with no claims though it had some is left out.
pub fn narrow_digests(
    loaded: Vec<(PathBuf, Digest)>,
    full: &Catalogue,
    scope: Option<&Scope>,
) -> Vec<(PathBuf, Digest)> {
    let Some(scope) = scope else {
        return loaded;
    };
    loaded
        .into_iter()
        .filter_map(|(path, mut digest)| {
            let claims = &mut digest.entry.criteria;
            let had = !claims.is_empty();
            claims.retain(|id| {
                scope.catalogue.criterion(id).is_some() || full.criterion(id).is_none()
            });
            (!had || !claims.is_empty()).then_some((path, digest))
        })
        .collect()
}

/// The programme's dates from the profile, when both are set and the end
/// is after the start (a reversed pair is warned about once).
pub fn programme(settings: &Settings) -> Option<Programme> {
    let (start, end) = (
        settings.profile.date("start_date"),
        settings.profile.date("end_date"),
    );
    let found = Programme::new(start, end);
    if found.is_none()
        && let (Some(s), Some(e)) = (start, end)
    {
        ui::warn(&format!(
            "end_date ({e}) is not after start_date ({s}), so progress against time is not shown"
        ));
    }
    found
}

/// The off-the-job hours report on `as_of`, listing items from `since`,
/// for the programme [`programme`] found; unreadable hours files are warned
/// about and left out.
pub fn hours(
    app: &App,
    dates: Option<Programme>,
    as_of: NaiveDate,
    since: Option<NaiveDate>,
) -> Result<HoursReport> {
    let settings = app.settings()?;
    let found = app.store.hours_files();
    ui::warn_skipped(&found.problems);
    let items = programme::live(found.files.iter().map(|f| (f.id.as_str(), &f.file)));
    Ok(programme::hours_report(
        &items,
        settings.profile.hours("otj_minimum_hours"),
        dates,
        as_of,
        since,
    ))
}
