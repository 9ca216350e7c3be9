using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Credentials;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Benchmarks;

/// <summary>
/// Resolve by key through the vault, beside the two baselines written plainly in the same class so every report
/// shows the ratios: raw (SQLite point select + unwrap + AES-GCM open + JSON) and hand-rolled (SQLite + Data Protection + JSON).
/// Two groups, each with its own raw baseline: <c>hot</c> resolves the same 1,000 keys over and over (the sealed-record
/// cache, on by default, skips the storage read); <c>cold</c> resolves every key of the store in random order, where each
/// vault resolve is a cache miss (the cache holds one record, so each resolve evicts the previous one), beside the cache
/// switched off, the opt-in plaintext cache's hit, and the hand-rolled code.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ResolveBenchmarks
{
    private static readonly OrganizationId Org = new("bench");
    private readonly string _directory = Directory.CreateTempSubdirectory("credentials-bench-").FullName;
    private ServiceProvider _provider = null!;
    private ServiceProvider _cachedProvider = null!;
    private ServiceProvider _coldProvider = null!;
    private ServiceProvider _uncachedProvider = null!;
    private ICredentialResolver _resolver = null!;
    private ICredentialResolver _cachedResolver = null!;
    private ICredentialResolver _coldResolver = null!;
    private ICredentialResolver _uncachedResolver = null!;
    private string[] _keys = [];
    private int _next;
    private int _nextHot;

    // The hot set: the same 1,000 keys resolved over and over (issue 20); the plaintext cache's hit cycles over its first 100.
    private const int HotKeys = 1_000;
    private const int PlaintextHotKeys = 100;

    // Attached only in the process of VaultUncachedObserved (listeners are process-wide).
    private MeterListener? _meterListener;
    private ActivityListener? _activityListener;
    private long _observed;

    private SqliteConnection _raw = null!;
    private SqliteCommand _rawSelect = null!;
    private AesGcm _rawKek = null!;

    private SqliteConnection _handRolled = null!;
    private SqliteCommand _handRolledSelect = null!;
    private IDataProtector _protector = null!;

    [ParamsSource(typeof(BenchmarkData), nameof(BenchmarkData.Sizes))]
    public int Credentials { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var kek = RandomNumberGenerator.GetBytes(32);
        var database = $"Data Source={Path.Combine(_directory, "vault.db")}";
        _provider = new ServiceCollection().AddCredentials().UseSqlite(database).UseMasterKey(kek).Services.BuildServiceProvider();
        _resolver = _provider.GetRequiredService<ICredentialResolver>();
        _resolver.TryResolveAsync(Org, "WARM_UP").GetAwaiter().GetResult();
        BenchmarkData.FillVault(Path.Combine(_directory, "vault.db"), _provider.GetRequiredService<CredentialSealer>(), Credentials, [Org.Value]);

        // The same store through a second instance with the opt-in resolve cache: the hit path.
        _cachedProvider = new ServiceCollection().AddCredentials().UseSqlite(database).UseMasterKey(kek).UseResolveCache().Services.BuildServiceProvider();
        _cachedResolver = _cachedProvider.GetRequiredService<ICredentialResolver>();

        // Cold: a sealed-record cache of one entry, so every resolve of a key in turn misses (and evicts); and the cache off.
        _coldProvider = new ServiceCollection().AddCredentials().UseSqlite(database).UseMasterKey(kek).Services
            .Configure<SealedRecordCacheOptions>(o => o.MaxEntries = 1).BuildServiceProvider();
        _coldResolver = _coldProvider.GetRequiredService<ICredentialResolver>();
        _uncachedProvider = new ServiceCollection().AddCredentials().UseSqlite(database).UseMasterKey(kek).Services
            .Configure<SealedRecordCacheOptions>(o => o.Enabled = false).BuildServiceProvider();
        _uncachedResolver = _uncachedProvider.GetRequiredService<ICredentialResolver>();

        _keys = Enumerable.Range(0, Credentials).Select(BenchmarkData.Key).ToArray();
        SetUpRaw(kek);
        SetUpHandRolled();
        using (var raw = _raw.BeginTransaction())
        using (var handRolled = _handRolled.BeginTransaction())
        {
            for (var i = 0; i < Credentials; i++)
            {
                var secret = new ApiToken(BenchmarkData.Token(i));
                InsertRaw(_keys[i], secret, raw);
                InsertHandRolled(_keys[i], secret, handRolled);
            }

            raw.Commit();
            handRolled.Commit();
        }

        // Random order over the whole table, so a larger store is not flattered by a cache-friendly walk.
        Random.Shared.Shuffle(_keys);
        foreach (var key in _keys.Take(PlaintextHotKeys))
        {
            _cachedResolver.ResolveAsync<ApiToken>(Org, key).GetAwaiter().GetResult();
        }

        foreach (var key in _keys.Take(HotKeys))
        {
            _resolver.ResolveAsync<ApiToken>(Org, key).GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// The same setup with a <see cref="MeterListener"/> on every instrument of the meter <c>Credentials</c> and an
    /// <see cref="ActivityListener"/> sampling every activity of the source <c>Credentials</c>, as an OpenTelemetry exporter
    /// would: the cost of metrics and traces when someone is listening.
    /// </summary>
    [GlobalSetup(Target = nameof(VaultUncachedObserved))]
    public void SetupObserved()
    {
        Setup();
        _meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Credentials")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meterListener.SetMeasurementEventCallback<long>((_, _, _, _) => Interlocked.Increment(ref _observed));
        _meterListener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _observed));
        _meterListener.Start();
        _activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Credentials",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _ => Interlocked.Increment(ref _observed),
        };
        ActivitySource.AddActivityListener(_activityListener);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_meterListener is not null)
        {
            Console.WriteLine($"// measurements and activities observed: {Interlocked.Read(ref _observed)}");
            if (Interlocked.Read(ref _observed) == 0)
            {
                throw new InvalidOperationException("The listeners observed nothing: the observed benchmark measured no telemetry.");
            }
        }

        _meterListener?.Dispose();
        _activityListener?.Dispose();
        _provider.Dispose();
        _cachedProvider.Dispose();
        _coldProvider.Dispose();
        _uncachedProvider.Dispose();
        _raw.Dispose();
        _handRolled.Dispose();
        _rawKek.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private string NextKey() => _keys[_next++ % _keys.Length];

    private string NextHotKey() => _keys[_nextHot++ % HotKeys];

    [Benchmark(Description = "vault resolve, hot key (sealed cache, default options)")]
    [BenchmarkCategory("hot")]
    public async Task<string> VaultHot() => (await _resolver.ResolveAsync<ApiToken>(Org, NextHotKey())).Token;

    [Benchmark(Baseline = true, Description = "raw: select + unwrap + AES-GCM + JSON, hot keys")]
    [BenchmarkCategory("hot")]
    public string RawHot() => RawResolve(NextHotKey());

    [Benchmark(Description = "vault resolve, cold key (cache miss)")]
    [BenchmarkCategory("cold")]
    public async Task<string> VaultCold() => (await _coldResolver.ResolveAsync<ApiToken>(Org, NextKey())).Token;

    [Benchmark(Description = "vault resolve, sealed cache off")]
    [BenchmarkCategory("cold")]
    public async Task<string> VaultUncached() => (await _uncachedResolver.ResolveAsync<ApiToken>(Org, NextKey())).Token;

    [Benchmark(Description = "vault resolve, sealed cache off, metrics and trace listeners attached")]
    [BenchmarkCategory("cold")]
    public async Task<string> VaultUncachedObserved() => (await _uncachedResolver.ResolveAsync<ApiToken>(Org, NextKey())).Token;

    [Benchmark(Description = "vault resolve, opt-in plaintext cache hit")]
    [BenchmarkCategory("cold")]
    public async Task<string> VaultCached() => (await _cachedResolver.ResolveAsync<ApiToken>(Org, _keys[_nextHot++ % PlaintextHotKeys])).Token;

    [Benchmark(Baseline = true, Description = "raw: select + unwrap + AES-GCM + JSON")]
    [BenchmarkCategory("cold")]
    public string Raw() => RawResolve(NextKey());

    private string RawResolve(string key)
    {
        _rawSelect.Parameters[1].Value = key;
        return RawEnvelope.OpenToken(_rawKek, (byte[])_rawSelect.ExecuteScalar()!);
    }

    [Benchmark(Description = "hand-rolled: select + Data Protection + JSON")]
    [BenchmarkCategory("cold")]
    public string HandRolled()
    {
        _handRolledSelect.Parameters[1].Value = NextKey();
        var row = (byte[])_handRolledSelect.ExecuteScalar()!;
        using var json = JsonDocument.Parse(_protector.Unprotect(row));
        return json.RootElement.GetProperty("token").GetString()!;
    }

    private void SetUpRaw(byte[] kek)
    {
        _rawKek = new AesGcm(kek, 16);
        _raw = Open("raw.db", "CREATE TABLE IF NOT EXISTS c (org TEXT NOT NULL, key TEXT NOT NULL, sealed BLOB NOT NULL, PRIMARY KEY (org, key)) WITHOUT ROWID;");
        _rawSelect = Prepare(_raw, "SELECT sealed FROM c WHERE org = $org AND key = $key;");
    }

    private void SetUpHandRolled()
    {
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("credentials-bench");
        _protector = services.BuildServiceProvider().GetDataProtector("credentials");
        _handRolled = Open("handrolled.db", "CREATE TABLE IF NOT EXISTS c (org TEXT NOT NULL, key TEXT NOT NULL, protected BLOB NOT NULL, PRIMARY KEY (org, key)) WITHOUT ROWID;");
        _handRolledSelect = Prepare(_handRolled, "SELECT protected FROM c WHERE org = $org AND key = $key;");
    }

    private void InsertRaw(string key, ApiToken secret, SqliteTransaction transaction)
    {
        var row = RawEnvelope.Seal(_rawKek, secret.Token);
        Insert(_raw, transaction, "INSERT INTO c VALUES ($org, $key, $v);", key, row);
    }

    private void InsertHandRolled(string key, ApiToken secret, SqliteTransaction transaction)
    {
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["type"] = "api_token", ["token"] = secret.Token });
        Insert(_handRolled, transaction, "INSERT INTO c VALUES ($org, $key, $v);", key, _protector.Protect(plaintext));
    }

    private SqliteConnection Open(string file, string schema)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, file)}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; " + schema;
        command.ExecuteNonQuery();
        return connection;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$org", Org.Value);
        command.Parameters.AddWithValue("$key", string.Empty);
        command.Prepare();
        return command;
    }

    private static void Insert(SqliteConnection connection, SqliteTransaction transaction, string sql, string key, byte[] value)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$org", Org.Value);
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$v", value);
        command.ExecuteNonQuery();
    }
}
