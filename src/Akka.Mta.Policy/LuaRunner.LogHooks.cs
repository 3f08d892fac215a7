using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Akka.Mta.Policy.Interop;
using Akka.Mta.Policy.LogHooks;

namespace Akka.Mta.Policy;

/// <summary>
/// <c>mta.configure_log_hook{...}</c> (while the policy loads only) and the call of
/// <c>should_enqueue_log_record(record, hook_name)</c> with the record as a Lua table.
/// </summary>
internal sealed unsafe partial class LuaRunner
{
    private readonly Dictionary<string, (string? File, int Line)> _logHooks = new(StringComparer.Ordinal);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int LogHookNew(IntPtr l) => Guard(l, &LogHookNewBody);

    private static int LogHookNewBody(LuaRunner r, IntPtr l)
    {
        JsonNode? node;
        try
        {
            node = LuaValues.Read(l, 1, r._refArrayMt);
        }
        catch (LuaConversionException ex)
        {
            throw new ArgumentException($"{LogHookParams.Function}: {ex.Message}");
        }
        if (node is not JsonObject table)
        {
            table = node is JsonArray { Count: 0 } ? [] : throw new ArgumentException($"{LogHookParams.Function}: expects a table of options, got {Options.OptionReader.Describe(node)}");
        }
        var source = LuaStrings.ReadOrNull(l, 2);
        var file = source is null ? null : r._context.Snapshot.FullPath(source);
        var line = (int)ArgInteger(l, 3);
        var hook = LogHookParams.Parse(table, file, line);
        if (r._logHooks.TryGetValue(hook.Name, out var earlier))
        {
            throw new ArgumentException($"{LogHookParams.Function} '{hook.Name}': a hook of that name is already configured at {earlier.File}:{earlier.Line}");
        }
        r._logHooks[hook.Name] = (file, line);
        r._context.LogHooks.Add(hook);
        return 0;
    }

    /// <summary>Calls <c>fn(record, hook_name)</c>, the record pushed as a table.</summary>
    public CallOutcome CallWithRecord(string eventName, JsonObject record, string hookName)
    {
        LuaApi.lua_rawgeti(_l, LuaApi.RegistryIndex, _refCall);
        LuaStrings.Push(_l, eventName);
        LuaValues.Push(_l, record, _refArrayMt);
        LuaStrings.Push(_l, hookName);
        return Execute(eventName, 3, readResult: true);
    }
}
