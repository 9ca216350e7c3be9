namespace Credentials;

/// <summary>The services the issue names are in the catalog, under the key their own docs or SDK read.</summary>
public sealed partial class CommonTemplatesTests
{
    [Theory]
    [InlineData("openai", "OPENAI_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider)]
    [InlineData("anthropic", "ANTHROPIC_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider)]
    [InlineData("gemini", "GEMINI_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider)]
    [InlineData("azure-openai", "AZURE_OPENAI_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider)]
    [InlineData("aws-bedrock", "AWS_BEARER_TOKEN_BEDROCK", CredentialType.ApiToken, CredentialCategory.LlmProvider)]
    [InlineData("mistral", "MISTRAL_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider)]
    [InlineData("cohere", "COHERE_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider)]
    [InlineData("groq", "GROQ_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider)]
    [InlineData("together", "TOGETHER_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider)]
    [InlineData("fireworks", "FIREWORKS_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider)]
    [InlineData("deepseek", "DEEPSEEK_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider)]
    [InlineData("xai", "XAI_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider)]
    [InlineData("perplexity", "PERPLEXITY_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider)]
    [InlineData("openrouter", "OPENROUTER_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider)]
    [InlineData("huggingface", "HF_TOKEN", CredentialType.ApiToken, CredentialCategory.LlmProvider)]
    [InlineData("replicate", "REPLICATE_API_TOKEN", CredentialType.ApiToken, CredentialCategory.LlmProvider)]
    [InlineData("github", "GITHUB_TOKEN", CredentialType.ApiToken, CredentialCategory.McpService)]
    [InlineData("gitlab", "GITLAB_TOKEN", CredentialType.ApiToken, CredentialCategory.McpService)]
    [InlineData("slack", "SLACK_BOT_TOKEN", CredentialType.ApiToken, CredentialCategory.McpService)]
    [InlineData("notion", "NOTION_API_KEY", CredentialType.ApiToken, CredentialCategory.McpService)]
    [InlineData("linear", "LINEAR_API_KEY", CredentialType.ApiToken, CredentialCategory.McpService)]
    [InlineData("jira", "JIRA_API_TOKEN", CredentialType.ApiToken, CredentialCategory.McpService)]
    [InlineData("confluence", "CONFLUENCE_API_TOKEN", CredentialType.ApiToken, CredentialCategory.McpService)]
    [InlineData("brave-search", "BRAVE_API_KEY", CredentialType.ApiToken, CredentialCategory.McpService)]
    [InlineData("tavily", "TAVILY_API_KEY", CredentialType.ApiToken, CredentialCategory.McpService)]
    [InlineData("exa", "EXA_API_KEY", CredentialType.ApiToken, CredentialCategory.McpService)]
    [InlineData("serpapi", "SERPAPI_API_KEY", CredentialType.ApiToken, CredentialCategory.McpService)]
    [InlineData("firecrawl", "FIRECRAWL_API_KEY", CredentialType.ApiToken, CredentialCategory.McpService)]
    [InlineData("stripe", "STRIPE_SECRET_KEY", CredentialType.ApiToken, CredentialCategory.McpService)]
    [InlineData("sentry", "SENTRY_AUTH_TOKEN", CredentialType.ApiToken, CredentialCategory.McpService)]
    [InlineData("datadog", "DATADOG_CREDENTIALS", CredentialType.KeyPair, CredentialCategory.McpService)]
    [InlineData("supabase", "SUPABASE_SERVICE_ROLE_KEY", CredentialType.ApiToken, CredentialCategory.McpService)]
    [InlineData("pinecone", "PINECONE_API_KEY", CredentialType.ApiToken, CredentialCategory.McpService)]
    [InlineData("qdrant", "QDRANT_API_KEY", CredentialType.ApiToken, CredentialCategory.McpService)]
    [InlineData("weaviate", "WEAVIATE_API_KEY", CredentialType.ApiToken, CredentialCategory.McpService)]
    [InlineData("aws", "AWS_CREDENTIALS", CredentialType.KeyPair, CredentialCategory.Runtime)]
    [InlineData("google-cloud", "GOOGLE_APPLICATION_CREDENTIALS", CredentialType.Custom, CredentialCategory.Runtime)]
    [InlineData("azure", "AZURE_CLIENT_SECRET", CredentialType.OAuth2, CredentialCategory.Runtime)]
    [InlineData("cloudflare", "CLOUDFLARE_API_TOKEN", CredentialType.ApiToken, CredentialCategory.Runtime)]
    [InlineData("vercel", "VERCEL_TOKEN", CredentialType.ApiToken, CredentialCategory.Runtime)]
    [InlineData("fly", "FLY_API_TOKEN", CredentialType.ApiToken, CredentialCategory.Runtime)]
    [InlineData("docker-hub", "DOCKERHUB_CREDENTIALS", CredentialType.UsernamePassword, CredentialCategory.Runtime)]
    [InlineData("ssh-deploy-key", "DEPLOY_SSH_KEY", CredentialType.SshKey, CredentialCategory.Runtime)]
    [InlineData("e2b", "E2B_API_KEY", CredentialType.ApiToken, CredentialCategory.Runtime)]
    [InlineData("modal", "MODAL_TOKEN", CredentialType.KeyPair, CredentialCategory.Runtime)]
    [InlineData("gmail-smtp", "GMAIL_SMTP", CredentialType.Smtp, CredentialCategory.Communication)]
    [InlineData("outlook-smtp", "OUTLOOK_SMTP", CredentialType.Smtp, CredentialCategory.Communication)]
    [InlineData("amazon-ses-smtp", "AMAZON_SES_SMTP", CredentialType.Smtp, CredentialCategory.Communication)]
    [InlineData("sendgrid", "SENDGRID_API_KEY", CredentialType.ApiToken, CredentialCategory.Communication)]
    [InlineData("sendgrid-smtp", "SENDGRID_SMTP", CredentialType.Smtp, CredentialCategory.Communication)]
    [InlineData("mailgun", "MAILGUN_API_KEY", CredentialType.ApiToken, CredentialCategory.Communication)]
    [InlineData("mailgun-smtp", "MAILGUN_SMTP", CredentialType.Smtp, CredentialCategory.Communication)]
    [InlineData("postmark", "POSTMARK_SERVER_TOKEN", CredentialType.ApiToken, CredentialCategory.Communication)]
    [InlineData("twilio", "TWILIO_CREDENTIALS", CredentialType.KeyPair, CredentialCategory.Communication)]
    [InlineData("discord", "DISCORD_BOT_TOKEN", CredentialType.ApiToken, CredentialCategory.Communication)]
    [InlineData("telegram", "TELEGRAM_BOT_TOKEN", CredentialType.ApiToken, CredentialCategory.Communication)]
    public void RequiredService_IsInTheCatalog_WithItsKeyTypeAndCategory(string id, string key, CredentialType type, CredentialCategory category)
    {
        var template = Templates.SingleOrDefault(t => t.Id == id);
        Assert.True(template is not null, $"The catalog has no template '{id}'.");
        Assert.Equal(key, template.Key);
        Assert.Equal(type, template.Type);
        Assert.Equal(category, template.Category);
    }

    [Theory]
    [InlineData("openai", "sk-")]
    [InlineData("anthropic", "sk-ant-")]
    [InlineData("slack", "xoxb-")]
    [InlineData("stripe", "sk_")]
    [InlineData("groq", "gsk_")]
    [InlineData("huggingface", "hf_")]
    [InlineData("openrouter", "sk-or-")]
    [InlineData("replicate", "r8_")]
    [InlineData("tavily", "tvly-")]
    [InlineData("sendgrid", "SG.")]
    [InlineData("gitlab", "glpat-")]
    [InlineData("linear", "lin_api_")]
    [InlineData("perplexity", "pplx-")]
    [InlineData("xai", "xai-")]
    public void KnownPrefix_IsSetOnTheTemplate(string id, string prefix)
    {
        Assert.Equal(prefix, Get(id).SecretPrefix);
    }

    [Fact]
    public void GitHub_SecretPrefix_IsNullBecauseClassicAndFineGrainedTokensDiffer()
    {
        Assert.Null(Get("github").SecretPrefix);
    }
}
