using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Credentials.Tests.Model;

/// <summary>Custom.Parse: everything in the text is secret, so a parse error states the rule and quotes nothing.</summary>
public class CustomParseTests
{
    private const string Secret = "sk_live_51HqZx9SECRET";

    public static TheoryData<string> HostileTexts() => new(new[]
    {
        """{"api_key": SECRET}""",
        """{"SECRET": tru}""",
        """{"api_key": "SECRET",}""",
        """{"api_key": "SECRET" "other": 1}""",
        "{\"SECRET\"",
        "\"SECRET",
        "SECRET",
        string.Concat(Enumerable.Repeat("{\"SECRET\":", 40)) + "1" + new string('}', 40),
    }.Select(json => json.Replace("SECRET", Secret, StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(HostileTexts))]
    public void Parse_InvalidJson_ThrowsValidationErrorOnValueQuotingNothing(string json)
    {
        var ex = Assert.Throws<CredentialValidationException>(() => Custom.Parse(json));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("value", error.Field);
        Assert.StartsWith("must be valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Null(ex.InnerException);
        Assert.DoesNotContain("SECRET", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("api_key", ex.ToString(), StringComparison.Ordinal);
    }

    [Property(MaxTest = 200)]
    public Property Parse_AnyBrokenJson_NeverQuotesTheInput()
    {
        // An unquoted marked value: the parser stops on its first character, which its own message would quote.
        var texts = SecretGenerators.Text.Select(s => "{\"k\": §" + s + "§}");

        return Prop.ForAll(texts.ToArbitrary(), json =>
        {
            try
            {
                Custom.Parse(json);
                return false;
            }
            catch (CredentialValidationException ex)
            {
                return !ex.ToString().Contains('§', StringComparison.Ordinal);
            }
        });
    }

    [Fact]
    public void Parse_ValidJsonThatBreaksAStoredValueRule_StillParses()
    {
        // The rules of a stored value (an object, no name twice) are the validator's, reported on save.
        Assert.Equal(JsonValueKindArray, Custom.Parse("[1,2]").Value.ValueKind);
        Assert.Equal(2, Custom.Parse("""{"a":1,"a":2}""").Value.EnumerateObject().Count());
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNullException() =>
        Assert.Throws<ArgumentNullException>(() => Custom.Parse(null!));

    private const System.Text.Json.JsonValueKind JsonValueKindArray = System.Text.Json.JsonValueKind.Array;
}
