using Microsoft.AspNetCore.Http.HttpResults;

namespace WhatsPortal.Web.Apis;

/// <summary>Problem details (application/problem+json, with trace id) for the API's expected failures.</summary>
internal static class ApiProblems
{
    public static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: title);

    public static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: title);
}
