using System.Diagnostics;

namespace Credentials.Tests.Validation;

/// <summary>
/// Runs the real <c>ssh-keygen</c> (OpenSSH), the reference the SSH key rules are checked against. When it is missing
/// the tests fail under CI=true and are skipped otherwise, with a message saying how to install it.
/// </summary>
internal static class SshKeygen
{
    public const string InstallHint = "install it with: bash .ci/install-smtp-test-deps.sh (or apt-get install -y openssh-client)";

    private static readonly Lazy<string?> Executable = new(Find);

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Fails under CI=true, skips otherwise, when ssh-keygen is not installed.</summary>
    public static void RequireOrSkip()
    {
        if (Executable.Value is not null)
        {
            return;
        }

        Assert.False(IsCi, "ssh-keygen is not installed and CI=true; " + InstallHint);
        Skip.If(true, "ssh-keygen is not installed, so the SSH key interoperability tests were skipped; " + InstallHint);
    }

    /// <summary>Runs ssh-keygen with no standard input and returns its standard output; throws on a non-zero exit.</summary>
    public static string Run(params string[] arguments)
    {
        RequireOrSkip();
        return RunProgram(Executable.Value!, arguments);
    }

    /// <summary>Runs the <c>ssh</c> installed beside ssh-keygen (same package, openssh-client), as <see cref="Run"/> does.</summary>
    public static string RunSsh(params string[] arguments)
    {
        RequireOrSkip();
        var ssh = Path.Combine(Path.GetDirectoryName(Executable.Value!)!, "ssh");
        Assert.True(File.Exists(ssh), $"ssh is not installed beside ssh-keygen; {InstallHint}");
        return RunProgram(ssh, arguments);
    }

    private static string RunProgram(string executable, string[] arguments)
    {
        var name = Path.GetFileName(executable);
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException(name + " did not start");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill();
            throw new TimeoutException($"{name} did not finish in 120 s: " + string.Join(' ', arguments));
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{name} {string.Join(' ', arguments)} exited {process.ExitCode}: {error.Result}");
        }

        return output.Result;
    }

    private static string? Find()
    {
        const string Default = "/usr/bin/ssh-keygen";
        if (File.Exists(Default))
        {
            return Default;
        }

        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, "ssh-keygen");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
