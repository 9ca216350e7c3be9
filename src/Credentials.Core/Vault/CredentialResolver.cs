using Credentials.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Credentials;

/// <summary>Resolves a credential by key: one indexed read, one unwrap, one AES-GCM open, one JSON parse.</summary>
internal sealed class CredentialResolver(
    ICredentialStorage storage,
    CredentialSealer sealer,
    CredentialsInitializer initializer,
    ResolveCache cache,
    ILoggerFactory? loggerFactory = null,
    IOAuthTokenSource? oauthTokens = null) : ICredentialResolver
{
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Credentials.Resolver");

    public async Task<T> ResolveAsync<T>(OrganizationId org, string key, CancellationToken cancellationToken = default)
        where T : CredentialSecret
    {
        var secret = await TryResolveCoreAsync(org, key, cancellationToken).ConfigureAwait(false)
            ?? throw new CredentialNotFoundException($"No credential with key '{key}' exists in organization '{org}'.");
        return secret as T ?? throw new CredentialTypeMismatchException(
            $"The credential '{key}' in organization '{org}' is of type {secret.Type.ToWireName()}, not {typeof(T).Name}.");
    }

    public Task<CredentialSecret?> TryResolveAsync(OrganizationId org, string key, CancellationToken cancellationToken = default) =>
        TryResolveCoreAsync(org, key, cancellationToken).AsTask();

    // A ValueTask, so ResolveAsync (the hot path) allocates one task per call, not two.
    private async ValueTask<CredentialSecret?> TryResolveCoreAsync(OrganizationId org, string key, CancellationToken cancellationToken)
    {
        var orgId = org.Checked();
        ArgumentNullException.ThrowIfNull(key);
        if (!CredentialValidator.IsKey(key))
        {
            return null; // No stored credential can have a key that breaks the key rule.
        }

        if (cache.TryGet(orgId, key, out var cached))
        {
            // OAuth 2.0: one type test, and for an OAuth2 credential one time comparison; the refresh is off this path.
            return cached is OAuth2 cachedOAuth && oauthTokens is not null && oauthTokens.IsDue(cachedOAuth)
                ? await oauthTokens.GetFreshAsync(orgId, key, null, cachedOAuth, cancellationToken).ConfigureAwait(false)
                : cached;
        }

        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var generation = cache.Generation;
        var record = await storage.FindResolvableByKeyAsync(orgId, key, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        await initializer.EnsureKeyAsync(record.KeyId, cancellationToken).ConfigureAwait(false);
        try
        {
            var secret = sealer.Open(orgId, key, record);
            if (secret is OAuth2 oauth && oauthTokens is not null && oauthTokens.IsDue(oauth))
            {
                return await oauthTokens.GetFreshAsync(orgId, key, record.Id, oauth, cancellationToken).ConfigureAwait(false);
            }

            cache.Set(orgId, key, secret, generation);
            return secret;
        }
        catch (CredentialIntegrityException ex)
        {
            Log.IntegrityCheckFailed(_logger, ex, orgId, new CredentialId(record.Id));
            throw;
        }
    }
}
