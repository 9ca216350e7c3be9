using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Credentials.Storage;

namespace Credentials;

/// <summary>
/// HMAC-SHA256 of an audit record's canonical content after the previous record's MAC. The content is length-prefixed
/// field by field (a null is distinct from an empty string), so no two different records encode alike, and it covers the
/// chain (organization) and the sequence, so a record moved to another position or chain does not verify.
/// </summary>
internal sealed class AuditSigner(byte[] key) : IAuditSigner
{
    private static readonly byte[] Label = Encoding.ASCII.GetBytes("credentials-audit/v1");

    public byte[] Key { get; } = key;

    public byte[] Sign(AuditRecord record, byte[] previousMac)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(previousMac);
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.Write(Label);
        Bytes(buffer, previousMac);
        Text(buffer, record.OrganizationId);
        Int64(buffer, record.Sequence);
        Int64(buffer, record.Time.UtcTicks);
        Text(buffer, record.Action);
        Text(buffer, record.ActorUserId);
        Bytes(buffer, record.CredentialId?.ToByteArray(bigEndian: true));
        Text(buffer, record.CredentialKey);
        Text(buffer, record.OwnerUserId);
        Text(buffer, record.Details);
        return HMACSHA256.HashData(Key, buffer.WrittenSpan);
    }

    public bool Verify(AuditRecord record, byte[] previousMac) =>
        CryptographicOperations.FixedTimeEquals(Sign(record, previousMac), record.Mac);

    private static void Text(ArrayBufferWriter<byte> buffer, string? value) =>
        Bytes(buffer, value is null ? null : Encoding.UTF8.GetBytes(value));

    private static void Bytes(ArrayBufferWriter<byte> buffer, byte[]? value)
    {
        BinaryPrimitives.WriteInt32BigEndian(buffer.GetSpan(4), value?.Length ?? -1);
        buffer.Advance(4);
        if (value is not null)
        {
            buffer.Write(value);
        }
    }

    private static void Int64(ArrayBufferWriter<byte> buffer, long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }
}
