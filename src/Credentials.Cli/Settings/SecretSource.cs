namespace Credentials.Cli.Settings;

/// <summary>Where a secret is read from (never the command line). <see cref="Describe"/> names the place, never the value.</summary>
/// <param name="Kind">Standard input, a file, or an environment variable.</param>
/// <param name="Location">The file's full path or the variable's name; null for standard input.</param>
internal sealed record SecretSource(SecretSourceKind Kind, string? Location)
{
    public string Describe() => Kind switch
    {
        SecretSourceKind.Stdin => "standard input",
        SecretSourceKind.File => $"the file {Location}",
        _ => $"the environment variable {Location}",
    };
}
