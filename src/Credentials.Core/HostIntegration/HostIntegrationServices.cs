using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Credentials;

/// <summary>The host-integration services every vault has: the ambient context and child-process environments.</summary>
internal static class HostIntegrationServices
{
    public static void Add(IServiceCollection services)
    {
        services.TryAddSingleton<ICredentialContextAccessor, CredentialContextAccessor>();
        services.TryAddSingleton<ICredentialEnvironment, CredentialEnvironment>();
    }
}
