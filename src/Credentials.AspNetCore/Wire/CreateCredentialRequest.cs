using System.Text.Json;

namespace Credentials.AspNetCore;

/// <summary>
/// The body of <c>POST /</c>: either a custom credential (<c>name</c>, <c>key</c>, <c>category</c>, <c>type</c> and
/// <c>fields</c>) or one from a template (<c>templateId</c> and <c>fields</c>; the template gives key, category and type,
/// and the name unless one is posted). Either may be the requesting user's own (<see cref="Ownership"/>).
/// </summary>
/// <param name="Name">The human label.</param>
/// <param name="Key">The lookup key (with a template: optional, and must be the template's).</param>
/// <param name="Category">The category's wire name (with a template: optional, and must be the template's).</param>
/// <param name="Type">The type's wire name (with a template: optional, and must be the template's).</param>
/// <param name="TemplateId">The template to start from, if any.</param>
/// <param name="Fields">
/// The type's field values by wire name (<c>token</c>, <c>host</c>, <c>port</c>...): strings, or numbers and booleans as
/// their text; the custom type's <c>value</c> may be a JSON object.
/// </param>
public sealed record CreateCredentialRequest(
    string? Name = null,
    string? Key = null,
    string? Category = null,
    string? Type = null,
    string? TemplateId = null,
    IReadOnlyDictionary<string, JsonElement>? Fields = null)
{
    /// <summary>
    /// Who owns the new credential: <c>organization</c> (the default: shared, resolvable in any context of the organization)
    /// or <c>user</c> (the requesting user's own; the request must act for a user).
    /// </summary>
    public string? Ownership { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"CreateCredentialRequest {{ Name = {Name}, Key = {Key}, Category = {Category}, Type = {Type}, TemplateId = {TemplateId}, Ownership = {Ownership}, Fields = {Fields?.Count ?? 0} field(s) }}";
}
