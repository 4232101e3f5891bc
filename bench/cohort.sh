#!/usr/bin/env bash
# The caseload benchmark (issue 19): `logbook cohort` over 30 generated
# logbooks of 300 entries each, against the raw read floor of the same files,
# timed in ONE hyperfine run; peak memory from GNU time. Writes its section of
# bench/RESULTS.md (between the "cohort" markers below the notes line, which
# bench/run.sh keeps).
#
#   bench/cohort.sh                    # 30 logbooks × 300 entries, 10 runs
#   LEARNERS=10 ENTRIES=1000 RUNS=5 bench/cohort.sh
#   OUT=/tmp/r.md bench/cohort.sh      # write the report elsewhere
#
# Needs hyperfine and GNU time (Debian: apt-get install -y hyperfine time).
# Logbooks are generated with examples/gen (seeds 1..LEARNERS, so each
# learner's logbook differs) under $WORK and reused while the generator is
# unchanged. The floor is examples/io_floor given all the directories: one
# single-threaded loop reading every entry file once.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LEARNERS=${LEARNERS:-30}
ENTRIES=${ENTRIES:-300}
RUNS=${RUNS:-10}
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
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

load() { cut -d' ' -f1-3 /proc/loadavg; }
LOAD_START=$(load)

STAMP=$(sha256sum examples/gen.rs | cut -c1-16)
SET=$WORK/cohort-$LEARNERS-$ENTRIES
if [[ ! -f $SET/.stamp || $(cat "$SET/.stamp") != "$STAMP" ]]; then
  echo "bench: generating $LEARNERS logbooks of $ENTRIES entries…" >&2
  rm -rf "$SET"
  mkdir -p "$SET"
  for i in $(seq -w 1 "$LEARNERS"); do
    "$GEN" --entries "$ENTRIES" --dir "$SET/learner-$i" --seed "$((10#$i))" 2>/dev/null
    printf 'learner = "Learner %s"\n' "$i" >"$SET/learner-$i/logbook.toml"
  done
  echo "$STAMP" >"$SET/.stamp"
  # A file changed in the last moment is not kept in the cache: let them settle.
  sleep 3
fi
DIRS=("$SET"/learner-*)
COLD="rm -rf $(printf '%s/cache ' "${DIRS[@]}")"

# One --prepare per command (hyperfine applies a single one to all): only
# the "(no cache)" row deletes the caches before each run.
hyperfine -N --style basic --warmup 2 --runs "$RUNS" --export-csv "$TMP/t.csv" \
  --prepare true --command-name "I/O floor" "$FLOOR ${DIRS[*]}" \
  --prepare true --command-name "cohort" "$LB cohort ${DIRS[*]}" \
  --prepare true --command-name "cohort --json" "$LB cohort --json ${DIRS[*]}" \
  --prepare true --command-name "cohort (1 thread)" "env RAYON_NUM_THREADS=1 $LB cohort ${DIRS[*]}" \
  --prepare "$COLD" --command-name "cohort (no cache)" "$LB cohort ${DIRS[*]}" >&2

declare -A MEAN SD CPU RSS
while IFS=, read -r name mean sd _median user system _; do
  [[ $name == command ]] && continue
  MEAN[$name]=$mean SD[$name]=$sd
  CPU[$name]=$(awk -v u="$user" -v s="$system" 'BEGIN { print u + s }')
done <"$TMP/t.csv"

rss_mb() {
  /usr/bin/time -f %M -o "$TMP/rss" "$@" >/dev/null 2>&1 || true
  awk 'END { printf "%.1f", $1 / 1024 }' "$TMP/rss"
}
RSS[I/O floor]=$(rss_mb "$FLOOR" "${DIRS[@]}")
RSS[cohort]=$(rss_mb "$LB" cohort "${DIRS[@]}")
RSS[cohort --json]=$(rss_mb "$LB" cohort --json "${DIRS[@]}")
RSS[cohort (1 thread)]=$(RAYON_NUM_THREADS=1 rss_mb "$LB" cohort "${DIRS[@]}")
$COLD
RSS[cohort (no cache)]=$(rss_mb "$LB" cohort "${DIRS[@]}")
"$LB" cohort "${DIRS[@]}" >/dev/null  # leave the caches warm
LOAD_END=$(load)

ms() { awk -v s="$1" 'BEGIN { printf "%.1f", s * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
r=$(ratio "${MEAN[cohort]}" "${MEAN[I/O floor]}")
met=$(awk -v r="$r" 'BEGIN { print (r <= 1.5) ? "met" : "**missed**" }')

SECTION=$TMP/section
{
  echo "<!-- cohort -->"
  echo "## The caseload: \`cohort\` (issue 19)"
  echo
  echo "Produced by \`LEARNERS=$LEARNERS ENTRIES=$ENTRIES RUNS=$RUNS bench/cohort.sh\`: $LEARNERS logbooks of $ENTRIES"
  echo "generated entries each (\`examples/gen\`, seeds 1–$LEARNERS), all timed in one hyperfine run"
  echo "(2 warm-up runs, $RUNS timed), peak RSS from GNU time."
  echo
  echo "- commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src Cargo.toml || echo ' (with uncommitted changes)'), $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- $(nproc) cores, shared with other builds: load average $LOAD_START at the start, $LOAD_END at the end"
  echo "- I/O floor: \`examples/io_floor\` over the same $LEARNERS directories, one thread reading every entry file once"
  echo
  echo "| command | wall (ms) | wall × floor | CPU (ms) | CPU × floor | peak RSS (MB) |"
  echo "|---|---:|---:|---:|---:|---:|"
  for name in "I/O floor" cohort "cohort --json" "cohort (1 thread)" "cohort (no cache)"; do
    echo "| $name | $(ms "${MEAN[$name]}") ± $(ms "${SD[$name]}") | $(ratio "${MEAN[$name]}" "${MEAN[I/O floor]}") | $(ms "${CPU[$name]}") | $(ratio "${CPU[$name]}" "${CPU[I/O floor]}") | ${RSS[$name]} |"
  done
  echo
  echo "Target: \`cohort\` ≤ 1.5× the floor, warm — **${r}×, $met**."
  echo "<!-- /cohort -->"
} >"$SECTION"

# Replace the section if there is one, else add it at the end.
if [[ -f $OUT ]] && grep -q '^<!-- cohort -->$' "$OUT"; then
  awk -v f="$SECTION" '
    /^<!-- cohort -->$/ { while ((getline l < f) > 0) print l; skip = 1; next }
    /^<!-- \/cohort -->$/ { skip = 0; next }
    !skip { print }' "$OUT" >"$TMP/out"
  cp "$TMP/out" "$OUT"
else
  { [[ -f $OUT ]] && cat "$OUT" && echo; cat "$SECTION"; } >"$TMP/out"
  cp "$TMP/out" "$OUT"
fi
echo "bench: wrote $OUT" >&2
cat "$SECTION" >&2
