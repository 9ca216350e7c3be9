#!/usr/bin/env bash
# Regenerates the public API baseline (PublicAPI.Unshipped.txt) of the packable projects under src/, or of the projects
# named, from the code. Run it after changing a public type or member, and commit the diff: the diff is the API change.
#   bash .ci/update-public-api.sh                                  (every project under src/, ~5 min on 2 cores)
#   bash .ci/update-public-api.sh src/Credentials.Core/Credentials.Core.csproj
# PublicAPI.Shipped.txt is never touched: at a release, move the lines of Unshipped.txt to Shipped.txt (README, Packages).
# How: Unshipped.txt is reset to its header, `dotnet format analyzers --diagnostics RS0016` adds every public symbol that
# Shipped.txt does not list (fix-all only fills a file reliably from empty, hence the reset), then a build adds the
# symbols that source generators declare (dotnet format does not fix generated code; the build's RS0016 names them).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ "$#" -gt 0 ]; then projects=("$@"); else mapfile -t projects < <(ls src/*/*.csproj); fi

for project in "${projects[@]}"; do
  dir=$(dirname "$project")
  [ -f "$dir/PublicAPI.Shipped.txt" ] || { echo "$project has no PublicAPI.Shipped.txt (not a packable src project?)"; exit 1; }
  printf '#nullable enable\n' > "$dir/PublicAPI.Unshipped.txt"
  dotnet format analyzers "$project" --diagnostics RS0016 --severity warn -v q
done

for project in "${projects[@]}"; do
  dir=$(dirname "$project")
  missing=$(dotnet build "$project" -m:2 -nologo -v q 2>&1 | grep -o "RS0016: Symbol '[^']*'" | sed "s/^RS0016: Symbol '//; s/'\$//" | sort -u || true)
  if [ -n "$missing" ]; then
    { head -n 1 "$dir/PublicAPI.Unshipped.txt"; { tail -n +2 "$dir/PublicAPI.Unshipped.txt"; echo "$missing"; } | LC_ALL=C sort -u; } > "$dir/PublicAPI.Unshipped.new"
    mv "$dir/PublicAPI.Unshipped.new" "$dir/PublicAPI.Unshipped.txt"
  fi
  if dotnet build "$project" -m:2 -nologo -v q 2>&1 | grep -E "error RS00(16|17)"; then
    echo "$project: the baseline still differs from the code (above)"
    exit 1
  fi
  echo "$project: $(( $(wc -l < "$dir/PublicAPI.Unshipped.txt") - 1 )) unshipped, $(( $(wc -l < "$dir/PublicAPI.Shipped.txt") - 1 )) shipped"
done
