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
use crate::cli::records;
use crate::cli::ui;
use crate::model::criteria::Catalogue;
use crate::model::settings::Settings;
use crate::rules::assessed;
use crate::rules::gaps::{self, Digest, Report};
use crate::rules::lint::LintConfig;
use crate::rules::programme::{self, HoursReport, Programme};
use crate::store::entries::read_entry;

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
///
/// An entry whose claims were narrowed is judged again from its file with
/// only the claims kept (the same `config` the digests were made with), so
/// its findings name and hold back only this qualification's criteria, and
/// over-mapping counts only its claims here — the judgement sees what it
/// would see had the logbook held this qualification alone.
pub fn narrow_digests(
    loaded: Vec<(PathBuf, Digest)>,
    app: &App,
    config: &LintConfig,
    scope: Option<&Scope>,
) -> Vec<(PathBuf, Digest)> {
    let Some(scope) = scope else {
        return loaded;
    };
    let full = app.catalogue();
    let keep =
        |id: &String| scope.catalogue.criterion(id).is_some() || full.criterion(id).is_none();
    loaded
        .into_iter()
        .filter_map(|(path, mut digest)| {
            let had = digest.entry.criteria.len();
            let kept: Vec<String> = digest
                .entry
                .criteria
                .iter()
                .filter(|id| keep(id))
                .cloned()
                .collect();
            if kept.len() == had {
                return Some((path, digest));
            }
            if kept.is_empty() {
                return None;
            }
            match read_entry(&path) {
                Ok(stored) => {
                    let mut entry = stored.entry;
                    entry.criteria = kept;
                    digest = Digest::new(entry, app.frameworks(), config);
                }
                // Gone or changed since it was listed: keep the findings,
                // limited to the claims kept.
                Err(_) => {
                    digest.entry.criteria = kept;
                    let claims = &digest.entry.criteria;
                    digest.lints.retain_mut(|lint| {
                        let held = !lint.holds_back.is_empty();
                        lint.holds_back.retain(|id| claims.contains(id));
                        !held || !lint.holds_back.is_empty()
                    });
                }
            }
            Some((path, digest))
        })
        .collect()
}

/// What `gaps`, `export`, `gateway` and `cohort` judge from: the digest of
/// every entry `keep` accepts (kept between runs, see `store::cache`),
/// narrowed to the scope, beside its file's path, and the assessor's
/// decisions on those entries.
pub struct Evidence {
    pub paths: Vec<PathBuf>,
    pub digests: Vec<Digest>,
    pub judged: Vec<assessed::Judged>,
}

/// Loads the [`Evidence`] on all cores; files that cannot be read are
/// warned about and left out.
pub fn evidence(
    app: &App,
    settings: &Settings,
    scope: Option<&Scope>,
    keep: impl Fn(&Digest) -> bool,
) -> Evidence {
    let config = LintConfig::new(settings, app.catalogue());
    let loaded = crate::store::cache::load_digests(&app.store, app.frameworks(), &config);
    ui::warn_skipped(&loaded.problems);
    let kept = loaded
        .entries
        .into_iter()
        .filter(|(_, d)| keep(d))
        .collect();
    let (paths, digests): (Vec<PathBuf>, Vec<Digest>) = narrow_digests(kept, app, &config, scope)
        .into_iter()
        .unzip();
    let judged = records::judged(
        &app.store,
        digests
            .iter()
            .zip(&paths)
            .map(|(d, p)| (d.entry.id.as_str(), p.as_path())),
    );
    Evidence {
        paths,
        digests,
        judged,
    }
}

impl Evidence {
    /// The report as `gaps` gives it: the evidence analysed on `as_of`,
    /// then the assessor's decisions applied.
    pub fn report(
        &self,
        catalogue: &Catalogue,
        settings: &Settings,
        as_of: NaiveDate,
        today: NaiveDate,
        unit: Option<&str>,
    ) -> Report {
        let mut report =
            gaps::analyse_digests(&self.digests, catalogue, settings, as_of, today, unit);
        assessed::apply(&mut report, &self.judged);
        report
    }
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
