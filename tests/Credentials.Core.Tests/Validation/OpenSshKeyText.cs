using System.Buffers.Binary;
using System.Text;

namespace Credentials.Tests.Validation;

/// <summary>
/// Rewrites the plaintext header of an <c>OPENSSH PRIVATE KEY</c> (cipher name, bcrypt rounds), for keys that
/// ssh-keygen would not write or would take minutes to write. The private section is copied unchanged.
/// </summary>
internal static class OpenSshKeyText
{
    private static ReadOnlySpan<byte> Magic => "openssh-key-v1\0"u8;

    public static string WithHeader(string privateKey, string? cipher = null, uint? rounds = null)
    {
        var lines = privateKey.Trim().Split('\n');
        var blob = Convert.FromBase64String(string.Concat(lines[1..^1]));
        Assert.True(blob.AsSpan().StartsWith(Magic));

        var offset = Magic.Length;
        var oldCipher = ReadString(blob, ref offset);
        var kdf = ReadString(blob, ref offset);
        var kdfOptions = ReadString(blob, ref offset);
        var rest = blob.AsSpan(offset);

        if (rounds is { } newRounds)
        {
            // string salt, uint32 rounds.
            var copy = kdfOptions.ToArray();
            BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(copy.Length - 4), newRounds);
            kdfOptions = copy;
        }

        using var output = new MemoryStream();
        output.Write(Magic);
        WriteString(output, cipher is null ? oldCipher : Encoding.ASCII.GetBytes(cipher));
        WriteString(output, kdf);
        WriteString(output, kdfOptions);
        output.Write(rest);
        return TestKeys.Armor("OPENSSH PRIVATE KEY", output.ToArray());
    }

    private static ReadOnlySpan<byte> ReadString(byte[] blob, ref int offset)
    {
        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(offset));
        var value = blob.AsSpan(offset + 4, length);
        offset += 4 + length;
        return value;
    }

    private static void WriteString(MemoryStream output, ReadOnlySpan<byte> value)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)value.Length);
        output.Write(length);
        output.Write(value);
    }
}
