namespace Credentials.Storage;

/// <summary>What a <see cref="CredentialStorageChange"/> is about.</summary>
public enum CredentialStorageChangeKind
{
    /// <summary>
    /// Notifications may have been missed (the listening connection was lost and is back): treat everything as changed.
    /// </summary>
    Reset,

    /// <summary>A credential was created, changed, deleted or restored (a rewrap, which changes no content, is not reported).</summary>
    Credential,

    /// <summary>A store-wide setting was added (key ring entries, key checks, retirements).</summary>
    Setting,
}
