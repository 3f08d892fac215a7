using Akka.Mta.Toml;

namespace Akka.Mta.Policy.Interop;

/// <summary>
/// Pushes a parsed TOML document as Lua tables: tables keep their keys, arrays are marked
/// <c>mta.json.array</c> tables, dates and times become their TOML text (RFC 3339).
/// </summary>
internal static class TomlToLua
{
    public static void Push(IntPtr l, TomlNode node, int arrayMt, int depth = 0)
    {
        if (depth > LuaValues.MaxDepth || LuaApi.lua_checkstack(l, 3) == 0)
        {
            throw new LuaConversionException($"TOML value nested deeper than {LuaValues.MaxDepth} levels");
        }
        switch (node)
        {
            case TomlTable table:
                LuaApi.lua_createtable(l, 0, table.Count);
                foreach (var entry in table)
                {
                    LuaStrings.Push(l, entry.Key);
                    Push(l, entry.Value, arrayMt, depth + 1);
                    LuaApi.lua_rawset(l, -3);
                }
                break;
            case TomlArray array:
                LuaApi.lua_createtable(l, array.Count, 0);
                for (var i = 0; i < array.Count; i++)
                {
                    Push(l, array[i], arrayMt, depth + 1);
                    LuaApi.lua_rawseti(l, -2, i + 1);
                }
                LuaApi.lua_rawgeti(l, LuaApi.RegistryIndex, arrayMt);
                LuaApi.lua_setmetatable(l, -2);
                break;
            case TomlString s:
                LuaStrings.Push(l, s.Value);
                break;
            case TomlInteger i:
                LuaApi.lua_pushinteger(l, i.Value);
                break;
            case TomlFloat f:
                LuaApi.lua_pushnumber(l, f.Value);
                break;
            case TomlBoolean b:
                LuaApi.lua_pushboolean(l, b.Value ? 1 : 0);
                break;
            case TomlValue other:
                LuaStrings.Push(l, other.ToString()!);
                break;
            default:
                LuaApi.lua_pushnil(l);
                break;
        }
    }
}
