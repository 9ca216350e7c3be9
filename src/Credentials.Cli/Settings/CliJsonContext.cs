using System.Text.Json;
using System.Text.Json.Serialization;

namespace Credentials.Cli.Settings;

/// <summary>The settings file's JSON: camelCase names, comments allowed, an unknown (misspelled) setting refused.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(ConfigFile))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
