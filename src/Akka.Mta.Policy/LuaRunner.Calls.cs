using System.Text.Json.Nodes;
using Akka.Mta.Policy.Interop;

namespace Akka.Mta.Policy;

/// <summary>What one call into Lua gave: no handler, a result, a rejection or an error.</summary>
internal readonly record struct CallOutcome(bool Handled, JsonNode? Result = null, PolicyError? Error = null, (int Code, string Text)? Rejection = null)
{
    public static readonly CallOutcome NotHandled = new(false);
}

internal sealed partial class LuaRunner
{
    /// <summary>True when the state could not be restored after a failed call; the host drops it.</summary>
    public bool Broken { get; private set; }

    /// <summary>Calls <c>fn(args...)</c> for an event with string (or nil) arguments.</summary>
    public CallOutcome Call(string eventName, ReadOnlySpan<string?> args, bool readResult)
    {
        LuaApi.lua_rawgeti(_l, LuaApi.RegistryIndex, _refCall);
        LuaStrings.Push(_l, eventName);
        foreach (var arg in args)
        {
            if (arg is null)
            {
                LuaApi.lua_pushnil(_l);
            }
            else
            {
                LuaStrings.Push(_l, arg);
            }
        }
        return Execute(eventName, 1 + args.Length, readResult);
    }

    /// <summary>Calls <c>fn(msg)</c> with a message object bound to <paramref name="message"/> for this call only.</summary>
    public CallOutcome CallWithMessage(string eventName, IPolicyMessage message)
    {
        _message = message;
        LuaApi.lua_rawgeti(_l, LuaApi.RegistryIndex, _refCallMessage);
        LuaStrings.Push(_l, eventName);
        LuaApi.lua_pushinteger(_l, ++_objectId);
        return Execute(eventName, 2, readResult: false);
    }

    /// <summary>Calls <c>fn(value, conn_meta)</c> with a connection object bound for this call only.</summary>
    public CallOutcome CallWithConnection(string eventName, string value, IConnectionMeta connection)
    {
        _connection = connection;
        LuaApi.lua_rawgeti(_l, LuaApi.RegistryIndex, _refCallConnection);
        LuaStrings.Push(_l, eventName);
        LuaStrings.Push(_l, value);
        LuaApi.lua_pushinteger(_l, ++_objectId);
        return Execute(eventName, 3, readResult: false);
    }

    private CallOutcome Execute(string eventName, int nargs, bool readResult = false)
    {
        var baseTop = LuaApi.lua_gettop(_l) - nargs - 1;
        _budgetExhaustedAt = null;
        int status;
        _memory.Enforce = true;
        try
        {
            status = LuaApi.PCall(_l, nargs, LuaApi.MultipleReturns);
        }
        finally
        {
            _memory.Enforce = false;
        }
        try
        {
            if (_budgetExhaustedAt is { } at)
            {
                Rearm();
                var budget = eventName == PolicyEvents.Load ? _context.Options.LoadInstructionBudget : _context.Options.InstructionBudget;
                return Failed(eventName, at.File, at.Line, $"instruction budget exceeded ({budget} instructions); an endless loop?");
            }
            if (status != LuaApi.StatusOk)
            {
                return Failed(eventName, null, 0, ErrorText(status, LuaStrings.ReadOrNull(_l, -1)));
            }
            if (LuaApi.lua_gettop(_l) == baseTop)
            {
                return CallOutcome.NotHandled;
            }
            if (LuaApi.lua_toboolean(_l, baseTop + 1) == 0)
            {
                return ReadError(eventName, baseTop + 2);
            }
            if (!readResult)
            {
                return new CallOutcome(true);
            }
            try
            {
                return new CallOutcome(true, LuaValues.Read(_l, baseTop + 2, _refArrayMt, "returned value"));
            }
            catch (LuaConversionException ex)
            {
                var (file, line) = HandlerLocation(eventName);
                return Failed(eventName, file, line, ex.Message);
            }
        }
        finally
        {
            LuaApi.lua_settop(_l, baseTop);
            _message = null;
            _connection = null;
        }
    }

    /// <summary>The file and line where the event's handler is defined.</summary>
    public (string? File, int Line) HandlerLocation(string eventName) =>
        _registered.TryGetValue(eventName, out var at) ? (_context.Snapshot.FullPath(at.File), at.Line) : (null, 0);

    private string ErrorText(int status, string? message)
    {
        if (status == LuaApi.StatusMemory || message == "not enough memory")
        {
            LuaApi.lua_gc(_l, LuaApi.GcCollect, 0);
            return $"memory limit exceeded ({_context.Options.MemoryLimitBytes} bytes per Lua state)";
        }
        return message ?? $"Lua error (status {status})";
    }

    private CallOutcome ReadError(string eventName, int index)
    {
        if (LuaApi.lua_type(_l, index) != LuaApi.TypeTable)
        {
            return Failed(eventName, null, 0, ErrorText(LuaApi.StatusRuntime, LuaStrings.ReadOrNull(_l, index)));
        }
        var file = Field(index, "file");
        var line = (int)(FieldInteger(index, "line") ?? 0);
        var fullFile = file is null ? null : _context.Snapshot.FullPath(file);
        if (FieldInteger(index, "reject_code") is { } code)
        {
            var text = Field(index, "reject_text") ?? string.Empty;
            return eventName is PolicyEvents.SmtpServerEhlo or PolicyEvents.SmtpServerMailFrom or PolicyEvents.SmtpServerRcptTo
                or PolicyEvents.SmtpServerMessageReceived or PolicyEvents.HttpMessageGenerated
                ? new CallOutcome(true, Rejection: ((int)code, text))
                : Failed(eventName, fullFile, line, $"mta.reject({code}, \"{text}\") is not allowed in {eventName}");
        }
        var message = ErrorText(LuaApi.StatusRuntime, Field(index, "message"));
        return new CallOutcome(true, Error: new PolicyError(eventName, fullFile, line, message, Field(index, "traceback")));
    }

    private string? Field(int table, string key)
    {
        LuaStrings.Push(_l, key);
        LuaApi.lua_rawget(_l, table);
        var value = LuaApi.lua_type(_l, -1) == LuaApi.TypeString ? LuaStrings.Read(_l, -1) : null;
        LuaApi.Pop(_l, 1);
        return value;
    }

    private unsafe long? FieldInteger(int table, string key)
    {
        LuaStrings.Push(_l, key);
        LuaApi.lua_rawget(_l, table);
        long? value = LuaApi.lua_type(_l, -1) == LuaApi.TypeNumber ? LuaApi.lua_tointegerx(_l, -1, null) : null;
        LuaApi.Pop(_l, 1);
        return value;
    }

    private static CallOutcome Failed(string eventName, string? file, int line, string message) =>
        new(true, Error: new PolicyError(eventName, file, line, message));

    /// <summary>After a spent budget: drop the count-1 hook, then reinstall the normal one.</summary>
    private void Rearm()
    {
        LuaApi.lua_settop(_l, 0);
        LuaApi.lua_sethook(_l, IntPtr.Zero, 0, 0);
        LuaApi.lua_rawgeti(_l, LuaApi.RegistryIndex, _refArm);
        if (LuaApi.PCall(_l, 0, 0) != LuaApi.StatusOk)
        {
            Broken = true;
        }
        LuaApi.lua_settop(_l, 0);
        _budgetExhaustedAt = null;
    }
}
