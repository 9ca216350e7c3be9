// The resolver's type, in one place: the host says which organization, and which of its users if any, a request acts for.
global using ApiContextResolver = System.Func<Microsoft.AspNetCore.Http.HttpContext, Credentials.CredentialContext>;

using Microsoft.AspNetCore.Http;

namespace Credentials.AspNetCore;

/// <summary>
/// Who a request acts for, as the host's resolver says: a <see cref="CredentialContext"/>. Without a user it is the
/// organization's administrator (sees and manages every credential; listings show the shared ones unless
/// <c>includeAllUsers</c>); with a user, the shared credentials and that user's own, another user's being "not found".
/// Every endpoint passes <see cref="Context"/> on to the library, which applies those rules; the API adds none of its own.
/// </summary>
/// <param name="Context">The organization and, optionally, the user every operation of the request runs for.</param>
internal readonly record struct ApiScope(CredentialContext Context)
{
    /// <summary>The organization every operation of the request is scoped to.</summary>
    public OrganizationId Organization => Context.Organization;

    /// <summary>The user the request acts for, or null for the organization itself.</summary>
    public string? UserId => Context.UserId;

    /// <summary>Runs the host's resolver; null when it resolved no organization (the request is refused with 403).</summary>
    public static ApiScope? Resolve(HttpContext httpContext, ApiContextResolver resolver)
    {
        var context = resolver(httpContext);
        return context.Organization.Value is null ? null : new ApiScope(context);
    }
}
