using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Akka.Mta.Policy.Interop;

namespace Akka.Mta.Policy;

/// <summary>Natives behind <c>msg</c>, <c>conn_meta</c> and the shaping object.</summary>
internal sealed unsafe partial class LuaRunner
{
    private IPolicyMessage Message(IntPtr l, string method) =>
        _message is not null && ArgInteger(l, 1) == _objectId
            ? _message
            : throw new InvalidOperationException($"msg:{method}: this message object belongs to an event call that has finished");

    private IConnectionMeta Connection(IntPtr l, string method) =>
        _connection is not null && ArgInteger(l, 1) == _objectId
            ? _connection
            : throw new InvalidOperationException($"conn_meta:{method}: this connection object belongs to an event call that has finished");

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int MessageId(IntPtr l) => Guard(l, &MessageIdBody);

    private static int MessageIdBody(LuaRunner r, IntPtr l) => PushString(l, r.Message(l, "id").Id);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int MessageSender(IntPtr l) => Guard(l, &MessageSenderBody);

    private static int MessageSenderBody(LuaRunner r, IntPtr l) => PushString(l, r.Message(l, "sender").Sender);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int MessageRecipient(IntPtr l) => Guard(l, &MessageRecipientBody);

    private static int MessageRecipientBody(LuaRunner r, IntPtr l) => PushString(l, r.Message(l, "recipient").Recipient);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int MessageGetMeta(IntPtr l) => Guard(l, &MessageGetMetaBody);

    private static int MessageGetMetaBody(LuaRunner r, IntPtr l)
    {
        var message = r.Message(l, "get_meta");
        var key = ArgString(l, 2, "msg:get_meta: the key");
        if (message.TryGetMeta(key, out var value))
        {
            LuaValues.Push(l, value, r._refArrayMt);
        }
        else
        {
            LuaApi.lua_pushnil(l);
        }
        return 1;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int MessageSetMeta(IntPtr l) => Guard(l, &MessageSetMetaBody);

    private static int MessageSetMetaBody(LuaRunner r, IntPtr l)
    {
        var message = r.Message(l, "set_meta");
        var key = ArgString(l, 2, "msg:set_meta: the key");
        message.SetMeta(key, r.MetaValue(l, key, "msg:set_meta"));
        return 0;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int MessageHeader(IntPtr l) => Guard(l, &MessageHeaderBody);

    private static int MessageHeaderBody(LuaRunner r, IntPtr l)
    {
        var message = r.Message(l, "get_first_named_header_value");
        return PushString(l, message.GetFirstHeaderValue(ArgString(l, 2, "msg:get_first_named_header_value: the name")));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int MessageAppendHeader(IntPtr l) => Guard(l, &MessageAppendHeaderBody);

    private static int MessageAppendHeaderBody(LuaRunner r, IntPtr l)
    {
        var message = r.Message(l, "append_header");
        var name = ArgString(l, 2, "msg:append_header: the name");
        var value = ArgString(l, 3, "msg:append_header: the value");
        if (name.Length == 0 || name.Any(c => c is < '!' or > '~' or ':'))
        {
            throw new ArgumentException($"msg:append_header: \"{name}\" is not a header field name (printable ASCII without ':' or spaces)");
        }
        if (value.Contains('\r') || value.Contains('\n') || value.Contains('\0'))
        {
            throw new ArgumentException($"msg:append_header: the value of {name} contains a line break or NUL");
        }
        message.AppendHeader(name, value);
        return 0;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int ConnectionGetMeta(IntPtr l) => Guard(l, &ConnectionGetMetaBody);

    private static int ConnectionGetMetaBody(LuaRunner r, IntPtr l)
    {
        var connection = r.Connection(l, "get_meta");
        if (connection.TryGetMeta(ArgString(l, 2, "conn_meta:get_meta: the key"), out var value))
        {
            LuaValues.Push(l, value, r._refArrayMt);
        }
        else
        {
            LuaApi.lua_pushnil(l);
        }
        return 1;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int ConnectionSetMeta(IntPtr l) => Guard(l, &ConnectionSetMetaBody);

    private static int ConnectionSetMetaBody(LuaRunner r, IntPtr l)
    {
        var connection = r.Connection(l, "set_meta");
        var key = ArgString(l, 2, "conn_meta:set_meta: the key");
        connection.SetMeta(key, r.MetaValue(l, key, "conn_meta:set_meta"));
        return 0;
    }

    private JsonNode? MetaValue(IntPtr l, string key, string what)
    {
        JsonNode? value;
        try
        {
            value = LuaValues.Read(l, 3, _refArrayMt, key);
        }
        catch (LuaConversionException ex)
        {
            throw new ArgumentException($"{what}: {ex.Message}");
        }
        if (MetaKeys.IsStringKey(key) && value is not null && !(value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String))
        {
            throw new ArgumentException($"{what}: '{key}' must be a string, got {Options.OptionReader.Describe(value)}");
        }
        return value;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int ShapingLoad(IntPtr l) => Guard(l, &ShapingLoadBody);

    private static int ShapingLoadBody(LuaRunner r, IntPtr l)
    {
        var paths = new List<string>();
        var count = (long)LuaApi.lua_rawlen(l, 1);
        for (long i = 1; i <= count; i++)
        {
            LuaApi.lua_rawgeti(l, 1, i);
            var name = ArgString(l, -1, $"mta.shaping.load: file {i}");
            LuaApi.Pop(l, 1);
            paths.Add(Path.IsPathRooted(name) ? Path.GetFullPath(name) : r._context.Snapshot.FullPath(name));
        }
        if (paths.Count == 0)
        {
            throw new ArgumentException("mta.shaping.load: expects a list of one or more file names");
        }
        var model = r._context.LoadShaping(paths);
        r._shapingModels.Add(model);
        LuaApi.lua_pushinteger(l, r._shapingModels.Count);
        return 1;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int ShapingGet(IntPtr l) => Guard(l, &ShapingGetBody);

    private static int ShapingGetBody(LuaRunner r, IntPtr l)
    {
        var handle = ArgInteger(l, 1);
        if (handle < 1 || handle > r._shapingModels.Count)
        {
            throw new ArgumentException("shaping:get_egress_path_config: not a loaded shaping object");
        }
        var domain = ArgString(l, 2, "shaping:get_egress_path_config: domain");
        var source = ArgString(l, 3, "shaping:get_egress_path_config: source");
        var site = ArgString(l, 4, "shaping:get_egress_path_config: site");
        LuaValues.Push(l, r._shapingModels[(int)handle - 1].GetEgressPathConfig(domain, source, site), r._refArrayMt);
        return 1;
    }
}
