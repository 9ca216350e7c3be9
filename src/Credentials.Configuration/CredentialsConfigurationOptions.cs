namespace Credentials;

/// <summary>How <c>AddCredentials</c> on an <c>IConfigurationBuilder</c> maps credentials to configuration and follows changes.</summary>
public sealed class CredentialsConfigurationOptions
{
    /// <summary>The shortest <see cref="PollInterval"/> accepted.</summary>
    public static readonly TimeSpan MinPollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest <see cref="PollInterval"/> accepted.</summary>
    public static readonly TimeSpan MaxPollInterval = TimeSpan.FromHours(1);

    /// <summary>
    /// Only credentials whose key starts with this text (ordinal) are loaded, and the text is removed from their
    /// configuration key: with <c>MYAPP_</c>, the credential <c>MYAPP_OPENAI_API_KEY</c> is <c>configuration["OPENAI_API_KEY"]</c>
    /// and <c>OPENAI_API_KEY</c> itself is not loaded.
    /// </summary>
    /// <value>Defaults to null: every shared credential of the organization.</value>
    public string? KeyPrefix { get; set; }

    /// <summary>
    /// A configuration section to put the credentials under: with <c>Secrets</c>, <c>configuration["Secrets:OPENAI_API_KEY"]</c>.
    /// </summary>
    /// <value>Defaults to null: at the root of the configuration.</value>
    public string? SectionName { get; set; }

    /// <summary>
    /// Whether the configuration follows changes to the credentials: a change made by this process, another process or
    /// another instance on the same store reloads it and fires its change token (<c>IChangeToken</c>,
    /// <c>IOptionsMonitor</c>), and only when a loaded value really changed.
    /// </summary>
    /// <value>Defaults to true.</value>
    public bool ReloadOnChange { get; set; } = true;

    /// <summary>
    /// How often a store without change notifications (SQLite) is asked whether anything was committed: a read of one
    /// counter, no credential is read unless it moved. Stores with notifications (PostgreSQL) are told at once and do not
    /// poll. Also the wait before a failed reload is tried again.
    /// </summary>
    /// <value>Defaults to 1 second. From <see cref="MinPollInterval"/> to <see cref="MaxPollInterval"/>.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether configuration may be built while the store cannot be read: the credentials are then missing until a reload
    /// succeeds (the provider keeps trying every <see cref="PollInterval"/>). When false, building the configuration fails
    /// with the store's error.
    /// </summary>
    /// <value>Defaults to false.</value>
    public bool Optional { get; set; }
}
