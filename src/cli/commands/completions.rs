//! `logbook completions SHELL`: a completion script for bash, zsh, fish,
//! elvish or PowerShell, generated from the command-line definition. For
//! bash, zsh and fish it also completes entry ids where a command takes
//! one (`show`, `edit`, `tag`, `rm`, `witness`, `assess`, `purge`), asking
//! `logbook __complete-ids` at
//! the moment of completion, so new entries are offered at once.

use std::io::Write;

use clap::Args;
use clap_complete::Shell;

use crate::cli::error::Result;

#[derive(Debug, Args)]
#[command(after_help = "Install, for example:
  bash  logbook completions bash > ~/.local/share/bash-completion/completions/logbook
  zsh   logbook completions zsh > ~/.zfunc/_logbook   (with fpath+=~/.zfunc before compinit)
  fish  logbook completions fish > ~/.config/fish/completions/logbook.fish")]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Writes the script for `command`, the whole command-line definition.
pub fn run(args: CompletionsArgs, mut command: clap::Command, out: &mut dyn Write) -> Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "logbook", &mut script);
    let script = without_hidden(&String::from_utf8_lossy(&script));
    let script = match args.shell {
        Shell::Bash => format!("{script}{BASH_IDS}"),
        Shell::Zsh => zsh_with_ids(&script),
        Shell::Fish => format!("{script}{FISH_IDS}"),
        _ => script,
    };
    out.write_all(script.as_bytes())?;
    Ok(())
}

/// The script without the hidden `__complete-ids`, which clap_complete
/// offers as a subcommand like any other.
fn without_hidden(script: &str) -> String {
    let mut out = String::new();
    for line in script.lines() {
        let offers_it =
            line.starts_with("'__complete-ids:") || line.contains("-a \"__complete-ids\"");
        if !offers_it {
            out.push_str(&line.replace(" __complete-ids", ""));
            out.push('\n');
        }
    }
    out
}

/// bash: ids for a word after an id-taking command that is not an
/// option's value; everything else as clap generated it.
const BASH_IDS: &str = r#"
# Entry ids, asked of `logbook __complete-ids` as you press Tab.
_logbook_with_ids() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
    local sub="" word i dir=()
    for ((i = 1; i < COMP_CWORD; i++)); do
        word="${COMP_WORDS[i]}"
        case "$word" in
            --dir) dir=(--dir "${COMP_WORDS[i+1]}"); i=$((i + 1)) ;;
            -*) ;;
            *) sub="$word"; break ;;
        esac
    done
    case " show edit tag rm remove witness assess purge history " in
        *" $sub "*)
            if [[ -n "$sub" && "$cur" != -* && ( "$prev" != -* || "$prev" == --raw || "$prev" == --json ) ]]; then
                COMPREPLY=($(compgen -W "$(logbook "${dir[@]}" __complete-ids 2>/dev/null)" -- "$cur"))
                return 0
            fi ;;
    esac
    _logbook "$@"
}
complete -F _logbook_with_ids -o bashdefault -o default logbook
"#;

/// fish: ids after an id-taking command.
const FISH_IDS: &str = "
# Entry ids, asked of `logbook __complete-ids` as you press Tab.
complete -c logbook -n \"__fish_seen_subcommand_from show edit tag rm remove witness assess purge history\" -f -a \"(logbook __complete-ids 2>/dev/null)\" -d 'entry'
";

/// zsh: the id arguments of `show`, `edit`, `tag`, `rm`, `witness`,
/// `assess`, `purge`, `history` and `sync resolve` complete from
/// `_logbook_ids`, defined before the script first runs (not `restore`'s,
/// which names an entry in the trash).
fn zsh_with_ids(script: &str) -> String {
    const IDS: &str = "
(( $+functions[_logbook_ids] )) ||
_logbook_ids() {
    local -a ids
    ids=(${(f)\"$(logbook __complete-ids 2>/dev/null)\"})
    _describe -t ids 'entry id' ids
}
";
    let mut out = String::new();
    for (i, line) in script.lines().enumerate() {
        let entry_id = (line.starts_with("':id -- The entry'")
            || line.starts_with("'*::ids -- The entries'"))
            && !line.contains("id in the trash");
        if entry_id {
            out.push_str(&line.replacen(":_default'", ":_logbook_ids'", 1));
        } else {
            out.push_str(line);
        }
        out.push('\n');
        if i == 0 {
            out.push_str(IDS);
        }
    }
    out
}

/// `logbook __complete-ids`: every entry's id, one a line, for the shell
/// scripts above. Quiet about anything it cannot read.
pub fn ids(app: &crate::cli::app::App, out: &mut dyn Write) -> Result<()> {
    let listing = app.store.list_files();
    let mut ids: Vec<String> = listing
        .files
        .iter()
        .map(|p| crate::store::paths::file_stem(p))
        .collect();
    ids.sort();
    for id in ids {
        writeln!(out, "{id}")?;
    }
    Ok(())
}
