using Akka.Mta.Shaping.Diagnostics;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Options;

/// <summary>How a scheduled queue's messages leave the MTA (KumoMTA's <c>protocol</c> queue option).</summary>
public abstract record QueueProtocol;

/// <summary>One entry of an explicit <c>mx_list</c>: a host name, <c>[ip]</c> or <c>host:port</c>, or a name with a fixed address.</summary>
public sealed record MxListEntry(string Name, string? Address = null)
{
    public override string ToString() => Address is null ? Name : $"{Name}={Address}";
}

/// <summary>SMTP to the domain's MX hosts, or to <see cref="MxList"/> when given.</summary>
public sealed record SmtpProtocol(IReadOnlyList<MxListEntry>? MxList = null, bool TreatMxListAsSecure = false) : QueueProtocol
{
    public static readonly SmtpProtocol Default = new();
}

/// <summary>Write messages into a maildir.</summary>
public sealed record MaildirProtocol(string Path, int? DirMode, int? FileMode) : QueueProtocol;

/// <summary>Deliver through a Lua constructor registered by the policy.</summary>
public sealed record CustomLuaProtocol(string Constructor) : QueueProtocol;

/// <summary>Transfer messages to another node.</summary>
public sealed record XferProtocol(string Target) : QueueProtocol;

/// <summary>The unit protocols: <c>"HttpInjectionGenerator"</c>, <c>"DeferredSmtpInjection"</c>, <c>"Null"</c>.</summary>
public sealed record NamedProtocol(string Name) : QueueProtocol
{
    public static readonly IReadOnlyList<string> Names = ["HttpInjectionGenerator", "DeferredSmtpInjection", "Null"];
}

/// <summary>The <c>protocol</c> shapes, checked.</summary>
public sealed class QueueProtocolOptionType : OptionType
{
    public static readonly QueueProtocolOptionType Instance = new();

    public override string Expected =>
        "{smtp={mx_list=[...]}}, {maildir_path=\"...\"}, {custom_lua={constructor=\"...\"}}, {xfer={target=\"...\"}}, \"HttpInjectionGenerator\", \"DeferredSmtpInjection\" or \"Null\"";

    public override object? Read(TomlNode node, string keyPath, DiagnosticBag diagnostics)
    {
        switch (node)
        {
            case TomlString s when NamedProtocol.Names.Contains(s.Value):
                return new NamedProtocol(s.Value);
            case TomlTable table when table.ContainsKey("smtp"):
                return Only(table, ["smtp"], keyPath, diagnostics) ? ReadSmtp(table["smtp"], KeyPath.Child(keyPath, "smtp"), diagnostics) : null;
            case TomlTable table when table.ContainsKey("maildir_path"):
                return ReadMaildir(table, keyPath, diagnostics);
            case TomlTable table when table.ContainsKey("custom_lua"):
                return Only(table, ["custom_lua"], keyPath, diagnostics)
                    && Field(table["custom_lua"], "constructor", KeyPath.Child(keyPath, "custom_lua"), diagnostics) is { } constructor
                    ? new CustomLuaProtocol(constructor)
                    : null;
            case TomlTable table when table.ContainsKey("xfer"):
                return Only(table, ["xfer"], keyPath, diagnostics)
                    && Field(table["xfer"], "target", KeyPath.Child(keyPath, "xfer"), diagnostics) is { } target
                    ? new XferProtocol(target)
                    : null;
            default:
                return Mismatch(node, keyPath, diagnostics);
        }
    }

    public override TomlNode Write(object value)
    {
        var table = new TomlTable(TomlTableKind.Inline);
        switch ((QueueProtocol)value)
        {
            case NamedProtocol named:
                return new TomlString(named.Name);
            case SmtpProtocol smtp:
                var inner = new TomlTable(TomlTableKind.Inline);
                if (smtp.MxList is { } list)
                {
                    var array = new TomlArray();
                    foreach (var entry in list)
                    {
                        array.Add(entry.Address is null
                            ? new TomlString(entry.Name)
                            : new TomlTable(TomlTableKind.Inline) { { "name", entry.Name }, { "addr", entry.Address } });
                    }
                    inner.Add("mx_list", array);
                }
                if (smtp.TreatMxListAsSecure)
                {
                    inner.Add("treat_mx_list_as_secure", true);
                }
                table.Add("smtp", inner);
                return table;
            case MaildirProtocol maildir:
                table.Add("maildir_path", maildir.Path);
                if (maildir.DirMode is { } dirMode)
                {
                    table.Add("dir_mode", dirMode);
                }
                if (maildir.FileMode is { } fileMode)
                {
                    table.Add("file_mode", fileMode);
                }
                return table;
            case CustomLuaProtocol lua:
                table.Add("custom_lua", new TomlTable(TomlTableKind.Inline) { { "constructor", lua.Constructor } });
                return table;
            case XferProtocol xfer:
                table.Add("xfer", new TomlTable(TomlTableKind.Inline) { { "target", xfer.Target } });
                return table;
            default:
                throw new ArgumentException($"unknown protocol {value}", nameof(value));
        }
    }

    private static SmtpProtocol? ReadSmtp(TomlNode node, string keyPath, DiagnosticBag diagnostics)
    {
        if (node is not TomlTable table)
        {
            diagnostics.Error(node.Position, keyPath, $"expected {{mx_list=[...], treat_mx_list_as_secure=false}}, found {Describe(node)}");
            return null;
        }
        var ok = Only(table, ["mx_list", "treat_mx_list_as_secure"], keyPath, diagnostics);
        var secure = false;
        if (table.TryGetValue("treat_mx_list_as_secure", out var secureNode))
        {
            if (BoolOptionType.Instance.Read(secureNode, KeyPath.Child(keyPath, "treat_mx_list_as_secure"), diagnostics) is bool b)
            {
                secure = b;
            }
            else
            {
                ok = false;
            }
        }
        List<MxListEntry>? list = null;
        if (table.TryGetValue("mx_list", out var listNode))
        {
            list = ReadMxList(listNode, KeyPath.Child(keyPath, "mx_list"), diagnostics);
            ok &= list is not null;
        }
        return ok ? new SmtpProtocol(list, secure) : null;
    }

    private static List<MxListEntry>? ReadMxList(TomlNode node, string keyPath, DiagnosticBag diagnostics)
    {
        if (node is not TomlArray { Count: > 0 } array)
        {
            diagnostics.Error(node.Position, keyPath, $"expected a non-empty list of hosts, found {Describe(node)}");
            return null;
        }
        var result = new List<MxListEntry>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var path = KeyPath.Index(keyPath, i);
            switch (array[i])
            {
                case TomlString { Value.Length: > 0 } s:
                    result.Add(new MxListEntry(s.Value));
                    break;
                case TomlTable entry when Only(entry, ["name", "addr"], path, diagnostics)
                    && Field(entry, "name", path, diagnostics) is { } name && Field(entry, "addr", path, diagnostics) is { } addr:
                    result.Add(new MxListEntry(name, addr));
                    break;
                case TomlTable:
                    break;
                default:
                    diagnostics.Error(array[i].Position, path, $"expected a host name, \"[ip]\", \"host:port\" or {{name=\"...\", addr=\"ip\"}}, found {Describe(array[i])}");
                    break;
            }
        }
        return result.Count == array.Count ? result : null;
    }

    private static MaildirProtocol? ReadMaildir(TomlTable table, string keyPath, DiagnosticBag diagnostics)
    {
        var ok = Only(table, ["maildir_path", "dir_mode", "file_mode"], keyPath, diagnostics);
        var path = Field(table, "maildir_path", keyPath, diagnostics);
        int? Mode(string key)
        {
            if (!table.TryGetValue(key, out var node))
            {
                return null;
            }
            if (node is TomlInteger { Value: >= 0 and <= 0xFFF } n)
            {
                return (int)n.Value;
            }
            diagnostics.Error(node.Position, KeyPath.Child(keyPath, key), $"expected a file mode such as 0o755, found {Describe(node)}");
            ok = false;
            return null;
        }
        var dirMode = Mode("dir_mode");
        var fileMode = Mode("file_mode");
        return ok && path is not null ? new MaildirProtocol(path, dirMode, fileMode) : null;
    }

    private static string? Field(TomlNode node, string key, string keyPath, DiagnosticBag diagnostics)
    {
        if (node is not TomlTable table)
        {
            diagnostics.Error(node.Position, keyPath, $"expected a table with {key}, found {Describe(node)}");
            return null;
        }
        if (!table.TryGetValue(key, out var value))
        {
            diagnostics.Error(node.Position, keyPath, $"{key} is required");
            return null;
        }
        if (value is TomlString { Value.Length: > 0 } s)
        {
            return s.Value;
        }
        diagnostics.Error(value.Position, KeyPath.Child(keyPath, key), $"expected a non-empty string, found {Describe(value)}");
        return null;
    }

    private static bool Only(TomlTable table, string[] allowed, string keyPath, DiagnosticBag diagnostics)
    {
        var ok = true;
        foreach (var entry in table)
        {
            if (Array.IndexOf(allowed, entry.Key) < 0)
            {
                diagnostics.Error(entry.KeyPosition, KeyPath.Child(keyPath, entry.Key), $"unknown key (expected {string.Join(", ", allowed)})");
                ok = false;
            }
        }
        return ok;
    }
}
