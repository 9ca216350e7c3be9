namespace Credentials;

/// <summary>
/// The user id rule, the same as the organization id's: non-blank, at most <see cref="CredentialContext.MaxUserIdLength"/>
/// characters, well-formed Unicode, no control, format or line separator characters (they would forge log lines, and an
/// unpaired surrogate would encode like another id).
/// </summary>
internal static class UserIds
{
    public const string Rule = "must be 1 to 128 characters of well-formed Unicode without control, format or line separator characters";

    public static bool IsValid(string? userId) =>
        !string.IsNullOrWhiteSpace(userId) && userId.Length <= CredentialContext.MaxUserIdLength && UnicodeRules.IsSafeIdentifier(userId);

    /// <summary>Returns <paramref name="userId"/> when null or valid; throws otherwise.</summary>
    public static string? Check(string? userId, string parameterName) =>
        userId is null || IsValid(userId) ? userId : throw new ArgumentException("A user id " + Rule + ".", parameterName);
}
