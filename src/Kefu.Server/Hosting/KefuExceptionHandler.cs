using Kefu.Domain.Tickets;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Hosting;

/// <summary>Turns the exceptions that mean "bad request" or "try again" into problem details instead of a 500.</summary>
public sealed partial class KefuExceptionHandler(IProblemDetailsService problems, ILogger<KefuExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Bad request", bad.Message),
            IllegalTransitionException illegal => (StatusCodes.Status409Conflict, "Conflict", illegal.Message),
            TicketClosedException closed => (StatusCodes.Status409Conflict, "Conflict", closed.Message),
            DbUpdateConcurrencyException => (StatusCodes.Status409Conflict, "Conflict", "Someone else changed this record at the same moment. Reload and try again."),
            _ => (StatusCodes.Status500InternalServerError, "Internal error", "Something went wrong on our side; nothing you sent was lost if you were told it was accepted."),
        };

        if (status >= 500)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
