using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;

namespace Credentials;

/// <summary>
/// Puts a credential from the vault on each request (see <c>AddCredentialAuthentication</c>), and sends a request refused
/// with 401 once more when an <see cref="ICredentialTokenRefresher"/> renewed the credential. Resolves per request; keeps
/// no value; logs keys, never values.
/// </summary>
internal sealed class CredentialAuthenticationHandler(
    string key,
    CredentialAuthenticationOptions options,
    ICredentialResolver resolver,
    ICredentialContextAccessor contexts,
    ICredentialTemplateCatalog? templates,
    ICredentialTokenRefresher? refresher,
    ILogger logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = contexts.Current ?? throw new InvalidOperationException(
            $"No CredentialContext is set for this request: set ICredentialContextAccessor.Current, or send inside accessor.BeginScope(context), " +
            $"before using a client with AddCredentialAuthentication(\"{key}\").");

        var secret = await resolver.ResolveAsync<CredentialSecret>(context, key, options.Scope, cancellationToken).ConfigureAwait(false);
        var header = Header(secret);
        if (request.Headers.Contains(header.Name))
        {
            throw new InvalidOperationException(
                $"The request already has a {header.Name} header, and AddCredentialAuthentication(\"{key}\") sets it: the handler refuses to replace a " +
                "header set elsewhere (the request or the client's DefaultRequestHeaders). Remove one of them.");
        }

        Add(request, header);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !options.RetryOnUnauthorized || refresher is null || !CanSendAgain(request))
        {
            return response;
        }

        if (!await refresher.TryRefreshAsync(context, key, options.Scope, secret, cancellationToken).ConfigureAwait(false))
        {
            HttpLog.NotRenewed(logger, key, context.Organization.Value);
            return response;
        }

        var renewed = await resolver.ResolveAsync<CredentialSecret>(context, key, options.Scope, cancellationToken).ConfigureAwait(false);
        var again = Header(renewed);
        response.Dispose();
        request.Headers.Remove(header.Name);
        Add(request, again);
        HttpLog.Retrying(logger, key, context.Organization.Value);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private void Add(HttpRequestMessage request, CredentialHeader header)
    {
        if (!request.Headers.TryAddWithoutValidation(header.Name, header.Value))
        {
            // A content header name (Content-Type, ...) cannot go on the request: say so rather than send nothing.
            throw new InvalidOperationException($"AddCredentialAuthentication(\"{key}\") cannot send the credential in the header {header.Name}: it is not a request header.");
        }
    }

    private CredentialHeader Header(CredentialSecret secret) => CredentialHeader.For(key, secret, options, TemplateFor(secret.Type));

    private CredentialTemplate? TemplateFor(CredentialType type)
    {
        if (templates is null)
        {
            return null;
        }

        if (options.TemplateId is not null)
        {
            return templates.Find(options.TemplateId) is { } chosen && chosen.Type == type ? chosen : null;
        }

        foreach (var template in templates.All)
        {
            if (template.Type == type && string.Equals(template.Key, key, StringComparison.Ordinal))
            {
                return template;
            }
        }

        return null;
    }

    /// <summary>A body that a second send reads again from the start: none, or one held in memory.</summary>
    private static bool CanSendAgain(HttpRequestMessage request) =>
        request.Content is null or ByteArrayContent or ReadOnlyMemoryContent or JsonContent;
}
