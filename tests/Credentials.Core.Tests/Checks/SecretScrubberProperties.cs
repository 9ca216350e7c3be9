using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Credentials.Tests.Checks;

/// <summary>
/// For generated secrets (any Unicode scalar values, at least <see cref="SecretScrubber.MinLength"/> long) in every
/// credential type, a result that embeds any promised encoding of the secret, in any of its strings and amid any text,
/// comes out without it; and so do SMTP AUTH PLAIN and HTTP Basic built on generated user names and passwords.
/// </summary>
/// <remarks>
/// Generated text leaves out U+2022, the mask's character: a secret "••••" is its own mask and would still "appear".
/// Text that is not valid UTF-16 (lone surrogates) is left out too: it has no JSON or URL form to compare with.
/// </remarks>
public sealed class SecretScrubberProperties
{
    private static readonly Gen<int> CodePoint =
        Gen.OneOf(
            Gen.Choose(0x20, 0x7E),
            Gen.Choose(0x20, 0x7E),
            Gen.Choose(0x00, 0x1F),
            Gen.Choose(0x7F, 0x7FF),
            Gen.Choose(0x800, 0xD7FF),
            Gen.Choose(0xE000, 0xFFFF),
            Gen.Choose(0x10000, 0x10FFFF))
        .Where(c => c != 0x2022);

    private static Gen<string> Text(int min, int max) =>
        from count in Gen.Choose(min, max)
        from codePoints in Gen.ArrayOf(CodePoint, count)
        select string.Concat(codePoints.Select(char.ConvertFromUtf32));

    private static readonly Gen<string> SecretText = Gen.OneOf(
        Text(SecretScrubber.MinLength, 40),
        Gen.Elements("s3cret-Passw0rd!", "pä ss/wörd+😀&=\"<'>\\", "sk-ant-api03-abcdefghijklmnop", "    ", "\0\0\0\0", "a+b/c=d?"));

    /// <summary>A credential of each type with <paramref name="secret"/> in a secret field.</summary>
    private static Gen<CredentialSecret> Holding(string secret) => Gen.Elements<CredentialSecret>(
        new ApiToken(secret),
        new KeyPair("AKIAEXAMPLE", secret),
        new UsernamePassword("user@example.com", secret),
        new Smtp("smtp.example.com", 587, "mailer@example.com", secret, SmtpEncryption.StartTls),
        new OAuth2("client-id", secret),
        new OAuth2("client-id", "client-secret", secret, null),
        new OAuth2("client-id", "client-secret", null, secret),
        new SshKey(secret, null, null),
        new SshKey("-----BEGIN OPENSSH PRIVATE KEY-----", null, secret),
        new Custom(System.Text.Json.JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["a"] = new[] { secret } })));

    private static CredentialCheckResult Place(string text, string property) => property switch
    {
        "Message" => CredentialCheckResult.Failure(text),
        "Field" => CredentialCheckResult.Failure("m", text),
        _ => CredentialCheckResult.Failure("m") with { Check = text },
    };

    private static string? Read(CredentialCheckResult result, string property) => property switch
    {
        "Message" => result.Message,
        "Field" => result.Field,
        _ => result.Check,
    };

    [Property(MaxTest = 1000)]
    public Property Scrub_AnyEncodingOfAnySecretAnywhere_IsGone()
    {
        var cases =
            from secret in SecretText
            from credential in Holding(secret)
            from encoding in Gen.Elements(SecretScrubberTests.Encodings)
            from before in Text(0, 12)
            from after in Text(0, 12)
            from property in Gen.Elements("Message", "Field", "Check")
            select (secret, credential, encoding, before, after, property);

        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var encoded = c.encoding.Encode(c.secret);

            var scrubbed = Read(SecretScrubber.Scrub(Place(c.before + encoded + c.after, c.property), c.credential), c.property);

            Assert.DoesNotContain(encoded, scrubbed, StringComparison.Ordinal);
            Assert.Contains(SecretScrubber.Mask, scrubbed, StringComparison.Ordinal);
        });
    }

    [Property(MaxTest = 500)]
    public Property Scrub_AuthPlainAndBasicOfAnyUserAndPassword_AreGone()
    {
        var cases =
            from user in Text(0, 20)
            from password in SecretText
            from kind in Gen.Elements("smtp", "username_password", "key_pair", "oauth2")
            from sent in Gen.Elements("plain", "plain-authzid", "basic", "basic-form")
            from urlSafe in Gen.Elements(false, true)
            select (user, password, kind, sent, urlSafe);

        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            CredentialSecret credential = c.kind switch
            {
                "smtp" => new Smtp("smtp.example.com", 587, c.user, c.password, SmtpEncryption.SslTls),
                "username_password" => new UsernamePassword(c.user, c.password),
                "key_pair" => new KeyPair(c.user, c.password),
                _ => new OAuth2(c.user, c.password),
            };
            var text = c.sent switch
            {
                "plain" when c.kind is "smtp" or "username_password" => $"\0{c.user}\0{c.password}",
                "plain-authzid" when c.kind is "smtp" or "username_password" => $"{c.user}\0{c.user}\0{c.password}",
                "basic-form" when c.kind == "oauth2" => $"{WebUtility.UrlEncode(c.user)}:{WebUtility.UrlEncode(c.password)}",
                _ => $"{c.user}:{c.password}",
            };
            var encoded = Convert.ToBase64String(SecretScrubberTests.Utf8(text));
            if (c.urlSafe)
            {
                encoded = encoded.Replace('+', '-').Replace('/', '_').TrimEnd('=');
            }

            var scrubbed = SecretScrubber.Scrub(CredentialCheckResult.Failure($"C: AUTH {encoded}\r\nS: 535 5.7.8"), credential).Message;

            Assert.DoesNotContain(encoded, scrubbed, StringComparison.Ordinal);
        });
    }
}
