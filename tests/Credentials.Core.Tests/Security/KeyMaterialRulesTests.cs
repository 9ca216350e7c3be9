using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Credentials.Tests.Security;

/// <summary>Security review findings 9 and 13: weak or damaged key material is refused with a clear error.</summary>
public sealed class KeyMaterialRulesTests : IDisposable
{
    private readonly TempDirectory _directory = new("credentials-keyrules-");

    [Theory]
    [InlineData(0x00)]
    [InlineData(0xFF)]
    [InlineData(0x41)]
    public void MasterKey_OneRepeatedByte_IsRefused(byte value)
    {
        var key = Enumerable.Repeat(value, 32).ToArray();
        var ex = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddCredentials().UseMasterKey(key));
        Assert.Contains("repeated byte", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("            ")]
    [InlineData("\t\n \u00a0\u2003")]
    [InlineData("short")]
    [InlineData("elevenchars")]
    public void UsePassphrase_BlankOrShort_IsRefusedWithoutQuotingIt(string passphrase)
    {
        var ex = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddCredentials().UsePassphrase(passphrase));
        if (passphrase.Trim().Length > 0)
        {
            Assert.DoesNotContain(passphrase, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void UsePassphrase_TwelveCharacters_IsAccepted() =>
        new ServiceCollection().AddCredentials().UsePassphrase("twelve chars");

    [Theory]
    [InlineData("""{"format":"credentials-key-ring/v1","primary":"k-1","keys":null}""")]
    [InlineData("""{"format":"credentials-key-ring/v1","primary":"k-1","keys":[null]}""")]
    [InlineData("""{"format":"credentials-key-ring/v1","primary":"k-1","keys":[{"id":null,"key":"AAAA"}]}""")]
    [InlineData("""{"format":"credentials-key-ring/v1","primary":"k-1","keys":[{"id":"k-1","key":null}]}""")]
    [InlineData("""{"format":"credentials-key-ring/v1","primary":null,"keys":[{"id":"k-1","key":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}]}""")]
    public void KeyFile_WithNulls_IsAnIntegrityError(string json)
    {
        var path = WriteKeyFile(json, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var keys = new KeyFileKeyProvider(Options.Create(new KeyFileOptions { Path = path }), new ContentRoot(), TimeProvider.System);

        var ex = Assert.Throws<CredentialIntegrityException>(() => keys.PrimaryKey);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, "0640")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead, "0604")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, "0644")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherWrite, "0602")]
    public void KeyFile_ReadableByGroupOrOthers_IsRefusedNamingPathAndMode(UnixFileMode mode, string octal)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var path = WriteKeyFile($$"""{"format":"credentials-key-ring/v1","primary":"k-1","keys":[{"id":"k-1","created_at":"2026-01-01T00:00:00Z","key":"{{key}}"}]}""", mode);
        using var keys = new KeyFileKeyProvider(Options.Create(new KeyFileOptions { Path = path }), new ContentRoot(), TimeProvider.System);

        var ex = Assert.Throws<CredentialException>(() => keys.PrimaryKey);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains(octal, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyFile_OwnerOnly_IsAccepted()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var path = WriteKeyFile($$"""{"format":"credentials-key-ring/v1","primary":"k-1","keys":[{"id":"k-1","created_at":"2026-01-01T00:00:00Z","key":"{{key}}"}]}""", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var keys = new KeyFileKeyProvider(Options.Create(new KeyFileOptions { Path = path }), new ContentRoot(), TimeProvider.System);

        Assert.Equal("k-1", keys.PrimaryKey.KeyId);
    }

    private string WriteKeyFile(string json, UnixFileMode mode)
    {
        var path = _directory.File("credentials.key");
        File.WriteAllText(path, json);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }

        return path;
    }

    public void Dispose() => _directory.Dispose();
}
