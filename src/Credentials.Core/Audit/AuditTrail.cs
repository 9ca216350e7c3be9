using System.Text;
using System.Text.Json;
using Credentials.Storage;

namespace Credentials;

/// <summary>Makes the audit entries the vault's writes carry (and appends the ones that are not a write).</summary>
internal sealed class AuditTrail(ICredentialStorage storage, AuditKey key, TimeProvider time)
{
    /// <summary>The chain of store-wide events: organization ids are never empty.</summary>
    public const string StoreScope = "";

    /// <summary>Loads the audit key (a write calls this before it chooses the key to seal under).</summary>
    public async Task WarmAsync(CancellationToken cancellationToken) => await key.GetSignerAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>An entry about one credential (or none), in the credential's organization.</summary>
    public async ValueTask<AuditEntry> EntryAsync(
        string organizationId,
        AuditAction action,
        string? actorUserId,
        CredentialMetadataRecord? credential,
        IEnumerable<KeyValuePair<string, string>>? details,
        CancellationToken cancellationToken) =>
        await EntryAsync(organizationId, action, actorUserId, credential?.Id, credential?.Key, credential?.OwnerUserId, details, cancellationToken).ConfigureAwait(false);

    public async ValueTask<AuditEntry> EntryAsync(
        string organizationId,
        AuditAction action,
        string? actorUserId,
        Guid? credentialId,
        string? credentialKey,
        string? ownerUserId,
        IEnumerable<KeyValuePair<string, string>>? details,
        CancellationToken cancellationToken)
    {
        var signer = await key.GetSignerAsync(cancellationToken).ConfigureAwait(false);
        return new AuditEntry(
            organizationId,
            CredentialRecords.Now(time),
            action.ToWireName(),
            actorUserId,
            credentialId,
            credentialKey,
            ownerUserId,
            Details(details),
            signer);
    }

    /// <summary>Appends a record on its own: for events that are not a write of the store (a check, a rotation, a run).</summary>
    public async Task AppendAsync(
        string organizationId,
        AuditAction action,
        string? actorUserId,
        CredentialMetadataRecord? credential,
        IEnumerable<KeyValuePair<string, string>>? details,
        CancellationToken cancellationToken)
    {
        var entry = await EntryAsync(organizationId, action, actorUserId, credential, details, cancellationToken).ConfigureAwait(false);
        await storage.AppendAuditAsync(entry, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The details as a JSON object of strings (<c>{}</c> when none).</summary>
    public static string Details(IEnumerable<KeyValuePair<string, string>>? details)
    {
        if (details is null)
        {
            return "{}";
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in details)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The details of a stored record; an unreadable one (an edited record) as a single <c>unreadable</c> entry.</summary>
    public static IReadOnlyDictionary<string, string> ParseDetails(string details)
    {
        try
        {
            using var document = JsonDocument.Parse(details);
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                result[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }

            return result;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return new Dictionary<string, string> { ["unreadable"] = "true" };
        }
    }
}
