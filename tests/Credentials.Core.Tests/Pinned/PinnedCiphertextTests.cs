using System.Text.Json;
using Credentials.Storage;

namespace Credentials.Tests.Pinned;

/// <summary>
/// Envelopes written by format version 1 (and the key file they were sealed under), committed as files: every later
/// version of the library must still open them to the same values, or stored data would be stranded
/// (Data Protection's CanUnprotectPayloadCreatedBy... tests). Never regenerate these to make a test pass.
/// </summary>
public sealed class PinnedCiphertextTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Pinned");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var item in Fixture().RootElement.GetProperty("credentials").EnumerateArray())
        {
            data.Add(item.GetProperty("file").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void V1Envelope_UnderThePinnedMasterKey_OpensToTheRecordedValues(string file)
    {
        using var fixture = Fixture();
        var item = fixture.RootElement.GetProperty("credentials").EnumerateArray().Single(c => c.GetProperty("file").GetString() == file);
        using var keys = new MasterKeyProvider(Convert.FromBase64String(fixture.RootElement.GetProperty("master_key").GetString()!));

        var secret = new CredentialSealer(keys).Open(Record(item, File.ReadAllBytes(Path.Combine(Folder, file))));

        var expected = JsonSerializer.Deserialize(item.GetProperty("secret").GetRawText(), CredentialJsonContext.Default.CredentialSecret)!;
        Assert.Equal(JsonSerializer.Serialize(expected, CredentialJsonContext.Default.CredentialSecret), JsonSerializer.Serialize(secret, CredentialJsonContext.Default.CredentialSecret));
        Assert.Equal(item.GetProperty("key_id").GetString(), keys.PrimaryKey.KeyId);
    }

    [Fact]
    public async Task V1KeyFile_AndAnEnvelopeSealedUnderItsOlderKey_StillOpen()
    {
        using var fixture = Fixture();
        var item = fixture.RootElement.GetProperty("key_file_credential");
        using var directory = new TempDirectory("credentials-pinned-");
        File.Copy(Path.Combine(Folder, "v1-key-ring.json"), directory.File("credentials.key"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory.File("credentials.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        var options = Microsoft.Extensions.Options.Options.Create(new KeyFileOptions { Path = directory.File("credentials.key") });
        using var keys = new KeyFileKeyProvider(options, new ContentRoot(), TimeProvider.System);
        await keys.LoadAsync(CancellationToken.None);

        var secret = (UsernamePassword)new CredentialSealer(keys).Open(Record(item, File.ReadAllBytes(Path.Combine(Folder, item.GetProperty("file").GetString()!))));

        Assert.Equal("pinned-user", secret.Username);
        Assert.Equal("pinned-password-0123456789", secret.Password);
        Assert.Equal(2, keys.Keys.Count);
        Assert.NotEqual(keys.PrimaryKey.KeyId, item.GetProperty("key_id").GetString());
    }

    private static CredentialRecord Record(JsonElement item, byte[] sealedBytes)
    {
        var at = DateTimeOffset.UnixEpoch;
        var metadata = new CredentialMetadataRecord(
            item.GetProperty("organization_id").GetString()!,
            Guid.Parse(item.GetProperty("credential_id").GetString()!),
            "pinned",
            item.GetProperty("key").GetString()!,
            "custom",
            item.GetProperty("type").GetString()!,
            string.Empty,
            null,
            string.Empty,
            at,
            at,
            1);
        return new CredentialRecord(metadata, item.GetProperty("key_id").GetString()!, sealedBytes);
    }

    private static JsonDocument Fixture() => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, "v1-fixture.json")));
}
