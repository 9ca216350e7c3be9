using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Credentials.AspNetCore;

/// <summary>
/// Every error the API returns, as RFC 9457 problem details. <c>type</c> is <c>urn:credentials:problem:&lt;name&gt;</c>;
/// <c>detail</c> is written here, never copied from an exception (whose message is for logs), and never holds a value.
/// </summary>
internal static class CredentialProblems
{
    public const string TypePrefix = "urn:credentials:problem:";

    /// <summary>Maps a library exception to its problem; see the README's table.</summary>
    public static IResult For(CredentialException exception) => exception switch
    {
        CredentialValidationException validation => Validation(validation.Errors),
        CredentialNotFoundException => NotFound(),
        CredentialConflictException => Problem(StatusCodes.Status409Conflict, "key-conflict", "The key is already used",
            "Another credential of the organization has this key. Choose another key, or rename or delete that credential first."),
        CredentialConcurrencyException => Problem(StatusCodes.Status412PreconditionFailed, "stale-version", "The credential has changed",
            "The credential was changed since this version was read. Reload it and apply the change again."),
        CredentialConsumerException consumer => Consumer(consumer),
        CredentialConnectionRequiredException connect => Connection(
            "connect-required",
            "Connect your account first",
            "This needs your own credential, which you have not connected yet. Add or connect it, then try again.",
            connect.Key,
            connect.TemplateId),
        CredentialReconnectRequiredException reconnect => Reconnect(reconnect),
        CredentialTypeMismatchException => Problem(StatusCodes.Status409Conflict, "type-mismatch", "The credential has another type", null),
        CredentialIntegrityException => Problem(StatusCodes.Status500InternalServerError, "integrity", "The stored credential could not be opened", null),
        _ => Problem(StatusCodes.Status500InternalServerError, "server-error", "The credential store could not complete the request", null),
    };

    public static IResult Validation(IReadOnlyList<CredentialValidationError> errors, int status = StatusCodes.Status422UnprocessableEntity)
    {
        var byField = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var group in errors.GroupBy(e => e.Field, StringComparer.Ordinal))
        {
            byField[group.Key] = group.Select(e => e.Message).ToArray();
        }

        var problem = new HttpValidationProblemDetails(byField)
        {
            Status = status,
            Type = TypePrefix + "validation",
            Title = "The credential is not valid",
            Detail = errors.Count == 0
                ? "The request breaks a rule; nothing was stored or changed."
                : "Fix the fields in errors (by wire name); nothing was stored or changed.",
        };
        return TypedResults.Problem(problem);
    }

    public static IResult BadRequest(string detail, string name = "bad-request") =>
        Problem(StatusCodes.Status400BadRequest, name, "The request is malformed", detail);

    public static IResult BadQuery(string parameter, string message) =>
        Validation([new(parameter, message)], StatusCodes.Status400BadRequest);

    public static IResult NotFound() =>
        Problem(StatusCodes.Status404NotFound, "not-found", "No such credential", "There is no credential with this id that you may see.");

    public static IResult NoOrganization() =>
        Problem(StatusCodes.Status403Forbidden, "no-organization", "No organization", "The request is not in an organization whose credentials it may manage.");

    public static IResult UnsupportedMediaType() =>
        Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "The body must be JSON", "Send the body as application/json.");

    public static IResult TooLarge(int maxBytes) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "The body is too large", $"A request body has at most {maxBytes} bytes.");

    /// <summary>
    /// 409 for a credential the user has to connect (or reconnect) before the request can go on. Carries the key and the
    /// template to offer, never a user id: the problem goes to whoever sent the request, and says nothing about anyone else.
    /// </summary>
    private static IResult Connection(string name, string title, string detail, string key, string? templateId)
    {
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Type = TypePrefix + name,
            Title = title,
            Detail = detail,
        };
        problem.Extensions["key"] = key;
        problem.Extensions["templateId"] = templateId;
        return TypedResults.Problem(problem);
    }

    /// <summary>
    /// 409 for an OAuth 2.0 credential whose grant the authorization server no longer accepts (revoked, expired, a refresh
    /// token used twice): someone must connect it again (<c>POST /{id}/connect</c>). Carries the credential's id and key.
    /// </summary>
    private static IResult Reconnect(CredentialReconnectRequiredException exception)
    {
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Type = TypePrefix + "reconnect-required",
            Title = "Connect the account again",
            Detail = "The authorization server no longer accepts this OAuth 2.0 credential's grant (it was revoked or has expired). Connect it again, then try again.",
        };
        problem.Extensions["credentialId"] = exception.CredentialId == default ? null : exception.CredentialId.ToString();
        problem.Extensions["key"] = exception.Key;
        return TypedResults.Problem(problem);
    }

    private static IResult Consumer(CredentialConsumerException exception)
    {
        // 424 Failed Dependency: the host's own consumer handler failed, so nothing was deleted or recovered; the
        // request itself was fine and may succeed when retried. The kind and ids are the host's, never secrets.
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status424FailedDependency,
            Type = TypePrefix + "consumer-failed",
            Title = "A consumer could not be updated",
            Detail = "Updating the credential's consumers failed, so nothing was changed. Try again later.",
        };
        if (exception.Kind is { } kind)
        {
            problem.Extensions["consumerKind"] = kind.Name;
        }

        if (exception.ConsumerIds.Count > 0)
        {
            problem.Extensions["consumerIds"] = exception.ConsumerIds.ToArray();
        }

        return TypedResults.Problem(problem);
    }

    private static IResult Problem(int status, string name, string title, string? detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Type = TypePrefix + name, Title = title, Detail = detail });
}
