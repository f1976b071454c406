using Microsoft.AspNetCore.Http.HttpResults;
using WhatsPortal.Web.Commands;

namespace WhatsPortal.Web.Apis;

/// <summary>Problem details (application/problem+json, with trace id) for the API's expected failures.</summary>
internal static class ApiProblems
{
    public static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: title);

    /// <summary>400 with the errors by field, as the request validation answers, for rules a command checks.</summary>
    public static ProblemHttpResult Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors) { Status = StatusCodes.Status400BadRequest });

    public static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: title);

    /// <summary>A command's refusal: 400 by field, 409 or 403 with its sentence, 404 saying what was not found, or the caller's own 404 (the instance).</summary>
    public static ProblemHttpResult Refusal<T>(CommandResult<T> result, string conflictTitle, Func<ProblemHttpResult> notFound) where T : class =>
        result.Status switch
        {
            CommandStatus.Invalid => Invalid(result.Errors.ToDictionary(e => e.Key, e => e.Value.Select(s => s.Text).ToArray())),
            CommandStatus.Conflict => Conflict(conflictTitle, string.Join(" ", result.Errors.Values.SelectMany(e => e).Select(e => e.Text))),
            CommandStatus.Forbidden => TypedResults.Problem(string.Join(" ", result.AllErrors.Select(e => e.Text)), statusCode: StatusCodes.Status403Forbidden, title: "WhatsApp refused"),
            CommandStatus.NotFound when result.Errors.Count > 0 => NotFound("Not found", string.Join(" ", result.AllErrors.Select(e => e.Text))),
            _ => notFound(),
        };
}
