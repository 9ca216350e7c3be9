namespace Credentials;

/// <summary>
/// Receives the events of the expiry scan (<c>ScanExpiryInBackground</c>): credentials expiring within the window or
/// expired, and OAuth 2.0 credentials that need reconnecting. Register any number of implementations as singletons
/// (<c>AddCredentialEvents&lt;T&gt;()</c>); each is called for each event, one after another. A handler that throws is logged
/// (by exception type) and the others still run. An event is raised once per credential, kind and version for the life of
/// the process (a restarted process raises what is still true again): send the mail, open the ticket, show the banner.
/// </summary>
public interface ICredentialEvents
{
    /// <summary>Handles one event.</summary>
    /// <param name="credentialEvent">The event; never a value.</param>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    Task OnEventAsync(CredentialEvent credentialEvent, CancellationToken cancellationToken);
}
