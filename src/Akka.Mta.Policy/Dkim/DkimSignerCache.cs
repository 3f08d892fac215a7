using System.Collections.Concurrent;
using Akka.Mta.Dkim;

namespace Akka.Mta.Policy.Dkim;

/// <summary>A signer the policy built, for <c>policy check</c> and the log: what it signs with and where it was made.</summary>
public sealed record DkimSignerInfo(DkimSigner Signer, string KeySource, string? File, int Line)
{
    public override string ToString()
    {
        var o = Signer.Options;
        return $"{Signer.Algorithm.Format()} d={o.Domain} s={o.Selector} c={o.HeaderCanonicalization.Format()}/{o.BodyCanonicalization.Format()}"
            + $" h={string.Join(':', o.Headers)}{(o.OverSign ? " (over-signed)" : string.Empty)}"
            + (o.Expiration is { } x ? $" x=+{x.TotalSeconds}s" : string.Empty)
            + $", key {Signer.Key.Description} from {KeySource}"
            + (File is null ? string.Empty : $" ({File}:{Line})")
            + $"; DNS: {o.Selector}._domainkey.{o.Domain} TXT \"{Signer.Key.PublicKeyRecord}\"";
    }
}

/// <summary>
/// The signers of one policy epoch, shared by all its Lua states: a key is read once per epoch
/// (file and algorithm), a signer built once per distinct set of options. A failure is not cached,
/// so the next call reports it again. A reload starts a new cache, so key files are read anew.
/// </summary>
internal sealed class DkimSignerCache
{
    private readonly ConcurrentDictionary<string, Lazy<DkimSigningKey>> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<DkimSignerInfo>> _signers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _files = new(StringComparer.Ordinal);

    /// <summary>Key files read, so that a change to one triggers a reload.</summary>
    public IEnumerable<string> KeyFiles => _files.Keys;

    public IReadOnlyList<DkimSignerInfo> Signers =>
        _signers.Values.Where(l => l.IsValueCreated).Select(l => l.Value).OrderBy(i => i.File).ThenBy(i => i.Line).ToList();

    public DkimSignerInfo Get(DkimAlgorithm algorithm, DkimSignerOptions options, DkimKeySource source, string? file, int line, string function)
    {
        var o = options;
        var key = string.Join('\n', algorithm, o.Domain, o.Selector, string.Join(':', o.Headers), o.HeaderCanonicalization, o.BodyCanonicalization,
            o.OverSign, o.Expiration?.Ticks, o.AgentUserIdentifier, source.CacheKey);
        return GetOrCreate(_signers, key, () => new DkimSignerInfo(new DkimSigner(options, Key(algorithm, source, function)), source.Describe(), file, line));
    }

    private DkimSigningKey Key(DkimAlgorithm algorithm, DkimKeySource source, string function) =>
        GetOrCreate(_keys, algorithm + "\n" + source.CacheKey, () =>
        {
            try
            {
                return source.File is { } path ? DkimKeyReader.Read(ReadFile(path, function), algorithm) : DkimKeyReader.ReadPem(source.Pem!, algorithm);
            }
            catch (DkimException e)
            {
                throw new ArgumentException($"{function}: key {source.Describe()}: {e.Message}");
            }
        });

    private byte[] ReadFile(string path, string function)
    {
        _files.TryAdd(path, 0);
        if (Directory.Exists(path))
        {
            throw new ArgumentException($"{function}: key file {path} cannot be read: it is a directory");
        }
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ArgumentException($"{function}: key file {path} does not exist");
        }
        catch (UnauthorizedAccessException)
        {
            throw new ArgumentException($"{function}: key file {path} cannot be read (permission denied)");
        }
        catch (IOException e)
        {
            throw new ArgumentException($"{function}: key file {path} cannot be read: {e.Message}");
        }
    }

    private static T GetOrCreate<T>(ConcurrentDictionary<string, Lazy<T>> cache, string key, Func<T> create)
    {
        var lazy = cache.GetOrAdd(key, _ => new Lazy<T>(create, LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            cache.TryRemove(new KeyValuePair<string, Lazy<T>>(key, lazy));
            throw;
        }
    }
}
