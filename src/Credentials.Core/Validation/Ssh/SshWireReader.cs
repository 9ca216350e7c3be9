using System.Buffers.Binary;
using System.Text;
using Org.BouncyCastle.Math;

namespace Credentials;

/// <summary>Reads the SSH wire encoding (RFC 4251 §5): uint32, string, mpint. Running past the end means the key is truncated.</summary>
internal ref struct SshWireReader(ReadOnlySpan<byte> data)
{
    private ReadOnlySpan<byte> _rest = data;

    public readonly int Remaining => _rest.Length;

    public uint ReadUInt32()
    {
        if (_rest.Length < 4)
        {
            throw SshKeyException.Truncated();
        }

        var value = BinaryPrimitives.ReadUInt32BigEndian(_rest);
        _rest = _rest[4..];
        return value;
    }

    public ReadOnlySpan<byte> ReadString()
    {
        var length = ReadUInt32();
        if (length > (uint)_rest.Length)
        {
            throw SshKeyException.Truncated();
        }

        var value = _rest[..(int)length];
        _rest = _rest[(int)length..];
        return value;
    }

    /// <summary>A short name such as a cipher or key type: printable ASCII, or a placeholder when it is not.</summary>
    public string ReadName()
    {
        var bytes = ReadString();
        if (bytes.Length is 0 or > 64)
        {
            return bytes.IsEmpty ? string.Empty : "(unreadable)";
        }

        foreach (var b in bytes)
        {
            if (b is < 0x21 or > 0x7E)
            {
                return "(unreadable)";
            }
        }

        return Encoding.ASCII.GetString(bytes);
    }

    /// <summary>A non-negative multiple-precision integer.</summary>
    public BigInteger ReadMpint()
    {
        var bytes = ReadString();
        if (!bytes.IsEmpty && (bytes[0] & 0x80) != 0)
        {
            throw new SshKeyException("is corrupt: a key number is negative");
        }

        return new BigInteger(1, bytes);
    }
}
