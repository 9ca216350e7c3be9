using System.Collections.Concurrent;

namespace Credentials.Tests.Validation;

/// <summary>Makes keys with ssh-keygen on first use, once per set of options, in a temporary folder removed at the end.</summary>
public sealed class SshKeygenFixture : IDisposable
{
    public const string Passphrase = "correct horse battery staple";

    private readonly string _folder = Directory.CreateTempSubdirectory("credentials-ssh-").FullName;
    private readonly ConcurrentDictionary<string, Lazy<GeneratedKey>> _keys = new(StringComparer.Ordinal);
    private int _counter;

    /// <summary>A key made by <c>ssh-keygen -t type [-b bits] [-m format] [-Z cipher] [-a rounds] -N passphrase</c>.</summary>
    public GeneratedKey Get(string type, int bits = 0, bool encrypted = false, string? format = null, string? cipher = null, int rounds = 0)
    {
        SshKeygen.RequireOrSkip();
        var id = $"{type}/{bits}/{encrypted}/{format}/{cipher}/{rounds}";
        return _keys.GetOrAdd(id, _ => new Lazy<GeneratedKey>(() => Generate(type, bits, encrypted ? Passphrase : null, format, cipher, rounds))).Value;
    }

    private GeneratedKey Generate(string type, int bits, string? passphrase, string? format, string? cipher, int rounds)
    {
        var file = Path.Combine(_folder, $"key{Interlocked.Increment(ref _counter)}");
        var arguments = new List<string> { "-q", "-t", type, "-N", passphrase ?? string.Empty, "-C", "test@credentials", "-f", file };
        if (bits > 0)
        {
            arguments.AddRange(["-b", bits.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        if (format is not null)
        {
            arguments.AddRange(["-m", format]);
        }

        if (cipher is not null)
        {
            arguments.AddRange(["-Z", cipher]);
        }

        if (rounds > 0)
        {
            arguments.AddRange(["-a", rounds.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        SshKeygen.Run([.. arguments]);

        // "256 SHA256:abc... test@credentials (ED25519)"
        var listing = SshKeygen.Run("-l", "-E", "sha256", "-f", file + ".pub").Trim().Split(' ');
        return new GeneratedKey(
            File.ReadAllText(file),
            File.ReadAllText(file + ".pub").Trim(),
            listing[1],
            listing[^1].Trim('(', ')'),
            passphrase);
    }

    public void Dispose()
    {
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
