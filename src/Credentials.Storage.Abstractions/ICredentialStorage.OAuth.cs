namespace Credentials.Storage;

/// <summary>
/// What OAuth 2.0 connections need of a store shared by several instances: authorization flows in progress (taken once),
/// refresh leases (one refresher per credential across instances, taken by compare-and-swap, never a lock held across a
/// network call) and a credential's connection state ("needs reconnect"). None of it is secret in the clear: a flow's
/// verifier is sealed by the vault, a flow is keyed by a hash of its state.
/// </summary>
public partial interface ICredentialStorage
{
    /// <summary>Stores a flow in progress; false (nothing changed) when a flow with that state hash already exists.</summary>
    /// <param name="flow">The flow.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<bool> TryAddOAuthFlowAsync(OAuthFlowRecord flow, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the flow with that state hash and returns it, in one atomic step: of two concurrent calls one gets it, the
    /// other null. A flow that expired at or before <paramref name="now"/> is removed too, and null is returned.
    /// </summary>
    /// <param name="stateHash">The hash of the flow's state.</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<OAuthFlowRecord?> TakeOAuthFlowAsync(string stateHash, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Removes every flow that expired at or before <paramref name="now"/>; returns how many.</summary>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<int> PurgeExpiredOAuthFlowsAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the refresh lease of a credential for <paramref name="holder"/> until <paramref name="expiresAt"/>, in one
    /// compare-and-swap: succeeds when no lease exists, the existing one expired at or before <paramref name="now"/>, or
    /// <paramref name="holder"/> already holds it (then it is extended). False when another holder's lease is live.
    /// </summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="credentialId">The credential.</param>
    /// <param name="holder">An id unique to this attempt.</param>
    /// <param name="now">The current time.</param>
    /// <param name="expiresAt">When the lease lapses if it is never released (a crashed holder).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<bool> TryAcquireOAuthLeaseAsync(string organizationId, Guid credentialId, string holder, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>Releases the lease if <paramref name="holder"/> still holds it; false when it does not (lapsed and taken).</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="credentialId">The credential.</param>
    /// <param name="holder">The holder that took it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<bool> ReleaseOAuthLeaseAsync(string organizationId, Guid credentialId, string holder, CancellationToken cancellationToken = default);

    /// <summary>Reads the connection state of a credential, or null when none was recorded.</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="credentialId">The credential.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<OAuthConnectionRecord?> GetOAuthConnectionAsync(string organizationId, Guid credentialId, CancellationToken cancellationToken = default);

    /// <summary>Records (inserts or replaces) the connection state of a credential.</summary>
    /// <param name="connection">The state.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task SetOAuthConnectionAsync(OAuthConnectionRecord connection, CancellationToken cancellationToken = default) =>
        SetOAuthConnectionAsync(connection, null, cancellationToken);

    /// <summary>Removes the recorded connection state of a credential; false when there was none.</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="credentialId">The credential.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<bool> DeleteOAuthConnectionAsync(string organizationId, Guid credentialId, CancellationToken cancellationToken = default);
}
