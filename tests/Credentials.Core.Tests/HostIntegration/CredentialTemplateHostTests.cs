namespace Credentials.Tests.HostIntegration;

/// <summary>The host-integration properties of a template refuse what a child process or a header could not carry.</summary>
public sealed class CredentialTemplateHostTests
{
    private static CredentialTemplate Template() => new(
        "svc", "Service", "Service Key", "SERVICE_KEY", CredentialType.KeyPair, CredentialCategory.Custom, "A service.", new Uri("https://example.com/"));

    [Theory]
    [InlineData("lower_case")]
    [InlineData("1STARTS_WITH_DIGIT")]
    [InlineData("HAS-DASH")]
    [InlineData("HAS SPACE")]
    [InlineData("")]
    public void EnvironmentVariables_BadName_Throws(string name) =>
        Assert.Throws<ArgumentException>(() => Template() with { EnvironmentVariables = new Dictionary<string, string> { ["api_key"] = name } });

    [Fact]
    public void EnvironmentVariables_AreCopied()
    {
        var source = new Dictionary<string, string> { ["api_key"] = "SERVICE_ID" };
        var template = Template() with { EnvironmentVariables = source };

        source["api_key"] = "CHANGED";

        Assert.Equal("SERVICE_ID", template.EnvironmentVariables["api_key"]);
    }

    [Theory]
    [InlineData("x api key")]
    [InlineData("x-api-key:")]
    [InlineData("x-api-key\r\nInjected: 1")]
    [InlineData("")]
    public void HeaderNameAndScheme_NotAToken_Throw(string value)
    {
        Assert.Throws<ArgumentException>(() => Template() with { HeaderName = value });
        Assert.Throws<ArgumentException>(() => Template() with { HeaderScheme = value });
    }

    [Fact]
    public void Defaults_AreEmptyAndNull()
    {
        var template = Template();

        Assert.Empty(template.EnvironmentVariables);
        Assert.Null(template.HeaderName);
        Assert.Null(template.HeaderScheme);
    }
}
