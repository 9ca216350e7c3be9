using Credentials;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The template verb of <see cref="ICredentialsBuilder"/> from the Credentials.Templates package.</summary>
public static class CredentialsTemplatesBuilderExtensions
{
    /// <summary>
    /// Adds the curated catalog of templates (OpenAI, Anthropic, GitHub, Slack, AWS, SMTP providers and more) to
    /// <see cref="ICredentialTemplateCatalog"/>. Calling it more than once adds the catalog once. Templates a host adds
    /// with <c>AddTemplate</c>, before or after this call, come after these and replace one with the same id in place.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static ICredentialsBuilder AddCommonTemplates(this ICredentialsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // TryAddEnumerable dedupes by implementation type, so a second call (say, from a library and from the host)
        // does not list every template twice.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ICredentialTemplateSource, CommonTemplates>());
        return builder;
    }
}
