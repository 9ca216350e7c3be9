using System.Diagnostics.CodeAnalysis;

namespace Credentials;

/// <summary>Identifies one credential. Text form: 32 lower-case hex digits.</summary>
public readonly record struct CredentialId : ISpanParsable<CredentialId>
{
    /// <summary>Wraps a GUID.</summary>
    /// <param name="value">The GUID.</param>
    public CredentialId(Guid value) => Value = value;

    /// <summary>The GUID behind the id.</summary>
    public Guid Value { get; }

    /// <summary>A new, time-ordered id.</summary>
    public static CredentialId New() => new(Guid.CreateVersion7());

    /// <summary>Parses the text form (any GUID format is accepted).</summary>
    /// <param name="s">The text.</param>
    /// <exception cref="FormatException">The text is not an id.</exception>
    public static CredentialId Parse(string s) => Parse(s, null);

    /// <inheritdoc/>
    public static CredentialId Parse(string s, IFormatProvider? provider)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Parse(s.AsSpan(), provider);
    }

    /// <inheritdoc/>
    public static CredentialId Parse(ReadOnlySpan<char> s, IFormatProvider? provider) =>
        TryParse(s, provider, out var id) ? id : throw new FormatException("The text is not a credential id.");

    /// <summary>Parses the text form.</summary>
    /// <param name="s">The text.</param>
    /// <param name="result">The id when parsing succeeded.</param>
    public static bool TryParse([NotNullWhen(true)] string? s, out CredentialId result) => TryParse(s.AsSpan(), null, out result);

    /// <inheritdoc/>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out CredentialId result) =>
        TryParse(s.AsSpan(), provider, out result);

    /// <inheritdoc/>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out CredentialId result)
    {
        var ok = Guid.TryParse(s, out var guid);
        result = new CredentialId(guid);
        return ok;
    }

    /// <inheritdoc/>
    public override string ToString() => Value.ToString("N");
}
