namespace Credentials;

/// <summary>How far a rewrap has come.</summary>
/// <param name="Done">Credentials handled so far (rewrapped, changed concurrently, or failed).</param>
/// <param name="Total">Credentials that were not under the primary key when the rewrap started.</param>
public sealed record RewrapProgress(long Done, long Total);
