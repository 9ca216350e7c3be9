using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Credentials;

/// <summary>
/// Blowfish with the "expensive key schedule" that bcrypt uses (OpenBSD <c>blowfish.c</c>: <c>Blowfish_initstate</c>,
/// <c>Blowfish_expandstate</c>, <c>Blowfish_expand0state</c>, <c>blf_enc</c>). BouncyCastle's <c>BlowfishEngine</c> has only
/// the standard key schedule, which cannot be salted or repeated, so bcrypt_pbkdf needs this one.
/// </summary>
internal sealed class EksBlowfish
{
    private const int Rounds = 16;

    private readonly uint[] _p = new uint[BlowfishConstants.PWords];
    private readonly uint[] _s = new uint[BlowfishConstants.SWords];

    public EksBlowfish() => Reset();

    /// <summary>Back to the initial state (the digits of pi).</summary>
    public void Reset()
    {
        var initial = BlowfishConstants.InitialState;
        initial[..BlowfishConstants.PWords].CopyTo(_p);
        initial[BlowfishConstants.PWords..].CopyTo(_s);
    }

    /// <summary>The standard key schedule step: XOR the key into P, then re-encrypt P and S from a zero block.</summary>
    public void Expand0State(ReadOnlySpan<byte> key)
    {
        var j = 0;
        for (var i = 0; i < _p.Length; i++)
        {
            _p[i] ^= StreamToWord(key, ref j);
        }

        uint left = 0, right = 0;
        for (var i = 0; i < _p.Length; i += 2)
        {
            Encipher(ref left, ref right);
            _p[i] = left;
            _p[i + 1] = right;
        }

        for (var i = 0; i < _s.Length; i += 2)
        {
            Encipher(ref left, ref right);
            _s[i] = left;
            _s[i + 1] = right;
        }
    }

    /// <summary>The salted key schedule step: as <see cref="Expand0State"/>, with the salt XORed into every block.</summary>
    public void ExpandState(ReadOnlySpan<byte> data, ReadOnlySpan<byte> key)
    {
        var j = 0;
        for (var i = 0; i < _p.Length; i++)
        {
            _p[i] ^= StreamToWord(key, ref j);
        }

        j = 0;
        uint left = 0, right = 0;
        for (var i = 0; i < _p.Length; i += 2)
        {
            left ^= StreamToWord(data, ref j);
            right ^= StreamToWord(data, ref j);
            Encipher(ref left, ref right);
            _p[i] = left;
            _p[i + 1] = right;
        }

        for (var i = 0; i < _s.Length; i += 2)
        {
            left ^= StreamToWord(data, ref j);
            right ^= StreamToWord(data, ref j);
            Encipher(ref left, ref right);
            _s[i] = left;
            _s[i + 1] = right;
        }
    }

    /// <summary>Encrypts whole 64-bit blocks in place, each given as two words (ECB).</summary>
    public void Encrypt(Span<uint> words)
    {
        for (var i = 0; i + 1 < words.Length; i += 2)
        {
            Encipher(ref words[i], ref words[i + 1]);
        }
    }

    /// <summary>Encrypts one 8-byte block (big-endian words, as in the standard cipher); for the known-answer tests.</summary>
    public void EncryptBlock(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var left = BinaryPrimitives.ReadUInt32BigEndian(input);
        var right = BinaryPrimitives.ReadUInt32BigEndian(input[4..]);
        Encipher(ref left, ref right);
        BinaryPrimitives.WriteUInt32BigEndian(output, left);
        BinaryPrimitives.WriteUInt32BigEndian(output[4..], right);
    }

    /// <summary>Wipes the key-dependent state.</summary>
    public void Clear()
    {
        Array.Clear(_p);
        Array.Clear(_s);
    }

    /// <summary>The next 4 bytes of <paramref name="data"/> as a big-endian word, wrapping around at its end.</summary>
    public static uint StreamToWord(ReadOnlySpan<byte> data, ref int current)
    {
        uint word = 0;
        for (var i = 0; i < 4; i++)
        {
            if (current >= data.Length)
            {
                current = 0;
            }

            word = (word << 8) | data[current];
            current++;
        }

        return word;
    }

    // The 16 rounds unrolled, with both arrays read through refs: this loop is all of bcrypt_pbkdf's cost.
    private void Encipher(ref uint xl, ref uint xr)
    {
        ref var s = ref MemoryMarshal.GetArrayDataReference(_s);
        ref var p = ref MemoryMarshal.GetArrayDataReference(_p);
        var left = xl ^ p;
        var right = xr;
        right ^= F(ref s, left) ^ Unsafe.Add(ref p, 1);
        left ^= F(ref s, right) ^ Unsafe.Add(ref p, 2);
        right ^= F(ref s, left) ^ Unsafe.Add(ref p, 3);
        left ^= F(ref s, right) ^ Unsafe.Add(ref p, 4);
        right ^= F(ref s, left) ^ Unsafe.Add(ref p, 5);
        left ^= F(ref s, right) ^ Unsafe.Add(ref p, 6);
        right ^= F(ref s, left) ^ Unsafe.Add(ref p, 7);
        left ^= F(ref s, right) ^ Unsafe.Add(ref p, 8);
        right ^= F(ref s, left) ^ Unsafe.Add(ref p, 9);
        left ^= F(ref s, right) ^ Unsafe.Add(ref p, 10);
        right ^= F(ref s, left) ^ Unsafe.Add(ref p, 11);
        left ^= F(ref s, right) ^ Unsafe.Add(ref p, 12);
        right ^= F(ref s, left) ^ Unsafe.Add(ref p, 13);
        left ^= F(ref s, right) ^ Unsafe.Add(ref p, 14);
        right ^= F(ref s, left) ^ Unsafe.Add(ref p, 15);
        left ^= F(ref s, right) ^ Unsafe.Add(ref p, 16);
        xl = right ^ Unsafe.Add(ref p, Rounds + 1);
        xr = left;
    }

    // Indices are masked to 0..255 within each S-box, so they never leave the 1024-word array.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint F(ref uint s, uint x) =>
        ((Unsafe.Add(ref s, (int)(x >> 24))
          + Unsafe.Add(ref s, 0x100 + (int)((x >> 16) & 0xFF)))
         ^ Unsafe.Add(ref s, 0x200 + (int)((x >> 8) & 0xFF)))
        + Unsafe.Add(ref s, 0x300 + (int)(x & 0xFF));
}
