using System.Text;

namespace Credentials.Storage.Sqlite;

/// <summary>
/// One string per distinct value of a low-cardinality column (category, type, template id, key id) instead of a new
/// string per row. Bounded: past <see cref="MaxValues"/> distinct values it just decodes. Not thread-safe: one listing
/// or one lookup session owns each pool.
/// </summary>
internal sealed class SqliteTextPool
{
    private const int MaxValues = 64;
    private readonly List<KeyValuePair<byte[], string>> _values = [];

    public string Get(ReadOnlySpan<byte> utf8)
    {
        foreach (var (bytes, value) in _values)
        {
            if (utf8.SequenceEqual(bytes))
            {
                return value;
            }
        }

        var decoded = Encoding.UTF8.GetString(utf8);
        if (_values.Count < MaxValues)
        {
            _values.Add(new(utf8.ToArray(), decoded));
        }

        return decoded;
    }
}
