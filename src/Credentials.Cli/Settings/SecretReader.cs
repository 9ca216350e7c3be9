using System.Text;
using Spectre.Console;

namespace Credentials.Cli.Settings;

/// <summary>
/// Reads passphrases and master keys from standard input (prompted without echo on a terminal), a file or an
/// environment variable. Errors name the source, never the value. Standard input can be read once per run.
/// </summary>
internal sealed class SecretReader(CliConsole console)
{
    /// <summary>The most a secret file or input may hold; a passphrase or a Base64 key is far shorter.</summary>
    private const int MaxSecretBytes = 64 * 1024;

    // Each source is read once per run (standard input can only be read once): doctor reads a secret, then opens the store with it.
    private readonly Dictionary<SecretSource, string> _read = [];
    private bool _stdinUsed;

    public string ReadPassphrase(SecretSource source, string what)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (_read.TryGetValue(source, out var known))
        {
            return known;
        }

        var text = source.Kind switch
        {
            SecretSourceKind.Stdin => ReadStdin(what),
            SecretSourceKind.File => Encoding.UTF8.GetString(ReadFile(source.Location!, what)),
            _ => console.Variable(source.Location!) ?? throw CliException.Usage($"The {what} variable {source.Location} is empty."),
        };
        text = TrimLineEnd(text);
        if (text.Length == 0)
        {
            throw CliException.Usage($"The {what} from {source.Describe()} is empty.");
        }

        _read[source] = text;
        return text;
    }

    /// <summary>A 32-byte master key: Base64 text, or (in a file) the 32 raw bytes.</summary>
    public byte[] ReadMasterKey(SecretSource source, string what = "master key")
    {
        byte[]? raw = null;
        string text;
        if (source.Kind == SecretSourceKind.File)
        {
            raw = ReadFile(source.Location!, what);
            if (raw.Length == 32)
            {
                return raw;
            }

            text = Encoding.ASCII.GetString(raw);
        }
        else
        {
            text = ReadPassphrase(source, what);
        }

        try
        {
            var key = Convert.FromBase64String(text.Trim());
            if (key.Length == 32)
            {
                return key;
            }

            System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
        }
        catch (FormatException)
        {
        }
        finally
        {
            if (raw is not null)
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(raw);
            }
        }

        throw CliException.Usage($"The {what} from {source.Describe()} is not 32 bytes (raw, or Base64 of 32 bytes).");
    }

    private string ReadStdin(string what)
    {
        if (_stdinUsed)
        {
            throw CliException.Usage($"Standard input is already used for another secret; give the {what} in a file or an environment variable.");
        }

        _stdinUsed = true;
        if (!console.InputRedirected)
        {
            return console.Error.Prompt(new TextPrompt<string>($"{Capitalize(what)}:").Secret());
        }

        var buffer = new char[MaxSecretBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = console.In.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }

        if (length > MaxSecretBytes)
        {
            throw CliException.Usage($"Standard input holds more than {MaxSecretBytes} characters; a {what} is expected.");
        }

        return new string(buffer, 0, length);
    }

    private static byte[] ReadFile(string path, string what)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw CliException.Usage($"The {what} file {path} does not exist.");
            }

            if (info.Length > MaxSecretBytes)
            {
                throw CliException.Usage($"The {what} file {path} is larger than {MaxSecretBytes} bytes; a {what} is expected.");
            }

            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"The {what} file {path} cannot be read: {ex.Message}");
        }
    }

    /// <summary>Drops one final line break (echo and most editors add one); other whitespace is part of the passphrase.</summary>
    private static string TrimLineEnd(string text) =>
        text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2]
        : text.EndsWith('\n') ? text[..^1]
        : text;

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
