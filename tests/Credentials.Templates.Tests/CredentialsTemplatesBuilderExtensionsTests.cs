using Microsoft.Extensions.DependencyInjection;

namespace Credentials;

/// <summary>AddCommonTemplates wiring, and how a host's own templates combine with the common ones.</summary>
public sealed class CredentialsTemplatesBuilderExtensionsTests
{
    [Fact]
    public void AddCommonTemplates_NullBuilder_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => CredentialsTemplatesBuilderExtensions.AddCommonTemplates(null!));
    }

    [Fact]
    public void AddCommonTemplates_Always_ReturnsTheSameBuilder()
    {
        var builder = new ServiceCollection().AddCredentials();
        Assert.Same(builder, builder.AddCommonTemplates());
    }

    [Fact]
    public void AddCommonTemplates_CalledTwice_ListsEachTemplateOnce()
    {
        using var provider = TestServices.Build(b => b.AddCommonTemplates().AddCommonTemplates());
        var catalog = provider.GetRequiredService<ICredentialTemplateCatalog>();
        Assert.Single(provider.GetServices<ICredentialTemplateSource>());
        Assert.Equal(CommonTemplates.All, catalog.All);
    }

    [Fact]
    public void Catalog_WithoutAddCommonTemplates_IsEmpty()
    {
        using var provider = TestServices.Build(_ => { });
        Assert.Empty(provider.GetRequiredService<ICredentialTemplateCatalog>().All);
    }

    [Fact]
    public void AddTemplate_NewId_IsAddedAfterTheCommonTemplates()
    {
        var own = TestServices.HostTemplate("internal-api");
        using var provider = TestServices.Build(b => b.AddCommonTemplates().AddTemplate(own));
        var catalog = provider.GetRequiredService<ICredentialTemplateCatalog>();

        Assert.Equal(CommonTemplates.All.Count + 1, catalog.All.Count);
        Assert.Same(own, catalog.All[^1]);
        Assert.Same(own, catalog.Find("INTERNAL-API"));
        Assert.Contains(own, catalog.Search("company"));
        Assert.Contains(own, catalog.ByCategory(CredentialCategory.McpService));
    }

    [Fact]
    public void AddTemplate_ExistingId_ReplacesItInPlace()
    {
        var index = IndexOf("anthropic");
        var replacement = TestServices.HostTemplate("anthropic", key: "CLAUDE_KEY");
        using var provider = TestServices.Build(b => b.AddCommonTemplates().AddTemplate(replacement));
        var catalog = provider.GetRequiredService<ICredentialTemplateCatalog>();

        Assert.Equal(CommonTemplates.All.Count, catalog.All.Count);
        Assert.Same(replacement, catalog.All[index]);
        Assert.Same(replacement, catalog.Find("anthropic"));
        Assert.Equal("CLAUDE_KEY", catalog.Find("anthropic")!.Key);
    }

    [Fact]
    public void AddTemplate_BeforeAddCommonTemplates_StillReplaces()
    {
        // Host templates always come after sources, whatever the order of the calls.
        var index = IndexOf("openai");
        var replacement = TestServices.HostTemplate("OpenAI", key: "OPENAI_PROXY_KEY");
        using var provider = TestServices.Build(b => b.AddTemplate(replacement).AddCommonTemplates());
        var catalog = provider.GetRequiredService<ICredentialTemplateCatalog>();

        Assert.Equal(CommonTemplates.All.Count, catalog.All.Count);
        Assert.Same(replacement, catalog.All[index]);
        Assert.Same(replacement, catalog.Find("openai"));
    }

    private static int IndexOf(string id) => CommonTemplates.All.Select(t => t.Id).ToList().IndexOf(id);
}
