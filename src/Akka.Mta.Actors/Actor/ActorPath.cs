namespace Akka.Mta.Actors;

/// <summary>
/// The logical path of an actor: <c>akka://system/user/parent/child</c>. Equal paths may denote
/// different incarnations; compare <see cref="IActorRef"/>s to tell them apart.
/// </summary>
public sealed class ActorPath : IEquatable<ActorPath>
{
    private readonly string _text;

    private ActorPath(string systemName, ActorPath? parent, string name)
    {
        SystemName = systemName;
        Parent = parent;
        Name = name;
        _text = parent is null ? $"akka://{systemName}" : $"{parent._text}/{name}";
    }

    public string SystemName { get; }

    /// <summary>The parent path; null for the root.</summary>
    public ActorPath? Parent { get; }

    /// <summary>The last element ("" for the root).</summary>
    public string Name { get; }

    /// <summary>"akka://system" as Akka's address.</summary>
    public string Address => $"akka://{SystemName}";

    /// <summary>The path elements below the root, e.g. ["user", "a", "b"].</summary>
    public IReadOnlyList<string> Elements
    {
        get
        {
            var list = new List<string>();
            for (var p = this; p.Parent is not null; p = p.Parent)
            {
                list.Add(p.Name);
            }
            list.Reverse();
            return list;
        }
    }

    public static ActorPath Root(string systemName) => new(systemName, null, "");

    public ActorPath Child(string name) => new(SystemName, this, name);

    public static ActorPath operator /(ActorPath parent, string name) => parent.Child(name);

    /// <summary>"/user/a/b", the path without its address.</summary>
    public string ToStringWithoutAddress() => _text.Length == Address.Length ? "/" : _text[Address.Length..];

    public override string ToString() => _text;

    public bool Equals(ActorPath? other) => other is not null && other._text == _text;

    public override bool Equals(object? obj) => obj is ActorPath other && Equals(other);

    public override int GetHashCode() => _text.GetHashCode(StringComparison.Ordinal);

    /// <summary>Throws <see cref="InvalidActorNameException"/> unless <paramref name="name"/> is a valid child name.</summary>
    public static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new InvalidActorNameException("An actor name must not be empty.");
        }
        if (name[0] == '$')
        {
            throw new InvalidActorNameException($"Actor name \"{name}\" is invalid: names starting with '$' are reserved for generated names.");
        }
        foreach (var c in name)
        {
            if (c == '/' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                throw new InvalidActorNameException($"Actor name \"{name}\" is invalid: it contains '{(char.IsControl(c) ? $"\\u{(int)c:x4}" : c)}'.");
            }
        }
    }
}
