using System.Text.Json;
using Credentials.Storage;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Credentials.Tests.Vault;

public sealed class CredentialStoreTests : IDisposable
{
    private readonly TestVault _vault = TestVault.Create();
    private int _counter;

    [Property(Arbitrary = [typeof(SecretGenerators)], MaxTest = 200)]
    public bool AnySecret_RoundTripsThroughStoreAndResolver(CredentialSecret secret)
    {
        var key = "ROUND_TRIP_" + Interlocked.Increment(ref _counter);
        var view = _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("Any ✓ name", key, CredentialCategory.Custom, secret)).GetAwaiter().GetResult();
        var resolved = _vault.Resolver.TryResolveAsync(TestVault.Acme, key).GetAwaiter().GetResult();
        return view.Type == secret.Type && secret.Equals(resolved);
    }

    [Fact]
    public async Task Create_ReturnsViewWithMaskAndVersion()
    {
        var view = await _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("OpenAI Production Key", "OPENAI_API_KEY", CredentialCategory.LlmProvider, new ApiToken("sk-proj-0123456789a1b2")));

        Assert.Equal("OpenAI Production Key", view.Name);
        Assert.Equal("OPENAI_API_KEY", view.Key);
        Assert.Equal(CredentialCategory.LlmProvider, view.Category);
        Assert.Equal(CredentialType.ApiToken, view.Type);
        Assert.Equal("••••a1b2", view.MaskedSummary);
        Assert.Equal(1, view.Version);
        Assert.Equal(view, await _vault.Store.GetAsync(TestVault.Acme, view.Id));
    }

    [Fact]
    public async Task Create_DuplicateKeyInOrganization_ThrowsConflictAndKeepsFirst()
    {
        await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("DUP", "first-secret-000000000"));

        var ex = await Assert.ThrowsAsync<CredentialConflictException>(() => _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("DUP", "second-secret-00000000")));

        Assert.Contains("DUP", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-0", ex.Message, StringComparison.Ordinal);
        Assert.Equal("first-secret-000000000", (await _vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "DUP")).Token);
    }

    public static TheoryData<NewCredential, string> InvalidCredentials() => new()
    {
        { new("", "K", CredentialCategory.Custom, new ApiToken("t")), "name" },
        { new(new string('n', 201), "K", CredentialCategory.Custom, new ApiToken("t")), "name" },
        { new("tab\tname", "K", CredentialCategory.Custom, new ApiToken("t")), "name" },
        { new("n", "", CredentialCategory.Custom, new ApiToken("t")), "key" },
        { new("n", "lower_case", CredentialCategory.Custom, new ApiToken("t")), "key" },
        { new("n", "1STARTS_WITH_DIGIT", CredentialCategory.Custom, new ApiToken("t")), "key" },
        { new("n", "HAS-DASH", CredentialCategory.Custom, new ApiToken("t")), "key" },
        { new("n", "K" + new string('A', 128), CredentialCategory.Custom, new ApiToken("t")), "key" },
        { new("n", "K", (CredentialCategory)99, new ApiToken("t")), "category" },
        { new("n", "K", CredentialCategory.Custom, new ApiToken("")), "token" },
        { new("n", "K", CredentialCategory.Custom, new KeyPair("id", "")), "api_secret" },
        { new("n", "K", CredentialCategory.Custom, new KeyPair("", "s")), "api_key" },
        { new("n", "K", CredentialCategory.Custom, new UsernamePassword("", "p")), "username" },
        { new("n", "K", CredentialCategory.Custom, new Smtp("h", 0, "u", "p", SmtpEncryption.StartTls)), "port" },
        { new("n", "K", CredentialCategory.Custom, new Smtp("h", 65536, "u", "p", SmtpEncryption.StartTls)), "port" },
        { new("n", "K", CredentialCategory.Custom, new Smtp("h", 25, "u", "p", (SmtpEncryption)7)), "encryption" },
        { new("n", "K", CredentialCategory.Custom, new Smtp("", 25, "u", "p", SmtpEncryption.None)), "host" },
        { new("n", "K", CredentialCategory.Custom, new OAuth2("", "s")), "client_id" },
        { new("n", "K", CredentialCategory.Custom, new OAuth2("i", "") { GrantType = OAuth2GrantType.ClientCredentials, TokenEndpoint = "https://a.example/t" }), "client_secret" },
        { new("n", "K", CredentialCategory.Custom, new SshKey("")), "private_key" },
        { new("n", "K", CredentialCategory.Custom, Custom.Parse("[1,2]")), "value" },
        { new("n", "K", CredentialCategory.Custom, Custom.Parse("\"text\"")), "value" },
        { new("n", "K", CredentialCategory.Custom, new Custom(default)), "value" },
        { new("n", "K", CredentialCategory.Custom, Custom.Parse("{\"a\":\"" + new string('x', 70_000) + "\"}")), "value" },
        { new("n", "K", CredentialCategory.Custom, new ApiToken(new string('t', 70_000))), "token" },
        { new("n", "K", CredentialCategory.Custom, null!), "secret" },
    };

    [Theory]
    [MemberData(nameof(InvalidCredentials))]
    public async Task Create_InvalidInput_NamesFieldAndStoresNothing(NewCredential credential, string field)
    {
        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() => _vault.Store.CreateAsync(TestVault.Acme, credential));

        Assert.Contains(ex.Errors, e => e.Field == field);
        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
        Assert.Empty((await _vault.Store.ListAsync(TestVault.Acme)).Items);
    }

    [Fact]
    public async Task Create_SeveralBadFields_ListsEach()
    {
        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() =>
            _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("", "bad key", CredentialCategory.Custom, new Smtp("", 0, "", "", SmtpEncryption.None))));

        Assert.Equal(["name", "key", "host", "port"], ex.Errors.Select(e => e.Field));
    }

    [Fact]
    public async Task Create_DeeplyNestedCustom_IsRejected()
    {
        var json = string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 40);
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });

        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() =>
            _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("n", "K", CredentialCategory.Custom, new Custom(document.RootElement.Clone()))));

        Assert.Equal("value", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public async Task Update_NameOnly_KeepsSecretAndBumpsVersion()
    {
        var created = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token());

        var updated = await _vault.Store.UpdateAsync(TestVault.Acme, created.Id, new CredentialUpdate { Name = "Renamed", ExpectedVersion = created.Version });

        Assert.Equal("Renamed", updated.Name);
        Assert.Equal(2, updated.Version);
        Assert.Equal(created.MaskedSummary, updated.MaskedSummary);
        Assert.Equal("sk-test-0123456789abcdef", (await _vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, created.Key)).Token);
    }

    [Fact]
    public async Task Update_StaleExpectedVersion_ThrowsConcurrencyAndChangesNothing()
    {
        var created = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token());
        await _vault.Store.UpdateAsync(TestVault.Acme, created.Id, new CredentialUpdate { Name = "First" });

        await Assert.ThrowsAsync<CredentialConcurrencyException>(() =>
            _vault.Store.UpdateAsync(TestVault.Acme, created.Id, new CredentialUpdate { Name = "Second", ExpectedVersion = created.Version }));

        Assert.Equal("First", (await _vault.Store.GetAsync(TestVault.Acme, created.Id))!.Name);
    }

    [Fact]
    public async Task Update_KeyChange_ResealsAndOldKeyIsFree()
    {
        var created = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("OLD_KEY"));

        await _vault.Store.UpdateAsync(TestVault.Acme, created.Id, new CredentialUpdate { Key = "NEW_KEY" });

        Assert.Null(await _vault.Resolver.TryResolveAsync(TestVault.Acme, "OLD_KEY"));
        Assert.Equal("sk-test-0123456789abcdef", (await _vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "NEW_KEY")).Token);
        await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("OLD_KEY"));
    }

    [Fact]
    public async Task Update_KeyTaken_ThrowsConflictAndChangesNothing()
    {
        await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("TAKEN"));
        var other = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("OTHER"));

        await Assert.ThrowsAsync<CredentialConflictException>(() => _vault.Store.UpdateAsync(TestVault.Acme, other.Id, new CredentialUpdate { Key = "TAKEN", Name = "x" }));

        Assert.Equal(other, await _vault.Store.GetAsync(TestVault.Acme, other.Id));
    }

    [Fact]
    public async Task Update_OtherType_IsValidationErrorOnType()
    {
        var created = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token());

        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() =>
            _vault.Store.UpdateAsync(TestVault.Acme, created.Id, new CredentialUpdate { Secret = new KeyPair("a", "b") }));

        Assert.Equal("type", Assert.Single(ex.Errors).Field);
        Assert.Equal(1, (await _vault.Store.GetAsync(TestVault.Acme, created.Id))!.Version);
    }

    [Fact]
    public async Task Update_UnknownId_ThrowsNotFound() =>
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Store.UpdateAsync(TestVault.Acme, CredentialId.New(), new CredentialUpdate { Name = "x" }));

    [Fact]
    public async Task Update_ConcurrentWithoutExpectedVersion_AllApply()
    {
        var created = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token());

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => _vault.Store.UpdateAsync(TestVault.Acme, created.Id, new CredentialUpdate { Name = "n" + i }))));

        Assert.Equal(9, (await _vault.Store.GetAsync(TestVault.Acme, created.Id))!.Version);
    }

    [Fact]
    public async Task List_PagesByKeyWithContinuationToken()
    {
        for (var i = 0; i < 25; i++)
        {
            await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token($"KEY_{i:D2}"));
        }

        var keys = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await _vault.Store.ListAsync(TestVault.Acme, new CredentialQuery { PageSize = 10, ContinuationToken = token });
            keys.AddRange(page.Items.Select(v => v.Key));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"KEY_{i:D2}"), keys);
    }

    [Fact]
    public async Task List_FiltersByCategoryTypeAndText()
    {
        await _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("OpenAI Production", "OPENAI_API_KEY", CredentialCategory.LlmProvider, new ApiToken("t")));
        await _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("GitHub", "GITHUB_TOKEN", CredentialCategory.McpService, new ApiToken("t")));
        await _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("Mail", "SMTP_MAIN", CredentialCategory.Communication, new Smtp("h", 25, "u", "p", SmtpEncryption.None)));

        Assert.Equal(["GITHUB_TOKEN"], (await _vault.Store.ListAsync(TestVault.Acme, new CredentialQuery { Category = CredentialCategory.McpService })).Items.Select(v => v.Key));
        Assert.Equal(["SMTP_MAIN"], (await _vault.Store.ListAsync(TestVault.Acme, new CredentialQuery { Type = CredentialType.Smtp })).Items.Select(v => v.Key));
        Assert.Equal(["OPENAI_API_KEY"], (await _vault.Store.ListAsync(TestVault.Acme, new CredentialQuery { Text = "production" })).Items.Select(v => v.Key));
        Assert.Equal(["GITHUB_TOKEN"], (await _vault.Store.ListAsync(TestVault.Acme, new CredentialQuery { Text = "hub_tok" })).Items.Select(v => v.Key));
        Assert.Empty((await _vault.Store.ListAsync(TestVault.Acme, new CredentialQuery { Text = "%" })).Items);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(501, null)]
    [InlineData(10, "not-a-token!")]
    [InlineData(10, "bG93ZXI")]
    public async Task List_BadPagingInput_IsValidationError(int pageSize, string? token)
    {
        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() =>
            _vault.Store.ListAsync(TestVault.Acme, new CredentialQuery { PageSize = pageSize, ContinuationToken = token }));
        Assert.NotEmpty(ex.Errors);
    }

    [Fact]
    public async Task Delete_RemovesAndReturnsEmptyImpact()
    {
        var created = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token());

        var preview = await _vault.Store.PreviewDeleteAsync(TestVault.Acme, created.Id);
        var impact = await _vault.Store.DeleteAsync(TestVault.Acme, created.Id);

        Assert.Equal(preview.Summary, impact.Summary);
        Assert.Empty(impact.Consumers);
        Assert.Equal(created.Id, impact.Credential.Id);
        Assert.Null(await _vault.Store.GetAsync(TestVault.Acme, created.Id));
        Assert.Null(await _vault.Resolver.TryResolveAsync(TestVault.Acme, created.Key));
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Store.DeleteAsync(TestVault.Acme, created.Id));
    }

    [Fact]
    public async Task GetForEdit_PrefillsNonSecretFieldsOnly()
    {
        var created = await _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("Mail", "SMTP_MAIN", CredentialCategory.Communication,
            new Smtp("smtp.example.com", 587, "mailer", "hunter2-password", SmtpEncryption.StartTls)));

        var form = await _vault.Store.GetForEditAsync(TestVault.Acme, created.Id);

        Assert.Equal(["host", "port", "username", "password", "encryption"], form.Fields.Select(f => f.Name));
        Assert.Equal(["smtp.example.com", "587", "mailer", null, "starttls"], form.Fields.Select(f => f.Value));
        var password = form.Fields.Single(f => f.Name == "password");
        Assert.True(password.IsSecret);
        Assert.True(password.HasStoredValue);
        Assert.DoesNotContain("hunter2", form.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetForEdit_EmptyOptionalSecret_HasNoStoredValue()
    {
        var created = await _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("App", "APP_OAUTH", CredentialCategory.McpService, new OAuth2("client", "secret")));

        var form = await _vault.Store.GetForEditAsync(TestVault.Acme, created.Id);

        // client_id, client_secret and grant_type (its default) are stored; endpoints, scopes, tokens and expiry are not.
        Assert.Equal([true, true, true, false, false, false, false, false, false, false, false], form.Fields.Select(f => f.HasStoredValue));
        Assert.All(form.Fields.Where(f => f.IsSecret), f => Assert.Null(f.Value));
    }

    [Fact]
    public async Task Views_NeverCarrySecrets()
    {
        const string secret = "sk-never-shown-in-any-view-0000";
        var created = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("K1", secret));

        var texts = new[]
        {
            created.ToString(),
            (await _vault.Store.ListAsync(TestVault.Acme)).ToString(),
            string.Join(",", (await _vault.Store.ListAsync(TestVault.Acme)).Items),
            (await _vault.Store.GetForEditAsync(TestVault.Acme, created.Id)).ToString(),
            string.Join(",", (await _vault.Store.GetForEditAsync(TestVault.Acme, created.Id)).Fields),
            (await _vault.Store.PreviewDeleteAsync(TestVault.Acme, created.Id)).ToString(),
        };

        Assert.All(texts, t => Assert.DoesNotContain("never-shown", t, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Listing_DecryptsNothing()
    {
        // Corrupt every sealed secret: a listing that opened one would throw.
        for (var i = 0; i < 5; i++)
        {
            var created = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token($"K{i}"));
            await _vault.TamperAsync(TestVault.Acme, created.Id, _ => [1, 2, 3]);
        }

        var page = await _vault.Store.ListAsync(TestVault.Acme);

        Assert.Equal(5, page.Items.Count);
        Assert.All(page.Items, v => Assert.Equal("••••cdef", v.MaskedSummary));
    }

    public void Dispose() => _vault.Dispose();
}
