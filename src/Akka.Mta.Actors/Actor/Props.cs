namespace Akka.Mta.Actors;

/// <summary>How to create an actor: a factory for its instances (one per start and restart) and options.</summary>
public sealed class Props
{
    private readonly Func<ActorBase> _factory;

    private Props(Type type, Func<ActorBase> factory, SupervisorStrategy? supervisorStrategy)
    {
        Type = type;
        _factory = factory;
        SupervisorStrategy = supervisorStrategy;
    }

    /// <summary>The actor class.</summary>
    public Type Type { get; }

    /// <summary>Overrides the actor's own SupervisorStrategy() for its children when set.</summary>
    public SupervisorStrategy? SupervisorStrategy { get; }

    /// <summary><c>Props.Create(() => new MyActor(a, b))</c>: the factory runs for every start and restart.</summary>
    public static Props Create<TActor>(Func<TActor> factory) where TActor : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(typeof(TActor), factory, null);
    }

    public static Props Create<TActor>() where TActor : ActorBase, new() => new(typeof(TActor), static () => new TActor(), null);

    /// <summary>Creates <paramref name="type"/> through its constructor matching <paramref name="args"/>.</summary>
    public static Props Create(Type type, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!typeof(ActorBase).IsAssignableFrom(type) || type.IsAbstract)
        {
            throw new ArgumentException($"{type.FullName} is not a concrete actor type (it must derive from ActorBase).", nameof(type));
        }
        return new Props(type, () => (ActorBase)Activator.CreateInstance(type, args)!, null);
    }

    public Props WithSupervisorStrategy(SupervisorStrategy strategy) => new(Type, _factory, strategy);

    internal ActorBase NewActor() => _factory();

    public override string ToString() => $"Props({Type.Name})";
}
