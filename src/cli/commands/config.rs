//! `logbook config`: where the data directory and `logbook.toml` are, and
//! every setting in force, marked as set in the file or a default.

use std::io::Write;
use std::path::Path;

use clap::Args;
use serde_json::{Value, json};

use crate::cli::app::App;
use crate::cli::error::Result;
use crate::cli::ui::{self, Paint};

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// One JSON object on stdout: {"data_dir","data_dir_source","settings_file",
    /// "settings_file_exists","settings":{...}}
    #[arg(long)]
    pub json: bool,
}

/// What an unset optional setting means, for the ones that have a meaning.
const UNSET: &[(&str, &str)] = &[
    ("learner", "not set: the export has no name on it"),
    (
        "qualification",
        "not set: the export uses the units' titles",
    ),
    ("default_framework", "not set: star"),
];

pub fn run(app: &App, args: ConfigArgs, out: &mut dyn Write) -> Result<()> {
    let root = app.store.root().to_path_buf();
    let source = dir_source(&root);
    let path = app.store.settings_path();
    let exists = path.is_file();
    let settings = app.settings()?;
    let in_file = file_keys(&path);
    let values = serde_json::to_value(settings).unwrap_or(Value::Null);

    if args.json {
        let doc = json!({
            "data_dir": root,
            "data_dir_source": source,
            "settings_file": path,
            "settings_file_exists": exists,
            "settings": values,
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
    let mut lines = Vec::new();
    flatten("", &values, &mut lines);
    let width = lines.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (key, value) in lines {
        let shown = match (&value, UNSET.iter().find(|(k, _)| *k == key)) {
            (Value::Null, Some((_, meaning))) => paint.dim(&format!("({meaning})")),
            (Value::Null, None) => paint.dim("(not set)"),
            _ => ui::clean(&value.to_string()).into_owned(),
        };
        let origin = if in_file.contains(&key) || value.is_null() {
            ""
        } else {
            " (default)"
        };
        writeln!(out, "{key:<width$}  {shown}{}", paint.dim(origin))?;
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
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let Ok(table) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    let value = serde_json::to_value(&table).unwrap_or(Value::Null);
    let mut lines = Vec::new();
    flatten("", &value, &mut lines);
    lines.into_iter().map(|(k, _)| k).collect()
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
