using System.Runtime.CompilerServices;

namespace Akka.Mta.Actors;

/// <summary>One registered handler of a <see cref="ReceiveActor"/> behaviour.</summary>
internal abstract class Handler
{
    // Decided once here: in shared generic code typeof(T).IsValueType is a runtime call per message.
    private readonly bool _unbox;

    protected Handler(Type messageType) => _unbox = messageType.IsValueType;

    /// <summary>The message is known to be a T (the set matched its type): unbox value types, no check for references.</summary>
    protected T Cast<T>(object message) => _unbox ? (T)message : Unsafe.As<object, T>(ref message);

    public abstract Type MessageType { get; }

    public abstract bool TryHandle(object message);
}

internal sealed class ActionHandler<T>(Action<T> handler, Predicate<T>? shouldHandle) : Handler(typeof(T))
{
    public override Type MessageType => typeof(T);

    public override bool TryHandle(object message)
    {
        var typed = Cast<T>(message);
        if (shouldHandle is not null && !shouldHandle(typed))
        {
            return false;
        }
        handler(typed);
        return true;
    }
}

internal sealed class FuncHandler<T>(Func<T, bool> handler) : Handler(typeof(T))
{
    public override Type MessageType => typeof(T);

    public override bool TryHandle(object message) => handler(Cast<T>(message));
}

internal sealed class AsyncHandler<T>(ReceiveActor owner, Func<T, Task> handler, Predicate<T>? shouldHandle) : Handler(typeof(T))
{
    public override Type MessageType => typeof(T);

    public override bool TryHandle(object message)
    {
        var typed = Cast<T>(message);
        if (shouldHandle is not null && !shouldHandle(typed))
        {
            return false;
        }
        owner.RunAsyncHandler(() => handler(typed));
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
        Handler[] candidates;
        if (ReferenceEquals(type, _lastType))
        {
            candidates = _lastCandidates;
        }
        else
        {
            if (!_byType.TryGetValue(type, out candidates!))
            {
                candidates = _handlers.Where(h => h.MessageType.IsAssignableFrom(type)).ToArray();
                _byType[type] = candidates;
            }
            _lastType = type;
            _lastCandidates = candidates;
        }
        foreach (var handler in candidates)
        {
            if (handler.TryHandle(message))
            {
                return true;
            }
        }
        return false;
    }
}
