using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Node.Hosting;

/// <summary>
/// One line per HTTP API request when <c>Http:AccessLog</c> is true: method, path and query, status,
/// milliseconds and the client address. Runs first in the pipeline (a startup filter), so refused and
/// failed requests are logged as well.
/// </summary>
internal sealed partial class HttpAccessLog(RequestDelegate next, ILogger<HttpAccessLog> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var request = context.Request;
            Request(logger, request.Method, request.Path + request.QueryString, context.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, context.Connection.RemoteIpAddress?.ToString() ?? "-");
        }
    }

    internal sealed class StartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseMiddleware<HttpAccessLog>();
            next(app);
        };
    }
}
