namespace Credentials;

/// <summary>Settings of <c>PurgeInBackground()</c>, which enforces <see cref="CredentialsOptions.DeletedRetention"/>.</summary>
public sealed class PurgeOptions
{
    /// <summary>How often deleted credentials past their retention are purged (the first run is at start-up).</summary>
    /// <value>Defaults to 1 hour. Must be from 1 second to 7 days.</value>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}
