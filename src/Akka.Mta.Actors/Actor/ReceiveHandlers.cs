using System.Runtime.CompilerServices;

namespace Akka.Mta.Actors;

/// <summary>
/// One registered handler of a <see cref="ReceiveActor"/> behaviour. The set only calls a handler
/// with a message of its type, so references are reinterpreted without a check and value types
/// unboxed (decided once per handler: in shared generic code a per-call decision costs a lookup).
/// </summary>
internal abstract class Handler(Type messageType)
{
    protected readonly bool Unbox = messageType.IsValueType;

    public Type MessageType { get; } = messageType;

    public abstract bool TryHandle(object message);
}

internal sealed class ActionHandler<T>(Action<T> handler, Predicate<T>? shouldHandle) : Handler(typeof(T))
{
    private readonly Action<T> _handler = handler;
    private readonly Predicate<T>? _shouldHandle = shouldHandle;

    public override bool TryHandle(object message)
    {
        var typed = Unbox ? (T)message : Unsafe.As<object, T>(ref message);
        if (_shouldHandle is not null && !_shouldHandle(typed))
        {
            return false;
        }
        _handler(typed);
        return true;
    }
}

internal sealed class FuncHandler<T>(Func<T, bool> handler) : Handler(typeof(T))
{
    private readonly Func<T, bool> _handler = handler;

    public override bool TryHandle(object message) => _handler(Unbox ? (T)message : Unsafe.As<object, T>(ref message));
}

internal sealed class AsyncHandler<T>(ReceiveActor owner, Func<T, Task> handler, Predicate<T>? shouldHandle) : Handler(typeof(T))
{
    private readonly ReceiveActor _owner = owner;
    private readonly Func<T, Task> _handler = handler;
    private readonly Predicate<T>? _shouldHandle = shouldHandle;

    public override bool TryHandle(object message)
    {
        var typed = Unbox ? (T)message : Unsafe.As<object, T>(ref message);
        if (_shouldHandle is not null && !_shouldHandle(typed))
        {
            return false;
        }
        _owner.RunAsyncHandler(() => _handler(typed));
        return true;
    }
}

/// <summary>
/// The handlers of one behaviour, in registration order, with a per-message-type cache of the
/// candidates so dispatch is one dictionary lookup (or none for a repeated type).
/// </summary>
internal sealed class HandlerSet
{
    private readonly List<Handler> _handlers = [];
    private readonly Dictionary<Type, Handler[]> _byType = [];
    private Type? _lastType;
    private Handler[] _lastCandidates = [];

    public void Add(Handler handler)
    {
        _handlers.Add(handler);
        _byType.Clear();
        _lastType = null;
    }

    public bool TryHandle(object message)
    {
        var type = message.GetType();
        var candidates = ReferenceEquals(type, _lastType) ? _lastCandidates : Lookup(type);
        for (var i = 0; i < candidates.Length; i++)
        {
            if (candidates[i].TryHandle(message))
            {
                return true;
            }
        }
        return false;
    }

    private Handler[] Lookup(Type type)
    {
        if (!_byType.TryGetValue(type, out var candidates))
        {
            candidates = _handlers.Where(h => h.MessageType.IsAssignableFrom(type)).ToArray();
            _byType[type] = candidates;
        }
        _lastType = type;
        _lastCandidates = candidates;
        return candidates;
    }
}
