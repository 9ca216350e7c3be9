using Microsoft.Extensions.DependencyInjection;

namespace Credentials;

/// <summary>What the catalog tells a child process's environment and an HttpClient.</summary>
public sealed partial class CommonTemplatesTests
{
    public static TheoryData<string> MultiValueTemplates() =>
        [.. CommonTemplates.All.Where(t => !t.Type.IsSingleValue()).Select(t => t.Id)];

    [Theory]
    [MemberData(nameof(MultiValueTemplates))]
    public void EveryMultiValueTemplate_DeclaresItsEnvironmentVariables(string id)
    {
        var template = CommonTemplates.All.Single(t => t.Id == id);
        var fields = new ServiceCollection().AddCredentials().Services.BuildServiceProvider()
            .GetRequiredService<ICredentialSchemas>().Get(template.Type).Fields;

        Assert.NotEmpty(template.EnvironmentVariables);
        Assert.All(template.EnvironmentVariables.Keys, field => Assert.Contains(fields, f => f.Name == field));
        Assert.All(fields.Where(f => f.Required), f => Assert.Contains(f.Name, template.EnvironmentVariables.Keys));
        Assert.Equal(template.EnvironmentVariables.Count, template.EnvironmentVariables.Values.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void EnvironmentVariables_AreValidNamesEverywhere() =>
        Assert.All(CommonTemplates.All.SelectMany(t => t.EnvironmentVariables.Values), name => Assert.Matches("^[A-Z_][A-Z0-9_]*$", name));

    [Theory]
    [InlineData("aws", "api_key", "AWS_ACCESS_KEY_ID")]
    [InlineData("aws", "api_secret", "AWS_SECRET_ACCESS_KEY")]
    [InlineData("twilio", "api_key", "TWILIO_ACCOUNT_SID")]
    [InlineData("datadog", "api_secret", "DD_APP_KEY")]
    [InlineData("azure", "client_id", "AZURE_CLIENT_ID")]
    [InlineData("gmail-smtp", "password", "SMTP_PASSWORD")]
    [InlineData("ssh-deploy-key", "private_key", "DEPLOY_SSH_KEY")]
    [InlineData("google-cloud", "value", "GOOGLE_CREDENTIALS")]
    public void EnvironmentVariables_UseTheNamesTheToolsRead(string id, string field, string variable) =>
        Assert.Equal(variable, CommonTemplates.All.Single(t => t.Id == id).EnvironmentVariables[field]);

    [Fact]
    public void GoogleCloud_NeverPutsJsonWhereAPathIsExpected() =>
        Assert.DoesNotContain("GOOGLE_APPLICATION_CREDENTIALS", CommonTemplates.All.Single(t => t.Id == "google-cloud").EnvironmentVariables.Values);

    [Theory]
    [InlineData("anthropic", "x-api-key", null)]
    [InlineData("azure-openai", "api-key", null)]
    [InlineData("figma", "X-Figma-Token", null)]
    [InlineData("deepgram", null, "Token")]
    [InlineData("discord", null, "Bot")]
    [InlineData("twilio", null, "Basic")]
    [InlineData("openai", null, null)]
    [InlineData("github", null, null)]
    public void HttpHeaders_FollowEachServicesDocs(string id, string? header, string? scheme)
    {
        var template = CommonTemplates.All.Single(t => t.Id == id);

        Assert.Equal(header, template.HeaderName);
        Assert.Equal(scheme, template.HeaderScheme);
    }

    [Fact]
    public void KeyPairHeaders_AreOnlyBasic() =>
        Assert.All(
            CommonTemplates.All.Where(t => t.Type == CredentialType.KeyPair && (t.HeaderName ?? t.HeaderScheme) is not null),
            t => Assert.Equal(("Basic", null), (t.HeaderScheme, t.HeaderName)));
}
