using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Web;

namespace Credentials.Tests.Checks;

public sealed class SecretScrubberTests
{
    private const string Secret = "pä ss/wörd+😀&=\"<'>\\:~*";

    /// <summary>Every encoding the scrubber promises, each computed here with the BCL call a server or client would use.</summary>
    public static readonly (string Name, Func<string, string> Encode)[] Encodings =
    [
        ("plain", s => s),
        ("base64", s => Convert.ToBase64String(Utf8(s))),
        ("base64 without padding", s => Convert.ToBase64String(Utf8(s)).TrimEnd('=')),
        ("base64url with padding", s => Convert.ToBase64String(Utf8(s)).Replace('+', '-').Replace('/', '_')),
        ("base64url", s => Convert.ToBase64String(Utf8(s)).Replace('+', '-').Replace('/', '_').TrimEnd('=')),
        ("hex lower", s => Convert.ToHexStringLower(Utf8(s))),
        ("hex upper", s => Convert.ToHexString(Utf8(s))),
        ("Uri.EscapeDataString", Uri.EscapeDataString),
        ("WebUtility.UrlEncode", s => WebUtility.UrlEncode(s)),
        ("HttpUtility.UrlEncode (lower-case escapes)", s => HttpUtility.UrlEncode(s)),
        ("JSON", s => JsonSerializer.Serialize(s)[1..^1]),
        ("JSON relaxed", s => JsonSerializer.Serialize(s, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping })[1..^1]),
    ];

    public static TheoryData<string> EncodingNames() => [.. Encodings.Select(e => e.Name)];

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    public static string Encode(string name, string value) => Encodings.Single(e => e.Name == name).Encode(value);

    [Theory]
    [MemberData(nameof(EncodingNames))]
    public void Scrub_MessageWithAnEncodingOfTheSecret_IsMasked(string encoding)
    {
        var encoded = Encode(encoding, Secret);
        var result = CredentialCheckResult.Failure($"server said: {encoded} (535)", "password");

        var scrubbed = SecretScrubber.Scrub(result, new ApiToken(Secret));

        Assert.Equal($"server said: {SecretScrubber.Mask} (535)", scrubbed.Message);
        Assert.Equal("password", scrubbed.Field);
    }

    [Fact]
    public void Scrub_EveryStringPropertyOfTheResult_IsMasked()
    {
        // Reflection, so that a string property added to the result later must be scrubbed too.
        var properties = typeof(CredentialCheckResult).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(string)).ToArray();
        var result = CredentialCheckResult.Failure("m");
        foreach (var property in properties)
        {
            property.SetValue(result, $"{property.Name}: {Secret} / {Convert.ToBase64String(Utf8(Secret))}");
        }

        var scrubbed = SecretScrubber.Scrub(result, new UsernamePassword("mailer", Secret));

        Assert.Superset(new HashSet<string> { "Message", "Field", "Check" }, properties.Select(p => p.Name).ToHashSet());
        foreach (var property in properties)
        {
            Assert.Equal($"{property.Name}: {SecretScrubber.Mask} / {SecretScrubber.Mask}", property.GetValue(scrubbed));
        }
    }

    [Fact]
    public void Scrub_NullFieldAndCheck_StayNull()
    {
        var scrubbed = SecretScrubber.Scrub(CredentialCheckResult.Success("ok"), new ApiToken(Secret));

        Assert.Equal(CredentialCheckResult.Success("ok"), scrubbed);
    }

    [Theory]
    [InlineData("\0mailer@example.com\0s3cret-Passw0rd!")]
    [InlineData("mailer@example.com\0mailer@example.com\0s3cret-Passw0rd!")]
    [InlineData("mailer@example.com:s3cret-Passw0rd!")]
    public void Scrub_SmtpAuthPlainOrBasic_IsMaskedInBase64(string sent)
    {
        var smtp = new Smtp("smtp.example.com", 587, "mailer@example.com", "s3cret-Passw0rd!", SmtpEncryption.StartTls);
        var base64 = Convert.ToBase64String(Utf8(sent));

        var scrubbed = SecretScrubber.Scrub(CredentialCheckResult.Failure($"C: AUTH PLAIN {base64}\r\nS: 535"), smtp);

        Assert.Equal($"C: AUTH PLAIN {SecretScrubber.Mask}\r\nS: 535", scrubbed.Message);
    }

    [Fact]
    public void Scrub_SmtpAuthLogin_PasswordLineIsMaskedAndUserNameLineKept()
    {
        var smtp = new Smtp("smtp.example.com", 587, "mailer@example.com", "s3cret-Passw0rd!", SmtpEncryption.StartTls);
        var user = Convert.ToBase64String(Utf8("mailer@example.com"));
        var password = Convert.ToBase64String(Utf8("s3cret-Passw0rd!"));

        var scrubbed = SecretScrubber.Scrub(CredentialCheckResult.Failure($"C: {user}\r\nC: {password}\r\nS: 535"), smtp);

        Assert.Equal($"C: {user}\r\nC: {SecretScrubber.Mask}\r\nS: 535", scrubbed.Message);
    }

    [Fact]
    public void Scrub_OAuthClientSecretBasic_IsMaskedFormEncodedToo()
    {
        var oauth = new OAuth2("my client", "se cret/+");
        var basic = Convert.ToBase64String(Utf8(WebUtility.UrlEncode("my client") + ":" + WebUtility.UrlEncode("se cret/+")));

        var scrubbed = SecretScrubber.Scrub(CredentialCheckResult.Failure($"Authorization: Basic {basic}"), oauth);

        Assert.Equal($"Authorization: Basic {SecretScrubber.Mask}", scrubbed.Message);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("abc")]
    public void Scrub_ValueShorterThanTheMinimum_IsNotMaskedInAnyForm(string value)
    {
        // The documented rule: masking every "abc" would wreck messages and hide a value guessed faster than read.
        var message = string.Join(" ", Encodings.Select(e => e.Encode(value)));

        var scrubbed = SecretScrubber.Scrub(CredentialCheckResult.Failure(message), new ApiToken(value));

        Assert.Equal(message, scrubbed.Message);
        Assert.Equal(4, SecretScrubber.MinLength);
    }

    [Fact]
    public void Scrub_CustomValues_AreMaskedInEveryEncoding()
    {
        var custom = new Custom(JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["key"] = Secret }));
        var message = string.Join(" | ", Encodings.Select(e => e.Encode(Secret)));

        var scrubbed = SecretScrubber.Scrub(CredentialCheckResult.Failure(message), custom);

        Assert.Equal(string.Join(" | ", Encodings.Select(_ => SecretScrubber.Mask)), scrubbed.Message);
    }

    [Fact]
    public void Scrub_NonSecretFields_AreKept()
    {
        var smtp = new Smtp("smtp.example.com", 587, "mailer@example.com", "s3cret-Passw0rd!", SmtpEncryption.StartTls);

        var scrubbed = SecretScrubber.Scrub(CredentialCheckResult.Failure("authentication failed: smtp.example.com:587 rejected mailer@example.com", "password"), smtp);

        Assert.Equal("authentication failed: smtp.example.com:587 rejected mailer@example.com", scrubbed.Message);
    }
}
