using Credentials.Storage;

namespace Credentials;

/// <summary>Mapping between storage records and the public views.</summary>
internal static class CredentialRecords
{
    public static CredentialView ToView(CredentialMetadataRecord m)
    {
        if (!CredentialWireNames.TryParseCategory(m.Category, out var category) || !CredentialWireNames.TryParseType(m.Type, out var type))
        {
            throw new CredentialIntegrityException($"Credential {m.Id:N} has an unknown stored category or type.");
        }

        return new CredentialView(new CredentialId(m.Id), m.Name, m.Key, category, type, m.MaskedSummary, m.TemplateId, m.CreatedAt, m.UpdatedAt, m.Version)
        {
            OwnerUserId = m.OwnerUserId,
            ExpiresAt = m.ExpiresAt,
            LastUsedAt = m.LastUsedAt,
        };
    }

    /// <summary>What the text filter matches: the upper-cased name and key.</summary>
    public static string SearchText(string name, string key) => string.Concat(name.ToUpperInvariant(), "\n", key);

    /// <summary>A caller's time kept the way every storage engine keeps it: UTC, to the microsecond.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time)
    {
        var ticks = time.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % 10), TimeSpan.Zero);
    }

    /// <summary>Timestamps kept to the microsecond, the finest that every storage engine keeps.</summary>
    public static DateTimeOffset Now(TimeProvider time)
    {
        var ticks = time.GetUtcNow().UtcTicks;
        return new DateTimeOffset(ticks - (ticks % 10), TimeSpan.Zero);
    }
}
