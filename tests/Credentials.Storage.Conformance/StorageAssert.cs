namespace Credentials.Storage;

/// <summary>Exact comparisons of stored records (a record's byte array has reference equality, so it is compared apart).</summary>
public static class StorageAssert
{
    /// <summary>Asserts that <paramref name="actual"/> carries exactly the metadata, key id and bytes of <paramref name="expected"/>.</summary>
    public static void SameRecord(CredentialRecord expected, CredentialRecord? actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        Assert.NotNull(actual);
        SameMetadata(expected.Metadata, actual.Metadata);
        Assert.Equal(expected.KeyId, actual.KeyId);
        Assert.Equal(expected.SealedSecret, actual.SealedSecret);
    }

    /// <summary>Asserts equal metadata, timestamps compared as instants to the tick.</summary>
    public static void SameMetadata(CredentialMetadataRecord expected, CredentialMetadataRecord actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        Assert.Equal(expected, actual);
        Assert.Equal(expected.CreatedAt.UtcTicks, actual.CreatedAt.UtcTicks);
        Assert.Equal(expected.UpdatedAt.UtcTicks, actual.UpdatedAt.UtcTicks);
    }

    /// <summary>Asserts two snapshots hold the same records in the same order.</summary>
    public static void SameRecords(IReadOnlyList<CredentialRecord> expected, IReadOnlyList<CredentialRecord> actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        Assert.Equal(expected.Select(r => r.Metadata.Key), actual.Select(r => r.Metadata.Key));
        for (var i = 0; i < expected.Count; i++)
        {
            SameRecord(expected[i], actual[i]);
        }
    }
}
