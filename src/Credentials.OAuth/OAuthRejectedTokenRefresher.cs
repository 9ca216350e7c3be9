namespace Credentials;

/// <summary>
/// Renews an OAuth 2.0 access token that a server refused before its expiry (revoked or rotated early), for the HttpClient
/// handler of <c>AddCredentialAuthentication</c>: one refresh per credential however many requests were refused at once
/// (the refresher's single flight and lease), and none when another caller already stored a newer token.
/// </summary>
internal sealed class OAuthRejectedTokenRefresher(OAuthVault vault, OAuthTokenRefresher refresher) : ICredentialTokenRefresher
{
    public async Task<bool> TryRefreshAsync(CredentialContext context, string key, ResolveScope scope, CredentialSecret rejected, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (rejected is not OAuth2 { AccessToken: { Length: > 0 } rejectedToken })
        {
            return false;
        }

        var org = context.Organization.Value ?? throw new ArgumentException("The organization id is not set (default value).", nameof(context));

        // The credential the request was resolved to: the same order of owners as the resolve scope.
        foreach (var owner in Owners(context, scope))
        {
            if (await vault.TryReadByKeyAsync(org, owner, key, cancellationToken).ConfigureAwait(false) is { } found)
            {
                return await refresher.RefreshRejectedAsync(org, found.Record.Metadata.Id, key, rejectedToken, cancellationToken).ConfigureAwait(false);
            }
        }

        return false;
    }

    private static string?[] Owners(CredentialContext context, ResolveScope scope) => scope switch
    {
        ResolveScope.User when context.UserId is not null => [context.UserId],
        ResolveScope.UserThenOrganization when context.UserId is not null => [context.UserId, null],
        ResolveScope.Organization => [null],
        _ => [],
    };
}
