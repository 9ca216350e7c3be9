namespace Credentials.AspNetCore;

/// <summary>Options of the credentials web API (<c>services.AddCredentialsApi(o => ...)</c>). Validated at start-up.</summary>
public sealed class CredentialsApiOptions
{
    /// <summary>The default of <see cref="OAuthReturnUrl"/>: the root of the application (its path base).</summary>
    public const string DefaultOAuthReturnUrl = "~/";

    /// <summary>
    /// Where <c>GET {prefix}/oauth/callback</c> sends the browser once an OAuth 2.0 connection completed or failed: the page
    /// that shows credentials. The callback adds one non-secret query parameter, <c>connected=&lt;credential id&gt;</c> or
    /// <c>connectError=&lt;code&gt;</c>, and never passes on the authorization server's <c>code</c> or <c>state</c>.
    /// </summary>
    /// <value>
    /// <see cref="DefaultOAuthReturnUrl"/> (<c>~/</c>): the application's root. A path starting with <c>~/</c> is relative to the
    /// request's path base, one starting with <c>/</c> is taken as it is, and an absolute <c>http</c> or <c>https</c> URL sends
    /// the browser to another origin (your front end). It may have a query and a fragment of its own.
    /// </value>
    public string OAuthReturnUrl { get; set; } = DefaultOAuthReturnUrl;

    /// <summary>
    /// Whether <c>GET {prefix}/oauth/callback</c> allows anonymous requests (<c>[AllowAnonymous]</c>) even when the host secured the
    /// route group with <c>RequireAuthorization()</c>. Turn it on when the group's policy needs something a browser arriving from
    /// the authorization server does not send (an <c>Authorization</c> header, a <c>SameSite=Strict</c> cookie). The callback acts
    /// for nobody: the single-use state, bound when the flow began to the organization, the user and the credential, is what
    /// decides whose credential the tokens go to, and an unknown, used or expired state stores nothing. Read when
    /// <c>MapCredentialsApi</c> runs.
    /// </summary>
    /// <value><see langword="false"/>: the group's authorization applies to the callback as to every other route.</value>
    public bool AllowAnonymousOAuthCallback { get; set; }
}
