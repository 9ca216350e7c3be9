using System.Security.Cryptography;
using System.Text.Json;

namespace Credentials.Benchmarks;

/// <summary>
/// The plain baseline's envelope, as a .NET developer would write it by hand: the data key wrapped with AES-GCM under
/// the KEK (<c>nonce 12 | key 32 | tag 16</c>), then the JSON payload sealed under the data key (<c>nonce 12 | ciphertext | tag 16</c>).
/// </summary>
internal static class RawEnvelope
{
    public static byte[] Seal(AesGcm kek, string token)
    {
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["type"] = "api_token", ["token"] = token });
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var row = new byte[60 + 12 + plaintext.Length + 16];
        RandomNumberGenerator.Fill(row.AsSpan(0, 12));
        kek.Encrypt(row.AsSpan(0, 12), dataKey, row.AsSpan(12, 32), row.AsSpan(44, 16));
        var payload = row.AsSpan(60);
        RandomNumberGenerator.Fill(payload[..12]);
        using (var aes = new AesGcm(dataKey, 16))
        {
            aes.Encrypt(payload[..12], plaintext, payload[12..^16], payload[^16..]);
        }

        return row;
    }

    public static string OpenToken(AesGcm kek, byte[] row)
    {
        Span<byte> dataKey = stackalloc byte[32];
        kek.Decrypt(row.AsSpan(0, 12), row.AsSpan(12, 32), row.AsSpan(44, 16), dataKey);
        var payload = row.AsSpan(60);
        var plaintext = new byte[payload.Length - 28];
        using (var aes = new AesGcm(dataKey, 16))
        {
            aes.Decrypt(payload[..12], payload[12..^16], payload[^16..], plaintext);
        }

        using var json = JsonDocument.Parse(plaintext);
        return json.RootElement.GetProperty("token").GetString()!;
    }
}
