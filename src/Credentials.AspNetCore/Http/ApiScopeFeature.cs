using Microsoft.AspNetCore.Http;

namespace Credentials.AspNetCore;

/// <summary>The request's resolved <see cref="ApiScope"/>, set by <see cref="CredentialsApiFilter"/>.</summary>
/// <param name="Scope">The scope.</param>
internal sealed record ApiScopeFeature(ApiScope Scope)
{
    public static ApiScope Of(HttpContext httpContext) =>
        httpContext.Features.Get<ApiScopeFeature>()?.Scope
        ?? throw new InvalidOperationException("The credentials API filter did not run for this endpoint.");
}
