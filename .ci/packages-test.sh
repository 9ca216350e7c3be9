#!/usr/bin/env bash
# The packed-packages test: packs every package of src/ into a local folder feed, then, from that feed only (no project
# references), builds and runs a fresh host that creates and resolves a credential on SQLite, and installs and runs the
# command-line tool against the host's store. It checks each package's metadata (license, readme, repository, symbols)
# on the way; package validation runs inside `dotnet pack`.
# Usage: bash .ci/packages-test.sh            (self-contained; .ci/run calls it after dotnet test)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
started=$(date +%s)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# unzip reads the packages' nuspec and file list (Debian's package, if a new machine lacks it).
if ! command -v unzip >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq unzip) >&2
fi

# A version no earlier run used: the global NuGet cache keys packages by id and version, so a fixed version would let a
# stale copy from an earlier run stand in for the package just built. Removed from the cache at the end.
version_prefix=$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' Directory.Build.props)
suffix="packagestest.$(date +%Y%m%d%H%M%S).$$"
version="$version_prefix-$suffix"
work=$(mktemp -d)
nuget_cache=${NUGET_PACKAGES:-$HOME/.nuget/packages}
cleanup() {
  rm -rf "$work"
  rm -rf "$nuget_cache"/credentials.*/"$version"
}
trap cleanup EXIT
feed="$work/feed"
mkdir -p "$feed"

# 1. Pack every src project (a solution filter, so tests and samples are not built).
projects=$(cd "$repo" && ls src/*/*.csproj)
{
  printf '{ "solution": { "path": "%s", "projects": [' "$repo/Credentials.sln"
  first=1
  for p in $projects; do
    if [ $first -eq 0 ]; then printf ','; fi
    printf '"%s"' "$p"
    first=0
  done
  printf '] } }\n'
} > "$work/packages.slnf"
echo "packing $(echo "$projects" | wc -l) projects as $version"
set +e
dotnet pack "$work/packages.slnf" -c Release -o "$feed" -p:VersionSuffix="$suffix" -v q -nologo >"$work/pack.log" 2>&1
status=$?
set -e
# A clone without a git remote (this machine's) warns once per project; the RepositoryUrl stands in (Directory.Build.targets).
grep -v "has no remote" "$work/pack.log" | grep -v '^\s*$' || true
if [ "$status" -ne 0 ]; then
  echo "dotnet pack failed (exit $status)"
  exit 1
fi

# 2. Every package: present, with license, readme, repository and a symbol package.
failed=0
for p in $projects; do
  id=$(basename "$p" .csproj)
  nupkg="$feed/$id.$version.nupkg"
  if [ ! -f "$nupkg" ]; then echo "missing package $id"; failed=1; continue; fi
  nuspec=$(unzip -p "$nupkg" "$id.nuspec")
  for want in '<license type="expression">MIT</license>' '<readme>README.md</readme>' '<repository type="git" url="https://' '<description>'; do
    if [[ "$nuspec" != *"$want"* ]]; then echo "$id: the nuspec lacks $want"; failed=1; fi
  done
  listing=$(unzip -l "$nupkg")
  if [[ "$listing" != *" README.md"* ]]; then echo "$id: README.md is not in the package"; failed=1; fi
  if [ ! -f "$feed/$id.$version.snupkg" ]; then echo "$id: no symbol package (.snupkg)"; failed=1; fi
done
if [ "$failed" -ne 0 ]; then exit 1; fi
(cd "$feed" && ls -l --block-size=K *.nupkg *.snupkg | awk '{print "  " $5 "  " $9}')

# 3. A fresh host, outside the repository (no Directory.Build.props, no central versions), from the feed.
host="$work/host"
mkdir -p "$host"
cat > "$host/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="packages-test" value="$feed" />
  </packageSources>
</configuration>
XML
cat > "$host/Host.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Credentials.Core" Version="$version" />
    <PackageReference Include="Credentials.Storage.Sqlite" Version="$version" />
    <PackageReference Include="Credentials.Templates" Version="$version" />
    <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="10.0.15" />
  </ItemGroup>
</Project>
XML
cat > "$host/Program.cs" <<'CS'
using Credentials;
using Microsoft.Extensions.DependencyInjection;

var services = new ServiceCollection();
services.AddCredentials().UseSqlite("Data Source=host.db").UseKeyFile("host.key").AddCommonTemplates();
await using var provider = services.BuildServiceProvider();
var org = new OrganizationId("acme");
await provider.GetRequiredService<ICredentialStore>().CreateFromTemplateAsync(org, "openai", new ApiToken("sk-packages-test-0123456789"));
var token = await provider.GetRequiredService<ICredentialResolver>().ResolveAsync<ApiToken>(org, "OPENAI_API_KEY");
if (token.Token != "sk-packages-test-0123456789")
{
    Console.WriteLine("host: the resolved value differs");
    return 1;
}

Console.WriteLine("host: created and resolved OPENAI_API_KEY");
return 0;
CS
(cd "$host" && dotnet run -v q -nologo)

# 4. The tool from the feed, against the host's store.
dotnet tool install --tool-path "$work/tools" --add-source "$feed" Credentials.Cli --version "$version" >/dev/null
credentials="$work/tools/credentials"
(cd "$host" && "$credentials" --version)
list=$(cd "$host" && "$credentials" --sqlite host.db --key-file host.key list)
if [[ "$list" != *"OPENAI_API_KEY"* || "$list" == *"sk-packages-test"* ]]; then
  echo "credentials list did not show the masked card:"
  echo "$list"
  exit 1
fi
(cd "$host" && "$credentials" --sqlite host.db --key-file host.key doctor)
echo "packages test passed in $(( $(date +%s) - started )) s ($version)"
