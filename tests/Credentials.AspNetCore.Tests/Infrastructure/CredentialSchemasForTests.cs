using Microsoft.Extensions.DependencyInjection;

namespace Credentials.AspNetCore.Tests;

/// <summary>The library's schemas, as a host gets them.</summary>
public static class CredentialSchemasForTests
{
    public static IReadOnlyList<CredentialSchema> All { get; } = Load();

    private static IReadOnlyList<CredentialSchema> Load()
    {
        var services = new ServiceCollection();
        services.AddCredentials().UseInMemoryStorage().UseMasterKey(new byte[32]);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<ICredentialSchemas>().All;
    }
}
