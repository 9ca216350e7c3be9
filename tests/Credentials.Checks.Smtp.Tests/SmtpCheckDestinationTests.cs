using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Credentials.Tests.SmtpChecks;

/// <summary>
/// Without <see cref="CredentialsOptions.AllowPrivateNetworkDestinations"/>, the SMTP check refuses hosts that are or resolve
/// to non-public addresses, naming the host and the rule, and connects nowhere. A listener on every local address watches
/// the port: nothing may arrive there. (That no connection is attempted to 10.0.0.1 or 169.254.169.254, where no test can
/// listen, is shown by OutboundDestinationGuardTests with a recording connector.)
/// </summary>
public sealed class SmtpCheckDestinationTests
{
    private static SmtpCredentialCheck Check(bool allowPrivate = false) => new(
        Options.Create(new SmtpCheckOptions { Timeout = TimeSpan.FromSeconds(5) }),
        Options.Create(new CredentialsOptions { AllowPrivateNetworkDestinations = allowPrivate }));

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2")]
    [InlineData("::1")]
    [InlineData("[::1]")]
    [InlineData("0.0.0.0")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("fe80::1")]
    [InlineData("fd00::25")]
    public async Task CheckAsync_NonPublicHost_RefusedNamingHostAndRuleWithoutConnecting(string host)
    {
        using var observer = TcpTestServer.Observe();

        foreach (var encryption in new[] { SmtpEncryption.None, SmtpEncryption.StartTls, SmtpEncryption.SslTls })
        {
            var result = await Check().CheckAsync(new Smtp(host, observer.Port, "mailer@example.com", "s3cret-Passw0rd!", encryption));

            Assert.False(result.Succeeded);
            Assert.Equal("host", result.Field);
            Assert.Equal(
                $"the host {host} resolves to a loopback, private or link-local address (or another non-public one); live checks refuse those unless CredentialsOptions.AllowPrivateNetworkDestinations is set",
                result.Message);
        }

        Assert.False(observer.ConnectionArrived);
    }

    [Fact]
    public async Task CheckAsync_LoopbackWithTheOptIn_Connects()
    {
        using var observer = TcpTestServer.Observe();
        var check = new SmtpCredentialCheck(
            Options.Create(new SmtpCheckOptions { Timeout = TimeSpan.FromMilliseconds(300) }),
            Options.Create(new CredentialsOptions { AllowPrivateNetworkDestinations = true }));

        var result = await check.CheckAsync(new Smtp("127.0.0.1", observer.Port, "", "", SmtpEncryption.None));

        Assert.False(result.Succeeded); // the observer never greets
        Assert.True(observer.ConnectionArrived);
    }

    [Fact]
    public async Task Checker_DefaultOptions_RefusesLoopbackThroughDependencyInjection()
    {
        using var observer = TcpTestServer.Observe();
        var services = new ServiceCollection();
        services.AddCredentials().UseInMemoryStorage().UseMasterKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).AddSmtpCheck();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        var report = await provider.GetRequiredService<ICredentialChecker>().CheckAsync(
            new Smtp("localhost", observer.Port, "mailer@example.com", "s3cret-Passw0rd!", SmtpEncryption.StartTls));

        var result = Assert.Single(report.Results);
        Assert.Equal(SmtpCredentialCheck.Refused("localhost") with { Check = nameof(SmtpCredentialCheck) }, result);
        Assert.False(observer.ConnectionArrived);
    }

    [Fact]
    public async Task Checker_OptInThroughAddCredentials_ReachesLoopback()
    {
        using var observer = TcpTestServer.Observe();
        var services = new ServiceCollection();
        services.AddCredentials(o => o.AllowPrivateNetworkDestinations = true).UseInMemoryStorage().UseMasterKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))
            .AddSmtpCheck(o => o.Timeout = TimeSpan.FromMilliseconds(300));
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        await provider.GetRequiredService<ICredentialChecker>().CheckAsync(new Smtp("127.0.0.1", observer.Port, "", "", SmtpEncryption.None));

        Assert.True(observer.ConnectionArrived);
    }

    [Fact]
    public void CredentialsOptions_AllowPrivateNetworkDestinations_IsOffByDefault()
    {
        Assert.False(new CredentialsOptions().AllowPrivateNetworkDestinations);
    }
}
