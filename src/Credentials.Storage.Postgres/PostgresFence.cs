using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Credentials.Storage.Postgres;

/// <summary>
/// The fence against writing under a retired key, under READ COMMITTED.
/// </summary>
/// <remarks>
/// <para>
/// A plain "insert where the key id is not in retired_keys" is not enough here: a writer's statement and a retirement's
/// count each read their own snapshot, so a writer could insert under key K while a retirement counts K's credentials
/// (not seeing the uncommitted insert), both commit, and a credential ends under a retired key.
/// </para>
/// <para>
/// So every write that stores a key id takes a transaction-scoped <em>shared</em> advisory lock on that key id in a
/// statement of its own, and only then runs its conditional write (whose snapshot, taken after the lock was granted,
/// shows any retirement that committed before). A retirement takes the <em>exclusive</em> advisory lock on the key id,
/// then counts and records in later statements of the same transaction. The retirement therefore waits for every writer
/// in flight under that key and then sees their rows (and is refused), and a writer that comes after waits for the
/// retirement and then sees it (and is refused). Writers do not block each other (shared locks), and nothing waits in
/// the other order, so there is no deadlock: a writer takes the fence lock before any row lock, and a retirement takes no
/// row lock.
/// </para>
/// <para>
/// SERIALIZABLE for the retirement alone would not do: serializable snapshot isolation only detects conflicts between
/// serializable transactions, and the writers run under READ COMMITTED. Making every write serializable would add
/// retries (serialization failures) to the hot write paths for a rare event.
/// </para>
/// </remarks>
internal static class PostgresFence
{
    /// <summary>
    /// The 64-bit advisory lock key of a key id in one schema, the same in every process. Two ids that collide only share
    /// a lock (a retirement then also waits for writers under the other id): never a correctness problem.
    /// </summary>
    public static long LockKey(string schema, string keyId) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("Credentials.Storage.Postgres/key/" + schema + "/" + keyId)));
}
