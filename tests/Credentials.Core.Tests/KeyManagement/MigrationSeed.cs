using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.KeyManagement;

/// <summary>
/// What the key migration tests put in a store before moving it to another key provider: shared credentials of two
/// organizations and three types, two users' own, one in the recycle bin, under two keys of the old provider when it can
/// rotate (a key file). <see cref="VerifyAsync"/> resolves every one, recovering the deleted one.
/// </summary>
internal sealed class MigrationSeed
{
    private readonly List<(CredentialContext Context, string Key, CredentialSecret Secret)> _live = [];

    public (OrganizationId Org, CredentialId Id, string Key, CredentialSecret Secret) Deleted { get; private set; }

    public int Count => _live.Count + 1;

    public static async Task<MigrationSeed> CreateAsync(IServiceProvider services)
    {
        var seed = new MigrationSeed();
        var store = services.GetRequiredService<ICredentialStore>();
        await seed.AddAsync(store, new CredentialContext(TestVault.Acme), "OPENAI_API_KEY", new ApiToken("sk-acme-0123456789abcdef"));
        await seed.AddAsync(store, new CredentialContext(TestVault.Acme), "DB_LOGIN", new UsernamePassword("app", "p4ss-w0rd-acme"));
        await seed.AddAsync(store, new CredentialContext(TestVault.Globex), "OPENAI_API_KEY", new ApiToken("sk-globex-0123456789abcdef"));

        // A key file rotates: the rest lands under its second key, so the migration moves credentials off two old keys.
        if (MigratingKeyProvider.WriterOf(services.GetRequiredService<VaultKeys>().Provider) is IRotatableKeyEncryptionKeyProvider)
        {
            await services.GetRequiredService<ICredentialKeyManager>().RotateAsync();
        }

        await seed.AddAsync(store, new CredentialContext(TestVault.Globex), "AWS_CREDENTIALS", new KeyPair("AKIAEXAMPLE0123", "aws-secret-globex-0123456789"));
        await seed.AddAsync(store, new CredentialContext(TestVault.Acme, UserId: "alice"), "GITHUB_TOKEN", new ApiToken("ghp_alice0123456789abcdef"));
        await seed.AddAsync(store, new CredentialContext(TestVault.Acme, UserId: "bob"), "GITHUB_TOKEN", new ApiToken("ghp_bob0123456789abcdef"));

        var doomed = new ApiToken("sk-deleted-0123456789abcdef");
        var view = await store.CreateAsync(TestVault.Acme, new NewCredential("Old", "OLD_TOKEN", CredentialCategory.Runtime, doomed));
        await store.DeleteAsync(TestVault.Acme, view.Id);
        seed.Deleted = (TestVault.Acme, view.Id, "OLD_TOKEN", doomed);
        return seed;
    }

    /// <summary>Every live credential resolves to its value; the deleted one is still in the recycle bin and, recovered, too.</summary>
    public async Task VerifyAsync(IServiceProvider services, bool recoverDeleted = false)
    {
        var resolver = services.GetRequiredService<ICredentialResolver>();
        foreach (var (context, key, secret) in _live)
        {
            var scope = context.UserId is null ? ResolveScope.Organization : ResolveScope.User;
            Assert.Equal(secret, await resolver.ResolveAsync<CredentialSecret>(context, key, scope));
        }

        var deleted = services.GetRequiredService<IDeletedCredentials>();
        Assert.Contains(await deleted.ListAsync(Deleted.Org), d => d.Credential.Id == Deleted.Id);
        if (recoverDeleted)
        {
            await deleted.RecoverAsync(Deleted.Org, Deleted.Id);
            Assert.Equal(Deleted.Secret, await resolver.ResolveAsync<ApiToken>(Deleted.Org, Deleted.Key));
        }
    }

    private async Task AddAsync(ICredentialStore store, CredentialContext context, string key, CredentialSecret secret)
    {
        var credential = new NewCredential(key, key, CredentialCategory.Runtime, secret) { OwnerUserId = context.UserId };
        await store.CreateAsync(context, credential);
        _live.Add((context, key, secret));
    }
}
