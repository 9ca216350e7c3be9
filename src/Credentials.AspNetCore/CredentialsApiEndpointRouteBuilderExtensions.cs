using Credentials;
using Credentials.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Settings → Credentials web API.</summary>
public static class CredentialsApiEndpointRouteBuilderExtensions
{
    /// <summary>The tag of every endpoint of the API in an OpenAPI document.</summary>
    public const string OpenApiTag = "Credentials";

    /// <summary>
    /// Maps the credentials API under <paramref name="prefix"/>: templates, schemas, cards, create, read, the edit form,
    /// update (blank keeps; <c>If-Match</c>), the deletion impact, delete, recently deleted, recover and assignments.
    /// JSON with wire names; errors as RFC 9457 problem details; no response ever holds a secret. Call
    /// <c>services.AddCredentialsApi()</c> first.
    /// </summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="prefix">The route prefix, such as <c>/api/credentials</c>.</param>
    /// <param name="contextResolver">
    /// Says which organization a request acts for (from its user's claims, a route value, ...). Every operation is
    /// scoped to it; return <c>default</c> to refuse the request (403). Runs after the host's authentication; what it
    /// throws goes to the host's exception handling.
    /// </param>
    /// <returns>The route group, for the host to secure (<c>.RequireAuthorization(...)</c>) or to add metadata to.</returns>
    /// <exception cref="InvalidOperationException"><c>AddCredentialsApi()</c> was not called.</exception>
    public static RouteGroupBuilder MapCredentialsApi(this IEndpointRouteBuilder endpoints, string prefix, ApiContextResolver contextResolver)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(contextResolver);
        var json = endpoints.ServiceProvider.GetService<IOptions<JsonOptions>>()?.Value.SerializerOptions;
        if (json is null || !json.TypeInfoResolverChain.Contains(CredentialsApiJsonContext.Default))
        {
            throw new InvalidOperationException("MapCredentialsApi needs services.AddCredentialsApi() (after services.AddCredentials()) in the host's service registrations.");
        }

        var group = endpoints.MapGroup(prefix);
        group.AddEndpointFilter(new CredentialsApiFilter(contextResolver));
        group.WithTags(OpenApiTag);
        CredentialsApiRoutes.Map(group);
        return group;
    }
}
