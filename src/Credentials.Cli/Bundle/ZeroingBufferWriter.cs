using System.Buffers;
using System.Security.Cryptography;

namespace Credentials.Cli.Bundle;

/// <summary>
/// A growable buffer for plaintext: every array it outgrows is wiped before it is dropped, and <see cref="Dispose"/>
/// wipes the last one. (An <c>ArrayBufferWriter</c> or a <c>MemoryStream</c> would leave copies of the secrets behind.)
/// </summary>
internal sealed class ZeroingBufferWriter(int initialCapacity = 64 * 1024) : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer = new byte[initialCapacity];
    private int _written;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_buffer);
        _written = 0;
    }

    private void Ensure(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }

        var larger = new byte[Math.Max(needed, checked(_buffer.Length * 2))];
        _buffer.AsSpan(0, _written).CopyTo(larger);
        CryptographicOperations.ZeroMemory(_buffer);
        _buffer = larger;
    }
}
