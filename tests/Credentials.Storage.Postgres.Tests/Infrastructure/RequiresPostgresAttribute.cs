namespace Credentials.Storage.Postgres.Testing;

/// <summary>
/// Marks a test class whose tests need the PostgreSQL server, inherited tests included (the conformance suite's
/// <c>[Fact]</c>s cannot carry a skip of their own): <see cref="PostgresTestFramework"/> reports them as skipped when
/// <see cref="PostgresTestEnvironment.SkipReason"/> says so.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RequiresPostgresAttribute : Attribute;
