using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Credentials;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Benchmarks;

/// <summary>
/// The admin surface on SQLite with 20,000 credentials: listing every card (in pages of 500, and one page of 50) beside a
/// raw select of the same columns; creating beside a raw seal + insert; updating with a blank secret beside a raw select +
/// open + re-seal + update; previewing a deletion with 100 assignments. Grouped by category, so each ratio is against the
/// baseline of its own operation.
/// </summary>
/// <remarks>
/// Equal durability: the vault's connections and the raw connection both run WAL with <c>synchronous=FULL</c> (SQLite's
/// default in this build, set explicitly on the raw side and checked on the vault's at setup), so each commit on either
/// side ends with one fsync of the WAL. The raw rows go to a table of the same file, so both sides share its WAL and its
/// checkpoints.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CardsBenchmarks
{
    private const int Stored = 20_000;
    private const int Page = 500;
    private static readonly OrganizationId Org = new("bench");
    private readonly string _directory = Directory.CreateTempSubdirectory("credentials-cards-bench-").FullName;
    private ServiceProvider _provider = null!;
    private ICredentialStore _store = null!;
    private SqliteConnection _raw = null!;
    private SqliteCommand _rawListAll = null!;
    private SqliteCommand _rawListPage = null!;
    private SqliteCommand _rawInsert = null!;
    private SqliteCommand _rawSelectById = null!;
    private SqliteCommand _rawUpdate = null!;
    private AesGcm _rawKek = null!;
    private CredentialView _edited = null!;
    private CredentialView _assigned = null!;
    private string _rawEditedId = string.Empty;
    private int _created;

    [GlobalSetup]
    public void Setup()
    {
        var kek = RandomNumberGenerator.GetBytes(32);
        var file = Path.Combine(_directory, "vault.db");
        _provider = new ServiceCollection()
            .AddCredentials(o => o.MaxPageSize = 10_000).UseSqlite("Data Source=" + file).UseMasterKey(kek)
            .Services.BuildServiceProvider();
        _store = _provider.GetRequiredService<ICredentialStore>();
        _store.ListAsync(Org).GetAwaiter().GetResult();
        BenchmarkData.FillVault(file, _provider.GetRequiredService<CredentialSealer>(), Stored, [Org.Value]);

        _edited = _store.CreateAsync(Org, new NewCredential("Edited", "EDITED", CredentialCategory.Custom, new ApiToken(BenchmarkData.Token(1)))).GetAwaiter().GetResult();
        _assigned = _store.CreateAsync(Org, new NewCredential("Assigned", "ASSIGNED", CredentialCategory.Custom, new ApiToken(BenchmarkData.Token(2)))).GetAwaiter().GetResult();
        var assignments = _provider.GetRequiredService<ICredentialAssignments>();
        var kinds = new[] { ConsumerKind.LlmConfiguration, ConsumerKind.Skill, ConsumerKind.ToolDefinition, ConsumerKind.Runtime };
        for (var i = 0; i < 100; i++)
        {
            assignments.AssignAsync(Org, _assigned.Id, new ConsumerRef(kinds[i % 4], $"consumer-{i}", $"Consumer {i}")).GetAwaiter().GetResult();
        }

        _rawKek = new AesGcm(kek, 16);
        _raw = new SqliteConnection("Data Source=" + file);
        _raw.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
        using (var check = new SqliteConnection("Data Source=" + file))
        {
            // The vault's connections use SQLite's default; fail the run rather than compare unequal durability.
            check.Open();
            using var command = check.CreateCommand();
            command.CommandText = "PRAGMA synchronous;";
            var vaultSynchronous = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (vaultSynchronous != 2)
            {
                throw new InvalidOperationException($"The vault's connections run synchronous={vaultSynchronous}, not FULL (2): the comparison would not be fair.");
            }
        }

        const string columns = "key, id, name, category, type, masked_summary, template_id, search_text, created_at, updated_at, version, owner_user_id, expires_at, last_used_at";
        // The organization's shared credentials in key order, as the vault lists them: the primary key's order (org, owner, key), no sort.
        _rawListAll = Prepare($"SELECT {columns} FROM credentials WHERE org_id = $org AND owner_user_id = '' ORDER BY key;", ("$org", Org.Value));
        _rawListPage = Prepare($"SELECT {columns} FROM credentials WHERE org_id = $org AND owner_user_id = '' AND key > $after ORDER BY key LIMIT $limit;", ("$org", Org.Value), ("$after", string.Empty), ("$limit", Page));

        Execute("CREATE TABLE raw_insert (org TEXT NOT NULL, key TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, sealed BLOB NOT NULL, PRIMARY KEY (org, key)) WITHOUT ROWID;" +
                "CREATE UNIQUE INDEX ux_raw_insert_id ON raw_insert (org, id);");
        _rawInsert = Prepare("INSERT INTO raw_insert VALUES ($org, $key, $id, $name, $sealed);", ("$org", Org.Value), ("$key", string.Empty), ("$id", string.Empty), ("$name", string.Empty), ("$sealed", Array.Empty<byte>()));
        _rawSelectById = Prepare("SELECT sealed FROM raw_insert WHERE org = $org AND id = $id;", ("$org", Org.Value), ("$id", string.Empty));
        _rawUpdate = Prepare("UPDATE raw_insert SET name = $name, sealed = $sealed WHERE org = $org AND id = $id;", ("$org", Org.Value), ("$id", string.Empty), ("$name", string.Empty), ("$sealed", Array.Empty<byte>()));
        _rawEditedId = Guid.NewGuid().ToString("N");
        _rawInsert.Parameters[1].Value = "RAW_EDITED";
        _rawInsert.Parameters[2].Value = _rawEditedId;
        _rawInsert.Parameters[3].Value = "Edited";
        _rawInsert.Parameters[4].Value = RawEnvelope.Seal(_rawKek, BenchmarkData.Token(1));
        _rawInsert.ExecuteNonQuery();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _provider.Dispose();
        _raw.Dispose();
        _rawKek.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "vault list all cards, ListAllAsync in pages of 500")]
    [BenchmarkCategory("list-all")]
    public async Task<int> ListAll()
    {
        var count = 0;
        await foreach (var _ in _store.ListAllAsync(Org, new CredentialQuery { PageSize = Page }))
        {
            count++;
        }

        return count;
    }

    [Benchmark(Baseline = true, Description = "raw select of the same columns, all rows")]
    [BenchmarkCategory("list-all")]
    public int RawListAll() => ReadRows(_rawListAll);

    [Benchmark(Description = "raw select of the same columns, keyset pages of 500")]
    [BenchmarkCategory("list-all")]
    public int RawListPages()
    {
        var total = 0;
        var after = string.Empty;
        while (true)
        {
            _rawListPage.Parameters[1].Value = after;
            var (count, last) = ReadPage(_rawListPage);
            total += count;
            if (count < Page)
            {
                return total;
            }

            after = last!;
        }
    }

    [Benchmark(Description = "vault list cards, page of 50")]
    [BenchmarkCategory("list-page")]
    public async Task<int> ListPage() => (await _store.ListAsync(Org, new CredentialQuery { PageSize = 50 })).Items.Count;

    [Benchmark(Baseline = true, Description = "raw select of the same columns, page of 50")]
    [BenchmarkCategory("list-page")]
    public int RawListPage()
    {
        _rawListPage.Parameters[1].Value = string.Empty;
        _rawListPage.Parameters[2].Value = 50;
        try
        {
            return ReadPage(_rawListPage).Count;
        }
        finally
        {
            _rawListPage.Parameters[2].Value = Page;
        }
    }

    [Benchmark(Description = "vault create")]
    [BenchmarkCategory("create")]
    public async Task<long> Create() =>
        (await _store.CreateAsync(Org, new NewCredential("Created", "CREATED_" + Interlocked.Increment(ref _created), CredentialCategory.Custom, new ApiToken(BenchmarkData.Token(3))))).Version;

    [Benchmark(Baseline = true, Description = "raw seal + insert")]
    [BenchmarkCategory("create")]
    public int RawCreate()
    {
        var row = RawEnvelope.Seal(_rawKek, BenchmarkData.Token(3));
        var n = Interlocked.Increment(ref _created);
        _rawInsert.Parameters[1].Value = "RAW_" + n;
        _rawInsert.Parameters[2].Value = Guid.NewGuid().ToString("N");
        _rawInsert.Parameters[3].Value = "Created";
        _rawInsert.Parameters[4].Value = row;
        return _rawInsert.ExecuteNonQuery();
    }

    [Benchmark(Description = "vault update, blank secret")]
    [BenchmarkCategory("update")]
    public async Task<long> UpdateBlankSecret() =>
        (await _store.UpdateAsync(Org, _edited.Id, new CredentialUpdate { Name = "Edited", Secret = new ApiToken(string.Empty) })).Version;

    [Benchmark(Baseline = true, Description = "raw select + open + re-seal + update")]
    [BenchmarkCategory("update")]
    public int RawUpdate()
    {
        _rawSelectById.Parameters[1].Value = _rawEditedId;
        var token = RawEnvelope.OpenToken(_rawKek, (byte[])_rawSelectById.ExecuteScalar()!);
        _rawUpdate.Parameters[1].Value = _rawEditedId;
        _rawUpdate.Parameters[2].Value = "Edited";
        _rawUpdate.Parameters[3].Value = RawEnvelope.Seal(_rawKek, token);
        return _rawUpdate.ExecuteNonQuery();
    }

    [Benchmark(Description = "vault preview delete, 100 assignments")]
    [BenchmarkCategory("preview-delete")]
    public async Task<int> PreviewDelete() => (await _store.PreviewDeleteAsync(Org, _assigned.Id)).Consumers.Count;

    private static int ReadRows(SqliteCommand command) => ReadPage(command).Count;

    private static (int Count, string? Last) ReadPage(SqliteCommand command)
    {
        var count = 0;
        string? last = null;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var row = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetString(7), reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10), reader.GetString(11),
                reader.IsDBNull(12) ? (long?)null : reader.GetInt64(12), reader.IsDBNull(13) ? (long?)null : reader.GetInt64(13));
            last = row.Item1;
            count++;
        }

        return (count, last);
    }

    private void Execute(string sql) => RawSql.Execute(_raw, sql);

    private SqliteCommand Prepare(string sql, params (string Name, object Value)[] parameters) => RawSql.Prepare(_raw, sql, parameters);
}
