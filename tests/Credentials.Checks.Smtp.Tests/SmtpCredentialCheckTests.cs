using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Credentials.Tests.SmtpChecks;

/// <summary>
/// The SMTP check against a real SMTP server on 127.0.0.1: STARTTLS, implicit TLS, plain, good and bad credentials. The
/// server is on loopback, so these checks set <see cref="CredentialsOptions.AllowPrivateNetworkDestinations"/>.
/// </summary>
public sealed class SmtpCredentialCheckTests(TestSmtpServer server) : IClassFixture<TestSmtpServer>
{
    private SmtpCredentialCheck Check(Action<SmtpCheckOptions>? configure = null)
    {
        server.RequireOrSkip();
        var options = new SmtpCheckOptions();
        server.TrustItsCertificate(options);
        configure?.Invoke(options);
        return new SmtpCredentialCheck(Options.Create(options), Options.Create(new CredentialsOptions { AllowPrivateNetworkDestinations = true }));
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
    public async Task NothingListening_FailsWithTheOneNoSessionMessage()
    {
        var port = TcpTestServer.ClosedPort();
        var smtp = new Smtp("127.0.0.1", port, TestSmtpServer.User, TestSmtpServer.Password, SmtpEncryption.StartTls);

        var result = await Check().CheckAsync(smtp);

        Assert.False(result.Succeeded);
        Assert.Equal(SmtpCredentialCheck.NoSession(SmtpCredentialCheck.Where(smtp)), result);
        Assert.Contains("could not establish an SMTP session with 127.0.0.1:" + port, result.Message, StringComparison.Ordinal);
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

    [SkippableTheory]
    [InlineData(SmtpEncryption.StartTls)]
    [InlineData(SmtpEncryption.SslTls)]
    public async Task UntrustedCertificate_RightPassword_FailsNamingTheCertificateAfterTheGreeting(SmtpEncryption encryption)
    {
        // For ssl_tls the certificate comes before the greeting; its verdict is reported only once the server greeted,
        // and before authenticating (the right password would otherwise succeed).
        var check = Check(o => o.ServerCertificateValidationCallback = null);
        var port = encryption == SmtpEncryption.SslTls ? server.TlsPort : server.PlainPort;

        var result = await check.CheckAsync(new Smtp("localhost", port, TestSmtpServer.User, TestSmtpServer.Password, encryption));

        Assert.False(result.Succeeded);
        Assert.Equal("encryption", result.Field);
        Assert.Contains("certificate is not trusted", result.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ImplicitTlsOnThePlainPort_FailsWithTheOneNoSessionMessage()
    {
        // The TLS handshake meets a plain-text greeting: no SMTP session, so nothing more specific may be said.
        var smtp = new Smtp("127.0.0.1", server.PlainPort, TestSmtpServer.User, TestSmtpServer.Password, SmtpEncryption.SslTls);

        var result = await Check().CheckAsync(smtp);

        Assert.Equal(SmtpCredentialCheck.NoSession(SmtpCredentialCheck.Where(smtp)), result);
    }

    [SkippableFact]
    public async Task NoEncryptionAgainstTheTlsPort_FailsWithTheOneNoSessionMessage()
    {
        var smtp = new Smtp("127.0.0.1", server.TlsPort, TestSmtpServer.User, TestSmtpServer.Password, SmtpEncryption.None);

        var result = await Check(o => o.Timeout = TimeSpan.FromSeconds(2)).CheckAsync(smtp);

        Assert.Equal(SmtpCredentialCheck.NoSession(SmtpCredentialCheck.Where(smtp)), result);
    }

    [SkippableFact]
    public async Task Localhost_WithoutTheOptIn_IsRefusedEvenWithARealServerThere()
    {
        server.RequireOrSkip();
        var options = new SmtpCheckOptions();
        server.TrustItsCertificate(options);
        var check = new SmtpCredentialCheck(Options.Create(options), Options.Create(new CredentialsOptions()));

        var result = await check.CheckAsync(new Smtp("localhost", server.PlainPort, TestSmtpServer.User, TestSmtpServer.Password, SmtpEncryption.StartTls));

        Assert.Equal(SmtpCredentialCheck.Refused("localhost"), result);
    }

    [SkippableFact]
    public async Task Checker_StoredSmtpCredential_RunsTheCheckEndToEnd()
    {
        server.RequireOrSkip();
        var services = new ServiceCollection().AddLogging();
        services.AddCredentials(o => o.AllowPrivateNetworkDestinations = true).UseInMemoryStorage().UseMasterKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).AddSmtpCheck(server.TrustItsCertificate);
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
}
