namespace Credentials;

/// <summary>How <see cref="ICredentialKeyManager.RewrapAsync"/> and the background rewrap (<c>RewrapInBackground()</c>) work.</summary>
public sealed class RewrapOptions
{
    /// <summary>The largest batch size allowed.</summary>
    public const int MaxBatchSize = 10_000;

    /// <summary>Credentials read and written per batch; each batch is one write transaction.</summary>
    /// <value>Defaults to 1,000. Must be from 1 to <see cref="MaxBatchSize"/>.</value>
    public int BatchSize { get; set; } = 1_000;

    /// <summary>How often the background rewrap looks for credentials not yet under the primary key (it also runs at start-up).</summary>
    /// <value>Defaults to one hour. Must be positive.</value>
    public TimeSpan BackgroundInterval { get; set; } = TimeSpan.FromHours(1);
}
