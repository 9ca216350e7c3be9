using System.Security.Cryptography;
using System.Text;
using Credentials.Storage;

namespace Credentials;

/// <summary>
/// The vault internals the OAuth package uses: open a credential by id or key, write tokens through the vault's versioned
/// update (re-sealed, one write, the resolve cache invalidated), and seal a flow's verifier.
/// </summary>
internal sealed class OAuthVault(ICredentialStorage storage, CredentialSealer sealer, CredentialsInitializer initializer, CredentialVault vault, AuditTrail audit, CredentialsMetrics metrics)
{
    public ICredentialStorage Storage { get; } = storage;

    /// <summary>Reads and opens an OAuth 2.0 credential; null when it does not exist.</summary>
    /// <exception cref="CredentialTypeMismatchException">It exists but is another type.</exception>
    public async Task<(CredentialRecord Record, OAuth2 Secret)?> TryReadAsync(string organizationId, Guid id, CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var record = await Storage.FindByIdAsync(organizationId, id, cancellationToken).ConfigureAwait(false);
        return record is null ? null : await OpenAsync(record, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads and opens an OAuth 2.0 credential by key; null when it does not exist.</summary>
    public async Task<(CredentialRecord Record, OAuth2 Secret)?> TryReadByKeyAsync(string organizationId, string? ownerUserId, string key, CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var record = await Storage.FindByKeyAsync(organizationId, ownerUserId, key, cancellationToken).ConfigureAwait(false);
        return record is null ? null : await OpenAsync(record, cancellationToken).ConfigureAwait(false);
    }

    public async Task<(CredentialRecord Record, OAuth2 Secret)> ReadAsync(string organizationId, CredentialId id, CancellationToken cancellationToken) =>
        await TryReadAsync(organizationId, id.Value, cancellationToken).ConfigureAwait(false)
            ?? throw new CredentialNotFoundException($"No credential {id} exists in organization '{organizationId}'.");

    /// <summary>
    /// Writes new tokens in one versioned update: <paramref name="apply"/> gets the credential as stored at the moment of the
    /// write (re-run if another write slips in) and returns it with the tokens, or throws to drop them.
    /// </summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="id">The credential.</param>
    /// <param name="apply">Puts the tokens into the stored credential.</param>
    /// <param name="connectedBy">
    /// For the authorization flow's tokens: audited as <see cref="AuditAction.Connected"/> by this user (null: the
    /// organization). Null for a refresh, which is not audited one by one (the refresh metric counts it).
    /// </param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task<CredentialView> WriteAsync(string organizationId, Guid id, Func<OAuth2, OAuth2> apply, CancellationToken cancellationToken, (string? UserId, bool Connected) connectedBy = default) =>
        vault.UpdateCoreAsync(
            new OrganizationId(organizationId),
            new CredentialId(id),
            new CredentialChanges(
                Name: null,
                Key: null,
                Category: null,
                (stored, _) => stored is OAuth2 current ? apply(current) : throw new OAuthTokensSupersededException(),
                ExpectedVersion: null)
            {
                AuditAction = connectedBy.Connected ? AuditAction.Connected : null,
                ActorUserId = connectedBy.UserId,
                HasActor = true,
            },
            cancellationToken);

    /// <summary>The audit trail, for the OAuth package's refresh failures.</summary>
    public AuditTrail Audit { get; } = audit;

    /// <summary>The vault's metrics, for the OAuth package's refreshes.</summary>
    public CredentialsMetrics Metrics { get; } = metrics;

    public Task<CredentialView> CreateAsync(CredentialContext context, NewCredential credential, CancellationToken cancellationToken) =>
        vault.CreateAsync(context, credential, cancellationToken);

    /// <summary>Seals a flow's PKCE verifier, bound to organization, credential, user and state hash.</summary>
    public (string KeyId, byte[] Sealed) SealVerifier(string organizationId, Guid credentialId, string? userId, string stateHash, string verifier) =>
        sealer.Seal(organizationId, null, credentialId, FlowKey(stateHash, userId), version: 0, new ApiToken(verifier));

    /// <summary>Opens a flow's verifier; a flow row moved to another credential, user, organization or state fails.</summary>
    /// <exception cref="CredentialIntegrityException">The sealed verifier does not open for this flow.</exception>
    public async Task<string> OpenVerifierAsync(OAuthFlowRecord flow, CancellationToken cancellationToken)
    {
        await initializer.EnsureKeyAsync(flow.KeyId, cancellationToken).ConfigureAwait(false);
        var record = new ResolvableCredentialRecord(flow.CredentialId, CredentialType.ApiToken.ToWireName(), flow.KeyId, flow.SealedData, 0);
        return sealer.Open(flow.OrganizationId, null, FlowKey(flow.StateHash, flow.UserId), record) is ApiToken { Token: { Length: > 0 } verifier }
            ? verifier
            : throw new CredentialIntegrityException("The OAuth flow's sealed data is not a verifier.");
    }

    /// <summary>The state's hash, the flow's key in the store: the state itself is never stored.</summary>
    public static string HashState(string state) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(state))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private async Task<(CredentialRecord Record, OAuth2 Secret)> OpenAsync(CredentialRecord record, CancellationToken cancellationToken)
    {
        await initializer.EnsureKeyAsync(record.KeyId, cancellationToken).ConfigureAwait(false);
        var secret = sealer.Open(record);
        return secret is OAuth2 oauth
            ? (record, oauth)
            : throw new CredentialTypeMismatchException(
                $"The credential '{record.Metadata.Key}' in organization '{record.Metadata.OrganizationId}' is of type {secret.Type.ToWireName()}, not OAuth 2.0.");
    }

    // The envelope's "key" slot: binds the sealed verifier to the state and the user who began the flow.
    private static string FlowKey(string stateHash, string? userId) => "oauth-flow/" + stateHash + (userId is null ? "" : "/" + userId);
}
