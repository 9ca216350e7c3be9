namespace Credentials;

/// <summary>The names a credential's values may take in a child process's environment: <c>[A-Z_][A-Z0-9_]*</c>.</summary>
internal static class EnvironmentVariableNames
{
    /// <summary>The longest name accepted (a key of 128 characters, '_' and a field wire name fit).</summary>
    public const int MaxLength = 256;

    /// <summary>The rule, as error messages state it.</summary>
    public const string Rule = "must match [A-Z_][A-Z0-9_]* (upper-case letters, digits and '_', not starting with a digit), at most 256 characters";

    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || name[0] is >= '0' and <= '9')
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
