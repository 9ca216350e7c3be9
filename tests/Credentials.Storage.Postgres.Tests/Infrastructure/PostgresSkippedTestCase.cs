using Xunit.Abstractions;
using Xunit.Sdk;

namespace Credentials.Storage.Postgres.Testing;

/// <summary>A test that needs the PostgreSQL server, reported as skipped with <see cref="PostgresTestEnvironment.SkipReason"/>.</summary>
public sealed class PostgresSkippedTestCase : XunitTestCase
{
    /// <summary>For the deserializer only.</summary>
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public PostgresSkippedTestCase()
    {
    }

    /// <summary>A skipped test case for <paramref name="testMethod"/>.</summary>
    public PostgresSkippedTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
    }

    /// <inheritdoc/>
    protected override string GetSkipReason(IAttributeInfo factAttribute) =>
        PostgresTestEnvironment.SkipReason ?? "The PostgreSQL server became available after discovery; run the tests again.";
}
