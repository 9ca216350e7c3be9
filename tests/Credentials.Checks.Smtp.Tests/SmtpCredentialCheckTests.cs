using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Credentials.Tests.SmtpChecks;

/// <summary>The SMTP check against a real SMTP server on 127.0.0.1: STARTTLS, implicit TLS, plain, good and bad credentials.</summary>
public sealed class SmtpCredentialCheckTests(TestSmtpServer server) : IClassFixture<TestSmtpServer>
{
    private SmtpCredentialCheck Check(Action<SmtpCheckOptions>? configure = null)
    {
        server.RequireOrSkip();
        var options = new SmtpCheckOptions();
        server.TrustItsCertificate(options);
        configure?.Invoke(options);
        return new SmtpCredentialCheck(Options.Create(options));
    }

    [SkippableFact]
    public async Task StartTls_RightPassword_Succeeds()
    {
        var result = await Check().CheckAsync(new Smtp("127.0.0.1", server.PlainPort, TestSmtpServer.User, TestSmtpServer.Password, SmtpEncryption.StartTls));

        Assert.True(result.Succeeded, result.Message);
        Assert.Contains("STARTTLS", result.Message, StringComparison.Ordinal);
        Assert.Contains("authenticated as " + TestSmtpServer.User, result.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ImplicitTls_RightPassword_Succeeds()
    {
        var result = await Check().CheckAsync(new Smtp("localhost", server.TlsPort, TestSmtpServer.User, TestSmtpServer.Password, SmtpEncryption.SslTls));

        Assert.True(result.Succeeded, result.Message);
        Assert.Contains("ssl_tls", result.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task NoEncryption_NoUser_ConnectsWithoutAuthenticating()
    {
        var result = await Check().CheckAsync(new Smtp("127.0.0.1", server.PlainPort, "", "", SmtpEncryption.None));

        Assert.True(result.Succeeded, result.Message);
        Assert.Contains("no authentication", result.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task NoEncryption_RightPassword_Authenticates()
    {
        var result = await Check().CheckAsync(new Smtp("127.0.0.1", server.PlainPort, TestSmtpServer.User, TestSmtpServer.Password, SmtpEncryption.None));

        Assert.True(result.Succeeded, result.Message);
    }

    [SkippableTheory]
    [InlineData(SmtpEncryption.StartTls)]
    [InlineData(SmtpEncryption.SslTls)]
    [InlineData(SmtpEncryption.None)]
    public async Task WrongPassword_FailsNamingAuthenticationWithoutThePassword(SmtpEncryption encryption)
    {
        const string Wrong = "Wr0ng-Passw0rd-!";
        var port = encryption == SmtpEncryption.SslTls ? server.TlsPort : server.PlainPort;

        var result = await Check().CheckAsync(new Smtp("127.0.0.1", port, TestSmtpServer.User, Wrong, encryption));

        Assert.False(result.Succeeded);
        Assert.Equal("password", result.Field);
        Assert.Contains("authentication failed", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Wrong, result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestSmtpServer.Password, result.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task NothingListening_FailsAsConnectionRefused()
    {
        var port = FreePort();

        var result = await Check().CheckAsync(new Smtp("127.0.0.1", port, TestSmtpServer.User, TestSmtpServer.Password, SmtpEncryption.StartTls));

        Assert.False(result.Succeeded);
        Assert.Contains("could not connect", result.Message, StringComparison.Ordinal);
        Assert.Contains("refused", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestSmtpServer.Password, result.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task UntrustedCertificate_FailsNamingTheCertificate()
    {
        // The system's validation, as in production: a self-signed certificate is not trusted.
        var check = Check(o => o.ServerCertificateValidationCallback = null);

        var result = await check.CheckAsync(new Smtp("127.0.0.1", server.PlainPort, TestSmtpServer.User, TestSmtpServer.Password, SmtpEncryption.StartTls));

        Assert.False(result.Succeeded);
        Assert.Equal("encryption", result.Field);
        Assert.Contains("certificate is not trusted", result.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ImplicitTlsOnThePlainPort_FailsNamingEncryptionAndPort()
    {
        var result = await Check().CheckAsync(new Smtp("127.0.0.1", server.PlainPort, TestSmtpServer.User, TestSmtpServer.Password, SmtpEncryption.SslTls));

        Assert.False(result.Succeeded);
        Assert.Equal("encryption", result.Field);
        Assert.Contains("check the encryption and port", result.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Checker_StoredSmtpCredential_RunsTheCheckEndToEnd()
    {
        server.RequireOrSkip();
        var services = new ServiceCollection().AddLogging();
        services.AddCredentials().UseInMemoryStorage().UseMasterKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).AddSmtpCheck(server.TrustItsCertificate);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        var store = provider.GetRequiredService<ICredentialStore>();
        var org = new OrganizationId("acme");
        var good = await store.CreateAsync(org, new NewCredential("Mail", "SMTP_MAIN", CredentialCategory.Communication,
            new Smtp("127.0.0.1", server.PlainPort, TestSmtpServer.User, TestSmtpServer.Password, SmtpEncryption.StartTls)));
        var bad = await store.CreateAsync(org, new NewCredential("Mail 2", "SMTP_OTHER", CredentialCategory.Communication,
            new Smtp("127.0.0.1", server.PlainPort, TestSmtpServer.User, "not-the-password", SmtpEncryption.StartTls)));
        var checker = provider.GetRequiredService<ICredentialChecker>();

        var passed = await checker.CheckAsync(org, good.Id);
        var failed = await checker.CheckAsync(org, bad.Id);

        Assert.True(passed.Succeeded, string.Join("; ", passed.Results.Select(r => r.Message)));
        Assert.Equal(nameof(SmtpCredentialCheck), Assert.Single(passed.Results).Check);
        Assert.False(failed.Succeeded);
        Assert.DoesNotContain("not-the-password", Assert.Single(failed.Results).Message, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
