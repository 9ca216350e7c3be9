namespace Credentials;

/// <summary>The key settings of <c>AddCredentials(IConfiguration)</c>: at most one of them may be set.</summary>
internal sealed class ConfiguredKeySettings
{
    /// <summary><c>MasterKey</c>: the base64 of 32 random bytes (<c>UseMasterKey</c>).</summary>
    public string? MasterKey { get; set; }

    /// <summary><c>Passphrase</c>: a passphrase of at least 12 characters (<c>UsePassphrase</c>).</summary>
    public string? Passphrase { get; set; }

    /// <summary><c>KeyFile</c>: the path of a local key file (<c>UseKeyFile</c>), a development setting.</summary>
    public string? KeyFile { get; set; }

    public static bool IsSet(string? value) => !string.IsNullOrWhiteSpace(value);
}
