using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Credentials.Tests.KeyManagement;

public sealed class KeyServicesTests
{
    [Fact]
    public void PassphraseAndBackgroundRewrap_EveryRegisteredService_ResolvesWithScopeValidation()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddCredentials().UseInMemoryStorage().UsePassphrase("a test passphrase", PassphraseTests.Cheap).RewrapInBackground();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        foreach (var descriptor in services.Where(d => !d.ServiceType.IsGenericTypeDefinition))
        {
            Assert.NotNull(provider.GetService(descriptor.ServiceType));
        }

        Assert.Same(provider.GetRequiredService<ICredentialKeyManager>(), provider.GetRequiredService<ICredentialKeyManager>());
        Assert.Contains(provider.GetServices<IHostedService>(), s => s is CredentialsRewrapService);
        Assert.IsType<StoredKeyRingProvider>(provider.GetRequiredService<IKeyEncryptionKeyProvider>());
    }

    [Fact]
    public void RewrapInBackground_Twice_RegistersOneService()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddCredentials().UseInMemoryStorage().UseMasterKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).RewrapInBackground().RewrapInBackground();
        using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<IHostedService>().OfType<CredentialsRewrapService>());
    }

    [Fact]
    public void KeyManager_UserRegistration_IsNotReplaced()
    {
        var services = new ServiceCollection();
        var mine = new NoKeys();
        services.AddSingleton<ICredentialKeyManager>(mine);
        services.AddCredentials().UseInMemoryStorage().UseMasterKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        using var provider = services.BuildServiceProvider();

        Assert.Same(mine, provider.GetRequiredService<ICredentialKeyManager>());
    }

    private sealed class NoKeys : ICredentialKeyManager
    {
        public Task<IReadOnlyList<CredentialKeyInfo>> ListKeysAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<CredentialKeyInfo>>([]);

        public Task<CredentialKeyInfo> RotateAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<RewrapResult> RewrapAsync(IProgress<RewrapProgress>? progress = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task RetireAsync(string keyId, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
