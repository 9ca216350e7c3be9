using System.Text.Json;

namespace Credentials.AspNetCore;

/// <summary>
/// The body of <c>PUT /{id}</c>. Absent (or null) properties and fields keep their values; a blank secret field keeps
/// the stored secret. The version goes in <c>If-Match: "&lt;version&gt;"</c> or in <c>expectedVersion</c>.
/// </summary>
/// <param name="Name">A new name.</param>
/// <param name="Key">A new key.</param>
/// <param name="Category">A new category's wire name.</param>
/// <param name="Type">The stored type's wire name, if sent: a type cannot change (that is a new credential).</param>
/// <param name="Fields">Field values by wire name, as for create.</param>
/// <param name="ExpectedVersion">The version the form was rendered from.</param>
public sealed record UpdateCredentialRequest(
    string? Name = null,
    string? Key = null,
    string? Category = null,
    string? Type = null,
    IReadOnlyDictionary<string, JsonElement>? Fields = null,
    long? ExpectedVersion = null)
{
    /// <inheritdoc/>
    public override string ToString() => $"UpdateCredentialRequest {{ Name = {Name}, Key = {Key}, Category = {Category}, Type = {Type}, Fields = {Fields?.Count ?? 0} field(s), ExpectedVersion = {ExpectedVersion} }}";
}
