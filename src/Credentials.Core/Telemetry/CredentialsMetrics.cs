using System.Diagnostics.Metrics;

namespace Credentials;

/// <summary>
/// The vault's metrics: a <see cref="Meter"/> named <c>Credentials</c> (from the host's <see cref="IMeterFactory"/> when it
/// has one, so each service provider's instruments are its own), with
/// <c>credentials.resolve.duration</c> (histogram, seconds, tag <c>outcome</c>: <c>success</c>, <c>not_found</c>,
/// <c>type_mismatch</c>, <c>error</c>), <c>credentials.resolve.cache_hits</c>, <c>credentials.oauth.refreshes</c> (tag
/// <c>outcome</c>) and <c>credentials.integrity_failures</c>. Instruments check <c>Enabled</c> first: with no listener a
/// measurement costs one field read.
/// </summary>
internal sealed class CredentialsMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    public CredentialsMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(CredentialsTelemetry.Name) ?? new Meter(CredentialsTelemetry.Name);
        ResolveDuration = _meter.CreateHistogram<double>(
            "credentials.resolve.duration", unit: "s", description: "How long resolving a credential took, by outcome.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        CacheHits = _meter.CreateCounter<long>("credentials.resolve.cache_hits", unit: "{hit}", description: "Resolves answered by the resolve cache.");
        OAuthRefreshes = _meter.CreateCounter<long>("credentials.oauth.refreshes", unit: "{refresh}", description: "OAuth 2.0 token refreshes and mints, by outcome.");
        IntegrityFailures = _meter.CreateCounter<long>("credentials.integrity_failures", unit: "{failure}", description: "Stored credentials that failed their integrity check.");
    }

    public Meter Meter => _meter;

    public Histogram<double> ResolveDuration { get; }

    public Counter<long> CacheHits { get; }

    public Counter<long> OAuthRefreshes { get; }

    public Counter<long> IntegrityFailures { get; }

    public void RecordResolve(long startTimestamp, string outcome)
    {
        if (startTimestamp != 0 && ResolveDuration.Enabled)
        {
            ResolveDuration.Record(
                System.Diagnostics.Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds,
                new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    public void RecordRefresh(string outcome)
    {
        if (OAuthRefreshes.Enabled)
        {
            OAuthRefreshes.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    public void RecordIntegrityFailure()
    {
        if (IntegrityFailures.Enabled)
        {
            IntegrityFailures.Add(1);
        }
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
