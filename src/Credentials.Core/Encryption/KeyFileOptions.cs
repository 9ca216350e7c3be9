namespace Credentials;

/// <summary>Where the local key file lives (<c>UseKeyFile</c>, and the default of <c>AddCredentialsCore()</c>).</summary>
public sealed class KeyFileOptions
{
    /// <summary>The file name used when <see cref="Path"/> is not set.</summary>
    public const string DefaultFileName = "credentials.key";

    /// <summary>
    /// The key file's path; relative paths are under the host's content root (or the working directory).
    /// </summary>
    /// <value>Defaults to <c>credentials.key</c>.</value>
    public string Path { get; set; } = DefaultFileName;
}
