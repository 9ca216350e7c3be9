namespace Credentials;

/// <summary>The header of a key ring kept in the store (setting <c>key-ring/header</c>): how its keys are protected.</summary>
internal sealed class StoredKeyRingHeader
{
    public const string CurrentFormat = "credentials-stored-key-ring/v1";

    public string Format { get; set; } = CurrentFormat;

    /// <summary>The <see cref="IKeyRingProtection.Name"/> that protects the ring.</summary>
    public string Protection { get; set; } = string.Empty;

    /// <summary>The protection's non-secret parameters, Base64.</summary>
    public string Parameters { get; set; } = string.Empty;
}
