using System.Security.Cryptography;
using System.Text;

namespace Akka.Mta.Policy;

/// <summary>
/// The policy directory as one epoch sees it: every Lua file's content read once, so all the
/// states of an epoch load identical code however the disk changes meanwhile, and a hash over
/// every file (Lua, TOML, JSON, anything not hidden) that tells whether a reload is needed.
/// </summary>
internal sealed class PolicySnapshot
{
    private readonly Dictionary<string, byte[]> _luaFiles;

    private PolicySnapshot(string directory, string entry, Dictionary<string, byte[]> luaFiles, string hash)
    {
        Directory = directory;
        Entry = entry;
        _luaFiles = luaFiles;
        Hash = hash;
    }

    /// <summary>Absolute policy directory, without a trailing separator.</summary>
    public string Directory { get; }

    /// <summary>The entry file relative to <see cref="Directory"/>, with '/' separators.</summary>
    public string Entry { get; }

    /// <summary>Lower-case hex SHA-256 over the relative names and contents of every file.</summary>
    public string Hash { get; }

    public static PolicySnapshot Read(string policyFile, long maxBytes, IEnumerable<string>? extraFiles = null)
    {
        var full = Path.GetFullPath(policyFile);
        if (!File.Exists(full))
        {
            throw new PolicyException(new PolicyError(PolicyEvents.Load, null, 0, $"policy file {policyFile} does not exist"));
        }
        var directory = Path.TrimEndingDirectorySeparator(Path.GetDirectoryName(full)!);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in System.IO.Directory.EnumerateFiles(directory, "*", new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = FileAttributes.Hidden,
            IgnoreInaccessible = true,
        }))
        {
            var rel = Relative(directory, path);
            if (!rel.Split('/').Any(part => part.StartsWith('.')))
            {
                files[rel] = path;
            }
        }
        foreach (var extra in extraFiles ?? [])
        {
            files.TryAdd(Path.GetFullPath(extra), extra);
        }
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var lua = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        long total = 0;
        foreach (var (rel, path) in files)
        {
            byte[] content;
            try
            {
                content = File.ReadAllBytes(path);
            }
            catch (IOException) when (!File.Exists(path))
            {
                continue; // removed while we listed
            }
            total += content.Length;
            if (total > maxBytes)
            {
                throw new PolicyException(new PolicyError(PolicyEvents.Load, path, 0,
                    $"the policy directory holds more than {maxBytes} bytes; move large data elsewhere"));
            }
            sha.AppendData(Encoding.UTF8.GetBytes(rel));
            sha.AppendData([0]);
            sha.AppendData(BitConverter.GetBytes((long)content.Length));
            sha.AppendData(content);
            if (rel.EndsWith(".lua", StringComparison.Ordinal))
            {
                lua[rel] = content;
            }
        }
        return new PolicySnapshot(directory, Relative(directory, full), lua, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    /// <summary>
    /// The Lua file at <paramref name="path"/> (relative to the policy directory, or absolute inside
    /// it). False with an error when the path leaves the directory; false without one when absent.
    /// </summary>
    public bool TryGetLua(string path, out string relative, out byte[] content, out string? error)
    {
        content = [];
        relative = string.Empty;
        if (!TryResolve(path, out var full, out error))
        {
            return false;
        }
        relative = Relative(Directory, full);
        return _luaFiles.TryGetValue(relative, out content!);
    }

    /// <summary>The absolute path of <paramref name="path"/> when it lies inside the policy directory.</summary>
    public bool TryResolve(string path, out string full, out string? error)
    {
        full = string.Empty;
        error = null;
        if (string.IsNullOrEmpty(path) || path.Contains('\0'))
        {
            error = "an empty file name";
            return false;
        }
        var candidate = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(Directory, path));
        if (!candidate.StartsWith(Directory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            error = $"{path} is outside the policy directory {Directory}";
            return false;
        }
        full = candidate;
        return true;
    }

    /// <summary>The absolute path of a chunk name (relative to the policy directory).</summary>
    public string FullPath(string relative) => Path.GetFullPath(Path.Combine(Directory, relative));

    private static string Relative(string directory, string path) =>
        Path.GetRelativePath(directory, path).Replace(Path.DirectorySeparatorChar, '/');
}
