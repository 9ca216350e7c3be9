using System.Diagnostics.CodeAnalysis;
using Credentials;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The live check verbs of <see cref="ICredentialsBuilder"/>.</summary>
public static class CredentialChecksBuilderExtensions
{
    /// <summary>
    /// Registers a live check (a singleton) that <see cref="ICredentialChecker"/> runs for credentials of its type.
    /// Registering the same check type twice keeps one.
    /// </summary>
    /// <typeparam name="TCheck">The check.</typeparam>
    /// <param name="builder">The builder.</param>
    public static ICredentialsBuilder AddCredentialCheck<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TCheck>(this ICredentialsBuilder builder)
        where TCheck : class, ICredentialCheck
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ICredentialCheck, TCheck>());
        return builder;
    }
}
