using System.Buffers;
using System.Text;

namespace Akka.Mta.Policy.Interop;

/// <summary>UTF-8 strings across the Lua boundary.</summary>
internal static unsafe class LuaStrings
{
    public static void Push(IntPtr l, string value)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max <= 512)
        {
            Span<byte> buffer = stackalloc byte[max];
            var n = Encoding.UTF8.GetBytes(value, buffer);
            fixed (byte* p = buffer)
            {
                LuaApi.lua_pushlstring(l, p, (nuint)n);
            }
            return;
        }
        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var n = Encoding.UTF8.GetBytes(value, rented);
            fixed (byte* p = rented)
            {
                LuaApi.lua_pushlstring(l, p, (nuint)n);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static void Push(IntPtr l, ReadOnlySpan<byte> utf8)
    {
        fixed (byte* p = utf8)
        {
            LuaApi.lua_pushlstring(l, p, (nuint)utf8.Length);
        }
    }

    /// <summary>
    /// The string at <paramref name="index"/> (invalid UTF-8 becomes U+FFFD; callers that must refuse it
    /// check <see cref="IsValidUtf8"/> first); only call it when the value's type is string.
    /// </summary>
    public static string Read(IntPtr l, int index)
    {
        nuint len;
        var p = LuaApi.lua_tolstring(l, index, &len);
        return p == null ? string.Empty : Encoding.UTF8.GetString(p, (int)len);
    }

    /// <summary>The string at <paramref name="index"/>, or null when the value is not a string.</summary>
    public static string? ReadOrNull(IntPtr l, int index) =>
        LuaApi.lua_type(l, index) == LuaApi.TypeString ? Read(l, index) : null;

    public static bool IsValidUtf8(IntPtr l, int index)
    {
        nuint len;
        var p = LuaApi.lua_tolstring(l, index, &len);
        return p == null || System.Text.Unicode.Utf8.IsValid(new ReadOnlySpan<byte>(p, (int)len));
    }
}
