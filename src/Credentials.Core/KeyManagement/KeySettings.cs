using System.Buffers.Binary;

namespace Credentials;

/// <summary>
/// The store settings that carry key state for every provider. All are insert-once (<c>TryAddSettingAsync</c>), so a
/// crash cannot leave one half-written and two processes cannot overwrite each other's. (Retirement is no longer a
/// setting: it is the store's fence, <c>ICredentialStorage.RetireKeyAsync</c>, and, for the built-in rings, the ring.)
/// </summary>
internal static class KeySettings
{
    /// <summary>A zero data key wrapped under the key: proves at start-up that the configured key is the one the store knows.</summary>
    public static string Check(string keyId) => "key-check/" + keyId;

    /// <summary>When this store first saw the key (UTC ticks); the created-at of keys whose provider does not record one.</summary>
    public static string Created(string keyId) => "key-created/" + keyId;

    /// <summary>
    /// Where retirements were recorded before the store's fence (schema migration 3 copies them into it); still the name
    /// under which PostgreSQL announces a retirement to the other instances.
    /// </summary>
    public static string Retired(string keyId) => "key-retired/" + keyId;

    public static byte[] EncodeTime(DateTimeOffset time)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, time.UtcTicks);
        return bytes;
    }

    public static DateTimeOffset? DecodeTime(byte[]? bytes) =>
        bytes is { Length: 8 } && BinaryPrimitives.ReadInt64BigEndian(bytes) is var ticks && ticks >= 0 && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : null;
}
