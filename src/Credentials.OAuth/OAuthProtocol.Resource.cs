using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Credentials;

/// <summary>
/// RFC 9728 protected resource metadata, which IdentityModel does not read: the one JSON document read by hand here,
/// bounded in size and depth.
/// </summary>
internal sealed partial class OAuthProtocol
{
    private const int MaxMetadataBytes = 64 * 1024;

    /// <summary>
    /// Reads RFC 9728 metadata of a protected resource (an MCP server): first where the resource's 401 points
    /// (<c>WWW-Authenticate: Bearer resource_metadata="..."</c>, as MCP servers answer), then at
    /// <c>/.well-known/oauth-protected-resource</c> inserted before the resource's path, then at the host's root. Null when
    /// the resource publishes none.
    /// </summary>
    public async Task<ProtectedResourceMetadata?> GetProtectedResourceAsync(Uri resource, CancellationToken cancellationToken)
    {
        var path = resource.AbsolutePath.TrimEnd('/');
        var origin = resource.GetLeftPart(UriPartial.Authority);
        var candidates = new List<string>(3);
        if (await ResourceMetadataFromChallengeAsync(resource, cancellationToken).ConfigureAwait(false) is { } advertised)
        {
            candidates.Add(advertised);
        }

        if (!string.IsNullOrEmpty(path))
        {
            candidates.Add(origin + "/.well-known/oauth-protected-resource" + path);
        }

        candidates.Add(origin + "/.well-known/oauth-protected-resource");
        foreach (var candidate in candidates)
        {
            using var response = await SendAsync(HttpMethod.Get, new Uri(candidate), resource, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                continue;
            }

            using var document = await ReadBoundedJsonAsync(response, cancellationToken).ConfigureAwait(false);
            if (document?.RootElement is not { ValueKind: JsonValueKind.Object } root
                || !root.TryGetProperty("resource", out var resourceElement) || resourceElement.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            var named = resourceElement.GetString()!;
            // RFC 9728 §3.3: the metadata must be about the resource asked for, or it is not used.
            if (!SameResource(named, resource))
            {
                throw new CredentialValidationException([new("resource_or_issuer", "publishes protected resource metadata for another resource (RFC 9728 §3.3); check the URL")]);
            }

            return new ProtectedResourceMetadata(named, Strings(root, "authorization_servers"), Strings(root, "scopes_supported"));
        }

        return null;
    }

    /// <summary>An unauthenticated request to the resource; its 401 may name the metadata (RFC 9728 §5.1).</summary>
    private async Task<string?> ResourceMetadataFromChallengeAsync(Uri resource, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, resource, resource, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return null;
        }

        foreach (var challenge in response.Headers.WwwAuthenticate)
        {
            if (string.Equals(challenge.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
                && challenge.Parameter is { } parameter
                && ResourceMetadataParameter().Match(parameter) is { Success: true } match
                && Uri.TryCreate(match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value, UriKind.Absolute, out var url)
                && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
            {
                return url.ToString();
            }
        }

        return null;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, Uri resource, CancellationToken cancellationToken)
    {
        using var client = Client();
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Accept.ParseAdd("application/json");
        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (OAuthHttp.IsRefusedDestination(ex))
        {
            throw Refused("resource_or_issuer", resource.ToString());
        }
    }

    private static bool SameResource(string advertised, Uri requested) =>
        (Uri.TryCreate(advertised, UriKind.Absolute, out var uri)
            && Uri.Compare(uri, requested, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.Ordinal) == 0)
        || string.Equals(advertised.TrimEnd('/'), requested.ToString().TrimEnd('/'), StringComparison.Ordinal);

    private static async Task<JsonDocument?> ReadBoundedJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxMetadataBytes)
        {
            return null;
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxMetadataBytes + 1];
            var length = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
                if (length > MaxMetadataBytes)
                {
                    return null;
                }
            }

            try
            {
                return JsonDocument.Parse(buffer.AsMemory(0, length), new JsonDocumentOptions { MaxDepth = 16 });
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    private static string[] Strings(JsonElement root, string name) =>
        root.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray()
            : [];

    [GeneratedRegex("""resource_metadata\s*=\s*"([^"]{1,2048})"|resource_metadata\s*=\s*([^\s,"]{1,2048})""", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex ResourceMetadataParameter();
}
