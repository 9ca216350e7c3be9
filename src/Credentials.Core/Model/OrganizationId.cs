namespace Credentials;

/// <summary>The organization that owns credentials; every operation is scoped to one.</summary>
public readonly record struct OrganizationId
{
    /// <summary>The longest organization id accepted.</summary>
    public const int MaxLength = 128;

    /// <summary>Creates an organization id such as <c>new OrganizationId("acme")</c>.</summary>
    /// <param name="value">
    /// Non-empty, at most <see cref="MaxLength"/> characters, well-formed UTF-16 (no unpaired surrogate), and no control
    /// (C0, DEL, C1), format (such as U+202E) or line/paragraph separator characters; zero-width (non-)joiners are allowed.
    /// </param>
    /// <exception cref="ArgumentException">The value breaks one of those rules.</exception>
    public OrganizationId(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (value.Length > MaxLength)
        {
            throw new ArgumentException($"An organization id has at most {MaxLength} characters.", nameof(value));
        }

        if (!UnicodeRules.IsSafeIdentifier(value))
        {
            throw new ArgumentException(
                "An organization id must be well-formed Unicode (no unpaired surrogates) without control, format, line or paragraph separator characters.",
                nameof(value));
        }

        Value = value;
    }

    /// <summary>The id as given.</summary>
    public string Value { get; }

    /// <summary>Throws when this is <c>default</c> (never constructed).</summary>
    internal string Checked(string parameterName = "org") =>
        Value ?? throw new ArgumentException("The organization id is not set (default value).", parameterName);

    /// <inheritdoc/>
    public override string ToString() => Value ?? string.Empty;
}
