using Credentials;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The opt-in resolve cache verb.</summary>
public static class ResolveCacheBuilderExtensions
{
    /// <summary>
    /// Keeps resolved credentials in memory for a short time (see <see cref="ResolveCacheOptions"/> for the trade-off).
    /// Off unless this is called.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Changes to the size and time bounds.</param>
    public static ICredentialsBuilder UseResolveCache(this ICredentialsBuilder builder, Action<ResolveCacheOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<ResolveCacheOptions>(o =>
        {
            o.Enabled = true;
            configure?.Invoke(o);
        });
        return builder;
    }
}
