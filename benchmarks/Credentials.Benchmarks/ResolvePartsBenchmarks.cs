using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Credentials;
using Credentials.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Benchmarks;

/// <summary>
/// Where a resolve spends its time: the storage read alone, the open (unwrap + AES-GCM + JSON) alone, both through
/// the resolver, and the pieces of the open that the raw baseline pays too (a new AesGcm per data key, one AES-GCM
/// decrypt) or pays differently (JSON). A profiling aid for <see cref="ResolveBenchmarks"/>; it has no baseline of its own.
/// </summary>
[MemoryDiagnoser]
public class ResolvePartsBenchmarks
{
    private const int Stored = 10_000;
    private static readonly OrganizationId Org = new("bench");
    private readonly string _directory = Directory.CreateTempSubdirectory("credentials-parts-bench-").FullName;
    private ServiceProvider _provider = null!;
    private ICredentialStorage _storage = null!;
    private CredentialSealer _sealer = null!;
    private ICredentialResolver _resolver = null!;
    private ResolvableCredentialRecord _record = null!;
    private ServiceProvider _uncachedProvider = null!;
    private ICredentialResolver _uncachedResolver = null!;
    private SqliteConnection _raw = null!;
    private SqliteCommand _rawSelect = null!;
    private AesGcm _rawKek = null!;
    private byte[] _rawRow = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var file = Path.Combine(_directory, "vault.db");
        var kek = RandomNumberGenerator.GetBytes(32);
        _provider = new ServiceCollection().AddCredentials().UseSqlite("Data Source=" + file).UseMasterKey(kek)
            .Services.BuildServiceProvider();
        _resolver = _provider.GetRequiredService<ICredentialResolver>();
        _resolver.TryResolveAsync(Org, "WARM_UP").GetAwaiter().GetResult();
        _storage = _provider.GetRequiredService<ICredentialStorage>();
        _sealer = _provider.GetRequiredService<CredentialSealer>();
        BenchmarkData.FillVault(file, _sealer, Stored, [Org.Value]);
        _record = _storage.FindResolvableByKeyAsync(Org.Value, BenchmarkData.Key(1)).GetAwaiter().GetResult()!;
        _uncachedProvider = new ServiceCollection().AddCredentials().UseSqlite("Data Source=" + file).UseMasterKey(kek)
            .Services.Configure<SealedRecordCacheOptions>(o => o.Enabled = false).BuildServiceProvider();
        _uncachedResolver = _uncachedProvider.GetRequiredService<ICredentialResolver>();

        // The raw baseline of ResolveBenchmarks, in a table of the same file: its select and its open, apart.
        _rawKek = new AesGcm(kek, 16);
        _raw = new SqliteConnection("Data Source=" + file);
        _raw.Open();
        using (var create = _raw.CreateCommand())
        {
            create.CommandText = "CREATE TABLE raw_c (org TEXT NOT NULL, key TEXT NOT NULL, sealed BLOB NOT NULL, PRIMARY KEY (org, key)) WITHOUT ROWID;";
            create.ExecuteNonQuery();
        }

        using (var transaction = _raw.BeginTransaction())
        using (var insert = _raw.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO raw_c VALUES ($org, $key, $sealed);";
            insert.Parameters.AddWithValue("$org", Org.Value);
            var key = insert.Parameters.AddWithValue("$key", string.Empty);
            var row = insert.Parameters.AddWithValue("$sealed", Array.Empty<byte>());
            for (var i = 0; i < Stored; i++)
            {
                key.Value = BenchmarkData.Key(i);
                row.Value = RawEnvelope.Seal(_rawKek, BenchmarkData.Token(i));
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        _rawSelect = _raw.CreateCommand();
        _rawSelect.CommandText = "SELECT sealed FROM raw_c WHERE org = $org AND key = $key;";
        _rawSelect.Parameters.AddWithValue("$org", Org.Value);
        _rawSelect.Parameters.AddWithValue("$key", string.Empty);
        _rawSelect.Prepare();
        _rawRow = RawSelect();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _provider.Dispose();
        _uncachedProvider.Dispose();
        _raw.Dispose();
        _rawKek.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "storage read")]
    public async Task<int> Read() => (await _storage.FindResolvableByKeyAsync(Org.Value, BenchmarkData.Key(_next++ % Stored)))!.SealedSecret.Length;

    [Benchmark(Description = "raw: select")]
    public int RawRead() => RawSelect().Length;

    [Benchmark(Description = "raw: open (unwrap + AES-GCM + JsonDocument)")]
    public string RawOpen() => RawEnvelope.OpenToken(_rawKek, _rawRow);

    [Benchmark(Description = "resolver, sealed-record cache off (every key)")]
    public async Task<CredentialSecret> ResolveUncached() => await _uncachedResolver.ResolveAsync<ApiToken>(Org, BenchmarkData.Key(_next++ % Stored));

    [Benchmark(Description = "open (unwrap + AES-GCM + JSON)")]
    public CredentialSecret Open() => _sealer.Open(Org.Value, null, BenchmarkData.Key(1), _record);

    private static readonly byte[] Payload = System.Text.Encoding.UTF8.GetBytes("{\"type\":\"api_token\",\"token\":\"sk-proj-0000001-0123456789abcdef0123456789abcdef\"}");
    private static readonly byte[] DataKey = RandomNumberGenerator.GetBytes(32);

    [Benchmark(Description = "json: typed record")]
    public CredentialSecret? Json() => SecretPayload.Read(CredentialType.ApiToken, Payload);

    [Benchmark(Description = "json: JsonDocument token")]
    public string? JsonDocumentToken()
    {
        using var json = System.Text.Json.JsonDocument.Parse(Payload);
        return json.RootElement.GetProperty("token").GetString();
    }

    [Benchmark(Description = "new AesGcm + dispose")]
    public int AesGcmCtor()
    {
        using var aes = new AesGcm(DataKey, 16);
        return aes.TagSizeInBytes ?? 0;
    }

    private static readonly AesGcm Cipher = new(DataKey, 16);
    private static readonly byte[] Nonce = new byte[12];
    private static readonly byte[] Tag = new byte[16];
    private static readonly byte[] Sealed = Seal();
    private static readonly byte[] Output = new byte[Payload.Length];

    private static byte[] Seal()
    {
        var c = new byte[Payload.Length];
        Cipher.Encrypt(Nonce, Payload, c, Tag, "aad-aad-aad-aad-aad-aad-aad-aad-aad"u8);
        return c;
    }

    [Benchmark(Description = "AES-GCM decrypt ~70 B (cached AesGcm)")]
    public byte Decrypt()
    {
        Cipher.Decrypt(Nonce, Sealed, Tag, Output, "aad-aad-aad-aad-aad-aad-aad-aad-aad"u8);
        return Output[0];
    }

    [Benchmark(Description = "envelope parse")]
    public int ParseOnly() => CredentialEnvelope.Parse(_record.SealedSecret, _record.KeyId).Ciphertext.Length;

    [Benchmark(Description = "resolver, default options (every key: hits once the 10,000 are cached)")]
    public async Task<CredentialSecret> Resolve() => await _resolver.ResolveAsync<ApiToken>(Org, BenchmarkData.Key(_next++ % Stored));

    // The sealed-record cache's hit: no storage read, so the rest is the open and the resolver's own bookkeeping.
    [Benchmark(Description = "resolver, one hot key (sealed-record cache hit)")]
    public async Task<CredentialSecret> ResolveHot() => await _resolver.ResolveAsync<ApiToken>(Org, BenchmarkData.Key(1));

    private byte[] RawSelect()
    {
        _rawSelect.Parameters[1].Value = BenchmarkData.Key(_next++ % Stored);
        return (byte[])_rawSelect.ExecuteScalar()!;
    }
}
