using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials;

/// <summary>A vault on in-memory storage with a random master key, as a host would wire it.</summary>
internal static class TestServices
{
    /// <summary>Builds the provider; without <paramref name="configure"/> it adds the common templates only.</summary>
    public static ServiceProvider Build(Action<ICredentialsBuilder>? configure = null)
    {
        // AddCredentials does not register logging itself, and the vault asks for ILogger<T>; a host has it from
        // its own AddLogging (or the generic host), so the tests do the same.
        var services = new ServiceCollection().AddLogging();
        var builder = services.AddCredentials().UseInMemoryStorage().UseMasterKey(RandomNumberGenerator.GetBytes(32));
        if (configure is null)
        {
            builder.AddCommonTemplates();
        }
        else
        {
            configure(builder);
        }

        return services.BuildServiceProvider(validateScopes: true);
    }

    /// <summary>A template a host might add, with values that are easy to recognize in assertions.</summary>
    public static CredentialTemplate HostTemplate(string id, string key = "INTERNAL_API_KEY") =>
        new(id, "Internal API", "Internal API Key", key, CredentialType.ApiToken, CredentialCategory.McpService,
            "The company's own API.", new Uri("https://intranet.example.com/docs/api-keys"));
}
