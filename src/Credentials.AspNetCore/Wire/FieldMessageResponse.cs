namespace Credentials.AspNetCore;

/// <summary>A message about one field, by wire name (a warning on a saved credential).</summary>
/// <param name="Field">The field's wire name, such as <c>port</c>.</param>
/// <param name="Message">The rule, never the value.</param>
public sealed record FieldMessageResponse(string Field, string Message);
