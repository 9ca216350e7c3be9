using System.Text.Json;

namespace Credentials.Tests.Validation;

/// <summary>Bad input across every type: each names the field (wire name) and the rule, and nothing is stored.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TestVault _vault = TestVault.Create();

    private static NewCredential Of(CredentialSecret secret) => new("Bad", "BAD_INPUT", CredentialCategory.Custom, secret);

    private static Smtp Mail(string host = "smtp.example.com", int port = 587, string username = "mailer", SmtpEncryption encryption = SmtpEncryption.StartTls) =>
        new(host, port, username, "mail-password", encryption);

    private static OAuth2 Endpoint(string endpoint) => new("client", "client-secret") { TokenEndpoint = endpoint };

    private static string Armored(string label, string base64) => $"-----BEGIN {label}-----\n{base64}\n-----END {label}-----\n";

    private static Custom Json(string json) => new(JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 }).RootElement.Clone());

    public static TheoryData<string, NewCredential, string, string> Inputs()
    {
        const string Paste = "leading or trailing whitespace or a line break";
        var ed = TestKeys.Ed25519A;
        var data = new TheoryData<string, NewCredential, string, string>
        {
            // Common fields.
            { "empty name", new("", "K", CredentialCategory.Custom, new ApiToken("t")), "name", "is required" },
            { "key in lower case", new("n", "lower", CredentialCategory.Custom, new ApiToken("t")), "key", "upper-case" },
            { "undefined category", new("n", "K", (CredentialCategory)99, new ApiToken("t")), "category", "must be one of" },
            { "no secret", new("n", "K", CredentialCategory.Custom, null!), "secret", "is required" },

            // API token.
            { "token empty", Of(new ApiToken("")), "token", "is required" },
            { "token leading space", Of(new ApiToken(" sk-abc")), "token", Paste },
            { "token trailing newline", Of(new ApiToken("sk-abc\n")), "token", Paste },
            { "token inner line break", Of(new ApiToken("sk-\nabc")), "token", Paste },
            { "token leading tab", Of(new ApiToken("\tsk-abc")), "token", Paste },
            { "token trailing no-break space", Of(new ApiToken("sk-abc\u00A0")), "token", Paste },
            { "token line separator", Of(new ApiToken("\u2028sk-abc")), "token", Paste },
            { "token too long", Of(new ApiToken(new string('t', TokenRules.MaxTokenLength + 1))), "token", "at most 16384 characters" },

            // Key pair.
            { "api_key empty", Of(new KeyPair("", "s")), "api_key", "is required" },
            { "api_secret empty", Of(new KeyPair("AKIA", "")), "api_secret", "is required" },
            { "api_key leading space", Of(new KeyPair(" AKIA", "s")), "api_key", Paste },
            { "api_key trailing CRLF", Of(new KeyPair("AKIA\r\n", "s")), "api_key", Paste },
            { "api_secret trailing space", Of(new KeyPair("AKIA", "secret ")), "api_secret", Paste },

            // Username and password.
            { "username empty", Of(new UsernamePassword("", "p")), "username", "is required" },
            { "password empty", Of(new UsernamePassword("u", "")), "password", "is required" },
            { "username with line break", Of(new UsernamePassword("user\nname", "p")), "username", "control characters" },

            // SMTP.
            { "smtp host empty", Of(Mail(host: "")), "host", "is required" },
            { "smtp host with space", Of(Mail(host: "smtp example.com")), "host", "host name" },
            { "smtp host leading hyphen", Of(Mail(host: "-smtp.example.com")), "host", "host name" },
            { "smtp host underscore", Of(Mail(host: "smtp_relay.example.com")), "host", "host name" },
            { "smtp host empty label", Of(Mail(host: "smtp..example.com")), "host", "host name" },
            { "smtp host label over 63", Of(Mail(host: new string('a', 64) + ".example.com")), "host", "host name" },
            { "smtp host IPv4 out of range", Of(Mail(host: "256.1.1.1")), "host", "host name" },
            { "smtp host three-part number", Of(Mail(host: "1.2.3")), "host", "host name" },
            { "smtp host URL", Of(Mail(host: "smtp://smtp.example.com")), "host", "host name" },
            { "smtp host unclosed IPv6", Of(Mail(host: "[::1")), "host", "host name" },
            { "smtp host trailing space", Of(Mail(host: "smtp.example.com ")), "host", Paste },
            { "smtp port negative", Of(Mail(port: -1)), "port", "from 1 to 65535" },
            { "smtp port too big", Of(Mail(port: 65536)), "port", "from 1 to 65535" },
            { "smtp encryption undefined", Of(Mail(encryption: (SmtpEncryption)9)), "encryption", "must be one of none, starttls, ssl_tls" },
            { "smtp username with CRLF", Of(Mail(username: "me\r\nRCPT TO:<x@example.com>")), "username", "control characters" },

            // OAuth 2.0.
            { "client_id empty", Of(new OAuth2("", "s")), "client_id", "is required" },
            { "client_secret empty for client_credentials", Of(new OAuth2("id", "") { GrantType = OAuth2GrantType.ClientCredentials, TokenEndpoint = "https://auth.example.com/token" }), "client_secret", "is required for grant_type client_credentials" },
            { "client_credentials without endpoint", Of(new OAuth2("id", "s") { GrantType = OAuth2GrantType.ClientCredentials }), "token_endpoint", "is required for grant_type client_credentials" },
            { "grant_type undefined", Of(new OAuth2("id", "s") { GrantType = (OAuth2GrantType)7 }), "grant_type", "must be one of" },
            { "issuer http", Of(new OAuth2("id", "s") { Issuer = "http://auth.example.com" }), "issuer", "must use https" },
            { "authorization_endpoint relative", Of(new OAuth2("id", "s") { AuthorizationEndpoint = "/authorize" }), "authorization_endpoint", "absolute URL" },
            { "resource fragment", Of(new OAuth2("id", "s") { Resource = "https://mcp.example.com/mcp#x" }), "resource", "fragment" },
            { "scopes with quote", Of(new OAuth2("id", "s") { Scopes = "openid \"profile\"" }), "scopes", "printable ASCII" },
            { "client_id leading space", Of(new OAuth2(" id", "s")), "client_id", Paste },
            { "client_secret trailing newline", Of(new OAuth2("id", "s\n")), "client_secret", Paste },
            { "access_token leading space", Of(new OAuth2("id", "s", " access")), "access_token", Paste },
            { "refresh_token trailing newline", Of(new OAuth2("id", "s", null, "refresh\n")), "refresh_token", Paste },
            { "token_endpoint http", Of(Endpoint("http://auth.example.com/token")), "token_endpoint", "must use https" },
            { "token_endpoint ftp", Of(Endpoint("ftp://auth.example.com/token")), "token_endpoint", "must use https" },
            { "token_endpoint relative", Of(Endpoint("/oauth/token")), "token_endpoint", "absolute URL" },
            { "token_endpoint file", Of(Endpoint("file:///etc/passwd")), "token_endpoint", "absolute URL" },
            { "token_endpoint user info", Of(Endpoint("https://user:pw@auth.example.com/token")), "token_endpoint", "user name or password" },
            { "token_endpoint fragment", Of(Endpoint("https://auth.example.com/token#x")), "token_endpoint", "fragment" },
            { "token_endpoint too long", Of(Endpoint("https://auth.example.com/" + new string('p', 2100))), "token_endpoint", "at most 2048 characters" },
            { "token_endpoint trailing space", Of(Endpoint("https://auth.example.com/token ")), "token_endpoint", Paste },

            // SSH keys.
            { "ssh empty", Of(new SshKey("")), "private_key", "is required" },
            { "ssh plain text", Of(new SshKey("not a key at all")), "private_key", "is not an OpenSSH or PEM private key" },
            { "ssh no END line", Of(new SshKey("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n")), "private_key", "is truncated" },
            { "ssh not openssh-key-v1", Of(new SshKey(Armored("OPENSSH PRIVATE KEY", "aGVsbG8gd29ybGQ="))), "private_key", "openssh-key-v1" },
            { "ssh header only", Of(new SshKey(Armored("OPENSSH PRIVATE KEY", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmU="))), "private_key", "is truncated" },
            { "ssh not base64", Of(new SshKey(Armored("OPENSSH PRIVATE KEY", "@@@@ ****"))), "private_key", "not base64" },
            { "ssh END of another label", Of(new SshKey("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n")), "private_key", "END line does not match" },
            { "ssh public key pasted", Of(new SshKey(ed.PublicKey)), "private_key", "is a public key" },
            { "ssh PEM public key pasted", Of(new SshKey(Armored("PUBLIC KEY", "AAAA"))), "private_key", "is a public key" },
            { "ssh PuTTY key", Of(new SshKey("PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n")), "private_key", "PuTTY" },
            { "ssh DSA key", Of(new SshKey(Armored("DSA PRIVATE KEY", "MAA="))), "private_key", "DSA" },
            { "ssh odd BEGIN label", Of(new SshKey("-----BEGIN <script>-----\nAAAA\n-----END <script>-----\n")), "private_key", "BEGIN line is malformed" },
            { "ssh certificate", Of(new SshKey(Armored("CERTIFICATE", "MAA="))), "private_key", "not a private key" },
            { "ssh garbage PKCS#8", Of(new SshKey(Armored("PRIVATE KEY", "MAMCAQA="))), "private_key", "do not parse" },
            { "ssh text too long", Of(new SshKey(new string('k', SshPrivateKeyReader.MaxTextLength + 1))), "private_key", "at most 16384 characters" },
            { "ssh public key of another key", Of(new SshKey(ed.PrivateKey, TestKeys.Ed25519B.PublicKey)), "public_key", "does not match the private key" },
            { "ssh public key not base64", Of(new SshKey(ed.PrivateKey, "ssh-ed25519 !!!not-base64!!!")), "public_key", "is not an OpenSSH public key line" },
            { "ssh public key one word", Of(new SshKey(ed.PrivateKey, "ssh-ed25519")), "public_key", "is not an OpenSSH public key line" },
            { "ssh public key wrong type word", Of(new SshKey(ed.PrivateKey, "ssh-rsa " + ed.PublicKey.Split(' ')[1])), "public_key", "key type before the base64 differs" },

            // Custom.
            { "custom array", Of(Custom.Parse("[1,2]")), "value", "must be a JSON object" },
            { "custom string", Of(Custom.Parse("\"text\"")), "value", "must be a JSON object" },
            { "custom null", Of(Custom.Parse("null")), "value", "must be a JSON object" },
            { "custom missing", Of(new Custom(default)), "value", "is required" },
            { "custom duplicate name", Of(Custom.Parse("""{"a":1,"a":2}""")), "value", "same property name twice" },
            { "custom nested duplicate", Of(Custom.Parse("""{"o":{"x":1,"y":{"z":1,"z":1}}}""")), "value", "same property name twice" },
            { "custom duplicate inside array", Of(Custom.Parse("""{"list":[{"k":1},{"k":1,"k":2}]}""")), "value", "same property name twice" },
            { "custom too deep", Of(Json(string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 40))), "value", "nested at most 32 levels" },
            { "custom too large", Of(Custom.Parse("{\"a\":\"" + new string('x', 70_000) + "\"}")), "value", "at most 65536 characters" },
        };
        return data;
    }

    [Fact]
    public void Inputs_CoverAtLeastFiftyCasesAndEveryType()
    {
        var rows = Inputs().Select(r => (NewCredential)r[1]).ToList();

        Assert.True(rows.Count >= 50, $"{rows.Count} rows");
        Assert.Equal(Enum.GetValues<CredentialType>(), rows.Where(r => r.Secret is not null).Select(r => r.Secret.Type).Distinct().Order());
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task Create_BadInput_NamesFieldAndRuleAndStoresNothing(string name, NewCredential credential, string field, string rule)
    {
        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() => _vault.Store.CreateAsync(TestVault.Acme, credential));

        var error = Assert.Single(ex.Errors, e => e.Field == field);
        Assert.True(error.Message.Contains(rule, StringComparison.Ordinal), $"{name}: '{error.Message}' does not mention '{rule}'");
        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
        Assert.Empty((await _vault.Store.ListAsync(TestVault.Acme)).Items);
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task Update_BadInput_NamesFieldAndChangesNothing(string name, NewCredential credential, string field, string rule)
    {
        _ = name;
        _ = rule;
        if (credential.Secret is null || field is "name" or "key" or "category" || IsRequiredSecretLeftBlank(credential.Secret, field))
        {
            return; // Blank secret fields keep the stored value on update, and the common fields are covered on create.
        }

        var good = GoodSecret(credential.Secret.Type);
        var created = await _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("Good", "GOOD", CredentialCategory.Custom, good));

        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() =>
            _vault.Store.UpdateAsync(TestVault.Acme, created.Id, new CredentialUpdate { Secret = credential.Secret }));

        Assert.Contains(ex.Errors, e => e.Field == field);
        Assert.Equal(created, await _vault.Store.GetAsync(TestVault.Acme, created.Id));
        Assert.Equal(good, await _vault.Resolver.TryResolveAsync(TestVault.Acme, "GOOD"));
    }

    private static bool IsRequiredSecretLeftBlank(CredentialSecret secret, string field)
    {
        var schema = CredentialSchemas.Instance.Get(secret.Type);
        var index = schema.Fields.ToList().FindIndex(f => f.Name == field);
        return index >= 0 && schema.Fields[index].Secret && string.IsNullOrEmpty(SecretFields.Read(secret)[index]);
    }

    private static CredentialSecret GoodSecret(CredentialType type) => type switch
    {
        CredentialType.ApiToken => new ApiToken("sk-good-0000000000000000"),
        CredentialType.KeyPair => new KeyPair("AKIAGOOD", "good-secret"),
        CredentialType.UsernamePassword => new UsernamePassword("user", "password"),
        CredentialType.Smtp => Mail(),
        CredentialType.OAuth2 => new OAuth2("client", "client-secret"),
        CredentialType.SshKey => new SshKey(TestKeys.Ed25519A.PrivateKey, TestKeys.Ed25519A.PublicKey),
        _ => Custom.Parse("""{"a":1}"""),
    };

    public void Dispose() => _vault.Dispose();
}
