using System.Buffers.Binary;

namespace Credentials.Cli.Bundle;

/// <summary>
/// The fixed 73-byte header of a bundle file, all of it authenticated (it is the AES-GCM associated data):
/// <code>
///  0  8  magic "CREDBNDL"
///  8  2  format version (1), big-endian
/// 10  1  KDF: 1 = Argon2id version 0x13 (RFC 9106)
/// 11  4  Argon2id memory in KiB, big-endian
/// 15  4  Argon2id passes, big-endian
/// 19  1  Argon2id lanes
/// 20 16  salt (random)
/// 36  1  AEAD: 1 = AES-256-GCM
/// 37 12  nonce (random)
/// 49 16  passphrase check: HKDF-Expand(Argon2id output, "credentials-bundle/v1 check")
/// 65  8  payload length in bytes, big-endian
/// 73  …  ciphertext (payload length bytes), then the 16-byte GCM tag
/// </code>
/// The values read from a file are bounded before anything is derived from them: the file is not trusted.
/// </summary>
internal sealed record BundleHeader(int MemoryKib, int Iterations, int Parallelism, byte[] Salt, byte[] Nonce, byte[] Check, long PayloadLength)
{
    public const int Size = 73;
    public const int TagSize = 16;
    public const ushort FormatVersion = 1;
    public const byte KdfArgon2id = 1;
    public const byte AeadAes256Gcm = 1;

    /// <summary>The bounds a header must respect: a damaged or hostile header must not make the tool allocate gigabytes or run for minutes.</summary>
    public const int MinMemoryKib = 8 * 1024;
    public const int MaxMemoryKib = 1024 * 1024;
    public const int MaxIterations = 16;
    public const int MaxParallelism = 16;
    public const long MaxPayloadLength = 1L << 30;

    private static ReadOnlySpan<byte> Magic => "CREDBNDL"u8;

    public void Write(Span<byte> destination)
    {
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], FormatVersion);
        destination[10] = KdfArgon2id;
        BinaryPrimitives.WriteInt32BigEndian(destination[11..], MemoryKib);
        BinaryPrimitives.WriteInt32BigEndian(destination[15..], Iterations);
        destination[19] = checked((byte)Parallelism);
        Salt.CopyTo(destination[20..36]);
        destination[36] = AeadAes256Gcm;
        Nonce.CopyTo(destination[37..49]);
        Check.CopyTo(destination[49..65]);
        BinaryPrimitives.WriteInt64BigEndian(destination[65..], PayloadLength);
    }

    /// <summary>Reads and bounds the header of <paramref name="file"/>; checks the file's length against it.</summary>
    /// <exception cref="BundleException">Not a bundle, another format, out-of-range values, truncated or extended.</exception>
    public static BundleHeader Read(ReadOnlySpan<byte> file)
    {
        if (file.Length < Magic.Length || !file[..Magic.Length].SequenceEqual(Magic))
        {
            throw new BundleException("The file is not a credentials bundle (it does not start with the bundle's signature).");
        }

        if (file.Length < Size + TagSize)
        {
            throw new BundleException($"The bundle is truncated: {file.Length} bytes is shorter than a bundle's header and tag.");
        }

        var version = BinaryPrimitives.ReadUInt16BigEndian(file[8..]);
        if (version != FormatVersion)
        {
            throw new BundleException($"The bundle has format {version}; this tool reads format {FormatVersion} (or its header is damaged).");
        }

        var memory = BinaryPrimitives.ReadInt32BigEndian(file[11..]);
        var iterations = BinaryPrimitives.ReadInt32BigEndian(file[15..]);
        var lanes = (int)file[19];
        if (file[10] != KdfArgon2id || file[36] != AeadAes256Gcm
            || memory < MinMemoryKib || memory > MaxMemoryKib || memory < 8 * lanes
            || iterations < 1 || iterations > MaxIterations
            || lanes < 1 || lanes > MaxParallelism)
        {
            throw new BundleException("The bundle's header is damaged: its key derivation or cipher settings are not ones this tool writes or accepts.");
        }

        var length = BinaryPrimitives.ReadInt64BigEndian(file[65..]);
        if (length < 0 || length > MaxPayloadLength || Size + length + TagSize != file.Length)
        {
            throw new BundleException(
                $"The bundle is truncated or has bytes added: its header announces {Size + length + TagSize} bytes, the file has {file.Length}.");
        }

        return new BundleHeader(memory, iterations, lanes, file[20..36].ToArray(), file[37..49].ToArray(), file[49..65].ToArray(), length);
    }
}
