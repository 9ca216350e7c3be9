using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Credentials.Storage;

namespace Credentials;

/// <summary>
/// Reads a stored ring's entries as a whole and checks them: numbered 1..n without a gap, each authenticated under the
/// ring key and bound to its number, retirements and tombstones consistent with each other. Anything else is damage
/// (<see cref="CredentialIntegrityException"/>), never a reason to start a new ring.
/// </summary>
internal sealed class StoredKeyRingLog
{
    public const string EntryPrefix = "key-ring/key/";
    private const int ProofSize = 32;

    private StoredKeyRingLog(SortedList<int, (byte[] Bytes, StoredKeyRingEntry Entry)> entries) => Entries = entries;

    /// <summary>Entry number to its stored bytes and parsed content, in order.</summary>
    public SortedList<int, (byte[] Bytes, StoredKeyRingEntry Entry)> Entries { get; }

    /// <summary>Retired key id to the entry number of its key (a key or a tombstone) and the retirement time.</summary>
    public Dictionary<string, (int KeyIndex, DateTimeOffset RetiredAt)> Retired { get; } = new(StringComparer.Ordinal);

    /// <summary>Key id to the number of its key entry (a key with material, or a tombstone).</summary>
    public Dictionary<string, int> KeyEntries { get; } = new(StringComparer.Ordinal);

    public int Count => Entries.Count;

    /// <summary>The number of the newest key's entry (the primary), or 0 when there is none.</summary>
    public int NewestKeyIndex => KeyEntries.Count == 0 ? 0 : KeyEntries.Values.Max();

    public static string EntrySetting(int index) => EntryPrefix + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses and checks every entry; <paramref name="ringKey"/> verifies the proofs of retirements and tombstones.</summary>
    public static StoredKeyRingLog Read(IReadOnlyList<SettingRecord> settings, IKeyEncryptionKey ringKey)
    {
        var entries = new SortedList<int, (byte[], StoredKeyRingEntry)>();
        foreach (var setting in settings)
        {
            var number = setting.Name.AsSpan(EntryPrefix.Length);
            if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index < 1
                || !string.Equals(EntrySetting(index), setting.Name, StringComparison.Ordinal) || !entries.TryAdd(index, (setting.Value, Parse(index, setting.Value))))
            {
                throw Damaged($"it holds an entry named '{setting.Name}', which no ring writes");
            }
        }

        // Entries are only ever added at the next number, so a missing one was deleted: a deleted retirement must never bring
        // a key back, nor may a deleted key make the loader start over with a new ring.
        for (var expected = 1; expected <= entries.Count; expected++)
        {
            if (entries.Keys[expected - 1] != expected)
            {
                throw Damaged($"entry {expected} is missing while entry {entries.Keys[^1]} exists");
            }
        }

        var log = new StoredKeyRingLog(entries);
        log.Check(ringKey);
        return log;
    }

    /// <summary>What a key entry's wrapped key is bound to: its number, id and creation time (version 1, unchanged).</summary>
    public static byte[] KeyContext(int index, string id, DateTimeOffset createdAt) =>
        Encoding.ASCII.GetBytes(FormattableString.Invariant($"credentials/key-ring/v1/{index}/{id}/{createdAt.UtcTicks}"));

    public static StoredKeyRingEntry NewRetirement(IKeyEncryptionKey ringKey, int index, int keyIndex, string id, DateTimeOffset retiredAt) => new()
    {
        Kind = StoredKeyRingEntry.RetirementKind,
        Id = id,
        KeyIndex = keyIndex,
        RetiredAt = retiredAt,
        Proof = Prove(ringKey, RetirementContext(index, keyIndex, id, retiredAt)),
    };

    public static StoredKeyRingEntry NewTombstone(IKeyEncryptionKey ringKey, int index, string id, DateTimeOffset createdAt, int retirementIndex, DateTimeOffset retiredAt) => new()
    {
        Kind = StoredKeyRingEntry.TombstoneKind,
        Id = id,
        CreatedAt = createdAt,
        RetirementIndex = retirementIndex,
        RetiredAt = retiredAt,
        Proof = Prove(ringKey, TombstoneContext(index, id, createdAt, retirementIndex, retiredAt)),
    };

    public static byte[] Serialize(StoredKeyRingEntry entry) => JsonSerializer.SerializeToUtf8Bytes(entry, CredentialJsonContext.Default.StoredKeyRingEntry);

    public static CredentialIntegrityException Damaged(string what) =>
        new($"The key ring kept in this credential store is damaged: {what}. Nothing was read or written; restore the store from a backup.");

    private void Check(IKeyEncryptionKey ringKey)
    {
        foreach (var (index, (_, entry)) in Entries)
        {
            switch (entry.Kind)
            {
                case null:
                    AddKeyEntry(index, entry.Id);
                    break;
                case StoredKeyRingEntry.TombstoneKind:
                    Verify(ringKey, entry.Proof, TombstoneContext(index, entry.Id, entry.CreatedAt, entry.RetirementIndex!.Value, entry.RetiredAt!.Value), index);
                    AddKeyEntry(index, entry.Id);
                    Retired.TryAdd(entry.Id, (index, entry.RetiredAt.Value));
                    break;
                default:
                    Verify(ringKey, entry.Proof, RetirementContext(index, entry.KeyIndex!.Value, entry.Id, entry.RetiredAt!.Value), index);
                    if (entry.KeyIndex >= index || !Entries.TryGetValue(entry.KeyIndex.Value, out var retired) || retired.Entry.Kind == StoredKeyRingEntry.RetirementKind
                        || !string.Equals(retired.Entry.Id, entry.Id, StringComparison.Ordinal))
                    {
                        throw Damaged($"retirement {index} does not name the key of entry {entry.KeyIndex}");
                    }

                    Retired[entry.Id] = (entry.KeyIndex.Value, entry.RetiredAt.Value);
                    break;
            }
        }

        // A tombstone's retirement, when that entry exists, must be the one that names it. (When the tombstone's retirement
        // was the last entry and is gone, the tombstone alone still proves the retirement.)
        foreach (var (index, (_, entry)) in Entries)
        {
            if (entry.Kind == StoredKeyRingEntry.TombstoneKind && Entries.TryGetValue(entry.RetirementIndex!.Value, out var retirement)
                && (retirement.Entry.Kind != StoredKeyRingEntry.RetirementKind || retirement.Entry.KeyIndex != index))
            {
                throw Damaged($"tombstone {index} names entry {entry.RetirementIndex} as its retirement, which is not");
            }
        }
    }

    private void AddKeyEntry(int index, string id)
    {
        if (!KeyEntries.TryAdd(id, index))
        {
            throw Damaged($"it names key '{id}' twice");
        }
    }

    private static StoredKeyRingEntry Parse(int index, byte[] bytes)
    {
        StoredKeyRingEntry? entry;
        try
        {
            entry = JsonSerializer.Deserialize(bytes, CredentialJsonContext.Default.StoredKeyRingEntry);
        }
        catch (JsonException)
        {
            entry = null;
        }

        var valid = entry is not null && KeyIds.IsValid(entry.Id) && entry.Kind switch
        {
            null => IsBase64(entry.WrappedKey),
            StoredKeyRingEntry.RetirementKind => entry.KeyIndex is > 0 && entry.RetiredAt is not null && IsBase64(entry.Proof),
            StoredKeyRingEntry.TombstoneKind => entry.WrappedKey is null && entry.RetirementIndex > index && entry.RetiredAt is not null && IsBase64(entry.Proof),
            _ => false,
        };
        return valid ? entry! : throw new CredentialIntegrityException($"Key {index} of the key ring kept in this credential store is damaged.");
    }

    private static byte[] RetirementContext(int index, int keyIndex, string id, DateTimeOffset retiredAt) =>
        Encoding.ASCII.GetBytes(FormattableString.Invariant($"credentials/key-ring/v2/retirement/{index}/{keyIndex}/{id}/{retiredAt.UtcTicks}"));

    private static byte[] TombstoneContext(int index, string id, DateTimeOffset createdAt, int retirementIndex, DateTimeOffset retiredAt) =>
        Encoding.ASCII.GetBytes(FormattableString.Invariant($"credentials/key-ring/v2/tombstone/{index}/{id}/{createdAt.UtcTicks}/{retirementIndex}/{retiredAt.UtcTicks}"));

    private static string Prove(IKeyEncryptionKey ringKey, byte[] context) => Convert.ToBase64String(ringKey.WrapKey(new byte[ProofSize], context));

    private static void Verify(IKeyEncryptionKey ringKey, string? proof, byte[] context, int index)
    {
        var zero = new byte[ProofSize];
        var unwrapped = new byte[ProofSize];
        if (!ringKey.TryUnwrapKey(Convert.FromBase64String(proof!), context, unwrapped) || !CryptographicOperations.FixedTimeEquals(unwrapped, zero))
        {
            throw new CredentialIntegrityException(
                $"Entry {index} of the key ring kept in this credential store failed authentication (edited, moved, or written under other keys). " +
                "Nothing was read or written.");
        }
    }

    private static bool IsBase64(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out _);
    }
}
