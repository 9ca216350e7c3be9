using System.Text.Json;

namespace Credentials.AspNetCore;

/// <summary>Turns a request's <c>fields</c> object into the text field map that <see cref="ICredentialForms"/> takes.</summary>
internal static class FieldMap
{
    /// <summary>
    /// Strings as they are; numbers and booleans as their JSON text (a port may be posted as <c>587</c>); null as null;
    /// an object or array as its JSON text (the custom type's <c>value</c>).
    /// </summary>
    public static Dictionary<string, string?> From(IReadOnlyDictionary<string, JsonElement>? fields)
    {
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (fields is null)
        {
            return map;
        }

        foreach (var (name, value) in fields)
        {
            map[name] = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => value.GetRawText(),
            };
        }

        return map;
    }
}
