using Credentials.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Credentials;

/// <summary>
/// Resolves a credential by key: one indexed read, one unwrap, one AES-GCM open, one JSON parse. The owner is part of the
/// lookup (never a filter after it), so a user's credential cannot be read for anyone else. The read is skipped when the
/// sealed-record cache holds the record and the store has not changed since (<see cref="SealedRecordCache"/>); the unwrap
/// and the open never are.
/// </summary>
internal sealed class CredentialResolver(
    ICredentialStorage storage,
    CredentialSealer sealer,
    CredentialsInitializer initializer,
    ResolveCache cache,
    ICredentialTemplateCatalog templates,
    ILoggerFactory? loggerFactory = null,
    IOAuthTokenSource? oauthTokens = null,
    SealedRecordCache? sealedRecords = null) : ICredentialResolver
{
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Credentials.Resolver");

    public async Task<T> ResolveAsync<T>(OrganizationId org, string key, CancellationToken cancellationToken = default)
        where T : CredentialSecret
    {
        var orgId = org.Checked();
        var secret = await TryResolveCoreAsync(orgId, null, key, cancellationToken).ConfigureAwait(false)
            ?? throw new CredentialNotFoundException($"No credential with key '{key}' exists in organization '{org}'.");
        return As<T>(secret, key, orgId);
    }

    public Task<CredentialSecret?> TryResolveAsync(OrganizationId org, string key, CancellationToken cancellationToken = default) =>
        TryResolveCoreAsync(org.Checked(), null, key, cancellationToken).AsTask();

    public async Task<T> ResolveAsync<T>(CredentialContext context, string key, ResolveScope scope, CancellationToken cancellationToken = default)
        where T : CredentialSecret
    {
        var orgId = context.OrganizationId();
        var secret = await TryResolveInScopeAsync(orgId, context, key, scope, cancellationToken).ConfigureAwait(false);
        if (secret is null)
        {
            if (scope == ResolveScope.User)
            {
                var template = templates.All.FirstOrDefault(t => string.Equals(t.Key, key, StringComparison.Ordinal));
                throw new CredentialConnectionRequiredException(key, context.UserId!, template?.Id);
            }

            throw new CredentialNotFoundException(scope == ResolveScope.Organization
                ? $"No shared credential with key '{key}' exists in organization '{orgId}'."
                : $"Neither user '{context.UserId}' nor organization '{orgId}' has a credential with key '{key}'.");
        }

        return As<T>(secret, key, orgId);
    }

    public async Task<T?> TryResolveAsync<T>(CredentialContext context, string key, ResolveScope scope, CancellationToken cancellationToken = default)
        where T : CredentialSecret
    {
        var orgId = context.OrganizationId();
        var secret = await TryResolveInScopeAsync(orgId, context, key, scope, cancellationToken).ConfigureAwait(false);
        return secret is null ? null : As<T>(secret, key, orgId);
    }

    private async ValueTask<CredentialSecret?> TryResolveInScopeAsync(string orgId, CredentialContext context, string key, ResolveScope scope, CancellationToken cancellationToken)
    {
        switch (scope)
        {
            case ResolveScope.Organization:
                return await TryResolveCoreAsync(orgId, null, key, cancellationToken).ConfigureAwait(false);
            case ResolveScope.User:
                return await TryResolveCoreAsync(orgId, RequireUser(context, scope), key, cancellationToken).ConfigureAwait(false);
            case ResolveScope.UserThenOrganization:
                var own = await TryResolveCoreAsync(orgId, RequireUser(context, scope), key, cancellationToken).ConfigureAwait(false);
                return own ?? await TryResolveCoreAsync(orgId, null, key, cancellationToken).ConfigureAwait(false);
            default:
                throw new ArgumentOutOfRangeException(nameof(scope), scope, "The resolve scope is not defined.");
        }
    }

    private static string RequireUser(CredentialContext context, ResolveScope scope) =>
        context.UserId ?? throw new ArgumentException(
            $"ResolveScope.{scope} needs a context that names the user; use ResolveScope.Organization for the organization's shared credential.",
            nameof(context));

    private static T As<T>(CredentialSecret secret, string key, string orgId)
        where T : CredentialSecret =>
        secret as T ?? throw new CredentialTypeMismatchException(
            $"The credential '{key}' in organization '{orgId}' is of type {secret.Type.ToWireName()}, not {typeof(T).Name}.");

    // A ValueTask, so ResolveAsync (the hot path) allocates one task per call, not two.
    private async ValueTask<CredentialSecret?> TryResolveCoreAsync(string orgId, string? owner, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!CredentialValidator.IsKey(key))
        {
            return null; // No stored credential can have a key that breaks the key rule.
        }

        if (cache.TryGet(orgId, owner, key, out var cached))
        {
            // OAuth 2.0: one type test, and for an OAuth2 credential one time comparison; the refresh is off this path.
            return cached is OAuth2 cachedOAuth && oauthTokens is not null && oauthTokens.IsDue(cachedOAuth)
                ? await oauthTokens.GetFreshAsync(orgId, owner, key, null, cachedOAuth, cancellationToken).ConfigureAwait(false)
                : cached;
        }

        var generation = cache.Generation;
        SealedRecordCache.ReadMark mark = default;
        if (sealedRecords is null || !sealedRecords.TryGet(orgId, owner, key, out var record))
        {
            await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
            mark = sealedRecords?.BeginRead() ?? default;
            record = await storage.FindResolvableByKeyAsync(orgId, owner, key, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                return null;
            }
        }

        await initializer.EnsureKeyAsync(record.KeyId, cancellationToken).ConfigureAwait(false);
        try
        {
            var secret = sealer.Open(orgId, owner, key, record);
            if (secret is OAuth2 oauth && oauthTokens is not null && oauthTokens.IsDue(oauth))
            {
                return await oauthTokens.GetFreshAsync(orgId, owner, key, record.Id, oauth, cancellationToken).ConfigureAwait(false);
            }

            // Only a record that opened is kept; a mark taken before a hit cannot keep anything (nothing was read).
            sealedRecords?.Set(orgId, owner, key, record, mark);
            cache.Set(orgId, owner, key, secret, generation);
            return secret;
        }
        catch (CredentialIntegrityException ex)
        {
            Log.IntegrityCheckFailed(_logger, ex, orgId, new CredentialId(record.Id));
            throw;
        }
    }
}
