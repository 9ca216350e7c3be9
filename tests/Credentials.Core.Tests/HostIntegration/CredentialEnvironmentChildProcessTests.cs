using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.HostIntegration;

/// <summary>The environment as a real child process sees it: started with the dictionary, read back from its output.</summary>
public sealed class CredentialEnvironmentChildProcessTests : IDisposable
{
    private readonly TestVault _vault = TestVault.Create(b => b.AddTemplate(new CredentialTemplate(
        "aws", "AWS", "AWS Access Key", "AWS_CREDENTIALS", CredentialType.KeyPair, CredentialCategory.Runtime, "IAM key.", new Uri("https://aws.amazon.com/"))
    {
        EnvironmentVariables = new Dictionary<string, string> { ["api_key"] = "AWS_ACCESS_KEY_ID", ["api_secret"] = "AWS_SECRET_ACCESS_KEY" },
    }));

    [SkippableFact]
    public async Task ChildProcess_StartedWithTheEnvironment_SeesEveryValueExactly()
    {
        Skip.IfNot(File.Exists("/usr/bin/env"), "needs /usr/bin/env");
        await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("OPENAI_API_KEY", "sk-child-0123"));
        await _vault.Store.CreateFromTemplateAsync(TestVault.Acme, "aws", new KeyPair("AKIACHILD", "secret/with+chars=and spaces"));
        await _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("Mail", "MAIL", CredentialCategory.Communication,
            new Smtp("smtp.example.com", 465, "mailer", "p@ss w0rd;$HOME", SmtpEncryption.SslTls)));
        var env = await _vault.Provider.GetRequiredService<ICredentialEnvironment>().BuildAsync(TestVault.Acme, ["OPENAI_API_KEY", "AWS_CREDENTIALS", "MAIL"]);

        var seen = await RunAsync("/usr/bin/env", [], env);

        var lines = seen.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var (name, value) in env)
        {
            Assert.Contains($"{name}={value}", lines);
        }

        Assert.Contains("MAIL_PASSWORD=p@ss w0rd;$HOME", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("AWS_CREDENTIALS=", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task ChildProcess_MultiLineValue_ArrivesIntact()
    {
        Skip.IfNot(File.Exists("/bin/sh"), "needs /bin/sh");
        var value = "first line\nsecond line\n\ttabbed 'quoted' \"double\"";
        await _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("Json", "SERVICE_JSON", CredentialCategory.Custom,
            Custom.Parse("{\"text\":" + System.Text.Json.JsonSerializer.Serialize(value) + "}")));
        var env = await _vault.Provider.GetRequiredService<ICredentialEnvironment>().BuildAsync(TestVault.Acme, ["SERVICE_JSON"]);

        var seen = await RunAsync("/bin/sh", ["-c", "printf '%s' \"$SERVICE_JSON\""], env);

        Assert.Equal(env["SERVICE_JSON"], seen);
    }

    private static async Task<string> RunAsync(string file, string[] arguments, IReadOnlyDictionary<string, string> env)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var (name, value) in env)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, process.ExitCode);
        return output;
    }

    public void Dispose() => _vault.Dispose();
}
