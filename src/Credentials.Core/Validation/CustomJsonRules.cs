using System.Text.Json;

namespace Credentials;

/// <summary>Custom values: a JSON object, bounded in size and depth, with no property name twice in one object.</summary>
internal static class CustomJsonRules
{
    public const string Field = "value";

    private static readonly JsonDocumentOptions DepthRule = new() { MaxDepth = CredentialValidator.MaxCustomJsonDepth };

    // Depth was checked first, so the default MaxDepth (64) can only matter for a value that already failed.
    private static readonly JsonDocumentOptions DuplicateRule = new() { AllowDuplicateProperties = false };

    public static void Check(JsonElement value, List<CredentialValidationError> errors)
    {
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            return; // "is required" was reported from the schema.
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            CredentialValidator.AddError(errors, Field, "must be a JSON object (not an array, string, number or null)");
            return;
        }

        var json = value.GetRawText();
        if (json.Length > CredentialValidator.MaxCustomJsonLength)
        {
            CredentialValidator.AddError(errors, Field, $"must be at most {CredentialValidator.MaxCustomJsonLength} characters of JSON");
        }
        else if (!Parses(json, DepthRule))
        {
            CredentialValidator.AddError(errors, Field, $"must be nested at most {CredentialValidator.MaxCustomJsonDepth} levels deep");
        }
        else if (!Parses(json, DuplicateRule))
        {
            // The name itself is not shown: everything in a custom credential is secret.
            CredentialValidator.AddError(errors, Field, "must not use the same property name twice in one object (duplicate property names are ambiguous)");
        }
    }

    /// <summary>
    /// Whether the text parses under the options. The parser's own message quotes the offending property name (a
    /// secret here), so it is dropped and the caller states the rule instead.
    /// </summary>
    private static bool Parses(string json, JsonDocumentOptions options)
    {
        try
        {
            using var document = JsonDocument.Parse(json, options);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
