#!/usr/bin/env bash
# Packs every package (src/) into a local folder feed, then restores, builds and runs a small host (.ci/package-floors)
# that references those packages from the feed, not the projects, with Microsoft.Extensions.* and ASP.NET Core Data
# Protection pinned to 10.0.0. Fails on NU1605 (a downgrade: a package asking for more than 10.0.0), on any
# Microsoft.Extensions.* resolved above 10.0.0 (the packages would force an upgrade), or when the host does not run.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

repo=$(pwd)
start=$(date +%s)
version="0.0.0-floor.$start.$$"
work=$(mktemp -d)
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
cleanup() {
  rm -rf "$work"
  # The packed versions are unique to this run: drop them from the package cache again.
  for id in "$repo"/src/*/; do
    rm -rf "$packages/$(basename "$id" | tr '[:upper:]' '[:lower:]')/$version"
  done
}
trap cleanup EXIT

dotnet restore Credentials.sln -nologo -v q >"$work/pack.log" 2>&1 || { cat "$work/pack.log"; exit 1; }
dotnet msbuild .ci/package-floors/Pack.proj -t:Pack -nologo -v:q -p:PackageVersion="$version" -p:PackageOutputPath="$work/feed" \
  >>"$work/pack.log" 2>&1 || { cat "$work/pack.log"; exit 1; }
echo "packed $(ls "$work/feed" | wc -l) packages in $(( $(date +%s) - start )) s"

mkdir -p "$work/host"
cp .ci/package-floors/FloorHost.csproj .ci/package-floors/Program.cs "$work/host/"
cat >"$work/host/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="credentials-floor" value="$work/feed" />
  </packageSources>
</configuration>
CONFIG

cd "$work/host"
sed -i "s|<CredentialsVersion>0.0.0-floor</CredentialsVersion>|<CredentialsVersion>$version</CredentialsVersion>|" FloorHost.csproj
if ! dotnet restore -nologo >restore.log 2>&1; then
  cat restore.log
  exit 1
fi
if grep -q NU1605 restore.log; then
  cat restore.log
  echo "package floors: NU1605 (a downgrade) with the 10.0.0 pins"
  exit 1
fi

dotnet list package --include-transitive --no-restore >packages.txt
extensions=$(grep -cE '> Microsoft\.Extensions\.' packages.txt || true)
above=$(grep -E '> Microsoft\.Extensions\.[A-Za-z.]+ +([^ ]+ +)?10\.0\.[1-9]' packages.txt || true)
if [ "$extensions" -eq 0 ] || [ -n "$above" ]; then
  cat packages.txt
  echo "package floors: Microsoft.Extensions.* resolved above 10.0.0 with the 10.0.0 pins (or none listed):"
  echo "$above"
  exit 1
fi
echo "package floors: $extensions Microsoft.Extensions.* packages resolved, none above 10.0.0"

dotnet run -nologo --no-restore
echo "package floors: a host pinned to 10.0.0 restored, built and ran on the packed packages in $(( $(date +%s) - start )) s"
