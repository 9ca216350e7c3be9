using System.Text.Json;
using System.Text.Json.Nodes;

namespace Credentials.Tests.Pinned;

/// <summary>
/// Wrote the format 2 files in <c>tests/Credentials.Core.Tests/Pinned</c> (<c>v2-*</c>) once: padded payloads bound to owner
/// and row version, including a personal credential. Kept (skipped) to show how they were made; running it again would
/// overwrite the pins, which defeats them.
/// </summary>
public sealed class PinnedV2FixtureGenerator
{
    private const string Skip = "Generates the pinned v2 fixture; run once by hand (set CREDENTIALS_PIN_DIR), never to fix a failing test.";

    [Fact(Skip = Skip)]
    public async Task Generate()
    {
        var folder = Environment.GetEnvironmentVariable("CREDENTIALS_PIN_DIR") ?? throw new InvalidOperationException("Set CREDENTIALS_PIN_DIR.");
        var masterKey = Enumerable.Range(0, 32).Select(i => (byte)(0xC0 + i)).ToArray();
        using var master = new MasterKeyProvider(masterKey);
        var sealer = new CredentialSealer(master);
        (CredentialSecret Secret, string? Owner, long Version)[] cases =
        [
            (new ApiToken("sk-pinned-v2-0123456789abcdef"), null, 1),
            (new KeyPair("pinned-v2-api-key", "pinned-v2-api-secret"), null, 3),
            (new UsernamePassword("pinned-v2-user", "pinned-v2-password"), null, 1),
            (new Smtp("smtp.example.com", 587, "mailer", "pinned-v2-smtp-password", SmtpEncryption.StartTls), null, 2),
            (new OAuth2("pinned-v2-client", "pinned-v2-client-secret", "pinned-v2-access", "pinned-v2-refresh")
            {
                GrantType = OAuth2GrantType.AuthorizationCode,
                Issuer = "https://auth.example.com",
                AuthorizationEndpoint = "https://auth.example.com/authorize",
                TokenEndpoint = "https://auth.example.com/token",
                Scopes = "openid offline_access",
                Resource = "https://mcp.example.com/mcp",
                ExpiresAt = new DateTimeOffset(2030, 1, 31, 12, 0, 0, TimeSpan.Zero),
            }, null, 7),
            (new SshKey("-----BEGIN OPENSSH PRIVATE KEY-----\npinned-v2\n-----END OPENSSH PRIVATE KEY-----", "ssh-ed25519 AAAA pinned-v2", "pinned-v2-passphrase"), null, 1),
            (new Custom(JsonDocument.Parse("""{"endpoint":"https://example.com","nested":{"token":"pinned-v2-custom","n":42}}""").RootElement), null, 1),
            (new ApiToken("ghp-pinned-v2-personal-token-0000"), "pinned-user", 2),
        ];

        var items = new JsonArray();
        foreach (var (secret, owner, version) in cases)
        {
            var type = secret.Type.ToWireName();
            var id = Guid.NewGuid();
            var key = "PINNED_" + type.ToUpperInvariant() + (owner is null ? "" : "_PERSONAL");
            var (keyId, sealedBytes) = sealer.Seal("pinned-org", owner, id, key, version, secret);
            var file = $"v2-{type.Replace('_', '-')}{(owner is null ? "" : "-personal")}.bin";
            await File.WriteAllBytesAsync(Path.Combine(folder, file), sealedBytes);
            items.Add(new JsonObject
            {
                ["file"] = file,
                ["organization_id"] = "pinned-org",
                ["owner_user_id"] = owner,
                ["credential_id"] = id.ToString("D"),
                ["type"] = type,
                ["key"] = key,
                ["version"] = version,
                ["key_id"] = keyId,
                ["secret"] = JsonNode.Parse(JsonSerializer.Serialize(secret, CredentialJsonContext.Default.CredentialSecret)),
            });
        }

        var fixture = new JsonObject
        {
            ["format"] = "CRED v2 (CredentialEnvelope.CurrentVersion = 2): padded payload, owner and row version bound",
            ["note"] = "Test-only keys. Generated once by PinnedV2FixtureGenerator; never regenerate to fix a failing test.",
            ["master_key"] = Convert.ToBase64String(masterKey),
            ["credentials"] = items,
        };
        await File.WriteAllTextAsync(Path.Combine(folder, "v2-fixture.json"), fixture.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
