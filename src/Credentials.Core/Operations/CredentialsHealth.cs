using System.Security.Cryptography;
using System.Text;
using Credentials.Storage;

namespace Credentials;

/// <summary>
/// What <c>AddCredentialsHealthChecks()</c> reports, computed here so the health check package needs no internals but this:
/// Unhealthy when the store cannot be read, a key id that wraps stored credentials does not open (missing, or its key check
/// fails), or the primary key is retired; Degraded when credentials have expired or OAuth 2.0 credentials need
/// reconnecting; Healthy otherwise. Reads only; names key ids and counts, never a value.
/// </summary>
internal sealed class CredentialsHealth(
    ICredentialStorage storage,
    CredentialsInitializer initializer,
    IKeyEncryptionKeyProvider keys,
    KeyRetirements retirements,
    TimeProvider time)
{
    private const int ReconnectProbe = 100;

    public async Task<CredentialsHealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        IReadOnlyDictionary<string, long> counts;
        IReadOnlyList<string> retired;
        try
        {
            await storage.InitializeAsync(cancellationToken).ConfigureAwait(false);
            counts = await storage.CountByKeyIdAsync(cancellationToken).ConfigureAwait(false);
            retired = await storage.ListRetiredKeysAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CredentialException ex)
        {
            return new(CredentialsHealthLevel.Unhealthy, "The credential store cannot be read.", data, ex);
        }

        try
        {
            // Loads a stored ring, checks every key, refuses a retired primary: what the vault does before any operation.
            await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CredentialStorageException ex)
        {
            return new(CredentialsHealthLevel.Unhealthy, "The credential store cannot be read.", data, ex);
        }
        catch (CredentialException ex)
        {
            return new(CredentialsHealthLevel.Unhealthy, "The credential vault cannot start with the configured keys (see the exception).", data, ex);
        }

        data["credentials"] = counts.Values.Sum();
        var problems = new List<string>();
        foreach (var (keyId, count) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (retired.Contains(keyId, StringComparer.Ordinal) || retirements.IsRetired(keyId))
            {
                problems.Add($"{count} credential(s) are sealed under the retired key '{keyId}'");
                continue;
            }

            var key = keys.FindKey(keyId);
            if (key is null)
            {
                problems.Add($"{count} credential(s) are sealed under key '{keyId}', which the key provider does not have");
            }
            else if (!await KeyCheckOpensAsync(key, cancellationToken).ConfigureAwait(false))
            {
                problems.Add($"key '{keyId}' does not open its key check: it is not the key this store knows under that id");
            }
        }

        var primary = keys.PrimaryKey.KeyId;
        data["primary_key_id"] = primary;
        if (retired.Contains(primary, StringComparer.Ordinal) || retirements.IsRetired(primary))
        {
            problems.Add($"the primary key '{primary}' is retired");
        }

        if (problems.Count > 0)
        {
            return new(CredentialsHealthLevel.Unhealthy, "Credential keys: " + string.Join("; ", problems) + ".", data, null);
        }

        var now = time.GetUtcNow();
        var expired = await storage.ListExpiringAsync(now, null, ReconnectProbe, cancellationToken).ConfigureAwait(false);
        var reconnect = 0;
        foreach (var state in await storage.ListOAuthConnectionsAsync(OAuthConnectionStates.NeedsReconnect, null, ReconnectProbe, cancellationToken).ConfigureAwait(false))
        {
            if (await storage.FindByIdAsync(state.OrganizationId, state.CredentialId, cancellationToken).ConfigureAwait(false) is { } record
                && OAuthConnectionStates.IsNeedsReconnect(state, record.Metadata.Version))
            {
                reconnect++;
            }
        }

        data["expired"] = expired.Count;
        data["needs_reconnect"] = reconnect;
        if (expired.Count > 0 || reconnect > 0)
        {
            var parts = new List<string>();
            if (expired.Count > 0)
            {
                parts.Add($"{expired.Count}{(expired.Count == ReconnectProbe ? "+" : "")} credential(s) have expired");
            }

            if (reconnect > 0)
            {
                parts.Add($"{reconnect} OAuth 2.0 credential(s) need reconnecting");
            }

            return new(CredentialsHealthLevel.Degraded, string.Join("; ", parts) + ".", data, null);
        }

        return new(CredentialsHealthLevel.Healthy, "The credential store is reachable and every stored key opens.", data, null);
    }

    private async Task<bool> KeyCheckOpensAsync(IKeyEncryptionKey key, CancellationToken cancellationToken)
    {
        var stored = await storage.GetSettingAsync(KeySettings.Check(key.KeyId), cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return true; // Written by the first write under the key; nothing to compare yet.
        }

        var context = Encoding.ASCII.GetBytes("credentials/key-check/v1/" + key.KeyId);
        var unwrapped = new byte[CredentialEnvelope.DataKeySize];
        return key.TryUnwrapKey(stored, context, unwrapped) && CryptographicOperations.FixedTimeEquals(unwrapped, new byte[CredentialEnvelope.DataKeySize]);
    }
}
