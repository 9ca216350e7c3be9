using System.Text.Json;
using Credentials.Tests.Validation;
using FsCheck;
using FsCheck.Fluent;

namespace Credentials.Tests;

/// <summary>
/// FsCheck generators for every credential type, with any Unicode where the rules allow it: passwords, passphrases and
/// custom values take any text; token-like fields take any text without whitespace at the ends or line breaks (the
/// copy-paste rule); SMTP hosts are host names or IP addresses; SSH keys are real keys (<see cref="TestKeys"/>).
/// </summary>
public static class SecretGenerators
{
    /// <summary>
    /// Any non-empty well-formed text (control characters and astral-plane characters included). Unpaired surrogates are
    /// replaced: the vault refuses them (<see cref="UnicodeRules"/>), which <c>UnicodeInputTests</c> tests on its own.
    /// </summary>
    public static Gen<string> Text =>
        Gen.OneOf(
            ArbMap.Default.GeneratorFor<NonEmptyString>().Select(s => WellFormed(s.Get)),
            Gen.Elements("sk-ant-api03-abcdefghijklmnop", "pässwörd-ünïcödé-✓", "😀🔑 emoji key 🔐", "line1\nline2", "a"));

    /// <summary>The text with every unpaired surrogate replaced by U+FFFD.</summary>
    public static string WellFormed(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }

    public static Gen<string?> OptionalText => Gen.OneOf(Text.Select(s => (string?)s), Gen.Constant<string?>(null));

    /// <summary>Any text a token-like field accepts: no whitespace at either end, no line break.</summary>
    public static Gen<string> Token => Text.Select(ToToken);

    public static Gen<string?> OptionalToken => Gen.OneOf(Token.Select(s => (string?)s), Gen.Constant<string?>(null));

    /// <summary>Any text without control characters (user names).</summary>
    public static Gen<string> Username => Text.Select(t => new string(t.Where(c => !char.IsControl(c)).ToArray())).Select(t => t.Length == 0 ? "user" : t);

    public static Gen<string> Host =>
        Gen.OneOf(
            Gen.Elements("smtp.example.com", "localhost", "mail-1.example.co.uk", "127.0.0.1", "::1", "[2001:db8::1]", "10.0.0.25", "xn--bcher-kva.example"),
            from labels in Gen.Choose(1, 4)
            from parts in Gen.ArrayOf(Gen.Elements("a", "mail", "smtp-relay", "x1", "eu", "0day"), labels)
            select string.Join(".", parts) + ".example");

    public static Gen<string?> TokenEndpoint =>
        Gen.Elements<string?>(null, "https://auth.example.com/oauth/token", "https://login.example.org:8443/o/token?tenant=a", "http://localhost:8080/token", "http://127.0.0.1/token");

    public static Gen<string?> AuthorizationEndpoint =>
        Gen.Elements<string?>(null, "https://auth.example.com/oauth/authorize", "http://localhost:8080/authorize");

    public static Gen<string?> Issuer => Gen.Elements<string?>(null, "https://auth.example.com", "https://login.example.org/tenant-a/v2.0");

    public static Gen<DateTimeOffset?> ExpiresAt =>
        Gen.OneOf(
            Gen.Constant<DateTimeOffset?>(null),
            from seconds in Gen.Choose(-100_000_000, 100_000_000)
            from offsetHours in Gen.Choose(-12, 14)
            select (DateTimeOffset?)new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.FromHours(offsetHours)).AddSeconds(seconds));

    public static Gen<SshKey> Ssh =>
        from key in Gen.Elements(TestKeys.Keys.ToArray())
        from text in Gen.Elements(key.PrivateKey, key.OtherEncoding)
        from passphrase in OptionalText
        select new SshKey(text, key.PublicKey, passphrase);

    public static Gen<CredentialSecret> Secret =>
        Gen.OneOf(
            Token.Select(t => (CredentialSecret)new ApiToken(t)),
            Token.Two().Select(p => (CredentialSecret)new KeyPair(p.Item1, p.Item2)),
            from user in Username
            from password in Text
            select (CredentialSecret)new UsernamePassword(user, password),
            from host in Host
            from port in Gen.Choose(1, 65535)
            from user in Username
            from password in Text
            from encryption in Gen.Elements(SmtpEncryption.None, SmtpEncryption.StartTls, SmtpEncryption.SslTls)
            select (CredentialSecret)new Smtp(host, port, user, password, encryption),
            from id in Token
            from secret in Token
            from access in OptionalToken
            from refresh in OptionalToken
            from endpoint in TokenEndpoint
            from expiresAt in ExpiresAt
            from authorize in AuthorizationEndpoint
            from issuer in Issuer
            from scopes in Gen.Elements<string?>(null, "openid", "repo read:user", "https://www.googleapis.com/auth/drive.readonly offline_access")
            from resource in Gen.Elements<string?>(null, "https://mcp.example.com/mcp", "http://localhost:3000/mcp")
            select (CredentialSecret)new OAuth2(id, secret, access, refresh)
            {
                TokenEndpoint = endpoint, ExpiresAt = expiresAt, AuthorizationEndpoint = authorize, Issuer = issuer, Scopes = scopes, Resource = resource,
            },
            Ssh.Select(k => (CredentialSecret)k),
            Text.Two().Select(t => (CredentialSecret)new Custom(JsonSerializer.SerializeToElement(
                new Dictionary<string, string> { ["field"] = t.Item1, ["other"] = t.Item2 }))));

    public static Arbitrary<CredentialSecret> Secrets() => Secret.ToArbitrary();

    /// <summary>A new value for one secret field of a stored credential that the field's rules accept.</summary>
    public static Gen<string> FillFor(CredentialSecret stored, CredentialFieldSchema field)
    {
        if (stored is SshKey ssh && field.Name == "private_key")
        {
            // Another encoding of the same key, so the stored public key still matches.
            var key = TestKeys.Keys.Single(k => k.PublicKey == ssh.PublicKey);
            return Gen.Elements(key.PrivateKey, key.OtherEncoding);
        }

        return TokenFields.Contains(field.Name) ? Token : Text;
    }

    private static readonly HashSet<string> TokenFields = ["token", "api_key", "api_secret", "client_id", "client_secret", "access_token", "refresh_token"];

    /// <summary>Removes line breaks and trims; what the copy-paste rule accepts.</summary>
    public static string ToToken(string text)
    {
        var token = new string(text.Where(c => c is not ('\n' or '\r' or '\v' or '\f' or '\u0085' or '\u2028' or '\u2029')).ToArray()).Trim();
        return token.Length == 0 ? "t" : token;
    }
}
