using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Credentials;
using Credentials.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Benchmarks;

/// <summary>
/// Where an update with a blank secret spends its time (SQLite, 20,000 stored, <c>synchronous=FULL</c> on both sides): the
/// read by id, the open + re-seal, the storage write with and without its audit record, and the raw baseline of
/// <see cref="CardsBenchmarks"/> with and without the same two extra b-tree writes an audit record makes. A profiling aid
/// for <see cref="CardsBenchmarks"/>' update ratio.
/// </summary>
[MemoryDiagnoser]
public class UpdatePartsBenchmarks
{
    private const int Stored = 20_000;
    private static readonly OrganizationId Org = new("bench");
    private readonly string _directory = Directory.CreateTempSubdirectory("credentials-update-parts-bench-").FullName;
    private ServiceProvider _provider = null!;
    private ICredentialStore _store = null!;
    private ICredentialStorage _storage = null!;
    private CredentialSealer _sealer = null!;
    private AuditTrail _audit = null!;
    private CredentialView _edited = null!;
    private CredentialRecord _record = null!;
    private SqliteConnection _raw = null!;
    private SqliteCommand _rawSelectById = null!;
    private SqliteCommand _rawUpdate = null!;
    private SqliteCommand _rawAudit = null!;
    private AesGcm _rawKek = null!;
    private string _rawEditedId = string.Empty;
    private long _rawSequence;

    [GlobalSetup]
    public void Setup()
    {
        var kek = RandomNumberGenerator.GetBytes(32);
        var file = Path.Combine(_directory, "vault.db");
        _provider = new ServiceCollection().AddCredentials().UseSqlite("Data Source=" + file).UseMasterKey(kek).Services.BuildServiceProvider();
        _store = _provider.GetRequiredService<ICredentialStore>();
        _store.ListAsync(Org).GetAwaiter().GetResult();
        _storage = _provider.GetRequiredService<ICredentialStorage>();
        _sealer = _provider.GetRequiredService<CredentialSealer>();
        _audit = _provider.GetRequiredService<AuditTrail>();
        BenchmarkData.FillVault(file, _sealer, Stored, [Org.Value]);
        _edited = _store.CreateAsync(Org, new NewCredential("Edited", "EDITED", CredentialCategory.Custom, new ApiToken(BenchmarkData.Token(1)))).GetAwaiter().GetResult();
        _record = _storage.FindByIdAsync(Org.Value, _edited.Id.Value).GetAwaiter().GetResult()!;

        _rawKek = new AesGcm(kek, 16);
        _raw = new SqliteConnection("Data Source=" + file);
        _raw.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
        Execute("CREATE TABLE raw_update (org TEXT NOT NULL, key TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, sealed BLOB NOT NULL, PRIMARY KEY (org, key)) WITHOUT ROWID;" +
                "CREATE UNIQUE INDEX ux_raw_update_id ON raw_update (org, id);" +
                "CREATE TABLE raw_audit (org TEXT NOT NULL, sequence INTEGER NOT NULL, credential TEXT NOT NULL, details TEXT NOT NULL, mac BLOB NOT NULL, PRIMARY KEY (org, sequence)) WITHOUT ROWID;" +
                "CREATE INDEX ix_raw_audit_credential ON raw_audit (org, credential, sequence);" +
                "CREATE TABLE raw_audit_head (org TEXT PRIMARY KEY NOT NULL, sequence INTEGER NOT NULL, mac BLOB NOT NULL) WITHOUT ROWID;");
        _rawSelectById = Prepare("SELECT sealed FROM raw_update WHERE org = $org AND id = $id;", ("$org", Org.Value), ("$id", string.Empty));
        _rawUpdate = Prepare("UPDATE raw_update SET name = $name, sealed = $sealed WHERE org = $org AND id = $id;", ("$org", Org.Value), ("$id", string.Empty), ("$name", string.Empty), ("$sealed", Array.Empty<byte>()));
        _rawAudit = Prepare(
            "INSERT INTO raw_audit VALUES ($org, $sequence, $credential, '{\"fields\":\"\"}', $mac);" +
            "INSERT INTO raw_audit_head VALUES ($org, $sequence, $mac) ON CONFLICT (org) DO UPDATE SET sequence = excluded.sequence, mac = excluded.mac;",
            ("$org", Org.Value), ("$sequence", 0L), ("$credential", string.Empty), ("$mac", new byte[32]));
        _rawEditedId = Guid.NewGuid().ToString("N");
        using var insert = Prepare("INSERT INTO raw_update VALUES ($org, 'RAW_EDITED', $id, 'Edited', $sealed);", ("$org", Org.Value), ("$id", _rawEditedId), ("$sealed", RawEnvelope.Seal(_rawKek, BenchmarkData.Token(1))));
        insert.ExecuteNonQuery();
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

    [Benchmark(Description = "vault update, blank secret")]
    public async Task<long> VaultUpdate() =>
        (await _store.UpdateAsync(Org, _edited.Id, new CredentialUpdate { Name = "Edited", Secret = new ApiToken(string.Empty) })).Version;

    [Benchmark(Description = "storage find by id")]
    public async Task<long> FindById() => (await _storage.FindByIdAsync(Org.Value, _edited.Id.Value))!.Metadata.Version;

    [Benchmark(Description = "open + re-seal")]
    public int OpenAndSeal()
    {
        var m = _record.Metadata;
        var secret = _sealer.Open(_record);
        return _sealer.Seal(m.OrganizationId, m.OwnerUserId, m.Id, m.Key, m.Version + 1, secret).Sealed.Length;
    }

    [Benchmark(Description = "audit entry (HMAC signer, details JSON)")]
    public async Task<string> AuditEntry() =>
        (await _audit.EntryAsync(Org.Value, AuditAction.Updated, null, _record.Metadata, [new("fields", "name")], CancellationToken.None)).Details;

    [Benchmark(Description = "storage update, no audit record")]
    public async Task<StorageWriteResult> StorageUpdate() => await WriteNextAsync(withAudit: false);

    [Benchmark(Description = "storage update + audit record")]
    public async Task<StorageWriteResult> StorageUpdateAudited() => await WriteNextAsync(withAudit: true);

    [Benchmark(Baseline = true, Description = "raw select + open + re-seal + update")]
    public int RawUpdate()
    {
        _rawSelectById.Parameters[1].Value = _rawEditedId;
        var token = RawEnvelope.OpenToken(_rawKek, (byte[])_rawSelectById.ExecuteScalar()!);
        _rawUpdate.Parameters[1].Value = _rawEditedId;
        _rawUpdate.Parameters[2].Value = "Edited";
        _rawUpdate.Parameters[3].Value = RawEnvelope.Seal(_rawKek, token);
        return _rawUpdate.ExecuteNonQuery();
    }

    [Benchmark(Description = "raw, same + audit row and head in one transaction")]
    public int RawUpdateAudited()
    {
        using var transaction = _raw.BeginTransaction(deferred: false);
        _rawUpdate.Transaction = transaction;
        _rawAudit.Transaction = transaction;
        _rawSelectById.Transaction = transaction;
        var n = RawUpdate();
        _rawAudit.Parameters[1].Value = ++_rawSequence;
        _rawAudit.Parameters[2].Value = _rawEditedId;
        n += _rawAudit.ExecuteNonQuery();
        transaction.Commit();
        _rawUpdate.Transaction = null;
        _rawAudit.Transaction = null;
        _rawSelectById.Transaction = null;
        return n;
    }

    private async Task<StorageWriteResult> WriteNextAsync(bool withAudit)
    {
        var m = _record.Metadata;
        var next = new CredentialRecord(m with { Version = m.Version + 1, UpdatedAt = DateTimeOffset.UtcNow }, _record.KeyId, _record.SealedSecret);
        var entry = withAudit ? await _audit.EntryAsync(Org.Value, AuditAction.Updated, null, next.Metadata, [new("fields", "name")], CancellationToken.None) : null;
        var result = await _storage.UpdateAsync(next, m.Version, entry);
        if (result != StorageWriteResult.Success)
        {
            throw new InvalidOperationException($"The storage write returned {result}.");
        }

        _record = next;
        return result;
    }

    private void Execute(string sql) => RawSql.Execute(_raw, sql);

    private SqliteCommand Prepare(string sql, params (string Name, object Value)[] parameters) => RawSql.Prepare(_raw, sql, parameters);
}
