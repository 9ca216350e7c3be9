using System.Security.Cryptography;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace Credentials.Benchmarks;

/// <summary>
/// Resolve by key through the vault on PostgreSQL, beside the raw baseline written plainly in the same class: an Npgsql
/// point select (prepared, on an open connection) + unwrap + AES-GCM open + JSON. Needs a server: the connection string
/// comes from CREDENTIALS_TEST_POSTGRES (<c>eval "$(bash .ci/postgres.sh start)"</c>); each run works in a schema of its
/// own, dropped at the end.
/// </summary>
[MemoryDiagnoser]
public class PostgresResolveBenchmarks
{
    private static readonly OrganizationId Org = new("bench");
    private readonly string _schema = "bench_" + Guid.NewGuid().ToString("N");
    private string _connectionString = string.Empty;
    private ServiceProvider _provider = null!;
    private ICredentialResolver _resolver = null!;
    private ServiceProvider _uncachedProvider = null!;
    private ICredentialResolver _uncachedResolver = null!;
    private string[] _keys = [];
    private int _next;

    private NpgsqlConnection _raw = null!;
    private NpgsqlCommand _rawSelect = null!;
    private AesGcm _rawKek = null!;

    [ParamsSource(typeof(BenchmarkData), nameof(BenchmarkData.Sizes))]
    public int Credentials { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _connectionString = Environment.GetEnvironmentVariable("CREDENTIALS_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("Set CREDENTIALS_TEST_POSTGRES first: eval \"$(bash .ci/postgres.sh start)\".");
        var kek = RandomNumberGenerator.GetBytes(32);
        _provider = new ServiceCollection().AddCredentials().UsePostgres(_connectionString, o => o.Schema = _schema).UseMasterKey(kek).Services.BuildServiceProvider();
        _resolver = _provider.GetRequiredService<ICredentialResolver>();
        _resolver.TryResolveAsync(Org, "WARM_UP").GetAwaiter().GetResult();

        _keys = Enumerable.Range(0, Credentials).Select(BenchmarkData.Key).ToArray();
        FillVault(_provider.GetRequiredService<CredentialSealer>());
        SetUpRaw(kek);

        // The same schema through a second instance with the sealed-record cache off: every resolve is a round trip.
        _uncachedProvider = new ServiceCollection().AddCredentials().UsePostgres(_connectionString, o => o.Schema = _schema).UseMasterKey(kek).Services
            .Configure<SealedRecordCacheOptions>(o => o.Enabled = false).BuildServiceProvider();
        _uncachedResolver = _uncachedProvider.GetRequiredService<ICredentialResolver>();
        _uncachedResolver.TryResolveAsync(Org, "WARM_UP").GetAwaiter().GetResult();

        // Random order over the whole table, so a larger store is not flattered by a cache-friendly walk.
        Random.Shared.Shuffle(_keys);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _rawSelect.Dispose();
        using (var drop = new NpgsqlCommand($"DROP SCHEMA \"{_schema}\" CASCADE", _raw))
        {
            drop.ExecuteNonQuery();
        }

        _raw.Dispose();
        _rawKek.Dispose();
        _uncachedProvider.Dispose();
        _provider.Dispose();
    }

    private string NextKey() => _keys[_next++ % _keys.Length];

    [Benchmark(Description = "vault resolve (PostgreSQL), default options (sealed-record cache)")]
    public async Task<string> Vault() => (await _resolver.ResolveAsync<ApiToken>(Org, NextKey())).Token;

    [Benchmark(Description = "vault resolve (PostgreSQL), sealed-record cache off")]
    public async Task<string> VaultUncached() => (await _uncachedResolver.ResolveAsync<ApiToken>(Org, NextKey())).Token;

    [Benchmark(Baseline = true, Description = "raw: Npgsql select + unwrap + AES-GCM + JSON")]
    public async Task<string> Raw()
    {
        _rawSelect.Parameters[1].Value = NextKey();
        return RawEnvelope.OpenToken(_rawKek, (byte[])(await _rawSelect.ExecuteScalarAsync())!);
    }

    /// <summary>Writes the vault's table directly with binary COPY, sealed by the vault's own sealer: fast and exact.</summary>
    private void FillVault(CredentialSealer sealer)
    {
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        using var importer = connection.BeginBinaryImport(
            $"COPY \"{_schema}\".credentials (org_id, key, id, name, category, type, masked_summary, template_id, search_text, created_at, updated_at, version, key_id, sealed) FROM STDIN (FORMAT BINARY)");
        var now = DateTimeOffset.UnixEpoch;
        for (var i = 0; i < _keys.Length; i++)
        {
            var key = _keys[i];
            var id = Guid.NewGuid();
            var (keyId, sealedBytes) = sealer.Seal(Org.Value, null, id, key, 1, new ApiToken(BenchmarkData.Token(i)));
            importer.StartRow();
            importer.Write(Org.Value, NpgsqlDbType.Text);
            importer.Write(key, NpgsqlDbType.Text);
            importer.Write(id, NpgsqlDbType.Uuid);
            importer.Write("Bench " + key, NpgsqlDbType.Text);
            importer.Write("llm_provider", NpgsqlDbType.Text);
            importer.Write("api_token", NpgsqlDbType.Text);
            importer.Write("••••abcd", NpgsqlDbType.Text);
            importer.WriteNull();
            importer.Write(CredentialRecords.SearchText("Bench " + key, key), NpgsqlDbType.Text);
            importer.Write(now, NpgsqlDbType.TimestampTz);
            importer.Write(now, NpgsqlDbType.TimestampTz);
            importer.Write(1L, NpgsqlDbType.Bigint);
            importer.Write(keyId, NpgsqlDbType.Text);
            importer.Write(sealedBytes, NpgsqlDbType.Bytea);
        }

        importer.Complete();
    }

    private void SetUpRaw(byte[] kek)
    {
        _rawKek = new AesGcm(kek, 16);
        _raw = new NpgsqlConnection(_connectionString);
        _raw.Open();
        using (var create = new NpgsqlCommand($"CREATE TABLE \"{_schema}\".raw (org text COLLATE \"C\" NOT NULL, key text COLLATE \"C\" NOT NULL, sealed bytea NOT NULL, PRIMARY KEY (org, key))", _raw))
        {
            create.ExecuteNonQuery();
        }

        using (var importer = _raw.BeginBinaryImport($"COPY \"{_schema}\".raw (org, key, sealed) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < _keys.Length; i++)
            {
                importer.StartRow();
                importer.Write(Org.Value, NpgsqlDbType.Text);
                importer.Write(_keys[i], NpgsqlDbType.Text);
                importer.Write(SealRaw(new ApiToken(BenchmarkData.Token(i))), NpgsqlDbType.Bytea);
            }

            importer.Complete();
        }

        _rawSelect = new NpgsqlCommand($"SELECT sealed FROM \"{_schema}\".raw WHERE org = $1 AND key = $2", _raw);
        _rawSelect.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = Org.Value });
        _rawSelect.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = string.Empty });
        _rawSelect.Prepare();
    }

    private byte[] SealRaw(ApiToken secret) => RawEnvelope.Seal(_rawKek, secret.Token);
}
