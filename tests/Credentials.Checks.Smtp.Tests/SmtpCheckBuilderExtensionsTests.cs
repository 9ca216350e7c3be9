using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Credentials.Tests.SmtpChecks;

public class SmtpCheckBuilderExtensionsTests
{
    [Fact]
    public void AddSmtpCheck_Twice_RegistersOneSmtpCheck()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddCredentials().UseInMemoryStorage().UseMasterKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).AddSmtpCheck().AddSmtpCheck();
        using var provider = services.BuildServiceProvider();

        var check = Assert.Single(provider.GetServices<ICredentialCheck>());

        Assert.Equal(CredentialType.Smtp, check.Type);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(301)]
    public void AddSmtpCheck_TimeoutOutOfRange_FailsValidation(int seconds)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddCredentials().UseInMemoryStorage().UseMasterKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).AddSmtpCheck(o => o.Timeout = TimeSpan.FromSeconds(seconds));
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SmtpCheckOptions>>().Value);

        Assert.Contains("SmtpCheckOptions.Timeout", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddSmtpCheck_PlainServiceProviderWithoutLogging_Resolves()
    {
        var services = new ServiceCollection();
        services.AddCredentials().UseInMemoryStorage().UseMasterKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).AddSmtpCheck();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        var report = await provider.GetRequiredService<ICredentialChecker>().CheckAsync(new Smtp("", 0, "", "", SmtpEncryption.None));

        Assert.False(Assert.Single(report.Results).Succeeded);
    }

    [Fact]
    public async Task CheckAsync_OtherType_Throws()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddCredentials().UseInMemoryStorage().UseMasterKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).AddSmtpCheck();
        using var provider = services.BuildServiceProvider();
        var check = provider.GetServices<ICredentialCheck>().Single();

        await Assert.ThrowsAsync<ArgumentException>(() => check.CheckAsync(new ApiToken("t")));
    }
}
