using System.Security.Cryptography;
using System.Text;

namespace Credentials.Storage;

/// <summary>A deterministic signer for the conformance tests: SHA-256 over the previous MAC and every field.</summary>
public sealed class TestAuditSigner : IAuditSigner
{
    /// <summary>The one instance.</summary>
    public static readonly TestAuditSigner Instance = new();

    /// <inheritdoc/>
    public byte[] Sign(AuditRecord record, byte[] previousMac)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(previousMac);
        var text = string.Join("\u0001", record.OrganizationId, record.Sequence, record.Time.UtcTicks, record.Action, record.ActorUserId ?? "\u0002",
            record.CredentialId?.ToString("N") ?? "\u0002", record.CredentialKey ?? "\u0002", record.OwnerUserId ?? "\u0002", record.Details);
        return SHA256.HashData([.. previousMac, .. Encoding.UTF8.GetBytes(text)]);
    }

    /// <summary>An entry of <paramref name="organizationId"/>'s chain.</summary>
    public static AuditEntry Entry(string organizationId, string action = "updated", Guid? credentialId = null, string? key = null, string? actor = null, DateTimeOffset? time = null, string details = "{}") =>
        new(organizationId, time ?? TestRecords.CreatedAt, action, actor, credentialId, key, null, details, Instance);

    /// <summary>Asserts that <paramref name="records"/> is a whole chain from 1, each MAC over its predecessor's.</summary>
    public static void AssertChain(IReadOnlyList<AuditRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var previous = Array.Empty<byte>();
        for (var i = 0; i < records.Count; i++)
        {
            Assert.Equal(i + 1, records[i].Sequence);
            Assert.Equal(Instance.Sign(records[i], previous), records[i].Mac);
            previous = records[i].Mac;
        }
    }
}
