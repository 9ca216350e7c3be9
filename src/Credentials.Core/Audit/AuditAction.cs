namespace Credentials;

/// <summary>What an audit record says happened. Wire names (stored, and in filters): <c>created</c>, <c>updated</c>, ... <c>rewrap_run</c>.</summary>
public enum AuditAction
{
    /// <summary>A credential was created (<c>created</c>).</summary>
    Created,

    /// <summary>A credential was changed; the details name the fields by wire name, never their values (<c>updated</c>).</summary>
    Updated,

    /// <summary>A credential was deleted (soft: recoverable for the retention) (<c>deleted</c>).</summary>
    Deleted,

    /// <summary>A deleted credential was recovered (<c>recovered</c>).</summary>
    Recovered,

    /// <summary>A deleted credential was removed for good, by a call or by the retention (<c>purged</c>).</summary>
    Purged,

    /// <summary>A consumer was assigned a credential; the details name the consumer's kind and id (<c>assigned</c>).</summary>
    Assigned,

    /// <summary>A consumer's assignment was removed (<c>unassigned</c>).</summary>
    Unassigned,

    /// <summary>A stored credential's live checks ran; the details hold counts (<c>checked</c>).</summary>
    Checked,

    /// <summary>An OAuth 2.0 credential was connected (tokens stored by the authorization flow) (<c>connected</c>).</summary>
    Connected,

    /// <summary>Refreshing an OAuth 2.0 credential's token failed; the details say how (<c>refresh_failed</c>).</summary>
    RefreshFailed,

    /// <summary>The store's keys were rotated: a new primary key (store-wide) (<c>key_rotated</c>).</summary>
    KeyRotated,

    /// <summary>A key was retired (store-wide) (<c>key_retired</c>).</summary>
    KeyRetired,

    /// <summary>A rewrap run moved data keys under the primary key; the details hold counts (store-wide) (<c>rewrap_run</c>).</summary>
    RewrapRun,
}
