using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Akka.Mta.Policy.Interop;

/// <summary>
/// The part of the Lua 5.4 C API the host uses, bound to KeraLua's native <c>lua54</c> library
/// with function pointers. Rule for every caller: no function here may raise a Lua error while a
/// managed frame sits between the raise and the protecting <c>lua_pcall</c> (a longjmp over
/// managed frames is undefined on Linux), so callbacks only push/read/rawset and never call
/// <c>lua_error</c>, metamethod-triggering accessors or unprotected calls.
/// </summary>
internal static unsafe partial class LuaApi
{
    private const string Library = "lua54";

    public const int RegistryIndex = -1000000 - 1000;
    public const int RidxMainThread = 1;
    public const int MultipleReturns = -1;

    public const int TypeNone = -1;
    public const int TypeNil = 0;
    public const int TypeBoolean = 1;
    public const int TypeLightUserData = 2;
    public const int TypeNumber = 3;
    public const int TypeString = 4;
    public const int TypeTable = 5;
    public const int TypeFunction = 6;

    public const int StatusOk = 0;
    public const int StatusYield = 1;
    public const int StatusRuntime = 2;
    public const int StatusSyntax = 3;
    public const int StatusMemory = 4;
    public const int StatusErrorHandler = 5;

    public const int GcCollect = 2;
    public const int GcCount = 3;
    public const int GcCountBytes = 4;

    public static int UpvalueIndex(int i) => RegistryIndex - i;

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial IntPtr luaL_newstate();

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void luaL_openlibs(IntPtr l);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void lua_close(IntPtr l);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void lua_setallocf(IntPtr l, delegate* unmanaged[Cdecl]<IntPtr, IntPtr, nuint, nuint, IntPtr> f, IntPtr ud);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int lua_gc(IntPtr l, int what, int data);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void lua_sethook(IntPtr l, IntPtr hook, int mask, int count);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int lua_gettop(IntPtr l);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void lua_settop(IntPtr l, int index);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int lua_checkstack(IntPtr l, int n);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int lua_absindex(IntPtr l, int index);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void lua_pushvalue(IntPtr l, int index);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int lua_type(IntPtr l, int index);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int lua_isinteger(IntPtr l, int index);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial long lua_tointegerx(IntPtr l, int index, int* isnum);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial double lua_tonumberx(IntPtr l, int index, int* isnum);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int lua_toboolean(IntPtr l, int index);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial byte* lua_tolstring(IntPtr l, int index, nuint* len);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial IntPtr lua_touserdata(IntPtr l, int index);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int lua_rawequal(IntPtr l, int a, int b);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial ulong lua_rawlen(IntPtr l, int index);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void lua_pushnil(IntPtr l);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void lua_pushnumber(IntPtr l, double n);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void lua_pushinteger(IntPtr l, long n);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial IntPtr lua_pushlstring(IntPtr l, byte* s, nuint len);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void lua_pushboolean(IntPtr l, int b);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void lua_pushlightuserdata(IntPtr l, IntPtr p);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void lua_pushcclosure(IntPtr l, delegate* unmanaged[Cdecl]<IntPtr, int> fn, int n);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void lua_createtable(IntPtr l, int narr, int nrec);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int lua_rawget(IntPtr l, int index);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int lua_rawgeti(IntPtr l, int index, long n);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void lua_rawset(IntPtr l, int index);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void lua_rawseti(IntPtr l, int index, long n);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int lua_getmetatable(IntPtr l, int index);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int lua_setmetatable(IntPtr l, int index);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int lua_next(IntPtr l, int index);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int lua_pcallk(IntPtr l, int nargs, int nresults, int errfunc, IntPtr ctx, IntPtr k);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int luaL_loadbufferx(IntPtr l, byte* buff, nuint size, byte* name, byte* mode);

    [LibraryImport(Library), UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int luaL_ref(IntPtr l, int t);

    public static void Pop(IntPtr l, int n) => lua_settop(l, -n - 1);

    public static int PCall(IntPtr l, int nargs, int nresults) => lua_pcallk(l, nargs, nresults, 0, IntPtr.Zero, IntPtr.Zero);
}
