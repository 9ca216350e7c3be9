#!/usr/bin/env bash
# `credentials keys rewrap` (the tool, as a process: with its live bar, and with --progress none) against the library's
# RewrapAsync, on SQLite stores of the same size, in alternating order each round, so a loaded machine slows all three
# alike. Prints each run and the medians: credentials/second from the rewrap's own duration, and the CPU seconds of the
# process (user + system: less sensitive than wall time to other work on a shared machine; the tool's process opens the
# vault and rewraps, the library's rotates and rewraps).
# Usage: bash benchmarks/cli-rewrap.sh [COUNT (100000)] [ROUNDS (3)]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}
rounds=${2:-3}
dotnet build -c Release benchmarks/Credentials.Benchmarks -v q -nologo >/dev/null
dotnet build -c Release src/Credentials.Cli -v q -nologo >/dev/null
bench="dotnet benchmarks/Credentials.Benchmarks/bin/Release/net10.0/Credentials.Benchmarks.dll cli"
cli="dotnet src/Credentials.Cli/bin/Release/net10.0/Credentials.Cli.dll"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
results="$work/results"
: >"$results"
$bench fill "$work/template.db" "$work/template.key" "$count" >/dev/null
fresh() { rm -f "$work"/run.*; cp "$work/template.db" "$work/run.db"; cp "$work/template.key" "$work/run.key"; }
rate() { grep -o '([0-9,]*/s)' | tr -d '(),/s'; }
timed() { /usr/bin/time -o "$work/time" -f '%U %S' "$@"; }
cpu() { awk '{printf "%.2f", $1 + $2}' "$work/time"; }
tool() {
  fresh
  $cli --sqlite "$work/run.db" --key-file "$work/run.key" keys rotate >/dev/null
  summary=$(timed $cli --sqlite "$work/run.db" --key-file "$work/run.key" keys rewrap --progress "$1" | grep -o 'Rewrapped.*/s)')
  echo "round $round tool ($1): $summary; process CPU $(cpu) s"
  echo "tool-$1 $(echo "$summary" | rate) $(cpu)" >>"$results"
}
library() {
  fresh
  out=$(timed $bench rewrap "$work/run.db" "$work/run.key")
  echo "round $round $out; process CPU $(cpu) s"
  echo "library $(echo "$out" | rate) $(cpu)" >>"$results"
}
for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) -eq 1 ]; then tool bar; tool none; library; else library; tool none; tool bar; fi
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for what in tool-bar tool-none library; do
  echo "median $what: $(grep "^$what " "$results" | awk '{print $2}' | median) credentials/s, $(grep "^$what " "$results" | awk '{print $3}' | median) s CPU"
done
