using System.Diagnostics;
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
    LastUsedTracker lastUsed,
    CredentialsMetrics metrics,
    ILoggerFactory? loggerFactory = null,
    IOAuthTokenSource? oauthTokens = null,
    SealedRecordCache? sealedRecords = null) : ICredentialResolver
{
    private const string Success = "success";
    private const string NotFound = "not_found";
    private const string TypeMismatch = "type_mismatch";
    private const string Error = "error";

    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Credentials.Resolver");

    public async Task<T> ResolveAsync<T>(OrganizationId org, string key, CancellationToken cancellationToken = default)
        where T : CredentialSecret
    {
        var orgId = org.Checked();
        var (started, activity) = Begin(orgId, null, key);
        try
        {
            var secret = await TryResolveCoreAsync(orgId, null, key, cancellationToken).ConfigureAwait(false)
                ?? throw new CredentialNotFoundException($"No credential with key '{key}' exists in organization '{org}'.");
            var typed = As<T>(secret, key, orgId);
            End(started, activity, Success);
            return typed;
        }
        catch (Exception ex)
        {
            Fail(started, activity, ex);
            throw;
        }
    }

    public async Task<CredentialSecret?> TryResolveAsync(OrganizationId org, string key, CancellationToken cancellationToken = default)
    {
        var orgId = org.Checked();
        var (started, activity) = Begin(orgId, null, key);
        try
        {
            var secret = await TryResolveCoreAsync(orgId, null, key, cancellationToken).ConfigureAwait(false);
            End(started, activity, secret is null ? NotFound : Success);
            return secret;
        }
        catch (Exception ex)
        {
            Fail(started, activity, ex);
            throw;
        }
    }

    public async Task<T> ResolveAsync<T>(CredentialContext context, string key, ResolveScope scope, CancellationToken cancellationToken = default)
        where T : CredentialSecret
    {
        var orgId = context.OrganizationId();
        var (started, activity) = Begin(orgId, context.UserId, key, scope);
        try
        {
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

            var typed = As<T>(secret, key, orgId);
            End(started, activity, Success);
            return typed;
        }
        catch (Exception ex)
        {
            Fail(started, activity, ex);
            throw;
        }
    }

    public async Task<T?> TryResolveAsync<T>(CredentialContext context, string key, ResolveScope scope, CancellationToken cancellationToken = default)
        where T : CredentialSecret
    {
        var orgId = context.OrganizationId();
        var (started, activity) = Begin(orgId, context.UserId, key, scope);
        try
        {
            var secret = await TryResolveInScopeAsync(orgId, context, key, scope, cancellationToken).ConfigureAwait(false);
            var typed = secret is null ? null : As<T>(secret, key, orgId);
            End(started, activity, typed is null ? NotFound : Success);
            return typed;
        }
        catch (Exception ex)
        {
            Fail(started, activity, ex);
            throw;
        }
    }

    // With no listener, neither a timestamp nor an activity: one Enabled read and one HasListeners call.
    private (long Started, Activity? Activity) Begin(string orgId, string? userId, string key, ResolveScope? scope = null)
    {
        var activity = CredentialsTelemetry.Source.HasListeners() ? CredentialsTelemetry.StartActivity("credentials.resolve", orgId, userId) : null;
        if (activity is not null)
        {
            activity.SetTag(CredentialsTelemetry.CredentialKeyTag, key);
            if (scope is { } s)
            {
                activity.SetTag(CredentialsTelemetry.ScopeTag, s switch
                {
                    ResolveScope.Organization => "organization",
                    ResolveScope.User => "user",
                    ResolveScope.UserThenOrganization => "user_then_organization",
                    _ => "unknown",
                });
            }
        }

        return (metrics.ResolveDuration.Enabled ? Stopwatch.GetTimestamp() : 0, activity);
    }

    private void End(long started, Activity? activity, string outcome)
    {
        metrics.RecordResolve(started, outcome);
        if (activity is not null)
        {
            activity.SetTag(CredentialsTelemetry.OutcomeTag, outcome);
            activity.Dispose();
        }
    }

    private void Fail(long started, Activity? activity, Exception exception)
    {
        var outcome = exception switch
        {
            CredentialNotFoundException or CredentialConnectionRequiredException => NotFound,
            CredentialTypeMismatchException => TypeMismatch,
            _ => Error,
        };
        metrics.RecordResolve(started, outcome);
        if (activity is not null)
        {
            activity.SetTag(CredentialsTelemetry.OutcomeTag, outcome);
            if (outcome == Error)
            {
                CredentialsTelemetry.Fail(activity, exception);
            }

            activity.Dispose();
        }
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

        if (cache.TryGet(orgId, owner, key, out var cached, out var cachedId))
        {
            if (metrics.CacheHits.Enabled)
            {
                metrics.CacheHits.Add(1);
            }

            lastUsed.Touch(orgId, cachedId);
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
            lastUsed.Touch(orgId, record.Id);
            if (secret is OAuth2 oauth && oauthTokens is not null && oauthTokens.IsDue(oauth))
            {
                return await oauthTokens.GetFreshAsync(orgId, owner, key, record.Id, oauth, cancellationToken).ConfigureAwait(false);
            }

            // Only a record that opened is kept; a mark taken before a hit cannot keep anything (nothing was read).
            sealedRecords?.Set(orgId, owner, key, record, mark);
            cache.Set(orgId, owner, key, secret, generation, record.Id);
            return secret;
        }
        catch (CredentialIntegrityException ex)
        {
            metrics.RecordIntegrityFailure();
            Log.IntegrityCheckFailed(_logger, ex, orgId, new CredentialId(record.Id));
            throw;
        }
    }
}
