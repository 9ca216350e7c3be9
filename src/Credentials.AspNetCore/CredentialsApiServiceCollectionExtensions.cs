using Credentials.AspNetCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what the credentials web API needs beside the vault itself.</summary>
public static class CredentialsApiServiceCollectionExtensions
{
    /// <summary>
    /// Puts the API's source-generated JSON metadata (<see cref="CredentialsApiJsonContext"/>) at the front of the host's
    /// HTTP JSON options' <c>TypeInfoResolverChain</c>, once, (so OpenAPI and problem details work without reflection, and under native
    /// AOT) and adds problem details. The vault itself comes from <c>services.AddCredentials()</c>.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddCredentialsApi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.ConfigureHttpJsonOptions(options =>
        {
            if (!options.SerializerOptions.TypeInfoResolverChain.Contains(CredentialsApiJsonContext.Default))
            {
                options.SerializerOptions.TypeInfoResolverChain.Insert(0, CredentialsApiJsonContext.Default);
            }
        });
        services.AddProblemDetails();
        services.AddOptions<CredentialsApiOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CredentialsApiOptions>, CredentialsApiOptionsValidator>());
        return services;
    }

    /// <summary>
    /// As <see cref="AddCredentialsApi(IServiceCollection)"/>, with changes to the API's options, such as where the OAuth 2.0
    /// callback sends the browser back to (<see cref="CredentialsApiOptions.OAuthReturnUrl"/>).
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Changes to <see cref="CredentialsApiOptions"/>; checked at start-up.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddCredentialsApi(this IServiceCollection services, Action<CredentialsApiOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddCredentialsApi();
        services.Configure(configure);
        return services;
    }
}
