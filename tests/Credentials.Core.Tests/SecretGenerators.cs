using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;

namespace Credentials.Tests;

/// <summary>FsCheck generators for every credential type, with any Unicode in the text fields.</summary>
public static class SecretGenerators
{
    /// <summary>Any non-empty text (control characters and astral-plane characters included).</summary>
    public static Gen<string> Text =>
        Gen.OneOf(
            ArbMap.Default.GeneratorFor<NonEmptyString>().Select(s => s.Get),
            Gen.Elements("sk-ant-api03-abcdefghijklmnop", "pässwörd-ünïcödé-✓", "😀🔑 emoji key 🔐", "line1\nline2", "a"));

    public static Gen<string?> OptionalText => Gen.OneOf(Text.Select(s => (string?)s), Gen.Constant<string?>(null));

    public static Gen<CredentialSecret> Secret =>
        Gen.OneOf(
            Text.Select(t => (CredentialSecret)new ApiToken(t)),
            Text.Two().Select(p => (CredentialSecret)new KeyPair(p.Item1, p.Item2)),
            Text.Two().Select(p => (CredentialSecret)new UsernamePassword(p.Item1, p.Item2)),
            from host in Text
            from port in Gen.Choose(1, 65535)
            from user in Text
            from password in Text
            from encryption in Gen.Elements(SmtpEncryption.None, SmtpEncryption.StartTls, SmtpEncryption.SslTls)
            select (CredentialSecret)new Smtp(host, port, user, password, encryption),
            from id in Text
            from secret in Text
            from access in OptionalText
            from refresh in OptionalText
            select (CredentialSecret)new OAuth2(id, secret, access, refresh),
            from privateKey in Text
            from publicKey in OptionalText
            from passphrase in OptionalText
            select (CredentialSecret)new SshKey(privateKey, publicKey, passphrase),
            Text.Two().Select(t => (CredentialSecret)new Custom(JsonSerializer.SerializeToElement(
                new Dictionary<string, string> { ["field"] = t.Item1, ["other"] = t.Item2 }))));

    public static Arbitrary<CredentialSecret> Secrets() => Secret.ToArbitrary();
}
