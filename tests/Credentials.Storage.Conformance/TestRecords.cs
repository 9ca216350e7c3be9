namespace Credentials.Storage;

/// <summary>Builds the records the conformance tests write: realistic, distinct, and easy to tell apart.</summary>
public static class TestRecords
{
    /// <summary>
    /// A creation instant with microsecond precision (the vault truncates to microseconds, and PostgreSQL keeps no more),
    /// so an exact round trip is a fair demand of every provider.
    /// </summary>
    public static readonly DateTimeOffset CreatedAt = new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.Zero).AddTicks(1_234_560);

    /// <summary>A fresh credential (version 1) with a random id and random sealed bytes.</summary>
    public static CredentialRecord New(
        string organizationId,
        string key,
        string category = "llm_provider",
        string type = "api_token",
        string? name = null,
        string? searchText = null,
        string keyId = "kek-1")
    {
        var id = Guid.NewGuid();
        name ??= "Name of " + key;
        var metadata = new CredentialMetadataRecord(
            organizationId,
            id,
            name,
            key,
            category,
            type,
            MaskedSummary: "\u2022\u2022\u2022\u2022a1b2",
            TemplateId: null,
            SearchText: searchText ?? string.Concat(name.ToUpperInvariant(), "\n", key),
            CreatedAt,
            UpdatedAt: CreatedAt,
            Version: 1);
        return new CredentialRecord(metadata, keyId, SealedBytes(64));
    }

    /// <summary>
    /// The next state of <paramref name="current"/>: every column a vault may change is changed (the key only when
    /// <paramref name="key"/> is given), and the version grows by one.
    /// </summary>
    public static CredentialRecord NextVersion(CredentialRecord current, string? key = null, string? name = null, string keyId = "kek-2")
    {
        ArgumentNullException.ThrowIfNull(current);
        var m = current.Metadata;
        name ??= m.Name + " (edited)";
        key ??= m.Key;
        var metadata = m with
        {
            Name = name,
            Key = key,
            Category = m.Category == "runtime" ? "custom" : "runtime",
            Type = m.Type == "smtp" ? "custom" : "smtp",
            MaskedSummary = "\u2022\u2022\u2022\u2022",
            TemplateId = m.TemplateId is null ? "smtp-template" : null,
            SearchText = string.Concat(name.ToUpperInvariant(), "\n", key),
            UpdatedAt = m.UpdatedAt.AddTicks(10 * 1_001), // 1.001 ms later: still whole microseconds.
            Version = m.Version + 1,
        };
        return new CredentialRecord(metadata, keyId, SealedBytes(96));
    }

    /// <summary>Random bytes that also contain every byte value, so no provider can get away with a text encoding.</summary>
    public static byte[] SealedBytes(int randomLength)
    {
        var bytes = new byte[256 + randomLength];
        for (var i = 0; i < 256; i++)
        {
            bytes[i] = (byte)i;
        }

        Random.Shared.NextBytes(bytes.AsSpan(256));
        return bytes;
    }
}
