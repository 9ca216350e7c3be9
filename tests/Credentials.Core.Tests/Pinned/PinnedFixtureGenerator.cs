using System.Text.Json;
using System.Text.Json.Nodes;

namespace Credentials.Tests.Pinned;

/// <summary>
/// Wrote the files in <c>tests/Credentials.Core.Tests/Pinned</c> once, with format version 1. Kept (skipped) to show
/// how they were made; running it again would overwrite the pins, which defeats them.
/// </summary>
public sealed class PinnedFixtureGenerator
{
    private const string Skip = "Generates the pinned v1 fixture; run once by hand (set CREDENTIALS_PIN_DIR), never to fix a failing test.";

    [Fact(Skip = Skip)]
    public async Task Generate()
    {
        var folder = Environment.GetEnvironmentVariable("CREDENTIALS_PIN_DIR") ?? throw new InvalidOperationException("Set CREDENTIALS_PIN_DIR.");
        var masterKey = Enumerable.Range(0, 32).Select(i => (byte)(0xA0 + i)).ToArray();
        using var master = new MasterKeyProvider(masterKey);
        var sealer = new CredentialSealer(master);
        CredentialSecret[] secrets =
        [
            new ApiToken("sk-pinned-0123456789abcdef"),
            new KeyPair("pinned-api-key", "pinned-api-secret"),
            new UsernamePassword("pinned-user", "pinned-password"),
            new Smtp("smtp.example.com", 587, "mailer", "pinned-smtp-password", SmtpEncryption.StartTls),
            new OAuth2("pinned-client", "pinned-client-secret", "pinned-access", "pinned-refresh"),
            new SshKey("-----BEGIN OPENSSH PRIVATE KEY-----\npinned\n-----END OPENSSH PRIVATE KEY-----", "ssh-ed25519 AAAA pinned", "pinned-passphrase"),
            new Custom(JsonDocument.Parse("""{"endpoint":"https://example.com","nested":{"token":"pinned-custom","n":42}}""").RootElement),
        ];

        var items = new JsonArray();
        foreach (var secret in secrets)
        {
            var type = secret.Type.ToWireName();
            var id = Guid.NewGuid();
            var key = "PINNED_" + type.ToUpperInvariant();
            var (keyId, sealedBytes) = sealer.Seal("pinned-org", null, id, key, 1, secret);
            var file = $"v1-{type.Replace('_', '-')}.bin";
            await File.WriteAllBytesAsync(Path.Combine(folder, file), sealedBytes);
            items.Add(new JsonObject
            {
                ["file"] = file,
                ["organization_id"] = "pinned-org",
                ["credential_id"] = id.ToString("D"),
                ["type"] = type,
                ["key"] = key,
                ["key_id"] = keyId,
                ["secret"] = JsonNode.Parse(JsonSerializer.Serialize(secret, CredentialJsonContext.Default.CredentialSecret)),
            });
        }

        // A key file with two keys; the envelope is sealed under the older one (as after a rotation, before a rewrap).
        var older = Enumerable.Range(0, 32).Select(i => (byte)(0x10 + i)).ToArray();
        var newer = Enumerable.Range(0, 32).Select(i => (byte)(0x50 + i)).ToArray();
        var ring = new KeyRingDocument { Primary = "k-pinned-newer" };
        ring.Keys.Add(new KeyRingEntry { Id = "k-pinned-older", CreatedAt = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), Key = Convert.ToBase64String(older) });
        ring.Keys.Add(new KeyRingEntry { Id = "k-pinned-newer", CreatedAt = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero), Key = Convert.ToBase64String(newer) });
        await File.WriteAllBytesAsync(Path.Combine(folder, "v1-key-ring.json"), JsonSerializer.SerializeToUtf8Bytes(ring, CredentialJsonContext.Default.KeyRingDocument));
        using var olderKey = new AesGcmKeyEncryptionKey("k-pinned-older", older);
        var fileCredentialId = Guid.NewGuid();
        var (fileKeyId, fileSealed) = new CredentialSealer(new KeyRing([olderKey], "k-pinned-older"))
            .Seal("pinned-org", null, fileCredentialId, "PINNED_KEY_FILE", 1, new UsernamePassword("pinned-user", "pinned-password-0123456789"));
        await File.WriteAllBytesAsync(Path.Combine(folder, "v1-key-file-username-password.bin"), fileSealed);

        var fixture = new JsonObject
        {
            ["format"] = "CRED v1 (CredentialEnvelope.CurrentVersion = 1)",
            ["note"] = "Test-only keys. Generated once by PinnedFixtureGenerator; never regenerate to fix a failing test.",
            ["master_key"] = Convert.ToBase64String(masterKey),
            ["credentials"] = items,
            ["key_file_credential"] = new JsonObject
            {
                ["file"] = "v1-key-file-username-password.bin",
                ["organization_id"] = "pinned-org",
                ["credential_id"] = fileCredentialId.ToString("D"),
                ["type"] = "username_password",
                ["key"] = "PINNED_KEY_FILE",
                ["key_id"] = fileKeyId,
            },
        };
        await File.WriteAllTextAsync(Path.Combine(folder, "v1-fixture.json"), fixture.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
