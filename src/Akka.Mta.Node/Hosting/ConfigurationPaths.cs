using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;

namespace Akka.Mta.Node.Hosting;

/// <summary>
/// Where a relative path in the configuration points. A path written in a configuration file
/// (<c>--config FILE</c>, appsettings.json) means a place beside that file, whatever directory the
/// node was started from; one from a flag or an environment variable means a place under the current
/// working directory, as every command-line tool reads a path.
/// </summary>
internal static class ConfigurationPaths
{
    /// <summary>The absolute path <paramref name="key"/> names, or null when no layer sets it.</summary>
    public static string? FullPath(IConfiguration configuration, string key)
    {
        if (configuration[key] is not { } value)
        {
            return null;
        }
        if (value.Trim().Length == 0)
        {
            throw new NodeConfigurationException(key, "is empty; give a path or leave the key out");
        }
        return Path.GetFullPath(value, BaseDirectory(configuration, key));
    }

    /// <summary>The directory relative values of <paramref name="key"/> resolve against: that of the file whose value wins, else the current one.</summary>
    private static string BaseDirectory(IConfiguration configuration, string key)
    {
        if (configuration is IConfigurationRoot root)
        {
            // Later providers override earlier ones: the last that has the key gave the value.
            foreach (var provider in root.Providers.Reverse())
            {
                if (!provider.TryGet(key, out _))
                {
                    continue;
                }
                if (provider is FileConfigurationProvider { Source: { Path: { } path, FileProvider: PhysicalFileProvider files } })
                {
                    return Path.GetDirectoryName(Path.Combine(files.Root, path))!;
                }
                break;
            }
        }
        return Directory.GetCurrentDirectory();
    }
}
