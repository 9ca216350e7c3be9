using System.Collections.Concurrent;
using System.Diagnostics;
using Credentials.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>
/// Keeps resolved OAuth 2.0 tokens fresh. One refresh at a time per credential: in-process, callers of the same credential
/// share one task (single flight); across instances, the refresher first takes the credential's lease row by
/// compare-and-swap (no database lock is held across the HTTP call), re-reads the credential (another instance may have
/// refreshed meanwhile), calls the token endpoint, and writes access token, rotated refresh token and absolute expiry in
/// one versioned write before releasing the lease. A crashed holder's lease lapses after <see cref="OAuthOptions.LeaseDuration"/>.
/// </summary>
internal sealed class OAuthTokenRefresher : IOAuthTokenSource
{
    private const string NeedsReconnectState = "needs_reconnect";

    private readonly ConcurrentDictionary<(string Org, Guid Id), Task<OAuth2>> _inFlight = new();
    private readonly OAuthVault _vault;
    private readonly OAuthProtocol _protocol;
    private readonly OAuthOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public OAuthTokenRefresher(OAuthVault vault, OAuthProtocol protocol, IOptions<OAuthOptions> options, TimeProvider time, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _vault = vault;
        _protocol = protocol;
        _options = options.Value;
        _time = time;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Credentials.OAuth");
    }

    public bool IsDue(OAuth2 secret) => OAuthTokenMath.IsDue(secret, _time.GetUtcNow(), _options.MaxRefreshSkew);

    public async ValueTask<OAuth2> GetFreshAsync(string organizationId, string? ownerUserId, string key, Guid? credentialId, OAuth2 current, CancellationToken cancellationToken)
    {
        var id = credentialId;
        if (id is null)
        {
            var found = await _vault.TryReadByKeyAsync(organizationId, ownerUserId, key, cancellationToken).ConfigureAwait(false);
            if (found is null)
            {
                return current;
            }

            id = found.Value.Record.Metadata.Id;
        }

        return await JoinFlightAsync(organizationId, id.Value, key, rejectedAccessToken: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// After a server refused <paramref name="rejectedAccessToken"/> (HTTP 401 before its expiry: revoked or rotated early),
    /// renews the credential's token even though it is not due, unless another caller already did. True when the stored
    /// token is now another one.
    /// </summary>
    public async Task<bool> RefreshRejectedAsync(string organizationId, Guid credentialId, string key, string rejectedAccessToken, CancellationToken cancellationToken)
    {
        var fresh = await JoinFlightAsync(organizationId, credentialId, key, rejectedAccessToken, cancellationToken).ConfigureAwait(false);
        return !string.Equals(fresh.AccessToken, rejectedAccessToken, StringComparison.Ordinal);
    }

    private Task<OAuth2> JoinFlightAsync(string organizationId, Guid id, string key, string? rejectedAccessToken, CancellationToken cancellationToken)
    {
        var flightKey = (organizationId, id);
        var mine = new TaskCompletionSource<OAuth2>(TaskCreationOptions.RunContinuationsAsynchronously);
        var flight = _inFlight.GetOrAdd(flightKey, mine.Task);
        if (flight == mine.Task)
        {
            // The refresh runs on its own (not on this caller's token): other callers wait on it too.
            _ = RunFlightAsync(flightKey, key, rejectedAccessToken, mine);
        }

        return flight.WaitAsync(cancellationToken);
    }

    private async Task RunFlightAsync((string Org, Guid Id) flightKey, string key, string? rejectedAccessToken, TaskCompletionSource<OAuth2> completion)
    {
        try
        {
            using var limit = new CancellationTokenSource(_options.LeaseWaitTimeout + _options.RequestTimeout + _options.RequestTimeout);
            var result = await RefreshAsync(flightKey.Org, flightKey.Id, key, rejectedAccessToken, limit.Token).ConfigureAwait(false);
            _inFlight.TryRemove(new KeyValuePair<(string, Guid), Task<OAuth2>>(flightKey, completion.Task));
            completion.TrySetResult(result);
        }
        catch (Exception ex)
        {
            _inFlight.TryRemove(new KeyValuePair<(string, Guid), Task<OAuth2>>(flightKey, completion.Task));
            // The flight's own time limit is not any caller's cancellation: say what happened.
            completion.TrySetException(ex is OperationCanceledException
                ? new CredentialException($"Refreshing the OAuth 2.0 credential '{key}' ({new CredentialId(flightKey.Id)}) did not finish in time; try again.", ex)
                : ex);
        }
    }

    private async Task<OAuth2> RefreshAsync(string org, Guid id, string key, string? rejectedAccessToken, CancellationToken cancellationToken)
    {
        // Due by the clock, or still the token a server just refused.
        bool Due(OAuth2 secret, DateTimeOffset now) =>
            OAuthTokenMath.IsDue(secret, now, _options.MaxRefreshSkew)
            || (rejectedAccessToken is not null && string.Equals(secret.AccessToken, rejectedAccessToken, StringComparison.Ordinal));

        var holder = Guid.NewGuid().ToString("N");
        var waited = Stopwatch.StartNew();
        var credentialId = new CredentialId(id);
        while (true)
        {
            var (record, secret) = await ReadAsync(org, id, cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            if (!Due(secret, now))
            {
                return secret; // Another caller or instance refreshed it.
            }

            if (await IsMarkedAsync(record, cancellationToken).ConfigureAwait(false))
            {
                // Marked NeedsReconnect at this version: no network call, the current token while it lasts, then the exception.
                return OAuthTokenMath.IsUsable(secret, now) ? secret : throw new CredentialReconnectRequiredException(credentialId, key);
            }

            if (await _vault.Storage.TryAcquireOAuthLeaseAsync(org, id, holder, now, now + _options.LeaseDuration, cancellationToken).ConfigureAwait(false))
            {
                OAuth2? refreshed;
                try
                {
                    // Re-read under the lease: another instance may have refreshed between the read above and the lease.
                    (record, secret) = await ReadAsync(org, id, cancellationToken).ConfigureAwait(false);
                    now = _time.GetUtcNow();
                    refreshed = Due(secret, now)
                        ? await RefreshUnderLeaseAsync(record, secret, key, holder, cancellationToken).ConfigureAwait(false)
                        : secret;
                }
                finally
                {
                    await _vault.Storage.ReleaseOAuthLeaseAsync(org, id, holder, CancellationToken.None).ConfigureAwait(false);
                }

                if (refreshed is not null)
                {
                    return refreshed;
                }

                continue; // The lease lapsed under us and another instance has it: wait for its result like any other.
            }

            OAuthLog.LeaseHeldElsewhere(_logger, org, credentialId);
            if (secret.AccessToken is not null && secret.ExpiresAt is { } expiresAt && expiresAt - now >= TimeSpan.FromMinutes(1) && !Due(secret, now))
            {
                return secret; // Still good for a minute: no need to wait for the other instance.
            }

            if (waited.Elapsed >= _options.LeaseWaitTimeout)
            {
                if (OAuthTokenMath.IsUsable(secret, now))
                {
                    return secret;
                }

                throw new CredentialException($"The OAuth 2.0 credential '{key}' ({credentialId}) is being refreshed by another instance, which did not finish in time; try again.");
            }

            // Real time (like the Stopwatch above), not the injected clock: a test's frozen clock must not stall a wait for
            // another instance; lease expiry itself is judged by the injected clock, which every instance shares.
            await Task.Delay(_options.LeasePollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Refreshes (or mints) under the lease; null when the lease lapsed before the token request was sent.</summary>
    private async Task<OAuth2?> RefreshUnderLeaseAsync(CredentialRecord record, OAuth2 secret, string key, string holder, CancellationToken cancellationToken)
    {
        var org = record.Metadata.OrganizationId;
        var id = new CredentialId(record.Metadata.Id);
        var now = _time.GetUtcNow();
        if (secret.GrantType != OAuth2GrantType.ClientCredentials && secret.RefreshToken is null)
        {
            // Expiring with nothing to refresh it with: only a new authorization helps.
            if (OAuthTokenMath.IsUsable(secret, now))
            {
                return secret;
            }

            await MarkNeedsReconnectAsync(record, now, cancellationToken, "no_refresh_token").ConfigureAwait(false);
            OAuthLog.ReconnectRequired(_logger, org, id, key, "no refresh token");
            throw new CredentialReconnectRequiredException(id, key);
        }

        OAuthTokenResult result;
        var tokenEndpoint = secret.TokenEndpoint ?? await DiscoverTokenEndpointAsync(secret, cancellationToken).ConfigureAwait(false);
        if (tokenEndpoint is null)
        {
            result = new(OAuthTokenOutcome.Transient, null, null, 0, "the issuer's metadata could not be read");
        }
        else if (!await _vault.Storage.TryAcquireOAuthLeaseAsync(org, id.Value, holder, _time.GetUtcNow(), _time.GetUtcNow() + _options.LeaseDuration, cancellationToken).ConfigureAwait(false))
        {
            // Discovery took so long that the lease lapsed and another instance took it: leave the refresh to it.
            return null;
        }
        else
        {
            // The lease was just extended: a whole LeaseDuration (> RequestTimeout) for the token request and the write.
            try
            {
                result = secret.GrantType == OAuth2GrantType.ClientCredentials
                    ? await _protocol.ClientCredentialsAsync(secret, tokenEndpoint, cancellationToken).ConfigureAwait(false)
                    : await _protocol.RefreshAsync(secret, tokenEndpoint, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                result = new(OAuthTokenOutcome.Transient, null, null, 0, "timeout");
            }
        }

        _vault.Metrics.RecordRefresh(result.Outcome switch
        {
            OAuthTokenOutcome.Success => "success",
            OAuthTokenOutcome.InvalidGrant => "invalid_grant",
            OAuthTokenOutcome.Transient => "transient",
            _ => "refused",
        });
        switch (result.Outcome)
        {
            case OAuthTokenOutcome.Success:
                if (_options.BeforeTokenWrite is { } beforeWrite)
                {
                    await beforeWrite(cancellationToken).ConfigureAwait(false);
                }

                try
                {
                    var used = secret;
                    await _vault.WriteAsync(
                        org,
                        id.Value,
                        stored => OAuthTokenMath.SameClient(stored, used) && string.Equals(stored.RefreshToken, used.RefreshToken, StringComparison.Ordinal)
                            ? OAuthTokenMath.Apply(stored, result, _time.GetUtcNow())
                            : throw new OAuthTokensSupersededException(),
                        cancellationToken).ConfigureAwait(false);
                }
                catch (OAuthTokensSupersededException)
                {
                    OAuthLog.TokensSuperseded(_logger, org, id);
                    return (await ReadAsync(org, id.Value, cancellationToken).ConfigureAwait(false)).Secret;
                }

                var fresh = (await ReadAsync(org, id.Value, cancellationToken).ConfigureAwait(false)).Secret;
                OAuthLog.Refreshed(_logger, org, id, key, fresh.ExpiresAt);
                return fresh;

            case OAuthTokenOutcome.InvalidGrant when secret.GrantType == OAuth2GrantType.ClientCredentials:
                // No grant to reconnect: a client_credentials client mints again next time; nothing is marked.
                OAuthLog.RefreshFailed(_logger, org, id, key, result.Error ?? "invalid_grant");
                await AuditFailureAsync(record, result.Error ?? "invalid_grant", needsReconnect: false).ConfigureAwait(false);
                return OAuthTokenMath.IsUsable(secret, _time.GetUtcNow())
                    ? secret
                    : throw new CredentialException($"Minting a token for the OAuth 2.0 credential '{key}' ({id}) failed ({result.Error}); check the client.");

            case OAuthTokenOutcome.InvalidGrant:
                // Re-read: a changed refresh token means another writer (a reconnect) won; the grant we used is simply gone.
                var (latestRecord, latest) = await ReadAsync(org, id.Value, cancellationToken).ConfigureAwait(false);
                if (!string.Equals(latest.RefreshToken, secret.RefreshToken, StringComparison.Ordinal)
                    && !OAuthTokenMath.IsDue(latest, _time.GetUtcNow(), _options.MaxRefreshSkew))
                {
                    return latest;
                }

                await MarkNeedsReconnectAsync(latestRecord, now, cancellationToken, result.Error ?? "invalid_grant").ConfigureAwait(false);
                OAuthLog.ReconnectRequired(_logger, org, id, key, result.Error ?? "invalid_grant");
                throw new CredentialReconnectRequiredException(id, key);

            case OAuthTokenOutcome.Transient when OAuthTokenMath.IsUsable(secret, _time.GetUtcNow()):
                OAuthLog.RefreshFailedUsingCurrent(_logger, org, id, key, result.Error ?? "transient failure", secret.ExpiresAt);
                return secret;

            default:
                OAuthLog.RefreshFailed(_logger, org, id, key, result.Error ?? "refused");
                await AuditFailureAsync(record, result.Error ?? "refused", needsReconnect: false).ConfigureAwait(false);
                if (result.Outcome == OAuthTokenOutcome.Refused && OAuthTokenMath.IsUsable(secret, _time.GetUtcNow()))
                {
                    return secret;
                }

                throw new CredentialException($"Refreshing the OAuth 2.0 credential '{key}' ({id}) failed ({result.Error ?? "no answer"}); try again.");
        }
    }

    private async Task<string?> DiscoverTokenEndpointAsync(OAuth2 secret, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(secret.Issuer))
        {
            return null;
        }

        try
        {
            return (await _protocol.DiscoverAsync(secret.Issuer, cancellationToken).ConfigureAwait(false))?.TokenEndpoint;
        }
        catch (CredentialValidationException)
        {
            return null; // A refused destination: reported as a failed refresh.
        }
    }

    private async Task<bool> IsMarkedAsync(CredentialRecord record, CancellationToken cancellationToken) =>
        IsNeedsReconnect(
            await _vault.Storage.GetOAuthConnectionAsync(record.Metadata.OrganizationId, record.Metadata.Id, cancellationToken).ConfigureAwait(false),
            record);

    /// <summary>Records "needs reconnect" and its <c>refresh_failed</c> audit record in one transaction.</summary>
    private async Task MarkNeedsReconnectAsync(CredentialRecord record, DateTimeOffset now, CancellationToken cancellationToken, string error)
    {
        var m = record.Metadata;
        var entry = await _vault.Audit.EntryAsync(m.OrganizationId, AuditAction.RefreshFailed, null, m, FailureDetails(error, needsReconnect: true), cancellationToken)
            .ConfigureAwait(false);
        await _vault.Storage.SetOAuthConnectionAsync(
            new OAuthConnectionRecord(m.OrganizationId, m.Id, NeedsReconnectState, m.Version, CredentialRecords.Now(_time)),
            entry,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A refused refresh that leaves the credential as it is: its record is appended on its own. A failure to append is
    /// logged and does not replace the refresh's own outcome. (A transient failure while the current token is still good
    /// is logged only: it would repeat at every resolve until the server answers.)
    /// </summary>
    private async Task AuditFailureAsync(CredentialRecord record, string error, bool needsReconnect)
    {
        try
        {
            var m = record.Metadata;
            await _vault.Audit.AppendAsync(m.OrganizationId, AuditAction.RefreshFailed, null, m, FailureDetails(error, needsReconnect), CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (CredentialException ex)
        {
            OperationsLog.AuditAppendFailed(_logger, ex, AuditAction.RefreshFailed.ToWireName());
        }
    }

    /// <summary>The error code as a detail, when it looks like one (an authorization server chooses it); else <c>other</c>.</summary>
    private static KeyValuePair<string, string>[] FailureDetails(string error, bool needsReconnect) =>
    [
        new("error", error.Length is > 0 and <= 64 && error.All(c => c is (>= 'a' and <= 'z') or '_' or (>= '0' and <= '9')) ? error : "other"),
        new("needs_reconnect", needsReconnect ? "true" : "false"),
    ];

    private async Task<(CredentialRecord Record, OAuth2 Secret)> ReadAsync(string org, Guid id, CancellationToken cancellationToken) =>
        await _vault.TryReadAsync(org, id, cancellationToken).ConfigureAwait(false)
            ?? throw new CredentialNotFoundException($"No credential {new CredentialId(id)} exists in organization '{org}'.");

    internal static bool IsNeedsReconnect(OAuthConnectionRecord? state, CredentialRecord record) =>
        state is { State: NeedsReconnectState } && state.CredentialVersion == record.Metadata.Version;
}
