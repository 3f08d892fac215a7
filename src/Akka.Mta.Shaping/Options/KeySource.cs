using Akka.Mta.Shaping.Diagnostics;
using Akka.Mta.Toml;

namespace Akka.Mta.Shaping.Options;

/// <summary>
/// Where a secret (a client certificate, a key, an SMTP AUTH password) comes from: a file path
/// (a plain string), inline data (<c>{key_data="..."}</c>) or a HashiCorp Vault entry
/// (<c>{vault_mount="secret", vault_path="smtp/relay"}</c>). <see cref="ToString"/> never shows the secret.
/// </summary>
public abstract record KeySource
{
    private protected KeySource()
    {
    }
}

/// <summary>The secret is the content of a file.</summary>
public sealed record FileKeySource(string Path) : KeySource
{
    public override string ToString() => Path;
}

/// <summary>The secret is given inline.</summary>
public sealed record DataKeySource(string Data) : KeySource
{
    public override string ToString() => "{key_data=<redacted>}";
}

/// <summary>The secret is read from HashiCorp Vault (address and token default to $VAULT_ADDR / $VAULT_TOKEN).</summary>
public sealed record VaultKeySource(string Mount, string Path, string? Address = null, string? Token = null, string? Key = null) : KeySource
{
    public override string ToString() => $"{{vault_mount={Mount}, vault_path={Path}}}";
}

/// <summary>The <see cref="KeySource"/> shapes.</summary>
public sealed class KeySourceOptionType : OptionType
{
    public static readonly KeySourceOptionType Instance = new();

    private static readonly string[] VaultKeys = ["vault_mount", "vault_path", "vault_address", "vault_token", "vault_key"];

    public override string Expected => "a file path, {key_data=\"...\"} or {vault_mount=\"...\", vault_path=\"...\"}";

    public override object? Read(TomlNode node, string keyPath, DiagnosticBag diagnostics)
    {
        switch (node)
        {
            case TomlString { Value.Length: > 0 } s:
                return new FileKeySource(s.Value);
            case TomlTable table when table.ContainsKey("key_data"):
                return ReadData(table, keyPath, diagnostics);
            case TomlTable table when table.ContainsKey("vault_mount") || table.ContainsKey("vault_path"):
                return ReadVault(table, keyPath, diagnostics);
            default:
                return Mismatch(node, keyPath, diagnostics);
        }
    }

    public override TomlNode Write(object value)
    {
        switch ((KeySource)value)
        {
            case FileKeySource f:
                return new TomlString(f.Path);
            case DataKeySource d:
                return new TomlTable(TomlTableKind.Inline) { { "key_data", d.Data } };
            case VaultKeySource v:
                var table = new TomlTable(TomlTableKind.Inline) { { "vault_mount", v.Mount }, { "vault_path", v.Path } };
                AddIfSet(table, "vault_address", v.Address);
                AddIfSet(table, "vault_token", v.Token);
                AddIfSet(table, "vault_key", v.Key);
                return table;
            default:
                throw new ArgumentException($"unknown key source {value}", nameof(value));
        }
    }

    private static void AddIfSet(TomlTable table, string key, string? value)
    {
        if (value is not null)
        {
            table.Add(key, value);
        }
    }

    private static DataKeySource? ReadData(TomlTable table, string keyPath, DiagnosticBag diagnostics)
    {
        var ok = OnlyKeys(table, ["key_data"], keyPath, diagnostics);
        var data = table["key_data"];
        if (data is not TomlString s)
        {
            diagnostics.Error(data.Position, KeyPath.Child(keyPath, "key_data"), $"expected a string, found {Describe(data)}");
            return null;
        }
        return ok ? new DataKeySource(s.Value) : null;
    }

    private static VaultKeySource? ReadVault(TomlTable table, string keyPath, DiagnosticBag diagnostics)
    {
        var ok = OnlyKeys(table, VaultKeys, keyPath, diagnostics);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in table)
        {
            if (entry.Value is TomlString { Value.Length: > 0 } s)
            {
                values[entry.Key] = s.Value;
            }
            else if (Array.IndexOf(VaultKeys, entry.Key) >= 0)
            {
                diagnostics.Error(entry.Value.Position, KeyPath.Child(keyPath, entry.Key), $"expected a non-empty string, found {Describe(entry.Value)}");
                ok = false;
            }
        }
        foreach (var required in (string[])["vault_mount", "vault_path"])
        {
            if (!values.ContainsKey(required) && !table.ContainsKey(required))
            {
                diagnostics.Error(table.Position, keyPath, $"a vault key source needs {required}");
                ok = false;
            }
        }
        return ok
            ? new VaultKeySource(values["vault_mount"], values["vault_path"], values.GetValueOrDefault("vault_address"),
                values.GetValueOrDefault("vault_token"), values.GetValueOrDefault("vault_key"))
            : null;
    }

    private static bool OnlyKeys(TomlTable table, string[] allowed, string keyPath, DiagnosticBag diagnostics)
    {
        var ok = true;
        foreach (var entry in table)
        {
            if (Array.IndexOf(allowed, entry.Key) < 0)
            {
                diagnostics.Error(entry.KeyPosition, KeyPath.Child(keyPath, entry.Key), $"unknown key in a key source (expected {string.Join(", ", allowed)})");
                ok = false;
            }
        }
        return ok;
    }
}
