using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials;

/// <summary>The curated data itself: every template must be one a consumer can rely on.</summary>
public sealed partial class CommonTemplatesTests
{
    private static readonly IReadOnlyList<CredentialTemplate> Templates = new CommonTemplates().GetTemplates().ToList();

    public static TheoryData<string> TemplateIds() => [.. Templates.Select(t => t.Id)];

    [Fact]
    public void GetTemplates_Always_HasAtLeastSixtyTemplates()
    {
        Assert.True(Templates.Count >= 60, $"The catalog has {Templates.Count} templates; it should have at least 60.");
    }

    [Fact]
    public void GetTemplates_Always_HasUniqueIds()
    {
        // The catalog looks ids up case-insensitively, so two ids differing only in case would shadow each other.
        var duplicates = Templates.GroupBy(t => t.Id, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(duplicates);
    }

    [Fact]
    public void GetTemplates_Always_HasUniqueKeys()
    {
        // A key is unique within an organization: two templates with one key could never both be created.
        var duplicates = Templates.GroupBy(t => t.Key, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(duplicates);
    }

    [Fact]
    public void GetTemplates_CalledTwice_ReturnsSameTemplatesInSameOrder()
    {
        Assert.Equal(Templates, new CommonTemplates().GetTemplates());
    }

    [Fact]
    public void GetTemplates_Always_IsGroupedByCategoryInCatalogOrder()
    {
        // llm_provider, mcp_service, runtime, communication: the order a catalog UI shows its sections in.
        var categories = Templates.Select(t => t.Category).ToList();
        Assert.Equal(categories.Order(), categories);
        Assert.Equal(
            [CredentialCategory.LlmProvider, CredentialCategory.McpService, CredentialCategory.Runtime, CredentialCategory.Communication],
            categories.Distinct());
    }

    [Theory]
    [MemberData(nameof(TemplateIds))]
    public void Template_Id_IsLowerCaseSlug(string id)
    {
        Assert.Matches(IdRule(), id);
    }

    [Theory]
    [MemberData(nameof(TemplateIds))]
    public void Template_Key_FollowsTheKeyRule(string id)
    {
        var key = Get(id).Key;
        Assert.Matches(KeyRule(), key);
        Assert.InRange(key.Length, 1, 128);
    }

    [Theory]
    [MemberData(nameof(TemplateIds))]
    public void Template_TypeAndCategory_AreDefined(string id)
    {
        var template = Get(id);
        Assert.True(Enum.IsDefined(template.Type), $"{id}: type {template.Type} is not defined.");
        Assert.True(Enum.IsDefined(template.Category), $"{id}: category {template.Category} is not defined.");
        Assert.NotEqual(CredentialCategory.Custom, template.Category);
    }

    [Theory]
    [MemberData(nameof(TemplateIds))]
    public void Template_Texts_AreNonEmptySingleLines(string id)
    {
        var template = Get(id);
        foreach (var (name, value) in new[] { ("service", template.Service), ("name", template.Name), ("description", template.Description) })
        {
            Assert.False(string.IsNullOrWhiteSpace(value), $"{id}: {name} is blank.");
            Assert.Equal(value.Trim(), value);
            Assert.DoesNotContain(value, char.IsControl);
        }

        // The vault's own limit for names, so the default name is always accepted.
        Assert.InRange(template.Name.Length, 1, 200);
    }

    [Theory]
    [MemberData(nameof(TemplateIds))]
    public void Template_DocumentationUrl_IsAbsoluteWellFormedHttps(string id)
    {
        var url = Get(id).DocumentationUrl;
        Assert.True(url.IsAbsoluteUri, $"{id}: {url} is not absolute.");
        Assert.Equal(Uri.UriSchemeHttps, url.Scheme);
        Assert.True(Uri.IsWellFormedUriString(url.OriginalString, UriKind.Absolute), $"{id}: {url} is not well formed.");
        Assert.False(string.IsNullOrEmpty(url.Host), $"{id}: {url} has no host.");
    }

    [Theory]
    [MemberData(nameof(TemplateIds))]
    public void Template_SecretPrefix_IsNullOrNonBlankWithoutWhitespace(string id)
    {
        var prefix = Get(id).SecretPrefix;
        if (prefix is not null)
        {
            Assert.NotEmpty(prefix);
            Assert.DoesNotContain(prefix, char.IsWhiteSpace);
        }
    }

    [Theory]
    [MemberData(nameof(TemplateIds))]
    public void Template_Prefill_OnlyHoldsValidNonSecretFieldsOfItsType(string id)
    {
        var template = Get(id);
        using var provider = TestServices.Build();
        var schema = provider.GetRequiredService<ICredentialSchemas>().Get(template.Type);
        foreach (var (field, value) in template.Prefill)
        {
            var definition = schema.FindField(field);
            Assert.True(definition is not null, $"{id}: '{field}' is not a field of {template.Type.ToWireName()}.");
            Assert.False(definition.Secret, $"{id}: '{field}' is secret and must never be pre-filled.");
            Assert.False(string.IsNullOrWhiteSpace(value), $"{id}: the value of '{field}' is blank.");
            switch (definition.InputKind)
            {
                case FieldInputKind.Number when field == "port":
                    Assert.True(
                        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535,
                        $"{id}: port '{value}' is not a whole number from 1 to 65535.");
                    break;
                case FieldInputKind.Select:
                    Assert.Contains(value, definition.Options);
                    break;
            }
        }
    }

    [Theory]
    [InlineData("gmail-smtp", "smtp.gmail.com")]
    [InlineData("outlook-smtp", "smtp.office365.com")]
    [InlineData("amazon-ses-smtp", "email-smtp.us-east-1.amazonaws.com")]
    [InlineData("sendgrid-smtp", "smtp.sendgrid.net")]
    [InlineData("mailgun-smtp", "smtp.mailgun.org")]
    public void SmtpTemplate_Prefill_IsHostOnPort587WithStartTls(string id, string host)
    {
        var template = Get(id);
        Assert.Equal(CredentialType.Smtp, template.Type);
        Assert.Equal(host, template.Prefill["host"]);
        Assert.Equal("587", template.Prefill["port"]);
        Assert.Equal("starttls", template.Prefill["encryption"]);
    }

    [Fact]
    public void SendGridSmtp_Prefill_UsesTheLiteralApikeyUserName()
    {
        Assert.Equal("apikey", Get("sendgrid-smtp").Prefill["username"]);
    }

    [Fact]
    public void Prefill_OfSharedTemplates_CannotBeChangedByCasting()
    {
        // Templates are shared by every catalog in the process; a host must not be able to alter them for everyone.
        Assert.All(Templates.Where(t => t.Prefill.Count > 0), t => Assert.False(t.Prefill is IDictionary<string, string> { IsReadOnly: false }));
    }

    private static CredentialTemplate Get(string id) => Templates.Single(t => t.Id == id);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdRule();

    [GeneratedRegex("^[A-Z][A-Z0-9_]*$")]
    private static partial Regex KeyRule();
}
