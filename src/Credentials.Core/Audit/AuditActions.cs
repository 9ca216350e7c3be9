namespace Credentials;

/// <summary>The stored wire names of <see cref="AuditAction"/>.</summary>
internal static class AuditActions
{
    private static readonly string[] Names =
    [
        "created", "updated", "deleted", "recovered", "purged", "assigned", "unassigned", "checked", "connected",
        "refresh_failed", "key_rotated", "key_retired", "rewrap_run",
    ];

    public static string ToWireName(this AuditAction action) =>
        (uint)action < (uint)Names.Length ? Names[(int)action] : throw new ArgumentOutOfRangeException(nameof(action), action, "Not an audit action.");

    /// <summary>The action of a stored wire name; false for a name this version does not know (an edited record).</summary>
    public static bool TryParse(string name, out AuditAction action)
    {
        var index = Array.IndexOf(Names, name);
        action = (AuditAction)Math.Max(index, 0);
        return index >= 0;
    }
}
