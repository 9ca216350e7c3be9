using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Credentials.AspNetCore;

/// <summary>
/// Runs around every endpoint of the group: resolves who the request acts for (its <see cref="CredentialContext"/>; 403
/// when the host's resolver names no organization), marks the response <c>Cache-Control: no-store</c>, and turns library exceptions into problem details.
/// Anything that is not a <see cref="CredentialException"/> is left to the host's exception handling. An endpoint marked
/// <see cref="ContextFreeMetadata"/> (the OAuth callback, whose state says whose flow it is) skips the resolver.
/// </summary>
internal sealed class CredentialsApiFilter(ApiContextResolver contextResolver) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        http.Response.Headers.CacheControl = "no-store";
        if (http.GetEndpoint()?.Metadata.GetMetadata<ContextFreeMetadata>() is null)
        {
            var scope = ApiScope.Resolve(http, contextResolver);
            if (scope is null)
            {
                return CredentialProblems.NoOrganization();
            }

            http.Features.Set(new ApiScopeFeature(scope.Value));
        }

        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (CredentialException ex)
        {
            LogFailure(http, ex);

            // A problem replaces whatever the handler had set (an ETag of a version that was never written).
            http.Response.Headers.ETag = default;
            http.Response.Headers.Location = default;
            return CredentialProblems.For(ex);
        }
    }

    /// <summary>Logs a library exception of a request: refusals at debug level, server-side failures as errors.</summary>
    internal static void LogFailure(HttpContext http, CredentialException ex)
    {
        var logger = http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger("Credentials.AspNetCore");
        if (logger is null)
        {
            return;
        }

        var endpoint = http.GetEndpoint()?.DisplayName;
        if (IsServerSide(ex))
        {
            Log.RequestFailedOnServer(logger, http.Request.Method, endpoint, ex.GetType().Name, ex);
        }
        else
        {
            Log.RequestRefused(logger, http.Request.Method, endpoint, ex.GetType().Name);
        }
    }

    private static bool IsServerSide(CredentialException exception) =>
        exception is not (CredentialValidationException or CredentialNotFoundException or CredentialConflictException
            or CredentialConcurrencyException or CredentialTypeMismatchException or CredentialConnectionRequiredException
            or CredentialReconnectRequiredException);

    /// <summary>Marks an endpoint that runs without the host's context resolver (no <see cref="ApiScopeFeature"/>).</summary>
    internal sealed class ContextFreeMetadata
    {
        public static readonly ContextFreeMetadata Instance = new();

        private ContextFreeMetadata()
        {
        }
    }
}
