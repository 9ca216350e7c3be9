using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Utilities;
using Org.BouncyCastle.Security;

namespace Credentials.Storage.Sqlite;

/// <summary>
/// One credential of every type, every string field holding a marker ("SECRET-MARKER-" and a fresh GUID, or for the SSH
/// key its own text) that must never appear in the database files in any encoding.
/// </summary>
public sealed class SampleCredentials
{
    private readonly List<string> _markers = [];

    public SampleCredentials()
    {
        All =
        [
            new("API_TOKEN", CredentialCategory.LlmProvider, new ApiToken(Marker())),
            new("KEY_PAIR", CredentialCategory.McpService, new KeyPair(Marker(), Marker())),
            new("USERNAME_PASSWORD", CredentialCategory.Runtime, new UsernamePassword(Marker(), Marker())),
            new("SMTP", CredentialCategory.Communication, new Smtp(Marker(), 587, Marker(), Marker(), SmtpEncryption.StartTls)),
            new("OAUTH2", CredentialCategory.McpService, new OAuth2(Marker(), Marker(), Marker(), Marker())),
            new("SSH_KEY", CredentialCategory.Runtime, SshSample()),
            new("CUSTOM", CredentialCategory.Custom, Custom.Parse(
                $$"""{"token":"{{Marker()}}","nested":{"list":["{{Marker()}}",42,true]},"unicode":"{{Marker()}}-\u00e9\u65e5"}""")),
        ];
    }

    /// <summary>The credentials, by key.</summary>
    public IReadOnlyList<SampleCredential> All { get; }

    /// <summary>Every marker handed out so far, including those of replacement secrets.</summary>
    public IReadOnlyList<string> Markers => _markers;

    /// <summary>A new marker, remembered so that the scan looks for it.</summary>
    public string Marker()
    {
        var marker = "SECRET-MARKER-" + Guid.NewGuid().ToString("N");
        _markers.Add(marker);
        return marker;
    }

    /// <summary>
    /// SSH keys are parsed and checked on save, so this one is a real ed25519 key (a marker cannot live inside it): its
    /// private key text and public key are markers as they are, and the passphrase field holds an ordinary marker.
    /// </summary>
    private SshKey SshSample()
    {
        var key = new Ed25519PrivateKeyParameters(new SecureRandom());
        var body = Convert.ToBase64String(OpenSshPrivateKeyUtilities.EncodePrivateKey(key));
        var publicKey = Convert.ToBase64String(OpenSshPublicKeyUtilities.EncodePublicKey(key.GeneratePublicKey()));
        _markers.Add(body);
        _markers.Add(publicKey);
        return new SshKey($"-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----\n", "ssh-ed25519 " + publicKey, Marker());
    }

    /// <summary>Creates every credential in the organization.</summary>
    public async Task<IReadOnlyList<CredentialView>> CreateAllAsync(ICredentialStore store, OrganizationId org)
    {
        ArgumentNullException.ThrowIfNull(store);
        var views = new List<CredentialView>();
        foreach (var credential in All)
        {
            views.Add(await store.CreateAsync(org, new NewCredential("Name of " + credential.Key, credential.Key, credential.Category, credential.Secret)));
        }

        return views;
    }

    /// <summary>Asserts that every credential resolves to exactly its secret, typed.</summary>
    public async Task AssertResolveAsync(ICredentialResolver resolver, OrganizationId org, IReadOnlyDictionary<string, CredentialSecret>? replaced = null)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        foreach (var credential in All)
        {
            var expected = replaced?.GetValueOrDefault(credential.Key) ?? credential.Secret;
            CredentialSecret actual = expected switch
            {
                ApiToken => await resolver.ResolveAsync<ApiToken>(org, credential.Key),
                KeyPair => await resolver.ResolveAsync<KeyPair>(org, credential.Key),
                UsernamePassword => await resolver.ResolveAsync<UsernamePassword>(org, credential.Key),
                Smtp => await resolver.ResolveAsync<Smtp>(org, credential.Key),
                OAuth2 => await resolver.ResolveAsync<OAuth2>(org, credential.Key),
                SshKey => await resolver.ResolveAsync<SshKey>(org, credential.Key),
                Custom => await resolver.ResolveAsync<Custom>(org, credential.Key),
                _ => throw new InvalidOperationException("A credential type without a sample: add one."),
            };
            Assert.Equal(expected, actual);
        }
    }
}
