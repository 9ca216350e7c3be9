using System.Text.Json;

namespace Credentials;

/// <summary>Custom values: a JSON object, bounded in size and depth, with no property name twice in one object.</summary>
internal static class CustomJsonRules
{
    public const string Field = "value";

    public static void Check(JsonElement value, List<CredentialValidationError> errors)
    {
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            return; // "is required" was reported from the schema.
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            CredentialValidator.AddError(errors, Field, "must be a JSON object (not an array, string, number or null)");
        }
        else if (value.GetRawText().Length > CredentialValidator.MaxCustomJsonLength)
        {
            CredentialValidator.AddError(errors, Field, $"must be at most {CredentialValidator.MaxCustomJsonLength} characters of JSON");
        }
        else if (Depth(value, 0) > CredentialValidator.MaxCustomJsonDepth)
        {
            CredentialValidator.AddError(errors, Field, $"must be nested at most {CredentialValidator.MaxCustomJsonDepth} levels deep");
        }
        else if (HasDuplicateName(value))
        {
            // The name itself is not shown: everything in a custom credential is secret.
            CredentialValidator.AddError(errors, Field, "must not use the same property name twice in one object (duplicate property names are ambiguous)");
        }
    }

    // Stops one level past the limit, so a hostile element cannot make this walk deep.
    private static int Depth(JsonElement element, int level)
    {
        if (level > CredentialValidator.MaxCustomJsonDepth)
        {
            return level;
        }

        var deepest = 0;
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    deepest = Math.Max(deepest, Depth(property.Value, level + 1));
                }

                return Math.Max(deepest, level + 1);
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    deepest = Math.Max(deepest, Depth(item, level + 1));
                }

                return Math.Max(deepest, level + 1);
            default:
                return level;
        }
    }

    private static bool HasDuplicateName(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!names.Add(property.Name) || HasDuplicateName(property.Value))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (HasDuplicateName(item))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }
}
