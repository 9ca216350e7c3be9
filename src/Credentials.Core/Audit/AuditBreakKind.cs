namespace Credentials;

/// <summary>How an audit chain is broken at a record.</summary>
public enum AuditBreakKind
{
    /// <summary>The record is not there: deleted (a later one follows it, or the chain's head names it).</summary>
    Missing,

    /// <summary>The record is there but its MAC does not verify: edited, moved from another position or chain, or forged.</summary>
    Altered,
}
