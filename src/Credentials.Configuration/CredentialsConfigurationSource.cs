using Microsoft.Extensions.Configuration;

namespace Credentials;

/// <summary>The source <c>AddCredentials</c> adds; each build makes a provider with its own private vault.</summary>
internal sealed class CredentialsConfigurationSource(OrganizationId organization, Action<ICredentialsBuilder> configure, CredentialsConfigurationOptions options)
    : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new CredentialsConfigurationProvider(organization, configure, options);
}
