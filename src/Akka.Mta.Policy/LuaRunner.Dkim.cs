using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Akka.Mta.Dkim;
using Akka.Mta.Policy.Dkim;
using Akka.Mta.Policy.Interop;

namespace Akka.Mta.Policy;

/// <summary>
/// Natives behind <c>mta.dkim.*_signer</c> and <c>msg:dkim_sign</c>. A signer object in Lua is a
/// handle into this state's list; the signer itself comes from the epoch's cache, so every state
/// (and every call in a handler) with the same options shares one signer and one key read.
/// </summary>
internal sealed unsafe partial class LuaRunner
{
    private readonly List<DkimSigner> _dkimSigners = [];
    private readonly Dictionary<DkimSigner, int> _dkimHandles = new(ReferenceEqualityComparer.Instance);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int DkimSignerNew(IntPtr l) => Guard(l, &DkimSignerNewBody);

    private static int DkimSignerNewBody(LuaRunner r, IntPtr l)
    {
        var algorithm = ArgString(l, 1, "algorithm") == "ed25519" ? DkimAlgorithm.Ed25519Sha256 : DkimAlgorithm.RsaSha256;
        var function = algorithm == DkimAlgorithm.RsaSha256 ? "mta.dkim.rsa_sha256_signer" : "mta.dkim.ed25519_signer";
        JsonNode? node;
        try
        {
            node = LuaValues.Read(l, 2, r._refArrayMt);
        }
        catch (LuaConversionException ex)
        {
            throw new ArgumentException($"{function}: {ex.Message}");
        }
        if (node is not JsonObject table)
        {
            // An empty Lua table reads as an empty object or array; both lack every required field.
            table = node is JsonArray { Count: 0 } ? [] : throw new ArgumentException($"{function}: expects a table of options, got {Options.OptionReader.Describe(node)}");
        }
        var (options, key) = DkimSignerParams.Parse(table, function, r.KeyPath);
        var source = LuaStrings.ReadOrNull(l, 3);
        var file = source is null ? null : r._context.Snapshot.FullPath(source);
        var info = r._context.Dkim.Get(algorithm, options, key, file, (int)ArgInteger(l, 4), function);
        if (!r._dkimHandles.TryGetValue(info.Signer, out var handle))
        {
            r._dkimSigners.Add(info.Signer);
            handle = r._dkimSigners.Count;
            r._dkimHandles[info.Signer] = handle;
        }
        LuaApi.lua_pushinteger(l, handle);
        return 1;
    }

    /// <summary>A key file name: relative to the policy directory, or absolute.</summary>
    private string KeyPath(string name) => Path.IsPathRooted(name) ? Path.GetFullPath(name) : _context.Snapshot.FullPath(name);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int MessageDkimSign(IntPtr l) => Guard(l, &MessageDkimSignBody);

    private static int MessageDkimSignBody(LuaRunner r, IntPtr l)
    {
        var message = r.Message(l, "dkim_sign");
        var handle = ArgInteger(l, 2);
        if (handle < 1 || handle > r._dkimSigners.Count)
        {
            throw new ArgumentException("msg:dkim_sign: the argument must be a signer from mta.dkim.rsa_sha256_signer or mta.dkim.ed25519_signer");
        }
        message.DkimSign(r._dkimSigners[(int)handle - 1], r._context.Options.TimeProvider.GetUtcNow());
        return 0;
    }
}
