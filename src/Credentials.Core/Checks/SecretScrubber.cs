using System.Text.Json;

namespace Credentials;

/// <summary>
/// Masks secret values that a check's result might quote (a server echoing what it was sent, an exception message), in
/// every string of the result: <see cref="CredentialCheckResult.Message"/>, <see cref="CredentialCheckResult.Field"/> and
/// <see cref="CredentialCheckResult.Check"/>. Each secret value is masked as itself and in the encodings of
/// <see cref="SecretEncodings"/>, and so are the combinations protocols send: SMTP/SASL AUTH PLAIN
/// (<c>\0user\0password</c> and <c>user\0user\0password</c>) and HTTP Basic (<c>user:password</c>, <c>key:secret</c>,
/// <c>client_id:client_secret</c>, also form-encoded per RFC 6749). AUTH LOGIN sends the password alone in base64, which
/// the value's own encodings cover.
/// </summary>
/// <remarks>
/// Values shorter than <see cref="MinLength"/> are not masked, nor are their encodings nor combinations built on them.
/// </remarks>
internal static class SecretScrubber
{
    /// <summary>
    /// Values shorter than this (in UTF-16 code units) are not masked: replacing every "a" or "42" in a message would
    /// destroy it and hide little, since so short a value is guessed faster than read.
    /// </summary>
    public const int MinLength = 4;

    public const string Mask = "\u2022\u2022\u2022\u2022";

    /// <summary>The result with every secret value of <paramref name="secret"/> masked in each of its strings.</summary>
    public static CredentialCheckResult Scrub(CredentialCheckResult result, CredentialSecret secret)
    {
        ArgumentNullException.ThrowIfNull(result);
        var forms = Forms(secret);
        return result with
        {
            Message = Scrub(result.Message, forms)!,
            Field = Scrub(result.Field, forms),
            Check = Scrub(result.Check, forms),
        };
    }

    private static string? Scrub(string? text, string[] forms)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var form in forms)
        {
            text = text.Replace(form, Mask, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>Every form to mask, longest first, so that a longer form is masked whole before a shorter one inside it.</summary>
    private static string[] Forms(CredentialSecret secret) =>
        [.. SecretValues(secret).Where(v => v.Length >= MinLength)
            .Concat(Combinations(secret))
            .SelectMany(SecretEncodings.Of)
            .Where(f => f.Length >= MinLength)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(f => f.Length)];

    private static IEnumerable<string> SecretValues(CredentialSecret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret is Custom custom)
        {
            return custom.Value.ValueKind == JsonValueKind.Undefined ? [] : Leaves(custom.Value);
        }

        var schema = CredentialSchemas.Instance.Get(secret.Type);
        var values = SecretFields.Read(secret);
        return schema.Fields.Select((field, i) => field.Secret ? values[i] : null).OfType<string>();
    }

    /// <summary>What protocols send a secret inside, together with a non-secret part (the user name).</summary>
    private static IEnumerable<string> Combinations(CredentialSecret secret) => secret switch
    {
        Smtp s => UserAndPassword(s.Username, s.Password),
        UsernamePassword s => UserAndPassword(s.Username, s.Password),
        KeyPair s => Basic(s.ApiKey, s.ApiSecret),
        OAuth2 s => Basic(s.ClientId, s.ClientSecret)
            .Concat(Basic(System.Net.WebUtility.UrlEncode(s.ClientId ?? string.Empty), System.Net.WebUtility.UrlEncode(s.ClientSecret ?? string.Empty))),
        _ => [],
    };

    private static IEnumerable<string> UserAndPassword(string? user, string? password) =>
        password is null || password.Length < MinLength
            ? []
            : [$"\0{user}\0{password}", $"{user}\0{user}\0{password}", .. Basic(user, password)];

    private static IEnumerable<string> Basic(string? user, string? password) =>
        password is null || password.Length < MinLength ? [] : [$"{user}:{password}"];

    private static IEnumerable<string> Leaves(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Leaves(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Leaves),
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Number => [element.GetRawText()],
        _ => [],
    };
}
