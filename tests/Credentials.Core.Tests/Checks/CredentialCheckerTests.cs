using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.Checks;

public sealed class CredentialCheckerTests
{
    private const string Token = "sk-live-0123456789abcdef";

    private static async Task<(TestVault Vault, CredentialView View)> StoreTokenAsync(Action<ICredentialsBuilder> configure)
    {
        var vault = TestVault.Create(configure);
        var view = await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("API_TOKEN", Token));
        return (vault, view);
    }

    private static ICredentialChecker Checker(TestVault vault) => vault.Provider.GetRequiredService<ICredentialChecker>();

    [Fact]
    public async Task CheckAsync_NoCheckForTheType_ReportsNoChecks()
    {
        var (vault, view) = await StoreTokenAsync(_ => { });
        using var _ = vault;

        var report = await Checker(vault).CheckAsync(TestVault.Acme, view.Id);

        Assert.Equal(CredentialType.ApiToken, report.Type);
        Assert.False(report.HasChecks);
        Assert.False(report.Succeeded);
        Assert.Empty(report.Results);
    }

    [Fact]
    public async Task CheckAsync_RegisteredCheck_RunsOnTheStoredSecret()
    {
        var (vault, view) = await StoreTokenAsync(b => b.AddCredentialCheck<RecordingTokenCheck>().AddCredentialCheck<RecordingTokenCheck>());
        using var _ = vault;

        var report = await Checker(vault).CheckAsync(TestVault.Acme, view.Id);

        var result = Assert.Single(report.Results);
        Assert.True(report.Succeeded);
        Assert.Equal(nameof(RecordingTokenCheck), result.Check);
        var check = Assert.IsType<RecordingTokenCheck>(Assert.Single(vault.Provider.GetServices<ICredentialCheck>()));
        Assert.Equal(new ApiToken(Token), Assert.Single(check.Seen));
    }

    [Fact]
    public async Task CheckAsync_MessageQuotingTheSecret_IsMasked()
    {
        var (vault, view) = await StoreTokenAsync(b => b.AddCredentialCheck<LeakyTokenCheck>());
        using var _ = vault;

        var result = Assert.Single((await Checker(vault).CheckAsync(TestVault.Acme, view.Id)).Results);

        Assert.False(result.Succeeded);
        Assert.Equal("token", result.Field);
        Assert.DoesNotContain(Token, result.Message, StringComparison.Ordinal);
        Assert.Contains("(401)", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_FieldQuotingTheSecretAndMessageQuotingItInBase64_AreMasked()
    {
        var (vault, view) = await StoreTokenAsync(b => b.AddCredentialCheck<LeakyFieldCheck>());
        using var _ = vault;

        var result = Assert.Single((await Checker(vault).CheckAsync(TestVault.Acme, view.Id)).Results);

        Assert.Equal(SecretScrubber.Mask, result.Field);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Token)), result.Message, StringComparison.Ordinal);
        Assert.Contains("(401)", result.Message, StringComparison.Ordinal);
        Assert.Equal(nameof(LeakyFieldCheck), result.Check);
    }

    [Fact]
    public async Task CheckAsync_CheckThatThrows_IsAFailureNamingOnlyTheExceptionType()
    {
        var (vault, view) = await StoreTokenAsync(b => b.AddCredentialCheck<ThrowingTokenCheck>().AddCredentialCheck<RecordingTokenCheck>());
        using var _ = vault;

        var report = await Checker(vault).CheckAsync(TestVault.Acme, view.Id);

        Assert.Equal([false, true], report.Results.Select(r => r.Succeeded));
        Assert.False(report.Succeeded);
        Assert.Contains("InvalidOperationException", report.Results[0].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, report.ToString() + string.Join(",", report.Results), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_Cancelled_Throws()
    {
        var (vault, view) = await StoreTokenAsync(b => b.AddCredentialCheck<SlowTokenCheck>());
        using var _ = vault;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Checker(vault).CheckAsync(TestVault.Acme, view.Id, cancel.Token));
    }

    [Fact]
    public async Task CheckAsync_UnknownIdOrOtherOrganization_IsNotFound()
    {
        var (vault, view) = await StoreTokenAsync(b => b.AddCredentialCheck<RecordingTokenCheck>());
        using var _ = vault;

        await Assert.ThrowsAsync<CredentialNotFoundException>(() => Checker(vault).CheckAsync(TestVault.Acme, CredentialId.New()));
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => Checker(vault).CheckAsync(TestVault.Globex, view.Id));
    }

    [Fact]
    public async Task CheckAsync_UnsavedSecret_RunsTheChecksOfItsType()
    {
        using var vault = TestVault.Create(b => b.AddCredentialCheck<RecordingTokenCheck>());

        var token = await Checker(vault).CheckAsync(new ApiToken("sk-not-saved"));
        var other = await Checker(vault).CheckAsync(new KeyPair("id", "secret"));

        Assert.True(token.Succeeded);
        Assert.False(other.HasChecks);
    }

    [Fact]
    public async Task Checker_PlainServiceProviderWithoutLogging_Works()
    {
        var services = new ServiceCollection();
        services.AddCredentials().UseInMemoryStorage().UseMasterKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).AddCredentialCheck<RecordingTokenCheck>();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        var report = await provider.GetRequiredService<ICredentialChecker>().CheckAsync(new ApiToken("sk-token"));

        Assert.True(report.Succeeded);
    }
}
