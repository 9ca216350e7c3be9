namespace Credentials;

/// <summary>Settings of the vault. Validated when the host starts (or on first use without a host).</summary>
public sealed class CredentialsOptions
{
    /// <summary>Items per page when a query does not say.</summary>
    /// <value>Defaults to 50. Must be from 1 to <see cref="MaxPageSize"/>.</value>
    public int DefaultPageSize { get; set; } = 50;

    /// <summary>The largest page a query may ask for.</summary>
    /// <value>Defaults to 500. Must be from 1 to 10,000.</value>
    public int MaxPageSize { get; set; } = 500;

    /// <summary>
    /// How long a deleted credential is kept (sealed) so it can be recovered, before <c>IDeletedCredentials.PurgeExpiredAsync</c>
    /// removes it for good. Meanwhile it never resolves or lists as active, and its key is free.
    /// </summary>
    /// <value>Defaults to 30 days. Must be more than zero and at most 3,650 days.</value>
    public TimeSpan DeletedRetention { get; set; } = TimeSpan.FromDays(30);
}
