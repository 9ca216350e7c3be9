namespace Credentials;

/// <summary>
/// Where the vault's settings came from when the host called <c>AddCredentials(IConfiguration)</c>, so that start-up
/// validation names the configuration keys to fix (<c>Credentials:MaxPageSize</c>) instead of option properties.
/// </summary>
internal sealed class CredentialsConfigurationPaths(string sectionPath)
{
    /// <summary>The section's path, such as <c>Credentials</c>; empty for the configuration root.</summary>
    public string SectionPath { get; } = sectionPath;

    /// <summary>The full path of a key under the section, such as <c>Credentials:Sqlite:ConnectionString</c>.</summary>
    public string Of(string relative) => SectionPath.Length == 0 ? relative : SectionPath + ":" + relative;
}
