using Akka.Mta.Shaping.Merging;
using Akka.Mta.Shaping.Model;

namespace Akka.Mta.Shaping.Resolution;

/// <summary>
/// Precomputed provider match tables: suffixes grouped by length, so matching a name costs one
/// hash lookup per distinct suffix length rather than one comparison per rule, and providers as
/// bit sets, so the "every MX host must match" rule is an AND over the hosts.
/// </summary>
internal sealed class ProviderIndex
{
    private readonly MergedProvider[] _providers;
    private readonly int _words;
    private readonly SuffixTable _domainSuffixes;
    private readonly SuffixTable _mxSuffixes;
    private readonly Dictionary<string, ulong[]> _hostNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ulong[]>.AlternateLookup<ReadOnlySpan<char>> _hostNameLookup;
    private readonly ulong[] _needsMx;

    public ProviderIndex(IReadOnlyList<MergedProvider> providers)
    {
        _providers = [.. providers];
        _words = Math.Max(1, (_providers.Length + 63) / 64);
        _needsMx = new ulong[_words];
        var domainSuffixes = new List<(string, int)>();
        var mxSuffixes = new List<(string, int)>();
        for (var i = 0; i < _providers.Length; i++)
        {
            foreach (var rule in _providers[i].Match)
            {
                switch (rule.Kind)
                {
                    case ProviderMatchKind.DomainSuffix:
                        domainSuffixes.Add((rule.Value, i));
                        break;
                    case ProviderMatchKind.MXSuffix:
                        mxSuffixes.Add((rule.Value, i));
                        SetBit(_needsMx, i);
                        break;
                    case ProviderMatchKind.HostName:
                        SetBit(MaskFor(_hostNames, rule.Value), i);
                        SetBit(_needsMx, i);
                        break;
                }
            }
        }
        _domainSuffixes = new SuffixTable(domainSuffixes, _words);
        _mxSuffixes = new SuffixTable(mxSuffixes, _words);
        _hostNameLookup = _hostNames.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _providers.Length;

    /// <summary>
    /// The providers whose rules accept <paramref name="domain"/> (lowercase), in declaration order:
    /// a <c>DomainSuffix</c> of the domain, or every MX host matching one of the provider's
    /// <c>MXSuffix</c>/<c>HostName</c> rules. Without MX hosts only domain suffixes can match.
    /// </summary>
    public IReadOnlyList<MergedProvider> Match(string domain, MxHostsResult? mx)
    {
        if (_providers.Length == 0)
        {
            return [];
        }
        Span<ulong> matched = stackalloc ulong[_words];
        _domainSuffixes.OrInto(TrimDot(domain), matched);
        if (mx is { HasHosts: true } && AnyMissing(_needsMx, matched))
        {
            Span<ulong> all = stackalloc ulong[_words];
            Span<ulong> host = stackalloc ulong[_words];
            all.Fill(ulong.MaxValue);
            foreach (var name in mx.Hosts)
            {
                host.Clear();
                var candidate = TrimDot(name);
                _mxSuffixes.OrInto(candidate, host);
                if (_hostNameLookup.TryGetValue(candidate, out var exact))
                {
                    Or(exact, host);
                }
                for (var w = 0; w < _words; w++)
                {
                    all[w] &= host[w];
                }
            }
            for (var w = 0; w < _words; w++)
            {
                matched[w] |= all[w] & _needsMx[w];
            }
        }
        List<MergedProvider>? result = null;
        for (var w = 0; w < _words; w++)
        {
            var bits = matched[w];
            while (bits != 0)
            {
                var bit = System.Numerics.BitOperations.TrailingZeroCount(bits);
                (result ??= []).Add(_providers[w * 64 + bit]);
                bits &= bits - 1;
            }
        }
        return result ?? (IReadOnlyList<MergedProvider>)[];
    }

    private static ReadOnlySpan<char> TrimDot(string name) => name.EndsWith('.') ? name.AsSpan(0, name.Length - 1) : name.AsSpan();

    private static bool AnyMissing(ulong[] wanted, ReadOnlySpan<ulong> have)
    {
        for (var w = 0; w < wanted.Length; w++)
        {
            if ((wanted[w] & ~have[w]) != 0)
            {
                return true;
            }
        }
        return false;
    }

    private static void Or(ulong[] source, Span<ulong> target)
    {
        for (var w = 0; w < source.Length; w++)
        {
            target[w] |= source[w];
        }
    }

    private static void SetBit(ulong[] mask, int index) => mask[index / 64] |= 1UL << (index % 64);

    private ulong[] MaskFor(Dictionary<string, ulong[]> map, string key)
    {
        if (!map.TryGetValue(key, out var mask))
        {
            map[key] = mask = new ulong[_words];
        }
        return mask;
    }

    /// <summary>
    /// Plain string suffixes (KumoMTA's <c>ends_with</c>). Suffixes starting with a dot (nearly all)
    /// are looked up once per dot of the name; any others once per distinct suffix length.
    /// </summary>
    private sealed class SuffixTable
    {
        private readonly Dictionary<string, ulong[]>.AlternateLookup<ReadOnlySpan<char>> _dotted;
        private readonly bool _hasDotted;
        private readonly (int Length, Dictionary<string, ulong[]>.AlternateLookup<ReadOnlySpan<char>> Masks)[] _byLength;

        public SuffixTable(IEnumerable<(string Suffix, int Provider)> suffixes, int words)
        {
            var all = suffixes.ToList();
            var dotted = Build(all.Where(s => s.Suffix.StartsWith('.')), words);
            _dotted = dotted.GetAlternateLookup<ReadOnlySpan<char>>();
            _hasDotted = dotted.Count > 0;
            _byLength = all
                .Where(s => !s.Suffix.StartsWith('.'))
                .GroupBy(s => s.Suffix.Length)
                .OrderBy(g => g.Key)
                .Select(g => (g.Key, Build(g, words).GetAlternateLookup<ReadOnlySpan<char>>()))
                .ToArray();
        }

        public void OrInto(ReadOnlySpan<char> name, Span<ulong> target)
        {
            if (_hasDotted)
            {
                for (var i = name.Length - 1; i >= 0; i--)
                {
                    if (name[i] == '.' && _dotted.TryGetValue(name[i..], out var mask))
                    {
                        Or(mask, target);
                    }
                }
            }
            foreach (var (length, masks) in _byLength)
            {
                if (length > name.Length)
                {
                    return;
                }
                if (masks.TryGetValue(name[^length..], out var mask))
                {
                    Or(mask, target);
                }
            }
        }

        private static Dictionary<string, ulong[]> Build(IEnumerable<(string Suffix, int Provider)> suffixes, int words)
        {
            var masks = new Dictionary<string, ulong[]>(StringComparer.Ordinal);
            foreach (var (suffix, provider) in suffixes)
            {
                if (!masks.TryGetValue(suffix, out var mask))
                {
                    masks[suffix] = mask = new ulong[words];
                }
                SetBit(mask, provider);
            }
            return masks;
        }
    }
}
