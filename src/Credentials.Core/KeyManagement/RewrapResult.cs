namespace Credentials;

/// <summary>The outcome of <see cref="ICredentialKeyManager.RewrapAsync"/>.</summary>
/// <param name="PrimaryKeyId">The key the data keys were rewrapped under.</param>
/// <param name="Rewrapped">Credentials whose data key was moved under the primary key.</param>
/// <param name="Conflicts">Credentials skipped because they changed concurrently (a user update wins; it writes under the primary).</param>
/// <param name="Failed">Credentials that could not be unwrapped (tampered, or under a missing or retired key); their ids are logged.</param>
/// <param name="Remaining">Credentials still not under the primary key when the rewrap finished; zero when it is complete.</param>
/// <param name="Duration">How long it took.</param>
public sealed record RewrapResult(string PrimaryKeyId, long Rewrapped, long Conflicts, long Failed, long Remaining, TimeSpan Duration);
