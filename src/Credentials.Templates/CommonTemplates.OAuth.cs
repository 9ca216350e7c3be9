namespace Credentials;

internal sealed partial class CommonTemplates
{
    /// <summary>
    /// The endpoints and default scopes of an OAuth 2.0 authorization-code client, so a user pastes only the client id and
    /// secret and connects (ICredentialConnections.BeginAsync in Credentials.OAuth). Extra authorization parameters a
    /// provider needs (Google's access_type=offline for a refresh token) ride on the authorization endpoint's query.
    /// </summary>
    private static System.Collections.ObjectModel.ReadOnlyDictionary<string, string> OAuthClient(string authorizationEndpoint, string tokenEndpoint, string? scopes = null, string? issuer = null)
    {
        var values = new List<(string Field, string Value)>
        {
            ("grant_type", "authorization_code"),
            ("authorization_endpoint", authorizationEndpoint),
            ("token_endpoint", tokenEndpoint),
        };
        if (scopes is not null)
        {
            values.Add(("scopes", scopes));
        }

        if (issuer is not null)
        {
            values.Add(("issuer", issuer));
        }

        return Prefill([.. values]);
    }

    // OAuth 2.0 apps that a user connects in the browser; the token-based templates of the same services stay as they are.
    /// <summary>
    /// A connected app hands a child process its access token (refreshed by the vault) under the name the service's tools
    /// read, and its (public) client id: never the client secret or the refresh token.
    /// </summary>
    private static System.Collections.ObjectModel.ReadOnlyDictionary<string, string> AccessTokenAs(string variable, string clientIdVariable) =>
        Env(("client_id", clientIdVariable), ("access_token", variable));

    private static CredentialTemplate[] OAuthApps() =>
    [
        new("github-oauth", "GitHub", "GitHub OAuth App", "GITHUB_OAUTH", CredentialType.OAuth2, CredentialCategory.McpService,
            "OAuth App (or GitHub App user authorization) acting as the connecting user: paste client id and secret, then connect.",
            Docs("https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps"))
        { Prefill = OAuthClient("https://github.com/login/oauth/authorize", "https://github.com/login/oauth/access_token", "repo read:user"), EnvironmentVariables = AccessTokenAs("GITHUB_TOKEN", "GITHUB_CLIENT_ID") },
        new("slack-oauth", "Slack", "Slack App (OAuth)", "SLACK_OAUTH", CredentialType.OAuth2, CredentialCategory.McpService,
            "Slack app installed through OAuth v2: paste client id and secret, then connect to a workspace.",
            Docs("https://api.slack.com/authentication/oauth-v2"))
        { Prefill = OAuthClient("https://slack.com/oauth/v2/authorize", "https://slack.com/api/oauth.v2.access", "channels:read chat:write"), EnvironmentVariables = AccessTokenAs("SLACK_TOKEN", "SLACK_CLIENT_ID") },
        new("notion-oauth", "Notion", "Notion Public Integration (OAuth)", "NOTION_OAUTH", CredentialType.OAuth2, CredentialCategory.McpService,
            "Public Notion integration: paste its OAuth client id and secret, then connect and pick the pages to share.",
            Docs("https://developers.notion.com/docs/authorization"))
        { Prefill = OAuthClient("https://api.notion.com/v1/oauth/authorize?owner=user", "https://api.notion.com/v1/oauth/token"), EnvironmentVariables = AccessTokenAs("NOTION_TOKEN", "NOTION_CLIENT_ID") },
        new("microsoft-graph", "Microsoft 365", "Microsoft Graph (OAuth)", "MICROSOFT_GRAPH_OAUTH", CredentialType.OAuth2, CredentialCategory.McpService,
            "Entra ID app registration for Microsoft Graph (mail, calendar, files) as the signed-in user, any tenant.",
            Docs("https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow"))
        { Prefill = OAuthClient("https://login.microsoftonline.com/common/oauth2/v2.0/authorize", "https://login.microsoftonline.com/common/oauth2/v2.0/token", "offline_access User.Read Mail.Read Calendars.Read Files.Read"), EnvironmentVariables = AccessTokenAs("MICROSOFT_GRAPH_ACCESS_TOKEN", "MICROSOFT_GRAPH_CLIENT_ID") },
        new("linear-oauth", "Linear", "Linear OAuth App", "LINEAR_OAUTH", CredentialType.OAuth2, CredentialCategory.McpService,
            "Linear OAuth application acting as the connecting user.",
            Docs("https://linear.app/developers/oauth-2-0-authentication"))
        { Prefill = OAuthClient("https://linear.app/oauth/authorize", "https://api.linear.app/oauth/token", "read write"), EnvironmentVariables = AccessTokenAs("LINEAR_API_KEY", "LINEAR_CLIENT_ID") },
        new("atlassian-oauth", "Atlassian (Jira, Confluence)", "Atlassian OAuth 2.0 (3LO)", "ATLASSIAN_OAUTH", CredentialType.OAuth2, CredentialCategory.McpService,
            "Atlassian OAuth 2.0 (3LO) app for Jira and Confluence Cloud as the connecting user.",
            Docs("https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/"))
        { Prefill = OAuthClient("https://auth.atlassian.com/authorize?audience=api.atlassian.com&prompt=consent", "https://auth.atlassian.com/oauth/token", "read:jira-work read:confluence-content.all offline_access"), EnvironmentVariables = AccessTokenAs("ATLASSIAN_ACCESS_TOKEN", "ATLASSIAN_CLIENT_ID") },
    ];
}
