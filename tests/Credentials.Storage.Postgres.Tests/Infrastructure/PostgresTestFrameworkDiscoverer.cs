using Xunit.Abstractions;
using Xunit.Sdk;

namespace Credentials.Storage.Postgres.Testing;

/// <summary>
/// Finds tests as xunit does, except that every fact or theory of a <see cref="RequiresPostgresAttribute"/> class becomes
/// one skipped test case (with the reason) while <see cref="PostgresTestEnvironment.SkipReason"/> is set.
/// </summary>
public sealed class PostgresTestFrameworkDiscoverer(IAssemblyInfo assemblyInfo, ISourceInformationProvider sourceProvider, IMessageSink diagnosticMessageSink)
    : XunitTestFrameworkDiscoverer(assemblyInfo, sourceProvider, diagnosticMessageSink)
{
    /// <inheritdoc/>
    protected override bool FindTestsForMethod(ITestMethod testMethod, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
    {
        ArgumentNullException.ThrowIfNull(testMethod);
        if (PostgresTestEnvironment.SkipReason is null
            || !testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any()
            || !testMethod.Method.GetCustomAttributes(typeof(FactAttribute)).Any())
        {
            return base.FindTestsForMethod(testMethod, includeSourceInformation, messageBus, discoveryOptions);
        }

        var testCase = new PostgresSkippedTestCase(
            DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
        return ReportDiscoveredTestCase(testCase, includeSourceInformation, messageBus);
    }
}
