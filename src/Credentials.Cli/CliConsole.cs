using Spectre.Console;

namespace Credentials.Cli;

/// <summary>
/// Where the tool reads and writes: results on <see cref="Out"/>, errors and progress notes on <see cref="Error"/>,
/// secrets only ever from <see cref="In"/> (or files and the environment). Tests and redirection get plain text.
/// </summary>
internal sealed class CliConsole(IAnsiConsole output, IAnsiConsole error, TextReader input, bool inputRedirected, IReadOnlyDictionary<string, string?> environment, string workingDirectory)
{
    public IAnsiConsole Out { get; } = output;

    public IAnsiConsole Error { get; } = error;

    public TextReader In { get; } = input;

    /// <summary>Whether standard input is a pipe or file (a passphrase is read from it) rather than a terminal (prompted).</summary>
    public bool InputRedirected { get; } = inputRedirected;

    public IReadOnlyDictionary<string, string?> Environment { get; } = environment;

    public string WorkingDirectory { get; } = workingDirectory;

    public string? Variable(string name) => Environment.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    public static CliConsole FromProcess()
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string;
        }

        return new CliConsole(
            Create(Console.Out, Console.IsOutputRedirected),
            Create(Console.Error, Console.IsErrorRedirected),
            Console.In,
            Console.IsInputRedirected,
            variables,
            Directory.GetCurrentDirectory());
    }

    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (redirected)
        {
            // A pipe or a file has no width; tables of cards are wider than the 80 columns Spectre assumes.
            console.Profile.Width = 160;
        }

        return console;
    }
}
