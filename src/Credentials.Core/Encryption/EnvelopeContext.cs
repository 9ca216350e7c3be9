using System.Buffers.Binary;

namespace Credentials;

/// <summary>
/// What a sealed credential is bound to. The data key is bound to organization and credential id; the payload
/// additionally to its type and lookup key, so a ciphertext copied to another row, organization or key fails to open.
/// From format 2 the payload is also bound to its owner (a user, or none for the organization's shared credential) and
/// to the row version it was written with, so an older envelope copied back over its own row fails too.
/// </summary>
internal readonly ref struct EnvelopeContext(string organizationId, Guid credentialId, string typeWireName, string key, string? ownerUserId = null, long version = 0)
{
    // Organization and user ids are at most 128 chars (4 UTF-8 bytes each at most) and keys at most 128 ASCII chars.
    public const int MaxAssociatedDataSize = 2048;

    public string OrganizationId { get; } = organizationId;

    public Guid CredentialId { get; } = credentialId;

    public string TypeWireName { get; } = typeWireName;

    public string Key { get; } = key;

    /// <summary>The user who owns the credential; null for one the organization shares. Bound from format 2.</summary>
    public string? OwnerUserId { get; } = ownerUserId;

    /// <summary>The row version the payload is written with. Bound from format 2.</summary>
    public long Version { get; } = version;

    /// <summary>Associated data of the wrapped data key: format, purpose, organization, credential id.</summary>
    public int WriteWrapAssociatedData(Span<byte> destination, byte formatVersion) =>
        WriteCommon(destination, formatVersion, "dek"u8);

    /// <summary>
    /// Associated data of the payload: format, purpose, organization, credential id, type and key; from format 2 also
    /// the owner (a flag, then the user id) and the row version.
    /// </summary>
    public int WritePayloadAssociatedData(Span<byte> destination, byte formatVersion)
    {
        var length = WriteCommon(destination, formatVersion, "payload"u8);
        length += WriteString(destination[length..], TypeWireName);
        length += WriteString(destination[length..], Key);
        if (formatVersion >= 2)
        {
            // A flag first, so "owned by the user with the empty id" can never read like "shared".
            destination[length++] = OwnerUserId is null ? (byte)0 : (byte)1;
            length += WriteString(destination[length..], OwnerUserId ?? string.Empty);
            BinaryPrimitives.WriteInt64BigEndian(destination[length..], Version);
            length += 8;
        }

        return length;
    }

    private int WriteCommon(Span<byte> destination, byte formatVersion, ReadOnlySpan<byte> purpose)
    {
        var length = 0;
        CredentialEnvelope.Magic.CopyTo(destination);
        length += CredentialEnvelope.Magic.Length;
        destination[length++] = formatVersion;
        destination[length++] = (byte)purpose.Length;
        purpose.CopyTo(destination[length..]);
        length += purpose.Length;
        length += WriteString(destination[length..], OrganizationId);
        CredentialId.TryWriteBytes(destination.Slice(length, 16), bigEndian: true, out _);
        return length + 16;
    }

    private static int WriteString(Span<byte> destination, string value)
    {
        // Strict: ill-formed text throws instead of becoming U+FFFD, so two different ids never bind alike.
        var written = UnicodeRules.StrictUtf8.GetBytes(value, destination[2..]);
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)written);
        return written + 2;
    }
}
