using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Credentials;

/// <summary>
/// How a credential becomes configuration keys. An API token is one value at its key; a custom credential is its JSON
/// object as a section (nested objects as sub-sections, arrays by index, as the JSON configuration provider reads a file);
/// every other type is a section of its values by field wire name. There is no "main value" at the key itself for a type
/// with several values: which of a key pair's halves it would be is a guess, and a wrong guess sends the wrong secret.
/// </summary>
internal static class ConfigurationValues
{
    public static void Add(Dictionary<string, string?> data, string key, CredentialSecret secret)
    {
        switch (secret)
        {
            case ApiToken token:
                data.TryAdd(key, token.Token);
                break;
            case Custom custom when custom.Value.ValueKind == JsonValueKind.Object:
                AddJson(data, key, custom.Value);
                break;
            default:
                foreach (var (field, value) in secret.GetFieldValues())
                {
                    data.TryAdd(key + ConfigurationPath.KeyDelimiter + field, value);
                }

                break;
        }
    }

    /// <summary>Whether two loads hold the same keys with the same values (so a reload that changed nothing signals nothing).</summary>
    public static bool Same(IDictionary<string, string?> a, IDictionary<string, string?> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other) || !string.Equals(value, other, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static void AddJson(Dictionary<string, string?> data, string path, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    AddJson(data, path + ConfigurationPath.KeyDelimiter + property.Name, property.Value);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    AddJson(data, path + ConfigurationPath.KeyDelimiter + index.ToString(System.Globalization.CultureInfo.InvariantCulture), item);
                    index++;
                }

                break;
            case JsonValueKind.Null:
                data.TryAdd(path, null);
                break;
            case JsonValueKind.String:
                data.TryAdd(path, element.GetString());
                break;
            default:
                // Numbers as written; true and false as the JSON configuration provider gives them ("True", "False").
                data.TryAdd(path, element.ToString());
                break;
        }
    }
}
