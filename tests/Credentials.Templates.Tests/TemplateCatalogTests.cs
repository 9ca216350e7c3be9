using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials;

/// <summary>Find, ByCategory and Search over the common templates, as a host resolves the catalog.</summary>
public sealed class TemplateCatalogTests : IDisposable
{
    private readonly ServiceProvider _provider = TestServices.Build();

    private ICredentialTemplateCatalog Catalog => _provider.GetRequiredService<ICredentialTemplateCatalog>();

    public void Dispose() => _provider.Dispose();

    [Fact]
    public void All_WithCommonTemplates_KeepsTheCatalogOrder()
    {
        Assert.Equal(CommonTemplates.All, Catalog.All);
    }

    [Property]
    public bool Find_IdInAnyCase_ReturnsTheTemplate(NonNegativeInt pick, int caseSeed)
    {
        var template = Pick(pick);
        return ReferenceEquals(template, Catalog.Find(MixCase(template.Id, caseSeed)));
    }

    [Theory]
    [InlineData("no-such-template")]
    [InlineData("")]
    [InlineData("openai ")]
    public void Find_UnknownId_ReturnsNull(string id)
    {
        Assert.Null(Catalog.Find(id));
    }

    [Fact]
    public void Find_NullId_ReturnsNull()
    {
        Assert.Null(Catalog.Find(null!));
    }

    [Property]
    public Property ByCategory_AnyCategory_ReturnsExactlyItsTemplatesInCatalogOrder() =>
        Prop.ForAll(ArbMap.Default.ArbFor<CredentialCategory>(), category =>
            Catalog.ByCategory(category).SequenceEqual(Catalog.All.Where(t => t.Category == category)));

    [Fact]
    public void ByCategory_Communication_StartsWithGmailSmtp()
    {
        var communication = Catalog.ByCategory(CredentialCategory.Communication);
        Assert.Equal("gmail-smtp", communication[0].Id);
        Assert.All(communication, t => Assert.Equal(CredentialCategory.Communication, t.Category));
    }

    [Property]
    public bool Search_AnySubstringOfAFieldInAnyCase_FindsTheTemplate(NonNegativeInt pick, NonNegativeInt field, NonNegativeInt start, PositiveInt length, int caseSeed)
    {
        var template = Pick(pick);
        string[] fields = [template.Id, template.Service, template.Name, template.Key, template.Description];
        var text = fields[field.Get % fields.Length];
        var from = start.Get % text.Length;
        var needle = text.Substring(from, Math.Min(length.Get, text.Length - from));

        // Search trims its input; a needle of only spaces means "everything", which also contains the template.
        return Catalog.Search(MixCase(needle, caseSeed)).Contains(template);
    }

    [Property]
    public bool Search_AnyText_ReturnsTheMatchingTemplatesInCatalogOrder(NonNull<string> text)
    {
        var needle = text.Get.Trim();
        var expected = needle.Length == 0
            ? Catalog.All
            : Catalog.All.Where(t => new[] { t.Id, t.Service, t.Name, t.Key, t.Description }
                .Any(f => f.Contains(needle, StringComparison.OrdinalIgnoreCase)));
        return Catalog.Search(text.Get).SequenceEqual(expected);
    }

    [Theory]
    [InlineData("OPENAI_API_KEY", "openai")]
    [InlineData("anthropic", "anthropic")]
    [InlineData("Hugging Face", "huggingface")]
    [InlineData("hf_token", "huggingface")]
    [InlineData("app password", "gmail-smtp")]
    public void Search_Text_FindsTheTemplate(string text, string id)
    {
        Assert.Contains(Catalog.Search(text), t => t.Id == id);
    }

    [Fact]
    public void Search_Smtp_ReturnsTheSmtpTemplatesInCatalogOrder()
    {
        var ids = Catalog.Search("smtp").Where(t => t.Type == CredentialType.Smtp).Select(t => t.Id);
        Assert.Equal(["gmail-smtp", "outlook-smtp", "sendgrid-smtp", "amazon-ses-smtp", "mailgun-smtp"], ids);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Search_BlankText_ReturnsAll(string text)
    {
        Assert.Equal(Catalog.All, Catalog.Search(text));
    }

    [Fact]
    public void Search_TextNoTemplateHas_ReturnsEmpty()
    {
        Assert.Empty(Catalog.Search("zz-no-such-service-zz"));
    }

    private CredentialTemplate Pick(NonNegativeInt pick) => Catalog.All[pick.Get % Catalog.All.Count];

    // Flips letters to upper or lower case from the seed, so a property covers many casings of one text.
    private static string MixCase(string text, int seed)
    {
        var random = new Random(seed);
        return string.Create(text.Length, (text, random), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = state.text[i];
                span[i] = state.random.Next(2) == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c);
            }
        });
    }
}
