using FsCheck;
using FsCheck.Fluent;

namespace Credentials.Storage;

/// <summary>
/// Generators for the storage properties. Small alphabets make collisions, shared prefixes and near misses common;
/// they mix upper and lower case, '_' and '%' (LIKE wildcards) and non-ASCII letters so that a case-insensitive,
/// culture-aware or pattern-matching provider is caught. Only BMP characters: see the note on key order in the suite.
/// </summary>
public static class StorageArbitraries
{
    private static readonly char[] KeyAlphabet = ['A', 'B', 'Z', '_', '0', 'a', '\u00e9', '\u0436'];
    private static readonly char[] TextAlphabet = ['A', 'B', 'a', '_', '%', '\u00c9', '\n'];
    private static readonly string[] Categories = ["llm_provider", "runtime", "custom"];
    private static readonly string[] Types = ["api_token", "smtp"];

    /// <summary>Rows with distinct keys and a query that may set any filter, a keyset position and a limit.</summary>
    public static Arbitrary<ListScenario> Scenarios()
    {
        var key = Text(KeyAlphabet, 1, 4);
        var row =
            from k in key
            from category in Gen.Elements(Categories)
            from type in Gen.Elements(Types)
            from text in Text(TextAlphabet, 0, 6)
            select new ScenarioRow(k, category, type, text);
        var rows = Gen.ListOf(row).Select(list => (IReadOnlyList<ScenarioRow>)list.DistinctBy(r => r.Key, StringComparer.Ordinal).ToList());
        return rows.SelectMany(QueryFor, (r, q) => new ListScenario(r, q)).ToArbitrary();
    }

    // The keyset position is often a stored key, the case where an off-by-one (>= instead of >) shows.
    private static Gen<CredentialStorageQuery> QueryFor(IReadOnlyList<ScenarioRow> rows)
    {
        var after = rows.Count == 0
            ? Sometimes(Text(KeyAlphabet, 1, 2))
            : Gen.OneOf(Sometimes(Text(KeyAlphabet, 1, 2)), Gen.Elements(rows.Select(r => r.Key).ToArray()).Select(k => (string?)k));
        return
            from category in Sometimes(Gen.Elements(Categories))
            from type in Sometimes(Gen.Elements(Types))
            from text in Sometimes(Text(TextAlphabet, 1, 2))
            from afterKey in after
            from limit in Gen.Choose(1, 8)
            select new CredentialStorageQuery(category, type, text, afterKey, limit);
    }

    // Each filter is set in one case of three, so that many queries still match rows and the limit often bites.
    private static Gen<string?> Sometimes(Gen<string> value) =>
        Gen.Frequency((2, Gen.Constant<string?>(null)), (1, value.Select(v => (string?)v)));

    private static Gen<string> Text(char[] alphabet, int minLength, int maxLength) =>
        from length in Gen.Choose(minLength, maxLength)
        from chars in Gen.ArrayOf(Gen.Elements(alphabet), length)
        select new string(chars);
}
