using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Credentials;

/// <summary>Runs the registered checks of a type one after another; a check that throws is reported as failed, by exception type only.</summary>
internal sealed class CredentialChecker(
    CredentialVault vault,
    IEnumerable<ICredentialCheck> checks,
    AuditTrail audit,
    ILoggerFactory? loggerFactory = null) : ICredentialChecker
{
    private readonly ICredentialCheck[] _checks = [.. checks];
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Credentials.Checker");

    public Task<CredentialCheckReport> CheckAsync(CredentialContext context, CredentialId id, CancellationToken cancellationToken = default) =>
        Traced.RunAsync("credentials.check", context, () => CheckCoreAsync(context, id, cancellationToken), id.Value);

    private async Task<CredentialCheckReport> CheckCoreAsync(CredentialContext context, CredentialId id, CancellationToken cancellationToken)
    {
        var orgId = context.OrganizationId();
        var record = await vault.FindAsync(context, id, cancellationToken).ConfigureAwait(false);
        var secret = vault.Open(record);
        var report = await RunAsync(secret, cancellationToken).ConfigureAwait(false);
        var succeeded = report.Results.Count(r => r.Succeeded);
        Log.CredentialChecked(_logger, orgId, id, secret.Type.ToWireName(), report.Results.Count, succeeded);

        // A check writes nothing, so its record is appended on its own. Counts only: a check's message may quote a server.
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        await audit.AppendAsync(
            orgId, AuditAction.Checked, context.UserId, record.Metadata,
            [new("checks", report.Results.Count.ToString(ci)), new("succeeded", succeeded.ToString(ci))],
            cancellationToken).ConfigureAwait(false);
        return report;
    }

    public Task<CredentialCheckReport> CheckAsync(CredentialSecret secret, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return RunAsync(secret, cancellationToken);
    }

    private async Task<CredentialCheckReport> RunAsync(CredentialSecret secret, CancellationToken cancellationToken)
    {
        var results = new List<CredentialCheckResult>();
        foreach (var check in _checks.Where(c => c.Type == secret.Type))
        {
            var name = check.GetType().Name;
            CredentialCheckResult result;
            try
            {
                result = await check.CheckAsync(secret, cancellationToken).ConfigureAwait(false)
                    ?? CredentialCheckResult.Failure("the check returned no result");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The exception's message may quote a value: report and log its type only.
                Log.CheckThrew(_logger, name, ex.GetType().Name);
                result = CredentialCheckResult.Failure($"the check failed unexpectedly ({ex.GetType().Name})");
            }

            results.Add(SecretScrubber.Scrub(result with { Check = name }, secret));
        }

        return new CredentialCheckReport(secret.Type, results);
    }
}
