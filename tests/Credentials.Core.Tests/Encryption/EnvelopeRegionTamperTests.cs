using System.Security.Cryptography;
using Credentials.Storage;

namespace Credentials.Tests.Encryption;

/// <summary>
/// Data Protection-style tampering, region by region: a flipped bit anywhere, a bad header, an unknown version, a
/// truncated payload, a missing or retired key. Every one is a <see cref="CredentialIntegrityException"/> and none
/// returns data. Offsets come from <see cref="CredentialEnvelope.Parse"/>, so they follow the format.
/// </summary>
public sealed class EnvelopeRegionTamperTests : IDisposable
{
    private const string Token = "sk-region-0123456789abcdef";
    private readonly MasterKeyProvider _keys = new(RandomNumberGenerator.GetBytes(32));
    private readonly CredentialSealer _sealer;
    private readonly CredentialRecord _record;

    public EnvelopeRegionTamperTests()
    {
        _sealer = new CredentialSealer(_keys);
        var id = Guid.NewGuid();
        var (keyId, sealedSecret) = _sealer.Seal("acme", null, id, "OPENAI_API_KEY", 1, new ApiToken(Token));
        var now = DateTimeOffset.UnixEpoch;
        _record = new CredentialRecord(
            new CredentialMetadataRecord("acme", id, "OpenAI", "OPENAI_API_KEY", "llm_provider", "api_token", "••••", null, "OPENAI", now, now, 1),
            keyId,
            sealedSecret);
    }

    public static TheoryData<string> Regions => ["magic", "version", "key-id-length", "key-id", "wrapped-key-length", "wrapped-key", "nonce", "ciphertext", "tag"];

    [Theory]
    [MemberData(nameof(Regions))]
    public void FlippedBit_InEveryBitOfEachRegion_IsRejected(string region)
    {
        Assert.Equal(Token, ((ApiToken)_sealer.Open(_record)).Token);
        var (start, length) = Region(_record.SealedSecret, region);
        Assert.True(length > 0);

        for (var bit = 0; bit < length * 8; bit++)
        {
            var bytes = _record.SealedSecret.ToArray();
            bytes[start + (bit / 8)] ^= (byte)(1 << (bit % 8));
            AssertRejected(_record with { SealedSecret = bytes });
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(-1)]
    [InlineData(-16)]
    [InlineData(-17)]
    public void Truncated_AtAnyBoundary_IsRejected(int cut)
    {
        var length = cut >= 0 ? cut : _record.SealedSecret.Length + cut;
        AssertRejected(_record with { SealedSecret = _record.SealedSecret[..length] });
    }

    [Fact]
    public void Truncated_AtEveryLength_IsRejected()
    {
        for (var length = 0; length < _record.SealedSecret.Length; length++)
        {
            AssertRejected(_record with { SealedSecret = _record.SealedSecret[..length] });
        }
    }

    [Fact]
    public void Extended_WithTrailingBytes_IsRejected() =>
        AssertRejected(_record with { SealedSecret = [.. _record.SealedSecret, 0] });

    [Fact]
    public void BadHeader_IsRejected()
    {
        var bytes = _record.SealedSecret.ToArray();
        "XRED"u8.CopyTo(bytes);
        Assert.Contains("header", AssertRejected(_record with { SealedSecret = bytes }).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(255)]
    public void UnknownFormatVersion_IsRejectedNamingIt(byte version)
    {
        var bytes = _record.SealedSecret.ToArray();
        bytes[4] = version;
        Assert.Contains($"format version {version}", AssertRejected(_record with { SealedSecret = bytes }).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FormatVersion_DowngradedToOne_FailsAuthentication()
    {
        // Format 1 binds neither owner nor row version: relabelling a format 2 envelope as 1 must not shed those bindings.
        var bytes = _record.SealedSecret.ToArray();
        bytes[4] = 1;
        AssertRejected(_record with { SealedSecret = bytes });
    }

    [Fact]
    public void MissingKeyId_ZeroLength_IsRejected()
    {
        var bytes = _record.SealedSecret.ToArray();
        bytes[5] = 0;
        AssertRejected(_record with { SealedSecret = bytes });
    }

    [Fact]
    public void KeyTheProviderDoesNotHave_IsRejectedNamingTheKeyId()
    {
        using var other = new MasterKeyProvider(RandomNumberGenerator.GetBytes(32));
        var ex = Assert.Throws<CredentialIntegrityException>(() => new CredentialSealer(other).Open(_record));
        Assert.Contains(_record.KeyId, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RetiredKey_IsRejectedEvenThoughTheProviderStillHasIt()
    {
        var retirements = new KeyRetirements();
        retirements.Add(_record.KeyId);
        var ex = Assert.Throws<CredentialIntegrityException>(() => new CredentialSealer(_keys, retirements).Open(_record));
        Assert.Contains("retired", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewrap_ChangesOnlyKeyIdAndWrappedKey_AndTheResultStillOpens()
    {
        using var next = new MasterKeyProvider(RandomNumberGenerator.GetBytes(32));
        var rewrapped = CredentialEnvelope.Rewrap(_keys.PrimaryKey, next.PrimaryKey, "acme", _record.Metadata.Id, _record.SealedSecret);

        var (oldTail, _) = Region(_record.SealedSecret, "nonce");
        var (newTail, _) = Region(rewrapped, "nonce");
        Assert.Equal(_record.SealedSecret[oldTail..], rewrapped[newTail..]);
        Assert.Equal(_record.SealedSecret[..5], rewrapped[..5]);
        Assert.Equal(Token, ((ApiToken)new CredentialSealer(next).Open(_record with { KeyId = next.PrimaryKey.KeyId, SealedSecret = rewrapped })).Token);
    }

    [Fact]
    public void Rewrap_UnderAnotherCredentialsContext_IsRejected()
    {
        using var next = new MasterKeyProvider(RandomNumberGenerator.GetBytes(32));
        Assert.Throws<CredentialIntegrityException>(() => CredentialEnvelope.Rewrap(_keys.PrimaryKey, next.PrimaryKey, "globex", _record.Metadata.Id, _record.SealedSecret));
        Assert.Throws<CredentialIntegrityException>(() => CredentialEnvelope.Rewrap(_keys.PrimaryKey, next.PrimaryKey, "acme", Guid.NewGuid(), _record.SealedSecret));
    }

    /// <summary>Start and length of a region, from the parsed envelope.</summary>
    internal static (int Start, int Length) Region(byte[] sealedBytes, string region)
    {
        var parts = CredentialEnvelope.Parse(sealedBytes);
        var keyIdStart = 6;
        var wrappedLengthStart = keyIdStart + parts.KeyId.Length;
        var wrappedStart = wrappedLengthStart + 2;
        var nonceStart = wrappedStart + parts.WrappedKey.Length;
        var ciphertextStart = nonceStart + parts.Nonce.Length;
        var tagStart = ciphertextStart + parts.Ciphertext.Length;
        Assert.Equal(sealedBytes.Length, tagStart + parts.Tag.Length);
        return region switch
        {
            "magic" => (0, 4),
            "version" => (4, 1),
            "key-id-length" => (5, 1),
            "key-id" => (keyIdStart, parts.KeyId.Length),
            "wrapped-key-length" => (wrappedLengthStart, 2),
            "wrapped-key" => (wrappedStart, parts.WrappedKey.Length),
            "nonce" => (nonceStart, parts.Nonce.Length),
            "ciphertext" => (ciphertextStart, parts.Ciphertext.Length),
            "tag" => (tagStart, parts.Tag.Length),
            _ => throw new ArgumentOutOfRangeException(nameof(region)),
        };
    }

    private CredentialIntegrityException AssertRejected(CredentialRecord record)
    {
        var ex = Assert.Throws<CredentialIntegrityException>(() => _sealer.Open(record));
        Assert.DoesNotContain(Token, ex.Message, StringComparison.Ordinal);
        return ex;
    }

    public void Dispose() => _keys.Dispose();
}
