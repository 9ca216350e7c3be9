namespace Credentials.Tests.Vault;

public sealed class CredentialResolverTests : IDisposable
{
    private readonly TestVault _vault = TestVault.Create();

    [Fact]
    public async Task Resolve_ByKey_ReturnsTypedSecret()
    {
        await _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("AWS", "AWS_KEYS", CredentialCategory.Runtime, new KeyPair("AKIAEXAMPLE", "wJalrXUtnFEMI")));

        var pair = await _vault.Resolver.ResolveAsync<KeyPair>(TestVault.Acme, "AWS_KEYS");

        Assert.Equal(new KeyPair("AKIAEXAMPLE", "wJalrXUtnFEMI"), pair);
    }

    [Fact]
    public async Task Resolve_UnknownKey_ThrowsNotFoundNamingKey()
    {
        var ex = await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "MISSING_KEY"));
        Assert.Contains("MISSING_KEY", ex.Message, StringComparison.Ordinal);
        Assert.Null(await _vault.Resolver.TryResolveAsync(TestVault.Acme, "MISSING_KEY"));
        Assert.Null(await _vault.Resolver.TryResolveAsync(TestVault.Acme, "not a key"));
    }

    [Fact]
    public async Task Resolve_OtherType_ThrowsTypeMismatchWithoutSecret()
    {
        await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("TOKEN_KEY", "sk-do-not-leak-000000"));

        var ex = await Assert.ThrowsAsync<CredentialTypeMismatchException>(() => _vault.Resolver.ResolveAsync<KeyPair>(TestVault.Acme, "TOKEN_KEY"));

        Assert.Contains("api_token", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("do-not-leak", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_DefaultOrganization_ThrowsArgumentException() =>
        await Assert.ThrowsAsync<ArgumentException>(() => _vault.Resolver.TryResolveAsync(default, "K"));

    public void Dispose() => _vault.Dispose();
}
