using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Akka.Mta.Policy.Interop;

/// <summary>
/// The allocator of one Lua state: counts bytes and refuses growth past the limit while
/// <see cref="Enforce"/> is on. The host turns it on only around its protected calls into Lua
/// and off inside callbacks, so an allocation failure always surfaces as a Lua "not enough
/// memory" error inside a <c>lua_pcall</c>, never as a longjmp over managed frames or a panic.
/// </summary>
internal sealed unsafe class LuaMemory : IDisposable
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Counters
    {
        public long Used;
        public long Limit;
        public int Enforce;
    }

    private Counters* _counters;

    public LuaMemory(long limitBytes)
    {
        _counters = (Counters*)NativeMemory.AllocZeroed((nuint)sizeof(Counters));
        _counters->Limit = limitBytes <= 0 ? long.MaxValue : limitBytes;
    }

    /// <summary>Bytes allocated, when the counting allocator is attached.</summary>
    public long Used => _counters->Used;

    public long Limit => _counters->Limit;

    public bool Enforce
    {
        get => _counters->Enforce != 0;
        set => _counters->Enforce = value ? 1 : 0;
    }

    /// <summary>Installs the counting allocator on a state created by <c>luaL_newstate</c> (libc realloc/free, same heap).</summary>
    public void Attach(IntPtr l, long alreadyAllocated)
    {
        _counters->Used = alreadyAllocated;
        LuaApi.lua_setallocf(l, &Allocate, (IntPtr)_counters);
    }

    public void Dispose()
    {
        if (_counters != null)
        {
            NativeMemory.Free(_counters);
            _counters = null;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static IntPtr Allocate(IntPtr ud, IntPtr ptr, nuint osize, nuint nsize)
    {
        var counters = (Counters*)ud;
        var old = ptr == IntPtr.Zero ? 0L : (long)osize;
        if (nsize == 0)
        {
            NativeMemory.Free((void*)ptr);
            counters->Used -= old;
            return IntPtr.Zero;
        }
        var grow = (long)nsize - old;
        if (counters->Enforce != 0 && grow > 0 && counters->Used + grow > counters->Limit)
        {
            return IntPtr.Zero;
        }
        var result = (IntPtr)NativeMemory.Realloc((void*)ptr, nsize);
        if (result != IntPtr.Zero)
        {
            counters->Used += grow;
        }
        return result;
    }
}
