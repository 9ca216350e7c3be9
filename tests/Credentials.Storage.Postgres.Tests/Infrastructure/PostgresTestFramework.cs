using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("Credentials.Storage.Postgres.Testing.PostgresTestFramework", "Credentials.Storage.Postgres.Tests")]

namespace Credentials.Storage.Postgres.Testing;

/// <summary>xunit's framework, with a discoverer that skips <see cref="RequiresPostgresAttribute"/> classes when there is no server.</summary>
public sealed class PostgresTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    /// <inheritdoc/>
    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo) =>
        new PostgresTestFrameworkDiscoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);
}
