using Credentials.Storage;

namespace Credentials;

/// <summary>The recorded connection states of OAuth 2.0 credentials (written by the OAuth package, read by cards, scans and health).</summary>
internal static class OAuthConnectionStates
{
    public const string NeedsReconnect = "needs_reconnect";

    /// <summary>A state recorded at the credential's current version: a reconnect or an edit since makes it stale.</summary>
    public static bool IsNeedsReconnect(OAuthConnectionRecord? state, long version) =>
        state is { State: NeedsReconnect } && state.CredentialVersion == version;
}
