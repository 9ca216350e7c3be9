using Microsoft.Extensions.DependencyInjection;

namespace Credentials;

/// <summary>Configures the vault after <c>AddCredentialsCore()</c> (or <c>AddCredentials()</c> of the package Credentials); features are extension methods on it.</summary>
public interface ICredentialsBuilder
{
    /// <summary>The service collection the vault is registered in.</summary>
    IServiceCollection Services { get; }
}
