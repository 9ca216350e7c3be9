namespace Credentials;

/// <summary>
/// The SSH key rules: the private key reads (OpenSSH or PEM, opened with the passphrase when it is encrypted), a given
/// public key matches it, and an omitted public key is derived and stored.
/// </summary>
internal static class SshKeyRules
{
    /// <summary>Checks the key and returns it with its public key filled in (derived when it was omitted).</summary>
    public static SshKey Validate(SshKey key, List<CredentialValidationError> errors, List<CredentialValidationWarning> warnings)
    {
        if (string.IsNullOrEmpty(key.PrivateKey))
        {
            return key; // "is required" was reported from the schema.
        }

        SshKeyInfo info;
        try
        {
            info = SshPrivateKeyReader.Read(key.PrivateKey, key.Passphrase, warnings);
        }
        catch (SshKeyException ex)
        {
            CredentialValidator.AddError(errors, ex.Field, ex.Message);
            return key;
        }

        if (string.IsNullOrWhiteSpace(key.PublicKey))
        {
            return key with { PublicKey = info.PublicKeyLine };
        }

        try
        {
            var (_, blob) = SshPublicKeys.ParseLine(key.PublicKey);
            if (!blob.AsSpan().SequenceEqual(info.PublicKeyBlob))
            {
                CredentialValidator.AddError(errors, "public_key", $"does not match the private key (the private key's fingerprint is {info.Summary}); leave it blank to derive it");
            }
        }
        catch (SshKeyException ex)
        {
            CredentialValidator.AddError(errors, ex.Field, ex.Message);
        }

        return key with { PublicKey = key.PublicKey.Trim() };
    }

    /// <summary>The card's summary of a stored key: type and fingerprint of its public key, as <c>ssh-keygen -l</c> shows them.</summary>
    public static string? Summary(SshKey key)
    {
        if (string.IsNullOrWhiteSpace(key.PublicKey))
        {
            return null;
        }

        try
        {
            var (algorithm, blob) = SshPublicKeys.ParseLine(key.PublicKey);
            return SshPublicKeys.Summary(algorithm, blob);
        }
        catch (SshKeyException)
        {
            return null;
        }
    }
}
