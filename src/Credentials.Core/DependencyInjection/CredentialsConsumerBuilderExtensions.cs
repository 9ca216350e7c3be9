using System.Diagnostics.CodeAnalysis;
using Credentials;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The consumer verbs of <see cref="ICredentialsBuilder"/>: consumer kinds and their deletion handlers.</summary>
public static class CredentialsConsumerBuilderExtensions
{
    /// <summary>
    /// Registers a consumer kind, shown in impact summaries after the built-ins in registration order. A kind with the name
    /// of a registered one (a built-in such as <c>skill</c> included) replaces it in place: its labels and deletion
    /// effect change, its position does not.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="kind">The kind: a name (at most 64 characters), singular and plural labels, and a deletion effect.</param>
    /// <exception cref="ArgumentException">A name or label is blank, too long or has control characters, or the effect is undefined.</exception>
    public static ICredentialsBuilder AddConsumerKind(this ICredentialsBuilder builder, ConsumerKind kind)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(kind);
        if (ConsumerRules.DefinitionProblem(kind) is { } problem)
        {
            throw new ArgumentException(problem, nameof(kind));
        }

        builder.Services.Configure<ConsumerKindOptions>(o => o.Add(kind));
        return builder;
    }

    /// <summary>
    /// Registers a handler (a singleton) that a deletion or recovery calls for the consumers of its kind, so the host can
    /// update its own records. Handlers must be idempotent: see <see cref="IConsumerDeletionHandler"/>. Registering the
    /// same type twice registers it once. Its kind must be registered, or the first deletion throws.
    /// </summary>
    /// <typeparam name="THandler">The handler type.</typeparam>
    /// <param name="builder">The builder.</param>
    public static ICredentialsBuilder AddConsumerDeletionHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this ICredentialsBuilder builder)
        where THandler : class, IConsumerDeletionHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IConsumerDeletionHandler, THandler>());
        return builder;
    }

    /// <summary>Registers a handler instance; see <see cref="AddConsumerDeletionHandler{THandler}(ICredentialsBuilder)"/>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="handler">The handler.</param>
    public static ICredentialsBuilder AddConsumerDeletionHandler(this ICredentialsBuilder builder, IConsumerDeletionHandler handler)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(handler);
        builder.Services.AddSingleton(handler);
        return builder;
    }
}
