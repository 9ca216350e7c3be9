using System.Text.Json;
using Credentials.Storage;

namespace Credentials.Tests.Pinned;

/// <summary>
/// Envelopes written by format version 2 (padded, bound to owner and row version), committed as files: every later
/// version of the library must open them to the same values. Never regenerate these to make a test pass.
/// </summary>
public sealed class PinnedV2CiphertextTests
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
    public void V2Envelope_UnderThePinnedMasterKey_OpensToTheRecordedValues(string file)
    {
        using var fixture = Fixture();
        var (item, keys) = Load(fixture, file);
        using (keys)
        {
            var secret = new CredentialSealer(keys).Open(Record(item, File.ReadAllBytes(Path.Combine(Folder, file))));

            var expected = JsonSerializer.Deserialize(item.GetProperty("secret").GetRawText(), CredentialJsonContext.Default.CredentialSecret)!;
            Assert.Equal(JsonSerializer.Serialize(expected, CredentialJsonContext.Default.CredentialSecret), JsonSerializer.Serialize(secret, CredentialJsonContext.Default.CredentialSecret));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void V2Envelope_UnderAnotherVersionOrOwner_FailsIntegrity(string file)
    {
        using var fixture = Fixture();
        var (item, keys) = Load(fixture, file);
        using (keys)
        {
            var record = Record(item, File.ReadAllBytes(Path.Combine(Folder, file)));
            var sealer = new CredentialSealer(keys);

            Assert.Throws<CredentialIntegrityException>(() => sealer.Open(record with { Metadata = record.Metadata with { Version = record.Metadata.Version + 1 } }));
            Assert.Throws<CredentialIntegrityException>(() => sealer.Open(record with { Metadata = record.Metadata with { OwnerUserId = record.Metadata.OwnerUserId is null ? "someone" : null } }));
            Assert.Equal(2, record.SealedSecret[4]);
        }
    }

    private static (JsonElement Item, MasterKeyProvider Keys) Load(JsonDocument fixture, string file) =>
        (fixture.RootElement.GetProperty("credentials").EnumerateArray().Single(c => c.GetProperty("file").GetString() == file),
         new MasterKeyProvider(Convert.FromBase64String(fixture.RootElement.GetProperty("master_key").GetString()!)));

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
            item.GetProperty("version").GetInt64())
        {
            OwnerUserId = item.GetProperty("owner_user_id").ValueKind == JsonValueKind.String ? item.GetProperty("owner_user_id").GetString() : null,
        };
        return new CredentialRecord(metadata, item.GetProperty("key_id").GetString()!, sealedBytes);
    }

    private static JsonDocument Fixture() => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, "v2-fixture.json")));
}
