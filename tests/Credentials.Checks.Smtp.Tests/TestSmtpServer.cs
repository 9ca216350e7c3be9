using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Credentials.Tests.SmtpChecks;

/// <summary>
/// A real SMTP server (the npm package smtp-server under node, SmtpServer/server.js) on 127.0.0.1, with STARTTLS and
/// implicit TLS on a self-signed certificate made here, and AUTH PLAIN/LOGIN accepting one user. When it cannot start,
/// tests fail under CI=true and are skipped otherwise, saying how to install what it needs.
/// </summary>
public sealed class TestSmtpServer : IDisposable
{
    public const string User = "mailer@example.com";
    public const string Password = "s3cret-Passw0rd!";
    public const string InstallHint = "run: bash .ci/install-smtp-test-deps.sh (installs Node.js if missing and the npm package smtp-server)";

    private readonly string _folder = Directory.CreateTempSubdirectory("credentials-smtp-").FullName;
    private readonly Process? _process;

    public TestSmtpServer()
    {
        try
        {
            Certificate = MakeCertificate(Path.Combine(_folder, "key.pem"), Path.Combine(_folder, "cert.pem"));
            _process = Start(out var plainPort, out var tlsPort);
            PlainPort = plainPort;
            TlsPort = tlsPort;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception or JsonException or TimeoutException)
        {
            StartError = ex.Message;
        }
    }

    /// <summary>The port that offers STARTTLS (and plain text before it).</summary>
    public int PlainPort { get; }

    /// <summary>The port that speaks TLS from the first byte.</summary>
    public int TlsPort { get; }

    /// <summary>The server's self-signed certificate.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>Why the server did not start, or null.</summary>
    public string? StartError { get; }

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Options that trust exactly this server's certificate (and nothing else the system would not).</summary>
    public void TrustItsCertificate(SmtpCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var thumbprint = Certificate!.GetCertHashString(HashAlgorithmName.SHA256);
        options.Timeout = TimeSpan.FromSeconds(15);
        options.CheckCertificateRevocation = false;
        options.ServerCertificateValidationCallback = (_, certificate, _, errors) =>
            errors == System.Net.Security.SslPolicyErrors.None
            || (certificate is not null && string.Equals(certificate.GetCertHashString(HashAlgorithmName.SHA256), thumbprint, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Fails under CI=true, skips otherwise, when the server did not start.</summary>
    public void RequireOrSkip()
    {
        if (StartError is null)
        {
            return;
        }

        Assert.False(IsCi, $"The test SMTP server did not start and CI=true: {StartError}. To fix, {InstallHint}");
        Skip.If(true, $"The test SMTP server did not start ({StartError}); to run these tests, {InstallHint}");
    }

    private Process Start(out int plainPort, out int tlsPort)
    {
        var serverFolder = typeof(TestSmtpServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "SmtpServerFolder").Value!;
        if (!File.Exists(Path.Combine(serverFolder, "node_modules", "smtp-server", "package.json")))
        {
            throw new InvalidOperationException($"the npm package smtp-server is not installed in {serverFolder}");
        }

        var node = FindOnPath("node") ?? throw new InvalidOperationException("node (Node.js) is not installed");
        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = serverFolder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("server.js");
        start.Environment["SMTP_KEY"] = Path.Combine(_folder, "key.pem");
        start.Environment["SMTP_CERT"] = Path.Combine(_folder, "cert.pem");
        start.Environment["SMTP_USER"] = User;
        start.Environment["SMTP_PASS"] = Password;

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var error = process.StandardError.ReadToEndAsync();
        var line = process.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(30)) || line.Result is null)
        {
            Stop(process);
            throw new TimeoutException("server.js printed no ports: " + (error.Wait(TimeSpan.FromSeconds(2)) ? error.Result : "(no error output)"));
        }

        using var ports = JsonDocument.Parse(line.Result);
        plainPort = ports.RootElement.GetProperty("plain").GetInt32();
        tlsPort = ports.RootElement.GetProperty("tls").GetInt32();
        return process;
    }

    private static X509Certificate2 MakeCertificate(string keyPath, string certificatePath)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        return certificate;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);

    private static void Stop(Process process)
    {
        try
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        if (_process is not null)
        {
            Stop(_process);
            _process.Dispose();
        }

        Certificate?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
