namespace Credentials;

internal sealed partial class CommonTemplates
{
    // Services that agents and MCP servers call as tools: code hosting, work tracking, search, data and observability.
    private static CredentialTemplate[] McpServices() =>
    [
        // Both classic (ghp_) and fine-grained (github_pat_) tokens are in use, so no prefix is asserted.
        new("github", "GitHub", "GitHub Token", "GITHUB_TOKEN", CredentialType.ApiToken, CredentialCategory.McpService,
            "Personal access token for the GitHub API, gh and the GitHub MCP server (which reads GITHUB_PERSONAL_ACCESS_TOKEN).",
            Docs("https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens")),
        new("gitlab", "GitLab", "GitLab Token", "GITLAB_TOKEN", CredentialType.ApiToken, CredentialCategory.McpService,
            "Personal, project or group access token for the GitLab API and glab.",
            Docs("https://docs.gitlab.com/user/profile/personal_access_tokens/"))
        { SecretPrefix = "glpat-" },
        new("bitbucket", "Bitbucket", "Bitbucket Credentials", "BITBUCKET_CREDENTIALS", CredentialType.UsernamePassword, CredentialCategory.McpService,
            "Bitbucket Cloud API access: username = Atlassian account email, password = API token (or app password).",
            Docs("https://support.atlassian.com/bitbucket-cloud/docs/api-tokens/"))
        { EnvironmentVariables = Env(("username", "BITBUCKET_USERNAME"), ("password", "BITBUCKET_API_TOKEN")), HeaderScheme = "Basic" },
        new("slack", "Slack", "Slack Bot Token", "SLACK_BOT_TOKEN", CredentialType.ApiToken, CredentialCategory.McpService,
            "Bot user OAuth token of a Slack app, for the Web API and the Slack MCP server.",
            Docs("https://api.slack.com/authentication/token-types"))
        { SecretPrefix = "xoxb-" },
        // Notion issues ntn_ tokens now but older secret_ tokens still work, so no prefix is asserted.
        new("notion", "Notion", "Notion API Key", "NOTION_API_KEY", CredentialType.ApiToken, CredentialCategory.McpService,
            "Internal integration secret for the Notion API.",
            Docs("https://developers.notion.com/docs/authorization")),
        new("linear", "Linear", "Linear API Key", "LINEAR_API_KEY", CredentialType.ApiToken, CredentialCategory.McpService,
            "Personal API key for the Linear GraphQL API.",
            Docs("https://linear.app/developers/graphql"))
        { SecretPrefix = "lin_api_", HeaderName = "Authorization" },
        new("jira", "Jira", "Jira API Token", "JIRA_API_TOKEN", CredentialType.ApiToken, CredentialCategory.McpService,
            "Atlassian API token for Jira Cloud; used with the account email (JIRA_USERNAME) as basic authentication.",
            Docs("https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/")),
        new("confluence", "Confluence", "Confluence API Token", "CONFLUENCE_API_TOKEN", CredentialType.ApiToken, CredentialCategory.McpService,
            "Atlassian API token for Confluence Cloud; used with the account email (CONFLUENCE_USERNAME) as basic authentication.",
            Docs("https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/")),
        new("brave-search", "Brave Search", "Brave Search API Key", "BRAVE_API_KEY", CredentialType.ApiToken, CredentialCategory.McpService,
            "Web, news and image search through the Brave Search API and its MCP server.",
            Docs("https://api-dashboard.search.brave.com/app/documentation/web-search/get-started"))
        { HeaderName = "X-Subscription-Token" },
        new("tavily", "Tavily", "Tavily API Key", "TAVILY_API_KEY", CredentialType.ApiToken, CredentialCategory.McpService,
            "Search and extraction API built for AI agents.",
            Docs("https://docs.tavily.com/documentation/quickstart"))
        { SecretPrefix = "tvly-" },
        new("exa", "Exa", "Exa API Key", "EXA_API_KEY", CredentialType.ApiToken, CredentialCategory.McpService,
            "Neural web search and page contents for AI agents.",
            Docs("https://exa.ai/docs/get-started/quickstart"))
        { HeaderName = "x-api-key" },
        new("serpapi", "SerpApi", "SerpApi API Key", "SERPAPI_API_KEY", CredentialType.ApiToken, CredentialCategory.McpService,
            "Google and other search engine results as JSON.",
            Docs("https://serpapi.com/search-api")),
        new("firecrawl", "Firecrawl", "Firecrawl API Key", "FIRECRAWL_API_KEY", CredentialType.ApiToken, CredentialCategory.McpService,
            "Crawl and scrape websites into LLM-ready markdown.",
            Docs("https://docs.firecrawl.dev/introduction"))
        { SecretPrefix = "fc-" },
        new("browserbase", "Browserbase", "Browserbase API Key", "BROWSERBASE_API_KEY", CredentialType.ApiToken, CredentialCategory.McpService,
            "Hosted headless browsers for agents; set the project id (BROWSERBASE_PROJECT_ID) in configuration.",
            Docs("https://docs.browserbase.com/")),
        new("apify", "Apify", "Apify API Token", "APIFY_TOKEN", CredentialType.ApiToken, CredentialCategory.McpService,
            "Run Apify Actors for scraping and automation.",
            Docs("https://docs.apify.com/platform/integrations/api"))
        { SecretPrefix = "apify_api_" },
        // Restricted keys (rk_) also work; sk_ covers the secret keys most integrations are given.
        new("stripe", "Stripe", "Stripe Secret Key", "STRIPE_SECRET_KEY", CredentialType.ApiToken, CredentialCategory.McpService,
            "Secret or restricted API key for payments, billing and the Stripe agent toolkit.",
            Docs("https://docs.stripe.com/keys"))
        { SecretPrefix = "sk_" },
        new("sentry", "Sentry", "Sentry Auth Token", "SENTRY_AUTH_TOKEN", CredentialType.ApiToken, CredentialCategory.McpService,
            "Organization or user auth token for the Sentry API, CLI and MCP server.",
            Docs("https://docs.sentry.io/account/auth-tokens/")),
        new("datadog", "Datadog", "Datadog Keys", "DATADOG_CREDENTIALS", CredentialType.KeyPair, CredentialCategory.McpService,
            "Datadog API access: api_key = API key (DD_API_KEY), api_secret = application key (DD_APP_KEY).",
            Docs("https://docs.datadoghq.com/account_management/api-app-keys/"))
        { EnvironmentVariables = Env(("api_key", "DD_API_KEY"), ("api_secret", "DD_APP_KEY")) },
        new("supabase", "Supabase", "Supabase Service Role Key", "SUPABASE_SERVICE_ROLE_KEY", CredentialType.ApiToken, CredentialCategory.McpService,
            "Server-side key of a Supabase project that bypasses row-level security; never ship it to a browser.",
            Docs("https://supabase.com/docs/guides/api/api-keys")),
        new("pinecone", "Pinecone", "Pinecone API Key", "PINECONE_API_KEY", CredentialType.ApiToken, CredentialCategory.McpService,
            "API key of a Pinecone project (vector database).",
            Docs("https://docs.pinecone.io/guides/projects/manage-api-keys"))
        { HeaderName = "Api-Key" },
        new("qdrant", "Qdrant", "Qdrant API Key", "QDRANT_API_KEY", CredentialType.ApiToken, CredentialCategory.McpService,
            "API key of a Qdrant Cloud cluster (vector database); set its URL (QDRANT_URL) in configuration.",
            Docs("https://qdrant.tech/documentation/cloud/authentication/"))
        { HeaderName = "api-key" },
        new("weaviate", "Weaviate", "Weaviate API Key", "WEAVIATE_API_KEY", CredentialType.ApiToken, CredentialCategory.McpService,
            "API key of a Weaviate Cloud cluster (vector database); set its URL (WEAVIATE_URL) in configuration.",
            Docs("https://docs.weaviate.io/weaviate/connections/connect-cloud")),
        new("airtable", "Airtable", "Airtable Personal Access Token", "AIRTABLE_API_KEY", CredentialType.ApiToken, CredentialCategory.McpService,
            "Personal access token for Airtable bases (read by the Airtable MCP server as AIRTABLE_API_KEY).",
            Docs("https://airtable.com/developers/web/guides/personal-access-tokens"))
        { SecretPrefix = "pat" },
        new("hubspot", "HubSpot", "HubSpot Access Token", "HUBSPOT_ACCESS_TOKEN", CredentialType.ApiToken, CredentialCategory.McpService,
            "Access token of a HubSpot private app for the CRM APIs.",
            Docs("https://developers.hubspot.com/docs/guides/apps/private-apps/overview"))
        { SecretPrefix = "pat-" },
        new("asana", "Asana", "Asana Personal Access Token", "ASANA_ACCESS_TOKEN", CredentialType.ApiToken, CredentialCategory.McpService,
            "Personal access token for the Asana API.",
            Docs("https://developers.asana.com/docs/personal-access-token")),
        new("figma", "Figma", "Figma Personal Access Token", "FIGMA_ACCESS_TOKEN", CredentialType.ApiToken, CredentialCategory.McpService,
            "Personal access token for the Figma REST API (sent as X-Figma-Token).",
            Docs("https://developers.figma.com/docs/rest-api/personal-access-tokens/"))
        { SecretPrefix = "figd_", HeaderName = "X-Figma-Token" },
        new("google-maps", "Google Maps Platform", "Google Maps API Key", "GOOGLE_MAPS_API_KEY", CredentialType.ApiToken, CredentialCategory.McpService,
            "Geocoding, places, directions and maps, as used by the Google Maps MCP server.",
            Docs("https://developers.google.com/maps/documentation/javascript/get-api-key"))
        { SecretPrefix = "AIza" },
        new("google-workspace", "Google Workspace", "Google OAuth Client", "GOOGLE_CLIENT_SECRET", CredentialType.OAuth2, CredentialCategory.McpService,
            "OAuth client for Gmail, Drive and Calendar APIs: client_id and client_secret from Google Cloud; tokens once authorized.",
            Docs("https://developers.google.com/workspace/guides/create-credentials"))
        {
            // access_type=offline and prompt=consent: without them Google returns no refresh token.
            Prefill = OAuthClient(
                "https://accounts.google.com/o/oauth2/v2/auth?access_type=offline&prompt=consent",
                "https://oauth2.googleapis.com/token",
                "https://www.googleapis.com/auth/gmail.readonly https://www.googleapis.com/auth/drive.readonly https://www.googleapis.com/auth/calendar.readonly"),
            EnvironmentVariables = Env(("client_id", "GOOGLE_CLIENT_ID"), ("client_secret", "GOOGLE_CLIENT_SECRET"), ("access_token", "GOOGLE_ACCESS_TOKEN"), ("refresh_token", "GOOGLE_REFRESH_TOKEN")),
        },
        .. OAuthApps(),
    ];
}
