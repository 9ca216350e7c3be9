#!/usr/bin/env bash
# `credentials keys rewrap` (the tool, as a process: with its live bar, and with --progress none) against the library's
# RewrapAsync, on SQLite stores of the same size, one after the other in each round, so a loaded machine slows all three
# alike. Prints each run and the medians (credentials/second from the rewrap's own duration; the tool's process wall time
# adds start-up and opening the vault).
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
rate() { grep -o '([0-9,]*/s)' | tr -d '(),/s'; }
for round in $(seq 1 "$rounds"); do
  for mode in bar none; do
    rm -f "$work"/*.db* "$work"/*.key*
    $bench fill "$work/cli.db" "$work/cli.key" "$count" >/dev/null
    $cli --sqlite "$work/cli.db" --key-file "$work/cli.key" keys rotate >/dev/null
    start=$(date +%s%N)
    out=$($cli --sqlite "$work/cli.db" --key-file "$work/cli.key" keys rewrap --progress "$mode")
    wall=$(( ($(date +%s%N) - start) / 1000000 ))
    summary=$(echo "$out" | grep -o 'Rewrapped.*/s)')
    echo "round $round tool ($mode): $summary; process wall time $wall ms"
    echo "tool-$mode $(echo "$summary" | rate)" >>"$results"
  done
  rm -f "$work"/*.db* "$work"/*.key*
  $bench fill "$work/lib.db" "$work/lib.key" "$count" >/dev/null
  out=$($bench rewrap "$work/lib.db" "$work/lib.key")
  echo "round $round $out"
  echo "library $(echo "$out" | rate)" >>"$results"
done
for what in tool-bar tool-none library; do
  median=$(grep "^$what " "$results" | awk '{print $2}' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}')
  echo "median $what: $median credentials/s"
done
