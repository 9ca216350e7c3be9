using System.Text.Json;

namespace Credentials;

/// <summary>Masks secret values that a check's message might quote (a server echoing what it was sent, for example).</summary>
internal static class SecretScrubber
{
    /// <summary>Values shorter than this are not masked: replacing every "a" in a message would destroy it and hide little.</summary>
    public const int MinLength = 4;

    public const string Mask = "\u2022\u2022\u2022\u2022";

    public static string Scrub(string message, CredentialSecret secret)
    {
        foreach (var value in SecretValues(secret).Where(v => v.Length >= MinLength).OrderByDescending(v => v.Length))
        {
            message = message.Replace(value, Mask, StringComparison.Ordinal);
        }

        return message;
    }

    private static IEnumerable<string> SecretValues(CredentialSecret secret)
    {
        if (secret is Custom custom)
        {
            return custom.Value.ValueKind == JsonValueKind.Undefined ? [] : Leaves(custom.Value);
        }

        var schema = CredentialSchemas.Instance.Get(secret.Type);
        var values = SecretFields.Read(secret);
        return schema.Fields.Select((field, i) => field.Secret ? values[i] : null).OfType<string>();
    }

    private static IEnumerable<string> Leaves(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Leaves(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Leaves),
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Number => [element.GetRawText()],
        _ => [],
    };
}
