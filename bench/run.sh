#!/usr/bin/env bash
# Whole-command benchmarks for logbook (issue 9), written to bench/RESULTS.md.
#
#   bench/run.sh                      # 100, 1,000 and 10,000 entries, plus jrnl
#   SIZES="100 1000" bench/run.sh     # fewer sizes
#   RUNS=5 JRNL=0 bench/run.sh        # fewer runs, no jrnl comparison
#   OUT=/tmp/r.md bench/run.sh        # write the report elsewhere
#
# Needs hyperfine and GNU time (Debian: apt-get install -y hyperfine time),
# python3 with venv for the jrnl comparison (jrnl is installed from PyPI into a
# venv under $WORK, never into the repository). Logbooks are generated with
# examples/gen (deterministic, seed 1) under $WORK and reused while the
# generator is unchanged. Every command of one size is timed in ONE hyperfine
# run, so the ratios against the I/O floor come from the same conditions; on a
# shared machine the absolute times are noise, the ratios much less so.
#
# The I/O floor is examples/io_floor: a single-threaded Rust loop that walks
# entries/ and reads every file once (same process start-up as logbook).
#
# Hand-written notes below the "<!-- notes -->" line of RESULTS.md are kept.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SIZES=${SIZES:-"100 1000 10000"}
RUNS=${RUNS:-10}
JRNL=${JRNL:-1}
JRNL_SIZE=${JRNL_SIZE:-10000}
WORK=${WORK:-/tmp/logbook-bench}
OUT=${OUT:-$ROOT/bench/RESULTS.md}
export LOGBOOK_NOW=2026-11-28T10:00:00Z TZ=UTC
unset COLUMNS NO_COLOR LOGBOOK_DIR

for tool in hyperfine /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install -y hyperfine time)" >&2; exit 2; }
done

cd "$ROOT"
echo "bench: building (release)…" >&2
cargo build --release --quiet --bin logbook --example gen --example io_floor
LB=$ROOT/target/release/logbook
GEN=$ROOT/target/release/examples/gen
FLOOR=$ROOT/target/release/examples/io_floor
mkdir -p "$WORK"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

load() { cut -d' ' -f1-3 /proc/loadavg; }
LOAD_START=$(load)

# A logbook of N entries, regenerated only when the generator changes.
STAMP=$(sha256sum examples/gen.rs | cut -c1-16)
logbook_of() {
  local n=$1 dir=$WORK/lb-$1
  if [[ ! -f $dir/.stamp || $(cat "$dir/.stamp") != "$STAMP" ]]; then
    echo "bench: generating $n entries…" >&2
    rm -rf "$dir" "$WORK/jrnl-$n.txt"
    "$GEN" --entries "$n" --dir "$dir" --jrnl "$WORK/jrnl-$n.txt" 2>/dev/null
    echo "$STAMP" >"$dir/.stamp"
    # logbook keeps no digest of a file changed in the last moment (100 ms,
    # or 2 s with whole-second stamps; see src/store/cache.rs): let the new files
    # settle, as a real logbook's have.
    sleep 3
  fi
  echo "$dir"
}

has() { "$LB" "$1" --help >/dev/null 2>&1; }
SKIPPED=()
for cmd in gaps search export; do
  has "$cmd" || SKIPPED+=("$cmd")
done

# name<TAB>command[<TAB>prepare] lines for one size; `add` writes into a
# throw-away copy. "(no cache)" rows delete the digest cache (cache/ in the
# data dir) before every run: the first run after an upgrade, or after
# importing a whole logbook. The other rows find it as a user does, kept up
# to date by the previous run.
commands_for() {
  local dir=$1 copy=$2 cold="rm -rf $1/cache"
  printf 'I/O floor\t%s %s\n' "$FLOOR" "$dir"
  # gaps and export write the cache, list only reads it: the order matters.
  has gaps && printf 'gaps\t%s --dir %s gaps\n' "$LB" "$dir"
  has gaps && printf 'gaps (no cache)\t%s --dir %s gaps\t%s\n' "$LB" "$dir" "$cold"
  printf 'list\t%s --dir %s list\n' "$LB" "$dir"
  printf 'list -n 5\t%s --dir %s list -n 5\n' "$LB" "$dir"
  printf 'list (no cache)\t%s --dir %s list\t%s\n' "$LB" "$dir" "$cold"
  has search && printf 'search\t%s --dir %s search refund\n' "$LB" "$dir"
  # show lists the entry's findings, judged with the whole logbook.
  local one
  one=$(find "$dir/entries" -name '*.toml' | sort | awk 'NR==1' | xargs basename | sed 's/\.toml$//')
  printf 'show ID\t%s --dir %s show %s\n' "$LB" "$dir" "$one"
  has export && printf 'export (no cache)\t%s --dir %s export\t%s\n' "$LB" "$dir" "$cold"
  has export && printf 'export\t%s --dir %s export\n' "$LB" "$dir"
  has export && printf 'export --format html\t%s --dir %s export --format html\n' "$LB" "$dir"
  printf 'add --no-input\t%s --dir %s add --no-input --title "Bench entry" --date 2026-11-27 --section situation="A customer rang about a late refund." --criteria RES.1\n' "$LB" "$copy"
}

# Peak RSS in MB of one run (after hyperfine has warmed the cache).
rss_mb() {
  /usr/bin/time -f %M -o "$TMP/rss" "$@" >/dev/null 2>&1 || true
  awk 'END { printf "%.1f", $1 / 1024 }' "$TMP/rss"
}

# Runs one hyperfine over NAME<TAB>COMMAND[<TAB>PREPARE] lines; writes
# "name mean sd" rows.
time_all() {
  local spec=$1 csv=$2 runs=$3 warmup=${4:-2} args=() prepares=()
  while IFS=$'\t' read -r name cmd prep; do
    args+=(--command-name "$name" "$cmd")
    prepares+=(--prepare "${prep:-true}")
  done <"$spec"
  hyperfine -N --style basic --warmup "$warmup" --runs "$runs" "${prepares[@]}" --export-csv "$csv" "${args[@]}" >&2
}

ms() { awk -v s="$1" 'BEGIN { printf "%.1f", s * 1000 }'; }

declare -A MEAN SD CPU RSS
ROWS=$TMP/rows
: >"$ROWS"
for n in $SIZES; do
  dir=$(logbook_of "$n")
  copy=$TMP/add-$n
  cp -a "$dir" "$copy"
  # Flush the copy now, or add's first fsync pays for writing all of it out.
  sync
  commands_for "$dir" "$copy" >"$TMP/spec-$n"
  echo "bench: timing $n entries…" >&2
  time_all "$TMP/spec-$n" "$TMP/time-$n.csv" "$RUNS"
  while IFS=, read -r name mean sd _median user system _; do
    [[ $name == command ]] && continue
    MEAN[$n,$name]=$mean
    SD[$n,$name]=$sd
    CPU[$n,$name]=$(awk -v u="$user" -v s="$system" 'BEGIN { print u + s }')
  done <"$TMP/time-$n.csv"
  while IFS=$'\t' read -r name cmd prep; do
    [[ -n $prep ]] && $prep
    eval "set -- $cmd"
    RSS[$n,$name]=$(rss_mb "$@")
    echo "$n	$name" >>"$ROWS"
  done <"$TMP/spec-$n"
done

# --help touches no data: one size-independent figure.
printf 'logbook --help\t%s --help\n' "$LB" >"$TMP/spec-help"
time_all "$TMP/spec-help" "$TMP/time-help.csv" $((RUNS * 3))
HELP_MEAN=$(awk -F, 'NR == 2 { print $2 }' "$TMP/time-help.csv")
HELP_SD=$(awk -F, 'NR == 2 { print $3 }' "$TMP/time-help.csv")
HELP_RSS=$(rss_mb "$LB" --help)

# jrnl on the same entries, in one hyperfine run with logbook.
JRNL_NOTE=""
if [[ $JRNL == 1 ]]; then
  dir=$(logbook_of "$JRNL_SIZE")
  venv=$WORK/jrnl-venv
  if [[ ! -x $venv/bin/jrnl ]]; then
    echo "bench: installing jrnl into $venv…" >&2
    python3 -m venv "$venv" && "$venv/bin/pip" install --quiet jrnl >&2 || true
  fi
  if [[ -x $venv/bin/jrnl ]]; then
    jhome=$WORK/jrnl-home
    mkdir -p "$jhome/.config/jrnl"
    cat >"$jhome/.config/jrnl/jrnl.yaml" <<EOF
version: '$("$venv/bin/python" -c 'import jrnl; print(jrnl.__version__)')'
journals:
  default:
    journal: $WORK/jrnl-$JRNL_SIZE.txt
editor: ''
encrypt: false
template: false
default_hour: 9
default_minute: 0
timeformat: '%Y-%m-%d %I:%M:%S %p'
tagsymbols: '#@'
highlight: false
linewrap: 79
indent_character: '|'
colors: {body: none, date: none, tags: none, title: none}
EOF
    JRNL_VERSION=$(HOME=$jhome XDG_CONFIG_HOME=$jhome/.config XDG_DATA_HOME=$jhome/.local/share "$venv/bin/jrnl" --version)
    JRNL_VERSION=${JRNL_VERSION%%$'\n'*}
    {
      printf 'jrnl -n 5\t%s -n 5\n' "$venv/bin/jrnl"
      printf 'logbook list -n 5\t%s --dir %s list -n 5\n' "$LB" "$dir"
      printf 'logbook list\t%s --dir %s list\n' "$LB" "$dir"
      printf 'jrnl --tags\t%s --tags\n' "$venv/bin/jrnl"
      has gaps && printf 'logbook gaps\t%s --dir %s gaps\n' "$LB" "$dir"
    } >"$TMP/spec-jrnl"
    echo "bench: timing jrnl against logbook on $JRNL_SIZE entries…" >&2
    HOME=$jhome XDG_CONFIG_HOME=$jhome/.config XDG_DATA_HOME=$jhome/.local/share \
      time_all "$TMP/spec-jrnl" "$TMP/time-jrnl.csv" "${JRNL_RUNS:-3}" 1
    while IFS=, read -r name mean sd _; do
      [[ $name == command ]] && continue
      MEAN[jrnl,$name]=$mean
      SD[jrnl,$name]=$sd
    done <"$TMP/time-jrnl.csv"
    while IFS=$'\t' read -r name cmd; do
      eval "set -- $cmd"
      RSS[jrnl,$name]=$(HOME=$jhome XDG_CONFIG_HOME=$jhome/.config XDG_DATA_HOME=$jhome/.local/share rss_mb "$@")
    done <"$TMP/spec-jrnl"
  else
    JRNL_NOTE="jrnl could not be installed (no python3 venv or no PyPI access); comparison skipped."
  fi
else
  JRNL_NOTE="jrnl comparison not run (JRNL=0)."
fi

LOAD_END=$(load)

# ---- the report ------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
verdict() { if [[ $1 == 1 ]]; then echo met; else echo "**missed**"; fi; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { print (a <= b) ? 1 : 0 }'; }
big=${SIZES##* }

NOTES=""
if [[ -f $OUT ]] && grep -q '^<!-- notes -->$' "$OUT"; then
  NOTES=$(sed -n '/^<!-- notes -->$/,$p' "$OUT")
fi

{
  echo "# Benchmark results"
  echo
  echo "Produced by"
  echo
  echo '```sh'
  echo "SIZES=\"$SIZES\" RUNS=$RUNS JRNL=$JRNL bench/run.sh"
  echo '```'
  echo
  echo "- commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src Cargo.toml || echo ' (with uncommitted changes)'), $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), shared with other builds:"
  echo "  load average $LOAD_START at the start, $LOAD_END at the end (1, 5, 15 min)"
  echo "- warm file cache (hyperfine warm-up runs first), $RUNS timed runs per command, output to /dev/null"
  echo "- I/O floor: \`examples/io_floor\`, a single-threaded Rust loop reading every entry file once"
  echo "- entries from \`examples/gen\` (seed 1): 0.5–2 KB, about 1.1 KB on average"
  if ((${#SKIPPED[@]})); then
    echo "- **not measured**: \`${SKIPPED[*]}\` — not in this build yet (the script skips a missing command)"
  fi
  echo
  echo "## Whole commands"
  echo
  echo "Mean ± σ wall time, and × the I/O floor's mean from the same hyperfine run. CPU is user +"
  echo "system time (all threads): on a machine shared with other builds it is steadier than wall time."
  echo
  echo "| entries | command | wall (ms) | wall × floor | CPU (ms) | CPU × floor | peak RSS (MB) |"
  echo "|---:|---|---:|---:|---:|---:|---:|"
  while IFS=$'\t' read -r n name; do
    floor=${MEAN[$n,I/O floor]}
    echo "| $n | $name | $(ms "${MEAN[$n,$name]}") ± $(ms "${SD[$n,$name]}") | $(ratio "${MEAN[$n,$name]}" "$floor") | $(ms "${CPU[$n,$name]}") | $(ratio "${CPU[$n,$name]}" "${CPU[$n,I/O floor]}") | ${RSS[$n,$name]} |"
  done <"$ROWS"
  echo "| any | logbook --help | $(ms "$HELP_MEAN") ± $(ms "$HELP_SD") | | | | $HELP_RSS |"
  echo
  echo "## Growth"
  echo
  echo "Time at each size over the time at the previous size (×10 entries each step; linear"
  echo "growth shows as ≤ 10, less while start-up dominates)."
  echo
  header="| command |"; rule="|---|"
  prev=""
  for n in $SIZES; do
    [[ -n $prev ]] && { header+=" $prev → $n |"; rule+="---:|"; }
    prev=$n
  done
  echo "$header"; echo "$rule"
  awk -F'\t' '!seen[$2]++ { print $2 }' "$ROWS" | while read -r name; do
    line="| $name |"; prev=""
    for n in $SIZES; do
      [[ -n $prev ]] && line+=" $(ratio "${MEAN[$n,$name]:-0}" "${MEAN[$prev,$name]:-0}") |"
      prev=$n
    done
    echo "$line"
  done
  echo
  echo "## Against jrnl"
  echo
  if [[ -n $JRNL_NOTE ]]; then
    echo "$JRNL_NOTE"
  else
    tags_per_entry=$(awk '/^\[[0-9]/ { n++ } /^@/ { t += NF } END { printf "%.1f", t / n }' "$WORK/jrnl-$JRNL_SIZE.txt")
    echo "$JRNL_VERSION on the same $JRNL_SIZE entries, written by \`examples/gen --jrnl\` in jrnl's plain-text"
    echo "format (\`[%F %r] title\`, the sections as paragraphs, tags and criteria as \`@tags\`), all timed in"
    echo "one hyperfine run (one warm-up, ${JRNL_RUNS:-3} timed runs each)."
    echo
    echo "- jrnl's config spells its default timeformat \`%F %r\` out as \`%Y-%m-%d %I:%M:%S %p\` (same"
    echo "  text): Python 3.11's strptime rejects \`%F\`, and jrnl then falls back to a far slower date parser,"
    echo "  which would flatter logbook."
    echo "- The entries carry $tags_per_entry jrnl tags each (free tags, plus criteria as \`@RES-1\`-style tags)."
    echo "  \`jrnl --tags\` counts with one \`list.count\` per tag occurrence, so its time grows with the square"
    echo "  of the number of tag occurrences; the ratio below depends on that."
    echo
    echo "| command | time (ms) | peak RSS (MB) |"
    echo "|---|---:|---:|"
    while IFS=$'\t' read -r name _; do
      echo "| $name | $(ms "${MEAN[jrnl,$name]}") ± $(ms "${SD[jrnl,$name]}") | ${RSS[jrnl,$name]} |"
    done <"$TMP/spec-jrnl"
    echo
    echo "- \`jrnl -n 5\` ÷ \`logbook list -n 5\`: **$(ratio "${MEAN[jrnl,jrnl -n 5]}" "${MEAN[jrnl,logbook list -n 5]}")×**"
    echo "- \`jrnl -n 5\` ÷ \`logbook list\` (all rows): **$(ratio "${MEAN[jrnl,jrnl -n 5]}" "${MEAN[jrnl,logbook list]}")×**"
    if [[ -n ${MEAN[jrnl,logbook gaps]:-} ]]; then
      echo "- \`jrnl --tags\` ÷ \`logbook gaps\`: **$(ratio "${MEAN[jrnl,jrnl --tags]}" "${MEAN[jrnl,logbook gaps]}")×**"
    else
      echo "- \`jrnl --tags\` ÷ \`logbook gaps\`: not measured, \`gaps\` is not in this build yet"
    fi
  fi
  echo
  echo "## Targets (issue 9), at $big entries"
  echo
  echo "| target | measured | |"
  echo "|---|---:|---|"
  for name in list "list (no cache)" gaps "gaps (no cache)"; do
    if [[ -n ${MEAN[$big,$name]:-} ]]; then
      r=$(ratio "${MEAN[$big,$name]}" "${MEAN[$big,I/O floor]}")
      c=$(ratio "${CPU[$big,$name]}" "${CPU[$big,I/O floor]}")
      echo "| \`$name\` ≤ 2.5× the I/O floor (wall) | ${r}× (CPU ${c}×) | $(verdict "$(le "$r" 2.5)") |"
    else
      echo "| \`$name\` ≤ 2.5× the I/O floor | not measured | \`$name\` not in this build |"
    fi
  done
  if [[ -z $JRNL_NOTE ]]; then
    if [[ -n ${MEAN[jrnl,logbook gaps]:-} ]]; then
      r=$(ratio "${MEAN[jrnl,jrnl --tags]}" "${MEAN[jrnl,logbook gaps]}")
      echo "| \`gaps\` ≥ 20× faster than \`jrnl --tags\` | ${r}× | $(verdict "$(le 20 "$r")") |"
    fi
    r=$(ratio "${MEAN[jrnl,jrnl -n 5]}" "${MEAN[jrnl,logbook list -n 5]}")
    echo "| \`list -n 5\` ≥ 5× faster than \`jrnl -n 5\` | ${r}× | $(verdict "$(le 5 "$r")") |"
  fi
  maxrss=0; maxname=""
  for key in "${!RSS[@]}"; do
    [[ $key == jrnl,jrnl* || $key == *,I/O\ floor ]] && continue
    if [[ $(le "${RSS[$key]}" "$maxrss") == 0 ]]; then maxrss=${RSS[$key]}; maxname=${key#*,}; fi
  done
  echo "| peak RSS ≤ 50 MB, any command | ${maxrss} MB (\`$maxname\`) | $(verdict "$(le "$maxrss" 50)") |"
  worst=0
  for n in $SIZES; do
    t=$(ms "${MEAN[$n,add --no-input]}")
    [[ $(le "$t" "$worst") == 0 ]] && worst=$t
  done
  echo "| \`add --no-input\` ≤ 10 ms at any size | ${worst} ms (slowest size) | $(verdict "$(le "$worst" 10)") |"
  echo "| \`logbook --help\` ≤ 5 ms | $(ms "$HELP_MEAN") ms | $(verdict "$(le "$(ms "$HELP_MEAN")" 5)") |"
  echo
  if [[ -n $NOTES ]]; then
    echo "$NOTES"
  else
    echo "<!-- notes -->"
  fi
} >"$OUT"
echo "bench: wrote $OUT" >&2
