using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Kefu.Server.Http;

/// <summary>RFC 9457 problem details, one way for the whole API.</summary>
public static class Problems
{
    public static ValidationProblem Validation(Dictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.ValidationProblem(errors, detail: detail ?? "One or more fields are invalid. Nothing was changed.", title: "Invalid request");

    public static ProblemHttpResult Status(int status, string title, string? detail = null) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });

    public static ProblemHttpResult NotFound(string what) =>
        Status(StatusCodes.Status404NotFound, "Not found", $"No {what} with that identifier is visible to you.");

    public static ProblemHttpResult Conflict(string detail) => Status(StatusCodes.Status409Conflict, "Conflict", detail);
}
