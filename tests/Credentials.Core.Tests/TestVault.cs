using System.Security.Cryptography;
using Credentials.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests;

/// <summary>A vault on in-memory storage and a random master key, with handles to its parts for white-box tests.</summary>
internal sealed class TestVault : IDisposable
{
    public static readonly OrganizationId Acme = new("acme");
    public static readonly OrganizationId Globex = new("globex");

    private TestVault(ServiceProvider provider)
    {
        Provider = provider;
        Store = provider.GetRequiredService<ICredentialStore>();
        Resolver = provider.GetRequiredService<ICredentialResolver>();
        Forms = provider.GetRequiredService<ICredentialForms>();
        Storage = provider.GetRequiredService<ICredentialStorage>();
        Assignments = provider.GetRequiredService<ICredentialAssignments>();
        Deleted = provider.GetRequiredService<IDeletedCredentials>();
    }

    public ServiceProvider Provider { get; }

    public ICredentialStore Store { get; }

    public ICredentialResolver Resolver { get; }

    public ICredentialForms Forms { get; }

    public ICredentialStorage Storage { get; }

    public ICredentialAssignments Assignments { get; }

    public IDeletedCredentials Deleted { get; }

    public static TestVault Create(Action<ICredentialsBuilder>? configure = null, TimeProvider? time = null, Action<CredentialsOptions>? options = null)
    {
        var services = new ServiceCollection().AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        var builder = services.AddCredentials(options).UseInMemoryStorage().UseMasterKey(RandomNumberGenerator.GetBytes(32));
        configure?.Invoke(builder);
        return new TestVault(services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true }));
    }

    public static NewCredential Token(string key = "OPENAI_API_KEY", string token = "sk-test-0123456789abcdef") =>
        new("OpenAI", key, CredentialCategory.LlmProvider, new ApiToken(token));

    /// <summary>Flips one bit of a stored credential's sealed bytes, as an attacker with write access to the database could.</summary>
    public async Task TamperAsync(OrganizationId org, CredentialId id, Func<byte[], byte[]> change)
    {
        var record = await Storage.FindByIdAsync(org.Value, id.Value) ?? throw new InvalidOperationException("missing");
        var result = await Storage.UpdateAsync(record with { SealedSecret = change(record.SealedSecret.ToArray()) }, record.Metadata.Version);
        Assert.Equal(StorageWriteResult.Success, result);
    }

    public void Dispose() => Provider.Dispose();
}
