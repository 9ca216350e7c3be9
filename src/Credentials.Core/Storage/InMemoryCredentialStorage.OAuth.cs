using Credentials.Storage;

namespace Credentials;

/// <summary>OAuth 2.0 flows, refresh leases and connection states, under the storage's one lock.</summary>
internal sealed partial class InMemoryCredentialStorage
{
    private readonly Dictionary<string, OAuthFlowRecord> _oauthFlows = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Org, Guid Id), (string Holder, DateTimeOffset ExpiresAt)> _oauthLeases = [];
    private readonly Dictionary<(string Org, Guid Id), OAuthConnectionRecord> _oauthConnections = [];

    public Task<bool> TryAddOAuthFlowAsync(OAuthFlowRecord flow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        lock (_lock)
        {
            return Task.FromResult(_oauthFlows.TryAdd(flow.StateHash, flow with { SealedData = flow.SealedData.ToArray() }));
        }
    }

    public Task<OAuthFlowRecord?> TakeOAuthFlowAsync(string stateHash, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_oauthFlows.Remove(stateHash, out var flow) && flow.ExpiresAt > now ? flow : null);
        }
    }

    public Task<int> PurgeExpiredOAuthFlowsAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var expired = _oauthFlows.Where(f => f.Value.ExpiresAt <= now).Select(f => f.Key).ToList();
            foreach (var hash in expired)
            {
                _oauthFlows.Remove(hash);
            }

            return Task.FromResult(expired.Count);
        }
    }

    public Task<bool> TryAcquireOAuthLeaseAsync(string organizationId, Guid credentialId, string holder, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_oauthLeases.TryGetValue((organizationId, credentialId), out var lease)
                && lease.ExpiresAt > now
                && !string.Equals(lease.Holder, holder, StringComparison.Ordinal))
            {
                return Task.FromResult(false);
            }

            _oauthLeases[(organizationId, credentialId)] = (holder, expiresAt);
            return Task.FromResult(true);
        }
    }

    public Task<bool> ReleaseOAuthLeaseAsync(string organizationId, Guid credentialId, string holder, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(
                _oauthLeases.TryGetValue((organizationId, credentialId), out var lease)
                && string.Equals(lease.Holder, holder, StringComparison.Ordinal)
                && _oauthLeases.Remove((organizationId, credentialId)));
        }
    }

    public Task<OAuthConnectionRecord?> GetOAuthConnectionAsync(string organizationId, Guid credentialId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_oauthConnections.TryGetValue((organizationId, credentialId), out var state) ? state : null);
        }
    }

    public Task SetOAuthConnectionAsync(OAuthConnectionRecord connection, AuditEntry? audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        lock (_lock)
        {
            _oauthConnections[(connection.OrganizationId, connection.CredentialId)] = connection;
            Append(audit);
        }

        return Task.CompletedTask;
    }

    public Task<bool> DeleteOAuthConnectionAsync(string organizationId, Guid credentialId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_oauthConnections.Remove((organizationId, credentialId)));
        }
    }
}
