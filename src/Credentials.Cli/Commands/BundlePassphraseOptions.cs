using System.CommandLine;
using Credentials.Cli.Settings;

namespace Credentials.Cli.Commands;

/// <summary>Where export and import read the bundle's passphrase: a file, standard input, or CREDENTIALS_BUNDLE_PASSPHRASE(_FILE).</summary>
internal sealed class BundlePassphraseOptions
{
    /// <summary>The shortest bundle passphrase accepted (as for passphrase key rings): a bundle can be attacked offline.</summary>
    public const int MinLength = 12;

    public Option<FileInfo?> File { get; } = new("--bundle-passphrase-file") { Description = "Read the bundle's passphrase from this file. Environment: CREDENTIALS_BUNDLE_PASSPHRASE_FILE, or the passphrase itself in CREDENTIALS_BUNDLE_PASSPHRASE." };

    public Option<bool> Stdin { get; } = new("--bundle-passphrase-stdin") { Description = "Read the bundle's passphrase from standard input (prompted, without echo, on a terminal)." };

    public void AddTo(Command command)
    {
        command.Options.Add(File);
        command.Options.Add(Stdin);
    }

    public string Read(ParseResult parse, CliConsole console, SecretReader secrets)
    {
        var sources = new List<SecretSource>();
        if (parse.GetValue(File) is { } file)
        {
            sources.Add(new SecretSource(SecretSourceKind.File, file.FullName));
        }

        if (parse.GetValue(Stdin))
        {
            sources.Add(new SecretSource(SecretSourceKind.Stdin, null));
        }

        if (sources.Count == 0 && console.Variable(EnvironmentVariables.BundlePassphraseFile) is { } envFile)
        {
            sources.Add(new SecretSource(SecretSourceKind.File, Path.GetFullPath(envFile, console.WorkingDirectory)));
        }

        if (sources.Count == 0 && console.Variable(EnvironmentVariables.BundlePassphrase) is not null)
        {
            sources.Add(new SecretSource(SecretSourceKind.Environment, EnvironmentVariables.BundlePassphrase));
        }

        if (sources.Count != 1)
        {
            throw CliException.Usage(sources.Count == 0
                ? $"The bundle needs a passphrase: --bundle-passphrase-file, --bundle-passphrase-stdin, {EnvironmentVariables.BundlePassphraseFile} or {EnvironmentVariables.BundlePassphrase}."
                : "Give the bundle's passphrase one way: --bundle-passphrase-file or --bundle-passphrase-stdin.");
        }

        var passphrase = secrets.ReadPassphrase(sources[0], "bundle passphrase");
        if (passphrase.Length < MinLength || string.IsNullOrWhiteSpace(passphrase) || !IsWellFormed(passphrase))
        {
            throw CliException.Usage(
                $"The bundle passphrase from {sources[0].Describe()} is refused: it must have at least {MinLength} characters, not only whitespace, " +
                "and be well-formed Unicode. Anyone who gets the file can try guesses offline: use a long random passphrase.");
        }

        return passphrase;
    }

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
