using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Akka.Mta.Node.Hosting;

/// <summary>
/// What <c>serve</c> writes to the console: one line per event, Information for the MTA's own
/// categories (policy loads, recovery, delivery problems), Warning for ASP.NET Core and the generic
/// host, so the per-request chatter is gone. <c>Http:AccessLog = true</c> adds one line per HTTP API
/// request; <c>Logging:LogLevel:CATEGORY</c> changes a level (<c>Default</c> for the rest).
/// </summary>
public static class NodeLogging
{
    public const string DefaultCategory = "Default";

    public static readonly IReadOnlyDictionary<string, LogLevel> DefaultLevels = new Dictionary<string, LogLevel>(StringComparer.OrdinalIgnoreCase)
    {
        [DefaultCategory] = LogLevel.Warning,
        ["Akka.Mta"] = LogLevel.Information,
        ["Microsoft.AspNetCore"] = LogLevel.Warning,
        ["Microsoft.Hosting.Lifetime"] = LogLevel.Warning,
    };

    /// <summary>Sets the console logger of a node's host (called once from <see cref="NodeHost"/>).</summary>
    public static void Configure(WebApplicationBuilder builder, NodeOptions options)
    {
        var logging = builder.Logging;
        logging.ClearProviders();
        logging.AddSimpleConsole(c =>
        {
            c.SingleLine = true;
            c.UseUtcTimestamp = true;
            c.TimestampFormat = "HH:mm:ss.fff ";
        });
        foreach (var (category, level) in options.LogLevels)
        {
            if (category.Equals(DefaultCategory, StringComparison.OrdinalIgnoreCase))
            {
                logging.SetMinimumLevel(level);
            }
            else
            {
                logging.AddFilter(category, level);
            }
        }
        if (options.HttpAccessLog)
        {
            builder.Services.AddSingleton<IStartupFilter, HttpAccessLog.StartupFilter>();
        }
    }

    /// <summary>The defaults with <c>Logging:LogLevel:*</c> over them; a level that is not one throws naming the key.</summary>
    internal static IReadOnlyDictionary<string, LogLevel> Levels(IConfiguration configuration)
    {
        var levels = new Dictionary<string, LogLevel>(DefaultLevels, StringComparer.OrdinalIgnoreCase);
        foreach (var entry in configuration.GetSection("Logging:LogLevel").GetChildren())
        {
            levels[entry.Key] = Enum.TryParse<LogLevel>(entry.Value, ignoreCase: true, out var level) && Enum.IsDefined(level)
                ? level
                : throw new NodeConfigurationException(entry.Path,
                    $"\"{entry.Value}\" is not a log level (Trace, Debug, Information, Warning, Error, Critical, None)");
        }
        return levels;
    }
}
