using System.Security.Cryptography;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Credentials;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Benchmarks;

/// <summary>
/// The admin surface on SQLite with 10,000 credentials: listing cards (beside a raw select of the same columns),
/// creating (beside a raw seal + insert), updating with a blank secret, and previewing a deletion with 100 assignments.
/// Grouped by category, so each ratio is against the baseline of its own operation.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CardsBenchmarks
{
    private const int Stored = 10_000;
    private static readonly OrganizationId Org = new("bench");
    private readonly string _directory = Directory.CreateTempSubdirectory("credentials-cards-bench-").FullName;
    private ServiceProvider _provider = null!;
    private ICredentialStore _store = null!;
    private SqliteConnection _raw = null!;
    private SqliteCommand _rawList = null!;
    private SqliteCommand _rawInsert = null!;
    private AesGcm _rawKek = null!;
    private CredentialView _edited = null!;
    private CredentialView _assigned = null!;
    private int _created;

    [Params(50, 10_000)]
    public int PageSize { get; set; }

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
        _rawList = _raw.CreateCommand();
        _rawList.CommandText =
            "SELECT key, id, name, category, type, masked_summary, template_id, search_text, created_at, updated_at, version " +
            "FROM credentials WHERE org_id = $org ORDER BY key LIMIT $limit;";
        _rawList.Parameters.AddWithValue("$org", Org.Value);
        _rawList.Parameters.AddWithValue("$limit", PageSize);
        _rawList.Prepare();

        using (var schema = _raw.CreateCommand())
        {
            schema.CommandText = "CREATE TABLE raw_insert (org TEXT NOT NULL, key TEXT NOT NULL, sealed BLOB NOT NULL, PRIMARY KEY (org, key)) WITHOUT ROWID;";
            schema.ExecuteNonQuery();
        }

        _rawInsert = _raw.CreateCommand();
        _rawInsert.CommandText = "INSERT INTO raw_insert VALUES ($org, $key, $sealed);";
        _rawInsert.Parameters.AddWithValue("$org", Org.Value);
        _rawInsert.Parameters.AddWithValue("$key", string.Empty);
        _rawInsert.Parameters.AddWithValue("$sealed", Array.Empty<byte>());
        _rawInsert.Prepare();
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

    [Benchmark(Description = "vault list cards")]
    [BenchmarkCategory("list")]
    public async Task<int> List() => (await _store.ListAsync(Org, new CredentialQuery { PageSize = PageSize })).Items.Count;

    [Benchmark(Baseline = true, Description = "raw select of the same columns")]
    [BenchmarkCategory("list")]
    public int RawList()
    {
        var count = 0;
        using var reader = _rawList.ExecuteReader();
        while (reader.Read())
        {
            _ = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetString(7), reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10));
            count++;
        }

        return count;
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
        _rawInsert.Parameters[1].Value = "RAW_" + Interlocked.Increment(ref _created);
        _rawInsert.Parameters[2].Value = row;
        return _rawInsert.ExecuteNonQuery();
    }

    [Benchmark(Description = "vault update, blank secret")]
    [BenchmarkCategory("update")]
    public async Task<long> UpdateBlankSecret() =>
        (await _store.UpdateAsync(Org, _edited.Id, new CredentialUpdate { Name = "Edited", Secret = new ApiToken(string.Empty) })).Version;

    [Benchmark(Description = "vault preview delete, 100 assignments")]
    [BenchmarkCategory("preview-delete")]
    public async Task<int> PreviewDelete() => (await _store.PreviewDeleteAsync(Org, _assigned.Id)).Consumers.Count;
}
