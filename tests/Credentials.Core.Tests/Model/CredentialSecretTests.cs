using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Credentials.Tests.Model;

public class CredentialSecretTests
{
    private static Gen<string> Marked => SecretGenerators.Text.Select(s => "§" + s + "§");

    [Property(MaxTest = 300)]
    public Property ToString_AnySecret_ShowsNoFieldValue()
    {
        var secrets = Gen.OneOf(
            Marked.Select(t => (CredentialSecret)new ApiToken(t)),
            Marked.Two().Select(p => (CredentialSecret)new KeyPair(p.Item1, p.Item2)),
            Marked.Two().Select(p => (CredentialSecret)new UsernamePassword(p.Item1, p.Item2)),
            Marked.Three().Select(p => (CredentialSecret)new Smtp(p.Item1, 25, p.Item2, p.Item3, SmtpEncryption.StartTls)),
            Marked.Four().Select(p => (CredentialSecret)new OAuth2(p.Item1, p.Item2, p.Item3, p.Item4)),
            Marked.Three().Select(p => (CredentialSecret)new SshKey(p.Item1, p.Item2, p.Item3)),
            Marked.Select(t => (CredentialSecret)Custom.Parse(JsonSerializer.Serialize(new Dictionary<string, string> { ["k"] = t }))));

        return Prop.ForAll(secrets.ToArbitrary(), secret =>
        {
            var text = secret.ToString();
            var update = new CredentialUpdate { Secret = secret }.ToString();
            var created = new NewCredential("n", "K", CredentialCategory.Custom, secret).ToString();
            return !text.Contains('§') && !update.Contains('§') && !created.Contains('§');
        });
    }

    [Fact]
    public void ToString_ApiToken_NamesTypeAndHidesValue()
    {
        Assert.Equal("ApiToken { Token = *** }", new ApiToken("sk-secret").ToString());
        Assert.Equal("OAuth2 { ClientId = ***, ClientSecret = ***, AccessToken = (empty), RefreshToken = (empty), TokenEndpoint = (empty), ExpiresAt = (empty) }", new OAuth2("id", "secret").ToString());
    }

    [Property(Arbitrary = [typeof(SecretGenerators)], MaxTest = 300)]
    public bool Json_AnySecret_RoundTripsThroughSourceGeneratedContext(CredentialSecret secret)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(secret, CredentialJsonContext.Default.CredentialSecret);
        var back = JsonSerializer.Deserialize(json, CredentialJsonContext.Default.CredentialSecret);
        return secret.Equals(back);
    }

    [Fact]
    public void Json_Smtp_UsesWireNamesAndDiscriminator()
    {
        var json = JsonSerializer.Serialize<CredentialSecret>(
            new Smtp("smtp.example.com", 587, "me", "pw", SmtpEncryption.StartTls), CredentialJsonContext.Default.CredentialSecret);

        Assert.Equal("""{"type":"smtp","host":"smtp.example.com","port":587,"username":"me","password":"pw","encryption":"starttls"}""", json);
    }

    [Fact]
    public void Json_KeyPairAndOAuth_UseSnakeCaseWireNames()
    {
        var pair = JsonSerializer.Serialize<CredentialSecret>(new KeyPair("k", "s"), CredentialJsonContext.Default.CredentialSecret);
        var oauth = JsonSerializer.Serialize<CredentialSecret>(new OAuth2("i", "s", "a", "r"), CredentialJsonContext.Default.CredentialSecret);

        Assert.Equal("""{"type":"key_pair","api_key":"k","api_secret":"s"}""", pair);
        Assert.Equal("""{"type":"oauth2","client_id":"i","client_secret":"s","access_token":"a","refresh_token":"r"}""", oauth);
    }

    [Fact]
    public void Json_UnknownDiscriminator_Throws()
    {
        Assert.ThrowsAny<JsonException>(() =>
            JsonSerializer.Deserialize("""{"type":"nope","token":"x"}""", CredentialJsonContext.Default.CredentialSecret));
    }

    [Theory]
    [InlineData(CredentialCategory.LlmProvider, "llm_provider")]
    [InlineData(CredentialCategory.McpService, "mcp_service")]
    [InlineData(CredentialCategory.Runtime, "runtime")]
    [InlineData(CredentialCategory.Communication, "communication")]
    [InlineData(CredentialCategory.Custom, "custom")]
    public void WireNames_Category_MatchSeed(CredentialCategory category, string wire)
    {
        Assert.Equal(wire, category.ToWireName());
        Assert.True(CredentialWireNames.TryParseCategory(wire, out var parsed));
        Assert.Equal(category, parsed);
        Assert.Equal($"\"{wire}\"", JsonSerializer.Serialize(category, CredentialJsonContext.Default.Options));
    }

    [Fact]
    public void WireNames_EveryType_RoundTrips()
    {
        foreach (var type in Enum.GetValues<CredentialType>())
        {
            Assert.True(CredentialWireNames.TryParseType(type.ToWireName(), out var parsed));
            Assert.Equal(type, parsed);
        }

        Assert.False(CredentialWireNames.TryParseType("API_TOKEN", out _));
    }

    [Fact]
    public void CredentialId_ParseToString_RoundTrips()
    {
        var id = CredentialId.New();
        Assert.Equal(id, CredentialId.Parse(id.ToString()));
        Assert.False(CredentialId.TryParse("not-an-id", out _));
        Assert.Throws<FormatException>(() => CredentialId.Parse("zz"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("a\nb")]
    public void OrganizationId_Invalid_Throws(string value) =>
        Assert.ThrowsAny<ArgumentException>(() => new OrganizationId(value));

    [Fact]
    public void OrganizationId_TooLong_Throws() =>
        Assert.Throws<ArgumentException>(() => new OrganizationId(new string('a', OrganizationId.MaxLength + 1)));
}
