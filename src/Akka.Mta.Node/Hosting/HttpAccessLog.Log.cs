using Microsoft.Extensions.Logging;

namespace Akka.Mta.Node.Hosting;

internal sealed partial class HttpAccessLog
{
    [LoggerMessage(EventId = 9501, Level = LogLevel.Information, Message = "{Method} {Target} {Status} {Milliseconds:0.0}ms {Client}")]
    private static partial void Request(ILogger logger, string method, string target, int status, double milliseconds, string client);
}
