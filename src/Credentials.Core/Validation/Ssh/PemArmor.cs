namespace Credentials;

/// <summary>
/// The text armor around a key (RFC 7468, plus the RFC 1421 headers of legacy encrypted PEM): its label, headers and
/// decoded body. Written here, rather than taken from BouncyCastle, so each way a pasted key can be wrong gets its own message.
/// </summary>
/// <param name="Label">The label, such as <c>OPENSSH PRIVATE KEY</c>.</param>
/// <param name="Headers">Header lines such as <c>Proc-Type</c> and <c>DEK-Info</c>, by name.</param>
/// <param name="Body">The decoded bytes between the lines.</param>
internal sealed record PemArmor(string Label, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    private const string Begin = "-----BEGIN ";
    private const string End = "-----END ";
    private const string Dashes = "-----";

    public static PemArmor Parse(string text)
    {
        var lines = text.Split('\n');
        var start = -1;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().StartsWith(Begin, StringComparison.Ordinal))
            {
                start = i;
                break;
            }
        }

        if (start < 0)
        {
            throw NotAKey(text);
        }

        var beginLine = lines[start].Trim();
        if (!beginLine.EndsWith(Dashes, StringComparison.Ordinal) || beginLine.Length <= Begin.Length + Dashes.Length)
        {
            throw new SshKeyException("is not an OpenSSH or PEM private key: the BEGIN line is malformed");
        }

        // RFC 7468 labels are short upper-case words; anything else is not a key (and is not echoed in messages).
        var label = beginLine[Begin.Length..^Dashes.Length];
        if (label.Length > 40 || !label.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or ' ' or '-'))
        {
            throw new SshKeyException("is not an OpenSSH or PEM private key: the BEGIN line is malformed");
        }

        if (label.EndsWith("PUBLIC KEY", StringComparison.Ordinal))
        {
            throw PublicKeyPasted();
        }

        var endLine = End + label + Dashes;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var base64 = new System.Text.StringBuilder();
        var inHeaders = true;
        for (var i = start + 1; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line == endLine)
            {
                return new PemArmor(label, headers, Decode(base64.ToString()));
            }

            if (line.StartsWith(End, StringComparison.Ordinal) || line.StartsWith(Begin, StringComparison.Ordinal))
            {
                throw new SshKeyException($"is not a valid private key: the END line does not match -----BEGIN {label}-----");
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (inHeaders && colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                continue;
            }

            inHeaders = false;
            base64.Append(line);
        }

        throw new SshKeyException($"is truncated: the -----END {label}----- line is missing (copy the whole file, BEGIN to END line)");
    }

    private static byte[] Decode(string base64)
    {
        var buffer = new byte[base64.Length];
        if (base64.Length > 0 && Convert.TryFromBase64String(base64, buffer, out var written))
        {
            return buffer[..written];
        }

        // Only base64 characters, but not a whole number of 4-character groups: characters are missing.
        var data = base64.TrimEnd('=');
        if (data.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/'))
        {
            throw SshKeyException.Truncated();
        }

        throw new SshKeyException("is not a valid private key: the text between the BEGIN and END lines is not base64 (was it edited?)");
    }

    private static SshKeyException NotAKey(string text)
    {
        var start = text.TrimStart();
        if (start.StartsWith("ssh-", StringComparison.Ordinal) || start.StartsWith("ecdsa-", StringComparison.Ordinal)
            || start.StartsWith("sk-", StringComparison.Ordinal) || start.StartsWith("---- BEGIN SSH2 PUBLIC KEY", StringComparison.Ordinal))
        {
            return PublicKeyPasted();
        }

        if (start.StartsWith("PuTTY-User-Key-File", StringComparison.Ordinal))
        {
            return new SshKeyException("is a PuTTY key (.ppk): convert it with puttygen key.ppk -O private-openssh -o key, then paste that");
        }

        return new SshKeyException("is not an OpenSSH or PEM private key: there is no -----BEGIN ... PRIVATE KEY----- line");
    }

    private static SshKeyException PublicKeyPasted() =>
        new("is a public key; paste the private key (the key file without .pub)");
}
