namespace Credentials;

/// <summary>How <see cref="CredentialView.LastUsedAt"/> is kept: resolves are noted in memory and written in batches.</summary>
public sealed class LastUsedOptions
{
    /// <summary>Whether resolves move <see cref="CredentialView.LastUsedAt"/> at all.</summary>
    /// <value>Defaults to true.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the noted uses are written (one batch per flush). A credential is written at most once per <see cref="Resolution"/>.</summary>
    /// <value>Defaults to 15 seconds. Must be from 1 second to 1 hour.</value>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The most often a credential's last-used time is written: a credential resolved continuously is written once per this.</summary>
    /// <value>Defaults to 1 minute. Must be from 1 second to 1 day.</value>
    public TimeSpan Resolution { get; set; } = TimeSpan.FromMinutes(1);
}
