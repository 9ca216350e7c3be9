using System.Text.Json;
using System.Text.Json.Serialization;

namespace Credentials;

/// <summary>Free-form values: a JSON object, all of it secret.</summary>
/// <param name="Value">A JSON object.</param>
public sealed record Custom(JsonElement Value) : CredentialSecret
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override CredentialType Type => CredentialType.Custom;

    /// <summary>Parses a JSON object text; a convenience for callers that hold text.</summary>
    /// <remarks>
    /// Only the syntax is checked here; the rules a stored value obeys (an object, its size, no name twice) are
    /// checked when it is saved. The error never quotes the text: all of it is secret.
    /// </remarks>
    /// <param name="json">The JSON text of an object.</param>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="CredentialValidationException">
    /// The text is not JSON, or is nested more than 32 levels deep; the error is on the field <c>value</c> and states
    /// the rule without quoting any of the text (unlike <see cref="JsonException"/>, whose message can).
    /// </exception>
    public static Custom Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = CredentialValidator.MaxCustomJsonDepth });
        }
        catch (JsonException)
        {
            // Not passed on, not even as the inner exception: its message and ToString() can quote the input.
            throw new CredentialValidationException(
                [new CredentialValidationError(CustomJsonRules.Field, $"must be valid JSON nested at most {CredentialValidator.MaxCustomJsonDepth} levels deep")]);
        }

        using (document)
        {
            return new Custom(document.RootElement.Clone());
        }
    }

    /// <summary>Equal when both values are structurally equal JSON (<see cref="JsonElement.DeepEquals"/>).</summary>
    /// <param name="other">The other value.</param>
    public bool Equals(Custom? other) =>
        other is not null
        && Value.ValueKind == other.Value.ValueKind
        && (Value.ValueKind == JsonValueKind.Undefined || JsonElement.DeepEquals(Value, other.Value));

    /// <inheritdoc/>
    public override int GetHashCode() => Value.ValueKind.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() => Value.ValueKind == JsonValueKind.Object
        ? $"Custom {{ {Value.EnumerateObject().Count()} field(s) = *** }}"
        : $"Custom {{ Value = {Hidden(Value.ValueKind == JsonValueKind.Undefined ? null : "x")} }}";
}
