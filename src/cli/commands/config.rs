//! `logbook config`: the candidate's profile and the settings. With no
//! action, where the data directory and `logbook.toml` are, and every
//! setting in force with where it comes from (a default, `logbook.toml`, or
//! the environment). `config get KEY` prints one value; `config set KEY
//! VALUE` checks a profile value and writes it into `logbook.toml`, keeping
//! the file's comments and other settings.

use std::io::Write;
use std::path::Path;

use clap::{Args, Subcommand};
use serde_json::{Value, json};

use crate::cli::app::App;
use crate::cli::error::{CommandError, Result};
use crate::cli::ui::{self, Paint};
use crate::model::profile::{self, ProfileError};
use crate::model::settings::Settings;
use crate::store::atomic::write_replace;

#[derive(Debug, Args)]
#[command(after_help = profile_help())]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub action: Option<ConfigAction>,

    /// One JSON object on stdout: {"data_dir","data_dir_source","settings_file",
    /// "settings_file_exists","settings":{...},"origins":{...}}
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Set a profile value in logbook.toml ("" removes it); dates in any form `add` takes
    Set {
        /// A profile key (see `logbook config --help`)
        key: String,
        value: String,
    },
    /// Print one value (profile keys and settings such as gaps.currency_months)
    Get { key: String },
}

/// The profile keys and what each is, for `--help`.
fn profile_help() -> String {
    let width = profile::KEYS
        .iter()
        .map(|k| k.name.len())
        .max()
        .unwrap_or(0);
    let mut text = String::from("Profile keys (on the portfolio's front page):\n");
    for k in profile::KEYS {
        text.push_str(&format!("  {:<width$}  {}\n", k.name, k.help));
    }
    text.push_str(
        "\nLOGBOOK_<KEY> in the environment (LOGBOOK_ASSESSOR, say) overrides logbook.toml.",
    );
    text
}

/// What an unset optional setting means, for the ones that have a meaning.
const UNSET: &[(&str, &str)] = &[
    ("learner", "not set: the export has no name on it"),
    (
        "qualification",
        "not set: the export uses the units' titles",
    ),
    ("default_framework", "not set: star"),
    (
        "builtin_criteria",
        "not set: true, the built-in units are on",
    ),
];

pub fn run(app: &App, args: ConfigArgs, out: &mut dyn Write) -> Result<()> {
    match args.action {
        Some(ConfigAction::Set { key, value }) => set(app, &key, &value, out),
        Some(ConfigAction::Get { key }) => get(app, &key, out),
        None => show(app, args.json, out),
    }
}

/// Where a setting's value comes from.
fn origin(key: &str, in_file: &[String], value: &Value) -> String {
    if let Some(k) = profile::key(key) {
        let var = profile::env_var(k);
        if std::env::var(&var).is_ok_and(|v| !v.trim().is_empty()) {
            return format!("environment: ${var}");
        }
    }
    if in_file.iter().any(|k| k == key) {
        "logbook.toml".into()
    } else if value.is_null() {
        "not set".into()
    } else {
        "default".into()
    }
}

fn show(app: &App, as_json: bool, out: &mut dyn Write) -> Result<()> {
    let root = app.store.root().to_path_buf();
    let source = dir_source(&root);
    let path = app.store.settings_path();
    let exists = path.is_file();
    let settings = app.settings()?;
    let in_file = file_keys(&path);
    let values = serde_json::to_value(settings).unwrap_or(Value::Null);
    let mut lines = Vec::new();
    flatten("", &values, &mut lines);

    if as_json {
        let origins: serde_json::Map<String, Value> = lines
            .iter()
            .map(|(k, v)| (k.clone(), Value::from(origin(k, &in_file, v))))
            .collect();
        let doc = json!({
            "data_dir": root,
            "data_dir_source": source,
            "settings_file": path,
            "settings_file_exists": exists,
            "settings": values,
            "origins": origins,
        });
        serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }

    let paint = Paint {
        on: ui::stdout_colour(),
    };
    let root_shown = root.display().to_string();
    writeln!(
        out,
        "{} {}",
        paint.bold("Data directory"),
        ui::clean(&root_shown)
    )?;
    writeln!(out, "  {}", paint.dim(&format!("from {source}")))?;
    let path_shown = path.display().to_string();
    writeln!(
        out,
        "{} {}",
        paint.bold("Settings file "),
        ui::clean(&path_shown)
    )?;
    if !exists {
        writeln!(
            out,
            "  {}",
            paint.dim("not created yet: every setting below is a default")
        )?;
    }
    writeln!(out)?;
    let width = lines.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (key, value) in &lines {
        let shown = match (value, UNSET.iter().find(|(k, _)| *k == key)) {
            (Value::Null, Some((_, meaning))) => paint.dim(&format!("({meaning})")),
            (Value::Null, None) => paint.dim("(not set)"),
            _ => ui::clean(&value.to_string()).into_owned(),
        };
        let from = origin(key, &in_file, value);
        let from = if from == "not set" {
            String::new()
        } else {
            format!(" ({from})")
        };
        writeln!(out, "{key:<width$}  {shown}{}", paint.dim(&from))?;
    }
    Ok(())
}

/// `config get KEY`: the value alone, as a script wants it.
fn get(app: &App, key: &str, out: &mut dyn Write) -> Result<()> {
    let settings = app.settings()?;
    if let Some(k) = profile::key(key) {
        return match settings.profile.get(k.name) {
            Some(v) => Ok(writeln!(out, "{}", ui::clean(&v.display()))?),
            None => Err(CommandError::found(format!("{key} is not set"))
                .with_hint(format!("logbook config set {key} VALUE"))),
        };
    }
    let values = serde_json::to_value(settings).unwrap_or(Value::Null);
    let mut lines = Vec::new();
    flatten("", &values, &mut lines);
    match lines.iter().find(|(k, _)| k == key) {
        Some((_, Value::Null)) => Err(CommandError::found(format!("{key} is not set"))),
        Some((_, Value::String(s))) => Ok(writeln!(out, "{}", ui::clean(s))?),
        Some((_, v)) => Ok(writeln!(out, "{}", ui::clean(&v.to_string()))?),
        None => {
            let others: Vec<&str> = lines.iter().map(|(k, _)| k.as_str()).collect();
            let near = crate::model::names::closest(key, others.iter().copied());
            Err(
                CommandError::usage(format!("unknown key {key:?}")).with_hint(match near {
                    Some(n) => format!("did you mean {n}?"),
                    None => "`logbook config` lists them".to_string(),
                }),
            )
        }
    }
}

/// `config set KEY VALUE`: checked, then written into `logbook.toml`
/// atomically (0600), every comment and other setting kept.
fn set(app: &App, name: &str, raw: &str, out: &mut dyn Write) -> Result<()> {
    let Some(key) = profile::key(name) else {
        let settings_keys = ["default_framework", "builtin_criteria", "gaps", "redact"];
        let err = ProfileError::unknown(name, &settings_keys);
        let mut e = CommandError::from(err);
        if name == "default_framework"
            || name == "builtin_criteria"
            || name.starts_with("gaps.")
            || name.starts_with("redact.")
        {
            e = CommandError::usage(format!("{name} is a setting, not a profile key"))
                .with_hint("edit logbook.toml for it; `logbook config` shows where the file is");
        }
        return Err(e);
    };
    let value = if raw.trim().is_empty() {
        None
    } else {
        Some(profile::parse_typed(key, raw, app.today())?)
    };
    let store = &app.store;
    let _lock = store.lock()?;
    let path = store.settings_path();
    let text = match crate::store::read::read_text(&path) {
        Ok(text) => text,
        Err(_) if !path.exists() && !path.is_symlink() => String::new(),
        Err(p) => {
            return Err(CommandError::usage(p.to_string())
                .with_hint("fix logbook.toml first; nothing was changed"));
        }
    };
    // A broken file is reported, never rewritten.
    Settings::parse(&text).map_err(|p| {
        CommandError::usage(p.in_file(&path).to_string())
            .with_hint("fix logbook.toml first; nothing was changed")
    })?;
    let new = profile::set_in_text(&text, key, value.as_ref())
        .map_err(|m| CommandError::usage(format!("{}: {m}", path.display())))?;
    Settings::parse(&new).map_err(|p| CommandError::usage(p.in_file(&path).to_string()))?;
    write_replace(&path, new.as_bytes()).map_err(|e| CommandError::io("write", &path, e))?;
    match &value {
        Some(v) => writeln!(out, "{name} = {}", ui::clean(&v.display()))?,
        None => writeln!(out, "{name} removed")?,
    }
    let var = profile::env_var(key);
    if std::env::var(&var).is_ok_and(|v| !v.trim().is_empty()) {
        ui::warn(&format!(
            "${var} is set and overrides logbook.toml for {name}"
        ));
    }
    Ok(())
}

/// Which of `--dir`, `$LOGBOOK_DIR` or the platform default chose `root`.
fn dir_source(root: &Path) -> &'static str {
    let env = std::env::var_os("LOGBOOK_DIR").filter(|d| !d.is_empty());
    if env.is_some_and(|d| Path::new(&d) == root) {
        return "$LOGBOOK_DIR";
    }
    let default =
        directories::ProjectDirs::from("", "", "logbook").map(|p| p.data_dir().to_path_buf());
    if default.is_some_and(|d| d == root) {
        "the platform default (neither --dir nor $LOGBOOK_DIR is set)"
    } else {
        "--dir"
    }
}

/// `gaps.currency_months`-style keys present in the file.
fn file_keys(path: &Path) -> Vec<String> {
    fn walk(prefix: &str, table: &toml::Table, out: &mut Vec<String>) {
        for (key, value) in table {
            let full = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            match value {
                toml::Value::Table(t) => walk(&full, t, out),
                _ => out.push(full),
            }
        }
    }
    let Ok(text) = crate::store::read::read_text(path) else {
        return Vec::new();
    };
    let Ok(table) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    let mut keys = Vec::new();
    walk("", &table, &mut keys);
    keys
}

/// Nested tables as dotted keys, in order.
fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                let full = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&full, value, out);
            }
        }
        other => out.push((prefix.to_string(), other.clone())),
    }
}
