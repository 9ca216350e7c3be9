using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Credentials.AspNetCore;

/// <summary>
/// Reads a JSON body with bounds: JSON content type (else 415), at most <see cref="MaxBytes"/> (else 413), a JSON object
/// of the expected shape (else 400 saying where it broke, never quoting the input). The buffer, which holds secrets, is
/// zeroed once parsed.
/// </summary>
internal static class JsonBody
{
    /// <summary>The largest body read: room for a custom value or an SSH key (64 KiB each) with the other fields.</summary>
    public const int MaxBytes = 256 * 1024;

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, CredentialProblems.UnsupportedMediaType());
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, CredentialProblems.TooLarge(MaxBytes));
        }

        var buffer = new byte[Math.Min(request.ContentLength ?? 4096, MaxBytes) + 1];
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length > MaxBytes)
                    {
                        return (null, CredentialProblems.TooLarge(MaxBytes));
                    }

                    var larger = new byte[Math.Min(buffer.Length * 2L, MaxBytes + 1L)];
                    buffer.AsSpan(0, length).CopyTo(larger);
                    CryptographicOperations.ZeroMemory(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            if (length == 0)
            {
                return (null, CredentialProblems.BadRequest("The request needs a JSON object as its body.", "malformed-json"));
            }

            var value = JsonSerializer.Deserialize(buffer.AsSpan(0, length), typeInfo);
            return value is null
                ? (null, CredentialProblems.BadRequest("The body must be a JSON object, not null.", "malformed-json"))
                : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, CredentialProblems.BadRequest(Describe(ex), "malformed-json"));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    /// <summary>
    /// Where the body broke, by path and position; not the parser's message, which may quote the input. Inside
    /// <c>fields</c> only that much is said: property names inside a custom value are secret.
    /// </summary>
    private static string Describe(JsonException exception)
    {
        var path = exception.Path is { Length: > 0 } p ? p : "$";
        if (path.StartsWith("$.fields", StringComparison.OrdinalIgnoreCase))
        {
            path = "$.fields";
        }

        var where = exception.LineNumber is { } line && exception.BytePositionInLine is { } position
            ? $" (at {path}, line {line + 1}, byte {position + 1})"
            : $" (at {path})";
        return "The body is not valid JSON of the expected shape: a JSON object with the documented properties, strings " +
               "for names and wire names, and an object of field values in \"fields\"" + where + ".";
    }
}
