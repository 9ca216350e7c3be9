namespace Credentials;

/// <summary>
/// The masked summary of a card, computed when the secret is written and stored beside it: four bullets, then at
/// most the last 4 characters of the main secret, and only when that is at most a quarter of it. The number of
/// bullets is fixed so the mask never tells the length. An SSH key shows its public key's type and fingerprint instead.
/// </summary>
internal static class SecretMask
{
    public const string Bullets = "\u2022\u2022\u2022\u2022";
    public const int RevealedCharacters = 4;

    /// <summary>Secrets shorter than this show only bullets (4 characters would be more than a quarter).</summary>
    public const int MinLengthToReveal = RevealedCharacters * 4;

    public static string For(CredentialSecret secret) => secret switch
    {
        ApiToken s => Of(s.Token),
        KeyPair s => Of(s.ApiSecret),
        OAuth2 s => Of(s.ClientSecret),

        // The type and fingerprint of the public key, as ssh-keygen -l shows them: public, and what users compare.
        SshKey s => SshKeyRules.Summary(s) ?? Bullets,

        // Passwords are short and guessable: revealing part of one helps an attacker more than it helps a user.
        // Everything in Custom is secret.
        _ => Bullets,
    };

    public static string Of(string? secret)
    {
        if (secret is null || secret.Length < MinLengthToReveal)
        {
            return Bullets;
        }

        var tail = secret.AsSpan(secret.Length - RevealedCharacters);
        foreach (var c in tail)
        {
            // Printable ASCII only: never half a surrogate pair, never whitespace that would hide in the UI.
            if (c is <= ' ' or > '~')
            {
                return Bullets;
            }
        }

        return string.Concat(Bullets, tail);
    }
}
