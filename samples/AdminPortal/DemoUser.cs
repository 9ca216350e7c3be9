using Credentials;

namespace AdminPortal;

/// <summary>
/// Who the sample's requests act for: the demo organization itself (its administrator) or a demo user, named by the
/// request. NOT authentication: any client can name any user. A real host takes the user from its sign-in (a claim).
/// </summary>
internal static class DemoUser
{
    /// <summary>The header an API client sends, such as <c>X-Demo-User: alice</c>.</summary>
    public const string Header = "X-Demo-User";

    /// <summary>The query parameter, such as <c>?demoUser=alice</c> (on an API request).</summary>
    public const string QueryParameter = "demoUser";

    /// <summary>The cookie the page sets when its "Viewing as" switch changes.</summary>
    public const string Cookie = "demo_user";

    /// <summary>
    /// The header, else the query parameter, else the cookie; none (or an empty value) is the organization's own context.
    /// A user id the library would refuse (control characters, too long) refuses the request (403) rather than falling
    /// back to the administrator.
    /// </summary>
    public static CredentialContext Context(HttpContext http, OrganizationId organization)
    {
        var user = First(http.Request.Headers[Header].ToString(), http.Request.Query[QueryParameter].ToString(), http.Request.Cookies[Cookie]);
        if (user is null)
        {
            return organization;
        }

        try
        {
            return new CredentialContext(organization, user);
        }
        catch (ArgumentException)
        {
            return default;
        }
    }

    private static string? First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrEmpty(v));
}
