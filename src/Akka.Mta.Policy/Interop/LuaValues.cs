using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Akka.Mta.Policy.Interop;

/// <summary>
/// Lua values to JSON and back, the one mapping used by <c>mta.json</c>, metadata and the tables
/// hooks return. Rules:
/// <list type="bullet">
/// <item>nil and <c>mta.json.null</c> are JSON null; inside decoded containers null is <c>mta.json.null</c>
/// (a nil would drop the key or end the array).</item>
/// <item>A table whose keys are exactly 1..n is an array; a table with string keys is an object; an
/// empty table is an object unless marked with <c>mta.json.array</c> (decoded arrays carry the mark,
/// so they round-trip). Mixed keys, gaps, and other key types are errors naming the path.</item>
/// <item>Integers stay integers; floats must be finite. Functions, userdata and threads are errors.</item>
/// </list>
/// Reads use raw access only (no metamethods), so reading never runs policy code.
/// </summary>
internal static class LuaValues
{
    public const int MaxDepth = 64;

    public static readonly IntPtr NullSentinel = IntPtr.Zero;

    /// <summary>Reads the value at <paramref name="index"/>; throws <see cref="LuaConversionException"/> naming the path.</summary>
    public static JsonNode? Read(IntPtr l, int index, int arrayMetatableRef, string path = "$") =>
        Read(l, LuaApi.lua_absindex(l, index), arrayMetatableRef, path, 0);

    private static JsonNode? Read(IntPtr l, int index, int arrayMt, string path, int depth)
    {
        index = LuaApi.lua_absindex(l, index);
        switch (LuaApi.lua_type(l, index))
        {
            case LuaApi.TypeNil:
            case LuaApi.TypeNone:
                return null;
            case LuaApi.TypeBoolean:
                return JsonValue.Create(LuaApi.lua_toboolean(l, index) != 0);
            case LuaApi.TypeNumber:
                return ReadNumber(l, index, path);
            case LuaApi.TypeString:
                if (!LuaStrings.IsValidUtf8(l, index))
                {
                    throw new LuaConversionException($"{path}: string is not valid UTF-8");
                }
                return JsonValue.Create(LuaStrings.Read(l, index));
            case LuaApi.TypeLightUserData when LuaApi.lua_touserdata(l, index) == NullSentinel:
                return null;
            case LuaApi.TypeTable:
                if (depth >= MaxDepth)
                {
                    throw new LuaConversionException($"{path}: nested deeper than {MaxDepth} levels (a table that contains itself?)");
                }
                return ReadTable(l, index, arrayMt, path, depth + 1);
            case var t:
                throw new LuaConversionException($"{path}: a {TypeName(t)} cannot be converted to JSON");
        }
    }

    private static unsafe JsonNode ReadNumber(IntPtr l, int index, string path)
    {
        if (LuaApi.lua_isinteger(l, index) != 0)
        {
            return JsonValue.Create(LuaApi.lua_tointegerx(l, index, null));
        }
        var d = LuaApi.lua_tonumberx(l, index, null);
        return double.IsFinite(d) ? JsonValue.Create(d) : throw new LuaConversionException($"{path}: {d.ToString(CultureInfo.InvariantCulture)} is not a finite number");
    }

    private static unsafe JsonNode ReadTable(IntPtr l, int index, int arrayMt, string path, int depth)
    {
        if (LuaApi.lua_checkstack(l, 4) == 0)
        {
            throw new LuaConversionException($"{path}: Lua stack exhausted");
        }
        long integers = 0, maxInteger = 0;
        var strings = 0;
        LuaApi.lua_pushnil(l);
        while (LuaApi.lua_next(l, index) != 0)
        {
            var keyType = LuaApi.lua_type(l, -2);
            if (keyType == LuaApi.TypeString)
            {
                strings++;
            }
            else if (keyType == LuaApi.TypeNumber && LuaApi.lua_isinteger(l, -2) != 0)
            {
                var k = LuaApi.lua_tointegerx(l, -2, null);
                if (k < 1)
                {
                    LuaApi.Pop(l, 2);
                    throw new LuaConversionException($"{path}: key {k} is not a valid array index (arrays start at 1)");
                }
                integers++;
                maxInteger = Math.Max(maxInteger, k);
            }
            else
            {
                LuaApi.Pop(l, 2);
                throw new LuaConversionException($"{path}: keys must be strings or array indexes, found a {TypeName(keyType)} key");
            }
            LuaApi.Pop(l, 1);
        }
        if (integers > 0 && strings > 0)
        {
            throw new LuaConversionException($"{path}: table mixes array items and named keys");
        }
        if (integers > 0 || (strings == 0 && HasArrayMark(l, index, arrayMt)))
        {
            if (maxInteger != integers)
            {
                throw new LuaConversionException($"{path}: array has gaps (holds {integers} items but index {maxInteger}); use mta.json.null for missing items");
            }
            var array = new JsonArray();
            for (long i = 1; i <= integers; i++)
            {
                LuaApi.lua_rawgeti(l, index, i);
                try
                {
                    array.Add(Read(l, -1, arrayMt, $"{path}[{i}]", depth));
                }
                finally
                {
                    LuaApi.Pop(l, 1);
                }
            }
            return array;
        }
        var entries = new List<KeyValuePair<string, JsonNode?>>(strings);
        LuaApi.lua_pushnil(l);
        while (LuaApi.lua_next(l, index) != 0)
        {
            var key = LuaStrings.Read(l, -2);
            try
            {
                entries.Add(new(key, Read(l, -1, arrayMt, $"{path}.{key}", depth)));
            }
            catch
            {
                LuaApi.Pop(l, 2);
                throw;
            }
            LuaApi.Pop(l, 1);
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var obj = new JsonObject();
        foreach (var (key, value) in entries)
        {
            obj.Add(key, value);
        }
        return obj;
    }

    private static bool HasArrayMark(IntPtr l, int index, int arrayMt)
    {
        if (LuaApi.lua_getmetatable(l, index) == 0)
        {
            return false;
        }
        LuaApi.lua_rawgeti(l, LuaApi.RegistryIndex, arrayMt);
        var marked = LuaApi.lua_rawequal(l, -1, -2) != 0;
        LuaApi.Pop(l, 2);
        return marked;
    }

    /// <summary>Pushes <paramref name="node"/>; a top-level null is nil, a nested one <c>mta.json.null</c>.</summary>
    public static void Push(IntPtr l, JsonNode? node, int arrayMetatableRef) => Push(l, node, arrayMetatableRef, nested: false, 0);

    private static void Push(IntPtr l, JsonNode? node, int arrayMt, bool nested, int depth)
    {
        if (depth > MaxDepth || LuaApi.lua_checkstack(l, 3) == 0)
        {
            throw new LuaConversionException($"JSON value nested deeper than {MaxDepth} levels");
        }
        switch (node)
        {
            case null:
                if (nested)
                {
                    LuaApi.lua_pushlightuserdata(l, NullSentinel);
                }
                else
                {
                    LuaApi.lua_pushnil(l);
                }
                break;
            case JsonObject obj:
                LuaApi.lua_createtable(l, 0, obj.Count);
                foreach (var (key, value) in obj)
                {
                    LuaStrings.Push(l, key);
                    Push(l, value, arrayMt, nested: true, depth + 1);
                    LuaApi.lua_rawset(l, -3);
                }
                break;
            case JsonArray array:
                LuaApi.lua_createtable(l, array.Count, 0);
                for (var i = 0; i < array.Count; i++)
                {
                    Push(l, array[i], arrayMt, nested: true, depth + 1);
                    LuaApi.lua_rawseti(l, -2, i + 1);
                }
                LuaApi.lua_rawgeti(l, LuaApi.RegistryIndex, arrayMt);
                LuaApi.lua_setmetatable(l, -2);
                break;
            case JsonValue value:
                PushScalar(l, value);
                break;
        }
    }

    private static void PushScalar(IntPtr l, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                LuaStrings.Push(l, value.GetValue<string>());
                break;
            case JsonValueKind.True:
                LuaApi.lua_pushboolean(l, 1);
                break;
            case JsonValueKind.False:
                LuaApi.lua_pushboolean(l, 0);
                break;
            case JsonValueKind.Number:
                var text = value.ToJsonString();
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                {
                    LuaApi.lua_pushinteger(l, integer);
                }
                else
                {
                    LuaApi.lua_pushnumber(l, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
                }
                break;
            default:
                LuaApi.lua_pushnil(l);
                break;
        }
    }

    public static string TypeName(int type) => type switch
    {
        LuaApi.TypeNil => "nil",
        LuaApi.TypeBoolean => "boolean",
        LuaApi.TypeLightUserData => "light userdata",
        LuaApi.TypeNumber => "number",
        LuaApi.TypeString => "string",
        LuaApi.TypeTable => "table",
        LuaApi.TypeFunction => "function",
        7 => "userdata",
        8 => "thread",
        _ => "value",
    };
}

/// <summary>A Lua value that has no JSON form, or JSON that has no Lua form.</summary>
internal sealed class LuaConversionException(string message) : Exception(message);
