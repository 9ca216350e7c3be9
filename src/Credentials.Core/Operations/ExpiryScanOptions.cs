namespace Credentials;

/// <summary>Settings of <c>ScanExpiryInBackground()</c>.</summary>
public sealed class ExpiryScanOptions
{
    /// <summary>How often the store is scanned (the first scan runs at start-up).</summary>
    /// <value>Defaults to 1 hour. Must be from 1 second to 7 days.</value>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How far ahead a credential counts as expiring; <see cref="CredentialsOptions.ExpiringWindow"/> when null.</summary>
    /// <value>Defaults to null. When set, must be from zero to 3,650 days.</value>
    public TimeSpan? Window { get; set; }
}
