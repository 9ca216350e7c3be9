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
    /// <param name="json">The JSON text of an object.</param>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    public static Custom Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new Custom(document.RootElement.Clone());
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
