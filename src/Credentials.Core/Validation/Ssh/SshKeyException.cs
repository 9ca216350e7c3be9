namespace Credentials;

/// <summary>A broken SSH key rule, raised while reading a key and turned into a validation error on <see cref="Field"/>.</summary>
internal sealed class SshKeyException : Exception
{
    public SshKeyException()
        : this("private_key", "is not a valid private key")
    {
    }

    public SshKeyException(string message)
        : this("private_key", message)
    {
    }

    public SshKeyException(string message, Exception innerException)
        : base(message, innerException) => Field = "private_key";

    /// <param name="field">The wire name: <c>private_key</c>, <c>public_key</c> or <c>passphrase</c>.</param>
    /// <param name="message">The rule, never the value.</param>
    public SshKeyException(string field, string message)
        : base(message) => Field = field;

    public string Field { get; }

    /// <summary>The key's parts do not fit together: after decryption, the mark of a wrong passphrase.</summary>
    public bool Corrupt { get; init; }

    public static SshKeyException Truncated() => new("is truncated: the key data ends early (copy the whole file, BEGIN to END line)");

    public static SshKeyException WrongPassphrase() => new("passphrase", "does not open the private key (wrong passphrase)");
}
