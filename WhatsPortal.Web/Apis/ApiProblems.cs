using Microsoft.AspNetCore.Http.HttpResults;

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
}
