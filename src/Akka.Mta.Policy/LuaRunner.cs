using System.Runtime.InteropServices;
using Akka.Mta.Policy.Interop;

namespace Akka.Mta.Policy;

/// <summary>
/// One Lua state with the prelude and the policy loaded. Not thread-safe: the host lends it to
/// one call at a time. Every entry into Lua is a <c>lua_pcall</c> with the memory limit enforced;
/// results are read with raw access and the stack is reset after each call.
/// </summary>
internal sealed unsafe partial class LuaRunner : IDisposable
{
    /// <summary>Instructions between two budget checks (the count hook's period).</summary>
    public const int Grain = 1000;

    private static readonly byte[] Prelude = ReadPrelude();

    private readonly EpochContext _context;
    private readonly LuaMemory _memory;
    private readonly Dictionary<string, (string File, int Line)> _registered = new(StringComparer.Ordinal);
    private IntPtr _l;
    private GCHandle _self;
    private int _refCall, _refCallMessage, _refCallConnection, _refArm, _refArrayMt;
    private (string File, int Line)? _budgetExhaustedAt;
    private long _objectId;
    private IPolicyMessage? _message;
    private IConnectionMeta? _connection;
    private readonly List<Shaping.IShapingModel> _shapingModels = [];

    private LuaRunner(EpochContext context)
    {
        _context = context;
        _memory = new LuaMemory(context.Options.MemoryLimitBytes);
    }

    /// <summary>Events the policy registered, with the file and line of each handler's definition.</summary>
    public IReadOnlyDictionary<string, (string File, int Line)> Registered => _registered;

    /// <summary>Bytes the state holds now.</summary>
    public long MemoryUsed => _memory.Used;

    /// <summary>Builds a state and runs the policy's entry file; throws <see cref="PolicyException"/> with file:line.</summary>
    public static LuaRunner Create(EpochContext context)
    {
        var runner = new LuaRunner(context);
        try
        {
            runner.Initialize();
            return runner;
        }
        catch
        {
            runner.Dispose();
            throw;
        }
    }

    private void Initialize()
    {
        _l = LuaApi.luaL_newstate();
        if (_l == IntPtr.Zero)
        {
            throw new InvalidOperationException("Lua: cannot create a state (out of memory)");
        }
        _self = GCHandle.Alloc(this);
        if (_context.Options.MemoryLimitBytes > 0)
        {
            var kb = LuaApi.lua_gc(_l, LuaApi.GcCount, 0);
            var bytes = LuaApi.lua_gc(_l, LuaApi.GcCountBytes, 0);
            _memory.Attach(_l, (kb * 1024L) + bytes);
        }
        LuaApi.luaL_openlibs(_l);

        fixed (byte* code = Prelude)
        fixed (byte* name = "=[mta]\0"u8)
        fixed (byte* mode = "t\0"u8)
        {
            if (LuaApi.luaL_loadbufferx(_l, code, (nuint)Prelude.Length, name, mode) != LuaApi.StatusOk)
            {
                throw new InvalidOperationException("Lua prelude does not compile: " + LuaStrings.ReadOrNull(_l, -1));
            }
        }
        PushNatives();
        if (LuaApi.PCall(_l, 1, 1) != LuaApi.StatusOk)
        {
            throw new InvalidOperationException("Lua prelude failed: " + LuaStrings.ReadOrNull(_l, -1));
        }
        _refCall = RefField("call");
        _refCallMessage = RefField("call_msg");
        _refCallConnection = RefField("call_conn");
        _refArm = RefField("arm");
        _refArrayMt = RefField("array_mt");
        var api = LuaApi.lua_absindex(_l, -1);

        LuaStrings.Push(_l, "load");
        LuaApi.lua_rawget(_l, api);
        LuaStrings.Push(_l, _context.Snapshot.Entry);
        LuaApi.lua_pushinteger(_l, Math.Max(1, _context.Options.LoadInstructionBudget / Grain));
        var outcome = Execute(PolicyEvents.Load, 2);
        LuaApi.lua_settop(_l, 0);
        if (outcome.Error is { } error)
        {
            throw new PolicyException(error);
        }
    }

    private int RefField(string name)
    {
        LuaStrings.Push(_l, name);
        LuaApi.lua_rawget(_l, -2);
        return LuaApi.luaL_ref(_l, LuaApi.RegistryIndex);
    }

    public void Dispose()
    {
        if (_l != IntPtr.Zero)
        {
            LuaApi.lua_close(_l);
            _l = IntPtr.Zero;
        }
        if (_self.IsAllocated)
        {
            _self.Free();
        }
        _memory.Dispose();
    }

    private static byte[] ReadPrelude()
    {
        using var stream = typeof(LuaRunner).Assembly.GetManifestResourceStream("Akka.Mta.Policy.Lua.prelude.lua")
            ?? throw new InvalidOperationException("embedded resource Akka.Mta.Policy.Lua.prelude.lua is missing");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
