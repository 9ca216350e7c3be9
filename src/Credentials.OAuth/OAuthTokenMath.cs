namespace Credentials;

/// <summary>When a token is due and how a token response lands on a credential (absolute expiry, rotated refresh token).</summary>
internal static class OAuthTokenMath
{
    /// <summary>A token whose lifetime is unknown (issued elsewhere) is refreshed this long before its expiry.</summary>
    public static readonly TimeSpan UnknownLifetimeSkew = TimeSpan.FromMinutes(1);

    /// <summary>When the token should be refreshed: expiry − min(max skew, half its lifetime); null when it never expires.</summary>
    public static DateTimeOffset? RefreshAt(OAuth2 secret, TimeSpan maxSkew)
    {
        if (secret.ExpiresAt is not { } expiresAt)
        {
            return null;
        }

        var skew = secret.IssuedAt is { } issuedAt && issuedAt < expiresAt
            ? TimeSpan.FromTicks(Math.Min(maxSkew.Ticks, (expiresAt - issuedAt).Ticks / 2))
            : TimeSpan.FromTicks(Math.Min(maxSkew.Ticks, UnknownLifetimeSkew.Ticks));
        return expiresAt - skew;
    }

    /// <summary>
    /// Due: a client_credentials client without a token or past its refresh time; an authorization-code credential past its
    /// refresh time, or with a refresh token and no access token yet. A credential never connected (no tokens) is not.
    /// </summary>
    public static bool IsDue(OAuth2 secret, DateTimeOffset now, TimeSpan maxSkew)
    {
        if (secret.AccessToken is null)
        {
            return secret.GrantType == OAuth2GrantType.ClientCredentials || secret.RefreshToken is not null;
        }

        return RefreshAt(secret, maxSkew) is { } refreshAt && now >= refreshAt;
    }

    /// <summary>Whether the current access token is still accepted at <paramref name="now"/> (unknown expiry counts as valid).</summary>
    public static bool IsUsable(OAuth2 secret, DateTimeOffset now) =>
        secret.AccessToken is not null && (secret.ExpiresAt is not { } expiresAt || expiresAt > now);

    /// <summary>The credential with new tokens: absolute expiry from expires_in, the old refresh token kept when none came back.</summary>
    public static OAuth2 Apply(OAuth2 stored, OAuthTokenResult tokens, DateTimeOffset now)
    {
        var issuedAt = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        return stored with
        {
            AccessToken = tokens.AccessToken,
            RefreshToken = string.IsNullOrEmpty(tokens.RefreshToken) ? stored.RefreshToken : tokens.RefreshToken,
            ExpiresAt = tokens.ExpiresIn > 0 ? issuedAt.AddSeconds(tokens.ExpiresIn) : null,
            IssuedAt = issuedAt,
        };
    }

    /// <summary>The client, endpoints and resource of two versions of a credential are the same: tokens of one fit the other.</summary>
    public static bool SameClient(OAuth2 a, OAuth2 b) =>
        string.Equals(a.ClientId, b.ClientId, StringComparison.Ordinal)
        && string.Equals(a.TokenEndpoint, b.TokenEndpoint, StringComparison.Ordinal)
        && string.Equals(a.Issuer, b.Issuer, StringComparison.Ordinal)
        && string.Equals(a.Resource, b.Resource, StringComparison.Ordinal)
        && a.GrantType == b.GrantType;
}
