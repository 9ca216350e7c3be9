using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.Operations;

public sealed class TelemetryTests
{
    [Fact]
    public async Task Resolve_RecordsDurationByOutcome_CacheHits_AndIntegrityFailures()
    {
        using var vault = TestVault.Create(b => b.UseResolveCache());
        var org = new OrganizationId("telemetry-" + Guid.NewGuid().ToString("N"));
        var metrics = vault.Provider.GetRequiredService<CredentialsMetrics>();
        var measurements = new ConcurrentQueue<(string Instrument, double Value, string? Outcome)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Outcome(tags))));
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Outcome(tags))));
        listener.Start();
        var view = await vault.Store.CreateAsync(org, TestVault.Token());

        await vault.Resolver.ResolveAsync<ApiToken>(org, "OPENAI_API_KEY");
        await vault.Resolver.ResolveAsync<ApiToken>(org, "OPENAI_API_KEY");
        Assert.Null(await vault.Resolver.TryResolveAsync(org, "MISSING_KEY"));
        await Assert.ThrowsAsync<CredentialTypeMismatchException>(() => vault.Resolver.ResolveAsync<KeyPair>(org, "OPENAI_API_KEY"));
        await vault.TamperAsync(org, view.Id, bytes => { bytes[^1] ^= 1; return bytes; });
        await Assert.ThrowsAsync<CredentialIntegrityException>(() => vault.Store.GetForEditAsync(org, view.Id));

        var durations = measurements.Where(m => m.Instrument == "credentials.resolve.duration").ToList();
        Assert.Equal(["success", "success", "not_found", "type_mismatch"], durations.Select(m => m.Outcome));
        Assert.All(durations, m => Assert.InRange(m.Value, 0, 10));
        Assert.Equal(2, measurements.Count(m => m.Instrument == "credentials.resolve.cache_hits"));
        Assert.Equal(1, measurements.Count(m => m.Instrument == "credentials.integrity_failures"));
        Assert.Equal("Credentials", metrics.Meter.Name);
    }

    [Fact]
    public async Task PublicOperations_StartOneActivityEach_WithIdsAndKeysButNoSecret()
    {
        var org = "activities-" + Guid.NewGuid().ToString("N");
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Credentials",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("credentials.organization.id") as string == org)
                {
                    activities.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var vault = TestVault.Create();
        var context = new CredentialContext(new OrganizationId(org), "alice");

        var view = await vault.Store.CreateAsync(context, TestVault.Token("OPENAI_API_KEY", "sk-activity-secret-value"));
        await vault.Resolver.ResolveAsync<ApiToken>(context, "OPENAI_API_KEY", ResolveScope.Organization);
        await vault.Store.UpdateAsync(context, view.Id, new CredentialUpdate { Secret = new ApiToken("sk-activity-secret-other") });
        await vault.Store.ListAsync(context);
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => vault.Store.GetForEditAsync(context, CredentialId.New()));
        await vault.Store.DeleteAsync(context, view.Id);

        Assert.Equal(
            ["credentials.create", "credentials.resolve", "credentials.update", "credentials.list", "credentials.get_for_edit", "credentials.delete"],
            activities.Select(a => a.OperationName));
        var resolve = activities.Single(a => a.OperationName == "credentials.resolve");
        Assert.Equal("OPENAI_API_KEY", resolve.GetTagItem("credentials.credential.key"));
        Assert.Equal("success", resolve.GetTagItem("credentials.outcome"));
        Assert.Equal("alice", resolve.GetTagItem("credentials.user.id"));
        var failed = activities.Single(a => a.OperationName == "credentials.get_for_edit");
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal(typeof(CredentialNotFoundException).FullName, failed.GetTagItem("error.type"));
        Assert.DoesNotContain(activities.SelectMany(a => a.TagObjects), t => t.Value?.ToString()?.Contains("sk-activity-secret", StringComparison.Ordinal) == true);
    }

    private static string? Outcome(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "outcome")
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
