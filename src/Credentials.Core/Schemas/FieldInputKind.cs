namespace Credentials;

/// <summary>How a host renders a field.</summary>
public enum FieldInputKind
{
    /// <summary>A one-line text box.</summary>
    Text,

    /// <summary>A masked one-line box; never pre-filled.</summary>
    Password,

    /// <summary>A whole number.</summary>
    Number,

    /// <summary>One of <see cref="CredentialFieldSchema.Options"/>.</summary>
    Select,

    /// <summary>A multi-line text area (for example an SSH key).</summary>
    Multiline,

    /// <summary>A JSON editor.</summary>
    Json,
}
