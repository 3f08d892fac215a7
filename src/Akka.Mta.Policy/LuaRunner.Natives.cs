using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Mta.Policy.Interop;
using Akka.Mta.Policy.Options;
using Akka.Mta.Toml;

namespace Akka.Mta.Policy;

/// <summary>
/// The native functions the prelude wraps. Each runs inside <see cref="Guard"/>: the memory limit
/// is lifted (an allocation failure here would longjmp over this frame) and any exception becomes
/// the pair (N.ERR, message) that the Lua wrapper raises at the policy's call site.
/// </summary>
internal sealed unsafe partial class LuaRunner
{
    private static readonly JsonSerializerOptions JsonOut = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly IntPtr ErrorSentinel = 1;

    private void PushNatives()
    {
        LuaApi.lua_createtable(_l, 0, 32);
        Native("log", &Log);
        Native("now", &Now);
        Native("json_encode", &JsonEncode);
        Native("json_decode", &JsonDecode);
        Native("toml_decode", &TomlDecode);
        Native("read_policy_file", &ReadPolicyFile);
        Native("resolve_read_path", &ResolveReadPath);
        Native("duration", &Duration);
        Native("registered", &Registered_);
        Native("budget_exhausted", &BudgetExhausted);
        Native("msg_id", &MessageId);
        Native("msg_sender", &MessageSender);
        Native("msg_recipient", &MessageRecipient);
        Native("msg_get_meta", &MessageGetMeta);
        Native("msg_set_meta", &MessageSetMeta);
        Native("msg_header", &MessageHeader);
        Native("msg_append_header", &MessageAppendHeader);
        Native("conn_get_meta", &ConnectionGetMeta);
        Native("conn_set_meta", &ConnectionSetMeta);
        Native("shaping_load", &ShapingLoad);
        Native("shaping_get", &ShapingGet);
        Native("dkim_signer", &DkimSignerNew);
        Native("msg_dkim_sign", &MessageDkimSign);
        Native("log_hook", &LogHookNew);

        LuaStrings.Push(_l, "ERR");
        LuaApi.lua_pushlightuserdata(_l, ErrorSentinel);
        LuaApi.lua_rawset(_l, -3);
        LuaStrings.Push(_l, "NULL");
        LuaApi.lua_pushlightuserdata(_l, LuaValues.NullSentinel);
        LuaApi.lua_rawset(_l, -3);
        LuaStrings.Push(_l, "grain");
        LuaApi.lua_pushinteger(_l, Grain);
        LuaApi.lua_rawset(_l, -3);
        LuaStrings.Push(_l, "budget_units");
        LuaApi.lua_pushinteger(_l, Math.Max(1, _context.Options.InstructionBudget / Grain));
        LuaApi.lua_rawset(_l, -3);
        LuaStrings.Push(_l, "events");
        LuaApi.lua_createtable(_l, 0, PolicyEvents.All.Count);
        foreach (var name in PolicyEvents.All)
        {
            LuaStrings.Push(_l, name);
            LuaApi.lua_pushboolean(_l, 1);
            LuaApi.lua_rawset(_l, -3);
        }
        LuaApi.lua_rawset(_l, -3);
    }

    private void Native(string name, delegate* unmanaged[Cdecl]<IntPtr, int> function)
    {
        LuaStrings.Push(_l, name);
        LuaApi.lua_pushlightuserdata(_l, GCHandle.ToIntPtr(_self));
        LuaApi.lua_pushcclosure(_l, function, 1);
        LuaApi.lua_rawset(_l, -3);
    }

    private static int Guard(IntPtr l, delegate*<LuaRunner, IntPtr, int> body)
    {
        LuaRunner? runner = null;
        var enforce = false;
        try
        {
            runner = (LuaRunner)GCHandle.FromIntPtr(LuaApi.lua_touserdata(l, LuaApi.UpvalueIndex(1))).Target!;
            enforce = runner._memory.Enforce;
            runner._memory.Enforce = false;
            return body(runner, l);
        }
        catch (Exception ex)
        {
            LuaApi.lua_pushlightuserdata(l, ErrorSentinel);
            LuaStrings.Push(l, ex.Message);
            return 2;
        }
        finally
        {
            if (runner is not null)
            {
                runner._memory.Enforce = enforce;
            }
        }
    }

    private static string ArgString(IntPtr l, int index, string what) =>
        LuaApi.lua_type(l, index) == LuaApi.TypeString
            ? LuaStrings.Read(l, index)
            : throw new ArgumentException($"{what} must be a string, got {LuaValues.TypeName(LuaApi.lua_type(l, index))}");

    private static long ArgInteger(IntPtr l, int index) =>
        LuaApi.lua_isinteger(l, index) != 0 ? LuaApi.lua_tointegerx(l, index, null) : -1;

    private static int PushString(IntPtr l, string? value)
    {
        if (value is null)
        {
            LuaApi.lua_pushnil(l);
        }
        else
        {
            LuaStrings.Push(l, value);
        }
        return 1;
    }

    // ---- logging, clock, data formats ------------------------------------------------------

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Log(IntPtr l) => Guard(l, &LogBody);

    private static int LogBody(LuaRunner r, IntPtr l)
    {
        var level = ArgInteger(l, 1);
        var text = LuaStrings.ReadOrNull(l, 2) ?? string.Empty;
        var source = LuaStrings.ReadOrNull(l, 3) ?? "?";
        var line = (int)ArgInteger(l, 4);
        var file = source.EndsWith(".lua", StringComparison.Ordinal) ? r._context.Snapshot.FullPath(source) : source;
        PolicyLog.Policy(r._context.Logger, level, file, line, text);
        return 0;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Now(IntPtr l) => Guard(l, &NowBody);

    private static int NowBody(LuaRunner r, IntPtr l)
    {
        var clock = r._context.Options.TimeProvider;
        LuaApi.lua_pushnumber(l, (double)clock.GetTimestamp() / clock.TimestampFrequency);
        return 1;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int JsonEncode(IntPtr l) => Guard(l, &JsonEncodeBody);

    private static int JsonEncodeBody(LuaRunner r, IntPtr l)
    {
        JsonNode? node;
        try
        {
            node = LuaValues.Read(l, 1, r._refArrayMt);
        }
        catch (LuaConversionException ex)
        {
            throw new ArgumentException("mta.json.encode: " + ex.Message);
        }
        return PushString(l, node is null ? "null" : node.ToJsonString(JsonOut));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int JsonDecode(IntPtr l) => Guard(l, &JsonDecodeBody);

    private static int JsonDecodeBody(LuaRunner r, IntPtr l)
    {
        var text = ArgString(l, 1, "mta.json.decode: the argument");
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"mta.json.decode: invalid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ex.Message.Split(" LineNumber")[0]}");
        }
        LuaValues.Push(l, node, r._refArrayMt);
        return 1;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int TomlDecode(IntPtr l) => Guard(l, &TomlDecodeBody);

    private static int TomlDecodeBody(LuaRunner r, IntPtr l)
    {
        var text = ArgString(l, 1, "mta.toml.decode: the argument");
        TomlDocument document;
        try
        {
            document = TomlParser.Parse(text);
        }
        catch (TomlException ex)
        {
            throw new ArgumentException($"mta.toml.decode: {ex.Message}");
        }
        TomlToLua.Push(l, document.Root, r._refArrayMt);
        return 1;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Duration(IntPtr l) => Guard(l, &DurationBody);

    private static int DurationBody(LuaRunner r, IntPtr l)
    {
        var what = LuaStrings.ReadOrNull(l, 2) ?? "duration";
        var node = LuaValues.Read(l, 1, r._refArrayMt);
        if (!DurationText.TryParse(node, out var duration))
        {
            throw new ArgumentException($"{what}: expected a number of seconds or a duration such as \"5m\" or \"1 hour\", got {OptionReader.Describe(node)}");
        }
        LuaApi.lua_pushnumber(l, duration.TotalSeconds);
        return 1;
    }

    // ---- files -------------------------------------------------------------------------------

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int ReadPolicyFile(IntPtr l) => Guard(l, &ReadPolicyFileBody);

    private static int ReadPolicyFileBody(LuaRunner r, IntPtr l)
    {
        var path = ArgString(l, 1, "the file name");
        if (!r._context.Snapshot.TryGetLua(path, out var relative, out var content, out var error))
        {
            if (error is not null)
            {
                throw new ArgumentException(error);
            }
            LuaApi.lua_pushnil(l);
            return 1;
        }
        LuaStrings.Push(l, relative);
        LuaStrings.Push(l, content);
        return 2;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int ResolveReadPath(IntPtr l) => Guard(l, &ResolveReadPathBody);

    private static int ResolveReadPathBody(LuaRunner r, IntPtr l)
    {
        var path = ArgString(l, 1, "the file name");
        return r._context.Snapshot.TryResolve(path, out var full, out var error)
            ? PushString(l, full)
            : throw new ArgumentException($"{error}: policy may only read files inside its directory");
    }

    // ---- registration and budget --------------------------------------------------------------

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Registered_(IntPtr l) => Guard(l, &RegisteredBody);

    private static int RegisteredBody(LuaRunner r, IntPtr l)
    {
        r._registered[ArgString(l, 1, "event")] = (LuaStrings.ReadOrNull(l, 2) ?? "?", (int)ArgInteger(l, 3));
        return 0;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int BudgetExhausted(IntPtr l) => Guard(l, &BudgetExhaustedBody);

    private static int BudgetExhaustedBody(LuaRunner r, IntPtr l)
    {
        var source = LuaStrings.ReadOrNull(l, 1) ?? string.Empty;
        var file = source.StartsWith('@') ? r._context.Snapshot.FullPath(source[1..]) : source;
        r._budgetExhaustedAt = (file, (int)ArgInteger(l, 2));
        return 0;
    }
}
