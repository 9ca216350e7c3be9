using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Credentials.Tests.Security;

/// <summary>
/// The destination rule (security review finding 1): an update that changes a field deciding where a secret goes must
/// give every stored secret again. Generated over both types with destination fields, through the typed API and the
/// field-map forms API: a blank secret is refused on that field, and nothing changes.
/// </summary>
public sealed class DestinationRuleProperties : IDisposable
{
    private readonly TestVault _vault = TestVault.Create();
    private int _counter;

    public static Arbitrary<CredentialSecret> WithDestinations() =>
        SecretGenerators.Secret.Where(s => s is Smtp or OAuth2 && StoredSecretIndexes(s).Length > 0).ToArbitrary();

    [Property(Arbitrary = [typeof(DestinationRuleProperties)], MaxTest = 150)]
    public Property Update_DestinationChangedWithABlankStoredSecret_IsRefusedAndChangesNothing(CredentialSecret stored, bool useForms, int seed)
    {
        var schema = CredentialSchemas.Instance.Get(stored.Type);
        var destinations = Enumerable.Range(0, schema.Fields.Count).Where(i => schema.Fields[i].IsDestination).ToArray();
        var secrets = StoredSecretIndexes(stored);
        var random = new Random(seed);
        var changed = destinations[random.Next(destinations.Length)];
        var blank = secrets[random.Next(secrets.Length)];

        var key = "DEST_" + Interlocked.Increment(ref _counter);
        var created = _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("n", key, CredentialCategory.Communication, stored)).GetAwaiter().GetResult();
        var storedValues = SecretFields.Read(stored);
        var given = (string?[])storedValues.Clone();
        given[changed] = OtherDestination(schema.Fields[changed].Name, storedValues[changed], random);
        foreach (var i in secrets)
        {
            // Each stored secret is left blank or typed again; at least the chosen one stays blank.
            given[i] = i == blank || random.Next(2) == 0 ? string.Empty : storedValues[i];
        }

        var ex = Assert.ThrowsAsync<CredentialValidationException>(() => useForms
            ? _vault.Forms.UpdateAsync(TestVault.Acme, created.Id, ToForm(schema, given))
            : _vault.Store.UpdateAsync(TestVault.Acme, created.Id, new CredentialUpdate { Secret = SecretFields.Build(stored.Type, given, []) })).GetAwaiter().GetResult();

        var expectedFields = secrets.Where(i => string.IsNullOrEmpty(given[i])).Select(i => schema.Fields[i].Name).ToHashSet();
        Assert.Contains(ex.Errors, e => e.Field == schema.Fields[blank].Name && e.Message.Contains("entered again", StringComparison.Ordinal));
        Assert.All(ex.Errors.Where(e => e.Message.Contains("entered again", StringComparison.Ordinal)), e => Assert.Contains(e.Field, expectedFields));
        Assert.Equal(created.Version, _vault.Store.GetAsync(TestVault.Acme, created.Id).GetAwaiter().GetResult()!.Version);
        Assert.Equal(storedValues, SecretFields.Read(_vault.Resolver.TryResolveAsync(TestVault.Acme, key).GetAwaiter().GetResult()!));
        return true.ToProperty();
    }

    [Property(Arbitrary = [typeof(DestinationRuleProperties)], MaxTest = 60)]
    public Property Update_DestinationChangedWithEverySecretGiven_IsApplied(CredentialSecret stored, int seed)
    {
        var schema = CredentialSchemas.Instance.Get(stored.Type);
        var destinations = Enumerable.Range(0, schema.Fields.Count).Where(i => schema.Fields[i].IsDestination).ToArray();
        var random = new Random(seed);
        var changed = destinations[random.Next(destinations.Length)];
        var key = "DEST_OK_" + Interlocked.Increment(ref _counter);
        var created = _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("n", key, CredentialCategory.Communication, stored)).GetAwaiter().GetResult();
        var values = SecretFields.Read(stored);
        values[changed] = OtherDestination(schema.Fields[changed].Name, values[changed], random);

        var updated = _vault.Forms.UpdateAsync(TestVault.Acme, created.Id, ToForm(schema, values)).GetAwaiter().GetResult();

        Assert.Equal(created.Version + 1, updated.Version);
        Assert.Equal(values[changed], SecretFields.Read(_vault.Resolver.TryResolveAsync(TestVault.Acme, key).GetAwaiter().GetResult()!)[changed]);
        return true.ToProperty();
    }

    [Fact]
    public async Task Update_StartTlsToNoneWithBlankPassword_IsRefused()
    {
        var created = await _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("Mail", "MAIL", CredentialCategory.Communication,
            new Smtp("smtp.example.com", 587, "mailer", "the-password", SmtpEncryption.StartTls)));

        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() => _vault.Store.UpdateAsync(TestVault.Acme, created.Id,
            new CredentialUpdate { Secret = new Smtp("smtp.example.com", 587, "mailer", "", SmtpEncryption.None) }));

        Assert.Equal("password", Assert.Single(ex.Errors).Field);
        Assert.Contains("(encryption)", ex.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_TokenEndpointChangedWithBlankSecretAndRefreshToken_NamesBoth()
    {
        var created = await _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("App", "APP", CredentialCategory.McpService,
            new OAuth2("client", "client-secret", "access", "refresh") { TokenEndpoint = "https://auth.example.com/token" }));

        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() => _vault.Forms.UpdateAsync(TestVault.Acme, created.Id,
            new Dictionary<string, string?> { ["token_endpoint"] = "https://attacker.example/token", ["access_token"] = "new-access" }));

        Assert.Equal(["client_secret", "refresh_token"], ex.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Update_SameDestinationWithBlankSecret_StillKeeps()
    {
        var created = await _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("Mail", "MAIL", CredentialCategory.Communication,
            new Smtp("smtp.example.com", 587, "mailer", "the-password", SmtpEncryption.StartTls)));

        await _vault.Forms.UpdateAsync(TestVault.Acme, created.Id, new Dictionary<string, string?> { ["host"] = "smtp.example.com", ["port"] = "587", ["password"] = "" });

        Assert.Equal("the-password", (await _vault.Resolver.ResolveAsync<Smtp>(TestVault.Acme, "MAIL")).Password);
    }

    [Fact]
    public void Schema_MarksTheContractsDestinationFields()
    {
        var destinations = CredentialSchemas.Instance.All
            .SelectMany(s => s.Fields.Where(f => f.IsDestination).Select(f => $"{s.Type.ToWireName()}.{f.Name}"))
            .ToArray();

        Assert.Equal(
            ["smtp.host", "smtp.port", "smtp.encryption", "oauth2.authorization_endpoint", "oauth2.token_endpoint", "oauth2.issuer", "oauth2.resource"],
            destinations);
        Assert.All(CredentialSchemas.Instance.All.SelectMany(s => s.Fields), f => Assert.False(f.IsDestination && f.Secret));
    }

    private static int[] StoredSecretIndexes(CredentialSecret secret)
    {
        var schema = CredentialSchemas.Instance.Get(secret.Type);
        var values = SecretFields.Read(secret);
        return Enumerable.Range(0, values.Length).Where(i => schema.Fields[i].Secret && !string.IsNullOrEmpty(values[i])).ToArray();
    }

    private static Dictionary<string, string?> ToForm(CredentialSchema schema, string?[] values) =>
        schema.Fields.Select((f, i) => (f.Name, values[i])).ToDictionary(p => p.Name, p => p.Item2);

    private static string OtherDestination(string field, string? current, Random random)
    {
        string next;
        do
        {
            next = field switch
            {
                "host" => $"smtp{random.Next(1000)}.attacker.example",
                "port" => random.Next(1, 65536).ToString(System.Globalization.CultureInfo.InvariantCulture),
                "encryption" => CredentialWireNames.SmtpEncryptions[random.Next(3)],
                _ => $"https://attacker{random.Next(1000)}.example/{field}",
            };
        }
        while (string.Equals(next, current, StringComparison.Ordinal));

        return next;
    }

    public void Dispose() => _vault.Dispose();
}
