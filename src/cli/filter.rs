//! The entry filters `list`, `search` and `export` share: `--unit`,
//! `--criterion`, `--tag`, `--since`, `--until`, `--qualification`, as flags ([`FilterArgs`])
//! and checked ([`Filter`]).

use chrono::NaiveDate;
use clap::Args;

use crate::cli::app::App;
use crate::cli::error::Result;
use crate::cli::ui;
use crate::model::entry::Entry;

/// Filters shared by list, search and export.
#[derive(Debug, Args, Default, Clone)]
pub struct FilterArgs {
    /// Only entries mapped to a criterion of this unit, e.g. RES
    #[arg(long, short, value_name = "UNIT")]
    pub unit: Option<String>,

    /// Only entries mapped to this criterion, e.g. RES.4
    #[arg(long, value_name = "ID")]
    pub criterion: Option<String>,

    /// Only entries with this tag
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,

    /// Only this qualification's units and the entries claimed against
    /// them (its name, or a part only it has, e.g. ST0072)
    #[arg(long, value_name = "Q")]
    pub qualification: Option<String>,

    /// Only entries that happened on or after this date
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Only entries that happened on or before this date
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

/// A checked filter: ids resolved, dates parsed.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub unit: Option<String>,
    pub criterion: Option<String>,
    pub tag: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// `--qualification`: its name and unit codes.
    pub qualification: Option<(String, Vec<String>)>,
}

impl FilterArgs {
    pub fn resolve(&self, app: &App) -> Result<Filter> {
        let catalogue = app.catalogue();
        Ok(Filter {
            unit: match &self.unit {
                Some(u) => Some(catalogue.resolve_unit(u)?.code.clone()),
                None => None,
            },
            criterion: match &self.criterion {
                Some(c) => Some(catalogue.resolve(c)?.id.clone()),
                None => None,
            },
            tag: self
                .tag
                .as_ref()
                .map(|t| t.trim().trim_start_matches(['#', '@']).to_lowercase()),
            since: self
                .since
                .as_deref()
                .map(|d| app.parse_date("--since", d))
                .transpose()?,
            until: self
                .until
                .as_deref()
                .map(|d| app.parse_date("--until", d))
                .transpose()?,
            qualification: match &self.qualification {
                Some(q) => {
                    let name = catalogue.resolve_qualification(q)?;
                    let units = catalogue.only_qualification(name).units;
                    Some((
                        name.to_string(),
                        units.into_iter().map(|u| u.code).collect(),
                    ))
                }
                None => None,
            },
        })
    }
}

impl Filter {
    pub fn matches(&self, entry: &Entry) -> bool {
        let unit_ok = self.unit.as_ref().is_none_or(|u| {
            entry
                .criteria
                .iter()
                .any(|c| c.split('.').next() == Some(u.as_str()))
        });
        let criterion_ok = self
            .criterion
            .as_ref()
            .is_none_or(|c| entry.criteria.contains(c));
        let tag_ok = self
            .tag
            .as_ref()
            .is_none_or(|t| entry.tags.iter().any(|e| e.to_lowercase() == *t));
        let since_ok = self.since.is_none_or(|d| entry.occurred >= d);
        let until_ok = self.until.is_none_or(|d| entry.occurred <= d);
        let qualification_ok = self.qualification.as_ref().is_none_or(|(_, units)| {
            entry.criteria.iter().any(|c| {
                c.split('.')
                    .next()
                    .is_some_and(|u| units.iter().any(|x| x == u))
            })
        });
        unit_ok && criterion_ok && tag_ok && since_ok && until_ok && qualification_ok
    }
}

/// Loads the entries the filter accepts, in date order, warning about the
/// files that could not be used. The filter runs as files are read, and no
/// file text is kept.
pub fn load_matching(app: &App, filter: &Filter) -> Vec<Entry> {
    let loaded = app.store.load_entries(|e| filter.matches(&e).then_some(e));
    ui::warn_skipped(&loaded.problems);
    loaded.entries
}
