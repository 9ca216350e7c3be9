namespace Credentials.Tests.Validation;

/// <summary>SSH keys made by the real ssh-keygen, in every algorithm and format the SDK accepts, through the vault.</summary>
public sealed class SshKeyValidationTests(SshKeygenFixture keys) : IClassFixture<SshKeygenFixture>, IDisposable
{
    private readonly TestVault _vault = TestVault.Create();
    private int _counter;

    public static TheoryData<string, int, string?, bool> Keys()
    {
        var data = new TheoryData<string, int, string?, bool>();
        foreach (var encrypted in new[] { false, true })
        {
            // OpenSSH format (ssh-keygen's default); encrypted ones use bcrypt_pbkdf + aes256-ctr.
            data.Add("ed25519", 0, null, encrypted);
            data.Add("rsa", 2048, null, encrypted);
            data.Add("rsa", 3072, null, encrypted);
            data.Add("ecdsa", 256, null, encrypted);
            data.Add("ecdsa", 384, null, encrypted);
            data.Add("ecdsa", 521, null, encrypted);

            // PEM: PKCS#1 for RSA and SEC1 for EC (legacy DEK-Info when encrypted), and PKCS#8 (PBES2 when encrypted).
            data.Add("rsa", 2048, "PEM", encrypted);
            data.Add("ecdsa", 256, "PEM", encrypted);
            data.Add("ecdsa", 521, "PEM", encrypted);
            data.Add("rsa", 2048, "PKCS8", encrypted);
            data.Add("ecdsa", 384, "PKCS8", encrypted);
        }

        return data;
    }

    /// <summary>
    /// Every cipher <c>ssh -Q cipher</c> lists (OpenSSH 9.2), each of which <c>ssh-keygen -Z</c> accepts for a key;
    /// <see cref="Ciphers_ListedBySsh_AreAllTested"/> fails when an OpenSSH release adds one.
    /// </summary>
    public static readonly string[] Ciphers =
    [
        "aes128-ctr", "aes192-ctr", "aes256-ctr", "aes128-cbc", "aes192-cbc", "aes256-cbc",
        "aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com", "3des-cbc",
    ];

    public static TheoryData<string, int, string> CipherKeys()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var cipher in Ciphers)
        {
            foreach (var (type, bits) in new[] { ("ed25519", 0), ("rsa", 2048), ("ecdsa", 256), ("ecdsa", 384), ("ecdsa", 521) })
            {
                data.Add(type, bits, cipher);
            }
        }

        return data;
    }

    public static TheoryData<string> CipherNames() => new(Ciphers);

    public static TheoryData<string, int, string?> EncryptedKeys()
    {
        var data = new TheoryData<string, int, string?>();
        foreach (var row in Keys().Where(r => (bool)r[3]))
        {
            data.Add((string)row[0], (int)row[1], (string?)row[2]);
        }

        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Keys))]
    public async Task Create_KeyFromSshKeygen_IsAcceptedWithItsFingerprintAndDerivedPublicKey(string type, int bits, string? format, bool encrypted)
    {
        var key = keys.Get(type, bits, encrypted, format);

        var view = await CreateAsync(new SshKey(key.PrivateKey, Passphrase: key.Passphrase));

        Assert.Equal($"{key.TypeLabel} {key.Fingerprint}", view.MaskedSummary);
        Assert.Empty(view.Warnings);
        var stored = await _vault.Resolver.ResolveAsync<SshKey>(TestVault.Acme, view.Key);
        Assert.Equal(key.PublicKeyPart, stored.PublicKey);
        Assert.Equal(key.PrivateKey, stored.PrivateKey);
    }

    [SkippableTheory]
    [MemberData(nameof(Keys))]
    public async Task Create_KeyWithItsOwnPublicKeyLine_IsAcceptedAndKeepsTheLine(string type, int bits, string? format, bool encrypted)
    {
        var key = keys.Get(type, bits, encrypted, format);

        var view = await CreateAsync(new SshKey(key.PrivateKey, key.PublicKeyLine + "\n", key.Passphrase));

        Assert.Equal($"{key.TypeLabel} {key.Fingerprint}", view.MaskedSummary);
        Assert.Equal(key.PublicKeyLine, (await _vault.Resolver.ResolveAsync<SshKey>(TestVault.Acme, view.Key)).PublicKey);
    }

    [SkippableTheory]
    [MemberData(nameof(EncryptedKeys))]
    public async Task Create_EncryptedKeyWithWrongOrMissingPassphrase_IsRejectedOnPassphrase(string type, int bits, string? format)
    {
        var key = keys.Get(type, bits, encrypted: true, format);

        var wrong = await RejectAsync(new SshKey(key.PrivateKey, Passphrase: "not the passphrase"), "passphrase");
        var missing = await RejectAsync(new SshKey(key.PrivateKey), "passphrase");

        Assert.Contains("wrong passphrase", wrong, StringComparison.Ordinal);
        Assert.Contains("is required", missing, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(Keys))]
    public async Task Create_PublicKeyOfAnotherKey_IsRejectedOnPublicKey(string type, int bits, string? format, bool encrypted)
    {
        var key = keys.Get(type, bits, encrypted, format);
        var other = type == "ed25519" ? keys.Get("ecdsa", 256) : keys.Get("ed25519");

        var message = await RejectAsync(new SshKey(key.PrivateKey, other.PublicKeyLine, key.Passphrase), "public_key");

        Assert.Contains("does not match the private key", message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Create_SameTypeOtherKeyPublicKey_IsRejectedOnPublicKey()
    {
        var key = keys.Get("rsa", 2048);
        var other = keys.Get("rsa", 3072);

        await RejectAsync(new SshKey(key.PrivateKey, other.PublicKeyLine), "public_key");
    }

    [SkippableFact]
    public async Task Create_KeyWithoutEndLine_IsRejectedAsTruncated()
    {
        var key = keys.Get("ed25519");
        var cut = key.PrivateKey[..(key.PrivateKey.Length / 2)];

        var message = await RejectAsync(new SshKey(cut), "private_key");

        Assert.Contains("is truncated", message, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("ed25519", 0)]
    [InlineData("rsa", 2048)]
    [InlineData("ecdsa", 384)]
    public async Task Create_KeyWithBodyCutShort_IsRejectedAsTruncated(string type, int bits)
    {
        // Drop the last two base64 lines (140 characters, whole base64 groups) but keep the END line.
        var lines = keys.Get(type, bits).PrivateKey.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        lines.RemoveRange(lines.Count - 3, 2);

        var message = await RejectAsync(new SshKey(string.Join('\n', lines)), "private_key");

        Assert.True(message.Contains("is truncated", StringComparison.Ordinal), message);
    }

    [SkippableFact]
    public async Task Create_EncryptedKeyWithBodyCutShort_IsRejectedOnPrivateKey()
    {
        var lines = keys.Get("ed25519", encrypted: true).PrivateKey.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        lines.RemoveRange(lines.Count - 3, 2);

        var message = await RejectAsync(new SshKey(string.Join('\n', lines), Passphrase: SshKeygenFixture.Passphrase), "private_key");

        Assert.Contains("is truncated", message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Create_KeyWithFlippedCharacter_IsRejectedOnPrivateKey()
    {
        var key = keys.Get("ecdsa", 256);
        var lines = key.PrivateKey.Split('\n');
        var line = lines[3].ToCharArray();
        line[10] = line[10] == 'A' ? 'B' : 'A';
        lines[3] = new string(line);

        await RejectAsync(new SshKey(string.Join('\n', lines)), "private_key");
    }

    [SkippableTheory]
    [MemberData(nameof(CipherKeys))]
    public async Task Create_KeyEncryptedWithEachCipher_IsAcceptedWithSshKeygensFingerprintAndDerivedPublicKey(string type, int bits, string cipher)
    {
        var key = keys.Get(type, bits, encrypted: true, cipher: cipher);

        var view = await CreateAsync(new SshKey(key.PrivateKey, Passphrase: key.Passphrase));

        Assert.Equal($"{key.TypeLabel} {key.Fingerprint}", view.MaskedSummary);
        Assert.Empty(view.Warnings);
        Assert.Equal(key.PublicKeyPart, (await _vault.Resolver.ResolveAsync<SshKey>(TestVault.Acme, view.Key)).PublicKey);
    }

    [SkippableTheory]
    [MemberData(nameof(CipherNames))]
    public async Task Create_KeyEncryptedWithEachCipherAndWrongOrMissingPassphrase_IsRejectedOnPassphrase(string cipher)
    {
        var key = keys.Get("ed25519", encrypted: true, cipher: cipher);

        // AEAD ciphers fail on their tag, the others on the check values: both are a wrong passphrase.
        var wrong = await RejectAsync(new SshKey(key.PrivateKey, Passphrase: "not the passphrase"), "passphrase");
        var missing = await RejectAsync(new SshKey(key.PrivateKey), "passphrase");

        Assert.Contains("wrong passphrase", wrong, StringComparison.Ordinal);
        Assert.Contains("is required", missing, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Ciphers_ListedBySsh_AreAllTested()
    {
        var listed = SshKeygen.RunSsh("-Q", "cipher").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.NotEmpty(listed);
        Assert.All(listed, cipher => Assert.Contains(cipher, Ciphers));
    }

    [SkippableTheory]
    [InlineData((uint)OpenSshKeyHeader.MaxBcryptRounds + 1)]
    [InlineData(1000u)]
    [InlineData(1025u)]
    [InlineData(uint.MaxValue)]
    public async Task Create_KeyWithMoreBcryptRoundsThanTheCap_IsRefusedNamingTheRule(uint rounds)
    {
        // Just over the cap, ssh-keygen writes the key itself (-a 65). Above that it would spend seconds to hours, so
        // the rounds of a normal key are rewritten (they are in the clear). The cap refuses them before deriving anything.
        var key = rounds == OpenSshKeyHeader.MaxBcryptRounds + 1
            ? keys.Get("ed25519", encrypted: true, rounds: (int)rounds).PrivateKey
            : OpenSshKeyText.WithHeader(keys.Get("ed25519", encrypted: true).PrivateKey, rounds: rounds);

        var message = await RejectAsync(new SshKey(key, Passphrase: SshKeygenFixture.Passphrase), "private_key");

        Assert.StartsWith($"uses {rounds} bcrypt rounds; at most 64 are accepted", message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Create_KeyFromSshKeygenWithBcryptRoundsAtTheCap_IsAccepted()
    {
        var key = keys.Get("ecdsa", 256, encrypted: true, rounds: OpenSshKeyHeader.MaxBcryptRounds);

        var view = await CreateAsync(new SshKey(key.PrivateKey, Passphrase: key.Passphrase));

        Assert.Equal($"{key.TypeLabel} {key.Fingerprint}", view.MaskedSummary);
    }

    [SkippableFact]
    public async Task Create_KeyWithUnknownCipherName_IsRejectedNamingTheCipher()
    {
        var key = keys.Get("ed25519", encrypted: true);

        var message = await RejectAsync(new SshKey(OpenSshKeyText.WithHeader(key.PrivateKey, cipher: "twofish256-cbc"), Passphrase: key.Passphrase), "private_key");

        Assert.Contains("unsupported cipher twofish256-cbc", message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Create_UnencryptedKeyWithPassphrase_WarnsAndSaves()
    {
        var key = keys.Get("ed25519");

        var view = await CreateAsync(new SshKey(key.PrivateKey, Passphrase: "not needed"));

        Assert.Equal("passphrase", Assert.Single(view.Warnings).Field);
    }

    [SkippableFact]
    public async Task Create_PublicKeyInPrivateKeyField_SaysSo()
    {
        var key = keys.Get("ed25519");

        var message = await RejectAsync(new SshKey(key.PublicKeyLine), "private_key");

        Assert.Contains("is a public key", message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Update_NewPrivateKeyWithOldPublicKeyPostedBack_DerivesTheNewPublicKey()
    {
        var first = keys.Get("ed25519");
        var second = keys.Get("ecdsa", 256);
        var view = await CreateAsync(new SshKey(first.PrivateKey));
        var form = await _vault.Store.GetForEditAsync(TestVault.Acme, view.Id);
        var posted = form.Fields.ToDictionary(f => f.Name, f => f.Value);
        posted["private_key"] = second.PrivateKey;

        var updated = await _vault.Forms.UpdateAsync(TestVault.Acme, view.Id, posted, form.Version);

        Assert.Equal($"{second.TypeLabel} {second.Fingerprint}", updated.MaskedSummary);
        Assert.Equal(second.PublicKeyPart, (await _vault.Resolver.ResolveAsync<SshKey>(TestVault.Acme, view.Key)).PublicKey);
    }

    [SkippableFact]
    public async Task Update_KeepingPrivateKeyWithWrongPublicKey_IsRejected()
    {
        var key = keys.Get("ed25519");
        var other = keys.Get("ecdsa", 384);
        var view = await CreateAsync(new SshKey(key.PrivateKey));

        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() =>
            _vault.Store.UpdateAsync(TestVault.Acme, view.Id, new CredentialUpdate { Secret = new SshKey(string.Empty, other.PublicKeyLine) }));

        Assert.Equal("public_key", Assert.Single(ex.Errors).Field);
        Assert.Equal(key.PublicKeyPart, (await _vault.Resolver.ResolveAsync<SshKey>(TestVault.Acme, view.Key)).PublicKey);
    }

    [SkippableFact]
    public void Fingerprint_OfEveryPublicKey_EqualsSshKeygen()
    {
        foreach (var (type, bits) in new[] { ("ed25519", 0), ("rsa", 2048), ("ecdsa", 256), ("ecdsa", 521) })
        {
            var key = keys.Get(type, bits);
            var (algorithm, blob) = SshPublicKeys.ParseLine(key.PublicKeyLine);
            Assert.Equal(key.Fingerprint, SshPublicKeys.Fingerprint(blob));
            Assert.Equal(key.TypeLabel, SshPublicKeys.TypeLabel(algorithm));
        }
    }

    private async Task<CredentialView> CreateAsync(SshKey secret) =>
        await _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("Deploy key", "SSH_KEY_" + Interlocked.Increment(ref _counter), CredentialCategory.Runtime, secret));

    private async Task<string> RejectAsync(SshKey secret, string field)
    {
        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() => CreateAsync(secret));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(field, error.Field);
        if (secret.Passphrase is { Length: > 0 } passphrase)
        {
            Assert.DoesNotContain(passphrase, ex.Message, StringComparison.Ordinal);
        }

        Assert.Empty((await _vault.Store.ListAsync(TestVault.Acme)).Items);
        return error.Message;
    }

    public void Dispose() => _vault.Dispose();
}
