// The resolver's type, in one place: when CredentialContext (organization and user) lands, this alias becomes
// Func<HttpContext, CredentialContext>, ApiScope below carries the context, and nothing else changes shape.
global using ApiContextResolver = System.Func<Microsoft.AspNetCore.Http.HttpContext, Credentials.OrganizationId>;

using Microsoft.AspNetCore.Http;

namespace Credentials.AspNetCore;

/// <summary>
/// Who a request acts for, as the host's resolver says. The one place that knows the resolver's type: today it gives the
/// <see cref="OrganizationId"/>; when <c>CredentialContext</c> (organization and user) lands, the resolver's type, this
/// struct and <see cref="Resolve"/> change, and the endpoints pass <see cref="Organization"/> (or the whole context) on.
/// </summary>
/// <param name="Organization">The organization every operation of the request is scoped to.</param>
internal readonly record struct ApiScope(OrganizationId Organization)
{
    /// <summary>Runs the host's resolver; null when it resolved no organization (the request is refused with 403).</summary>
    public static ApiScope? Resolve(HttpContext httpContext, ApiContextResolver resolver)
    {
        var organization = resolver(httpContext);
        return organization.Value is null ? null : new ApiScope(organization);
    }
}
