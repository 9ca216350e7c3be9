using System.Text.Json;

namespace Credentials.Tests.Validation;

/// <summary>The custom JSON rules, checked through the vault: the rule is named, and no property name or value is.</summary>
public sealed class CustomJsonRulesTests : IDisposable
{
    private const string SecretName = "sk_live_51HqZx9DUPLICATE";

    private readonly TestVault _vault = TestVault.Create();

    public static TheoryData<string> Duplicates() => new(new[]
    {
        """{"NAME":1,"NAME":2}""",
        """{"o":{"x":1,"y":{"NAME":"v","NAME":"w"}}}""",
        """{"list":[{"k":1},{"NAME":1,"NAME":2}]}""",
        """{"NAME":{"NAME":1},"NAME":3}""",
    }.Select(json => json.Replace("NAME", SecretName, StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(Duplicates))]
    public async Task Create_DuplicateSecretPropertyName_IsRefusedWithoutNamingIt(string json)
    {
        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() =>
            _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("Custom", "CUSTOM", CredentialCategory.Custom, Json(json))));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("value", error.Field);
        Assert.Contains("same property name twice", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("DUPLICATE", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("DUPLICATE", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Duplicates))]
    public async Task CreateFromForm_DuplicateSecretPropertyName_IsRefusedWithoutNamingIt(string json)
    {
        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() => _vault.Forms.CreateAsync(
            TestVault.Acme,
            CredentialType.Custom,
            new Dictionary<string, string?> { ["name"] = "Custom", ["key"] = "CUSTOM", ["category"] = "custom", ["value"] = json }));

        Assert.Contains(ex.Errors, e => e.Field == "value" && e.Message.Contains("same property name twice", StringComparison.Ordinal));
        Assert.DoesNotContain("DUPLICATE", ex.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(32, true)]
    [InlineData(33, false)]
    public void Check_NestingAtAndPastTheLimit_IsAcceptedThenRefused(int levels, bool accepted)
    {
        // Objects and arrays both count as a level; the outermost object is level 1.
        var json = string.Concat(Enumerable.Repeat("{\"a\":[", levels / 2)) + (levels % 2 == 1 ? "{}" : "1")
            + string.Concat(Enumerable.Repeat("]}", levels / 2));
        var errors = new List<CredentialValidationError>();

        CustomJsonRules.Check(Json(json).Value, errors);

        Assert.Equal(accepted, errors.Count == 0);
        if (!accepted)
        {
            Assert.Contains("nested at most 32 levels deep", Assert.Single(errors).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Check_SameNameInSiblingObjects_IsAccepted()
    {
        var errors = new List<CredentialValidationError>();

        CustomJsonRules.Check(Json("""{"a":{"k":1},"b":{"k":2},"list":[{"k":1},{"k":2}]}""").Value, errors);

        Assert.Empty(errors);
    }

    // Parsed the way a caller building a Custom from its own JsonElement would: duplicates and depth allowed.
    private static Custom Json(string json) => new(JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 }).RootElement.Clone());

    public void Dispose() => _vault.Dispose();
}
