using System.Globalization;
using System.Security.Cryptography;
using Credentials.Storage;
using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>Lists and verifies the audit chains.</summary>
internal sealed class CredentialAudit(
    ICredentialStorage storage,
    CredentialsInitializer initializer,
    AuditKey key,
    IOptions<CredentialsOptions> options) : ICredentialAudit
{
    private const int VerifyBatch = 1000;

    public async Task<AuditPage> ListAsync(OrganizationId org, AuditQuery? query = null, CancellationToken cancellationToken = default)
    {
        var orgId = org.Checked();
        using var activity = CredentialsTelemetry.StartActivity("credentials.audit.list", orgId);
        return await ListCoreAsync(orgId, query, cancellationToken).ConfigureAwait(false);
    }

    public async Task<AuditPage> ListStoreAsync(AuditQuery? query = null, CancellationToken cancellationToken = default)
    {
        using var activity = CredentialsTelemetry.StartActivity("credentials.audit.list", null);
        return await ListCoreAsync(AuditTrail.StoreScope, query, cancellationToken).ConfigureAwait(false);
    }

    public Task<AuditBreak?> VerifyAsync(OrganizationId org, CancellationToken cancellationToken = default) =>
        VerifyCoreAsync(org.Checked(), cancellationToken);

    public Task<AuditBreak?> VerifyStoreAsync(CancellationToken cancellationToken = default) =>
        VerifyCoreAsync(AuditTrail.StoreScope, cancellationToken);

    private async Task<AuditPage> ListCoreAsync(string chain, AuditQuery? query, CancellationToken cancellationToken)
    {
        query ??= new AuditQuery();
        var settings = options.Value;
        var errors = new List<CredentialValidationError>();
        var pageSize = query.PageSize ?? settings.DefaultPageSize;
        if (pageSize < 1 || pageSize > settings.MaxPageSize)
        {
            errors.Add(new("page_size", $"must be from 1 to {settings.MaxPageSize}"));
        }

        long? after = null;
        if (query.ContinuationToken is { } token)
        {
            if (long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) && sequence > 0)
            {
                after = sequence;
            }
            else
            {
                errors.Add(new("continuation_token", "is not a token returned by a previous page"));
            }
        }

        if (query.Action is { } action && !Enum.IsDefined(action))
        {
            errors.Add(new("action", "is not an audit action"));
        }

        CredentialValidator.ThrowIfAny(errors);
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var storageQuery = new AuditStorageQuery(pageSize + 1)
        {
            AfterSequence = after,
            Descending = query.NewestFirst,
            CredentialId = query.CredentialId?.Value,
            Action = query.Action?.ToWireName(),
            ActorUserId = query.Actor?.UserId,
            SystemActorOnly = query.Actor is { IsSystem: true },
            From = query.From,
            To = query.To,
        };
        var rows = await storage.ListAuditAsync(chain, storageQuery, cancellationToken).ConfigureAwait(false);
        var items = rows.Take(pageSize).Select(ToPublic).ToList();
        var next = rows.Count > pageSize ? items[^1].Sequence.ToString(CultureInfo.InvariantCulture) : null;
        return new AuditPage(items, next);
    }

    private async Task<AuditBreak?> VerifyCoreAsync(string chain, CancellationToken cancellationToken)
    {
        using var activity = CredentialsTelemetry.StartActivity("credentials.audit.verify", chain.Length == 0 ? null : chain);
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var signer = await key.GetSignerAsync(createIfMissing: false, cancellationToken).ConfigureAwait(false);
        if (signer is null)
        {
            // No audit key in the store: nothing was ever appended, or its key settings were deleted (then the chain's
            // first record cannot verify).
            var first = await storage.ListAuditAsync(chain, new AuditStorageQuery(1), cancellationToken).ConfigureAwait(false);
            var recorded = await storage.GetAuditHeadAsync(chain, cancellationToken).ConfigureAwait(false);
            return first.Count > 0 ? new AuditBreak(1, first[0].Sequence == 1 ? AuditBreakKind.Altered : AuditBreakKind.Missing, first[0].Sequence == 1 ? ToPublic(first[0]) : null)
                : recorded is not null ? new AuditBreak(1, AuditBreakKind.Missing, null)
                : null;
        }

        var previousMac = Array.Empty<byte>();
        long last = 0;
        while (true)
        {
            var batch = await storage.ListAuditAsync(chain, new AuditStorageQuery(VerifyBatch) { AfterSequence = last }, cancellationToken).ConfigureAwait(false);
            foreach (var record in batch)
            {
                if (record.Sequence != last + 1)
                {
                    return new AuditBreak(last + 1, AuditBreakKind.Missing, null);
                }

                if (!string.Equals(record.OrganizationId, chain, StringComparison.Ordinal) || !signer.Verify(record, previousMac))
                {
                    return new AuditBreak(record.Sequence, AuditBreakKind.Altered, ToPublic(record));
                }

                previousMac = record.Mac;
                last = record.Sequence;
            }

            if (batch.Count < VerifyBatch)
            {
                break;
            }
        }

        // The head names the last record appended: a deleted last record (or several) is missing there.
        var head = await storage.GetAuditHeadAsync(chain, cancellationToken).ConfigureAwait(false);
        if (head is not null && head.Sequence > last)
        {
            return new AuditBreak(last + 1, AuditBreakKind.Missing, null);
        }

        if (head is not null && head.Sequence == last && !CryptographicOperations.FixedTimeEquals(head.Mac, previousMac))
        {
            return new AuditBreak(last, AuditBreakKind.Altered, null);
        }

        return null;
    }

    private static CredentialAuditRecord ToPublic(AuditRecord record)
    {
        AuditActions.TryParse(record.Action, out var action);
        return new CredentialAuditRecord(
            record.Sequence,
            record.Time,
            action,
            new AuditActor(record.ActorUserId),
            record.CredentialId is { } id ? new CredentialId(id) : null,
            record.CredentialKey,
            AuditTrail.ParseDetails(record.Details))
        {
            OrganizationId = record.OrganizationId.Length == 0 ? null : new OrganizationId(record.OrganizationId),
            OwnerUserId = record.OwnerUserId,
        };
    }
}
