using System.Buffers.Binary;

namespace Credentials;

/// <summary>
/// What a sealed credential is bound to. The data key is bound to organization and credential id; the payload
/// additionally to its type and lookup key, so a ciphertext copied to another row, organization or key fails to open.
/// </summary>
internal readonly ref struct EnvelopeContext(string organizationId, Guid credentialId, string typeWireName, string key)
{
    // Organization ids are at most 128 chars and keys at most 128 ASCII chars: both fit with room to spare.
    public const int MaxAssociatedDataSize = 1024;

    public string OrganizationId { get; } = organizationId;

    public Guid CredentialId { get; } = credentialId;

    public string TypeWireName { get; } = typeWireName;

    public string Key { get; } = key;

    /// <summary>Associated data of the wrapped data key: format, purpose, organization, credential id.</summary>
    public int WriteWrapAssociatedData(Span<byte> destination, byte formatVersion) =>
        WriteCommon(destination, formatVersion, "dek"u8);

    /// <summary>Associated data of the payload: format, purpose, organization, credential id, type and key.</summary>
    public int WritePayloadAssociatedData(Span<byte> destination, byte formatVersion)
    {
        var length = WriteCommon(destination, formatVersion, "payload"u8);
        length += WriteString(destination[length..], TypeWireName);
        length += WriteString(destination[length..], Key);
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
