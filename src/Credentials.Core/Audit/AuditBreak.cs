namespace Credentials;

/// <summary>Where an audit chain stops verifying: the first record that was deleted, edited, moved or reordered.</summary>
/// <param name="Sequence">The position of the broken record.</param>
/// <param name="Kind">What is wrong there.</param>
/// <param name="Record">The record as stored at that position, when there is one (an edited one); null when it is missing.</param>
public sealed record AuditBreak(long Sequence, AuditBreakKind Kind, CredentialAuditRecord? Record)
{
    /// <inheritdoc/>
    public override string ToString() => Kind == AuditBreakKind.Missing
        ? $"audit record {Sequence} is missing"
        : $"audit record {Sequence} was altered";
}
