using Credentials.Storage;
using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>Builds the views the store returns: the stored columns plus the card's <see cref="CredentialState"/>.</summary>
internal sealed class CredentialViews(ICredentialStorage storage, IOptions<CredentialsOptions> options, TimeProvider time)
{
    public CredentialView ToView(CredentialMetadataRecord metadata, bool needsReconnect = false)
    {
        var view = CredentialRecords.ToView(metadata);
        return view with { State = StateOf(view.ExpiresAt, needsReconnect) };
    }

    /// <summary>The state: expired, then needs reconnect, then expiring, else active.</summary>
    public CredentialState StateOf(DateTimeOffset? expiresAt, bool needsReconnect)
    {
        var now = time.GetUtcNow();
        if (expiresAt is { } expiry && expiry <= now)
        {
            return CredentialState.Expired;
        }

        if (needsReconnect)
        {
            return CredentialState.NeedsReconnect;
        }

        return expiresAt is { } soon && soon - now <= options.Value.ExpiringWindow ? CredentialState.Expiring : CredentialState.Active;
    }

    /// <summary>A view, with the recorded connection state of an OAuth 2.0 credential (one read for that type only).</summary>
    public async Task<CredentialView> ToViewAsync(CredentialMetadataRecord metadata, CancellationToken cancellationToken) =>
        ToView(metadata, await NeedsReconnectAsync(metadata, cancellationToken).ConfigureAwait(false));

    public async Task<bool> NeedsReconnectAsync(CredentialMetadataRecord metadata, CancellationToken cancellationToken) =>
        metadata.Type == CredentialType.OAuth2.ToWireName()
        && OAuthConnectionStates.IsNeedsReconnect(
            await storage.GetOAuthConnectionAsync(metadata.OrganizationId, metadata.Id, cancellationToken).ConfigureAwait(false),
            metadata.Version);
}
