using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Credentials.Tests.Vault;

/// <summary>The edit rule: a blank secret field keeps the stored value, a filled one replaces it, other fields are untouched.</summary>
public sealed class BlankKeepsTests : IDisposable
{
    private readonly TestVault _vault = TestVault.Create();
    private int _counter;

    private static Gen<string?> Blank => Gen.Elements<string?>(null, string.Empty);

    [Property(Arbitrary = [typeof(SecretGenerators)], MaxTest = 200)]
    public Property Update_BlankOrFilledPerSecretField_FollowsTheRule(CredentialSecret stored)
    {
        var schema = CredentialSchemas.Instance.Get(stored.Type);
        var fieldChoices = schema.Fields.Select(f => Gen.OneOf(Blank, SecretGenerators.FillFor(stored, f).Select(s => (string?)s))).ToArray();
        var incomingGen = fieldChoices.Aggregate(Gen.Constant(Array.Empty<string?>()), (all, next) => from a in all from b in next select (string?[])[.. a, b]);

        return Prop.ForAll(incomingGen.ToArbitrary(), incomingValues =>
        {
            var key = "BLANK_" + Interlocked.Increment(ref _counter);
            var created = _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("n", key, CredentialCategory.Custom, stored)).GetAwaiter().GetResult();
            var storedValues = SecretFields.Read(stored);

            // Non-secret fields are taken as given (an edit form shows them pre-filled): send the stored ones back.
            for (var i = 0; i < incomingValues.Length; i++)
            {
                if (!schema.Fields[i].Secret)
                {
                    incomingValues[i] = storedValues[i];
                }
                else if (stored is Custom && !string.IsNullOrEmpty(incomingValues[i]))
                {
                    incomingValues[i] = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["new"] = incomingValues[i]! });
                }
            }

            var incoming = SecretFields.Build(stored.Type, incomingValues, []);
            _vault.Store.UpdateAsync(TestVault.Acme, created.Id, new CredentialUpdate { Secret = incoming }).GetAwaiter().GetResult();
            var after = SecretFields.Read(_vault.Resolver.TryResolveAsync(TestVault.Acme, key).GetAwaiter().GetResult()!);

            for (var i = 0; i < after.Length; i++)
            {
                var expected = schema.Fields[i].Secret && string.IsNullOrEmpty(incomingValues[i]) ? storedValues[i] : incomingValues[i];
                if (stored is Custom)
                {
                    Assert.True(System.Text.Json.JsonElement.DeepEquals(
                        System.Text.Json.JsonDocument.Parse(expected!).RootElement, System.Text.Json.JsonDocument.Parse(after[i]!).RootElement));
                }
                else
                {
                    Assert.Equal(string.IsNullOrEmpty(expected) ? null : expected, string.IsNullOrEmpty(after[i]) ? null : after[i]);
                }
            }
        });
    }

    [Fact]
    public async Task Update_AllSecretFieldsBlank_KeepsEverySecret()
    {
        var created = await _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("App", "APP", CredentialCategory.McpService,
            new OAuth2("client-1", "client-secret-1", "access-1", "refresh-1")));

        var updated = await _vault.Store.UpdateAsync(TestVault.Acme, created.Id, new CredentialUpdate { Secret = new OAuth2("client-2", "") });

        Assert.Equal(new OAuth2("client-2", "client-secret-1", "access-1", "refresh-1"), await _vault.Resolver.ResolveAsync<OAuth2>(TestVault.Acme, "APP"));
        Assert.Equal(created.MaskedSummary, updated.MaskedSummary);
    }

    [Fact]
    public async Task Update_FilledSecret_ReplacesAndRecomputesMask()
    {
        var created = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("K", "sk-old-0000000000000000"));

        var updated = await _vault.Store.UpdateAsync(TestVault.Acme, created.Id, new CredentialUpdate { Secret = new ApiToken("sk-new-000000000000zzzz") });

        Assert.Equal("••••zzzz", updated.MaskedSummary);
        Assert.Equal("sk-new-000000000000zzzz", (await _vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "K")).Token);
    }

    [Fact]
    public async Task Update_BlankRequiredNonSecretField_IsValidationError()
    {
        var created = await _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("Pair", "PAIR", CredentialCategory.Runtime, new KeyPair("AKIA1", "secret")));

        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() =>
            _vault.Store.UpdateAsync(TestVault.Acme, created.Id, new CredentialUpdate { Secret = new KeyPair("", "") }));

        Assert.Equal("api_key", Assert.Single(ex.Errors).Field);
        Assert.Equal(new KeyPair("AKIA1", "secret"), await _vault.Resolver.ResolveAsync<KeyPair>(TestVault.Acme, "PAIR"));
    }

    public void Dispose() => _vault.Dispose();
}
